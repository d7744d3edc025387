"""The figures of ``quizapp stats`` (true retention, calibration, daily totals, histograms, per
deck) on a real SQLite store, a fixed clock and reviews whose outcome is known."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs
import pytest

from quizapp.bank.loader import load_library
from quizapp.stats import StatsReport, compute
from quizapp.store import Scheduling, Store

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # study days start at 04:00 (the default)


@pytest.fixture(autouse=True)
def utc_local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def answer(
    store: Store,
    card_id: str,
    *,
    at: datetime,
    rating: int,
    interval_days: float,
    elapsed_days: float,
    stability: float,
    state: int = 2,
    duration_ms: int = 6000,
) -> None:
    """A card put in ``state`` by a first review ``elapsed_days`` before ``at``, due
    ``interval_days`` after it, then answered ``rating`` at ``at``."""
    last = at - timedelta(days=elapsed_days)
    before = Scheduling(card_id, state, None, stability, 5.0, last + timedelta(interval_days), last)
    for when, new, r in ((last, before, 3), (at, before, rating)):
        store.record(
            new,
            rating=r,
            reviewed_at=when,
            duration_ms=duration_ms,
            answer=None,
            correct=None,
            lang="en",
        )


@pytest.fixture
def report(store: Store, small_bank: Path) -> StatsReport:
    today = NOW - timedelta(hours=1)
    answer(store, "t.flash", at=today, rating=3, interval_days=5, elapsed_days=4, stability=5)
    answer(store, "t.cloze", at=today, rating=1, interval_days=30, elapsed_days=30, stability=30)
    answer(
        store,
        "t.choice",
        at=NOW - timedelta(days=1),
        rating=1,
        interval_days=3,
        elapsed_days=9,
        stability=3,
    )
    answer(
        store,
        "t.order",
        at=NOW - timedelta(days=10),
        rating=4,
        interval_days=40,
        elapsed_days=20,
        stability=40,
    )
    # a learning step is not a review of a review-state card
    answer(
        store,
        "x.learn",
        at=today,
        rating=1,
        interval_days=0.01,
        elapsed_days=0.01,
        stability=1,
        state=1,
    )
    return compute(store, load_library([small_bank], include_builtin=False), NOW)


def test_true_retention_splits_young_and_mature_by_window(report: StatsReport) -> None:
    def split(window: str) -> tuple[tuple[int, int], ...]:
        r = report.true_retention[window]
        return tuple((r[k]["passed"], r[k]["total"]) for k in ("young", "mature", "all"))

    assert split("today") == ((1, 1), (0, 1), (1, 2))
    assert split("yesterday") == ((0, 1), (0, 0), (0, 1))
    assert split("7d") == ((1, 2), (0, 1), (1, 3))
    assert split("30d") == ((1, 2), (1, 2), (2, 4))
    assert split("365d") == split("30d")
    assert report.true_retention["yesterday"]["mature"]["rate"] is None
    assert report.true_retention["30d"]["all"]["rate"] == 0.5


def test_calibration_bins_use_the_schedulers_retrievability(report: StatsReport) -> None:
    scheduler = fsrs.Scheduler()
    expected: dict[int, list[int]] = {}
    for elapsed, stability, passed in ((4, 5, 1), (30, 30, 0), (9, 3, 0), (20, 40, 1)):
        card = fsrs.Card(
            state=fsrs.State.Review,
            stability=stability,
            difficulty=5.0,
            last_review=NOW - timedelta(days=elapsed),
        )
        recall = scheduler.get_card_retrievability(card, NOW)
        expected.setdefault(min(9, int(recall * 10)), []).append(passed)
    got = {i: b for i, b in enumerate(report.calibration) if b["reviews"]}
    assert set(got) == set(expected) and len(report.calibration) == 10
    for i, passes in expected.items():
        assert got[i]["reviews"] == len(passes)
        assert got[i]["actual"] == sum(passes) / len(passes)
        assert got[i]["low"] <= got[i]["predicted"] < got[i]["high"]


def test_daily_minutes_histograms_and_decks(report: StatsReport) -> None:
    # today: three answers plus the first reviews of the two cards put in state today-ish
    assert report.reviews_per_day[-1] == 3 + 1  # the learning card's first review too
    assert report.minutes_per_day[-1] == pytest.approx(4 * 6000 / 60000)
    assert len(report.minutes_per_day) == len(report.reviews_per_day) == 30
    assert sum(report.stability_histogram["counts"]) == 5  # five stored states
    assert report.stability_histogram["edges"][0] == 0
    edges, counts = report.stability_histogram["edges"], report.stability_histogram["counts"]
    stab = dict(zip(edges, counts, strict=False))  # a bin by its lower edge
    assert (stab[1], stab[2], stab[4], stab[30]) == (1, 1, 1, 2)  # S = 1; 3; 5; 30 and 40
    assert report.difficulty_histogram["counts"][4] == 5  # all 5.0: bin [5, 6)
    deck = report.decks[0]
    assert (deck.learned, deck.mature) == (4, 2)  # intervals of 30 and 40 days
    assert deck.recall is not None and 0 < deck.recall < 1
    assert deck.mastery == pytest.approx(deck.recall)  # every card of the deck is learned
