"""Fixtures for the interop tests: a CLI runner and the user's bank folder.

The notes file and the real Anki exports are in ``tests/fixtures/`` (see its README)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from quizapp.cli import main


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(home: Path, capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run ``quizapp ARGS`` in-process with QUIZAPP_HOME in tmp_path; stdin is not a terminal
    unless a test replaces it."""

    def run(*args: str | Path) -> Result:
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def banks(home: Path) -> Path:
    """$QUIZAPP_HOME/banks (created)."""
    path = home / "banks"
    path.mkdir(parents=True, exist_ok=True)
    return path
