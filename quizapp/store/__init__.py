"""The store: every read and write of the user's data goes through :class:`Store`.

Its rooms: ``base.py`` opens the database (engine, migrations), ``records.py`` holds the records it
hands out, ``statements.py`` its SQL, ``queries.py`` the reads of the queue and the statistics,
``queue_hint.py`` the new-card hint; this module adds the writes (settings, marks, reviews and
their undo, drill code and attempts) and puts the parts together.

Front-ends never talk to the database; the study engine and the commands call these methods.
Each write is one transaction, committed before the method returns.

Performance conventions: everything here is SQLAlchemy Core on the tables of
:mod:`quizapp.store.tables` (the ORM is never imported unless :attr:`Store.session` is used); the
answer path (:meth:`Store.record_review`) runs statements built once at import, in one
transaction. Reads used to build the study queue or the statistics are bounded by what they
report — the cards due, a time window (review log index on ``reviewed_at``), the ids asked
about — never by the size of the review log or the state table; totals come from counters in
``store_meta`` that :meth:`Store.record_review` and :meth:`Store.undo` keep in the same
transaction as the rows they count, so every write of states or reviews must go through this
class. On SQLite, long lists of ids go to the driver as plain SQL (SQLAlchemy's rendering of an
expanding parameter costs more than SQLite's lookups); other databases take the portable Core
path.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy import exc as sa_exc

from quizapp import paths
from quizapp.store import statements as st
from quizapp.store.errors import StoreError, StoreUnavailable, explain
from quizapp.store.legacy import ATTEMPTS_FILE
from quizapp.store.queries import StatsQueries
from quizapp.store.queue_hint import HOLES_MAX, QueueHints
from quizapp.store.records import DrillAttempt, Mark, QueueHint, Review, Scheduling, StateSummary

__all__ = [
    "DEFAULT_SETTINGS",
    "HOLES_MAX",
    "DrillAttempt",
    "Mark",
    "QueueHint",
    "Review",
    "Scheduling",
    "StateSummary",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "UndoRefused",
]

#: how long a write is retried while the database does not answer (a server restarting)
RETRY_SECONDS = float(os.environ.get("QUIZAPP_DB_RETRY_SECONDS", "8"))


class UndoRefused(Exception):
    """An answer cannot be undone: its card was answered again since (``args[0]``: card id)."""


DEFAULT_SETTINGS: dict[str, Any] = {
    "lang": "en",  # en | zh | both
    "desired_retention": 0.9,
    "new_per_day": 20,
    "reviews_per_day": 200,
    "learning_steps_min": [1, 10],
    "relearning_steps_min": [10],
    "day_starts_at_hour": 4,  # local time, as in Anki
    "theme": "dark",
    # personal FSRS-6 parameters adopted by `quizapp optimize` (None: FSRS's defaults), and
    # every adoption with its date and figures, newest last, so it can be undone
    "fsrs_parameters": None,
    "fsrs_parameters_history": [],
    "plan": None,  # the interview plan (quizapp.plan), None without one
    "interleave": True,  # new cards mixed across decks and kinds (False: bank order)
}

# The query plans ``make bench`` prints (bench/__main__.py) by their former names.
_COUNTS_BETWEEN = st.COUNTS_BETWEEN
_due_buckets_query = st.due_buckets_query
_spans_query = st.spans_query


class Store(StatsQueries, QueueHints):
    """The user's data in one SQLAlchemy database (see :mod:`quizapp.store.tables`)."""

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        """Open (creating and migrating as needed) the database at ``url``; None means
        ``QUIZAPP_DB`` or ``sqlite:///$QUIZAPP_HOME/quizapp.db``. Drill attempts an older
        version left in ``$QUIZAPP_HOME`` are moved in (once, see :mod:`quizapp.store.legacy`)."""
        store = cls(url or paths.default_db_url())
        legacy = paths.home() / ATTEMPTS_FILE
        if legacy.is_file():
            from quizapp.store.legacy import import_attempts_file

            import_attempts_file(store, legacy)
        return store

    # --- settings -------------------------------------------------------------------------

    def settings(self) -> dict[str, Any]:
        """All settings, stored values over :data:`DEFAULT_SETTINGS`."""
        with self.engine.connect() as conn:
            stored = {key: json.loads(value) for key, value in conn.execute(st.SETTINGS)}
        return {**DEFAULT_SETTINGS, **stored}

    def set_setting(self, key: str, value: Any) -> None:
        """Store one setting (any JSON value)."""
        if key not in DEFAULT_SETTINGS:
            raise KeyError(f"unknown setting {key!r}")
        with self.engine.begin() as conn:
            st.upsert(conn, st.SETTING, "key", key, {"value": json.dumps(value)})

    # --- marks ----------------------------------------------------------------------------

    def set_mark(
        self,
        card_id: str,
        *,
        suspended: bool | None = None,
        buried_until: datetime | bool | None = False,
        flagged: bool | None = None,
    ) -> None:
        """Change a card's marks; arguments left at their default are kept
        (``buried_until=None`` un-buries; ``False`` means "keep")."""
        with self.engine.begin() as conn:
            row = conn.execute(select(st.MARK).where(st.MARK.c.card_id == card_id)).first()
            values = {
                "suspended": bool(row.suspended) if row else False,
                "buried_until": row.buried_until if row else None,
                "flagged": bool(row.flagged) if row else False,
            }
            if suspended is not None:
                values["suspended"] = suspended
            if buried_until is not False:
                values["buried_until"] = buried_until
            if flagged is not None:
                values["flagged"] = flagged
            st.upsert(conn, st.MARK, "card_id", card_id, values)

    # --- reviews --------------------------------------------------------------------------

    def record(
        self,
        new: Scheduling,
        *,
        rating: int,
        reviewed_at: datetime,
        duration_ms: int | None,
        answer: str | None,
        correct: bool | None,
        lang: str,
        seed: int | None = None,
    ) -> int:
        """Store a review in one transaction: the card's new state and a log row holding the
        previous state. Returns the log row id once committed."""
        return self.record_review(
            new.card_id,
            lambda _stored: new,
            rating=rating,
            reviewed_at=reviewed_at,
            duration_ms=duration_ms,
            answer=answer,
            correct=correct,
            lang=lang,
            seed=seed,
        )

    def record_review(
        self,
        card_id: str,
        schedule: Callable[[Scheduling | None], Scheduling],
        *,
        rating: int,
        reviewed_at: datetime,
        duration_ms: int | None,
        answer: str | None,
        correct: bool | None,
        lang: str,
        seed: int | None = None,
    ) -> int:
        """:meth:`record`, with the new state computed by ``schedule`` from the stored one
        (None for a new card) inside the same transaction: one read, and two processes
        answering the same card cannot both start from the same state. Returns the log row
        id once committed. The hot path of answering: Core statements built once."""
        log_values = {
            "card_id": card_id,
            "reviewed_at": reviewed_at,
            "rating": rating,
            "duration_ms": duration_ms,
            "answer": answer,
            "correct": correct,
            "lang": lang,
            "seed": seed,
        }

        def attempt(conn: Connection) -> int:
            row = conn.execute(st.GET_STATE_FOR_UPDATE, {"card_id": card_id}).first()
            stored = st.scheduling_from_row(row) if row is not None else None
            new = schedule(stored)
            values = {c: getattr(new, c) for c in st.STATE_COLUMNS}
            if stored is None:  # a concurrent first answer makes this fail, and we retry
                conn.execute(st.INSERT_STATE, {"card_id": card_id, **values})
            else:
                conn.execute(st.UPDATE_STATE, {"b_card_id": card_id, **values})
            prev = stored.to_json() if stored is not None else None
            result = conn.execute(st.INSERT_LOG, {**log_values, "prev_state": prev})
            conn.execute(st.COUNT_REVIEW if stored is not None else st.COUNT_FIRST_REVIEW)
            conn.execute(
                st.END_ATTEMPT, {"a_card_id": card_id, "a_at": reviewed_at, "a_rating": rating}
            )
            key = result.inserted_primary_key
            assert key is not None
            return int(key[0])

        def already(conn: Connection) -> int | None:
            """The id of this very answer if an interrupted try did commit it."""
            found = conn.execute(st.LOG_AT, {"card_id": card_id, "reviewed_at": reviewed_at})
            return found.scalar()

        return self._transact(attempt, already)

    def _transact(
        self,
        work: Callable[[Connection], int],
        already: Callable[[Connection], int | None] | None = None,
    ) -> int:
        """Run ``work`` in one transaction, again when it collides with a concurrent writer
        (a unique key taken meanwhile) or the connection drops (a server restart): retried for
        :data:`RETRY_SECONDS`, then :class:`StoreUnavailable`. Before a retry, ``already``
        tells whether the interrupted try committed after all, so nothing is written twice."""
        deadline = time.monotonic() + RETRY_SECONDS
        delay = 0.05
        interrupted = False
        while True:
            try:
                with self.engine.begin() as conn:
                    if interrupted and already is not None:
                        done = already(conn)
                        if done is not None:
                            return done
                    return work(conn)
            except sa_exc.IntegrityError:
                if time.monotonic() > deadline:
                    raise
            except (sa_exc.OperationalError, sa_exc.InterfaceError) as error:
                interrupted = True
                if time.monotonic() > deadline:
                    raise explain(error, self.url) from None
                time.sleep(delay)
                delay = min(1.0, delay * 2)

    def undo(self, log_id: int) -> str | None:
        """Undo one review exactly: restore the previous state (or delete it, for a card that
        was new) and delete the log row. Returns the card id, None if the row is gone.
        Raises :class:`UndoRefused` when the card was answered again since (in another
        session): undoing then would leave that newer answer without its state.

        Deleting a state also puts the card back among the holes of the queue hint, and a card
        left with reviews but no state is remembered for :meth:`logged_ids`."""
        with self.engine.begin() as conn:
            log = conn.execute(st.GET_LOG, {"log_id": log_id}).first()
            if log is None:
                return None
            card_id: str = log.card_id
            conn.execute(st.GET_STATE_FOR_UPDATE, {"card_id": card_id})
            if conn.execute(st.NEWER_LOG, {"card_id": card_id, "log_id": log_id}).first():
                raise UndoRefused(card_id)
            conn.execute(st.DELETE_LOG, {"log_id": log_id})
            conn.execute(st.REOPEN_ATTEMPT, {"a_card_id": card_id, "a_at": log.reviewed_at})
            conn.execute(st.BUMP, {"meta_key": "reviews", "delta": -1})
            if log.prev_state is None:
                if conn.execute(st.DELETE_STATE, {"card_id": card_id}).rowcount:
                    conn.execute(st.BUMP, {"meta_key": "states", "delta": -1})
                    self._state_deleted(conn, card_id)
                return card_id
            prev = Scheduling.from_json(card_id, log.prev_state)
            values = {c: getattr(prev, c) for c in st.STATE_COLUMNS}
            if conn.execute(st.UPDATE_STATE, {"b_card_id": card_id, **values}).rowcount == 0:
                conn.execute(st.INSERT_STATE, {"card_id": card_id, **values})
                conn.execute(st.BUMP, {"meta_key": "states", "delta": 1})
            return card_id

    # --- drill code and attempts ----------------------------------------------------------

    def save_drill_code(self, card_id: str, code: str) -> None:
        """Keep the user's latest code for a drill."""
        with self.engine.begin() as conn:
            st.upsert(
                conn, st.DRILL, "card_id", card_id, {"code": code, "updated_at": datetime.now(UTC)}
            )

    def load_drill_code(self, card_id: str) -> str | None:
        """The user's latest code for a drill, None if never saved."""
        with self.engine.connect() as conn:
            return conn.execute(
                select(st.DRILL.c.code).where(st.DRILL.c.card_id == card_id)
            ).scalar()

    def drill_attempt(self, card_id: str) -> DrillAttempt | None:
        """The stored attempt at a drill (open or the last one), None if there is none."""
        with self.engine.connect() as conn:
            row = conn.execute(select(st.ATTEMPT).where(st.ATTEMPT.c.card_id == card_id)).first()
        if row is None:
            return None
        return DrillAttempt(
            row.card_id,
            row.started_at,
            row.checks,
            row.failed_checks,
            row.first_check_passed,
            bool(row.passed),
            row.hints,
            bool(row.solution_seen),
            row.code_hash,
            row.recorded_at,
            row.rating,
            row.updated_at,
        )

    def save_drill_attempt(self, attempt: DrillAttempt) -> None:
        """Store ``attempt`` (replacing the drill's previous one); ``updated_at`` is set to
        now."""
        values = {c: getattr(attempt, c) for c in st.ATTEMPT_COLUMNS}
        values["updated_at"] = datetime.now(UTC)
        with self.engine.begin() as conn:
            st.upsert(conn, st.ATTEMPT, "card_id", attempt.card_id, values)
