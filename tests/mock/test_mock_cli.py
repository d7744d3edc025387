"""``quizapp mock --plain`` through a real process, with piped answers; rounds in stats."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.cli.test_plain import env_for


def mock(home: Path, bank: Path, text: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizapp", "mock", "--plain", "--bank", str(bank), *args],
        input=text,
        capture_output=True,
        text=True,
        env=env_for(home),
        timeout=120,
    )


def test_piped_mock_round_quit_resume_report_and_stats(
    tmp_path: Path, mock_bank: Path, code_files: tuple[Path, Path]
) -> None:
    right, _ = code_files
    home = tmp_path / "home"
    first = mock(home, mock_bank, "\n1 2 3 4\n:quit\n", "--deck", "t", "--lang", "zh")
    assert first.returncode == 0, first.stderr
    assert "为什么做 PCA 之前要先中心化？" in first.stdout
    assert "本轮已暂停：已答 1/4 题，答案已保存。" in first.stdout
    second = mock(home, mock_bank, f"r\n\n1\n0.4\n{right}\n", "--lang", "en")
    assert second.returncode == 0, second.stderr
    assert "Round 1 · finished · score " in second.stdout
    assert "Earlier rounds" not in second.stdout
    stats = subprocess.run(
        [sys.executable, "-m", "quizapp", "stats", "--bank", str(mock_bank)],
        capture_output=True,
        text=True,
        env=env_for(home),
        timeout=120,
    )
    assert "         mock rounds  1 (last " in stats.stdout
    bad = mock(home, mock_bank, "", "--deck", "nope")
    assert bad.returncode == 2 and bad.stderr.startswith("error: unknown deck(s): nope")
