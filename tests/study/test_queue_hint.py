"""New cards found through the store's queue hint are exactly the ones a full scan finds, and
the hint keeps the lookups bounded."""

from __future__ import annotations

import contextlib
import random
from datetime import datetime, timedelta

import pytest

from bench.gen import big_library
from quizapp.bank.loader import Library
from quizapp.store import Store, UndoRefused, queue_hint
from quizapp.study import Study
from tests.conftest import FakeClock


def naive_new_cards(study: Study, now: datetime, budget: int) -> list[str]:
    """The definition: the first ``budget`` library cards without a state, usable, not blocked."""
    reviewed = study.store.reviewed_ids()
    marks = study.store.marks()
    found = []
    for card_id in study.library.cards:
        if len(found) >= budget:
            break
        mark = marks.get(card_id)
        blocked = mark is not None and (
            mark.suspended or (mark.buried_until is not None and mark.buried_until > now)
        )
        if card_id not in reviewed and not blocked and study._usable(card_id):
            found.append(card_id)
    return found


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("holes_max", [3, 2000])
def test_the_hint_finds_exactly_what_a_full_scan_finds(
    store: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, seed: int, holes_max: int
) -> None:
    monkeypatch.setattr(queue_hint, "HOLES_MAX", holes_max)
    rng = random.Random(seed)
    ids = [f"c{i:04d}" for i in range(400)]
    library = big_library(ids, decks=3)
    logs: list[int] = []
    for _ in range(80):
        action = rng.random()
        if action < 0.45:  # answer cards, mostly near the front, sometimes anywhere
            s = Study(store, library, clock=clock, rng=random.Random(1))
            for _ in range(rng.randrange(1, 15)):
                card_id = ids[min(len(ids) - 1, int(rng.expovariate(1 / 60)))]
                logs.append(
                    s.record(
                        card_id,
                        rng.randrange(1, 5),
                        answer=None,
                        correct=None,
                        duration_ms=1,
                        lang="en",
                    ).log_id
                )
        elif action < 0.6 and logs:  # undo a review (first reviews delete the state);
            with contextlib.suppress(UndoRefused):  # one under a later answer is refused
                store.undo(logs.pop(rng.randrange(len(logs))))
        elif action < 0.75:
            card_id = rng.choice(ids)
            if rng.random() < 0.5:
                store.set_mark(card_id, suspended=rng.random() < 0.7)
            else:
                store.set_mark(
                    card_id, buried_until=clock.now + timedelta(hours=rng.choice([-5, 5, 30]))
                )
        elif action < 0.85:  # the library changes: a card added early, or one removed
            if rng.random() < 0.5:
                ids.insert(rng.randrange(len(ids)), f"n{rng.randrange(10**6):06d}")
            else:
                ids.pop(rng.randrange(len(ids)))
            library = big_library(ids, decks=3)
        else:
            clock.advance(hours=rng.randrange(1, 40))
        decks = rng.choice([(), ("big00",), ("big01", "big02")])
        s = Study(store, library, decks=decks, clock=clock)
        s._skipped = rng.sample(ids, 3)
        budget = rng.randrange(1, 30)
        expected = naive_new_cards(s, clock.now, budget)
        assert s._new_cards(clock.now, budget) == expected
        assert s._new_cards(clock.now, budget) == expected  # again, from the hint just saved
        assert len(store.queue_hint().holes) <= holes_max


def test_a_second_session_looks_up_only_a_few_ids(
    store: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [f"c{i:05d}" for i in range(3000)]
    library: Library = big_library(ids, decks=2)
    first = Study(store, library, clock=clock)
    for card_id in ids[:2500]:  # years of study: a long reviewed prefix
        first.record(card_id, 3, answer=None, correct=None, duration_ms=1, lang="en")
    looked_up: list[int] = []
    real = store.without_state

    def spy(card_ids: list[str]) -> set[str]:
        looked_up.append(len(card_ids))
        return real(card_ids)

    monkeypatch.setattr(store, "without_state", spy)
    clock.advance(days=1)
    assert Study(store, library, clock=clock)._new_cards(clock.now, 20) == ids[2500:2520]
    assert sum(looked_up) >= 2500  # no hint yet for this prefix: a full lookup, once
    looked_up.clear()
    assert Study(store, library, clock=clock)._new_cards(clock.now, 20) == ids[2500:2520]
    assert sum(looked_up) <= 20  # only the holes: the 20 new cards shown last time
    looked_up.clear()
    second = Study(store, library, clock=clock)
    for card_id in ids[2500:2520]:
        second.record(card_id, 3, answer=None, correct=None, duration_ms=1, lang="en")
    assert Study(store, library, clock=clock)._new_cards(clock.now, 20) == ids[2520:2540]
    assert sum(looked_up) <= 20 + 256
