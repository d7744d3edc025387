"""`quizapp stats` and orphaned history."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from quizapp.bank.loader import load_library
from quizapp.cli import main
from quizapp.store import Store
from quizapp.study import Rating, Study
from tests.conftest import FakeClock

BANK = """\
deck: {id: mine}
cards:
  - {id: mine.keep, kind: flashcard, front: "What is MSE?", back: Mean squared error}
  - {id: mine.gone, kind: flashcard, front: "What is MAE?", back: Mean absolute error}
"""


def stats_json(capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(["stats", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_editing_keeps_history_and_removed_cards_are_orphaned(
    home: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    banks = home / "banks"
    banks.mkdir()
    bank = banks / "mine.yaml"
    bank.write_text(BANK, encoding="utf-8")
    study = Study(store, load_library(include_builtin=False), rng=random.Random(1))
    for card_id, rating in (("mine.keep", Rating.Good), ("mine.gone", Rating.Again)):
        study.answer(study.present(study.library.cards[card_id]), rating)

    # edit one card's text, remove the other
    bank.write_text(
        BANK.replace('"What is MSE?"', '"Define mean squared error."').replace(
            BANK.splitlines()[3] + "\n", ""
        ),
        encoding="utf-8",
    )
    library = load_library(include_builtin=False)
    assert library.cards["mine.keep"].prompt.get("en") == "Define mean squared error."
    assert "mine.gone" not in library.cards
    assert [r.rating for r in store.history("mine.keep")] == [Rating.Good]
    assert [r.rating for r in store.history("mine.gone")] == [Rating.Again]

    report = stats_json(capsys)
    assert report["orphaned"] == ["mine.gone"]
    assert report["reviews_total"] == 2
    assert main(["stats"]) == 0
    assert "mine.gone" in capsys.readouterr().out


def test_stats_counts_due_and_retention(
    home: Path, store: Store, small_bank: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = FakeClock()
    lib = load_library([small_bank], include_builtin=False)
    study = Study(store, lib, clock=clock, rng=random.Random(3))
    while (p := study.next()) is not None:
        study.answer(p, Rating.Easy)  # straight to review state: one review per card
    from quizapp.stats import compute

    report = compute(store, lib, clock.now)
    assert (report.cards, report.new, report.reviews_total) == (4, 0, 4)
    assert report.due_now == 0 and report.retention_30d is None
    clock.advance(days=30)
    later = compute(store, lib, clock.now)
    assert later.due_now == 4
    assert sum(later.reviews_per_day) == 0 and later.streak_days == 0
    deck = later.decks[0]
    assert deck.learned == 4 and 0 < deck.mastery < 1
