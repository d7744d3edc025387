"""How long the user's answers take, from the review log (for the interview plan's minutes)."""

from __future__ import annotations

import statistics

from sqlalchemy import select

from quizapp.store import Store, tables

_LOG = tables.review_log


def median_duration_ms(store: Store, *, last: int = 500, cap_ms: int = 300_000) -> int | None:
    """The median ``duration_ms`` of the ``last`` answers that have one, each capped at
    ``cap_ms`` (an answer left open over lunch counts as five minutes); None without any.
    Reads the newest rows of the log by id: the cost follows ``last``, not the log's size."""
    q = (
        select(_LOG.c.duration_ms)
        .where(_LOG.c.duration_ms.is_not(None))
        .order_by(_LOG.c.id.desc())
        .limit(last)
    )
    with store.engine.connect() as conn:
        values = [min(int(v), cap_ms) for v in conn.execute(q).scalars()]
    return int(statistics.median(values)) if values else None
