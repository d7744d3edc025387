"""SQLite-only accelerations of :class:`quizapp.store.Store` queries.

With :mod:`quizapp.store.engine` (connection set-up), this is the only SQLite-specific code.
Each query here is used behind ``conn.dialect.name == "sqlite"``, and the store has a portable
SQLAlchemy Core fallback for every other database. Long ``IN (...)`` lists are sent straight
to the driver with ``?`` placeholders (never string-formatted values): SQLAlchemy's rendering of
an expanding parameter costs more than SQLite's lookups.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

CHUNK = 5000  # ids per statement: far below SQLite's bound-parameter limit (32766)


def chunks(ids: Sequence[str], size: int | None = None) -> Iterator[Sequence[str]]:
    """``ids`` in slices of at most ``size`` (default :data:`CHUNK`, read at each call: under
    SQLite's bound-parameter limit)."""
    size = size or CHUNK
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


# ``{ids}`` becomes ``?, ?, …``.
WITHOUT_STATE_SQL = (
    "WITH v(id) AS (VALUES {ids}) SELECT id FROM v WHERE NOT EXISTS "
    "(SELECT 1 FROM card_state WHERE card_state.card_id = v.id)"
)
BLOCKED_SQL = (
    "SELECT card_id FROM card_mark WHERE card_id IN ({ids}) AND (suspended = 1 OR buried_until > ?)"
)
RECALL_SQL = (
    "SELECT count(*), total(pow(1 + ? * max(0, CAST(julianday(?) - julianday(last_review) "
    "AS INTEGER)) / stability, ?)) FROM card_state WHERE card_id IN ({ids})"
)
# How many of the ids are mature: in review state with a scheduled interval (due minus last
# review) of at least ``?`` days.
MATURE_SQL = (
    "SELECT count(*) FROM card_state WHERE state = 2 AND "
    "julianday(due) - julianday(last_review) >= ? AND card_id IN ({ids})"
)


def run_in(
    conn: Connection,
    template: str,
    ids: Sequence[str],
    before: tuple[Any, ...] = (),
    after: tuple[Any, ...] = (),
    *,
    item: str = "?",
) -> Iterator[Any]:
    """The rows of ``template`` run once per chunk of ``ids`` (SQLite only): ``{ids}`` becomes
    one ``item`` per id, comma-separated; ``before`` and ``after`` fill the ``?`` around it."""
    for chunk in chunks(ids):
        sql = template.format(ids=", ".join([item] * len(chunk)))
        yield from conn.exec_driver_sql(sql, (*before, *chunk, *after)).all()


# How many states in an id range are not among the library ids of that range.
EXTRA_STATES_SQL = (
    "WITH v(id) AS (VALUES {ids}) SELECT (SELECT count(*) FROM card_state WHERE {where}) - "
    "(SELECT count(*) FROM v WHERE EXISTS "
    "(SELECT 1 FROM card_state WHERE card_state.card_id = v.id))"
)


def id_range(lo: str | None, hi: str | None) -> tuple[str, tuple[str, ...]]:
    """SQL for ``lo <= card_id < hi`` (None: unbounded) and its parameters."""
    parts, params = [], []
    if lo is not None:
        parts.append("card_id >= ?")
        params.append(lo)
    if hi is not None:
        parts.append("card_id < ?")
        params.append(hi)
    return " AND ".join(parts) or "1", tuple(params)


def time_text(when: datetime) -> str:
    """``when`` as the store keeps times in SQLite (naive UTC text, as UTCDateTime binds it)."""
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def orphan_states(conn: Connection, sorted_ids: Sequence[str]) -> set[str]:
    """Ids with a state that are not in ``sorted_ids`` (sorted ascending, non-empty): the id
    space is cut into ranges of the sorted ids and a range is read only when it holds more
    states than library cards with a state, so the cost follows the library and the orphans,
    not the state table."""
    found: set[str] = set()
    pieces = list(chunks(sorted_ids))
    bounds = [(None, sorted_ids[0])] + [
        (piece[0], pieces[i + 1][0] if i + 1 < len(pieces) else None)
        for i, piece in enumerate(pieces)
    ]
    for i, (lo, hi) in enumerate(bounds):
        chunk = pieces[i - 1] if i else []
        where, params = id_range(lo, hi)
        if chunk:
            sql = EXTRA_STATES_SQL.format(where=where, ids="{ids}")
            (extra,) = next(run_in(conn, sql, chunk, after=params, item="(?)"), (0,))
            if not extra:
                continue
        rows = conn.exec_driver_sql(f"SELECT card_id FROM card_state WHERE {where}", params).all()
        found.update(row[0] for row in rows)
        found.difference_update(chunk)
    return found


def has_math(conn: Connection) -> bool:
    """True if this SQLite build has the math functions (``pow``) the recall query needs."""
    try:
        conn.exec_driver_sql("SELECT pow(2.0, 1.0), julianday('2000-01-01')")
    except DBAPIError:
        return False
    return True
