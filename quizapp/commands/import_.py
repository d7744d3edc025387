"""``quizapp import FILE [--deck D] [--dry-run] [--format notes|csv|apkg]``: notes, CSV/TSV and
Anki packages into your banks (see :mod:`quizapp.interop.importing`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from quizapp.commands.options import common_options


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``import`` subcommand."""
    p = subparsers.add_parser(
        "import",
        parents=[common_options()],
        help="import notes (Markdown/plain text), CSV/TSV or an Anki package",
        description="Import cards into $QUIZAPP_HOME/banks/<deck>.yaml. FILE is a Markdown or "
        "plain-text notes file (questions followed by their answers), a CSV/TSV file with a "
        "header row or Anki's #separator:/#columns: header lines, or an Anki package (.apkg: "
        "collection.anki21b, .anki21 or .anki2). Re-importing the same file adds only what is "
        "new. Exit status 0 if the import ran, 1 if nothing could be imported.",
    )
    p.add_argument("file", type=Path, metavar="FILE", help="the file to import")
    p.add_argument(
        "--deck",
        metavar="D",
        help="deck id for every card (default: the Anki deck name, or the file name)",
    )
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="print the cards that would be created; write nothing",
    )
    p.add_argument(
        "--no-history",
        action="store_true",
        help="do not bring in the review history of an Anki package exported with scheduling",
    )
    p.add_argument(
        "--format",
        choices=("notes", "csv", "apkg"),
        help="the file's format (default: detected from its name and content)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Import, print the report; 1 on an error (nothing written) or when nothing was found."""
    from quizapp.bank.write import is_valid_id
    from quizapp.interop.candidates import InteropError
    from quizapp.interop.importing import import_file
    from quizapp.interop.text import deck_slug

    if args.deck is not None and not is_valid_id(args.deck):
        print(
            f"quizapp import: error: --deck {args.deck!r} is not a deck id (lower case a-z, "
            f"0-9, '.', '_', '-'); try --deck {deck_slug(args.deck)}",
            file=sys.stderr,
        )
        return 2
    try:
        report = import_file(
            args.file, deck=args.deck, fmt=args.format, dry_run=args.dry_run, extra_banks=args.bank
        )
    except InteropError as exc:
        print(f"quizapp import: error: {exc}\nNothing was written.", file=sys.stderr)
        return 1
    except Exception as exc:  # never a traceback for a user's file
        print(
            f"quizapp import: unexpected error reading {args.file}: "
            f"{type(exc).__name__}: {exc}\nNothing was written.",
            file=sys.stderr,
        )
        return 1
    print(report.render())
    if report.histories and not args.dry_run and not args.no_history:
        print(_import_history(args, report.histories))
    if not report.created and not report.duplicates:
        print("quizapp import: no cards found in this file", file=sys.stderr)
        return 1
    return 0


def _import_history(args: argparse.Namespace, histories: dict[str, Any]) -> str:
    """Replay the imported review histories into the database; the report's last line."""
    from quizapp.commands.options import library, store
    from quizapp.memory.replay import replay
    from quizapp.study import Study

    done = replay(Study(store(args), library(args, quiet=True)), histories)
    return f"  review history: {done.added} review(s) of {done.cards} card(s) added" + (
        f", {done.skipped} already there" if done.skipped else ""
    )
