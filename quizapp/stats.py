"""Study statistics, computed from the store and the library (no UI; the TUI's Stats and Home
screens and ``quizapp stats`` share it).

Conventions: days are study days (they start at the ``day_starts_at_hour`` setting, local
time); "true retention" is the share of reviews of cards in review state (learning steps
excluded) not rated Again; "mastery" of a deck is the mean probability of recall now
(FSRS retrievability) over all its cards, new cards counting 0.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

import fsrs

from quizapp.bank.loader import Library
from quizapp.store import Scheduling, StateSummary, Store
from quizapp.study import day_start


@dataclass
class DeckStats:
    deck: str
    cards: int
    new: int
    due: int
    learned: int
    mastery: float
    mature: int = 0  # review-state cards with a scheduled interval of 21 days or more
    recall: float | None = None  # mean predicted recall now over its learned cards


@dataclass
class StatsReport:
    cards: int
    new: int
    due_now: int
    due_today: int
    reviews_total: int
    reviews_today: int
    retention_30d: float | None  # None: no review-state reviews in the window
    retention_reviews_30d: int
    streak_days: int
    orphaned: list[str]
    reviews_per_day: list[int] = field(default_factory=list)  # oldest first, today last
    forecast: list[int] = field(default_factory=list)  # due per day, today first
    decks: list[DeckStats] = field(default_factory=list)
    expected_recall_on_day: float | None = None  # the interview plan's forecast; None: no plan
    mock_rounds: int = 0  # finished mock interview rounds
    last_mock_score: float | None = None  # the latest one's score, 0..1
    minutes_per_day: list[float] = field(default_factory=list)  # as reviews_per_day
    true_retention: dict[str, dict[str, Any]] = field(default_factory=dict)  # window -> split
    stability_histogram: dict[str, list[float]] = field(default_factory=dict)  # edges, counts
    difficulty_histogram: dict[str, list[float]] = field(default_factory=dict)
    calibration: list[dict[str, Any]] = field(default_factory=list)  # 10 bins of predicted recall

    def to_data(self) -> dict[str, Any]:
        return asdict(self)


def retrievability(state: Scheduling, now: datetime, scheduler: fsrs.Scheduler) -> float:
    """FSRS probability of recall of a reviewed card at ``now``."""
    card = fsrs.Card(
        card_id=1,
        state=fsrs.State(state.state),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due,
        last_review=state.last_review,
    )
    return float(scheduler.get_card_retrievability(card, now))


def compute(
    store: Store,
    library: Library,
    now: datetime | None = None,
    *,
    history_days: int = 30,
    forecast_days: int = 30,
) -> StatsReport:
    """Every figure of the Stats screen and ``quizapp stats``.

    Cost: the time series are counted in SQL on the review log's time index over their own
    window; the due counts and the forecast read the cards due in the forecast window on the
    due index; learned cards and mastery are SQL aggregates over each deck's card ids
    (:meth:`Store.summarize`); totals come from the store's counters. Nothing reads the whole
    review log or state table, except the orphan list when the counters say a stored state
    belongs to no card of the library.
    """
    now = now or datetime.now(UTC)
    settings = store.settings()
    hour = int(settings["day_starts_at_hour"])
    today = day_start(now, hour)
    tomorrow = today + timedelta(days=1)
    ids = library.cards

    new_today, other_today = store.counts_between(today, tomorrow)
    passed, total = store.retention_counts(now - timedelta(days=30), now)

    start = today - timedelta(days=history_days - 1)
    totals = store.review_totals([start + timedelta(days=i) for i in range(history_days + 1)])
    reviews_per_day = [n for n, _ in totals]

    streak = _streak(store, today, tomorrow, hour)

    suspended = store.suspended_ids()
    edges = [today + timedelta(days=i + 1) for i in range(max(1, forecast_days))]
    due_now = due_today = 0
    forecast = [0] * forecast_days
    deck_due: Counter[str] = Counter()
    for cid, is_due, bucket in store.due_buckets(now, edges):
        card = ids.get(cid)
        if card is None or cid in suspended:
            continue
        if is_due:
            due_now += 1
            deck_due[card.deck] += 1
        due_today += bucket == 0  # edges[0] is tomorrow
        if bucket < forecast_days:
            forecast[bucket] += 1

    scheduler = fsrs.Scheduler(
        desired_retention=float(settings["desired_retention"]),
        parameters=tuple(settings.get("fsrs_parameters") or fsrs.scheduler.DEFAULT_PARAMETERS),
    )
    decay = -scheduler.parameters[20]
    factor = 0.9 ** (1 / decay) - 1  # as fsrs.Scheduler.get_card_retrievability
    groups = library.ids_by_deck()
    summaries = {
        deck_id: store.summarize(deck_ids, now, decay=decay, factor=factor)
        for deck_id, deck_ids in groups.items()
    }
    learned = sum(summary.learned for summary in summaries.values())

    decks = []
    for deck_id in library.decks:
        deck_ids = groups.get(deck_id, [])
        summary = summaries.get(deck_id, StateSummary())
        decks.append(
            DeckStats(
                deck=deck_id,
                cards=len(deck_ids),
                new=len(deck_ids) - summary.learned,
                due=deck_due[deck_id],
                learned=summary.learned,
                mastery=summary.recall / len(deck_ids) if deck_ids else 0.0,
                mature=store.mature_count(deck_ids, MATURE_DAYS) if summary.learned else 0,
                recall=summary.recall / summary.learned if summary.learned else None,
            )
        )

    orphaned = store.stateless_logged() - ids.keys()
    if store.state_count() != learned:  # some state belongs to no card of the library
        orphaned |= store.orphan_states(library.sorted_ids())

    return StatsReport(
        cards=len(ids),
        new=len(ids) - learned,
        due_now=due_now,
        due_today=due_today,
        reviews_total=store.review_count(),
        reviews_today=new_today + other_today,
        retention_30d=passed / total if total else None,
        retention_reviews_30d=total,
        streak_days=streak,
        orphaned=sorted(orphaned),
        reviews_per_day=reviews_per_day,
        forecast=forecast,
        decks=decks,
        expected_recall_on_day=_plan_recall(store, library, now),
        **_mock_rounds(store),
        minutes_per_day=[round(ms / 60000, 1) for _, ms in totals],
        **_answer_figures(store, today, now, hour, decay, factor),
        stability_histogram=_histogram(store, "stability", STABILITY_EDGES),
        difficulty_histogram=_histogram(store, "difficulty", DIFFICULTY_EDGES),
    )


MATURE_DAYS = 21  # Anki: a card is mature once its interval reaches 21 days
CALIBRATION_DAYS = 365  # calibration reads the review-state answers of the last year
CALIBRATION_BINS = 10
#: Histogram bins: stability in days (roughly doubling), difficulty on FSRS's 1..10 scale.
STABILITY_EDGES = [0.0, 1, 2, 4, 7, 14, 30, 60, 120, 240, 365, 730, 1e9]
DIFFICULTY_EDGES = [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10.0001]
#: The windows of true retention: name -> (first study day back, last study day back).
RETENTION_WINDOWS = {
    "today": (0, 0),
    "yesterday": (1, 1),
    "7d": (6, 0),
    "30d": (29, 0),
    "365d": (364, 0),
}


def _day_begin(today: datetime, days_ago: int, hour: int) -> datetime:
    """Start of the study day ``days_ago`` before ``today`` (local, DST-aware)."""
    if days_ago == 0:
        return today
    return day_start(today - timedelta(days=days_ago) + timedelta(hours=12), hour)


def _histogram(store: Store, column: str, edges: list[float]) -> dict[str, list[float]]:
    """``{"edges", "counts"}`` of a state column (the last edge is open: "and more")."""
    return {"edges": edges, "counts": [float(n) for n in store.state_histogram(column, edges)]}


def _rate(passed: int, total: int) -> dict[str, Any]:
    return {"passed": passed, "total": total, "rate": passed / total if total else None}


def _answer_figures(
    store: Store, today: datetime, now: datetime, hour: int, decay: float, factor: float
) -> dict[str, Any]:
    """True retention per window (young / mature / all) and calibration, from one read of the
    review-state answers of the last :data:`CALIBRATION_DAYS` days.

    Young/mature: the scheduled interval before the answer (prev due - prev last review) is
    below / at least :data:`MATURE_DAYS` days. Passed: rating above Again. Predicted recall:
    FSRS retrievability ``(1 + factor·t/S) ** decay`` with ``S`` the stability before the
    answer and ``t`` the whole days since the previous review, as the scheduler computes it.
    """
    begins = {
        name: _day_begin(today, first, hour) for name, (first, _) in RETENTION_WINDOWS.items()
    }
    ends = {
        name: (_day_begin(today, last - 1, hour) if last else now + timedelta(microseconds=1))
        for name, (_, last) in RETENTION_WINDOWS.items()
    }
    counts = {name: {"young": [0, 0], "mature": [0, 0]} for name in RETENTION_WINDOWS}
    bins = [[0, 0, 0.0] for _ in range(CALIBRATION_BINS)]  # reviews, passed, sum predicted
    start = min(begins.values())
    for at, rating, prev in store.review_state_answers(start, ends["today"]):
        state = json.loads(prev)
        passed = rating > 1
        last = datetime.fromisoformat(state["last_review"]) if state["last_review"] else None
        interval = (datetime.fromisoformat(state["due"]) - last).total_seconds() if last else 0
        kind = "mature" if interval >= MATURE_DAYS * 86400 else "young"
        for name, split in counts.items():
            if begins[name] <= at < ends[name]:
                split[kind][0] += passed
                split[kind][1] += 1
        stability = state["stability"]
        if last is None or not stability:
            continue
        recall = (1 + factor * max(0, (at - last).days) / stability) ** decay
        b = bins[min(CALIBRATION_BINS - 1, int(recall * CALIBRATION_BINS))]
        b[0] += 1
        b[1] += passed
        b[2] += recall
    retention = {
        name: {
            "young": _rate(*split["young"]),
            "mature": _rate(*split["mature"]),
            "all": _rate(
                split["young"][0] + split["mature"][0], split["young"][1] + split["mature"][1]
            ),
        }
        for name, split in counts.items()
    }
    calibration = [
        {
            "low": i / CALIBRATION_BINS,
            "high": (i + 1) / CALIBRATION_BINS,
            "reviews": n,
            "predicted": total / n if n else None,
            "actual": passed / n if n else None,
        }
        for i, (n, passed, total) in enumerate(bins)
    ]
    return {"true_retention": retention, "calibration": calibration}


def _plan_recall(store: Store, library: Library, now: datetime) -> float | None:
    """Expected recall on the interview day if the plan is followed (None without a plan)."""
    from quizapp.plan.forecast import report

    result = report(store, library, now, suggest=False)
    return result.forecast.expected_recall if result is not None else None


def _mock_rounds(store: Store) -> dict[str, Any]:
    """The mock interview fields: rounds finished and the latest score."""
    from quizapp.store.rounds import round_counts

    count, last = round_counts(store)
    return {"mock_rounds": count, "last_mock_score": last}


def _streak(store: Store, today: datetime, tomorrow: datetime, hour: int) -> int:
    """Consecutive study days with a review, ending today (or yesterday: a streak is not broken
    before today's first review), over the last 365 days: one index probe per day, asked a
    month at a time until a day without reviews."""
    window = today - timedelta(days=365)

    @cache
    def begin(days_ago: int) -> datetime:  # start of the study day (local, DST-aware)
        if days_ago == 0:
            return today
        return day_start(today - timedelta(days=days_ago) + timedelta(hours=12), hour)

    def span(days_ago: int) -> tuple[datetime, datetime]:
        # that study day, clipped to [window, tomorrow) as the reviews counted are
        return max(begin(days_ago), window), min(begin(days_ago - 1), tomorrow)

    active: dict[int, bool] = {}

    def is_active(days_ago: int) -> bool:
        if days_ago not in active:
            batch = [d for d in range(days_ago, days_ago + 31) if span(d)[0] < span(d)[1]]
            found = store.reviewed_in([span(d) for d in batch]) if batch else []
            active.update(zip(batch, found, strict=True))
            active.setdefault(days_ago, False)
        return active[days_ago]

    day = 0 if is_active(0) else 1
    streak = 0
    while is_active(day):
        streak += 1
        day += 1
    return streak
