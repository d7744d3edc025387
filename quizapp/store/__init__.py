"""The store: every read and write of the user's data goes through :class:`Store`.

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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    Integer,
    bindparam,
    case,
    func,
    or_,
    select,
    text,
)

from quizapp import paths
from quizapp.store import migrations, sqlite, tables
from quizapp.store.engine import make_engine
from quizapp.store.legacy import ATTEMPTS_FILE

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

__all__ = [
    "DEFAULT_SETTINGS",
    "DrillAttempt",
    "Mark",
    "QueueHint",
    "Review",
    "Scheduling",
    "StateSummary",
    "Store",
]

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

    @classmethod
    def from_row(cls, row: Any) -> Scheduling:
        """From a ``card_state`` row (a Core row or an ORM ``CardState``)."""
        return cls(
            row.card_id,
            row.state,
            row.step,
            row.stability,
            row.difficulty,
            row.due,
            row.last_review,
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


def _review(row: Any) -> Review:
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


# Statements of the hot paths, built once (SQLAlchemy caches their compiled form).
_STATE = tables.card_state
_LOG = tables.review_log
_MARK = tables.card_mark
_META = tables.store_meta
_SETTING = tables.settings
_DRILL = tables.drill_code
_ATTEMPT = tables.drill_attempt
_ATTEMPT_COLUMNS = tuple(c.name for c in _ATTEMPT.columns if c.name != "card_id")
_STATE_COLUMNS = ("state", "step", "stability", "difficulty", "due", "last_review")
_GET_STATE = select(_STATE).where(_STATE.c.card_id == bindparam("card_id"))
_INSERT_STATE = _STATE.insert()
_UPDATE_STATE = _STATE.update().where(_STATE.c.card_id == bindparam("b_card_id"))
_DELETE_STATE = _STATE.delete().where(_STATE.c.card_id == bindparam("card_id"))
_INSERT_LOG = _LOG.insert()
_GET_LOG = select(_LOG.c.card_id, _LOG.c.prev_state, _LOG.c.reviewed_at).where(
    _LOG.c.id == bindparam("log_id")
)
_DELETE_LOG = _LOG.delete().where(_LOG.c.id == bindparam("log_id"))
# A review of a card ends its open drill attempt (a no-op for every other card); its undo
# reopens it.
_END_ATTEMPT = (
    _ATTEMPT.update()
    .where(_ATTEMPT.c.card_id == bindparam("a_card_id"))
    .where(_ATTEMPT.c.recorded_at.is_(None))
    .values(recorded_at=bindparam("a_at"), rating=bindparam("a_rating"))
)
_REOPEN_ATTEMPT = (
    _ATTEMPT.update()
    .where(_ATTEMPT.c.card_id == bindparam("a_card_id"))
    .where(_ATTEMPT.c.recorded_at == bindparam("a_at"))
    .values(recorded_at=None, rating=None)
)
_HAS_LOG = select(_LOG.c.id).where(_LOG.c.card_id == bindparam("card_id")).limit(1)
_GET_META = select(_META.c.number, _META.c.data).where(_META.c.key == bindparam("meta_key"))
_BUMP = (
    _META.update()
    .where(_META.c.key == bindparam("meta_key"))
    .values(number=_META.c.number + bindparam("delta"))
)
# One more review; a first review also adds a state.
_COUNT_REVIEW = _META.update().where(_META.c.key == "reviews").values(number=_META.c.number + 1)
_COUNT_FIRST_REVIEW = (
    _META.update()
    .where(or_(_META.c.key == "reviews", _META.c.key == "states"))
    .values(number=_META.c.number + 1)
)
_SET_META = (
    _META.update()
    .where(_META.c.key == bindparam("meta_key"))
    .values(number=_META.c.number + 1, data=bindparam("new_data"))
)
_SAVE_HINT = (
    _META.update()
    .where(_META.c.key == "queue_hint")
    .where(_META.c.number == bindparam("version"))
    .values(number=_META.c.number + 1, data=bindparam("new_data"))
)
_WITH_STATE = select(_STATE.c.card_id).where(_STATE.c.card_id.in_(bindparam("ids", expanding=True)))
_SETTINGS = select(_SETTING.c.key, _SETTING.c.value)
_COUNTS_BETWEEN = (
    select(_LOG.c.prev_state.is_(None), func.count())
    .where(_LOG.c.reviewed_at >= bindparam("start"))
    .where(_LOG.c.reviewed_at < bindparam("end"))
    .group_by(_LOG.c.prev_state.is_(None))
)
_BLOCKED = (
    select(_MARK.c.card_id)
    .where(_MARK.c.card_id.in_(bindparam("ids", expanding=True)))
    .where(or_(_MARK.c.suspended.is_(True), _MARK.c.buried_until > bindparam("at")))
)
_CHUNK = 5000  # ids per IN (...) list: far below every database's parameter limit
HOLES_MAX = 2000  # a queue hint with more holes than this is dropped


def _scheduling(row: Any) -> Scheduling:
    return Scheduling(
        row.card_id, row.state, row.step, row.stability, row.difficulty, row.due, row.last_review
    )


@cache
def _spans_query(count: int, any_only: bool) -> Any:
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


def _upsert(
    conn: Connection, table: Any, key_column: str, key: str, values: dict[str, Any]
) -> None:
    """Update the row of ``table`` whose ``key_column`` is ``key``, or insert it (portable; the
    caller's transaction makes it atomic)."""
    column = table.c[key_column]
    if conn.execute(table.update().where(column == key).values(values)).rowcount == 0:
        conn.execute(table.insert().values({key_column: key, **values}))


def _due_buckets_query(now: datetime, edges: Sequence[datetime]) -> Any:
    """See :meth:`Store.due_buckets`."""
    due = _STATE.c.due
    bucket = case(*[(due < edge, i) for i, edge in enumerate(edges)], else_=len(edges))
    until = max([*edges, now + timedelta(microseconds=1)])  # due <= now: due < now + 1 µs
    return select(_STATE.c.card_id, due <= now, bucket).where(due < until)


def _chunks(ids: Sequence[str], size: int = _CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


class Store:
    """The user's data in one SQLAlchemy database (see :mod:`quizapp.store.tables`)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._session: sessionmaker[Session] | None = None
        self._sql_recall: bool | None = None  # can SQL compute retrievability? (summarize)
        with self.engine.begin() as conn:
            migrations.upgrade(conn)

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

    def close(self) -> None:
        self.engine.dispose()

    @property
    def session(self) -> sessionmaker[Session]:
        """An ORM session factory on this store's database, for ad-hoc queries with the
        classes of :mod:`quizapp.store.models`. The store's own methods use Core: the ORM is
        imported on first use of this property only."""
        if self._session is None:
            from sqlalchemy.orm import sessionmaker

            import quizapp.store.models  # noqa: F401 - maps the ORM classes

            self._session = sessionmaker(self.engine, expire_on_commit=False)
        return self._session

    # --- settings -------------------------------------------------------------------------

    def settings(self) -> dict[str, Any]:
        """All settings, stored values over :data:`DEFAULT_SETTINGS`."""
        with self.engine.connect() as conn:
            stored = {key: json.loads(value) for key, value in conn.execute(_SETTINGS)}
        return {**DEFAULT_SETTINGS, **stored}

    def set_setting(self, key: str, value: Any) -> None:
        """Store one setting (any JSON value)."""
        if key not in DEFAULT_SETTINGS:
            raise KeyError(f"unknown setting {key!r}")
        with self.engine.begin() as conn:
            _upsert(conn, _SETTING, "key", key, {"value": json.dumps(value)})

    # --- scheduling state -----------------------------------------------------------------

    def scheduling(self, card_id: str) -> Scheduling | None:
        """The stored state of one card, None if it was never reviewed."""
        with self.engine.connect() as conn:
            row = conn.execute(_GET_STATE, {"card_id": card_id}).first()
        return _scheduling(row) if row else None

    def all_scheduling(self) -> dict[str, Scheduling]:
        """Every stored card state by id (for browse and stats)."""
        with self.engine.connect() as conn:
            return {row.card_id: _scheduling(row) for row in conn.execute(select(_STATE)).all()}

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
            for chunk in _chunks(card_ids):
                have.update(conn.execute(_WITH_STATE, {"ids": list(chunk)}).scalars())
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
                for cid, due in conn.execute(self._due_query(until, limit, offset, _STATE.c.due))
            ]

    def due_card_ids(
        self, until: datetime, limit: int | None = None, *, offset: int = 0
    ) -> list[str]:
        """The ids of :meth:`due_ids` (the same page), without converting the due times."""
        with self.engine.connect() as conn:
            return list(conn.execute(self._due_query(until, limit, offset)).scalars())

    @staticmethod
    def _due_query(until: datetime, limit: int | None, offset: int, *extra: Any) -> Any:
        state, mark = _STATE.c, _MARK.c
        q = (
            select(state.card_id, *extra)
            .outerjoin(_MARK, mark.card_id == state.card_id)
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
            for chunk in _chunks(card_ids):
                found.update(conn.execute(_BLOCKED, {"ids": list(chunk), "at": at}).scalars())
        return found

    def suspended_ids(self) -> set[str]:
        """Ids of the suspended cards (bounded by the marks the user made)."""
        with self.engine.connect() as conn:
            return set(
                conn.execute(select(_MARK.c.card_id).where(_MARK.c.suspended.is_(True))).scalars()
            )

    # --- the new-card hint of the study queue -------------------------------------------

    def queue_hint(self) -> QueueHint:
        """The stored new-card hint (an empty one, ``length`` 0, if there is none)."""
        with self.engine.connect() as conn:
            row = conn.execute(_GET_META, {"meta_key": "queue_hint"}).first()
        if row is None:
            return QueueHint()
        try:
            data = json.loads(row.data) if row.data else None
            if data is None:
                return QueueHint(version=row.number or 0)
            return QueueHint(
                int(data["length"]),
                str(data["digest"]),
                tuple(str(h) for h in data["holes"]),
                row.number or 0,
            )
        except (ValueError, TypeError, KeyError):
            return QueueHint(version=row.number or 0)

    def save_queue_hint(self, hint: QueueHint) -> bool:
        """Replace the stored hint by ``hint`` if the stored one is still at ``hint.version``
        (nothing changed it since it was read); True if saved."""
        if len(hint.holes) > HOLES_MAX:
            return False
        data = json.dumps({"length": hint.length, "digest": hint.digest, "holes": list(hint.holes)})
        with self.engine.begin() as conn:
            saved = conn.execute(_SAVE_HINT, {"version": hint.version, "new_data": data})
            return bool(saved.rowcount)

    # --- marks ----------------------------------------------------------------------------

    def marks(self) -> dict[str, Mark]:
        """Suspended, buried and flagged cards by id."""
        with self.engine.connect() as conn:
            return {
                row.card_id: Mark(
                    row.card_id, bool(row.suspended), row.buried_until, bool(row.flagged)
                )
                for row in conn.execute(select(_MARK)).all()
            }

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
            row = conn.execute(select(_MARK).where(_MARK.c.card_id == card_id)).first()
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
            _upsert(conn, _MARK, "card_id", card_id, values)

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
        with self.engine.begin() as conn:
            row = conn.execute(_GET_STATE, {"card_id": card_id}).first()
            stored = _scheduling(row) if row is not None else None
            new = schedule(stored)
            values = {
                "state": new.state,
                "step": new.step,
                "stability": new.stability,
                "difficulty": new.difficulty,
                "due": new.due,
                "last_review": new.last_review,
            }
            if stored is None:
                conn.execute(_INSERT_STATE, {"card_id": card_id, **values})
            else:
                conn.execute(_UPDATE_STATE, {"b_card_id": card_id, **values})
            result = conn.execute(
                _INSERT_LOG,
                {
                    "card_id": card_id,
                    "reviewed_at": reviewed_at,
                    "rating": rating,
                    "duration_ms": duration_ms,
                    "answer": answer,
                    "correct": correct,
                    "lang": lang,
                    "prev_state": stored.to_json() if stored is not None else None,
                    "seed": seed,
                },
            )
            conn.execute(_COUNT_REVIEW if stored is not None else _COUNT_FIRST_REVIEW)
            conn.execute(
                _END_ATTEMPT, {"a_card_id": card_id, "a_at": reviewed_at, "a_rating": rating}
            )
            return int(result.inserted_primary_key[0])

    def undo(self, log_id: int) -> str | None:
        """Undo one review exactly: restore the previous state (or delete it, for a card that
        was new) and delete the log row. Returns the card id, None if the row is gone.

        Deleting a state also puts the card back among the holes of the queue hint, and a card
        left with reviews but no state is remembered for :meth:`logged_ids`."""
        with self.engine.begin() as conn:
            log = conn.execute(_GET_LOG, {"log_id": log_id}).first()
            if log is None:
                return None
            card_id: str = log.card_id
            conn.execute(_DELETE_LOG, {"log_id": log_id})
            conn.execute(_REOPEN_ATTEMPT, {"a_card_id": card_id, "a_at": log.reviewed_at})
            conn.execute(_BUMP, {"meta_key": "reviews", "delta": -1})
            if log.prev_state is None:
                if conn.execute(_DELETE_STATE, {"card_id": card_id}).rowcount:
                    conn.execute(_BUMP, {"meta_key": "states", "delta": -1})
                    self._state_deleted(conn, card_id)
                return card_id
            prev = Scheduling.from_json(card_id, log.prev_state)
            values = {c: getattr(prev, c) for c in _STATE_COLUMNS}
            if conn.execute(_UPDATE_STATE, {"b_card_id": card_id, **values}).rowcount == 0:
                conn.execute(_INSERT_STATE, {"card_id": card_id, **values})
                conn.execute(_BUMP, {"meta_key": "states", "delta": 1})
            return card_id

    @staticmethod
    def _state_deleted(conn: Connection, card_id: str) -> None:
        """Bookkeeping of a deleted state, in the deleting transaction."""
        row = conn.execute(_GET_META, {"meta_key": "queue_hint"}).first()
        data = None
        if row is not None and row.data:
            try:
                hint = json.loads(row.data)
                if card_id not in hint["holes"]:
                    hint["holes"].append(card_id)
                data = json.dumps(hint) if len(hint["holes"]) <= HOLES_MAX else None
            except (ValueError, TypeError, KeyError, AttributeError):
                data = None
        conn.execute(_SET_META, {"meta_key": "queue_hint", "new_data": data})
        if conn.execute(_HAS_LOG, {"card_id": card_id}).first() is not None:
            row = conn.execute(_GET_META, {"meta_key": "stateless_logged"}).first()
            ids = set(json.loads(row.data)) if row is not None and row.data else set()
            ids.add(card_id)
            conn.execute(
                _SET_META, {"meta_key": "stateless_logged", "new_data": json.dumps(sorted(ids))}
            )

    def history(self, card_id: str) -> list[Review]:
        """A card's reviews, oldest first."""
        q = select(_LOG).where(_LOG.c.card_id == card_id).order_by(_LOG.c.id)
        with self.engine.connect() as conn:
            return [_review(row) for row in conn.execute(q).all()]

    def counts_between(self, start: datetime, end: datetime) -> tuple[int, int]:
        """``(new cards introduced, other reviews)`` with ``start <= reviewed_at < end``."""
        with self.engine.connect() as conn:
            counts = {
                bool(was_new): n
                for was_new, n in conn.execute(_COUNTS_BETWEEN, {"start": start, "end": end})
            }
        return counts.get(True, 0), counts.get(False, 0)

    def retention_counts(self, start: datetime, end: datetime) -> tuple[int, int]:
        """``(passed, total)`` over reviews of cards that were in review state (not learning)
        with ``start <= reviewed_at < end``: "true retention" counts rating > Again as passed."""
        review_state = '{"state": 2,%'  # Scheduling.to_json always starts with the state
        log = _LOG.c
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

    def _counter(self, key: str) -> int:
        with self.engine.connect() as conn:
            row = conn.execute(_GET_META, {"meta_key": key}).first()
        return int(row.number or 0) if row is not None else 0

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
            row = conn.execute(_GET_META, {"meta_key": "stateless_logged"}).first()
        return set(json.loads(row.data)) if row is not None and row.data else set()

    def logged_ids(self) -> set[str]:
        """Every card id that has a state or a review (to find orphans). Reads every state id:
        :meth:`state_count` tells first whether any state lies outside a set of cards."""
        return self.reviewed_ids() | self.stateless_logged()

    # --- aggregates for the statistics ------------------------------------------------------

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
            q = select(_STATE.c.last_review, _STATE.c.stability).where(
                _STATE.c.card_id.in_(bindparam("ids", expanding=True))
            )
            learned, recall = 0, 0.0
            for chunk in _chunks(card_ids):
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
            rows = conn.execute(_due_buckets_query(now, edges)).all()
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
                int(n or 0) for n in conn.execute(_spans_query(len(edges) - 1, False), params).one()
            ]

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
            return [bool(v) for v in conn.execute(_spans_query(len(spans), True), params).one()]

    # --- drill code -----------------------------------------------------------------------

    def save_drill_code(self, card_id: str, code: str) -> None:
        """Keep the user's latest code for a drill."""
        with self.engine.begin() as conn:
            _upsert(
                conn, _DRILL, "card_id", card_id, {"code": code, "updated_at": datetime.now(UTC)}
            )

    def load_drill_code(self, card_id: str) -> str | None:
        """The user's latest code for a drill, None if never saved."""
        with self.engine.connect() as conn:
            return conn.execute(select(_DRILL.c.code).where(_DRILL.c.card_id == card_id)).scalar()

    # --- drill attempts -------------------------------------------------------------------

    def drill_attempt(self, card_id: str) -> DrillAttempt | None:
        """The stored attempt at a drill (open or the last one), None if there is none."""
        with self.engine.connect() as conn:
            row = conn.execute(select(_ATTEMPT).where(_ATTEMPT.c.card_id == card_id)).first()
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
        values = {c: getattr(attempt, c) for c in _ATTEMPT_COLUMNS}
        values["updated_at"] = datetime.now(UTC)
        with self.engine.begin() as conn:
            _upsert(conn, _ATTEMPT, "card_id", attempt.card_id, values)
