"""The ``quizapp`` command line. Subcommands live in :mod:`quizapp.commands`, one module each.

Start-up is kept light: this module imports only argparse and the command modules, which import
their heavy dependencies (SQLAlchemy, NumPy, Textual) inside ``run``. ``quizapp validate`` never
loads Textual or NumPy.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from quizapp import __version__
from quizapp.commands.options import common_options

# Order is the order of `quizapp --help`.
COMMANDS = (
    "study",
    "list",
    "show",
    "stats",
    "validate",
    "schema",
    "solvers",
    "drill",
    "check",
    "plan",
    "mock",
    "optimize",
    "add",
    "import",
    "export",
)
_MODULES = {"import": "import_"}  # a module cannot be named after a keyword


def build_parser() -> argparse.ArgumentParser:
    """The full parser, with every available subcommand registered."""
    common = common_options()
    parser = argparse.ArgumentParser(
        prog="quizapp",
        description="ML interview preparation in the terminal: bilingual cards, spaced "
        "repetition (FSRS), graded numeric questions and coding drills. Without a command, "
        "opens the study app.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"quizapp {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module_name = f"quizapp.commands.{_MODULES.get(name, name)}"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 failure, 2 usage error).

    Everything the commands print passes through :class:`~quizapp.terminal.SafeStream`, so
    text from banks and imports never reaches the terminal as control sequences (the TUI
    writes to the real terminal itself and escapes card text in its widgets)."""
    from quizapp.terminal import SafeStream

    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(out), SafeStream(err)
    try:
        return _run(argv)
    finally:
        sys.stdout, sys.stderr = out, err


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.db = getattr(args, "db", None)
    args.bank = getattr(args, "bank", None) or []
    try:
        if args.command is None:
            from quizapp.commands.tui import run_tui

            return run_tui(args)
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        # a database problem is one line, never a traceback; the store (and SQLAlchemy) is
        # imported only if a command used it, so `quizapp validate` stays light
        store_errors = sys.modules.get("quizapp.store.errors")
        if store_errors is None or not isinstance(error, store_errors.StoreError):
            raise
        print(f"quizapp: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        sys.stderr.close()
        return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
