"""``quizapp mock``: a timed mock interview round in the app's mock screen (``--plain``: line
mode on stdin/stdout)."""

from __future__ import annotations

import argparse

from quizapp.commands.options import add_lang, common_options


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``mock`` subcommand."""
    p = subparsers.add_parser(
        "mock",
        parents=[common_options()],
        help="a timed mock interview: open questions, one calculation, one coding drill",
        description="A mock interview round: no hints, answers and a report at the end. An "
        "interrupted round resumes next time. Opens the app's mock screen; --plain asks in "
        "line mode.",
    )
    p.add_argument("--minutes", type=int, default=20, help="length of the round (default 20)")
    p.add_argument("--deck", action="append", default=[], help="only this deck (repeatable)")
    p.add_argument(
        "--plain", action="store_true", help="line mode: stdin/stdout, for pipes and screen readers"
    )
    add_lang(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run a round in the app's mock screen, or in line mode with ``--plain``."""
    import sys

    from quizapp.commands.options import library, store
    from quizapp.mock.plain_round import PlainRound
    from quizapp.mock.session import Interviews

    if not 1 <= args.minutes <= 240:
        print(f"error: --minutes must be between 1 and 240, got {args.minutes}", file=sys.stderr)
        return 2
    if not args.plain:
        from quizapp.commands.tui import run_tui

        return run_tui(args)  # the app checks the decks once its library is loaded
    lib = library(args)
    unknown = [d for d in args.deck if d not in lib.decks]
    if unknown:
        print(
            f"error: unknown deck(s): {', '.join(unknown)}; decks: {', '.join(lib.decks)}",
            file=sys.stderr,
        )
        return 2
    db = store(args)
    lang = args.lang or db.settings()["lang"]
    interviews = Interviews(db, lib)
    return PlainRound(interviews, lang=lang, stdin=sys.stdin, stdout=sys.stdout).run(
        minutes=args.minutes, decks=args.deck
    )
