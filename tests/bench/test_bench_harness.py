"""The benchmark harness runs end to end in a tiny configuration (so it cannot rot).

Only the report's structure is checked, never a timing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bench.report import STATUSES, Row, Target

REPO = Path(__file__).resolve().parents[2]

ROW_IDS = [
    "tui_first_screen",
    "tui_first_card",
    "tui_home_filled",
    "load_bank",
    "load_bank_uncached",
    "validate_bank",
    "queue_cold",
    "queue_warm",
    "queue_no_hint",
    "store_open",
    "stats_cold",
    "stats_warm",
    "answer",
    "drill_grade",
    "drill_grade_first",
    "memory",
]
TARGETED = {
    "tui_first_screen",
    "tui_first_card",
    "load_bank",
    "validate_bank",
    "queue_cold",
    "queue_warm",
    "answer",
    "drill_grade",
    "drill_grade_first",
    "memory",
}


def test_tiny_run_writes_a_complete_report(tmp_path: Path) -> None:
    out = tmp_path / "latest.json"
    env = {k: v for k, v in os.environ.items() if k not in ("QUIZAPP_HOME", "QUIZAPP_DB")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--cards",
            "200",
            "--states",
            "1000",
            "--logs",
            "5000",
            "--answers",
            "20",
            "--runs",
            "2",
            "--out",
            str(out),
            "--workdir",
            str(tmp_path / "work"),
            "--pycache",
            str(tmp_path / "pycache"),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    data = json.loads(out.read_text(encoding="utf-8"))

    assert {"meta", "rows", "explain", "facts", "text"} <= set(data)
    config = data["meta"]["config"]
    assert (config["cards"], config["states"], config["logs"], config["runs"]) == (
        200,
        1000,
        5000,
        2,
    )
    rows = {row["id"]: row for row in data["rows"]}
    assert list(rows) == ROW_IDS
    for row_id, row in rows.items():
        assert row["status"] in STATUSES, row_id
        assert row["label"] and row["label"] in data["text"], row_id
        assert (row["target"] is not None) == (row_id in TARGETED), row_id
        if row["status"] == "not measured":
            assert row["why"].startswith("not measured"), row_id
            assert row["runs"] == [] and row["median"] is None, row_id
            continue
        assert row["runs"] and all(v > 0 for v in row["runs"]), row_id
        assert min(row["runs"]) <= row["median"] <= max(row["runs"]), row_id
        if row["floor"] is not None:
            assert row["floor"]["median"] > 0 and row["ratio"] > 0, row_id
        if row["status"] == "missed":
            assert "missed by" in row["why"], row_id
        assert (row["status"] == "info") == (row["target"] is None), row_id
    for row_id in (
        "load_bank",
        "validate_bank",
        "queue_cold",
        "queue_warm",
        "stats_cold",
        "answer",
    ):
        assert rows[row_id]["status"] != "not measured", row_id
        assert len(rows[row_id]["runs"]) == 2, row_id
    for row_id in ("load_bank_uncached", "queue_cold", "queue_warm", "answer"):
        anki = rows[row_id]["anki"]  # the real Anki backend, same job, same run
        assert anki is not None and len(anki["runs"]) == 2, row_id
        assert anki["median"] > 0 and anki["ratio"] == rows[row_id]["median"] / anki["median"]
    assert "≤ Anki" in rows["answer"]["target"]["text"]
    assert rows["load_bank"]["floor"]["label"].startswith("yaml.load")
    assert rows["memory"]["unit"] == "MB"

    # the synthetic bank is valid and holds every kind; validate stays light
    assert data["facts"]["bank"]["cards"] == 200
    assert data["facts"]["bank"]["problems"] == 0
    assert len(data["facts"]["bank"]["kinds"]) == 6
    assert data["facts"]["validate_imports"] == {
        "sqlalchemy": False,
        "textual": False,
        "numpy": False,
        "yaml": False,
    }
    assert data["facts"]["queue"]["due"] > 0 and data["facts"]["queue"]["new"] == 20
    assert data["facts"]["stats"]["orphaned"] == 10

    # the queue reads the due index; the query plans are in the printed report
    due_plan = data["explain"]["queue: due cards (page)"]
    assert any("USING INDEX ix_card_state_due" in line for line in due_plan)
    assert all(any("INDEX" in line for line in plan) for plan in data["explain"].values())
    assert "EXPLAIN QUERY PLAN" in done.stdout and "ix_card_state_due" in done.stdout
    assert "figure" in done.stdout and "ratio" in done.stdout


def test_rows_judge_against_their_floor_and_limit() -> None:
    row = Row(
        "x",
        "x",
        runs=[30.0, 10.0, 20.0],
        floor_label="f",
        floor_runs=[10.0, 10.0],
        target=Target(ratio=1.5, extra=5, limit=100),
    )
    row.judge()
    assert (row.median, row.floor, row.ratio, row.allowed()) == (20.0, 10.0, 2.0, 20.0)
    assert row.status == "ok"
    row.runs = [25.0]
    row.why = "because"
    row.judge()
    assert row.status == "missed" and row.why.startswith("missed by 5 ms (25%): because")
    info = Row("y", "y", runs=[1.0])
    info.judge()
    assert info.status == "info"
    absent = Row("z", "z", target=Target(limit=1), why="not measured: nothing to measure")
    absent.judge()
    assert absent.status == "not measured" and absent.to_data()["median"] is None
