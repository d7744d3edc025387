"""Start-up time of the study app, headless, from process start (median of N runs).

Three figures, each measured in fresh processes on a fresh QUIZAPP_HOME with the built-in banks:

- ``first frame``: the Home screen (its skeleton) is on screen and takes keys (Textual's Ready);
- ``home filled``: the store and the banks are loaded and Home shows the decks' numbers;
- ``first card``: ``quizapp study`` shows its first card, ready for an answer.

Run: ``.venv/bin/python bench/tui_startup.py [--runs 5]``. The clock starts just before the child
process is spawned, so interpreter start-up and every import are included.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import sys, time, json
from quizapp.tui.app import QuizApp, StudyRequest

marks = {}
mode = sys.argv[1]


class Bench(QuizApp):
    def on_ready(self) -> None:
        marks["first_frame"] = time.time()
        if mode == "home":
            self.set_interval(0.005, self.poll)

    def poll(self) -> None:
        if getattr(self.screen, "report", None) is not None and "home_filled" not in marks:
            marks["home_filled"] = time.time()
            self.exit()

    def on_card_shown(self, event: object) -> None:  # StudyScreen.CardShown bubbles here
        marks.setdefault("first_card", time.time())
        self.exit()


app = Bench(study=StudyRequest() if mode == "study" else None, lang="en")
app.run(headless=True, size=(80, 24))
print(json.dumps(marks))
"""


def one_run(mode: str, home: Path) -> dict[str, float]:
    """Spawn one app process; seconds from spawn to each milestone."""
    env = {**os.environ, "QUIZAPP_HOME": str(home)}
    env.pop("QUIZAPP_DB", None)
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, mode],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    marks = json.loads(out.stdout.strip().splitlines()[-1])
    return {name: t - start for name, t in marks.items()}


def main(argv: list[str] | None = None) -> int:
    """Print the median (and min/max) of each milestone over ``--runs`` runs."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="quizapp-bench-") as tmp:
        home = Path(tmp)
        one_run("home", home)  # warm the OS file cache and create the database once
        for _ in range(args.runs):
            for mode in ("home", "study"):
                for name, seconds in one_run(mode, home).items():
                    if mode == "study" and name != "first_card":
                        continue
                    results.setdefault(name, []).append(seconds)
    labels = {
        "first_frame": "first frame (Home skeleton, keys work)",
        "home_filled": "Home filled (store + banks loaded)",
        "first_card": "first card shown (quizapp study)",
    }
    print(f"quizapp TUI start-up, headless 80x24, {args.runs} runs, from process spawn:")
    for name in ("first_frame", "home_filled", "first_card"):
        values = results.get(name, [])
        if values:
            print(
                f"  {labels[name]:<42} median {statistics.median(values) * 1000:6.0f} ms"
                f"   (min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
