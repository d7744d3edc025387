"""The store: every read and write of the user's data goes through :class:`Store`.

Front-ends never talk to the database; the study engine and the commands call these methods.
Each write is one transaction, committed before the method returns.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Integer, func, select
from sqlalchemy.orm import Session, sessionmaker

from quizapp import paths
from quizapp.store import migrations
from quizapp.store.engine import make_engine
from quizapp.store.models import CardMark, CardState, DrillCode, ReviewLog, Setting

__all__ = ["DEFAULT_SETTINGS", "Review", "Scheduling", "Store"]

DEFAULT_SETTINGS: dict[str, Any] = {
    "lang": "en",  # en | zh | both
    "desired_retention": 0.9,
    "new_per_day": 20,
    "reviews_per_day": 200,
    "learning_steps_min": [1, 10],
    "relearning_steps_min": [10],
    "day_starts_at_hour": 4,  # local time, as in Anki
    "theme": "dark",
}


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
        return json.dumps({
            "state": self.state, "step": self.step, "stability": self.stability,
            "difficulty": self.difficulty, "due": self.due.isoformat(),
            "last_review": self.last_review.isoformat() if self.last_review else None,
        })

    @classmethod
    def from_json(cls, card_id: str, data: str) -> Scheduling:
        d = json.loads(data)
        return cls(card_id, d["state"], d["step"], d["stability"], d["difficulty"],
                   datetime.fromisoformat(d["due"]),
                   datetime.fromisoformat(d["last_review"]) if d["last_review"] else None)

    @classmethod
    def from_row(cls, row: CardState) -> Scheduling:
        return cls(row.card_id, row.state, row.step, row.stability, row.difficulty, row.due,
                   row.last_review)


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


def _review(row: ReviewLog) -> Review:
    return Review(row.id, row.card_id, row.reviewed_at, row.rating, row.duration_ms, row.answer,
                  row.correct, row.lang, row.seed, row.prev_state is None)


class Store:
    """The user's data in one SQLAlchemy database (see :mod:`quizapp.store.models`)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.session: sessionmaker[Session] = sessionmaker(self.engine, expire_on_commit=False)
        with self.engine.begin() as conn:
            migrations.upgrade(conn)

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        """Open (creating and migrating as needed) the database at ``url``; None means
        ``QUIZAPP_DB`` or ``sqlite:///$QUIZAPP_HOME/quizapp.db``."""
        return cls(url or paths.default_db_url())

    def close(self) -> None:
        self.engine.dispose()

    # --- settings -------------------------------------------------------------------------

    def settings(self) -> dict[str, Any]:
        """All settings, stored values over :data:`DEFAULT_SETTINGS`."""
        with self.session() as s:
            stored = {row.key: json.loads(row.value) for row in s.scalars(select(Setting))}
        return {**DEFAULT_SETTINGS, **stored}

    def set_setting(self, key: str, value: Any) -> None:
        """Store one setting (any JSON value)."""
        if key not in DEFAULT_SETTINGS:
            raise KeyError(f"unknown setting {key!r}")
        with self.session.begin() as s:
            s.merge(Setting(key=key, value=json.dumps(value)))

    # --- scheduling state -----------------------------------------------------------------

    def scheduling(self, card_id: str) -> Scheduling | None:
        """The stored state of one card, None if it was never reviewed."""
        with self.session() as s:
            row = s.get(CardState, card_id)
            return Scheduling.from_row(row) if row else None

    def all_scheduling(self) -> dict[str, Scheduling]:
        """Every stored card state by id (for browse and stats)."""
        with self.session() as s:
            return {r.card_id: Scheduling.from_row(r) for r in s.scalars(select(CardState))}

    def reviewed_ids(self) -> set[str]:
        """Ids of every card with a stored state (so: not new)."""
        with self.session() as s:
            return set(s.scalars(select(CardState.card_id)))

    def due_ids(self, until: datetime, limit: int | None = None) -> list[tuple[str, datetime]]:
        """``(card_id, due)`` of cards due at or before ``until``, earliest first, not
        suspended and not buried past ``until`` (uses the index on ``due``)."""
        q = (
            select(CardState.card_id, CardState.due)
            .outerjoin(CardMark, CardMark.card_id == CardState.card_id)
            .where(CardState.due <= until)
            .where((CardMark.card_id.is_(None)) | (
                (CardMark.suspended.is_(False))
                & ((CardMark.buried_until.is_(None)) | (CardMark.buried_until <= until))))
            .order_by(CardState.due)
        )
        if limit is not None:
            q = q.limit(limit)
        with self.session() as s:
            return [(row[0], row[1]) for row in s.execute(q)]

    # --- marks ----------------------------------------------------------------------------

    def marks(self) -> dict[str, CardMark]:
        """Suspended, buried and flagged cards by id (detached rows)."""
        with self.session() as s:
            return {m.card_id: m for m in s.scalars(select(CardMark))}

    def set_mark(self, card_id: str, *, suspended: bool | None = None,
                 buried_until: datetime | bool | None = False,
                 flagged: bool | None = None) -> None:
        """Change a card's marks; arguments left at their default are kept
        (``buried_until=None`` un-buries; ``False`` means "keep")."""
        with self.session.begin() as s:
            mark = s.get(CardMark, card_id) or CardMark(card_id=card_id, suspended=False,
                                                       flagged=False)
            if suspended is not None:
                mark.suspended = suspended
            if buried_until is not False:
                mark.buried_until = buried_until  # type: ignore[assignment]
            if flagged is not None:
                mark.flagged = flagged
            s.add(mark)

    # --- reviews --------------------------------------------------------------------------

    def record(self, new: Scheduling, *, rating: int, reviewed_at: datetime,
               duration_ms: int | None, answer: str | None, correct: bool | None, lang: str,
               seed: int | None = None) -> int:
        """Store a review in one transaction: the card's new state and a log row holding the
        previous state. Returns the log row id once committed."""
        with self.session.begin() as s:
            row = s.get(CardState, new.card_id)
            prev = Scheduling.from_row(row).to_json() if row else None
            if row is None:
                row = CardState(card_id=new.card_id)
                s.add(row)
            row.state, row.step, row.stability = new.state, new.step, new.stability
            row.difficulty, row.due, row.last_review = new.difficulty, new.due, new.last_review
            log = ReviewLog(card_id=new.card_id, reviewed_at=reviewed_at, rating=rating,
                            duration_ms=duration_ms, answer=answer, correct=correct, lang=lang,
                            prev_state=prev, seed=seed)
            s.add(log)
            s.flush()
            return log.id

    def undo(self, log_id: int) -> str | None:
        """Undo one review exactly: restore the previous state (or delete it, for a card that
        was new) and delete the log row. Returns the card id, None if the row is gone."""
        with self.session.begin() as s:
            log = s.get(ReviewLog, log_id)
            if log is None:
                return None
            row = s.get(CardState, log.card_id)
            if log.prev_state is None:
                if row is not None:
                    s.delete(row)
            else:
                prev = Scheduling.from_json(log.card_id, log.prev_state)
                if row is None:
                    row = CardState(card_id=log.card_id)
                    s.add(row)
                row.state, row.step, row.stability = prev.state, prev.step, prev.stability
                row.difficulty, row.due = prev.difficulty, prev.due
                row.last_review = prev.last_review
            s.delete(log)
            return log.card_id

    def history(self, card_id: str) -> list[Review]:
        """A card's reviews, oldest first."""
        with self.session() as s:
            q = select(ReviewLog).where(ReviewLog.card_id == card_id).order_by(ReviewLog.id)
            return [_review(r) for r in s.scalars(q)]

    def reviews_between(self, start: datetime, end: datetime) -> list[Review]:
        """Reviews with ``start <= reviewed_at < end``, oldest first (uses the time index)."""
        with self.session() as s:
            q = (select(ReviewLog).where(ReviewLog.reviewed_at >= start)
                 .where(ReviewLog.reviewed_at < end).order_by(ReviewLog.reviewed_at))
            return [_review(r) for r in s.scalars(q)]

    def counts_between(self, start: datetime, end: datetime) -> tuple[int, int]:
        """``(new cards introduced, other reviews)`` with ``start <= reviewed_at < end``."""
        with self.session() as s:
            q = (select(ReviewLog.prev_state.is_(None), func.count())
                 .where(ReviewLog.reviewed_at >= start).where(ReviewLog.reviewed_at < end)
                 .group_by(ReviewLog.prev_state.is_(None)))
            counts = {bool(was_new): n for was_new, n in s.execute(q)}
        return counts.get(True, 0), counts.get(False, 0)

    def review_times(self, start: datetime, end: datetime) -> list[datetime]:
        """``reviewed_at`` of every review with ``start <= reviewed_at < end`` (time index)."""
        with self.session() as s:
            q = (select(ReviewLog.reviewed_at).where(ReviewLog.reviewed_at >= start)
                 .where(ReviewLog.reviewed_at < end))
            return list(s.scalars(q))

    def due_times(self, until: datetime) -> list[tuple[str, datetime]]:
        """``(card_id, due)`` of every card due before ``until`` (due index), for forecasts."""
        with self.session() as s:
            q = select(CardState.card_id, CardState.due).where(CardState.due < until)
            return [(row[0], row[1]) for row in s.execute(q)]

    def retention_counts(self, start: datetime, end: datetime) -> tuple[int, int]:
        """``(passed, total)`` over reviews of cards that were in review state (not learning)
        with ``start <= reviewed_at < end``: "true retention" counts rating > Again as passed."""
        review_state = '{"state": 2,%'  # Scheduling.to_json always starts with the state
        with self.session() as s:
            q = (select(func.count(), func.sum((ReviewLog.rating > 1).cast(Integer)))
                 .where(ReviewLog.reviewed_at >= start).where(ReviewLog.reviewed_at < end)
                 .where(ReviewLog.prev_state.like(review_state)))
            total, passed = s.execute(q).one()
        return int(passed or 0), int(total or 0)

    def review_count(self) -> int:
        with self.session() as s:
            return s.scalar(select(func.count()).select_from(ReviewLog)) or 0

    def logged_ids(self) -> set[str]:
        """Every card id that has a state or a review (to find orphans)."""
        with self.session() as s:
            ids = set(s.scalars(select(CardState.card_id)))
            ids |= set(s.scalars(select(ReviewLog.card_id).distinct()))
            return ids

    # --- drill code -----------------------------------------------------------------------

    def save_drill_code(self, card_id: str, code: str) -> None:
        """Keep the user's latest code for a drill."""
        with self.session.begin() as s:
            s.merge(DrillCode(card_id=card_id, code=code, updated_at=datetime.now(UTC)))

    def load_drill_code(self, card_id: str) -> str | None:
        """The user's latest code for a drill, None if never saved."""
        with self.session() as s:
            row = s.get(DrillCode, card_id)
            return row.code if row else None
