"""Grading cloze cards: every deletion must match its text in either language or an
accepted alternative, after :func:`normalize`."""

from __future__ import annotations

from collections.abc import Sequence

from quizapp.bank import cloze
from quizapp.bank.model import Cloze, Text
from quizapp.grading.normalize import normalize, split_answers
from quizapp.grading.verdict import AnswerError, Verdict


def accepted(card: Cloze) -> dict[int, set[str]]:
    """Normalized accepted answers per deletion number."""
    out: dict[int, set[str]] = {}
    for _, text in card.text.items():
        for d in cloze.deletions(text):
            out.setdefault(d.number, set()).add(normalize(d.answer))
    for key, alternatives in card.accept.items():
        out.setdefault(int(key[1:]), set()).update(normalize(a) for a in alternatives)
    return out


def expected_text(card: Cloze) -> Text:
    """The card's text with the answers filled in, per language."""
    return Text(**{lang: cloze.blank(t, reveal=True) for lang, t in card.text.items()})


def check(card: Cloze, answer: str | Sequence[str]) -> Verdict:
    """Answers in deletion-number order, as a list or one string split on ``;``."""
    parts = split_answers(answer) if isinstance(answer, str) else [a.strip() for a in answer]
    wanted = accepted(card)
    numbers = sorted(wanted)
    if len(parts) != len(numbers):
        raise AnswerError(
            Text(
                en=f"This card has {len(numbers)} blanks: type {len(numbers)} answers separated "
                "by ';'.",
                zh=f"这张卡片有 {len(numbers)} 处填空：请输入 {len(numbers)} 个答案，用“;”分隔。",
            )
        )
    if not any(parts):
        raise AnswerError(Text(en="Type the missing text.", zh="请输入空缺的内容。"))
    right = [normalize(p) in wanted[n] for p, n in zip(parts, numbers, strict=True)]
    return Verdict(
        correct=all(right),
        expected=expected_text(card),
        record="; ".join(parts),
        details={"blanks": right},
    )
