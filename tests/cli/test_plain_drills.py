"""Line mode through a real process: a drill answered from file paths, and ``study --kind``."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

from tests.cli.test_plain import env_for, plain
from tests.conftest import SMALL_BANK
from tests.tui.helpers import TUI_BANK

WRONG = "import numpy as np\n\n\ndef mse(y_true, y_pred):\n    return float(np.sum(y_pred))\n"
RIGHT = (
    "import numpy as np\n\n\ndef mse(y_true, y_pred):\n"
    "    return float(np.mean((np.asarray(y_true) - np.asarray(y_pred)) ** 2))\n"
)


def run(tmp_path: Path, bank_text: str, stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    bank = tmp_path / "bank.yaml"
    bank.write_text(bank_text, encoding="utf-8")
    home = tmp_path / "home"
    return subprocess.run(
        plain(home, "--bank", str(bank), "--deck", "t", "--lang", "en", *args),
        input=stdin,
        capture_output=True,
        text=True,
        env=env_for(home),
        timeout=120,
    )


def test_a_drill_fails_then_passes_from_a_file_and_is_recorded_as_hard(tmp_path: Path) -> None:
    wrong, right = tmp_path / "wrong.py", tmp_path / "right.py"
    wrong.write_text(WRONG, encoding="utf-8")
    right.write_text(RIGHT, encoding="utf-8")
    missing = tmp_path / "missing.py"
    result = run(
        tmp_path, TUI_BANK, f"{missing}\n{wrong}\n{right}\n", "--kind", "drill", "--limit", "1"
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Return the mean of the squared differences." in out and "mse(y_true: np.ndarray" in out
    assert f"Cannot read {missing}" in out  # not a check: asked again
    first, _, second = out.partition("Fix it and type the path again")
    assert "✗" in first and "wrong answer" in first
    assert "✓ 4/4 cases passed" in second and "recorded: Hard" in second
    with sqlite3.connect(tmp_path / "home" / "quizapp.db") as db:
        reviews = db.execute("SELECT card_id, rating, correct, answer FROM review_log").fetchall()
        attempt = db.execute(
            "SELECT checks, failed_checks, first_check_passed, passed, rating FROM drill_attempt"
        ).fetchall()
    assert reviews == [("t.drill", 2, 1, RIGHT)]
    assert attempt == [(2, 1, 0, 1, 2)]


def test_the_solution_ends_a_drill_as_again(tmp_path: Path) -> None:
    result = run(tmp_path, TUI_BANK, ":hint\n:solution\n", "--kind", "drill", "--limit", "1")
    assert result.returncode == 0, result.stderr
    assert "Subtract, then square." in result.stdout and "recorded: Again" in result.stdout
    with sqlite3.connect(tmp_path / "home" / "quizapp.db") as db:
        assert db.execute("SELECT rating, correct FROM review_log").fetchall() == [(1, 0)]
        assert db.execute("SELECT hints, solution_seen FROM drill_attempt").fetchall() == [(1, 1)]


def test_study_kind_presents_only_that_kind(tmp_path: Path) -> None:
    result = run(tmp_path, SMALL_BANK, "1\n", "--kind", "choice")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Which loss is robust to outliers?" in out
    for other in ("What does MSE stand for?", "Clipping by", "Order the PCA steps."):
        assert other not in out
    assert "Session over: 1 answer(s) recorded." in out
    with sqlite3.connect(tmp_path / "home" / "quizapp.db") as db:
        assert db.execute("SELECT card_id FROM review_log").fetchall() == [("t.choice",)]


def test_an_unknown_kind_is_a_one_line_usage_error(tmp_path: Path) -> None:
    result = run(tmp_path, SMALL_BANK, "", "--kind", "essay")
    assert result.returncode == 2
    assert "invalid choice: 'essay'" in result.stderr and "Traceback" not in result.stderr
