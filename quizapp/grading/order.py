"""Grading order cards. Steps are shown shuffled (``order[i]`` is the bank index of the step
shown i-th); the user gives the shown positions in the order they believe is right."""

from __future__ import annotations

import re
from collections.abc import Sequence

from quizapp.bank.model import Order, Text
from quizapp.grading.answers import dont_know
from quizapp.grading.verdict import AnswerError, Verdict


def parse(answer: str, count: int) -> list[int]:
    """``"3 1 2"``, ``"3,1,2"`` or ``"312"`` -> shown positions ``[2, 0, 1]``."""
    text = answer.strip().translate(str.maketrans("１２３４５６７８９，、", "123456789,,"))
    tokens = re.findall(r"\d+", text)
    if len(tokens) == 1 and count <= 9 and len(tokens[0]) == count:
        tokens = list(tokens[0])
    positions = [int(t) - 1 for t in tokens]
    if sorted(positions) != list(range(count)):
        raise AnswerError(
            Text(
                en=f"Give each of the {count} step numbers once, in the right order (e.g. 3 1 2).",
                zh=f"请把 {count} 个步骤的编号各写一次，按正确顺序排列（如 3 1 2）。",
            )
        )
    return positions


def check(card: Order, order: Sequence[int], answer: str | Sequence[int] | None) -> Verdict:
    """Right iff the steps are put back in the bank's order. An empty answer or ``?`` is
    "don't know": wrong, with the right order shown (``details["dont_know"]``)."""
    expected = Text(
        **{
            lang: "\n".join(f"{i + 1}. {s.get(lang)}" for i, s in enumerate(card.steps))
            for lang in ("en", "zh")
        }
    )
    if answer is None or (isinstance(answer, str) and dont_know(answer)):
        return Verdict.not_answered(expected, given=[])
    positions = parse(answer, len(order)) if isinstance(answer, str) else list(answer)
    given = [order[p] for p in positions]
    return Verdict(
        correct=given == sorted(given) and given == list(range(len(card.steps))),
        expected=expected,
        record=",".join(map(str, given)),
        details={"given": given, "dont_know": False},
    )
