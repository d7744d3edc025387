"""A simulated Anki user, written out by the real Anki library (the `anki` package).

The user's memory follows FSRS-6 with parameters of their own (``TRUE_PARAMETERS``: they forget
faster early on and their stability grows more slowly than FSRS's defaults assume); Anki schedules
them with the defaults. Each day, every due card is answered: recalled with the probability the
user's true memory gives (Good, sometimes Easy or Hard), else Again. Deterministic for a seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs

TRUE_PARAMETERS = (
    0.15,
    0.6,
    1.6,
    5.0,
    7.2,
    0.5,
    1.8,
    0.02,
    1.1,
    0.12,
    0.9,
    1.9,
    0.11,
    0.29,
    2.3,
    0.25,
    2.9,
    0.5,
    0.6,
    0.1,
    0.35,
)
START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Answer:
    card: int
    at: datetime
    rating: int
    kind: int  # Anki revlog type: 0 learn, 1 review, 2 relearn


def simulate(cards: int, days: int, seed: int, new_per_day: int = 20) -> list[Answer]:
    """The answers of one simulated user, in time order."""
    rng = random.Random(seed)
    truth = fsrs.Scheduler(parameters=TRUE_PARAMETERS, learning_steps=(), enable_fuzzing=False)
    anki = fsrs.Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    true_cards: dict[int, fsrs.Card] = {}
    sched: dict[int, fsrs.Card] = {}
    out: list[Answer] = []
    for day in range(days):
        now = START + timedelta(days=day)
        introduced = len(sched)
        todo = [c for c, card in sched.items() if card.due <= now + timedelta(hours=12)]
        todo += list(range(introduced, min(cards, introduced + new_per_day)))
        for minute, c in enumerate(todo):
            at = now + timedelta(minutes=minute, seconds=rng.randrange(60))
            if c not in sched:
                rating, kind = rng.choice((1, 3, 3, 3, 4)), 0
                true_cards[c] = fsrs.Card(card_id=c + 1, due=at)
                sched[c] = fsrs.Card(card_id=c + 1, due=at)
            else:
                recall = truth.get_card_retrievability(true_cards[c], at)
                if rng.random() < recall:
                    rating = rng.choices((2, 3, 4), weights=(1, 8, 1))[0]
                else:
                    rating = 1
                kind = 1 if sched[c].state == fsrs.State.Review else 2
            true_cards[c], _ = truth.review_card(true_cards[c], fsrs.Rating(rating), at)
            sched[c], _ = anki.review_card(sched[c], fsrs.Rating(rating), at)
            out.append(Answer(c, at, rating, kind))
    return out


def write_package(path: Path, answers: list[Answer], cards: int, *, scheduling: bool) -> None:
    """An .apkg of ``cards`` Basic notes with the answers in its revlog, exported by Anki."""
    from anki.collection import Collection, ExportAnkiPackageOptions
    from anki.decks import DeckId

    col = Collection(str(path.with_suffix(".anki2")))
    try:
        model = col.models.by_name("Basic")
        assert model is not None
        deck = DeckId(col.decks.id("Simulated") or 1)
        cids: list[int] = []
        for i in range(cards):
            note = col.new_note(model)
            note["Front"] = f"Simulated question {i}"
            note["Back"] = f"Answer {i}"
            col.add_note(note, deck)
            cids.append(note.card_ids()[0])
        rows = [
            (int(a.at.timestamp() * 1000), cids[a.card], -1, a.rating, 1, 0, 2500, 8000, a.kind)
            for a in answers
        ]
        col.db.executemany(
            "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        col.export_anki_package(
            out_path=str(path),
            options=ExportAnkiPackageOptions(
                with_scheduling=scheduling, with_deck_configs=False, with_media=False
            ),
            limit=None,
        )
    finally:
        col.close()
