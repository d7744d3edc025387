"""Several sessions writing at once, on SQLite and on a real PostgreSQL server: no review lost
or counted twice, undo never takes back more than its own answer, and every card's state is the
one its review log leads to."""

from __future__ import annotations

import json
import multiprocessing
import random
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from quizapp.bank.loader import load_library
from quizapp.store import Store
from quizapp.study import Study, UndoRefused

CARDS = [f"c{i}" for i in range(8)]


def _writer(url: str, seed: int, answers: int) -> None:
    rng = random.Random(seed)
    store = Store.open(url)
    study = Study(store, load_library([], include_builtin=False, include_user=False))
    for _ in range(answers):
        study.record(
            rng.choice(CARDS),
            rng.choice((1, 3, 3, 4)),
            answer=None,
            correct=None,
            duration_ms=1000,
            lang="en",
        )
    store.close()


def _t(value: object) -> datetime:
    """A stored time as naive UTC (SQLite hands text back to a raw query, PostgreSQL a datetime)."""
    return datetime.fromisoformat(str(value)).replace(tzinfo=None)


def log_is_consistent(url: str) -> tuple[int, int]:
    """Check every card's log chain; return (reviews in the log, the store's review counter)."""
    engine = create_engine(url)
    with engine.connect() as conn:
        logs = conn.execute(
            text("SELECT card_id, reviewed_at, prev_state FROM review_log ORDER BY id")
        ).all()
        states = dict(conn.execute(text("SELECT card_id, last_review FROM card_state")).all())
        counter = conn.execute(text("SELECT number FROM store_meta WHERE key = 'reviews'"))
        counted = int(counter.scalar() or 0)
    engine.dispose()
    last: dict[str, datetime] = {}
    for card_id, at, prev in logs:
        if card_id not in last:
            assert prev is None, card_id  # the first answer found the card new
        else:
            before = json.loads(prev)
            assert before["last_review"] is not None
            # each answer was built on the state the previous one left: none was lost
            assert _t(before["last_review"]) == _t(last[card_id]), card_id
        last[card_id] = at
    assert {c: _t(t) for c, t in states.items()} == {c: _t(t) for c, t in last.items()}
    return len(logs), counted


def test_four_writers_lose_no_review_and_never_count_one_twice(db_url: str) -> None:
    Store.open(db_url).close()  # the schema exists before the writers race
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_writer, args=(db_url, s, 60)) for s in range(4)]
    for w in writers:
        w.start()
    for w in writers:
        w.join(120)
        assert w.exitcode == 0
    reviews, counted = log_is_consistent(db_url)
    assert reviews == counted == 240


def test_undo_takes_back_only_its_own_answer(db_url: str) -> None:
    library = load_library([], include_builtin=False, include_user=False)
    a_store, b_store = Store.open(db_url), Store.open(db_url)
    a, b = Study(a_store, library), Study(b_store, library)
    try:
        a.record("x", 3, answer=None, correct=None, duration_ms=1, lang="en")
        b.record("x", 1, answer=None, correct=None, duration_ms=1, lang="en")
        with pytest.raises(UndoRefused):
            a.undo()
        assert a_store.scheduling("x") is not None  # not back to new: B's answer stands
        assert b.undo() == "x"  # the newest answer can be undone
        assert a_store.scheduling("x") is not None  # and A's state is back
        assert a_store.review_count() == 1
    finally:
        a_store.close()
        b_store.close()
    assert log_is_consistent(db_url) == (1, 1)


def test_a_record_survives_being_retried(db_url: str) -> None:
    """An answer already committed by an interrupted try is found, not written again."""
    store = Store.open(db_url)
    try:
        study = Study(store, load_library([], include_builtin=False, include_user=False))
        at = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
        first = study.record("y", 3, answer=None, correct=None, duration_ms=1, lang="en", at=at)
        with store.engine.connect() as conn:
            from quizapp.store import statements as st

            found = conn.execute(st.LOG_AT, {"card_id": "y", "reviewed_at": at}).scalar()
        assert found == first.log_id
    finally:
        store.close()


def test_the_daily_new_card_limit_holds_across_sessions(db_url: str, tmp_path: Path) -> None:
    bank = tmp_path / "many.yaml"
    bank.write_text(
        "deck: {id: m}\ncards:\n"
        + "".join(
            f"  - {{id: m.c{i:02d}, kind: flashcard, front: Q{i}, back: A{i}}}\n" for i in range(40)
        ),
        encoding="utf-8",
    )
    library = load_library([bank], include_builtin=False, include_user=False)
    stores = [Store.open(db_url), Store.open(db_url)]
    try:
        a, b = (Study(s, library) for s in stores)

        def answer_all(study: Study, most: int) -> int:
            """Answer up to ``most`` new cards (and any learning card shown between them)."""
            new = 0
            while new < most and (shown := study.next()) is not None:
                study.record(shown.card.id, 3, answer=None, correct=None, duration_ms=1, lang="en")
                new += shown.is_new
            return new

        shown = b.next()  # B's queue is built now, with 20 new cards, before A answers any
        assert shown is not None
        assert answer_all(a, 12) == 12
        b.record(shown.card.id, 3, answer=None, correct=None, duration_ms=1, lang="en")
        assert answer_all(b, 40) == 8  # A took the card B showed; B stops at the limit: 12 + 8
        assert answer_all(a, 40) == 0
        assert stores[0].state_count() == 20
    finally:
        for s in stores:
            s.close()
