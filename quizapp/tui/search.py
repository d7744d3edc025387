"""Card search for the Browse screen: text matching in both languages and card states. No UI.

A card's *state* is ``new`` (never reviewed), ``learning`` (FSRS learning or relearning) or
``review``; independent of it, a card can be *due* (its due time has passed), *suspended* or
*flagged*. An *orphaned* id has a review history but no card in the loaded banks.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rich.cells import cell_len

from quizapp.bank.model import Card

STATES = ("new", "learning", "review", "due", "suspended", "flagged", "orphaned")


def fold(text: str) -> str:
    """A search key: NFKC (full-width forms to ASCII), case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def haystack(card: Card) -> str:
    """Everything a search looks at: the id, the tags and every text in both languages."""
    parts = [card.id, *card.tags]
    for text in card.texts():
        parts += [t for _, t in text.items()]
    return fold("\n".join(parts))


@dataclass(frozen=True, slots=True)
class Row:
    """One search result: a card (None for an orphaned id) and its states."""

    card_id: str
    card: Card | None
    state: str  # new | learning | review | orphaned
    due: datetime | None
    due_now: bool
    suspended: bool
    flagged: bool

    def has(self, state: str) -> bool:
        """True if the row is in ``state`` (one of :data:`STATES`)."""
        return {"due": self.due_now, "suspended": self.suspended, "flagged": self.flagged}.get(
            state, self.state == state
        )


def rows(
    cards: Mapping[str, Card],
    scheduling: Mapping[str, Any],
    marks: Mapping[str, Any],
    logged: Iterable[str],
    now: datetime,
) -> list[Row]:
    """A row for every card (bank order), then every orphaned id (sorted)."""
    out = []
    for card_id, card in cards.items():
        s = scheduling.get(card_id)
        m = marks.get(card_id)
        state = "new" if s is None else ("review" if s.state == 2 else "learning")
        out.append(
            Row(
                card_id,
                card,
                state,
                s.due if s else None,
                s is not None and s.due <= now,
                bool(m and m.suspended),
                bool(m and m.flagged),
            )
        )
    for card_id in sorted(set(logged) - set(cards)):
        s = scheduling.get(card_id)
        m = marks.get(card_id)
        out.append(
            Row(
                card_id,
                None,
                "orphaned",
                s.due if s else None,
                False,
                bool(m and m.suspended),
                bool(m and m.flagged),
            )
        )
    return out


def search(
    all_rows: Iterable[Row],
    query: str = "",
    *,
    deck: str | None = None,
    tag: str | None = None,
    kind: str | None = None,
    state: str | None = None,
    keys: Mapping[str, str] | None = None,
) -> list[Row]:
    """The rows matching every given filter. ``query`` words must all appear (case- and
    width-insensitive) in the card's id, tags or text in either language; ``keys`` caches
    :func:`haystack` by card id."""
    words = fold(query).split()
    out = []
    for row in all_rows:
        card = row.card
        if state and not row.has(state):
            continue
        if card is None:
            if deck or tag or kind:
                continue
            if words and not all(w in fold(row.card_id) for w in words):
                continue
            out.append(row)
            continue
        if (
            (deck and card.deck != deck)
            or (tag and tag not in card.tags)
            or (kind and card.kind != kind)
        ):
            continue
        if words:
            text = keys[card.id] if keys is not None and card.id in keys else haystack(card)
            if not all(w in text for w in words):
                continue
        out.append(row)
    return out


def clip(text: str, width: int) -> str:
    """The first line of ``text`` cut to ``width`` terminal cells (CJK counts two), with an
    ellipsis when cut."""
    line = text.strip().split("\n", 1)[0]
    if cell_len(line) <= width:
        return line
    out = ""
    for ch in line:
        if cell_len(out + ch) > width - 1:
            break
        out += ch
    return out + "…"
