"""Grading choice cards. Options are shown in a per-review order (``order[i]`` is the index in
the bank of the option shown i-th); the user picks shown positions."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from quizapp.bank.model import Choice, Text
from quizapp.grading.answers import dont_know
from quizapp.grading.verdict import AnswerError, Verdict

KEYS = "123456789abcdefghijklmnopqrstuvwxyz"


def key_for(position: int, count: int) -> str:
    """The key of the option shown at ``position``: ``1``–``9`` when there are at most nine
    options, else ``a``–``z``."""
    return KEYS[position] if count <= 9 else KEYS[9 + position]


_CONNECTORS = re.compile(r"\b(?:and|or|options?)\b|&|\+|以及|和|与|及|选项|、|，|；|;")


def parse(answer: str, count: int) -> set[int]:
    """Shown positions picked in ``answer``, by the keys the options are shown with: digits
    when there are at most nine options (``"2"``, ``"1 3"``, ``"1,3"``, ``"1 and 3"``,
    ``"13"``, ``"１、３"``), letters beyond (``"a,c"``). A key of the other sort (``b`` on a card
    numbered 1–4) is not an option: :class:`AnswerError`, asked again."""
    text = unicodedata.normalize("NFKC", answer).strip().lower()
    text = _CONNECTORS.sub(",", text)
    tokens = re.findall(r"[0-9]+|[a-z]", text)
    digits = count <= 9
    if len(tokens) == 1 and tokens[0].isdigit() and digits:
        tokens = list(tokens[0])
    picked: set[int] = set()
    for token in tokens:
        if token.isdigit() != digits:
            last = key_for(count - 1, count)
            raise AnswerError(
                Text(
                    en=f"'{token}' is not an option: the options are keyed 1–{last}."
                    if digits
                    else f"'{token}' is not an option: the options are keyed a–{last}.",
                    zh=f"没有选项“{token}”：选项编号是 {key_for(0, count)}–{last}。",
                )
            )
        position = int(token) - 1 if digits else ord(token) - ord("a")
        if not 0 <= position < count:
            raise AnswerError(Text(en=f"'{token}' is not an option.", zh=f"没有选项“{token}”。"))
        picked.add(position)
    if not picked:
        raise AnswerError(Text(en="Pick an option by its key.", zh="请按选项前的编号作答。"))
    return picked


def expected_text(card: Choice, order: Sequence[int]) -> Text:
    """The right options with the keys they are shown with, per language."""
    right_positions = [p for p, i in enumerate(order) if card.options[i].correct]
    return Text(
        **{
            lang: "\n".join(
                f"{key_for(p, len(order))}. {card.options[order[p]].text.get(lang)}"
                for p in right_positions
            )
            for lang in ("en", "zh")
        }
    )


def check(card: Choice, order: Sequence[int], answer: str | Iterable[int] | None) -> Verdict:
    """Right iff exactly the correct options are picked. An empty answer or ``?`` is "don't
    know": wrong, with the answer shown (``details["dont_know"]``)."""
    expected = expected_text(card, order)
    right_positions = sorted(p for p, i in enumerate(order) if card.options[i].correct)
    if answer is None or (isinstance(answer, str) and dont_know(answer)):
        return Verdict.not_answered(expected, picked=[], right=right_positions)
    picked = parse(answer, len(order)) if isinstance(answer, str) else set(answer)
    if not card.multiple and len(picked) > 1:
        raise AnswerError(
            Text(
                en="Only one option is correct: pick one.", zh="本题只有一个正确选项，请只选一个。"
            )
        )
    chosen = {order[p] for p in picked}
    correct = {i for i, o in enumerate(card.options) if o.correct}
    record = ",".join(str(i) for i in sorted(chosen))  # bank indexes: stable across reviews
    return Verdict(
        correct=chosen == correct,
        expected=expected,
        record=record,
        details={"picked": sorted(picked), "right": right_positions, "dont_know": False},
    )
