"""Plain study mode through a real process: piped answers, kills, concurrent writers."""

from __future__ import annotations

import os
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SMALL_BANK


def flashcard_bank(path: Path, deck: str, count: int) -> Path:
    lines = [f"deck: {{id: {deck}}}", "cards:"]
    lines += [
        f"  - {{id: {deck}.c{i:02d}, kind: flashcard, front: Q{i}, back: A{i}}}"
        for i in range(count)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def env_for(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZAPP_")}
    env["QUIZAPP_HOME"] = str(home)
    return env


def plain(home: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "quizapp", "study", "--plain", *args]


def test_piped_session_records_answers_and_ends_cleanly_at_eof(tmp_path: Path) -> None:
    bank = tmp_path / "small.yaml"
    bank.write_text(SMALL_BANK, encoding="utf-8")
    home = tmp_path / "home"
    # flashcard: reveal, rate 3; cloze: right answer; then EOF in the middle of the choice card
    result = subprocess.run(
        plain(home, "--bank", str(bank), "--deck", "t", "--lang", "zh"),
        input="\n3\n范数\n",
        capture_output=True,
        text=True,
        env=env_for(home),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "MSE 是什么的缩写？" in out and "均方误差" in out
    assert "✓ 正确" in out
    assert out.count("recorded：") == 2
    assert "本次学习结束：已记录 2 个回答。" in out
    with sqlite3.connect(home / "quizapp.db") as db:
        rows = db.execute(
            "SELECT card_id, rating, correct, lang FROM review_log ORDER BY id"
        ).fetchall()
    assert rows == [("t.flash", 3, None, "zh"), ("t.cloze", 3, 1, "zh")]


def test_commands_undo_skip_and_bad_answers(tmp_path: Path) -> None:
    bank = tmp_path / "small.yaml"
    bank.write_text(SMALL_BANK, encoding="utf-8")
    home = tmp_path / "home"
    script = (
        "\n".join(
            [
                "",
                "4",  # flashcard: Easy
                ":undo",  # takes it back; the flashcard comes again
                "",
                "1",  # flashcard: Again
                "a; b",  # cloze: wrong number of answers -> asked again, not recorded
                ":skip",  # skip the cloze
                "9",  # choice: not an option -> asked again
                ":quit",
            ]
        )
        + "\n"
    )
    result = subprocess.run(
        plain(home, "--bank", str(bank), "--deck", "t"),
        input=script,
        capture_output=True,
        text=True,
        env=env_for(home),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Undone: t.flash" in result.stdout
    assert "This card has 1 blanks" in result.stdout
    assert "'9' is not an option." in result.stdout
    with sqlite3.connect(home / "quizapp.db") as db:
        assert db.execute("SELECT card_id, rating FROM review_log").fetchall() == [("t.flash", 1)]


def read_until(
    proc: subprocess.Popen[str], count: int, needle: str, timeout: float = 60
) -> list[str]:
    """Read stdout lines until ``needle`` was seen ``count`` times."""
    assert proc.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while sum(needle in line for line in lines) < count:
        remaining = deadline - time.monotonic()
        assert remaining > 0, "timed out:\n" + "".join(lines)
        ready, _, _ = select.select([proc.stdout], [], [], remaining)
        if ready:
            line = proc.stdout.readline()
            assert line, "process ended early:\n" + "".join(lines)
            lines.append(line)
    return lines


def test_sigkill_mid_session_loses_nothing_reported_as_recorded(tmp_path: Path) -> None:
    bank = flashcard_bank(tmp_path / "k.yaml", "k", 30)
    home = tmp_path / "home"
    proc = subprocess.Popen(
        plain(home, "--bank", str(bank), "--deck", "k"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env_for(home),
        bufsize=1,
    )
    assert proc.stdin is not None
    proc.stdin.write("\n3\n" * 30)  # answers for every card, already in the pipe
    proc.stdin.flush()
    lines = read_until(proc, 12, "recorded:")
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    reported = []
    current = None
    for line in lines:
        if line.startswith("[") and "· k." in line:
            current = line.rsplit("· ", 1)[1].strip()
        if line.startswith("recorded:"):
            reported.append(current)
    assert len(reported) == 12
    with sqlite3.connect(home / "quizapp.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        logged = [r[0] for r in db.execute("SELECT card_id FROM review_log ORDER BY id")]
        states = {r[0] for r in db.execute("SELECT card_id FROM card_state")}
    assert logged[: len(reported)] == reported
    assert set(reported) <= states
    assert len(logged) <= 30


@pytest.mark.parametrize("writers", [2])
def test_two_processes_answer_the_same_database_at_once(tmp_path: Path, writers: int) -> None:
    home = tmp_path / "home"
    procs = []
    for n in range(writers):
        bank = flashcard_bank(tmp_path / f"d{n}.yaml", f"d{n}", 10)  # 2 x 10 <= 20 new a day
        procs.append(
            subprocess.Popen(
                plain(home, "--bank", str(bank), "--deck", f"d{n}"),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env_for(home),
            )
        )
    for p in procs:  # both get all their answers before either is read: they run at once
        assert p.stdin is not None
        p.stdin.write("\n3\n" * 10)
        p.stdin.close()
    results = [(p.stdout.read(), p.stderr.read()) for p in procs]  # type: ignore[union-attr]
    for p in procs:
        p.wait(timeout=120)
    for proc, (out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
        assert "Traceback" not in err and "locked" not in err
        assert out.count("recorded:") == 10
    with sqlite3.connect(home / "quizapp.db") as db:
        assert db.execute("SELECT count(*) FROM review_log").fetchone() == (10 * writers,)
        assert db.execute("SELECT count(*) FROM card_state").fetchone() == (10 * writers,)
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
