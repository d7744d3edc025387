"""Does the plan fit, and what recall can the user expect on the day? Answered by simulation.

The simulation replays the plan day by day with the scheduler's own model, from the cards'
stored states: each day's session answers the cards due at its start, the day's new cards
(:meth:`Pacing.quota`) and every learning step that comes due within the session (as the study
queue's learn-ahead does), with the plan's interval cap applied after each answer.

The simulated user is deterministic: it answers a card reviewed on an earlier day correctly
(Good) when a seeded draw falls below the card's predicted recall (FSRS retrievability) at that
moment, otherwise Again; same-day learning steps and first sightings are Good. The forecast is
the mean of :data:`RUNS` such runs with fixed seeds, so the same states give the same forecast.
Expected recall on the day is the mean predicted retrievability of the in-scope cards at the
interview (cards never introduced count 0).

Minutes come from the user's own answers: the median answer time of the review log
(:func:`quizapp.store.durations.median_duration_ms`), or :data:`DEFAULT_SECONDS` until the log
has :data:`MIN_LOGGED` timed answers.
"""

from __future__ import annotations

import copy
import heapq
import math
import random
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

import fsrs

from quizapp.bank.loader import Library
from quizapp.bank.model import Text
from quizapp.plan.days import StudyDays
from quizapp.plan.model import Plan, load_plan
from quizapp.plan.pacing import ONE_DAY, Pacing, make_scheduler, scope_of
from quizapp.store import Store
from quizapp.store.durations import median_duration_ms
from quizapp.study import LEARN_AHEAD, day_start

RUNS = 4
DEFAULT_SECONDS = 20.0
MIN_LOGGED = 20
RETENTIONS_TO_TRY = (0.85, 0.8, 0.75, 0.7)


@dataclass(frozen=True, slots=True)
class DayLoad:
    """One planned day: new cards introduced, other answers, and the minutes they take."""

    date: date
    new: int
    reviews: int
    minutes: float


@dataclass(frozen=True, slots=True)
class Forecast:
    """The simulated plan: its days (today first), the expected recall on the day, and the
    in-scope new cards it cannot introduce before the buffer."""

    days: tuple[DayLoad, ...]
    expected_recall: float
    left_new: int

    @property
    def peak_minutes(self) -> float:
        return max((d.minutes for d in self.days), default=0.0)

    def fits(self, minutes: float) -> bool:
        return self.left_new == 0 and self.peak_minutes <= minutes + 1e-9


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A change that makes the plan fit: ``kind`` is ``minutes`` (``value``: minutes a day),
    ``decks`` (``value``: the decks to keep) or ``retention`` (``value``: desired retention);
    ``peak_minutes`` is the busiest day with it."""

    kind: str
    value: Any
    peak_minutes: float


@dataclass(frozen=True, slots=True)
class PlanReport:
    """Everything ``quizapp plan`` shows (and the TUI's Home line needs)."""

    plan: Plan
    today: date
    cards: int
    new: int
    learned: int
    forecast: Forecast
    seconds_per_answer: float
    feasible: bool
    suggestions: tuple[Suggestion, ...]
    message: Text

    @property
    def days_left(self) -> int:
        return (self.plan.date - self.today).days

    def to_data(self, lang: str = "en") -> dict[str, Any]:
        """The ``plan --json`` form; ``message`` in ``lang``."""
        return {
            "date": self.plan.date.isoformat(),
            "days_left": self.days_left,
            "scope": {"cards": self.cards, "new": self.new, "learned": self.learned},
            "days": [
                {
                    "date": d.date.isoformat(),
                    "new": d.new,
                    "reviews": d.reviews,
                    "minutes": round(d.minutes, 1),
                }
                for d in self.forecast.days
            ],
            "expected_recall": round(self.forecast.expected_recall, 4),
            "feasible": self.feasible,
            "message": self.message.get(lang),
        }


def seconds_per_answer(store: Store) -> float:
    """Seconds an answer takes this user (see the module docstring)."""
    if store.review_count() < MIN_LOGGED:
        return DEFAULT_SECONDS
    median = median_duration_ms(store)
    return median / 1000 if median else DEFAULT_SECONDS


def _rating(
    scheduler: fsrs.Scheduler, card: fsrs.Card, at: datetime, rng: random.Random
) -> fsrs.Rating:
    if card.last_review is None or (at - card.last_review).days < 1:
        return fsrs.Rating.Good
    recalled = rng.random() < scheduler.get_card_retrievability(card, at)
    return fsrs.Rating.Good if recalled else fsrs.Rating.Again


def _run(
    pacing: Pacing,
    states: Mapping[str, fsrs.Card],
    now: datetime,
    new_done: int,
    seconds: float,
    rng: random.Random,
) -> tuple[list[tuple[int, int]], float, int]:
    """One simulated run: ``(new, other answers)`` per day, recall on the day, cards left new."""
    scheduler, days = pacing.scheduler, pacing.days
    cards = {cid: copy.copy(c) for cid, c in states.items() if pacing.in_scope(cid)}
    fresh = [cid for cid in pacing.scope if cid not in cards]
    step = timedelta(seconds=seconds)
    today = days.date_of(now)
    loads: list[tuple[int, int]] = []
    day = today
    while day < pacing.plan.date:
        clock = now if day == today else days.session(day)
        before = new_done if day == today else 0
        take = max(0, pacing.quota(len(fresh) + before, day) - before)
        intro, fresh = fresh[:take], fresh[take:]
        queue = [(c.due, cid) for cid, c in cards.items() if c.due <= clock]
        for cid in intro:
            cards[cid] = fsrs.Card(card_id=zlib.crc32(cid.encode()), due=clock)
            queue.append((clock, cid))
        heapq.heapify(queue)
        answers = 0
        while queue:
            _, cid = heapq.heappop(queue)
            card = cards[cid]
            rating = _rating(scheduler, card, clock, rng)
            card = pacing.cap(cid, scheduler.review_card(card, rating, clock)[0], clock)
            cards[cid] = card
            answers += 1
            clock += step
            if card.due <= clock + LEARN_AHEAD:
                heapq.heappush(queue, (card.due, cid))
        loads.append((len(intro), answers - len(intro)))
        day += ONE_DAY
    moment = pacing.moment
    total = sum(scheduler.get_card_retrievability(c, moment) for c in cards.values())
    return loads, total / len(pacing.scope) if pacing.scope else 0.0, len(fresh)


def simulate(
    pacing: Pacing,
    states: Mapping[str, fsrs.Card],
    now: datetime,
    *,
    new_done: int = 0,
    seconds: float = DEFAULT_SECONDS,
    runs: int = RUNS,
) -> Forecast:
    """The forecast of ``pacing`` from ``states`` (FSRS cards by id; missing ids are new) at
    ``now``, ``new_done`` cards having been introduced earlier today, ``seconds`` an answer."""
    results = [_run(pacing, states, now, new_done, seconds, random.Random(s)) for s in range(runs)]
    today = pacing.days.date_of(now)
    days = []
    for i, per_run in enumerate(zip(*(loads for loads, _, _ in results), strict=True)):
        new = per_run[0][0]
        reviews = sum(r for _, r in per_run) / runs
        days.append(
            DayLoad(today + timedelta(days=i), new, round(reviews), (new + reviews) * seconds / 60)
        )
    recall = sum(r for _, r, _ in results) / runs
    return Forecast(tuple(days), recall, results[0][2])


def fsrs_states(store: Store) -> dict[str, fsrs.Card]:
    """Every stored card state as an FSRS card, by card id."""
    return {
        cid: fsrs.Card(
            card_id=zlib.crc32(cid.encode()),
            state=fsrs.State(s.state),
            step=s.step,
            stability=s.stability,
            difficulty=s.difficulty,
            due=s.due,
            last_review=s.last_review,
        )
        for cid, s in store.all_scheduling().items()
    }


def report(
    store: Store, library: Library, now: datetime, plan: Plan | None = None, *, suggest: bool = True
) -> PlanReport | None:
    """The report of ``plan`` (default: the stored one) at ``now``; None without a plan or once
    its date has come. ``suggest=False`` skips the search for what fits (more simulations) when
    only the forecast is wanted."""
    settings = store.settings()
    plan = plan or load_plan(settings)
    if plan is None:
        return None
    days = StudyDays(int(settings["day_starts_at_hour"]))
    today = days.date_of(now)
    if today >= plan.date:
        return None
    suspended = store.suspended_ids()
    states = fsrs_states(store)
    start = day_start(now, days.hour)
    new_done, _ = store.counts_between(start, start + ONE_DAY)
    seconds = seconds_per_answer(store)

    def forecast(decks: Sequence[str], retention: float | None = None) -> Forecast:
        scheduler = make_scheduler(settings, retention=retention)
        pacing = Pacing(
            replace(plan, decks=tuple(decks)), days, scheduler, scope_of(library, decks, suspended)
        )
        return simulate(pacing, states, now, new_done=new_done, seconds=seconds)

    decks = [d for d in plan.decks if d in library.decks] if plan.decks else list(library.decks)
    result = forecast(plan.decks)
    scope = scope_of(library, plan.decks, suspended)
    learned = sum(1 for cid in scope if cid in states)
    feasible = result.fits(plan.minutes)
    suggestions: list[Suggestion] = []
    if not feasible and suggest:
        if result.left_new == 0:
            suggestions.append(
                Suggestion("minutes", math.ceil(result.peak_minutes), result.peak_minutes)
            )
        kept = list(decks)
        while len(kept) > 1:
            trials = {d: forecast([k for k in kept if k != d]) for d in kept}
            drop = min(trials, key=lambda d: trials[d].peak_minutes)
            kept.remove(drop)
            if trials[drop].fits(plan.minutes):
                suggestions.append(Suggestion("decks", tuple(kept), trials[drop].peak_minutes))
                break
        current = float(settings["desired_retention"])
        for retention in (r for r in RETENTIONS_TO_TRY if r < current):
            trial = forecast(plan.decks, retention)
            if trial.fits(plan.minutes):
                suggestions.append(Suggestion("retention", retention, trial.peak_minutes))
                break
    return PlanReport(
        plan=plan,
        today=today,
        cards=len(scope),
        new=len(scope) - learned,
        learned=learned,
        forecast=result,
        seconds_per_answer=seconds,
        feasible=feasible,
        suggestions=tuple(suggestions),
        message=message(plan.minutes, result, feasible, suggestions),
    )


def message(
    minutes: int, forecast: Forecast, feasible: bool, suggestions: Sequence[Suggestion]
) -> Text:
    """The one-paragraph verdict: fits or not, by how much, and what fits."""
    peak = forecast.peak_minutes
    recall = f"{forecast.expected_recall:.0%}"
    if feasible:
        return Text(
            en=f"Fits in {minutes} min a day (busiest day {peak:.0f} min); "
            f"expected recall on the day {recall}.",
            zh=f"每天 {minutes} 分钟够用（最忙的一天 {peak:.0f} 分钟）；"
            f"面试当天预计记住 {recall}。",
        )
    en: list[str] = []
    zh: list[str] = []
    if forecast.left_new:
        en.append(
            f"{forecast.left_new} new card(s) cannot be introduced before the review-only days."
        )
        zh.append(f"还有 {forecast.left_new} 张新卡来不及在只复习的几天之前学完。")
    if peak > minutes:
        en.append(
            f"Does not fit in {minutes} min a day: the busiest day needs {peak:.0f} min, "
            f"{peak - minutes:.0f} over."
        )
        zh.append(
            f"每天 {minutes} 分钟不够：最忙的一天要 {peak:.0f} 分钟，"
            f"超出 {peak - minutes:.0f} 分钟。"
        )
    options_en, options_zh = [], []
    for s in suggestions:
        if s.kind == "minutes":
            options_en.append(f"{s.value} min a day")
            options_zh.append(f"每天 {s.value} 分钟")
        elif s.kind == "decks":
            options_en.append(f"only {', '.join(s.value)} ({s.peak_minutes:.0f} min)")
            options_zh.append(f"只准备 {'、'.join(s.value)}（{s.peak_minutes:.0f} 分钟）")
        else:
            options_en.append(f"desired retention {s.value:.0%} ({s.peak_minutes:.0f} min)")
            options_zh.append(f"目标记忆保持率降到 {s.value:.0%}（{s.peak_minutes:.0f} 分钟）")
    if options_en:
        en.append("What fits: " + "; or ".join(options_en) + ".")
        zh.append("可行的做法：" + "；或".join(options_zh) + "。")
    else:
        en.append("Nothing smaller fits: move the date or drop decks.")
        zh.append("怎么调整都来不及：请推迟日期或减少牌组。")
    en.append(f"Expected recall on the day if followed: {recall}.")
    zh.append(f"照此执行，面试当天预计记住 {recall}。")
    return Text(en=" ".join(en), zh="".join(zh))
