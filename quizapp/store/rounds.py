"""Mock interview rounds in the store (tables ``mock_round`` and ``mock_answer``).

A round's questions are all written when it starts, in the order they are asked; answering one
fills its answer columns. A round is ``open`` until it is finished or abandoned, so an
interrupted round keeps every answer given and can be resumed. Each write is one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from quizapp.store import Store, tables

_ROUND = tables.mock_round
_ANSWER = tables.mock_answer
OPEN, FINISHED, ABANDONED = "open", "finished", "abandoned"


@dataclass(frozen=True, slots=True)
class MockQuestion:
    """One question of a round; the answer fields are None until it is answered."""

    position: int
    card_id: str
    kind: str
    deck: str
    target_seconds: int
    seed: int | None = None
    answered_at: datetime | None = None
    seconds: float | None = None
    score: float | None = None
    points: tuple[int, ...] | None = None  # key points ticked (None: the card has none)
    answer: str | None = None
    log_id: int | None = None

    @property
    def answered(self) -> bool:
        return self.answered_at is not None


@dataclass(frozen=True, slots=True)
class MockRoundRecord:
    """A stored round with its questions in order."""

    id: int
    started_at: datetime
    minutes: int
    lang: str
    decks: tuple[str, ...]
    status: str
    ended_at: datetime | None
    score: float | None
    questions: tuple[MockQuestion, ...] = ()


def _question(row: Any) -> MockQuestion:
    return MockQuestion(
        row.position,
        row.card_id,
        row.kind,
        row.deck,
        row.target_seconds,
        row.seed,
        row.answered_at,
        row.seconds,
        row.score,
        tuple(json.loads(row.points)) if row.points is not None else None,
        row.answer,
        row.log_id,
    )


def create_round(
    store: Store,
    *,
    started_at: datetime,
    minutes: int,
    lang: str,
    decks: Sequence[str],
    questions: Sequence[MockQuestion],
) -> int:
    """Store a new open round and its questions; returns its id."""
    with store.engine.begin() as conn:
        result = conn.execute(
            _ROUND.insert().values(
                started_at=started_at,
                minutes=minutes,
                lang=lang,
                decks=json.dumps(list(decks)),
                status=OPEN,
            )
        )
        key = result.inserted_primary_key
        assert key is not None
        round_id = int(key[0])
        conn.execute(
            _ANSWER.insert(),
            [
                {
                    "round_id": round_id,
                    "position": q.position,
                    "card_id": q.card_id,
                    "kind": q.kind,
                    "deck": q.deck,
                    "target_seconds": q.target_seconds,
                    "seed": q.seed,
                }
                for q in questions
            ],
        )
    return round_id


def load_round(store: Store, round_id: int) -> MockRoundRecord | None:
    """The round ``round_id`` with its questions, None if there is none."""
    with store.engine.connect() as conn:
        row = conn.execute(select(_ROUND).where(_ROUND.c.id == round_id)).first()
        if row is None:
            return None
        answers = conn.execute(
            select(_ANSWER).where(_ANSWER.c.round_id == round_id).order_by(_ANSWER.c.position)
        ).all()
    return MockRoundRecord(
        row.id,
        row.started_at,
        row.minutes,
        row.lang,
        tuple(json.loads(row.decks)),
        row.status,
        row.ended_at,
        row.score,
        tuple(_question(a) for a in answers),
    )


def latest_open_round(store: Store) -> int | None:
    """The id of the most recent round still open (interrupted), None if none."""
    q = select(_ROUND.c.id).where(_ROUND.c.status == OPEN).order_by(_ROUND.c.id.desc()).limit(1)
    with store.engine.connect() as conn:
        return conn.execute(q).scalar()


def save_answer(
    store: Store,
    round_id: int,
    position: int,
    *,
    answered_at: datetime,
    seconds: float,
    score: float,
    points: Sequence[int] | None,
    answer: str | None,
    log_id: int | None,
) -> None:
    """Fill in the answer to question ``position`` of round ``round_id``."""
    with store.engine.begin() as conn:
        conn.execute(
            _ANSWER.update()
            .where(_ANSWER.c.round_id == round_id)
            .where(_ANSWER.c.position == position)
            .values(
                answered_at=answered_at,
                seconds=seconds,
                score=score,
                points=json.dumps(list(points)) if points is not None else None,
                answer=answer,
                log_id=log_id,
            )
        )


def end_round(
    store: Store, round_id: int, *, status: str, ended_at: datetime, score: float | None
) -> None:
    """Mark a round ``finished`` or ``abandoned`` with its final score."""
    if status not in (FINISHED, ABANDONED):
        raise ValueError(f"a round ends finished or abandoned, not {status!r}")
    with store.engine.begin() as conn:
        conn.execute(
            _ROUND.update()
            .where(_ROUND.c.id == round_id)
            .values(status=status, ended_at=ended_at, score=score)
        )


def finished_rounds(
    store: Store, *, before: int | None = None, limit: int = 5
) -> list[tuple[int, datetime, float]]:
    """``(id, started_at, score)`` of the latest finished rounds (newest first), only those
    with an id below ``before`` if given."""
    q = select(_ROUND.c.id, _ROUND.c.started_at, _ROUND.c.score).where(_ROUND.c.status == FINISHED)
    if before is not None:
        q = q.where(_ROUND.c.id < before)
    q = q.order_by(_ROUND.c.id.desc()).limit(limit)
    with store.engine.connect() as conn:
        return [(int(i), at, float(score or 0.0)) for i, at, score in conn.execute(q)]


def round_counts(store: Store) -> tuple[int, float | None]:
    """``(finished rounds, score of the latest one)`` for the statistics."""
    with store.engine.connect() as conn:
        count = conn.execute(
            select(func.count()).select_from(_ROUND).where(_ROUND.c.status == FINISHED)
        ).scalar()
    latest = finished_rounds(store, limit=1)
    return int(count or 0), latest[0][2] if latest else None
