"""Creating the SQLAlchemy engine: the SQLite connection set-up of the store lives here (its
SQLite fast paths for long id lists are in ``quizapp/store/__init__.py``, beside portable ones).

SQLite connections get WAL journaling (readers never block the writer), a busy timeout (a second
process waits for the lock instead of failing), foreign keys on, and ``BEGIN IMMEDIATE`` for every
transaction: the write lock is taken up front, so two processes answering at once queue up
instead of failing with "database is locked" when a read transaction tries to become a write.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

BUSY_TIMEOUT_MS = 10_000


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _set_wal(cursor)
        cursor.execute("PRAGMA synchronous = NORMAL")  # in WAL: durable across app crashes
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Any) -> None:
        # straight to the driver: this runs for every transaction, reads included
        conn.connection.dbapi_connection.execute("BEGIN IMMEDIATE")


def _set_wal(cursor: Any) -> None:
    """``PRAGMA journal_mode = WAL``, retried while another process holds the lock it needs:
    switching a new database to WAL takes an exclusive lock and SQLite does not wait for it
    (no busy handler there), so two processes creating the database at once could fail."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def make_engine(url: str) -> Engine:
    """An engine for ``url``; for a SQLite file, its folder is created if missing."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        _sqlite_setup(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)
