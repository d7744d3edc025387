"""quizapp.grading.numeric: instantiate, check (with mistake-aware feedback), render, to_data."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from quizapp.bank.loader import load_library
from quizapp.bank.model import Mistake, Numeric, SolverCall, Text
from quizapp.grading import numeric
from quizapp.grading.numbers import AnswerParseError

HUBER_BANK = """\
format: 1
deck: {id: t}
cards:
  - id: t.numeric.huber
    kind: numeric
    question:
      en: "Huber (δ = {delta}): y = {y_true}, ŷ = {y_pred}."
      zh: "计算 Huber 损失（δ = {delta}）：y = {y_true}，ŷ = {y_pred}。"
    inputs:
      delta: {type: choice, values: [1.0]}
      y_true: {type: choice, values: [[1.0, -2.0, 0.5, 3.0]]}
      y_pred: {type: choice, values: [[1.5, 0.5, 0.0, -1.0]]}
    answer:
      solver: losses.huber
      args: {y_true: y_true, y_pred: y_pred, delta: delta}
      tolerance: {abs: 0.002, rel: 0.001}
    mistakes:
      - id: no-half
        label: {en: "You dropped the ½ (δ = {delta}).", zh: "漏掉了 ½（δ = {delta}）。"}
        solver: mistakes.huber_no_half
        args: {y_true: y_true, y_pred: y_pred, delta: delta}
    solution: {en: "Answer {answer} for δ = {delta}.", zh: "δ = {delta} 时答案为 {answer}。"}
"""


@pytest.fixture
def huber(write_bank: Callable[..., Path]) -> Numeric:
    lib = load_library([write_bank(HUBER_BANK)], include_builtin=False, include_user=False)
    assert not lib.problems
    card = lib.cards["t.numeric.huber"]
    assert isinstance(card, Numeric)
    return card


def test_instantiate_fills_templates_and_computes_everything(huber: Numeric) -> None:
    inst = numeric.instantiate(huber, 3)
    # r = [0.5, 2.5, −0.5, −4]: 0.125 + 2 + 0.125 + 3.5 = 5.75 → /4
    assert inst.answer == pytest.approx(1.4375)
    assert inst.question.en == "Huber (δ = 1): y = [1, -2, 0.5, 3], ŷ = [1.5, 0.5, 0, -1]."
    assert inst.question.zh == (
        "计算 Huber 损失（δ = 1）：y = [1, -2, 0.5, 3]，ŷ = [1.5, 0.5, 0, -1]。"
    )
    (mistake,) = inst.mistakes
    assert mistake.value == pytest.approx(1.5) and mistake.active
    # the card's solution text, then the explainer's steps, then the answer
    en = inst.solution.en.splitlines()
    assert en[0] == "Answer 1.438 for δ = 1."
    assert en[1] == "Residuals r = ŷ − y = [0.5, 2.5, −0.5, −4]"
    assert en[-1] == "Answer: 1.438"
    assert inst.solution.zh.splitlines()[0] == "δ = 1 时答案为 1.438。"
    assert "走线性分支" in inst.solution.zh


@pytest.mark.parametrize(
    ("text", "correct", "mistake"),
    [
        ("1.4375", True, None),
        ("1.438", True, None),
        ("23/16", True, None),
        ("１．４３７５", True, None),
        ("[1.4375]", True, None),
        ("1.5", False, "no-half"),
        ("3/2", False, "no-half"),
        ("1.45", False, None),
        ("7", False, None),
    ],
)
def test_check(huber: Numeric, text: str, correct: bool, mistake: str | None) -> None:
    verdict = numeric.check(numeric.instantiate(huber, 0), text)
    assert verdict.correct is correct
    assert (verdict.mistake.id if verdict.mistake else None) == mistake


def test_feedback_texts(huber: Numeric) -> None:
    inst = numeric.instantiate(huber, 0)
    right = numeric.check(inst, "1.4375").feedback
    assert right.en == "Correct: 1.438." and right.zh == "正确：1.438。"
    wrong = numeric.check(inst, "1.5").feedback
    assert wrong.en == "Not quite. You dropped the ½ (δ = 1). The answer is 1.438."
    assert wrong.zh == "不对。漏掉了 ½（δ = 1）。正确答案是 1.438。"
    close = numeric.check(inst, "1.45")
    assert close.close and "Close" in close.feedback.en and "很接近" in close.feedback.zh
    far = numeric.check(inst, "7").feedback
    assert far.en == "Incorrect: the answer is 1.438, you entered 7."


def test_unreadable_or_wrong_length_is_not_an_answer(huber: Numeric) -> None:
    inst = numeric.instantiate(huber, 0)
    with pytest.raises(AnswerParseError, match="Unknown name"):
        numeric.check(inst, "huber")
    with pytest.raises(AnswerParseError) as info:
        numeric.check(inst, "1, 2")
    assert info.value.message.en == "Expected 1 number, got 2."
    assert info.value.message.zh == "应输入 1 个数，实际是 2 个。"


def _card(**overrides: object) -> Numeric:
    fields: dict = dict(
        id="t.numeric.grad",
        kind="numeric",
        deck="t",
        question=Text(en="g = {g}, c = {c}", zh="g = {g}，c = {c}"),
        inputs={
            "g": {"type": "vector", "size": 3, "low": -5, "high": 5, "decimals": 1},
            "c": {"type": "choice", "values": [1.0]},
        },
        answer=SolverCall("gradients.clip_by_value", {"grads": "g", "clip_value": "c"}),
        abs_tol=0.002,
        rel_tol=0.001,
        mistakes=(
            Mistake(
                "by-norm",
                Text(en="By norm.", zh="按范数。"),
                SolverCall("mistakes.clip_value_by_norm", {"grads": "g", "clip_value": "c"}),
            ),
        ),
    )
    fields.update(overrides)
    return Numeric(**fields)


def test_vector_answers_and_solution_without_card_text() -> None:
    inst = numeric.instantiate(_card(), 5)
    assert isinstance(inst.answer, list) and len(inst.answer) == 3
    assert all(-1 <= v <= 1 for v in inst.answer)
    typed = ", ".join(str(v) for v in inst.answer)
    assert numeric.check(inst, typed).correct
    assert numeric.check(inst, "[" + " ".join(str(v) for v in inst.answer) + "]").correct
    by_norm = ", ".join(str(v) for v in inst.mistakes[0].value)
    assert numeric.check(inst, by_norm).mistake.id == "by-norm"
    with pytest.raises(AnswerParseError, match="Expected 3 numbers, got 2"):
        numeric.check(inst, "1, 2")
    assert inst.solution.en.splitlines()[0].startswith("Elements outside [−1, 1]")


def test_a_mistake_equal_to_the_answer_is_inactive() -> None:
    # all entries already inside [−10, 10]: value clipping changes nothing, and neither does
    # rescaling to norm ≤ 10 → the mistake coincides with the answer and must not be reported
    card = _card(
        inputs={
            "g": {"type": "vector", "size": 3, "low": -1, "high": 1, "decimals": 1},
            "c": {"type": "choice", "values": [10.0]},
        }
    )
    inst = numeric.instantiate(card, 1)
    assert not inst.mistakes[0].active
    verdict = numeric.check(inst, ", ".join(map(str, inst.answer)))
    assert verdict.correct and verdict.mistake is None


def test_same_seed_same_instance_and_json(huber: Numeric) -> None:
    card = _card()
    a, b = numeric.instantiate(card, 11), numeric.instantiate(card, 11)
    assert a == b
    assert numeric.instantiate(card, 12).inputs != a.inputs
    data = json.loads(json.dumps(a.to_data()))
    assert data["id"] == "t.numeric.grad" and data["seed"] == 11
    assert data["answer"] == a.answer and data["inputs"] == a.inputs
    assert data["tolerance"] == {"abs": 0.002, "rel": 0.001}
    assert data["mistakes"][0]["id"] == "by-norm" and data["mistakes"][0]["label"]["zh"]
    assert set(data["question"]) == {"en", "zh"} and set(data["solution"]) == {"en", "zh"}


def test_matrix_placeholders_and_unknown_braces() -> None:
    values = {"M": [[1.0, 2.5], [3.0, -4.0]], "v": [1, 2]}
    assert numeric.fill("M = {M}; v = {v}; {x}", values) == (
        "M = [[1, 2.5], [3, -4]]; v = [1, 2]; {x}"
    )
    assert numeric.fill("M =\n  {M}\nend", values) == "M =\n  [1, 2.5]\n  [3, -4]\nend"


@pytest.mark.parametrize("lang", ["en", "zh", "both"])
def test_render(huber: Numeric, lang: str) -> None:
    text = numeric.render(numeric.instantiate(huber, 0), lang)
    assert text.startswith("t.numeric.huber  (seed 0)")
    assert "1.438" in text and "no-half" in text
    if lang != "zh":
        assert "Question" in text and "Worked solution" in text
    if lang != "en":
        assert "题目" in text and "解题过程" in text


def test_verdict_adapter_for_the_study_engine(huber: Numeric) -> None:
    inst = numeric.instantiate(huber, 0)
    v = numeric.verdict(inst, "3/2")
    assert v.correct is False
    assert v.mistake == Text(en="You dropped the ½ (δ = 1).", zh="漏掉了 ½（δ = 1）。")
    assert v.expected == Text(en="1.438", zh="1.438")
    assert v.solution == inst.solution
    assert v.record == "1.5"
    assert v.details["mistake_id"] == "no-half"
    assert numeric.verdict(inst, "1.4375").correct is True


def test_broken_cards_fail_loudly() -> None:
    with pytest.raises(KeyError):
        numeric.instantiate(_card(answer=SolverCall("losses.nope", {})), 0)
    bad = _card(
        answer=SolverCall("helpers.inverse", {"M": "z"}),
        inputs={"z": {"type": "choice", "values": [[[0.0, 0.0], [0.0, 0.0]]]}},
    )
    with pytest.raises(np.linalg.LinAlgError, match=r"[Ss]ingular"):
        numeric.instantiate(bad, 0)
    inf = _card(
        answer=SolverCall("helpers.add", {"a": "z", "b": 1.0}),
        inputs={"z": {"type": "choice", "values": [[float("inf"), 0.0]]}},
    )
    with pytest.raises(ValueError, match="not finite"):
        numeric.instantiate(inf, 0)
