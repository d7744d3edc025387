"""The store's reads: what builds the study queue (:class:`QueueQueries`: states, due cards,
new ids, blocked ones, marks) and what the statistics report (:class:`StatsQueries`: the review
log, counters, aggregates over states). Each is bounded by what it reports — the cards due, a time
window, the ids asked about — never by the size of the review log or the state table.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Integer, bindparam, func, select

from quizapp.store import sqlite
from quizapp.store import statements as st
from quizapp.store.base import StoreBase
from quizapp.store.records import Mark, Review, Scheduling, StateSummary, review_from_row


class QueueQueries(StoreBase):
    """Reads of the study queue."""

    def scheduling(self, card_id: str) -> Scheduling | None:
        """The stored state of one card, None if it was never reviewed."""
        with self.engine.connect() as conn:
            row = conn.execute(st.GET_STATE, {"card_id": card_id}).first()
        return st.scheduling_from_row(row) if row else None

    def all_scheduling(self) -> dict[str, Scheduling]:
        """Every stored card state by id (for browse and stats)."""
        with self.engine.connect() as conn:
            return {
                row.card_id: st.scheduling_from_row(row)
                for row in conn.execute(select(st.STATE)).all()
            }

    def reviewed_ids(self) -> set[str]:
        """Ids of every card with a stored state (so: not new). This reads the whole state
        table: to test given ids, use :meth:`without_state`."""
        with self.engine.connect() as conn:
            return set(conn.exec_driver_sql("SELECT card_id FROM card_state").scalars().all())

    def without_state(self, card_ids: Sequence[str]) -> set[str]:
        """Those of ``card_ids`` that have no stored state, i.e. new cards (primary-key
        lookups by chunks; on SQLite only the ids without a state come back)."""
        with self.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                return {
                    row[0]
                    for row in sqlite.run_in(conn, sqlite.WITHOUT_STATE_SQL, card_ids, item="(?)")
                }
            have: set[str] = set()
            for chunk in st.chunks(card_ids):
                have.update(conn.execute(st.WITH_STATE, {"ids": list(chunk)}).scalars())
        return set(card_ids) - have

    def state_count(self) -> int:
        """How many cards have a stored state (a counter: no table scan)."""
        return self._counter("states")

    def due_ids(
        self, until: datetime, limit: int | None = None, *, offset: int = 0
    ) -> list[tuple[str, datetime]]:
        """``(card_id, due)`` of cards due at or before ``until``, earliest first (ties by id),
        not suspended and not buried past ``until``; ``limit``/``offset`` page through them
        (uses the index on ``due``, so a page costs its size, not the table's)."""
        with self.engine.connect() as conn:
            return [
                (cid, due)
                for cid, due in conn.execute(self._due_query(until, limit, offset, st.STATE.c.due))
            ]

    def due_card_ids(
        self, until: datetime, limit: int | None = None, *, offset: int = 0
    ) -> list[str]:
        """The ids of :meth:`due_ids` (the same page), without converting the due times."""
        with self.engine.connect() as conn:
            return list(conn.execute(self._due_query(until, limit, offset)).scalars())

    @staticmethod
    def _due_query(until: datetime, limit: int | None, offset: int, *extra: Any) -> Any:
        state, mark = st.STATE.c, st.MARK.c
        q = (
            select(state.card_id, *extra)
            .outerjoin(st.MARK, mark.card_id == state.card_id)
            .where(state.due <= until)
            .where(
                (mark.card_id.is_(None))
                | (
                    (mark.suspended.is_(False))
                    & ((mark.buried_until.is_(None)) | (mark.buried_until <= until))
                )
            )
            .order_by(state.due, state.card_id)
        )
        if limit is not None:
            q = q.limit(limit)
        return q.offset(offset) if offset else q

    def blocked(self, card_ids: Sequence[str], at: datetime) -> set[str]:
        """Those of ``card_ids`` that are suspended or buried past ``at``."""
        found: set[str] = set()
        with self.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                rows = sqlite.run_in(
                    conn, sqlite.BLOCKED_SQL, card_ids, after=(sqlite.time_text(at),)
                )
                found.update(row[0] for row in rows)
                return found
            for chunk in st.chunks(card_ids):
                found.update(conn.execute(st.BLOCKED, {"ids": list(chunk), "at": at}).scalars())
        return found

    def suspended_ids(self) -> set[str]:
        """Ids of the suspended cards (bounded by the marks the user made)."""
        with self.engine.connect() as conn:
            return set(
                conn.execute(
                    select(st.MARK.c.card_id).where(st.MARK.c.suspended.is_(True))
                ).scalars()
            )

    def marks(self) -> dict[str, Mark]:
        """Suspended, buried and flagged cards by id."""
        with self.engine.connect() as conn:
            return {
                row.card_id: Mark(
                    row.card_id, bool(row.suspended), row.buried_until, bool(row.flagged)
                )
                for row in conn.execute(select(st.MARK)).all()
            }


class StatsQueries(QueueQueries):
    """Reads of the statistics and of a card's history."""

    def history(self, card_id: str) -> list[Review]:
        """A card's reviews, oldest first."""
        q = select(st.LOG).where(st.LOG.c.card_id == card_id).order_by(st.LOG.c.id)
        with self.engine.connect() as conn:
            return [review_from_row(row) for row in conn.execute(q).all()]

    def counts_between(self, start: datetime, end: datetime) -> tuple[int, int]:
        """``(new cards introduced, other reviews)`` with ``start <= reviewed_at < end``."""
        with self.engine.connect() as conn:
            counts = {
                bool(was_new): n
                for was_new, n in conn.execute(st.COUNTS_BETWEEN, {"start": start, "end": end})
            }
        return counts.get(True, 0), counts.get(False, 0)

    def retention_counts(self, start: datetime, end: datetime) -> tuple[int, int]:
        """``(passed, total)`` over reviews of cards that were in review state (not learning)
        with ``start <= reviewed_at < end``: "true retention" counts rating > Again as passed."""
        review_state = st.REVIEW_STATE_JSON
        log = st.LOG.c
        q = (
            select(func.count(), func.sum((log.rating > 1).cast(Integer)))
            .where(log.reviewed_at >= start)
            .where(log.reviewed_at < end)
            .where(log.prev_state.like(review_state))
        )
        with self.engine.connect() as conn:
            total, passed = conn.execute(q).one()
        return int(passed or 0), int(total or 0)

    def review_count(self) -> int:
        """How many reviews the log holds (a counter: no table scan)."""
        return self._counter("reviews")

    def orphan_states(self, sorted_ids: Sequence[str]) -> set[str]:
        """Ids with a stored state that are not in ``sorted_ids`` (a library's card ids, sorted
        ascending). On SQLite the id space is cut into ranges of the sorted ids; a range is
        read only when it holds more states than library cards with a state, so the cost
        follows the library and the orphans, not the state table."""
        if not sorted_ids:
            return self.reviewed_ids()
        with self.engine.connect() as conn:
            if conn.dialect.name != "sqlite":  # another collation may sort ids otherwise
                return self.reviewed_ids() - set(sorted_ids)
            return sqlite.orphan_states(conn, sorted_ids)

    def stateless_logged(self) -> set[str]:
        """Ids that have reviews but no state (an undo of a first review left later reviews);
        usually empty."""
        with self.engine.connect() as conn:
            row = conn.execute(st.GET_META, {"meta_key": "stateless_logged"}).first()
        return set(json.loads(row.data)) if row is not None and row.data else set()

    def logged_ids(self) -> set[str]:
        """Every card id that has a state or a review (to find orphans). Reads every state id:
        :meth:`state_count` tells first whether any state lies outside a set of cards."""
        return self.reviewed_ids() | self.stateless_logged()

    def summarize(
        self, card_ids: Sequence[str], now: datetime, *, decay: float, factor: float
    ) -> StateSummary:
        """How many of ``card_ids`` have a stored state, and the sum of their FSRS
        retrievability at ``now``: ``(1 + factor·t/S) ** decay`` with ``t`` the whole days
        since the last review (at least 0) and ``S`` the stability; 0 without them.

        On SQLite the sum is computed in SQL (primary-key lookups by chunks of ids, one row
        back per chunk); elsewhere the two needed columns are read and summed here.
        """
        with self.engine.connect() as conn:
            if self._recall_in_sql(conn):
                learned, recall = 0, 0.0
                for count, total in sqlite.run_in(
                    conn, sqlite.RECALL_SQL, card_ids, before=(factor, sqlite.time_text(now), decay)
                ):
                    learned += count or 0
                    recall += total or 0.0
                return StateSummary(learned, recall)
            q = select(st.STATE.c.last_review, st.STATE.c.stability).where(
                st.STATE.c.card_id.in_(bindparam("ids", expanding=True))
            )
            learned, recall = 0, 0.0
            for chunk in st.chunks(card_ids):
                for last, stability in conn.execute(q, {"ids": list(chunk)}):
                    learned += 1
                    if last is not None and stability:
                        recall += (1 + factor * max(0, (now - last).days) / stability) ** decay
            return StateSummary(learned, recall)

    def due_buckets(self, now: datetime, edges: Sequence[datetime]) -> list[tuple[str, bool, int]]:
        """``(card_id, due at now?, bucket)`` for each card due at ``now`` or before the last
        of ``edges`` (ascending), suspended ones included; ``bucket`` is the index of the first
        edge its due time is before (``len(edges)`` if none). Read on the due index, so the
        cost follows the cards due in that window; the buckets are computed in SQL."""
        with self.engine.connect() as conn:
            rows = conn.execute(st.due_buckets_query(now, edges)).all()
        return [(cid, bool(is_due), int(b)) for cid, is_due, b in rows]

    def _recall_in_sql(self, conn: Connection) -> bool:
        """True on SQLite with its math functions (``pow``), which builds usually have."""
        if self._sql_recall is None:
            self._sql_recall = False
            if conn.dialect.name == "sqlite":
                self._sql_recall = sqlite.has_math(conn)
        return self._sql_recall

    def review_counts(self, edges: Sequence[datetime]) -> list[int]:
        """Reviews with ``edges[i] <= reviewed_at < edges[i + 1]``, one count per interval,
        counted in SQL on the time index (``len(edges) - 1`` numbers)."""
        if len(edges) < 2:
            return []
        params = {f"t{i}": edge for i, edge in enumerate(edges)}
        with self.engine.connect() as conn:
            return [
                int(n or 0)
                for n in conn.execute(st.spans_query(len(edges) - 1, False), params).one()
            ]

    def review_totals(self, edges: Sequence[datetime]) -> list[tuple[int, int]]:
        """``(reviews, total duration_ms)`` with ``edges[i] <= reviewed_at < edges[i + 1]``,
        one pair per interval, summed in SQL on the time index in one statement (a review
        without a duration counts 0 ms)."""
        if len(edges) < 2:
            return []
        with self.engine.connect() as conn:
            row = conn.execute(st.totals_query(len(edges) - 1), st.edge_params(edges)).one()
        return [(int(row[2 * i] or 0), int(row[2 * i + 1] or 0)) for i in range(len(edges) - 1)]

    def review_state_answers(
        self, start: datetime, end: datetime
    ) -> list[tuple[datetime, int, str]]:
        """``(reviewed_at, rating, prev_state JSON)`` of the reviews with ``start <=
        reviewed_at < end`` of cards that were in review state before the answer (learning
        and relearning steps excluded), oldest first; only these three columns are read."""
        log = st.LOG.c
        q = (
            select(log.reviewed_at, log.rating, log.prev_state)
            .where(log.reviewed_at >= start)
            .where(log.reviewed_at < end)
            .where(log.prev_state.like(st.REVIEW_STATE_JSON))
            .order_by(log.reviewed_at)
        )
        with self.engine.connect() as conn:
            return [(at, int(rating), prev) for at, rating, prev in conn.execute(q)]

    def state_histogram(self, column: str, edges: Sequence[float]) -> list[int]:
        """How many stored states have ``column`` (``stability`` or ``difficulty``) in each
        of ``[edges[i], edges[i + 1])`` (ascending; values beyond the last edge count in the
        last bin, below the first in the first; NULLs are left out), grouped in SQL."""
        counts = [0] * (len(edges) - 1)
        with self.engine.connect() as conn:
            for index, n in conn.execute(st.histogram_query(st.STATE.c[column], edges)):
                counts[int(index)] += int(n)
        return counts

    def mature_count(self, card_ids: Sequence[str], min_days: float = 21) -> int:
        """How many of ``card_ids`` are mature: in review state with a scheduled interval
        (``due - last_review``) of at least ``min_days`` days (Anki's definition)."""
        with self.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                return sum(
                    n for (n,) in sqlite.run_in(conn, sqlite.MATURE_SQL, card_ids, (min_days,))
                )
            state = st.STATE.c
            q = select(state.due, state.last_review).where(
                state.card_id.in_(bindparam("ids", expanding=True)), state.state == 2
            )
            mature = 0
            for chunk in st.chunks(card_ids):
                for due, last in conn.execute(q, {"ids": list(chunk)}):
                    mature += last is not None and (due - last).total_seconds() >= min_days * 86400
            return mature

    def reviewed_in(self, spans: Sequence[tuple[datetime, datetime]]) -> list[bool]:
        """For each ``(start, end)``: is there a review with ``start <= reviewed_at < end``?
        One index probe per span, all in one statement."""
        if not spans:
            return []
        params = {
            f"{end}{i}": t
            for i, span in enumerate(spans)
            for end, t in zip("lh", span, strict=True)
        }
        with self.engine.connect() as conn:
            return [bool(v) for v in conn.execute(st.spans_query(len(spans), True), params).one()]
