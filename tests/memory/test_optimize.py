"""A user from Anki keeps their history, and gets parameters fitted to it only when they predict
better (figures on reviews the fit has not seen)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from tests.memory.anki_sim import simulate, write_package


def db_rows(home: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(home / "quizapp.db") as con:
        return con.execute(sql).fetchall()


def test_a_year_of_anki_history_comes_in_once_and_a_fit_beats_the_defaults(
    cli: Any, home: Path, year_package: Path
) -> None:
    first = cli("import", year_package)
    assert first.code == 0, first.err
    answers = simulate(300, 365, seed=7)
    assert f"review history: {len(answers)} review(s) of 300 card(s) added" in first.out
    states = db_rows(home, "SELECT count(*) FROM card_state")[0][0]
    assert states == 300  # every card's memory state comes from replaying its history
    again = cli("import", year_package)
    assert again.code == 0 and f"0 review(s) of 300 card(s) added, {len(answers)}" in again.out
    assert db_rows(home, "SELECT count(*) FROM review_log")[0][0] == len(answers)

    dry = cli("optimize", "--json", "--dry-run")
    report = json.loads(dry.out)
    assert report["reviews"] == len(answers) and report["adopted"] is False
    assert report["fitted"]["log_loss"] < report["default"]["log_loss"]
    assert report["fitted"]["rmse"] < report["default"]["rmse"]
    assert db_rows(home, "SELECT value FROM settings WHERE key = 'fsrs_parameters'") == []

    done = cli("optimize", "--json")
    adopted = json.loads(done.out)
    assert adopted["adopted"] is True and len(adopted["parameters"]) == 21
    assert adopted["message"].startswith("adopted the fitted parameters: log-loss")
    stored = db_rows(home, "SELECT value FROM settings WHERE key = 'fsrs_parameters'")
    assert json.loads(stored[0][0]) == adopted["parameters"]
    assert 0.7 <= adopted["optimal_retention"] <= 0.97

    from quizapp.bank.loader import load_library
    from quizapp.store import Store
    from quizapp.study import Study

    store = Store.open(f"sqlite:///{home / 'quizapp.db'}")
    try:
        scheduler = Study(store, load_library([])).scheduler
        assert list(scheduler.parameters) == adopted["parameters"]
    finally:
        store.close()

    undone = cli("optimize", "--undo")
    assert undone.code == 0 and "FSRS defaults" in undone.out
    assert (
        json.loads(db_rows(home, "SELECT value FROM settings WHERE key = 'fsrs_parameters'")[0][0])
        is None
    )


def test_a_short_log_is_declined_with_how_many_more_reviews_are_needed(
    cli: Any, home: Path, tmp_path: Path
) -> None:
    package = tmp_path / "short.apkg"
    write_package(package, simulate(20, 10, seed=3), 20, scheduling=True)
    assert cli("import", package).code == 0
    result = cli("optimize")
    assert result.code == 1
    assert "not enough history to fit" in result.out and "more are needed" in result.out
    assert db_rows(home, "SELECT value FROM settings WHERE key = 'fsrs_parameters'") == []


def test_no_history_imports_the_cards_without_their_reviews(
    cli: Any, home: Path, year_package: Path
) -> None:
    result = cli("import", year_package, "--no-history")
    assert result.code == 0 and "review(s) of 300 card(s) added" not in result.out
    assert not (home / "quizapp.db").exists()  # not even opened: nothing to record
    assert len(list((home / "banks").glob("*.yaml"))) == 1
