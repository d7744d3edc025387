"""Fixtures for the TUI tests: a bank with one card of every kind, an app factory on a real
SQLite file in a temporary QUIZAPP_HOME, a fixed clock and seed, and helpers to wait for the
app's workers."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from quizapp.store import Store
from quizapp.tui.app import QuizApp
from tests.tui.helpers import TUI_BANK


@pytest.fixture(autouse=True)
def utc_local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC, so study days and dates on screen do not depend on the machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def tui_bank(tmp_path: Path) -> Path:
    path = tmp_path / "tui-bank.yaml"
    path.write_text(TUI_BANK, encoding="utf-8")
    return path


@pytest.fixture
def db_url(home: Path) -> str:
    return f"sqlite:///{home / 'quizapp.db'}"


@pytest.fixture
def make_app(home: Path, clock: Any, tui_bank: Path) -> Callable[..., QuizApp]:
    """An app on the test bank only (no built-ins), the database in the temp home, a fixed
    clock and seed. Keyword arguments override the defaults."""

    def make(**kwargs: Any) -> QuizApp:
        kwargs.setdefault("banks", [tui_bank])
        kwargs.setdefault("include_builtin", False)
        kwargs.setdefault("clock", clock)
        kwargs.setdefault("seed", 7)
        return QuizApp(**kwargs)

    return make


@pytest.fixture
def db(db_url: str) -> Iterator[Store]:
    """A second connection to the app's database file, to check what was committed."""
    store = Store.open(db_url)
    yield store
    store.close()
