"""Fixtures of the interview-plan tests: UTC local time, banks of plain flashcards."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from quizapp.bank.loader import Library, load_library


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Study days start at 04:00 local time: make local time UTC so the days are fixed."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def flash_library(tmp_path: Path) -> Callable[..., Library]:
    """A library of ``{deck: count}`` plain flashcards, one bank file per deck."""

    def make(decks: dict[str, int]) -> Library:
        paths = []
        for deck, count in decks.items():
            lines = ["format: 1", f"deck: {{id: {deck}}}", "cards:"]
            lines += [
                f"  - {{id: {deck}.c{i:03d}, kind: flashcard, front: Q{i}, back: A{i}}}"
                for i in range(count)
            ]
            path = tmp_path / f"{deck}.yaml"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            paths.append(path)
        return load_library(paths, include_builtin=False, include_user=False)

    return make
