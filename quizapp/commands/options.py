"""Options shared by subcommands, and the helpers that turn them into objects."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizapp.bank.loader import Library
    from quizapp.store import Store


def common_options() -> argparse.ArgumentParser:
    """A parent parser with ``--db`` and ``--bank``, accepted before or after a command name."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--db",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="SQLAlchemy database URL (default: $QUIZAPP_DB or sqlite:///$QUIZAPP_HOME/quizapp.db)",
    )
    parent.add_argument(
        "--bank",
        metavar="PATH",
        action="append",
        type=Path,
        default=argparse.SUPPRESS,
        help="load this bank file or folder too (repeatable)",
    )
    return parent


def add_lang(parser: argparse.ArgumentParser, default: str | None = None) -> None:
    """``--lang en|zh|both``; None means "the language saved in the settings"."""
    parser.add_argument(
        "--lang",
        choices=("en", "zh", "both"),
        default=default,
        help="language of the cards (default: the saved setting)",
    )


def library(args: argparse.Namespace, *, quiet: bool = False) -> Library:
    """Load the built-in banks, the user's banks and ``--bank`` paths. Problems in banks are
    summarized on stderr (``quizapp validate`` lists them) unless ``quiet``."""
    from quizapp.bank.loader import load_library

    lib = load_library(getattr(args, "bank", None) or [])
    if lib.problems and not quiet:
        print(
            f"warning: {len(lib.problems)} problem(s) in your banks; cards with problems "
            "are left out (run `quizapp validate`)",
            file=sys.stderr,
        )
    return lib


def store(args: argparse.Namespace) -> Store:
    """Open the database named by ``--db`` (or the default)."""
    from quizapp.store import Store

    return Store.open(getattr(args, "db", None))
