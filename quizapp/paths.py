"""Where quizapp keeps things: the user's home folder, the database and the bank files.

``QUIZAPP_HOME`` overrides the home folder (default: the platform's user data dir, e.g.
``~/.local/share/quizapp``); ``QUIZAPP_DB`` overrides the database URL (default: the SQLite file
``quizapp.db`` in the home folder).
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def home() -> Path:
    """The user's quizapp folder (not created here)."""
    env = os.environ.get("QUIZAPP_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("quizapp", appauthor=False)


def default_db_url() -> str:
    """``QUIZAPP_DB`` if set, else ``sqlite:///<home>/quizapp.db``."""
    return os.environ.get("QUIZAPP_DB") or f"sqlite:///{home() / 'quizapp.db'}"


def user_banks_dir() -> Path:
    """Where the user's own banks live: ``<home>/banks``."""
    return home() / "banks"


def builtin_content_dir() -> Path:
    """The built-in banks: ``quizapp/_content`` in an installed wheel, ``content/`` beside the
    package in a source checkout (editable install)."""
    bundled = _PACKAGE_DIR / "_content"
    return bundled if bundled.is_dir() else _PACKAGE_DIR.parent / "content"


def builtin_bank_files() -> list[Path]:
    """The built-in bank files, ``content/<topic>/*.yaml``, sorted."""
    return sorted(builtin_content_dir().glob("*/*.yaml"))
