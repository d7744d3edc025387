"""``quizapp`` without a command: the study app (Textual)."""

from __future__ import annotations

import argparse


def run_tui(args: argparse.Namespace) -> int:
    """Open the TUI. Until it exists, print help and point at the plain mode."""
    try:
        from quizapp.tui.app import run
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith("quizapp.tui"):
            raise
        from quizapp.cli import build_parser

        build_parser().print_help()
        print("\nThe study app is not built yet: use `quizapp study --plain`.")
        return 0
    return run(args)
