"""Read-only queries for statistics, taking a :class:`~quizapp.store.Store`.

Kept apart from :mod:`quizapp.store` so the statistics can grow without touching the write path;
each function opens one short read session and returns plain Python values (aware UTC times).
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import func, select

from quizapp.store import Store
from quizapp.store.models import ReviewLog

REVIEW_STATE = 2  # fsrs.State.Review


def review_times(store: Store, start: datetime | None = None,
                 end: datetime | None = None) -> list[datetime]:
    """When each review happened (``start <= reviewed_at < end``; None = unbounded), oldest
    first. Only the time column is read, so this stays cheap on a long log."""
    q = select(ReviewLog.reviewed_at).order_by(ReviewLog.reviewed_at)
    if start is not None:
        q = q.where(ReviewLog.reviewed_at >= start)
    if end is not None:
        q = q.where(ReviewLog.reviewed_at < end)
    with store.session() as s:
        return list(s.scalars(q))


def first_review_time(store: Store) -> datetime | None:
    """The time of the oldest review in the log, None if the log is empty."""
    with store.session() as s:
        return s.scalar(select(func.min(ReviewLog.reviewed_at)))


def retention_counts(store: Store, start: datetime, end: datetime) -> tuple[int, int]:
    """True retention's numerator and denominator over ``start <= reviewed_at < end``:
    ``(passed, total)`` counting only reviews of cards that were in the *review* state before
    the answer (not new, not learning or relearning); passed means rated above Again."""
    q = (select(ReviewLog.rating, ReviewLog.prev_state)
         .where(ReviewLog.reviewed_at >= start).where(ReviewLog.reviewed_at < end)
         .where(ReviewLog.prev_state.is_not(None)))
    passed = total = 0
    with store.session() as s:
        for rating, prev in s.execute(q):
            try:
                state = json.loads(prev).get("state")
            except (ValueError, AttributeError):
                continue
            if state == REVIEW_STATE:
                total += 1
                passed += rating > 1
    return passed, total
