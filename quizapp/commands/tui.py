"""``quizapp`` without a command: the study app (Textual)."""

from __future__ import annotations

import argparse


def run_tui(args: argparse.Namespace) -> int:
    """Open the TUI (Textual is imported here, not when the CLI starts)."""
    from quizapp.tui.app import run

    return run(args)
