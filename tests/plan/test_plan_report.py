"""Plan feasibility, the plan command and its JSON, and the engine without a plan."""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from quizapp.bank.loader import Library
from quizapp.cli import main
from quizapp.plan.days import StudyDays
from quizapp.plan.forecast import DEFAULT_SECONDS, report, seconds_per_answer
from quizapp.plan.model import PlanError, default_buffer_days, load_plan, make_plan, save_plan
from quizapp.store import Store
from quizapp.study import Rating, Study
from tests.conftest import FakeClock

START = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)


def test_an_infeasible_plan_says_by_how_much_and_what_fits(
    store: Store, flash_library: Callable[..., Library]
) -> None:
    library = flash_library({"a": 120, "b": 120})
    save_plan(store, make_plan(TODAY + timedelta(days=6), TODAY, minutes=10))
    result = report(store, library, START)
    assert result is not None and not result.feasible
    peak = result.forecast.peak_minutes
    assert peak > 10
    assert f"Does not fit in 10 min a day: the busiest day needs {peak:.0f} min" in (
        result.message.en or ""
    )
    assert "What fits:" in (result.message.en or "") and "每天 10 分钟不够" in (
        result.message.zh or ""
    )
    kinds = {s.kind: s for s in result.suggestions}
    assert kinds["minutes"].value == math.ceil(peak)
    # the suggested minutes really fit, the given ones really do not
    plan = load_plan(store.settings())
    assert plan is not None
    roomier = report(store, library, START, replace(plan, minutes=kinds["minutes"].value))
    assert roomier is not None and roomier.feasible and "Fits in" in (roomier.message.en or "")
    if "decks" in kinds:
        kept = kinds["decks"].value
        fewer = report(store, library, START, replace(plan, decks=kept))
        assert fewer is not None and fewer.feasible


def test_buffer_days_shrink_when_the_date_is_close() -> None:
    assert [default_buffer_days(n) for n in (1, 2, 3, 4, 7, 10, 14, 60)] == [0, 0, 0, 1, 2, 3, 3, 3]


def test_minutes_per_answer_come_from_the_log(
    store: Store, flash_library: Callable[..., Library]
) -> None:
    library = flash_library({"a": 30})
    assert seconds_per_answer(store) == DEFAULT_SECONDS  # no log yet
    study = Study(store, library, clock=FakeClock(START))
    for i, cid in enumerate(list(library.cards)[:25]):
        study.record(cid, Rating.Good, answer=None, correct=None, duration_ms=8000 + i, lang="en")
    assert seconds_per_answer(store) == pytest.approx(8.012)


def test_without_a_plan_the_daily_limit_rules(
    store: Store, flash_library: Callable[..., Library]
) -> None:
    library = flash_library({"a": 30})
    store.set_setting("new_per_day", 3)
    study = Study(store, library, clock=FakeClock(START), rng=random.Random(1))
    assert study.pacing is None
    seen = set()
    while (p := study.next()) is not None:
        seen.add(p.card.id)
        study.answer(p, Rating.Easy)
    assert len(seen) == 3


def test_a_plan_needs_a_date_after_today() -> None:
    with pytest.raises(PlanError, match="not after today"):
        make_plan(TODAY, TODAY, minutes=30)


def real_today() -> date:
    return StudyDays(4).date_of(datetime.now(UTC))


def test_plan_command_sets_shows_json_and_clears(capsys: pytest.CaptureFixture[str]) -> None:
    day = real_today() + timedelta(days=14)
    assert main(["plan", "set", day.isoformat(), "--deck", "pca", "--minutes", "45"]) == 0
    out = capsys.readouterr().out
    assert f"Interview on {day}" in out and "decks: pca" in out and "45 min a day" in out
    assert main(["plan", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == [
        "date",
        "days_left",
        "scope",
        "days",
        "expected_recall",
        "feasible",
        "message",
    ]
    assert data["date"] == day.isoformat() and data["days_left"] == 14
    assert data["scope"]["new"] == data["scope"]["cards"] > 0 and data["scope"]["learned"] == 0
    assert len(data["days"]) == 14
    assert sum(d["new"] for d in data["days"]) == data["scope"]["new"]
    assert all(set(d) == {"date", "new", "reviews", "minutes"} for d in data["days"])
    assert 0.9 <= data["expected_recall"] <= 1 and isinstance(data["feasible"], bool)
    assert main(["plan", "clear"]) == 0
    capsys.readouterr()
    assert main(["plan", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) is None


@pytest.mark.parametrize(
    ("date_text", "error"),
    [("2026-13-01", "not a date"), ("yesterday", "not a date"), ("2001-01-01", "not after today")],
)
def test_bad_dates_are_one_line_errors(
    date_text: str, error: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "set", date_text]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and error in err


def test_stats_show_the_expected_recall_on_the_day(
    store: Store, flash_library: Callable[..., Library]
) -> None:
    from quizapp.stats import compute

    library = flash_library({"a": 20})
    assert compute(store, library, START).expected_recall_on_day is None
    save_plan(store, make_plan(TODAY + timedelta(days=10), TODAY, minutes=30))
    expected = report(store, library, START)
    assert expected is not None
    stats = compute(store, library, START)
    assert stats.expected_recall_on_day == expected.forecast.expected_recall
    assert stats.to_data()["expected_recall_on_day"] == expected.forecast.expected_recall


def test_stats_command_prints_the_plan_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats"]) == 0
    assert "recall on the day" not in capsys.readouterr().out
    assert main(["plan", "set", (real_today() + timedelta(days=5)).isoformat()]) == 0
    capsys.readouterr()
    assert main(["stats"]) == 0
    assert "   recall on the day  " in capsys.readouterr().out
