"""The cards outside a study session: opening the user's data, and what Browse and a card's
details read and change.

Front-ends call these instead of the store (a study session has :class:`quizapp.study.Study`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from quizapp.store import Mark, Review, Scheduling, Store

__all__ = [
    "CardDetails",
    "Overview",
    "Store",
    "card_details",
    "open_store",
    "overview",
    "set_flagged",
    "set_suspended",
]


def open_store(url: str | None = None) -> Store:
    """The user's database at ``url`` (None: ``QUIZAPP_DB`` or the one in ``$QUIZAPP_HOME``),
    created and migrated as needed."""
    return Store.open(url)


@dataclass(frozen=True, slots=True)
class CardDetails:
    """One card's stored state (None: new), marks, reviews (oldest first) and its FSRS
    probability of recall at ``now`` (None without a state)."""

    state: Scheduling | None
    mark: Mark | None
    history: list[Review]
    retrievability: float | None
    now: datetime


@dataclass(frozen=True, slots=True)
class Overview:
    """Every stored state and mark by card id, and every id with a state or a review (orphans
    are the ones missing from the banks)."""

    states: dict[str, Scheduling]
    marks: dict[str, Mark]
    logged: set[str]


def card_details(store: Store, card_id: str, now: datetime) -> CardDetails:
    """What the card-detail screen shows about ``card_id`` (SQL and FSRS: call it off the UI
    thread)."""
    import fsrs

    from quizapp.stats import retrievability

    state = store.scheduling(card_id)
    recall = None
    if state is not None:
        recall = retrievability(state, now, fsrs.Scheduler(enable_fuzzing=False))
    return CardDetails(state, store.marks().get(card_id), store.history(card_id), recall, now)


def overview(store: Store) -> Overview:
    """States, marks and logged ids of every card (for Browse)."""
    return Overview(store.all_scheduling(), store.marks(), store.logged_ids())


def set_suspended(store: Store, card_id: str, suspended: bool) -> None:
    """Take a card out of study (True) or put it back (False)."""
    store.set_mark(card_id, suspended=suspended)


def set_flagged(store: Store, card_id: str, flagged: bool) -> None:
    """Flag or unflag a card."""
    store.set_mark(card_id, flagged=flagged)
