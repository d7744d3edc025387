"""Numeric cards: instantiate a question from a seed, check a typed answer, explain the result.

- :func:`instantiate` draws the inputs (:mod:`quizapp.grading.generate`), computes the answer and
  every named mistake with the registered solvers, fills the bilingual templates and builds the
  worked solution (the card's ``solution`` text, then the steps of ``explain.<answer solver>``
  if registered, then the answer).
- :func:`check` parses the user's text (:mod:`quizapp.grading.numbers`) and compares it to the
  answer, then to each mistake, at the card's tolerance: ``|x − ref| <= abs + rel·|ref|``
  element-wise. Unreadable input or a wrong number of components raises
  :class:`~quizapp.grading.numbers.AnswerParseError` — not an answer, ask again.
- :func:`render` is the text form used by ``quizapp show``; :meth:`NumericInstance.to_data` the
  JSON form.

A mistake whose value is indistinguishable from the answer for a given seed is kept but marked
inactive (``active=False``): such an answer is simply correct.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from quizapp.bank.model import Mistake, Numeric, Text
from quizapp.grading.generate import generate_inputs, resolve_args, to_plain
from quizapp.grading.numbers import AnswerParseError, parse_answer
from quizapp.grading.verdict import Verdict
from solvers import fmt
from solvers.registry import explainer, get

Number = float | list[float]

#: An answer within this many tolerances of the truth (but not within one) is called "close".
CLOSE_FACTOR = 10.0

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True, slots=True)
class MistakeValue:
    """A named mistake's value for one instance; ``active`` is False when it cannot be told
    apart from the answer at the card's tolerance (then it is never reported). ``label`` is the
    mistake's label with the instance's inputs filled in."""

    mistake: Mistake
    value: Number
    active: bool
    label: Text


@dataclass(frozen=True, slots=True)
class NumericInstance:
    """One concrete question of a numeric card (everything needed to ask, check and explain)."""

    card_id: str
    seed: int
    inputs: dict[str, Any]
    question: Text
    answer: Number
    mistakes: tuple[MistakeValue, ...]
    solution: Text
    abs_tol: float
    rel_tol: float

    def to_data(self) -> dict[str, Any]:
        """A JSON-serializable dict (``quizapp show ID --seed N --json``)."""
        return {
            "id": self.card_id,
            "seed": self.seed,
            "inputs": self.inputs,
            "question": self.question.to_data(),
            "answer": self.answer,
            "tolerance": {"abs": self.abs_tol, "rel": self.rel_tol},
            "mistakes": [
                {
                    "id": m.mistake.id,
                    "label": m.label.to_data(),
                    "value": m.value,
                    "active": m.active,
                }
                for m in self.mistakes
            ],
            "solution": self.solution.to_data(),
        }


@dataclass(frozen=True, slots=True)
class NumericVerdict:
    """The result of checking an answer. ``mistake`` is the named mistake the value matched, if
    any; ``close`` is True for a wrong answer within ``CLOSE_FACTOR`` tolerances."""

    correct: bool
    mistake: Mistake | None
    value: Number
    feedback: Text
    close: bool = False


# --- values ---------------------------------------------------------------------------------


def _flatten(v: Any) -> list[Any]:
    if isinstance(v, list):
        return [x for item in v for x in _flatten(item)]
    return [v]


def as_number(result: Any, what: str = "value") -> Number:
    """A solver's result as a float or a flat list of floats (matrices and lists of tensors
    flattened row by row; one element → a float). ValueError if empty or not finite."""
    flat = _flatten(to_plain(result))
    if not flat:
        raise ValueError(f"{what} is empty")
    out: list[float] = []
    for x in flat:
        if isinstance(x, str) or x is None:
            raise ValueError(f"{what} is not numeric: {x!r}")
        f = float(x)
        if not math.isfinite(f):
            raise ValueError(f"{what} is not finite: {f}")
        out.append(f + 0.0)
    return out[0] if len(out) == 1 else out


def _as_list(v: Number) -> list[float]:
    return v if isinstance(v, list) else [v]


def matches(
    value: Number, ref: Number, abs_tol: float, rel_tol: float, factor: float = 1.0
) -> bool:
    """Whether ``value`` equals ``ref`` within ``factor × (abs_tol + rel_tol·|ref|)`` in every
    component (False when the numbers of components differ)."""
    a, b = _as_list(value), _as_list(ref)
    return len(a) == len(b) and all(
        abs(x - r) <= factor * (abs_tol + rel_tol * abs(r)) for x, r in zip(a, b, strict=True)
    )


def _call(solver: str, args: dict[str, Any], inputs: dict[str, Any]) -> Any:
    return get(solver)(**resolve_args(args, inputs))


# --- templates ------------------------------------------------------------------------------


def fill(template: str, values: dict[str, Any]) -> str:
    """Replace ``{name}`` by the value of that input, formatted readably (lists as
    ``[1.5, -2, 0.3]``; a matrix whose placeholder stands alone on its line is written one row
    per line, elsewhere as ``[[1, 2], [3, 4]]``). Unknown names are left as they are."""

    def inline(m: re.Match[str]) -> str:
        name = m.group(1)
        return fmt.value(values[name]) if name in values else m.group(0)

    lines = []
    for line in template.split("\n"):
        m = _PLACEHOLDER.fullmatch(line.strip())
        if m and m.group(1) in values and fmt.is_matrix(values[m.group(1)]):
            lines.append(fmt.rows(values[m.group(1)]))
        else:
            lines.append(_PLACEHOLDER.sub(inline, line))
    return "\n".join(lines)


def fill_text(text: Text, values: dict[str, Any]) -> Text:
    """:func:`fill` applied to each language of a :class:`Text`."""
    return Text(
        en=fill(text.en, values) if text.en else None, zh=fill(text.zh, values) if text.zh else None
    )


def show_number(v: Number) -> str:
    """A computed answer for display: 4 significant digits, vectors in brackets."""
    return fmt.value(v, fmt.approx)


# --- instantiate ----------------------------------------------------------------------------


def _solution(card: Numeric, inputs: dict[str, Any], answer: Number) -> Text:
    values = {**inputs, "answer": show_number(answer)}
    en: list[str] = []
    zh: list[str] = []
    if card.solution is not None:
        filled = fill_text(card.solution, values)
        en.append(filled.get("en").rstrip())
        zh.append(filled.get("zh").rstrip())
    name = explainer(card.answer.solver)
    if name is not None:
        for step_en, step_zh in _call(name, card.answer.args, inputs):
            en.append(step_en)
            zh.append(step_zh)
    en.append(f"Answer: {show_number(answer)}")
    zh.append(f"答案：{show_number(answer)}")
    return Text(en="\n".join(en), zh="\n".join(zh))


def instantiate(card: Numeric, seed: int) -> NumericInstance:
    """The question of ``card`` for ``seed``: inputs, filled question, answer, mistakes' values
    and worked solution. Deterministic in (card, seed). Raises InputSpecError / ValueError /
    KeyError for a broken card (unknown solver, non-finite answer …)."""
    inputs = generate_inputs(card.inputs, seed)
    answer = as_number(_call(card.answer.solver, card.answer.args, inputs), f"{card.id}: answer")
    mistakes = []
    for m in card.mistakes:
        label = fill_text(m.label, inputs)
        try:
            value = as_number(_call(m.call.solver, m.call.args, inputs), f"mistake {m.id}")
        except (ValueError, ArithmeticError):
            mistakes.append(MistakeValue(m, [], False, label))  # undefined for these inputs
            continue
        active = len(_as_list(value)) == len(_as_list(answer)) and not matches(
            value, answer, card.abs_tol, card.rel_tol
        )
        mistakes.append(MistakeValue(m, value, active, label))
    return NumericInstance(
        card_id=card.id,
        seed=seed,
        inputs=inputs,
        question=fill_text(card.question, inputs),
        answer=answer,
        mistakes=tuple(mistakes),
        solution=_solution(card, inputs, answer),
        abs_tol=card.abs_tol,
        rel_tol=card.rel_tol,
    )


# --- check ----------------------------------------------------------------------------------


def check(instance: NumericInstance, text: str) -> NumericVerdict:
    """Grade ``text`` against the instance. Raises AnswerParseError (bilingual message) when the
    text is not a number list of the expected length — that is not an answer."""
    value = parse_answer(text)
    want = len(_as_list(instance.answer))
    got = len(_as_list(value))
    if got != want:
        raise AnswerParseError(
            Text(
                en=f"Expected {want} number{'s' if want > 1 else ''}, got {got}."
                + (" Separate them with commas." if want > 1 else ""),
                zh=f"应输入 {want} 个数，实际是 {got} 个。"
                + ("多个数请用逗号分隔。" if want > 1 else ""),
            )
        )
    if isinstance(value, list) and want == 1:
        value = value[0]
    ans = show_number(instance.answer)
    tol = dict(abs_tol=instance.abs_tol, rel_tol=instance.rel_tol)
    if matches(value, instance.answer, **tol):
        return NumericVerdict(True, None, value, Text(en=f"Correct: {ans}.", zh=f"正确：{ans}。"))
    for mv in instance.mistakes:
        if mv.active and matches(value, mv.value, **tol):
            label = mv.label
            return NumericVerdict(
                False,
                mv.mistake,
                value,
                Text(
                    en=f"Not quite. {label.get('en')} The answer is {ans}.",
                    zh=f"不对。{label.get('zh')}正确答案是 {ans}。",
                ),
            )
    mine = show_number(value)
    if matches(value, instance.answer, factor=CLOSE_FACTOR, **tol):
        return NumericVerdict(
            False,
            None,
            value,
            Text(
                en=f"Close, but outside the tolerance: the answer is {ans}, you entered {mine}. "
                "Keep more digits in the intermediate steps.",
                zh=f"很接近，但超出了允许误差：正确答案是 {ans}，你的答案是 {mine}。"
                "中间步骤请多保留几位小数。",
            ),
            close=True,
        )
    return NumericVerdict(
        False,
        None,
        value,
        Text(
            en=f"Incorrect: the answer is {ans}, you entered {mine}.",
            zh=f"不正确：正确答案是 {ans}，你的答案是 {mine}。",
        ),
    )


def verdict(instance: NumericInstance, text: str) -> Verdict:
    """:func:`check` in the study engine's common :class:`Verdict` form: ``expected`` is the
    answer, ``mistake`` the matched mistake's label, ``solution`` the worked solution, ``record``
    the parsed numbers, ``feedback`` the bilingual sentence about this answer; ``details`` holds
    ``value``, ``answer``, ``mistake_id`` and ``close``. Raises AnswerParseError (an
    AnswerError) as :func:`check` does."""
    v = check(instance, text)
    ans = show_number(instance.answer)
    label = next((mv.label for mv in instance.mistakes if mv.mistake is v.mistake), None)
    return Verdict(
        correct=v.correct,
        expected=Text(en=ans, zh=ans),
        feedback=v.feedback,
        mistake=label,
        solution=instance.solution,
        record=fmt.value(v.value),
        details={
            "value": v.value,
            "answer": instance.answer,
            "close": v.close,
            "mistake_id": v.mistake.id if v.mistake else None,
        },
    )


# --- text form ------------------------------------------------------------------------------

_HEADINGS = {
    "question": ("Question", "题目"),
    "answer": ("Answer", "答案"),
    "tolerance": ("Tolerance", "允许误差"),
    "solution": ("Worked solution", "解题过程"),
    "mistakes": ("Named mistakes", "常见错误"),
}


def _heading(key: str, lang: str) -> str:
    en, zh = _HEADINGS[key]
    return {"en": f"{en}:", "zh": f"{zh}："}.get(lang, f"{en} / {zh}:")


def _pick(en: str, zh: str, lang: str) -> str:
    return {"en": en, "zh": zh}.get(lang, f"{en} / {zh}")


def render(instance: NumericInstance, lang: str) -> str:
    """The instance as plain text in ``lang`` (``en``, ``zh`` or ``both``): question, answer with
    its tolerance, worked solution, and the named mistakes with their values."""
    tol = f"abs {fmt.exact(instance.abs_tol)}, rel {fmt.exact(instance.rel_tol)}"
    out = [
        f"{instance.card_id}  (seed {instance.seed})",
        "",
        _heading("question", lang),
        instance.question.get(lang),
        "",
        f"{_heading('answer', lang)}{'' if lang == 'zh' else ' '}{show_number(instance.answer)}"
        + (
            f"（{_heading('tolerance', lang)}{tol}）"
            if lang == "zh"
            else f"   ({_heading('tolerance', lang)} {tol})"
        ),
        "",
        _heading("solution", lang),
        instance.solution.get(lang),
    ]
    if instance.mistakes:
        out += ["", _heading("mistakes", lang)]
        for mv in instance.mistakes:
            shown = show_number(mv.value) if mv.value != [] else "—"
            flag = (
                ""
                if mv.active
                else "  ("
                + _pick("same as the answer for this seed", "本题数据下与答案相同", lang)
                + ")"
            )
            label = mv.label.get(lang).replace("\n", " ")
            out.append(f"  {mv.mistake.id}: {shown}{flag}  {label}")
    return "\n".join(out)
