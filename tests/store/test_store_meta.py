"""The store's bookkeeping (counters, the queue hint, ids with reviews but no state) and the
bounded reads built on it."""

from __future__ import annotations

import contextlib
import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quizapp.store import QueueHint, Scheduling, Store, UndoRefused
from tests.store.test_migrations import make_v1_database

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def state(
    card_id: str, due: datetime, *, last: datetime | None = T0, stability: float = 5.0
) -> Scheduling:
    return Scheduling(card_id, 2, None, stability, 5.0, due, last)


def review(store: Store, card_id: str, due: datetime, at: datetime = T0) -> int:
    return store.record(
        state(card_id, due),
        rating=3,
        reviewed_at=at,
        duration_ms=100,
        answer=None,
        correct=None,
        lang="en",
    )


def counts(path: Path) -> tuple[int, int]:
    with sqlite3.connect(path) as raw:
        return (
            raw.execute("SELECT count(*) FROM review_log").fetchone()[0],
            raw.execute("SELECT count(*) FROM card_state").fetchone()[0],
        )


def test_counters_follow_record_and_undo(store: Store, home: Path) -> None:
    rng = random.Random(5)
    logs: list[int] = []
    for step in range(200):
        if logs and rng.random() < 0.3:
            with contextlib.suppress(UndoRefused):  # a card answered since cannot be undone
                store.undo(logs.pop(rng.randrange(len(logs))))
        else:
            card = f"c{rng.randrange(30)}"
            logs.append(review(store, card, T0 + timedelta(days=1), T0 + timedelta(minutes=step)))
        assert (store.review_count(), store.state_count()) == counts(home / "quizapp.db")


def test_migration_counts_what_an_older_database_holds(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    make_v1_database(path)
    with sqlite3.connect(path) as raw:  # a review whose card has no state any more
        raw.execute(
            "INSERT INTO review_log (card_id, reviewed_at, rating, lang) "
            "VALUES ('losses.gone', '2026-01-02 08:00:00.000000', 3, 'en')"
        )
    store = Store.open(f"sqlite:///{path}")
    assert (store.review_count(), store.state_count()) == (2, 1)
    assert store.stateless_logged() == {"losses.gone"}
    assert store.logged_ids() == {"losses.a", "losses.gone"}
    store.close()


def test_a_review_under_later_ones_is_not_undone_and_keeps_its_state(store: Store) -> None:
    first = review(store, "x", T0 + timedelta(days=1))
    later = review(store, "x", T0 + timedelta(days=3), T0 + timedelta(hours=1))
    with pytest.raises(UndoRefused):
        store.undo(first)  # would delete the state a later review was built on
    assert store.scheduling("x") is not None
    assert (store.review_count(), store.state_count()) == (2, 1)
    assert store.undo(later) == "x" and store.undo(first) == "x"  # newest first works
    assert store.scheduling("x") is None and store.stateless_logged() == set()
    assert (store.review_count(), store.state_count()) == (0, 0)


def test_the_queue_hint_is_versioned_and_undo_reopens_a_hole(store: Store) -> None:
    assert store.queue_hint() == QueueHint()
    hint = store.queue_hint()
    assert store.save_queue_hint(QueueHint(3, "d", ("a",), hint.version))
    saved = store.queue_hint()
    assert (saved.length, saved.digest, saved.holes) == (3, "d", ("a",))
    assert not store.save_queue_hint(QueueHint(5, "e", (), hint.version))  # stale: refused
    log = review(store, "b", T0 + timedelta(days=1))
    assert store.queue_hint() == saved  # a new state keeps the hint valid
    store.undo(log)  # the state of b is deleted: b may be new again
    reopened = store.queue_hint()
    assert reopened.holes == ("a", "b") and reopened.version > saved.version
    assert not store.save_queue_hint(QueueHint(9, "f", (), saved.version))


def test_bounded_reads(store: Store) -> None:
    for i in range(12):
        review(store, f"c{i:02d}", T0 + timedelta(hours=i - 6))
    store.set_mark("c00", suspended=True)
    store.set_mark("c01", buried_until=T0 + timedelta(days=1))
    store.set_mark("c02", buried_until=T0 - timedelta(days=1))
    ids = [f"c{i:02d}" for i in range(14)]
    assert store.without_state(ids) == {"c12", "c13"}
    assert store.blocked(ids, T0) == {"c00", "c01"}
    assert store.suspended_ids() == {"c00"}
    due = [cid for cid, _ in store.due_ids(T0 + timedelta(hours=3))]
    assert due == ["c02", "c03", "c04", "c05", "c06", "c07", "c08", "c09"]
    pages = [store.due_card_ids(T0 + timedelta(hours=3), 3, offset=o) for o in (0, 3, 6)]
    assert [cid for page in pages for cid in page] == due


def test_summaries_in_sql_and_in_python_agree(store: Store) -> None:
    rng = random.Random(2)
    for i in range(40):
        last = T0 - timedelta(days=rng.uniform(-1, 90))
        store.record(
            state(f"c{i}", T0, last=last, stability=rng.uniform(0.5, 200)),
            rating=3,
            reviewed_at=T0,
            duration_ms=1,
            answer=None,
            correct=None,
            lang="en",
        )
    ids = [f"c{i}" for i in range(50)]
    decay = -0.1542
    factor = 0.9 ** (1 / decay) - 1
    in_sql = store.summarize(ids, T0, decay=decay, factor=factor)
    store._sql_recall = False
    in_python = store.summarize(ids, T0, decay=decay, factor=factor)
    assert in_sql.learned == in_python.learned == 40
    assert abs(in_sql.recall - in_python.recall) < 1e-9 and 0 < in_sql.recall < 40


def test_day_counts_and_probes(store: Store) -> None:
    for hours in (1, 2, 25, 49, 50, 51):
        review(store, f"c{hours}", T0, T0 + timedelta(hours=hours))
    edges = [T0 + timedelta(days=d) for d in range(4)]
    assert store.review_counts(edges) == [2, 1, 3]
    spans = [(T0 + timedelta(days=d), T0 + timedelta(days=d, hours=12)) for d in range(4)]
    assert store.reviewed_in(spans) == [True, True, True, False]


def test_orphan_states_match_a_full_comparison(store: Store, monkeypatch) -> None:
    from quizapp.store import sqlite

    monkeypatch.setattr(sqlite, "CHUNK", 7)  # many ranges, even on a small table
    rng = random.Random(9)
    ids = sorted({f"{rng.choice('abcxyz')}.{rng.randrange(500):03d}" for _ in range(200)})
    for card_id in ids:
        review(store, card_id, T0)
    for _ in range(20):
        library = sorted(
            rng.sample(ids, rng.randrange(0, len(ids)))
            + [f"m.{i}" for i in range(rng.randrange(5))]
        )
        assert store.orphan_states(library) == set(ids) - set(library)
    assert store.orphan_states(ids) == set()
