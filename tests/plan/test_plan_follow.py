"""A plan for a date 14 days away, followed for 14 days through the real study engine."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import fsrs

from quizapp.bank.loader import Library
from quizapp.plan.days import StudyDays
from quizapp.plan.forecast import fsrs_states, report
from quizapp.plan.model import make_plan, save_plan
from quizapp.plan.pacing import Pacing, make_scheduler
from quizapp.store import Store
from quizapp.study import Rating, Study
from tests.conftest import FakeClock

START = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # study day 2026-03-02 (days start at 04:00)
TODAY = date(2026, 3, 2)
INTERVIEW = TODAY + timedelta(days=14)


def follow_one_day(
    study: Study, model: fsrs.Scheduler, clock: FakeClock, rng: random.Random
) -> list[tuple[str, bool]]:
    """Do the whole day's session as a user whose recall follows the model: a card last seen
    on an earlier day is recalled with its predicted probability (seeded draw), same-day steps
    and first sightings are rated Good. Returns ``(card id, was new)`` per answer."""
    done = []
    while (presented := study.next()) is not None:
        state = study.store.scheduling(presented.card.id)
        rating = Rating.Good
        if state is not None and state.last_review and (clock.now - state.last_review).days:
            card = fsrs.Card(
                state=fsrs.State(state.state),
                step=state.step,
                stability=state.stability,
                difficulty=state.difficulty,
                due=state.due,
                last_review=state.last_review,
            )
            recall = model.get_card_retrievability(card, clock.now)
            rating = Rating.Good if rng.random() < recall else Rating.Again
        study.answer(presented, rating)
        done.append((presented.card.id, presented.is_new))
        clock.advance(seconds=20)
    return done


def test_following_a_14_day_plan(store: Store, flash_library: Callable[..., Library]) -> None:
    library = flash_library({"ml": 60, "other": 15})
    store.set_setting("new_per_day", 2)  # the plan overrides the daily limit
    save_plan(store, make_plan(INTERVIEW, TODAY, decks=("ml",), minutes=30))
    first = report(store, library, START)
    assert first is not None and first.days_left == 14 and first.plan.buffer_days == 3
    assert [d.date for d in first.forecast.days] == [TODAY + timedelta(days=i) for i in range(14)]
    assert sum(d.new for d in first.forecast.days) == 60
    assert all(d.new == 0 for d in first.forecast.days[-3:])

    days = StudyDays(4)
    model = make_scheduler(store.settings())
    clock = FakeClock(START)
    rng = random.Random(2026)
    introduced: dict[str, date] = {}
    planned_due: dict[str, datetime] = {}
    last_review: dict[str, datetime] = {}
    for i in range(14):
        day = TODAY + timedelta(days=i)
        clock.now = START if i == 0 else days.session(day)
        plan_today = report(store, library, clock.now)
        assert plan_today is not None
        study = Study(store, library, clock=clock, rng=random.Random(i))
        answers = follow_one_day(study, model, clock, rng)
        new_ids = [cid for cid, was_new in answers if was_new]
        assert len(new_ids) == plan_today.forecast.days[0].new  # exactly the plan's new cards
        for cid in new_ids:
            introduced[cid] = day
        for cid, _ in answers:
            state = store.scheduling(cid)
            assert state is not None and state.last_review is not None
            last_review[cid] = state.last_review
            planned_due[cid] = state.due

    ml = {cid for cid in library.cards if cid.startswith("ml.")}
    buffer_start = INTERVIEW - timedelta(days=3)
    assert set(introduced) == ml  # every in-scope card, no other deck's
    assert max(introduced.values()) < buffer_start  # all introduced before the buffer
    interview_start = days.start(INTERVIEW)
    for cid in ml:
        # nothing the plan scheduled before the date was left undone ...
        assert planned_due[cid] >= interview_start, cid
        # ... and each card's last review is its planned final review, in the last days
        assert days.date_of(last_review[cid]) >= buffer_start, cid

    pacing = Pacing.load(store, library, store.settings())
    assert pacing is not None
    states = {cid: card for cid, card in fsrs_states(store).items() if cid in ml}
    outcome = sum(pacing.recall_on_day(c) for c in states.values()) / len(ml)
    assert abs(first.forecast.expected_recall - outcome) < 0.03
    assert all(pacing.recall_on_day(c) >= 0.9 for c in states.values())
