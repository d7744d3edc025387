"""The store's SQL: Core statements of the hot paths, built once at import (SQLAlchemy caches
their compiled form), and the small helpers every part of the store shares (portable upsert, id
chunks, row conversion). Plain SQL for SQLite's fast paths is in :mod:`quizapp.store.sqlite`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Connection, bindparam, case, func, or_, select, text

from quizapp.store import tables
from quizapp.store.records import Scheduling

STATE = tables.card_state
LOG = tables.review_log
MARK = tables.card_mark
META = tables.store_meta
SETTING = tables.settings
DRILL = tables.drill_code
ATTEMPT = tables.drill_attempt
ATTEMPT_COLUMNS = tuple(c.name for c in ATTEMPT.columns if c.name != "card_id")
STATE_COLUMNS = ("state", "step", "stability", "difficulty", "due", "last_review")
GET_STATE = select(STATE).where(STATE.c.card_id == bindparam("card_id"))
# the answer path reads the state it changes with a row lock (FOR UPDATE on a server; SQLite's
# BEGIN IMMEDIATE already serializes writers and SQLAlchemy renders no clause for it)
GET_STATE_FOR_UPDATE = GET_STATE.with_for_update()
NEWER_LOG = (
    select(LOG.c.id)
    .where(LOG.c.card_id == bindparam("card_id"), LOG.c.id > bindparam("log_id"))
    .limit(1)
)
LOG_AT = (
    select(LOG.c.id)
    .where(LOG.c.card_id == bindparam("card_id"), LOG.c.reviewed_at == bindparam("reviewed_at"))
    .limit(1)
)
INSERT_STATE = STATE.insert()
UPDATE_STATE = STATE.update().where(STATE.c.card_id == bindparam("b_card_id"))
DELETE_STATE = STATE.delete().where(STATE.c.card_id == bindparam("card_id"))
INSERT_LOG = LOG.insert()
GET_LOG = select(LOG.c.card_id, LOG.c.prev_state, LOG.c.reviewed_at).where(
    LOG.c.id == bindparam("log_id")
)
DELETE_LOG = LOG.delete().where(LOG.c.id == bindparam("log_id"))
# A review of a card ends its open drill attempt (a no-op for every other card); its undo
# reopens it.
END_ATTEMPT = (
    ATTEMPT.update()
    .where(ATTEMPT.c.card_id == bindparam("a_card_id"))
    .where(ATTEMPT.c.recorded_at.is_(None))
    .values(recorded_at=bindparam("a_at"), rating=bindparam("a_rating"))
)
REOPEN_ATTEMPT = (
    ATTEMPT.update()
    .where(ATTEMPT.c.card_id == bindparam("a_card_id"))
    .where(ATTEMPT.c.recorded_at == bindparam("a_at"))
    .values(recorded_at=None, rating=None)
)
HAS_LOG = select(LOG.c.id).where(LOG.c.card_id == bindparam("card_id")).limit(1)
GET_META = select(META.c.number, META.c.data).where(META.c.key == bindparam("meta_key"))
BUMP = (
    META.update()
    .where(META.c.key == bindparam("meta_key"))
    .values(number=META.c.number + bindparam("delta"))
)
# One more review; a first review also adds a state.
COUNT_REVIEW = META.update().where(META.c.key == "reviews").values(number=META.c.number + 1)
COUNT_FIRST_REVIEW = (
    META.update()
    .where(or_(META.c.key == "reviews", META.c.key == "states"))
    .values(number=META.c.number + 1)
)
SET_META = (
    META.update()
    .where(META.c.key == bindparam("meta_key"))
    .values(number=META.c.number + 1, data=bindparam("new_data"))
)
SAVE_HINT = (
    META.update()
    .where(META.c.key == "queue_hint")
    .where(META.c.number == bindparam("version"))
    .values(number=META.c.number + 1, data=bindparam("new_data"))
)
WITH_STATE = select(STATE.c.card_id).where(STATE.c.card_id.in_(bindparam("ids", expanding=True)))
SETTINGS = select(SETTING.c.key, SETTING.c.value)
COUNTS_BETWEEN = (
    select(LOG.c.prev_state.is_(None), func.count())
    .where(LOG.c.reviewed_at >= bindparam("start"))
    .where(LOG.c.reviewed_at < bindparam("end"))
    .group_by(LOG.c.prev_state.is_(None))
)
BLOCKED = (
    select(MARK.c.card_id)
    .where(MARK.c.card_id.in_(bindparam("ids", expanding=True)))
    .where(or_(MARK.c.suspended.is_(True), MARK.c.buried_until > bindparam("at")))
)
CHUNK = 5000  # ids per IN (...) list: far below every database's parameter limit
# ``review_log.prev_state LIKE`` this: the card was in review state before the answer
# (Scheduling.to_json always starts with the state).
REVIEW_STATE_JSON = '{"state": 2,%'


def scheduling_from_row(row: Any) -> Scheduling:
    """A :class:`Scheduling` from a ``card_state`` row."""
    return Scheduling(
        row.card_id, row.state, row.step, row.stability, row.difficulty, row.due, row.last_review
    )


@cache
def spans_query(count: int, any_only: bool) -> Any:
    """One statement probing ``count`` time spans of the review log (time index): whether each
    holds a review (``any_only``: spans ``:l{i}``-``:h{i}``) or how many (consecutive edges
    ``:t{i}``). Plain SQL text, built once per size: cheap to compile on first use."""
    if any_only:
        names = [f"{end}{i}" for i in range(count) for end in "lh"]
        columns = [
            f"EXISTS (SELECT 1 FROM review_log WHERE reviewed_at >= :l{i} AND reviewed_at < :h{i})"
            for i in range(count)
        ]
    else:
        names = [f"t{i}" for i in range(count + 1)]
        columns = [
            f"(SELECT count(*) FROM review_log WHERE reviewed_at >= :t{i} "
            f"AND reviewed_at < :t{i + 1})"
            for i in range(count)
        ]
    return text("SELECT " + ", ".join(columns)).bindparams(
        *(bindparam(name, type_=tables.UTCDateTime()) for name in names)
    )


def edge_params(edges: Sequence[datetime]) -> dict[str, datetime]:
    """The ``:t{i}`` parameters of :func:`spans_query` and :func:`totals_query`."""
    return {f"t{i}": edge for i, edge in enumerate(edges)}


@cache
def totals_query(count: int) -> Any:
    """One Core statement of ``2 * count`` scalar subqueries: the number of reviews and the sum
    of their ``duration_ms`` in each span ``:t{i} <= reviewed_at < :t{i+1}``."""
    edges = [bindparam(f"t{i}", type_=tables.UTCDateTime()) for i in range(count + 1)]
    columns = []
    for i in range(count):
        span = (LOG.c.reviewed_at >= edges[i]) & (LOG.c.reviewed_at < edges[i + 1])
        columns.append(select(func.count()).where(span).scalar_subquery())
        columns.append(select(func.sum(LOG.c.duration_ms)).where(span).scalar_subquery())
    return select(*columns)


def histogram_query(column: Any, edges: Sequence[float]) -> Any:
    """``(bin index, count)`` of the non-NULL values of ``column`` over the bins of ``edges``
    (see :meth:`Store.state_histogram`), grouped in SQL."""
    index = case(*[(column < edge, i) for i, edge in enumerate(edges[1:-1])], else_=len(edges) - 2)
    return select(index, func.count()).where(column.is_not(None)).group_by(index)


def upsert(conn: Connection, table: Any, key_column: str, key: str, values: dict[str, Any]) -> None:
    """Update the row of ``table`` whose ``key_column`` is ``key``, or insert it (portable; the
    caller's transaction makes it atomic)."""
    column = table.c[key_column]
    if conn.execute(table.update().where(column == key).values(values)).rowcount == 0:
        conn.execute(table.insert().values({key_column: key, **values}))


def due_buckets_query(now: datetime, edges: Sequence[datetime]) -> Any:
    """See :meth:`Store.due_buckets`."""
    due = STATE.c.due
    bucket = case(*[(due < edge, i) for i, edge in enumerate(edges)], else_=len(edges))
    until = max([*edges, now + timedelta(microseconds=1)])  # due <= now: due < now + 1 µs
    return select(STATE.c.card_id, due <= now, bucket).where(due < until)


def chunks(ids: Sequence[str], size: int = CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
