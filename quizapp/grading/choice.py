"""Grading choice cards. Options are shown in a per-review order (``order[i]`` is the index in
the bank of the option shown i-th); the user picks shown positions."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from quizapp.bank.model import Choice, Text
from quizapp.grading.verdict import AnswerError, Verdict

KEYS = "123456789abcdefghijklmnopqrstuvwxyz"


def key_for(position: int, count: int) -> str:
    """The key of the option shown at ``position``: ``1``–``9`` when there are at most nine
    options, else ``a``–``z``."""
    return KEYS[position] if count <= 9 else KEYS[9 + position]


def parse(answer: str, count: int) -> set[int]:
    """Shown positions picked in ``answer`` (``"2"``, ``"1 3"``, ``"a,c"``, ``"13"``)."""
    text = answer.strip().lower().translate(str.maketrans("１２３４５６７８９，、", "123456789,,"))
    tokens = re.findall(r"[0-9]+|[a-z]", text)
    if len(tokens) == 1 and tokens[0].isdigit() and count <= 9:
        tokens = list(tokens[0])
    picked: set[int] = set()
    for token in tokens:
        position = int(token) - 1 if token.isdigit() else ord(token) - ord("a")
        if not 0 <= position < count:
            raise AnswerError(Text(en=f"'{token}' is not an option.", zh=f"没有选项“{token}”。"))
        picked.add(position)
    if not picked:
        raise AnswerError(Text(en="Pick an option by its key.", zh="请按选项前的编号作答。"))
    return picked


def check(card: Choice, order: Sequence[int], answer: str | Iterable[int]) -> Verdict:
    """Right iff exactly the correct options are picked."""
    picked = parse(answer, len(order)) if isinstance(answer, str) else set(answer)
    if not card.multiple and len(picked) > 1:
        raise AnswerError(
            Text(
                en="Only one option is correct: pick one.", zh="本题只有一个正确选项，请只选一个。"
            )
        )
    chosen = {order[p] for p in picked}
    correct = {i for i, o in enumerate(card.options) if o.correct}
    right_positions = sorted(p for p, i in enumerate(order) if i in correct)
    expected = Text(
        **{
            lang: "\n".join(
                f"{key_for(p, len(order))}. {card.options[order[p]].text.get(lang)}"
                for p in right_positions
            )
            for lang in ("en", "zh")
        }
    )
    record = ",".join(str(i) for i in sorted(chosen))  # bank indexes: stable across reviews
    return Verdict(
        correct=chosen == correct,
        expected=expected,
        record=record,
        details={"picked": sorted(picked), "right": right_positions},
    )
