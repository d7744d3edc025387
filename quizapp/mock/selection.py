"""Which questions a mock round asks, in which order, and how long each should take.

An interviewer opens with open questions on different topics, then asks for one calculation and
ends with one piece of code. So a round is: flashcards first, one per deck in turn (decks in a
random order, flashcards with key points first, at random within them), then one numeric
question, then one coding drill, as far as the round's minutes go at the target times of
:data:`TARGET_SECONDS`: the drill comes in rounds of at least twice its target time, the
numeric question in rounds of at least three times its own, each from another topic when it
can; the open questions fill the time left (at least one).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from quizapp.bank.loader import Library
from quizapp.bank.model import Card, Flashcard
from quizapp.store.rounds import MockQuestion

TARGET_SECONDS = {"flashcard": 90, "numeric": 180, "drill": 480}
KINDS = tuple(TARGET_SECONDS)


def _by_deck(cards: Sequence[Card], rng: random.Random) -> dict[str, list[Card]]:
    groups: dict[str, list[Card]] = {}
    for card in cards:
        groups.setdefault(card.deck, []).append(card)
    for group in groups.values():
        rng.shuffle(group)
        group.sort(key=lambda c: not (isinstance(c, Flashcard) and c.points))  # stable
    return groups


def _round_robin(groups: dict[str, list[Card]], order: Sequence[str], count: int) -> list[Card]:
    picked: list[Card] = []
    while len(picked) < count and any(groups.get(d) for d in order):
        for deck in order:
            if groups.get(deck) and len(picked) < count:
                picked.append(groups[deck].pop(0))
    return picked


def select_questions(
    library: Library,
    *,
    minutes: int,
    decks: Sequence[str] = (),
    suspended: set[str] | None = None,
    rng: random.Random,
) -> list[MockQuestion]:
    """The questions of a ``minutes`` round over ``decks`` (empty: all), suspended cards left
    out; ``rng`` decides the draw and each question's seed (numeric inputs, drill cases)."""
    wanted, skip = set(decks), suspended or set()
    pool = [
        c
        for c in library.cards.values()
        if c.kind in TARGET_SECONDS and (not wanted or c.deck in wanted) and c.id not in skip
    ]
    by_kind = {kind: _by_deck([c for c in pool if c.kind == kind], rng) for kind in KINDS}
    order = sorted({c.deck for c in pool})
    rng.shuffle(order)
    budget = minutes * 60
    tail: list[Card] = []
    for turn, (kind, share) in enumerate((("drill", 2), ("numeric", 3))):
        if TARGET_SECONDS[kind] * share <= budget and by_kind[kind]:
            tail += _round_robin(by_kind[kind], order[turn:] + order[:turn], 1)  # other topics
    budget -= sum(TARGET_SECONDS[c.kind] for c in tail)
    tail.sort(key=lambda c: KINDS.index(c.kind))
    count = max(1, budget // TARGET_SECONDS["flashcard"])
    cards = _round_robin(by_kind["flashcard"], order, count) + tail
    return [
        MockQuestion(i, c.id, c.kind, c.deck, TARGET_SECONDS[c.kind], rng.randrange(2**31))
        for i, c in enumerate(cards)
    ]
