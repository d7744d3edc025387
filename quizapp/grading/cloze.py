"""Grading cloze cards: each blank's answer is read for what it means (number, formula or term,
see :mod:`quizapp.grading.answers`) and compared with the deletion's text in either language
and the card's ``accept`` entries for it. An empty answer or ``?`` is "don't know": a wrong
verdict showing the answer, never a question asked again."""

from __future__ import annotations

from collections.abc import Sequence

from quizapp.bank import cloze
from quizapp.bank.model import Cloze, Text
from quizapp.grading import answers
from quizapp.grading.normalize import split_answers
from quizapp.grading.verdict import NOT_ANSWERED, AnswerError, Verdict


def accepted_texts(card: Cloze) -> dict[int, list[str]]:
    """Every accepted spelling per deletion number: the deletion's text in each language,
    then the card's ``accept`` entries, without repeats."""
    out: dict[int, list[str]] = {}
    for _, text in card.text.items():
        for d in cloze.deletions(text):
            out.setdefault(d.number, []).append(d.answer)
    for name, alternatives in card.accept.items():
        out.setdefault(int(name[1:]), []).extend(alternatives)
    return {n: list(dict.fromkeys(texts)) for n, texts in sorted(out.items())}


def accepted(card: Cloze) -> dict[int, list[answers.Expected]]:
    """The accepted answers per deletion number, each read once."""
    return {n: answers.read_accepted(ts) for n, ts in accepted_texts(card).items()}


def expected_text(card: Cloze) -> Text:
    """The card's text with the answers filled in, per language."""
    return Text(**{lang: cloze.blank(t, reveal=True) for lang, t in card.text.items()})


def _labelled(number: int, count: int, text: Text) -> Text:
    if count == 1:
        return text
    return Text(en=f"Blank {number}: {text.en}", zh=f"第 {number} 空：{text.zh}")


def _joined(texts: list[Text]) -> Text | None:
    if not texts:
        return None
    return Text(en="\n".join(t.get("en") for t in texts), zh="\n".join(t.get("zh") for t in texts))


def check(card: Cloze, answer: str | Sequence[str] | None) -> Verdict:
    """Answers in deletion-number order, as a list or one string split on ``;``.

    ``correct`` is True when every blank means an accepted answer. ``mistake`` carries the
    diagnosis of near misses (sign flipped, off by a power of ten, transpose missing, a known
    confusion, a negation or several alternatives), the note that a formula was compared as
    text, or "not answered"; ``details`` holds ``blanks`` (right or not, per blank),
    ``dont_know`` and ``diagnosis`` (the same text, or None). Raises :class:`AnswerError` only
    for a wrong number of answers."""
    if answer is None:
        answer = ""
    parts = split_answers(answer) if isinstance(answer, str) else [a.strip() for a in answer]
    wanted = accepted(card)
    numbers = sorted(wanted)
    expected = expected_text(card)
    if all(answers.dont_know(p) for p in parts):
        return Verdict.not_answered(expected, blanks=[False] * len(numbers), diagnosis=None)
    if len(parts) != len(numbers):
        raise AnswerError(
            Text(
                en=f"This card has {len(numbers)} blanks: type {len(numbers)} answers separated "
                "by ';'.",
                zh=f"这张卡片有 {len(numbers)} 处填空：请输入 {len(numbers)} 个答案，用“;”分隔。",
            )
        )
    right: list[bool] = []
    notes: list[Text] = []
    for part, n in zip(parts, numbers, strict=True):
        if answers.dont_know(part):
            right.append(False)
            notes.append(_labelled(n, len(numbers), NOT_ANSWERED))
            continue
        judged = answers.matches(part, wanted[n])
        right.append(judged.right)
        why = judged.note if judged.right else answers.diagnose(part, wanted[n]) or judged.note
        if why is not None:
            notes.append(_labelled(n, len(numbers), why))
    diagnosis = _joined(notes)
    return Verdict(
        correct=all(right),
        expected=expected,
        mistake=diagnosis,
        record="; ".join(parts),
        details={"blanks": right, "dont_know": False, "diagnosis": diagnosis},
    )
