"""The entrances of the app take any input without a traceback: bad options are refused with the
valid choices, and arbitrary text (Hypothesis) reaches the bank loader, the importers and the
number parser with no exception but the app's own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from quizapp.bank.model import KINDS
from quizapp.cli import main


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """``quizapp ARGS`` in-process: (exit status, stdout, stderr)."""

    def run(*args: str | Path) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.mark.parametrize("kind", ["bogus", "Drill", ""])
def test_study_refuses_an_unknown_kind_with_the_valid_ones(
    cli: Callable[..., tuple[int, str, str]], kind: str
) -> None:
    code, _, err = cli("study", "--plain", "--kind", kind)
    assert code == 2 and "Traceback" not in err
    assert f"argument --kind: invalid choice: '{kind}'" in err
    assert all(f"'{k}'" in err for k in KINDS)


@pytest.mark.parametrize(
    ("limit", "why"),
    [
        ("-5", "must be at least 1, not -5"),
        ("0", "must be at least 1, not 0"),
        ("ten", "not a whole number: 'ten'"),
    ],
)
def test_study_refuses_a_limit_that_is_not_a_positive_number(
    cli: Callable[..., tuple[int, str, str]], limit: str, why: str
) -> None:
    code, _, err = cli("study", "--plain", f"--limit={limit}")
    assert code == 2 and f"argument --limit: {why}" in err
