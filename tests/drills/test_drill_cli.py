"""``quizapp drill``: list, start, check, watch, hint, solution — and the reviews they record."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.store import Store
from tests.drills.helpers import builtin_drills, card

WRONG_MSE = "import numpy as np\n\ndef mse(y_true, y_pred):\n    return float(np.sum(y_pred))\n"


@pytest.fixture
def workdir(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temp QUIZAPP_HOME (real SQLite store) and a temp current folder."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def history(card_id: str) -> list[tuple[int, bool | None]]:
    store = Store.open()
    try:
        return [(r.rating, r.correct) for r in store.history(card_id)]
    finally:
        store.close()


def test_list_shows_every_drill(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["drill", "list"]) == 0
    out = capsys.readouterr().out
    assert all(card_id in out for card_id in builtin_drills())


def test_start_writes_the_starter_once(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["drill", "start", "drill.mse", "--lang", "zh"]) == 0
    path = workdir / "mse.py"
    assert path.read_text(encoding="utf-8") == card("drill.mse").starter
    out = capsys.readouterr().out
    assert "均方误差" in out and "quizapp drill check drill.mse mse.py" in out
    path.write_text("# mine\n", encoding="utf-8")
    assert main(["drill", "start", "drill.mse"]) == 0
    assert path.read_text(encoding="utf-8") == "# mine\n"


def test_a_failed_then_passing_check_is_recorded_as_hard(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = workdir / "mse.py"
    path.write_text(WRONG_MSE, encoding="utf-8")
    assert main(["drill", "check", "drill.mse", str(path)]) == 1
    assert "wrong answer" in capsys.readouterr().out
    assert history("drill.mse") == []
    path.write_text(card("drill.mse").solution or "", encoding="utf-8")
    assert main(["drill", "check", "drill.mse", str(path)]) == 0
    out = capsys.readouterr().out
    assert "✓ 23/23" in out and "Recorded as Hard" in out
    assert history("drill.mse") == [(2, True)]
    store = Store.open()
    try:
        assert store.load_drill_code("drill.mse") == card("drill.mse").solution
    finally:
        store.close()
    assert main(["drill", "check", "drill.mse", str(path)]) == 0  # same attempt: not again
    assert history("drill.mse") == [(2, True)]


def test_passing_on_the_first_check_is_good_and_json_reports_it(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = workdir / "mae.py"
    path.write_text(card("drill.mae").solution or "", encoding="utf-8")
    assert main(["drill", "check", "drill.mae", str(path), "--json", "--seed", "5"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "passed" and data["seed"] == 5
    assert data["recorded"]["rating"] == 3
    assert history("drill.mae") == [(3, True)]


def test_a_hint_makes_the_pass_hard_unless_overridden(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["drill", "hint", "drill.huber"]) == 0
    assert card("drill.huber").hints[0].en in capsys.readouterr().out
    path = workdir / "huber.py"
    path.write_text(card("drill.huber").solution or "", encoding="utf-8")
    assert main(["drill", "check", "drill.huber", str(path), "--rating", "4"]) == 0
    assert history("drill.huber") == [(4, True)]


def test_the_solution_is_marked_and_recorded_as_again(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["drill", "solution", "drill.pca"]) == 0
    out = capsys.readouterr().out
    assert "REFERENCE SOLUTION" in out and "def pca(" in out
    assert history("drill.pca") == [(1, False)]
    path = workdir / "pca.py"
    path.write_text(card("drill.pca").solution or "", encoding="utf-8")
    assert main(["drill", "check", "drill.pca", str(path)]) == 0
    assert history("drill.pca") == [(1, False)]  # the attempt ended with the solution


def test_usage_errors_exit_with_2(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["drill", "check", "drill.nope", "x.py"]) == 2
    assert main(["drill", "check", "drill.mse", "missing.py"]) == 2
    assert main(["drill", "hint", "losses.mse.definition"]) == 2  # not a drill
    with pytest.raises(SystemExit) as exc:
        main(["drill", "check", "drill.mse"])
    assert exc.value.code == 2


def test_watch_regrades_on_save_until_everything_passes(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = workdir / "mse.py"
    path.write_text(WRONG_MSE, encoding="utf-8")
    codes: list[int] = []
    thread = threading.Thread(
        target=lambda: codes.append(
            main(
                [
                    "drill",
                    "watch",
                    "drill.mse",
                    str(path),
                    "--interval",
                    "0.05",
                    "--max-checks",
                    "5",
                ]
            )
        )
    )
    thread.start()
    deadline = time.monotonic() + 20
    while "Waiting for the next save" not in capsys.readouterr().out:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    path.write_text(card("drill.mse").solution or "", encoding="utf-8")
    thread.join(30)
    assert codes == [0]
    assert history("drill.mse") == [(2, True)]


def test_start_resumes_the_saved_code(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = workdir / "mse.py"
    path.write_text(WRONG_MSE, encoding="utf-8")
    main(["drill", "check", "drill.mse", str(path)])
    assert main(["drill", "start", "drill.mse", "again.py"]) == 0
    assert (workdir / "again.py").read_text(encoding="utf-8") == WRONG_MSE
    assert "saved code" in capsys.readouterr().out
