"""What went wrong with a database, in one line a user can act on.

:func:`database_url` turns what the user typed after ``--db`` into a URL (a plain path is an
SQLite file). :func:`explain` turns any exception raised while opening or using the database into
a :class:`StoreError` whose message names the URL (password masked), says what is wrong and what
to do. Front-ends print that message and exit with status 2; they never show a traceback.
"""

from __future__ import annotations

import errno
from pathlib import Path

from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url


class StoreError(Exception):
    """A database problem the user can fix; ``str()`` is the one-line message."""


class StoreUnavailable(StoreError):
    """The database stopped answering mid-session (server restart, network): retried, then
    given up."""


class SchemaTooNew(StoreError):
    """The database was written by a newer quizapp."""


def database_url(text: str) -> str:
    """``text`` as an SQLAlchemy URL: ``dialect://…`` as it is; anything else is a path to an
    SQLite file (``~`` expanded, made absolute)."""
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def masked(url: str) -> str:
    """``url`` with its password replaced by ``***`` (unparseable URLs are returned as given)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except sa_exc.ArgumentError:
        return url


def _sqlite_path(url: str) -> Path | None:
    try:
        parsed = make_url(url)
    except sa_exc.ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def explain(error: BaseException, url: str) -> StoreError:
    """The :class:`StoreError` for ``error`` raised while using the database at ``url``."""
    if isinstance(error, StoreError):
        return error
    where = masked(url)
    text = str(getattr(error, "orig", None) or error).strip().splitlines()[0] if str(error) else ""
    low = text.lower()
    if isinstance(error, sa_exc.ArgumentError):
        return StoreError(
            f"{where}: not a database URL; give a path to an SQLite file or a URL such as "
            "sqlite:///path/to/quizapp.db or postgresql+psycopg://user@host/dbname"
        )
    if isinstance(error, sa_exc.NoSuchModuleError):
        return StoreError(
            f"{where}: quizapp cannot talk to this kind of database (no SQLAlchemy dialect "
            f"{where.split('://')[0]!r}); use SQLite or PostgreSQL"
        )
    if isinstance(error, ModuleNotFoundError):
        extra = " (pip install 'quizapp[postgres]')" if "psycopg" in str(error) else ""
        return StoreError(f"{where}: the database driver {error.name!r} is not installed{extra}")
    path = _sqlite_path(url)
    if path is not None:
        if isinstance(error, OSError) and error.errno in (errno.EACCES, errno.EPERM):
            return StoreError(f"{where}: no permission to write {error.filename or path}")
        if isinstance(error, OSError) or "unable to open database file" in low:
            folder = path.parent
            why = (
                f"the folder {folder} does not exist and cannot be created"
                if not folder.exists()
                else f"cannot open or create {path} (permissions, or a read-only place)"
            )
            return StoreError(f"{where}: {why}; give another path with --db or QUIZAPP_DB")
        if "file is not a database" in low or "malformed" in low:
            return StoreError(
                f"{where}: {path} is not a quizapp database (not SQLite, or damaged); "
                "give another path with --db, or move the file away"
            )
    if "password" in low and ("no password supplied" in low or "authentication failed" in low):
        return StoreError(
            f"{where}: the server wants a password; put it in the URL "
            "(postgresql+psycopg://user:PASSWORD@host/db), in ~/.pgpass, or in PGPASSWORD"
        )
    if "does not exist" in low and "database" in low:
        return StoreError(f"{where}: {text}; create it first (createdb) or fix the name")
    if isinstance(error, (sa_exc.OperationalError, sa_exc.InterfaceError, ConnectionError)):
        return StoreUnavailable(
            f"{where}: cannot reach the database server ({text or type(error).__name__}); "
            "is it running, and are host and port right?"
        )
    return StoreError(f"{where}: {type(error).__name__}: {text}")
