"""Whole-log reads and history imports: what fitting a memory model and importing another
tool's reviews need from the review log."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from sqlalchemy import select

from quizapp.store import Store
from quizapp.store.tables import review_log


def all_answers(store: Store) -> Iterator[tuple[str, datetime, int]]:
    """Every review as ``(card_id, reviewed_at, rating)``, in log order."""
    q = select(review_log.c.card_id, review_log.c.reviewed_at, review_log.c.rating).order_by(
        review_log.c.id
    )
    with store.engine.connect() as conn:
        yield from ((card_id, at, rating) for card_id, at, rating in conn.execute(q))


def review_times(store: Store, card_ids: Sequence[str]) -> set[tuple[str, datetime]]:
    """``(card_id, reviewed_at)`` of the existing reviews of ``card_ids`` (to skip, on a
    re-import, the reviews already there)."""
    out: set[tuple[str, datetime]] = set()
    with store.engine.connect() as conn:
        for start in range(0, len(card_ids), 500):
            chunk = list(card_ids[start : start + 500])
            q = select(review_log.c.card_id, review_log.c.reviewed_at).where(
                review_log.c.card_id.in_(chunk)
            )
            out.update((c, t) for c, t in conn.execute(q))
    return out
