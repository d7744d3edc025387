"""The answer model on hand-written cards: numbers, formulas and terms; near misses and their
diagnosis; "don't know"; choice keys. Everything goes through ``Study.check``."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from quizapp.bank.loader import load_library
from quizapp.grading import answers, formula
from quizapp.grading.normalize import key
from quizapp.grading.verdict import AnswerError, Verdict
from quizapp.rating import Rating
from quizapp.store import Store
from quizapp.study import Study, suggested_rating

REPO = Path(__file__).resolve().parents[2]

BANK = """\
format: 1
deck: {id: m, name: {en: Model, zh: 模型}}
cards:
  - id: m.exp
    kind: cloze
    text: {en: "About {{c1::1e-6}}.", zh: "约为 {{c1::1e-6}}。"}
  - id: m.grad
    kind: cloze
    text: {en: "p - y = {{c1::-0.8}}", zh: "p - y = {{c1::-0.8}}"}
  - id: m.quarter
    kind: cloze
    text: {en: "At most {{c1::0.25}}.", zh: "至多 {{c1::0.25}}。"}
  - id: m.sig
    kind: cloze
    text: {en: "σ'(x) = {{c1::σ(x)(1 − σ(x))}}", zh: "σ'(x) = {{c1::σ(x)(1 − σ(x))}}"}
  - id: m.mse
    kind: cloze
    text: {en: "dL/dŷ = {{c1::2(ŷ − y)/n}}", zh: "dL/dŷ = {{c1::2(ŷ − y)/n}}"}
  - id: m.cov
    kind: cloze
    text: {en: "C = {{c1::XᵀX}}/(n − 1)", zh: "C = {{c1::XᵀX}}/(n − 1)"}
    accept: {c1: ["X'X"]}
  - id: m.term
    kind: cloze
    text: {en: "Lloyd's algorithm is {{c1::k-means}}.", zh: "Lloyd 算法就是 {{c1::k-means}}。"}
  - id: m.clip
    kind: cloze
    text: {en: "Keras {{c1::clipnorm}} rescales.", zh: "Keras 的 {{c1::clipnorm}} 整体缩放。"}
  - id: m.reg
    kind: cloze
    text: {en: "Lasso is {{c1::L1}}.", zh: "Lasso 就是 {{c1::L1}} 正则。"}
  - id: m.vanish
    kind: cloze
    text: {en: "Small factors: {{c1::vanishing}}.", zh: "小因子连乘：{{c1::梯度消失}}。"}
  - id: m.glossary
    kind: cloze
    text: {en: "Rescaling: {{c1::gradient clipping}}.", zh: "整体缩放：{{c1::梯度裁剪}}。"}
  - id: m.two
    kind: cloze
    text: {en: "{{c1::2}} and {{c2::0.5}}", zh: "{{c1::2}} 和 {{c2::0.5}}"}
  - id: m.word
    kind: cloze
    text: {en: "The rule is {{c1::rowvar=False}}.", zh: "参数是 {{c1::rowvar=False}}。"}
  - id: m.pick
    kind: choice
    shuffle: false
    question: {en: "Which are losses?", zh: "哪些是损失函数？"}
    options:
      - {text: {en: MSE, zh: 均方误差}, correct: true}
      - {text: {en: ReLU, zh: ReLU}}
      - {text: {en: Adam, zh: Adam}}
      - {text: {en: MAE, zh: 平均绝对误差}, correct: true}
  - id: m.one
    kind: choice
    shuffle: false
    question: {en: "Robust to outliers?", zh: "对离群点鲁棒？"}
    options:
      - {text: {en: MSE, zh: 均方误差}}
      - {text: {en: MAE, zh: 平均绝对误差}, correct: true}
  - id: m.steps
    kind: order
    question: {en: "Order the steps.", zh: "排序。"}
    steps:
      - {en: Center, zh: 去均值}
      - {en: Covariance, zh: 协方差}
      - {en: Eigenvectors, zh: 特征向量}
"""


@pytest.fixture
def study(write_bank: Callable[..., Path]) -> Iterator[Study]:
    lib = load_library([write_bank(BANK)], include_builtin=False, include_user=False)
    assert not lib.problems, lib.problems
    store = Store.open("sqlite://")
    yield Study(store, lib)
    store.close()


@pytest.fixture
def check(study: Study) -> Callable[[str, str], Verdict]:
    def run(card_id: str, answer: str) -> Verdict:
        return study.check(study.present(study.library.cards[card_id], seed=0), answer)

    return run


RIGHT = [
    ("m.exp", "1e-6"),
    ("m.exp", "1e−6"),  # U+2212
    ("m.exp", "1E-06"),
    ("m.exp", "10^-6"),
    ("m.exp", "1×10⁻⁶"),
    ("m.exp", "1 x 10^-6"),
    ("m.exp", "0.000001"),
    ("m.exp", "１ｅ－６"),
    ("m.grad", "-0.80"),
    ("m.grad", "–0.8"),  # en dash
    ("m.grad", "‐0.8"),  # U+2010
    ("m.grad", "-.8"),
    ("m.grad", "-4/5"),
    ("m.grad", "－０．８。"),
    ("m.quarter", "0.250"),
    ("m.quarter", "1/4"),
    ("m.quarter", "25%"),
    ("m.quarter", "2.5e-1"),
    ("m.quarter", "0.25."),
    ("m.sig", "σ(x) − σ(x)²"),
    ("m.sig", "sigmoid(x)*(1-sigmoid(x))"),
    ("m.sig", "σ(x) - σ(x)^2"),
    ("m.mse", "(2/n)(ŷ − y)"),
    ("m.mse", "2*(y_hat - y)/n"),
    ("m.mse", "(2ŷ - 2y)/n"),
    ("m.cov", "X^T X"),
    ("m.cov", "X.T @ X"),
    ("m.cov", "X'X"),
    ("m.term", "kmeans"),
    ("m.term", "K-Means"),
    ("m.term", "k means"),
    ("m.term", "ｋ－ｍｅａｎｓ。"),
    ("m.glossary", "梯度裁剪"),
    ("m.glossary", "Gradient-Clipping"),
    ("m.two", "2.0; 1/2"),
    ("m.two", "２；０．５"),
    ("m.word", "rowvar = False"),
]

WRONG = [
    ("m.exp", "1e6", "10^12"),
    ("m.exp", "-1e-6", "sign"),
    ("m.exp", "1e-5", "10^1"),
    ("m.grad", "0.8", "sign"),
    ("m.grad", "-8", "10^1"),
    ("m.grad", "-0.08", "10^-1"),
    ("m.quarter", "-0.25", "sign"),
    ("m.quarter", "2.5", "10^1"),
    ("m.quarter", "0.3", None),
    ("m.sig", "-σ(x)(1 − σ(x))", "sign"),
    ("m.sig", "σ(x)(1 + σ(x))", None),
    ("m.mse", "2(y − ŷ)/n", "sign"),
    ("m.mse", "20(ŷ − y)/n", "power of ten"),
    ("m.cov", "X X", "transpose"),
    ("m.cov", "XXᵀ", None),
    ("m.cov", "-XᵀX", "sign"),
    ("m.clip", "clipvalue", "clipvalue clamps"),
    ("m.reg", "L2", "sums squares"),
    ("m.reg", "not L2", "negation"),
    ("m.reg", "L1 or L2", "One answer"),
    ("m.reg", "L1, L2", "One answer"),
    ("m.vanish", "exploding", "grows without bound"),
    ("m.vanish", "梯度爆炸", "grows without bound"),
    ("m.term", "k-medians", None),
]


@pytest.mark.parametrize(("card_id", "answer"), RIGHT)
def test_equivalent_spellings_are_accepted(
    check: Callable[[str, str], Verdict], card_id: str, answer: str
) -> None:
    assert check(card_id, answer).correct, answer


@pytest.mark.parametrize(("card_id", "answer", "why"), WRONG)
def test_wrong_answers_are_rejected_and_near_misses_say_why(
    check: Callable[[str, str], Verdict], card_id: str, answer: str, why: str | None
) -> None:
    verdict = check(card_id, answer)
    assert verdict.correct is False
    if why is None:
        return
    assert verdict.diagnosis is not None, answer
    names = {"sign": "sign", "transpose": "transpose", "negation": "negation"}
    assert names.get(why, why).lower() in verdict.diagnosis.en.lower(), verdict.diagnosis.en
    assert verdict.diagnosis.zh and verdict.diagnosis.zh != verdict.diagnosis.en


def test_the_diagnosis_is_shown_by_the_front_ends(check: Callable[[str, str], Verdict]) -> None:
    from quizapp import render

    shown = render.verdict(check("m.exp", "1e6"), "zh")
    assert "差了 10^12 倍" in shown and "[1e-6]" in shown


@pytest.mark.parametrize("card_id", ["m.exp", "m.two", "m.pick", "m.steps"])
@pytest.mark.parametrize("answer", ["", "?", "？", " ? ", "不知道", "idk"])
def test_dont_know_is_a_wrong_answer_with_the_answer_shown(
    check: Callable[[str, str], Verdict], card_id: str, answer: str
) -> None:
    verdict = check(card_id, answer)
    assert verdict.correct is False and verdict.details["dont_know"]
    assert suggested_rating(verdict.correct) == Rating.Again
    assert verdict.expected is not None and verdict.expected.get("en")
    assert verdict.record == "?"


def test_one_blank_unanswered_of_two(check: Callable[[str, str], Verdict]) -> None:
    verdict = check("m.two", "2; ?")
    assert verdict.correct is False and verdict.details["blanks"] == [True, False]
    assert verdict.diagnosis is not None and verdict.diagnosis.en.startswith("Blank 2")


def test_an_unreadable_formula_is_compared_as_text_and_says_so(
    check: Callable[[str, str], Verdict],
) -> None:
    verdict = check("m.sig", "the sigmoid times one minus it")
    assert verdict.correct is False
    assert verdict.diagnosis is not None and "compared as text" in verdict.diagnosis.en
    assert "按文字比较" in verdict.diagnosis.zh


@pytest.mark.parametrize(
    ("card_id", "answer", "picked"),
    [
        ("m.pick", "1 4", True),
        ("m.pick", "1,4", True),
        ("m.pick", "1 and 4", True),
        ("m.pick", "14", True),
        ("m.pick", "１、４", True),
        ("m.pick", "4和1", True),
        ("m.pick", "1", False),
        ("m.pick", "1 2 3 4", False),  # every option: not the answer
        ("m.one", "2", True),
    ],
)
def test_choice_keys(
    check: Callable[[str, str], Verdict], card_id: str, answer: str, picked: bool
) -> None:
    assert check(card_id, answer).correct is picked


@pytest.mark.parametrize("answer", ["b", "a d", "1 b"])
def test_letters_are_not_keys_of_a_card_numbered_with_digits(
    check: Callable[[str, str], Verdict], answer: str
) -> None:
    with pytest.raises(AnswerError) as info:
        check("m.one", answer)
    assert "keyed 1–2" in info.value.message.en and "1–2" in info.value.message.zh


def test_keys_survive_what_they_mean() -> None:
    assert key("1e-6") != key("1e6") != key("-1e-6")
    assert key("Vᵀ") == key("V^T") == key("V'") == key("V.T") != key("V")
    assert key("XᵀX") != key("X X")
    assert key("n − 1") == key("n-1") != key("n1")
    assert key("l2-norm") == key("L2 norm") == key("Ｌ２ Norm。")
    assert key("2 - 2cos θ") != key("22cosθ")


def test_tolerance_follows_the_digits_shown() -> None:
    (shown,) = answers.read_accepted(["2.30"])
    assert answers.matches("2.302", [shown]).right
    assert not answers.matches("2.31", [shown]).right
    tight = answers.read_accepted(["2.30", "2.3026"])
    assert answers.matches("2.3", tight).right and not answers.matches("2.31", tight).right
    (whole,) = answers.read_accepted(["2"])
    assert not answers.matches("2.1", [whole]).right and answers.matches("2.0", [whole]).right


@pytest.mark.parametrize(
    "text", ["9^9^9^9", "x^99999999", "(" * 200 + "x" + ")" * 200, "__import__('os')", "a" * 5000]
)
def test_hostile_formulas_are_refused_fast(text: str) -> None:
    start = time.perf_counter()
    assert formula.equivalent(text, "x") in (None, False)
    assert time.perf_counter() - start < 2.0


def test_validate_and_start_up_never_import_sympy(home: Path) -> None:
    code = (
        "import sys, contextlib, io\n"
        "from quizapp.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['validate'])\n"
        "    main(['list'])\n"
        "from quizapp.grading import cloze, answers\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sympy', 'mpmath')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    ).stdout
    assert out.strip() == "[]"
