"""What the store hands out: immutable records of the rows it keeps (scheduling state, reviews,
marks, drill attempts) and of its own bookkeeping (the queue hint, state summaries).

Times are aware UTC datetimes. Nothing here touches the database.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Scheduling:
    """A card's FSRS state as stored (``state``: 1 learning, 2 review, 3 relearning)."""

    card_id: str
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None

    def to_json(self) -> str:
        """The JSON kept in ``review_log.prev_state`` for undo."""
        return json.dumps(
            {
                "state": self.state,
                "step": self.step,
                "stability": self.stability,
                "difficulty": self.difficulty,
                "due": self.due.isoformat(),
                "last_review": self.last_review.isoformat() if self.last_review else None,
            }
        )

    @classmethod
    def from_json(cls, card_id: str, data: str) -> Scheduling:
        d = json.loads(data)
        return cls(
            card_id,
            d["state"],
            d["step"],
            d["stability"],
            d["difficulty"],
            datetime.fromisoformat(d["due"]),
            datetime.fromisoformat(d["last_review"]) if d["last_review"] else None,
        )


@dataclass(frozen=True, slots=True)
class Review:
    """One row of the review log."""

    id: int
    card_id: str
    reviewed_at: datetime
    rating: int
    duration_ms: int | None
    answer: str | None
    correct: bool | None
    lang: str
    seed: int | None
    was_new: bool


@dataclass(frozen=True, slots=True)
class Mark:
    """A card's marks: suspended, buried until, flagged (cards without marks have no row)."""

    card_id: str
    suspended: bool
    buried_until: datetime | None
    flagged: bool


def review_from_row(row: Any) -> Review:
    """A :class:`Review` from a ``review_log`` row."""
    return Review(
        row.id,
        row.card_id,
        row.reviewed_at,
        row.rating,
        row.duration_ms,
        row.answer,
        row.correct,
        row.lang,
        row.seed,
        row.prev_state is None,
    )


@dataclass(frozen=True, slots=True)
class QueueHint:
    """What the store remembers to find new cards without checking every reviewed one: each of
    the first ``length`` card ids of a library's introduction order has a stored state, except
    those in ``holes``. ``digest`` identifies those ids (:meth:`Library.prefix_digest`), so a
    changed library ignores the hint. ``version`` changes whenever the hint changes (a save, or
    an undo that deletes a state), so a stale reader's save is refused."""

    length: int = 0
    digest: str = ""
    holes: tuple[str, ...] = ()
    version: int = 0


@dataclass(frozen=True, slots=True)
class DrillAttempt:
    """One attempt at a drill as stored (see ``tables.drill_attempt``): graded checks and how
    many failed, whether the first check passed (None before it) and the last one, hints
    shown, the solution seen, the SHA-256 of the last checked code, and the review that ended
    it (``recorded_at``/``rating``; None while the attempt is open)."""

    card_id: str
    started_at: datetime
    checks: int = 0
    failed_checks: int = 0
    first_check_passed: bool | None = None
    passed: bool = False
    hints: int = 0
    solution_seen: bool = False
    code_hash: str | None = None
    recorded_at: datetime | None = None
    rating: int | None = None
    updated_at: datetime | None = None

    @property
    def recorded(self) -> bool:
        """True once a review ended the attempt."""
        return self.recorded_at is not None


@dataclass(frozen=True, slots=True)
class StateSummary:
    """Aggregates over the stored states of a set of cards (see :meth:`Store.summarize`)."""

    learned: int = 0  # cards with a state
    recall: float = 0.0  # sum of their FSRS retrievability
