"""The current schema as SQLAlchemy Core tables: what :class:`quizapp.store.Store` reads and
writes (``migrations.py`` builds it step by step; ``models.py`` maps ORM classes onto these
same tables).

Kept free of ``sqlalchemy.orm``: the store works on Core alone, so opening it (the start of
the app, ``quizapp stats``, ``quizapp study``) does not pay for importing the ORM. The database
holds only what belongs to the user: scheduling state and marks per card id, the review log,
settings, drill code and attempts, and the store's own bookkeeping. Card text lives in the
banks. Times are stored as naive UTC and returned as aware UTC datetimes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime, stored naive (portable across SQLite and server databases)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use aware UTC times")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


metadata = MetaData()

#: FSRS state of a card that has been reviewed at least once (no row = new card);
#: ``state``: 1 learning, 2 review, 3 relearning (fsrs.State).
card_state = Table(
    "card_state",
    metadata,
    Column("card_id", String(200), primary_key=True),
    Column("state", Integer, nullable=False),
    Column("step", Integer),
    Column("stability", Float),
    Column("difficulty", Float),
    Column("due", UTCDateTime, nullable=False, index=True),
    Column("last_review", UTCDateTime),
)

#: What the user did to a card besides reviewing it: suspend, bury until, flag.
card_mark = Table(
    "card_mark",
    metadata,
    Column("card_id", String(200), primary_key=True),
    Column("suspended", Boolean, nullable=False, default=False),
    Column("buried_until", UTCDateTime),
    Column("flagged", Boolean, nullable=False, default=False),
)

#: One answer. ``prev_state`` is the card's FSRS state before it (JSON; NULL when the card
#: was new), so undo restores it exactly; ``seed`` fixes the inputs of numeric cards and drills;
#: ``rating``: 1 again, 2 hard, 3 good, 4 easy.
review_log = Table(
    "review_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("card_id", String(200), nullable=False),
    Column("reviewed_at", UTCDateTime, nullable=False, index=True),
    Column("rating", Integer, nullable=False),
    Column("duration_ms", Integer),
    Column("answer", Text),
    Column("correct", Boolean),
    Column("lang", String(8), nullable=False),
    Column("prev_state", Text),
    Column("seed", Integer),
    Index("ix_review_log_card_time", "card_id", "reviewed_at"),
)

#: Settings as JSON values.
settings = Table(
    "settings",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)

#: The user's latest code for a drill, so it resumes where it was left.
drill_code = Table(
    "drill_code",
    metadata,
    Column("card_id", String(200), primary_key=True),
    Column("code", Text, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

#: The open (or last) attempt at each drill, the same for every front-end. ``checks`` counts
#: graded checks (a sandbox error is not one), ``failed_checks`` the failing ones;
#: ``first_check_passed`` is NULL until the first check; ``passed`` is the last check's outcome;
#: ``code_hash`` is the SHA-256 of the last checked code (the code itself is in drill_code).
#: ``recorded_at``/``rating`` are set by the review that ended the attempt (NULL: still open).
#: Rating: solution seen -> again; passed on the first check without a hint -> good; passed
#: later -> hard.
drill_attempt = Table(
    "drill_attempt",
    metadata,
    Column("card_id", String(200), primary_key=True),
    Column("started_at", UTCDateTime, nullable=False),
    Column("checks", Integer, nullable=False, default=0),
    Column("failed_checks", Integer, nullable=False, default=0),
    Column("first_check_passed", Boolean),
    Column("passed", Boolean, nullable=False, default=False),
    Column("hints", Integer, nullable=False, default=0),
    Column("solution_seen", Boolean, nullable=False, default=False),
    Column("code_hash", String(64)),
    Column("recorded_at", UTCDateTime),
    Column("rating", Integer),
    Column("updated_at", UTCDateTime, nullable=False),
)

#: A mock interview round: ``minutes`` long, in ``lang``, over ``decks`` (JSON list; empty: all);
#: ``status`` is ``open`` (answers may still come: it can be resumed), ``finished`` or
#: ``abandoned``; ``score`` is the mean score of its questions, set when it ends.
mock_round = Table(
    "mock_round",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", UTCDateTime, nullable=False, index=True),
    Column("minutes", Integer, nullable=False),
    Column("lang", String(8), nullable=False),
    Column("decks", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("ended_at", UTCDateTime),
    Column("score", Float),
)

#: The questions of a round in the order asked, all written when the round starts; the answer
#: columns stay NULL until the question is answered. ``score`` is 0..1 (the share of key points
#: covered, a self-score, right/wrong, or the share of a drill's cases passed); ``points`` the
#: JSON list of the key points ticked (indexes; NULL for a card without points); ``seconds`` the
#: time taken against ``target_seconds``; ``log_id`` the review that recorded it.
mock_answer = Table(
    "mock_answer",
    metadata,
    Column("round_id", Integer, primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("card_id", String(200), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("deck", String(200), nullable=False),
    Column("target_seconds", Integer, nullable=False),
    Column("seed", Integer),
    Column("answered_at", UTCDateTime),
    Column("seconds", Float),
    Column("score", Float),
    Column("points", Text),
    Column("answer", Text),
    Column("log_id", Integer),
)

#: The store's own bookkeeping, kept in the same transactions as the data it describes:
#: ``reviews``/``states`` (``number`` = rows in review_log/card_state), ``queue_hint`` (``data``
#: = the new-card hint as JSON, ``number`` = its version) and ``stateless_logged`` (``data`` =
#: JSON list of ids with reviews but no state). Never user data.
store_meta = Table(
    "store_meta",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("number", Integer),
    Column("data", Text),
)

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True),
)
