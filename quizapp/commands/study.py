"""``quizapp study``: a study session (``--plain``: line mode on stdin/stdout)."""

from __future__ import annotations

import argparse

from quizapp.bank.model import KINDS
from quizapp.commands.options import add_lang, common_options


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1 (``--limit 0`` or ``-5`` is refused)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``study`` subcommand."""
    p = subparsers.add_parser(
        "study",
        parents=[common_options()],
        help="study due and new cards",
        description="Study: cards due first, then new ones. Without --plain, opens the app.",
    )
    p.add_argument(
        "--plain",
        action="store_true",
        help="line mode: read answers from stdin (screen readers, scripts)",
    )
    p.add_argument("--deck", action="append", default=[], help="only this deck (repeatable)")
    p.add_argument("--tag", action="append", default=[], help="only cards with this tag")
    p.add_argument(
        "--kind",
        action="append",
        default=[],
        choices=KINDS,
        help="only this kind of card (repeatable): " + ", ".join(KINDS),
    )
    p.add_argument("--limit", type=positive_int, default=None, help="stop after N cards (N ≥ 1)")
    add_lang(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run a plain session, or open the TUI on the same filters."""
    if not args.plain:
        from quizapp.commands.tui import run_tui

        return run_tui(args)
    import sys

    from quizapp.commands.options import library, store
    from quizapp.plain import PlainSession
    from quizapp.study import Study

    lib = library(args)
    unknown = [d for d in args.deck if d not in lib.decks]
    if unknown:
        print(
            f"unknown deck(s): {', '.join(unknown)}; decks: {', '.join(lib.decks)}", file=sys.stderr
        )
        return 2
    db = store(args)
    lang = args.lang or db.settings()["lang"]
    study = Study(db, lib, decks=args.deck, tags=args.tag, kinds=args.kind, limit=args.limit)
    return PlainSession(study, lang, sys.stdin, sys.stdout).run()
