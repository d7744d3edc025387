"""``quizapp validate [PATH...]``: check bank files, report every problem as path:line:col."""

from __future__ import annotations

import argparse
from pathlib import Path

from quizapp.commands.options import common_options


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``validate`` subcommand."""
    p = subparsers.add_parser(
        "validate",
        parents=[common_options()],
        help="check bank files and report every problem",
        description="Check bank files. Without PATH: the built-in banks and your banks in "
        "$QUIZAPP_HOME/banks. Exit status 0 if clean, 1 if any problem.",
    )
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="a bank file or folder")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print each problem, then a summary; 1 if there was any problem."""
    from quizapp.bank.loader import load_library

    if args.paths:
        missing = [p for p in args.paths if not p.exists()]
        for p in missing:
            print(f"{p}: no such file or folder")
        library = load_library([*args.paths, *args.bank], include_builtin=False, include_user=False)
        problems = len(library.problems) + len(missing)
    else:
        library = load_library(args.bank)
        problems = len(library.problems)
    for problem in library.problems:
        print(problem)
    files = len(library.files)
    bad_files = len({p.path for p in library.problems})
    if problems:
        print(
            f"{problems} problem(s) in {bad_files} of {files} file(s); "
            f"{len(library.cards)} valid card(s)"
        )
        return 1
    print(f"ok: {files} file(s), {len(library.cards)} card(s) in {len(library.decks)} deck(s)")
    return 0
