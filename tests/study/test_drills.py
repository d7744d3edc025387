"""The drill attempt owned by the study engine: start, check, hint, solution, the rating that
follows, kept in a real store so another front-end (or process) sees the same attempt."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quizapp.bank.loader import Library, load_library
from quizapp.bank.model import Drill
from quizapp.grading.drill import DrillResult
from quizapp.store import Store
from quizapp.study import Rating, Study, drill_rating
from tests.conftest import FakeClock

WRONG_MAE = "import numpy as np\n\ndef mae(y_true, y_pred):\n    return float(np.sum(y_pred))\n"


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(include_user=False)


@pytest.fixture
def study(store: Store, library: Library, clock: FakeClock) -> Study:
    return Study(store, library, clock=clock, rng=random.Random(3))


def drill(library: Library, card_id: str = "drill.mae") -> Drill:
    card = library.cards[card_id]
    assert isinstance(card, Drill)
    return card


def test_a_failed_then_passing_check_is_hard_and_the_review_ends_the_attempt(
    study: Study, library: Library, store: Store, clock: FakeClock
) -> None:
    card = drill(library)
    study.start_drill(card.id)
    result, attempt = study.check_drill(card, WRONG_MAE, seed=4)
    assert not result.passed
    assert (attempt.checks, attempt.failed_checks, attempt.first_check_passed) == (1, 1, False)
    assert drill_rating(attempt) == Rating.Again  # the last check failed
    clock.advance(minutes=3)
    result, attempt = study.check_drill(card, card.solution or "", seed=4)
    assert result.passed and drill_rating(attempt) == Rating.Hard
    assert store.load_drill_code(card.id) == card.solution
    recorded = study.record(
        card.id,
        drill_rating(attempt),
        answer=card.solution,
        correct=True,
        duration_ms=study.drill_duration_ms(attempt),
        lang="en",
        seed=result.seed,
    )
    (review,) = store.history(card.id)
    assert (review.rating, review.correct, review.duration_ms) == (2, True, 180_000)
    ended = store.drill_attempt(card.id)
    assert ended is not None and ended.recorded and ended.rating == Rating.Hard
    assert ended.recorded_at == clock.now and recorded.rating == Rating.Hard
    # a check after the review counts no more; showing the drill again starts a new attempt
    assert study.check_drill(card, WRONG_MAE, seed=4)[1].checks == 2
    assert study.start_drill(card.id).checks == 0


def test_first_check_pass_is_good_a_hint_makes_it_hard_the_solution_again(
    study: Study, library: Library
) -> None:
    card = drill(library)
    study.start_drill(card.id)
    assert drill_rating(study.check_drill(card, card.solution or "", seed=1)[1]) == Rating.Good

    hinted = drill(library, "drill.huber")
    study.start_drill(hinted.id)
    assert study.drill_hint(hinted) == (1, hinted.hints[0])
    assert study.check_drill(hinted, hinted.solution or "", seed=1)[1].hints == 1
    assert drill_rating(study.start_drill(hinted.id, fresh=False)) == Rating.Hard
    every = [study.drill_hint(hinted) for _ in hinted.hints]
    assert every[-1] is None  # one was already shown: the last call finds none left

    peeked = drill(library, "drill.pca")
    study.start_drill(peeked.id)
    code, attempt = study.drill_solution(peeked)
    assert "def pca(" in code and attempt.solution_seen
    assert drill_rating(study.check_drill(peeked, peeked.solution or "", seed=1)[1]) == Rating.Again


def test_a_broken_drill_is_no_check_and_undo_reopens_the_attempt(
    study: Study, library: Library, store: Store
) -> None:
    card = drill(library)
    study.start_drill(card.id)
    broken = DrillResult(card_id=card.id, status="error")
    assert study.drill_checked(card.id, "x = 1\n", broken).checks == 0
    presented = study.present(card)
    study.check_drill(card, card.solution or "", seed=2)
    study.answer(presented, Rating.Good)
    assert study.start_drill(card.id, fresh=False).recorded
    assert study.undo() == card.id
    reopened = study.start_drill(card.id, fresh=False)
    assert not reopened.recorded and reopened.checks == 1 and store.history(card.id) == []


def test_another_process_sees_the_same_attempt(
    study: Study, library: Library, store: Store, home: Path
) -> None:
    card = drill(library, "drill.huber")
    study.start_drill(card.id)
    study.drill_hint(card)
    other = Store.open()
    try:
        seen = Study(other, library).start_drill(card.id, fresh=False)
    finally:
        other.close()
    assert seen.hints == 1


def test_an_old_attempts_file_is_moved_into_the_store_once(home: Path) -> None:
    started = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    old = home / "drill-attempts.json"
    old.write_text(
        json.dumps(
            {
                "drill.mse": {
                    "card_id": "drill.mse",
                    "started": started.timestamp(),
                    "checks": 2,
                    "failed_checks": 1,
                    "hints": 1,
                    "solution_seen": False,
                    "recorded": True,
                },
                "drill.mae": {"card_id": "drill.mae", "started": started.timestamp()},
                "drill.bad": "not an attempt",
            }
        ),
        encoding="utf-8",
    )
    store = Store.open()
    try:
        mse, mae = store.drill_attempt("drill.mse"), store.drill_attempt("drill.mae")
        assert mse is not None and mae is not None and store.drill_attempt("drill.bad") is None
        assert (mse.started_at, mse.checks, mse.failed_checks, mse.hints) == (started, 2, 1, 1)
        assert mse.recorded and mse.first_check_passed is False and mse.passed
        assert not mae.recorded and mae.first_check_passed is None
    finally:
        store.close()
    assert not old.exists() and (home / "drill-attempts.json.migrated").is_file()


def test_the_duration_of_an_attempt_left_open_is_capped(study: Study, clock: FakeClock) -> None:
    attempt = study.start_drill("drill.mae")
    clock.advance(hours=9)
    assert study.drill_duration_ms(attempt) == timedelta(hours=1) // timedelta(milliseconds=1)
