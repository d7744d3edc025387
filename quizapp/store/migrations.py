"""Versioned schema migrations. Each step is frozen: it describes the schema as it was then,
never the current models, so an old database always upgrades the same way.

- 1: card_state, review_log, settings (the first release)
- 2: card marks (suspend, bury, flag), drill code, and the seed of numeric reviews
- 3: ``store_meta``, the store's bookkeeping: review and state counters, the new-card
  hint of the study queue, and ids with reviews but no state (so reads need not scan the
  whole review log or state table)
- 4: ``drill_attempt``, the open (or last) attempt at each drill, so every front-end and
  every machine sharing the database sees the same checks, hints and solution
- 5: ``mock_round`` and ``mock_answer``, mock interviews: each round and its questions in
  order, with the answers given so far (so an interrupted round can be resumed)

Only portable DDL is used (SQLAlchemy Core), so any SQLAlchemy database works.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    inspect,
    select,
    text,
)
from sqlalchemy.schema import CreateColumn


def _v1(conn: Connection) -> None:
    meta = MetaData()
    Table(
        "card_state",
        meta,
        Column("card_id", String(200), primary_key=True),
        Column("state", Integer, nullable=False),
        Column("step", Integer),
        Column("stability", Float),
        Column("difficulty", Float),
        Column("due", DateTime, nullable=False, index=True),
        Column("last_review", DateTime),
    )
    Table(
        "review_log",
        meta,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("card_id", String(200), nullable=False),
        Column("reviewed_at", DateTime, nullable=False, index=True),
        Column("rating", Integer, nullable=False),
        Column("duration_ms", Integer),
        Column("answer", Text),
        Column("correct", Boolean),
        Column("lang", String(8), nullable=False),
        Column("prev_state", Text),
        Index("ix_review_log_card_time", "card_id", "reviewed_at"),
    )
    Table(
        "settings",
        meta,
        Column("key", String(100), primary_key=True),
        Column("value", Text, nullable=False),
    )
    Table("schema_version", meta, Column("version", Integer, primary_key=True))
    meta.create_all(conn)


def _v2(conn: Connection) -> None:
    meta = MetaData()
    Table(
        "card_mark",
        meta,
        Column("card_id", String(200), primary_key=True),
        Column("suspended", Boolean, nullable=False),
        Column("buried_until", DateTime),
        Column("flagged", Boolean, nullable=False),
    )
    Table(
        "drill_code",
        meta,
        Column("card_id", String(200), primary_key=True),
        Column("code", Text, nullable=False),
        Column("updated_at", DateTime, nullable=False),
    )
    meta.create_all(conn)
    seed = CreateColumn(Column("seed", Integer)).compile(dialect=conn.dialect)
    conn.execute(text(f"ALTER TABLE review_log ADD COLUMN {seed}"))


def _v3(conn: Connection) -> None:
    meta = MetaData()
    store_meta = Table(
        "store_meta",
        meta,
        Column("key", String(100), primary_key=True),
        Column("number", Integer),
        Column("data", Text),
    )
    meta.create_all(conn)

    def count(table: str) -> int:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() or 0

    stateless = conn.execute(
        text(
            "SELECT DISTINCT card_id FROM review_log "
            "WHERE card_id NOT IN (SELECT card_id FROM card_state) ORDER BY card_id"
        )
    ).scalars()
    conn.execute(
        store_meta.insert(),
        [
            {"key": "reviews", "number": count("review_log"), "data": None},
            {"key": "states", "number": count("card_state"), "data": None},
            {"key": "queue_hint", "number": 0, "data": None},
            {"key": "stateless_logged", "number": 0, "data": json.dumps(list(stateless))},
        ],
    )


def _v4(conn: Connection) -> None:
    meta = MetaData()
    Table(
        "drill_attempt",
        meta,
        Column("card_id", String(200), primary_key=True),
        Column("started_at", DateTime, nullable=False),
        Column("checks", Integer, nullable=False),
        Column("failed_checks", Integer, nullable=False),
        Column("first_check_passed", Boolean),
        Column("passed", Boolean, nullable=False),
        Column("hints", Integer, nullable=False),
        Column("solution_seen", Boolean, nullable=False),
        Column("code_hash", String(64)),
        Column("recorded_at", DateTime),
        Column("rating", Integer),
        Column("updated_at", DateTime, nullable=False),
    )
    meta.create_all(conn)


def _v5(conn: Connection) -> None:
    meta = MetaData()
    Table(
        "mock_round",
        meta,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("started_at", DateTime, nullable=False, index=True),
        Column("minutes", Integer, nullable=False),
        Column("lang", String(8), nullable=False),
        Column("decks", Text, nullable=False),
        Column("status", String(16), nullable=False),
        Column("ended_at", DateTime),
        Column("score", Float),
    )
    Table(
        "mock_answer",
        meta,
        Column("round_id", Integer, primary_key=True),
        Column("position", Integer, primary_key=True),
        Column("card_id", String(200), nullable=False),
        Column("kind", String(16), nullable=False),
        Column("deck", String(200), nullable=False),
        Column("target_seconds", Integer, nullable=False),
        Column("seed", Integer),
        Column("answered_at", DateTime),
        Column("seconds", Float),
        Column("score", Float),
        Column("points", Text),
        Column("answer", Text),
        Column("log_id", Integer),
    )
    meta.create_all(conn)


#: One function per schema version, in order; a new step is appended as one more line.
MIGRATIONS: list[Callable[[Connection], None]] = [
    _v1,
    _v2,
    _v3,
    _v4,
    _v5,
]
LATEST = len(MIGRATIONS)


def current_version(conn: Connection) -> int:
    """The schema version of the database (0 for an empty one)."""
    if not inspect(conn).has_table("schema_version"):
        return 0
    version = conn.execute(select(text("max(version)")).select_from(text("schema_version")))
    return version.scalar() or 0


def upgrade(conn: Connection, target: int = LATEST) -> int:
    """Apply the missing migrations up to ``target`` inside the caller's transaction; returns
    the version reached. A database newer than this program is refused."""
    version = current_version(conn)
    if version > LATEST:
        from quizapp.store.errors import SchemaTooNew

        raise SchemaTooNew(
            f"the database has schema version {version}, newer than this "
            f"quizapp knows ({LATEST}); upgrade quizapp (pip install -U quizapp)"
        )
    for number in range(version + 1, target + 1):
        MIGRATIONS[number - 1](conn)
        conn.execute(text("INSERT INTO schema_version (version) VALUES (:v)"), {"v": number})
    return max(version, target)
