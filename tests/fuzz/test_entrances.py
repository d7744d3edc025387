"""The entrances of the app take any input without a traceback: bad options are refused with the
valid choices, and arbitrary text (Hypothesis) reaches the bank loader, the importers and the
number parser with no exception but the app's own."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.bank.loader import load_file
from quizapp.bank.model import KINDS
from quizapp.bank.problems import Problem
from quizapp.cli import main
from quizapp.grading import numbers, numeric, verdict
from quizapp.interop import csvfile, importing, notes
from quizapp.interop.candidates import InteropError
from tests.conftest import SMALL_BANK


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


# --- arbitrary text at every entrance (Hypothesis) ------------------------------------------

FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Text with the characters that matter to YAML, CSV, Markdown and numbers, and the rest.
_SPECIAL = "\n\t\r:-#{}[],'\"|>&*!%@`$\\=+;^()/.eE0123456789 \x00\x1b\u2212\u00b2\ufeff中文"
ANY_TEXT = st.one_of(
    st.text(max_size=400),
    st.text(alphabet=st.sampled_from(_SPECIAL), max_size=300),
)


@st.composite
def mutated_bank(draw: st.DrawFn) -> str:
    """SMALL_BANK with some lines dropped, repeated or replaced by arbitrary text: inputs that
    get past the YAML parser into the schema, the checks and the card builders."""
    lines = SMALL_BANK.splitlines()
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "repeat", "replace", "append"]))
        if action == "drop" and len(lines) > 1:
            del lines[at]
        elif action == "repeat":
            lines.insert(at, lines[at])
        elif action == "replace":
            indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
            lines[at] = indent + draw(ANY_TEXT).replace("\n", " ")
        else:
            lines[at] += draw(ANY_TEXT).replace("\n", " ")
    return "\n".join(lines) + "\n"


def _scratch(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    return tmp_path_factory.mktemp("fuzz") / name


@FUZZ
@given(text=st.one_of(ANY_TEXT, mutated_bank()))
def test_the_bank_loader_reports_problems_and_never_raises(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    path = _scratch(tmp_path_factory, "bank.yaml")
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    deck, cards, problems = load_file(path)
    assert deck is not None or cards == []
    assert all(isinstance(p, Problem) and str(p).startswith(str(path)) for p in problems)


@settings(FUZZ, max_examples=60)
@given(text=st.one_of(ANY_TEXT, mutated_bank()), raw=st.binary(max_size=200))
def test_validate_answers_0_or_1_on_any_file(
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    text: str,
    raw: bytes,
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "text.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    (folder / "bytes.yaml").write_bytes(raw)
    for name in ("text.yaml", "bytes.yaml"):
        try:
            code = main(["validate", str(folder / name)])
        except SystemExit as exc:
            code = int(exc.code or 0)
        assert code in (0, 1)
    assert "Traceback" not in capsys.readouterr().err


@FUZZ
@given(text=ANY_TEXT)
def test_the_csv_and_notes_readers_raise_only_interop_errors(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    path = _scratch(tmp_path_factory, "source.txt")
    for parse in (csvfile.parse_csv, notes.parse_notes):
        try:
            parsed = parse(path, text)
        except InteropError as exc:
            assert str(exc) and "\n" not in str(exc).strip()
        else:
            assert isinstance(parsed.candidates, list)


@settings(FUZZ, max_examples=300)
@given(raw=st.binary(max_size=600), fmt=st.sampled_from([None, "notes", "csv", "apkg"]))
def test_reading_any_bytes_as_an_import_source_raises_only_interop_errors(
    tmp_path_factory: pytest.TempPathFactory, raw: bytes, fmt: str | None
) -> None:
    path = _scratch(tmp_path_factory, "source.csv")
    path.write_bytes(raw)
    try:
        importing.read_source(path, fmt)
    except InteropError as exc:
        assert str(exc)


_NUMBERISH = st.text(alphabet=st.sampled_from("0123456789.,;-+−eE^*/()[] ²³⁻√%πinfa"), max_size=60)


@FUZZ
@given(text=st.one_of(ANY_TEXT, _NUMBERISH))
def test_the_number_parser_returns_finite_numbers_or_says_why_not(text: str) -> None:
    try:
        value = numbers.parse_answer(text)
    except verdict.AnswerError as exc:
        assert exc.args  # a message for the user
        return
    values = value if isinstance(value, list) else [value]
    assert values and all(isinstance(v, float) and math.isfinite(v) for v in values)


NUMERIC_BANK = """\
format: 1
deck: {id: n, name: {en: Numbers}}
cards:
  - id: n.mse
    kind: numeric
    question: {en: "MSE of y = {y_true} and ŷ = {y_pred}?"}
    inputs:
      y_true: {type: vector, size: 3, low: -2, high: 2, decimals: 1}
      y_pred: {type: vector, size: 3, low: -2, high: 2, decimals: 1}
    answer: {solver: losses.mse, args: {y_true: y_true, y_pred: y_pred}}
  - id: n.residuals
    kind: numeric
    question: {en: "Residuals ŷ − y for y = {y_true}, ŷ = {y_pred}?"}
    inputs:
      y_true: {type: vector, size: 3, low: -2, high: 2, decimals: 1}
      y_pred: {type: vector, size: 3, low: -2, high: 2, decimals: 1}
    answer: {solver: losses.residuals, args: {y_true: y_true, y_pred: y_pred}}
"""


@cache
def _numeric_instances() -> tuple[Any, ...]:
    """A one-number and a three-number instance of small numeric cards."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "n.yaml"
        path.write_text(NUMERIC_BANK, encoding="utf-8")
        _, cards, problems = load_file(path)
    assert problems == [] and len(cards) == 2
    return tuple(numeric.instantiate(card, 1) for card in cards)


@FUZZ
@given(text=st.one_of(ANY_TEXT, _NUMBERISH))
def test_checking_a_numeric_answer_gives_a_verdict_or_an_answer_error(text: str) -> None:
    for instance in _numeric_instances():
        try:
            result = numeric.check(instance, text)
        except verdict.AnswerError:
            continue
        assert isinstance(result.correct, bool)


# --- random bytes on the line-mode session -------------------------------------------------

_KEYS = [b"1", b"2", b"3", b"4", b"a", b"b", b":undo", b":skip", b":q", b":hint", b"0.5, 1"]
STDIN = st.lists(st.one_of(st.sampled_from(_KEYS), st.binary(max_size=40)), max_size=60).map(
    lambda parts: b"\n".join(parts)[:4096]
)


@settings(FUZZ, max_examples=10)
@given(stdin=STDIN)
def test_study_plain_survives_random_bytes(
    tmp_path_factory: pytest.TempPathFactory, stdin: bytes
) -> None:
    home = tmp_path_factory.mktemp("home")
    r = subprocess.run(
        [sys.executable, "-m", "quizapp", "study", "--plain", "--limit", "8"],
        input=stdin,
        capture_output=True,
        timeout=120,
        env={**os.environ, "QUIZAPP_HOME": str(home)},
    )
    err = r.stderr.decode("utf-8", "replace")
    assert r.returncode in (0, 1, 2), err
    assert "Traceback" not in err
