"""The study engine: queue order, grading, recording, exact undo."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

import pytest

from quizapp.bank.loader import load_library
from quizapp.grading.verdict import AnswerError
from quizapp.store import Store
from quizapp.study import Rating, Study
from tests.conftest import FakeClock


@pytest.fixture
def study(store: Store, small_bank: Path, clock: FakeClock) -> Study:
    lib = load_library([small_bank], include_builtin=False, include_user=False)
    return Study(store, lib, clock=clock, rng=random.Random(7))


def test_new_cards_come_in_bank_order(study: Study) -> None:
    ids = []
    while (p := study.next()) is not None:
        ids.append(p.card.id)
        study.answer(p, Rating.Good)
    assert ids[:4] == ["t.flash", "t.cloze", "t.choice", "t.order"]


def test_due_cards_come_before_new_ones(study: Study, clock: FakeClock) -> None:
    first = study.next()
    assert first is not None
    study.answer(first, Rating.Again)  # due again in 1 minute
    clock.advance(minutes=5)
    fresh = Study(study.store, study.library, clock=clock)
    p = fresh.next()
    assert p is not None and p.card.id == "t.flash" and not p.is_new


def test_daily_new_limit_counts_todays_new_cards(
    study: Study, store: Store, clock: FakeClock
) -> None:
    store.set_setting("new_per_day", 2)
    s = Study(store, study.library, clock=clock)
    seen = []
    while (p := s.next()) is not None and len(seen) < 10:
        seen.append(p.card.id)
        s.answer(p, Rating.Easy)
    assert seen == ["t.flash", "t.cloze"]
    assert Study(store, study.library, clock=clock).next() is None


def test_deck_and_tag_filters(study: Study, store: Store, clock: FakeClock) -> None:
    s = Study(store, study.library, tags=["procedure"], clock=clock)
    p = s.next()
    assert p is not None and p.card.id == "t.order"
    assert Study(store, study.library, decks=["other"], clock=clock).next() is None


def test_grading_each_kind(study: Study) -> None:
    lib = study.library.cards
    cloze = study.present(lib["t.cloze"])
    assert study.check(cloze, "NORM").correct
    assert study.check(cloze, "Ｌ２ Norm。").correct  # full width, case, punctuation
    assert study.check(cloze, "范数").correct  # the other language's answer
    assert not study.check(cloze, "value").correct
    with pytest.raises(AnswerError):
        study.check(cloze, "a; b")

    choice = study.present(lib["t.choice"])
    right = choice.order.index(0) + 1
    assert study.check(choice, str(right)).correct
    assert not study.check(choice, str(right % 3 + 1)).correct
    with pytest.raises(AnswerError):
        study.check(choice, "7")

    order = study.present(lib["t.order"])
    good = " ".join(str(order.order.index(i) + 1) for i in range(3))
    assert study.check(order, good).correct
    assert not study.check(order, " ".join(reversed(good.split()))).correct

    flash = study.present(lib["t.flash"])
    assert study.check(flash, None).correct is None


def test_record_then_undo_restores_state_and_log_exactly(
    study: Study, store: Store, clock: FakeClock
) -> None:
    p = study.next()
    assert p is not None
    study.answer(p, Rating.Good)
    before = store.scheduling("t.flash")
    clock.advance(minutes=30)
    p2 = study.present(study.library.cards["t.flash"])
    study.answer(p2, Rating.Easy)
    assert len(store.history("t.flash")) == 2
    assert store.scheduling("t.flash") != before
    assert study.undo() == "t.flash"
    assert store.scheduling("t.flash") == before
    assert len(store.history("t.flash")) == 1
    assert study.undo() == "t.flash"
    assert store.scheduling("t.flash") is None and store.history("t.flash") == []
    assert study.undo() is None
    nxt = study.next()
    assert nxt is not None and nxt.card.id == "t.flash" and nxt.is_new


def test_rerate_replaces_the_last_answer(study: Study, store: Store) -> None:
    p = study.next()
    assert p is not None
    study.answer(p, Rating.Again)
    study.rerate(Rating.Easy)
    (review,) = store.history(p.card.id)
    assert review.rating == Rating.Easy


def test_preview_intervals_grow_with_the_rating(study: Study) -> None:
    intervals = study.preview("t.flash")
    assert intervals[Rating.Again] < intervals[Rating.Good] < intervals[Rating.Easy]
    assert intervals[Rating.Again] == timedelta(minutes=1)


def test_bury_and_suspend(study: Study, store: Store, clock: FakeClock) -> None:
    study.bury("t.flash")
    study.suspend("t.cloze")
    ids = []
    while (p := study.next()) is not None:
        ids.append(p.card.id)
        study.answer(p, Rating.Easy)
    assert "t.flash" not in ids and "t.cloze" not in ids
    clock.advance(days=1)
    later = Study(store, study.library, clock=clock)
    p = later.next()
    assert p is not None and p.card.id == "t.flash"


def test_skipped_cards_come_back_at_the_end(study: Study) -> None:
    first = study.next()
    assert first is not None
    study.skip(first.card.id)
    order = []
    while (p := study.next()) is not None:
        order.append(p.card.id)
        study.answer(p, Rating.Easy)
    assert order[-1] == first.card.id


def test_session_limit(study: Study, store: Store, clock: FakeClock) -> None:
    s = Study(store, study.library, limit=2, clock=clock)
    for _ in range(2):
        p = s.next()
        assert p is not None
        s.answer(p, Rating.Good)
    assert s.next() is None
