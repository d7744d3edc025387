"""quizapp.grading.numbers.parse_answer: what is accepted, what is refused, and how fast."""

from __future__ import annotations

import math
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.grading.numbers import AnswerParseError, parse_answer
from quizapp.grading.verdict import AnswerError
from solvers.fmt import approx, exact, value

REPO = Path(__file__).resolve().parents[2]

SCALARS = [
    ("0.25", 0.25),
    (".25", 0.25),
    ("1/4", 0.25),
    ("2.5e-1", 0.25),
    ("2.5E-1", 0.25),
    ("-3", -3.0),
    ("+3", 3.0),
    ("  7  ", 7.0),
    ("(1+2)/3", 1.0),
    ("2^3", 8.0),
    ("2**3", 8.0),
    ("2^3^2", 512.0),
    ("-2^2", -4.0),
    ("2^-1", 0.5),
    ("1 - 2", -1.0),
    ("1-2", -1.0),
    ("3*4-2", 10.0),
    ("2*(3+4)", 14.0),
    ("sqrt(2)", math.sqrt(2)),
    ("ln(2)", math.log(2)),
    ("log(2)", math.log(2)),
    ("log10(100)", 2.0),
    ("log2(8)", 3.0),
    ("exp(1)", math.e),
    ("abs(-2)", 2.0),
    ("pi", math.pi),
    ("e", math.e),
    ("PI", math.pi),
    ("2pi", 2 * math.pi),
    ("3(1+1)", 6.0),
    ("1/(1+exp(-0))", 0.5),
    ("25%", 0.25),
    ("= 0.5", 0.5),
    ("≈0.5", 0.5),
    ("1.", 1.0),
    ("3²", 9.0),
    ("2×3", 6.0),
    ("6÷4", 1.5),
    ("√4", 2.0),
    ("−1", -1.0),
    ("2π", 2 * math.pi),
    ("√(2+2)", 2.0),
    ("-(-(-1))", -1.0),
]


@pytest.mark.parametrize(("text", "expected"), SCALARS)
def test_scalars(text: str, expected: float) -> None:
    got = parse_answer(text)
    assert isinstance(got, float)
    assert got == pytest.approx(expected, rel=1e-15)


VECTORS = [
    ("1, 2, 3", [1, 2, 3]),
    ("[1 2 3]", [1, 2, 3]),
    ("1;2;3", [1, 2, 3]),
    ("1 2 3", [1, 2, 3]),
    ("[1, -2, 0.3]", [1, -2, 0.3]),
    ("[1 -2 3]", [1, -2, 3]),
    ("[1 - 2 3]", [-1, 3]),
    ("1,2,", [1, 2]),
    ("[[1, 2], [3, 4]]", [1, 2, 3, 4]),
    ("[[1 2]; [3 4]]", [1, 2, 3, 4]),
    ("1\n2\n3", [1, 2, 3]),
    ("(1, 2)", [1, 2]),
    ("[5]", [5]),
    ("[1/2, sqrt(4)]", [0.5, 2]),
    ("1, 2; 3, 4", [1, 2, 3, 4]),
]


@pytest.mark.parametrize(("text", "expected"), VECTORS)
def test_vectors(text: str, expected: list[float]) -> None:
    got = parse_answer(text)
    assert isinstance(got, list)
    assert got == pytest.approx(expected)


FULL_WIDTH = [
    ("０．２５", 0.25),
    ("０。２５", 0.25),
    ("0.25。", 0.25),
    ("3。", 3.0),
    ("－３", -3.0),
    ("（１＋２）／３", 1.0),
    ("１／４", 0.25),
    ("２＾３", 8.0),
    ("２５％", 0.25),
    ("ｓｑｒｔ（２）", math.sqrt(2)),
    ("\u3000０.５\u3000", 0.5),
]


@pytest.mark.parametrize(("text", "expected"), FULL_WIDTH)
def test_full_width_and_chinese_punctuation(text: str, expected: float) -> None:
    assert parse_answer(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("１，２，３", [1, 2, 3]),
        ("1、2、3", [1, 2, 3]),
        ("１；２；３", [1, 2, 3]),
        ("［１　２　３］", [1, 2, 3]),
        ("0。5，1。5", [0.5, 1.5]),
    ],
)
def test_full_width_vectors(text: str, expected: list[float]) -> None:
    assert parse_answer(text) == pytest.approx(expected)


TYPED_FORMS = [
    ("2.494×10⁻¹", 0.2494),  # a superscript exponent is one power, not "10 - 1"
    ("1×10⁰", 1.0),
    ("6.4×10¹", 64.0),
    ("10²³", 1e23),
    ("3²", 9.0),
    ("1×10^-3", 1e-3),
    ("2.5x10^-3", 2.5e-3),  # ASCII x for times
    ("2.5 X 10^-3", 2.5e-3),
    ("2·3", 6.0),
    ("1e−6", 1e-6),  # U+2212
    ("–0.5", -0.5),  # en dash
    ("‐0.5", -0.5),  # U+2010
    ("‑0.5", -0.5),  # U+2011
    ("﹣0.5", -0.5),
    ("0.214.", 0.214),  # a sentence's full stop
    ("(1+1)/4.", 0.5),
    ("25%.", 0.25),
    ("1,000", 1000.0),  # thousands separators in a lone number
    ("-1,234,567.5", -1234567.5),
    ("１×１０⁻³", 1e-3),
]


@pytest.mark.parametrize(("text", "expected"), TYPED_FORMS)
def test_typed_forms(text: str, expected: float) -> None:
    assert parse_answer(text) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1, 000", [1.0, 0.0]), ("1,2", [1.0, 2.0]), ("1,00", [1.0, 0.0]), ("[–1, 1]", [-1.0, 1.0])],
)
def test_lists_are_not_thousands(text: str, expected: list[float]) -> None:
    assert parse_answer(text) == expected


BAD = [
    ("", "Type a number"),
    ("   ", "Type a number"),
    ("abc", "Unknown name"),
    ("1,,2", "Empty element"),
    (",1", "Empty element"),
    ("1 +", "ends too early"),
    ("(1+2", "Missing “)”"),
    ("1+2)", "Unexpected “)”"),
    ("sqrt 2", "parentheses"),
    ("sqrt(-1)", "negative"),
    ("ln(0)", "positive"),
    ("1/0", "Division by zero"),
    ("0^-1", "Division by zero"),
    ("(-8)^(1/3)", "not a real number"),
    ("(1, 2) + 1", "Arithmetic on a list"),
    ("[]", "Empty brackets"),
    ("1 # 2", "“#”"),
    ("import os", "Unknown name"),
    ("__import__('os')", "Unexpected character"),
    ("2(", "Missing “)”"),
    ("1..2", "Unexpected"),
    ("。", "Type a number"),
]


@pytest.mark.parametrize(("text", "fragment"), BAD)
def test_refused_with_a_bilingual_message(text: str, fragment: str) -> None:
    with pytest.raises(AnswerParseError) as info:
        parse_answer(text)
    assert fragment in info.value.message.en
    assert info.value.message.zh and info.value.message.zh != info.value.message.en
    assert isinstance(info.value, AnswerError)  # the front-ends catch this type


HOSTILE = [
    "9**9**9",
    "9^9^9^9",
    "1e999999",
    "-1e999999",
    "10^400",
    "exp(1000)",
    "1" * 400,
    "(" * 1000 + "1" + ")" * 1000,
    "-" * 1999 + "1",
    "[" * 300 + "]" * 300,
    "1," * 1500,
    "2^" * 900 + "2",
    "x" * 10_000,
    "9" * 1999 + "e9",
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: t[:15])
def test_hostile_input_fails_fast(text: str) -> None:
    start = time.perf_counter()
    with pytest.raises(AnswerParseError):
        parse_answer(text)
    assert time.perf_counter() - start < 0.5


def test_underflow_is_just_zero() -> None:
    assert parse_answer("1e-999999") == 0.0
    assert parse_answer("exp(-1000)") == 0.0


def test_modules_import_without_numpy() -> None:
    code = (
        "import sys; from quizapp.grading.numbers import parse_answer; parse_answer('1,2'); "
        "import quizapp.grading.numeric, quizapp.grading.generate, quizapp.commands.solvers; "
        "assert 'numpy' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


finite = st.floats(-1e300, 1e300, allow_nan=False, allow_subnormal=False)


@settings(max_examples=200, deadline=None)
@given(finite)
def test_formatted_numbers_round_trip(x: float) -> None:
    assert parse_answer(exact(x)) == x
    assert parse_answer(approx(x)) == pytest.approx(x, rel=1e-3)


@settings(max_examples=100, deadline=None)
@given(st.lists(finite, min_size=2, max_size=6))
def test_formatted_vectors_round_trip(xs: list[float]) -> None:
    assert parse_answer(value(xs)) == xs


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789.+-*/^()[],; eE%πe√，。（）－sqrtlnexp", max_size=40))
def test_arbitrary_text_either_parses_or_raises_answer_parse_error(text: str) -> None:
    try:
        result = parse_answer(text)
    except AnswerParseError:
        return
    values = result if isinstance(result, list) else [result]
    assert all(isinstance(v, float) and math.isfinite(v) for v in values)
