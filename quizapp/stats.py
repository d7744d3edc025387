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
from typing import Any

import fsrs

from quizapp.bank.loader import Library
from quizapp.store import Scheduling, Store
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

    def to_data(self) -> dict[str, Any]:
        return asdict(self)


def retrievability(state: Scheduling, now: datetime, scheduler: fsrs.Scheduler) -> float:
    """FSRS probability of recall of a reviewed card at ``now``."""
    card = fsrs.Card(card_id=1, state=fsrs.State(state.state), step=state.step,
                     stability=state.stability, difficulty=state.difficulty, due=state.due,
                     last_review=state.last_review)
    return float(scheduler.get_card_retrievability(card, now))


def compute(store: Store, library: Library, now: datetime | None = None, *,
            history_days: int = 30, forecast_days: int = 30) -> StatsReport:
    """Every figure of the Stats screen and ``quizapp stats``."""
    now = now or datetime.now(UTC)
    settings = store.settings()
    today = day_start(now, int(settings["day_starts_at_hour"]))
    tomorrow = today + timedelta(days=1)
    states = store.all_scheduling()
    marks = store.marks()
    ids = library.cards
    suspended = {cid for cid, m in marks.items() if m.suspended}

    def active(cid: str) -> bool:
        return cid in ids and cid not in suspended

    due_now = sum(1 for cid, s in states.items() if s.due <= now and active(cid))
    due_today = sum(1 for cid, s in states.items() if s.due < tomorrow and active(cid))
    new_today, other_today = store.counts_between(today, tomorrow)
    passed, total = store.retention_counts(now - timedelta(days=30), now)

    start = today - timedelta(days=history_days - 1)
    per_day = Counter((t - start).days for t in store.review_times(start, tomorrow))
    reviews_per_day = [per_day.get(i, 0) for i in range(history_days)]

    streak = 0
    window = today - timedelta(days=365)
    active_days = {(today - t).days for t in store.review_times(window, tomorrow)
                   if t >= window}
    day = 0 if 0 in active_days else 1  # a streak is not broken before today's first review
    while day in active_days:
        streak += 1
        day += 1

    horizon = today + timedelta(days=forecast_days)
    forecast_counter = Counter(max(0, (due - today).days) for cid, due in
                               store.due_times(horizon) if active(cid))
    forecast = [forecast_counter.get(i, 0) for i in range(forecast_days)]

    scheduler = fsrs.Scheduler(desired_retention=float(settings["desired_retention"]))
    decks = []
    for deck_id in library.decks:
        deck_ids = [cid for cid, c in ids.items() if c.deck == deck_id]
        learned = [states[cid] for cid in deck_ids if cid in states]
        recall = sum(retrievability(s, now, scheduler) for s in learned)
        decks.append(DeckStats(
            deck=deck_id, cards=len(deck_ids), new=len(deck_ids) - len(learned),
            due=sum(1 for s in learned if s.due <= now and active(s.card_id)),
            learned=len(learned), mastery=recall / len(deck_ids) if deck_ids else 0.0))

    return StatsReport(
        cards=len(ids), new=sum(1 for cid in ids if cid not in states), due_now=due_now,
        due_today=due_today, reviews_total=store.review_count(),
        reviews_today=new_today + other_today,
        retention_30d=passed / total if total else None, retention_reviews_30d=total,
        streak_days=streak, orphaned=sorted(store.logged_ids() - set(ids)),
        reviews_per_day=reviews_per_day, forecast=forecast, decks=decks)
