"""The end-of-round report: score per topic and kind, time per question against its target, the
weakest questions with their answers and worked solutions, and the round beside earlier ones.

Scores are means over the round's questions; a question not reached counts 0 (an interviewer
would not have heard an answer either). Only finished rounds are compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from quizapp.bank.loader import Library
from quizapp.bank.model import Card, Drill, Flashcard, Numeric, Text
from quizapp.store import Store
from quizapp.store import rounds as stored
from quizapp.store.rounds import MockQuestion, MockRoundRecord

WEAKEST = 3


@dataclass(frozen=True, slots=True)
class Weak:
    """A weak question as it was asked (``prompt``: a numeric question's filled-in text), the
    right ``answer``, the worked ``solution`` (text) or reference ``code``, and for an open
    question its key points with whether each was covered."""

    question: MockQuestion
    card: Card
    prompt: Text
    answer: Text
    solution: Text | None = None
    code: str | None = None
    points: tuple[tuple[Text, bool], ...] = ()


@dataclass(frozen=True, slots=True)
class RoundReport:
    """A round summed up (see the module docstring); ``earlier`` holds ``(round id, started,
    score)`` of the finished rounds before it, newest first."""

    round_id: int
    status: str
    started_at: datetime
    score: float
    by_deck: dict[str, float]
    by_kind: dict[str, float]
    questions: tuple[MockQuestion, ...]
    weakest: tuple[Weak, ...]
    earlier: tuple[tuple[int, datetime, float], ...]

    @property
    def change(self) -> float | None:
        """The score's change since the previous finished round (None: the first round)."""
        return self.score - self.earlier[0][2] if self.earlier else None


def _means(questions: tuple[MockQuestion, ...], key: str) -> dict[str, float]:
    groups: dict[str, list[float]] = {}
    for q in questions:
        groups.setdefault(getattr(q, key), []).append(q.score or 0.0)
    return {name: sum(v) / len(v) for name, v in groups.items()}


def _weak(question: MockQuestion, card: Card) -> Weak:
    if isinstance(card, Flashcard):
        covered = set(question.points or ())
        points = tuple((p, i in covered) for i, p in enumerate(card.points))
        return Weak(question, card, card.front, card.back, card.explanation, points=points)
    if isinstance(card, Numeric):
        from quizapp.grading import numeric

        instance = numeric.instantiate(card, question.seed or 0)
        shown = numeric.show_number(instance.answer)
        return Weak(question, card, instance.question, Text(en=shown, zh=shown), instance.solution)
    if isinstance(card, Drill):
        from quizapp.grading.drill import reference_code

        return Weak(
            question, card, card.title, card.title, card.explanation, code=reference_code(card)
        )
    return Weak(question, card, card.prompt, card.prompt, card.explanation)


def build_report(store: Store, library: Library, record: MockRoundRecord) -> RoundReport:
    """The report of ``record`` (a round as stored, open or ended)."""
    qs = record.questions
    score = sum(q.score or 0.0 for q in qs) / len(qs) if qs else 0.0
    ranked = sorted(
        (q for q in qs if (q.score or 0.0) < 1 and q.card_id in library.cards),
        key=lambda q: (q.score or 0.0, q.position),
    )
    return RoundReport(
        round_id=record.id,
        status=record.status,
        started_at=record.started_at,
        score=score,
        by_deck=_means(qs, "deck"),
        by_kind=_means(qs, "kind"),
        questions=qs,
        weakest=tuple(_weak(q, library.cards[q.card_id]) for q in ranked[:WEAKEST]),
        earlier=tuple(stored.finished_rounds(store, before=record.id)),
    )
