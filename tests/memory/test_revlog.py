"""Anki's revlog read as Anki's own FSRS reads it, and our histories as FSRS training items."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from quizapp.memory.items import Answer, training_items
from quizapp.memory.revlog import (
    FILTERED,
    LEARN,
    MANUAL,
    RELEARN,
    RESCHEDULED,
    REVIEW,
    usable_reviews,
)
from quizapp.memory.revlog import AnkiReview as R

DAY = 86_400_000
T0 = 1_700_000_000_000


def entry(day: int, kind: int, ease: int = 3, factor: int = 2500) -> R:
    return R(T0 + day * DAY, cid=1, ease=ease, kind=kind, factor=factor)


def days(entries: list[R]) -> list[int]:
    return [(e.id - T0) // DAY for e in entries]


def test_cram_set_due_date_and_rescheduled_entries_are_not_answers() -> None:
    log = [
        entry(0, LEARN),
        entry(1, REVIEW),
        entry(3, FILTERED, factor=0),  # cram in a filtered deck: no effect on scheduling
        entry(4, MANUAL, ease=0, factor=2500),  # "set due date"
        entry(5, RESCHEDULED, ease=0),
        entry(6, FILTERED, factor=2500),  # a filtered deck that reschedules: a real review
        entry(9, REVIEW, ease=1),
        entry(9, RELEARN),
    ]
    assert days(usable_reviews(log)) == [0, 1, 6, 9, 9]


def test_a_reset_to_new_drops_the_history_before_it() -> None:
    log = [entry(0, LEARN), entry(2, REVIEW), entry(5, MANUAL, ease=0, factor=0)]
    assert usable_reviews(log) == []  # reset last: nothing to learn from
    relearned = [*log, entry(7, LEARN), entry(8, LEARN), entry(12, REVIEW)]
    assert days(usable_reviews(relearned)) == [7, 8, 12]
    reviewed_after = [*log, entry(9, REVIEW), entry(11, REVIEW, ease=1)]
    assert days(usable_reviews(reviewed_after)) == [9, 11]


def test_only_the_last_run_of_learning_steps_starts_the_history() -> None:
    log = [entry(0, LEARN), entry(1, REVIEW), entry(2, LEARN), entry(3, REVIEW)]
    # a learning entry after reviews (as after a reset Anki logged as learning) restarts it
    assert days(usable_reviews(log)) == [2, 3]
    assert days(usable_reviews(list(reversed(log)))) == [2, 3]  # order of rows is irrelevant


def test_training_items_count_study_days_and_skip_same_day_answers() -> None:
    start = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    answers = [
        Answer(start, 3),
        Answer(start + timedelta(minutes=10), 3),  # same day: short-term, not an item
        Answer(start + timedelta(days=2), 1),
        Answer(start + timedelta(days=2, minutes=5), 3),
        Answer(start + timedelta(days=9), 3),
    ]
    items = training_items({"c": answers}, day_start_hour=4)
    assert [item.reviews for item in items] == [
        ((3, 0), (3, 0), (1, 2)),
        ((3, 0), (3, 0), (1, 2), (3, 0), (3, 7)),
    ]
