"""What an interview plan asks of the study engine: today's new cards, and the cap on intervals.

- **New cards** in scope are paced evenly over the days before the review-only buffer: on each
  of those days the quota is ``ceil(new cards left at the start of the day / new-card days
  left)``, so every in-scope card is introduced by the day before the buffer and a missed day is
  caught up over the days that remain.
- **No interval runs past the date.** When FSRS schedules an in-scope card on or after the
  interview day, its due moves to a *final review* in the buffer: a day ``f`` such that a
  successful review on ``f`` leaves a predicted recall on the day of at least the desired
  retention (the cards that qualify on several days are spread over them by id, so the buffer's
  load is even). A review inside the buffer that already leaves that recall is the final one.

All predictions use the scheduler's own model (``fsrs.Scheduler`` without fuzz).
"""

from __future__ import annotations

import copy
import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import fsrs

from quizapp.bank.loader import Library
from quizapp.plan.days import StudyDays
from quizapp.plan.model import Plan, load_plan
from quizapp.store import Store
from quizapp.study import day_start

ONE_DAY = timedelta(days=1)


def make_scheduler(
    settings: dict[str, Any], *, retention: float | None = None, fuzz: bool = False
) -> fsrs.Scheduler:
    """The FSRS scheduler of ``settings``, the one the study engine uses: the user's fitted
    parameters (``quizapp optimize``) or FSRS-6's defaults; ``retention`` overrides the desired
    retention, to try another; no fuzz unless ``fuzz``."""
    return fsrs.Scheduler(
        desired_retention=float(retention or settings["desired_retention"]),
        learning_steps=[timedelta(minutes=m) for m in settings["learning_steps_min"]],
        relearning_steps=[timedelta(minutes=m) for m in settings["relearning_steps_min"]],
        enable_fuzzing=fuzz,
        parameters=tuple(settings.get("fsrs_parameters") or fsrs.scheduler.DEFAULT_PARAMETERS),
    )


def scope_of(library: Library, decks: Sequence[str], suspended: set[str]) -> tuple[str, ...]:
    """The ids of the cards in ``decks`` (empty: all decks), suspended ones left out, in
    introduction order. Decks no longer in the library are ignored."""
    wanted = set(decks)
    return tuple(
        cid
        for cid, card in library.cards.items()
        if (not wanted or card.deck in wanted) and cid not in suspended
    )


@dataclass
class Pacing:
    """A plan applied to the cards ``scope`` (ids in introduction order), on ``days``, with
    ``scheduler`` predicting reviews."""

    plan: Plan
    days: StudyDays
    scheduler: fsrs.Scheduler
    scope: tuple[str, ...]
    _in_scope: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._in_scope = frozenset(self.scope)

    @classmethod
    def load(cls, store: Store, library: Library, settings: dict[str, Any]) -> Pacing | None:
        """The pacing of the stored plan, None without one (the engine then runs as if no plan
        existed)."""
        plan = load_plan(settings)
        if plan is None:
            return None
        scope = scope_of(library, plan.decks, store.suspended_ids())
        return cls(
            plan, StudyDays(int(settings["day_starts_at_hour"])), make_scheduler(settings), scope
        )

    @property
    def retention(self) -> float:
        return float(self.scheduler.desired_retention)

    @property
    def buffer_start(self) -> date:
        """The first review-only day."""
        return self.plan.date - timedelta(days=self.plan.buffer_days)

    @property
    def moment(self) -> datetime:
        """When recall "on the day" is measured."""
        return self.days.session(self.plan.date)

    def in_scope(self, card_id: str) -> bool:
        return card_id in self._in_scope

    def active(self, now: datetime) -> bool:
        """True before the interview day (afterwards the plan no longer steers anything)."""
        return self.days.date_of(now) < self.plan.date

    def quota(self, new_at_start: int, day: date) -> int:
        """New cards to introduce on ``day`` when ``new_at_start`` in-scope cards were new at
        its start: an even share of the new-card days left, none in the buffer."""
        days_left = (self.buffer_start - day).days
        return math.ceil(new_at_start / days_left) if days_left > 0 and new_at_start else 0

    def new_cards(self, store: Store, now: datetime) -> list[str]:
        """The in-scope cards without a state, not buried at ``now``, in introduction order."""
        missing = store.without_state(self.scope)
        fresh = [cid for cid in self.scope if cid in missing]
        blocked = store.blocked(fresh, now) if fresh else set()
        return [cid for cid in fresh if cid not in blocked]

    def new_today(self, store: Store, now: datetime) -> list[str] | None:
        """The new cards today's sessions still introduce (today's quota less the cards already
        introduced today, in any deck); None once the plan is over."""
        if not self.active(now):
            return None
        start = day_start(now, self.days.hour)
        done, _ = store.counts_between(start, start + ONE_DAY)
        fresh = self.new_cards(store, now)
        return fresh[: max(0, self.quota(len(fresh) + done, self.days.date_of(now)) - done)]

    def recall_on_day(self, card: fsrs.Card) -> float:
        """FSRS predicted recall of ``card`` at :attr:`moment` (0 for a card never reviewed)."""
        return float(self.scheduler.get_card_retrievability(card, self.moment))

    def cap(self, card_id: str, card: fsrs.Card, now: datetime) -> fsrs.Card:
        """``card`` as just scheduled at ``now``, with its due moved to its final review when it
        would fall on or after the interview day (see the module docstring); other cards are
        returned unchanged."""
        if card_id not in self._in_scope or card.due < self.days.start(self.plan.date):
            return card
        today = self.days.date_of(now)
        if today >= self.plan.date:
            return card
        if today >= self.buffer_start and self.recall_on_day(card) >= self.retention:
            return card  # this review was the final one
        first = max(today + ONE_DAY, self.buffer_start)
        last = self.plan.date - ONE_DAY
        if first > last:
            return card
        earliest = first
        while earliest < last:
            reviewed, _ = self.scheduler.review_card(
                card, fsrs.Rating.Good, self.days.session(earliest)
            )
            if self.recall_on_day(reviewed) >= self.retention:
                break
            earliest += ONE_DAY
        spread = (last - earliest).days + 1
        final = earliest + timedelta(days=zlib.crc32(card_id.encode()) % spread)
        capped = copy.copy(card)
        capped.due = self.days.start(final)
        return capped
