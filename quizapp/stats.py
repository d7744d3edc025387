"""Study statistics, computed from the store and the library (no UI; the TUI's Stats and Home
screens and ``quizapp stats`` share it).

Conventions: days are study days (they start at the ``day_starts_at_hour`` setting, local
time); "true retention" is the share of reviews of cards in review state (learning steps
excluded) not rated Again; "mastery" of a deck is the mean probability of recall now
(FSRS retrievability) over all its cards, new cards counting 0.
"""

from __future__ import annotations

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
    reviews_per_day = store.review_counts(
        [start + timedelta(days=i) for i in range(history_days + 1)]
    )

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

    scheduler = fsrs.Scheduler(desired_retention=float(settings["desired_retention"]))
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
    )


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
