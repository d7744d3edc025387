"""Anki's review log (``revlog``) as the history FSRS learns from, filtered as Anki does.

Anki's own FSRS (rslib ``scheduler/fsrs/params.rs``, ``reviews_for_fsrs``) keeps, per card:
the entries from the first of the last run of learning steps on (a card reset to new with
"Forget" — a manual entry with ease factor 0 — drops everything before it; without learning
entries, everything from the first user grade on), and then drops what the user did not grade:
manual entries (set due date, reset), entries with button 0, cram reviews in filtered decks
(type 3 with ease factor 0) and rescheduled entries (type 5). What is left is a sequence of real
answers, each with its time and rating, which is what our review log holds.

Conventions: ``id`` is the review time in epoch milliseconds; ``ease`` the button (1 Again …
4 Easy, 0 none); ``kind`` Anki's ``type`` (0 learn, 1 review, 2 relearn, 3 filtered, 4 manual,
5 rescheduled); ``factor`` the ease factor in permille (0 for a reset); ``time_ms`` time spent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

LEARN, REVIEW, RELEARN, FILTERED, MANUAL, RESCHEDULED = range(6)


@dataclass(frozen=True, slots=True)
class AnkiReview:
    """One row of Anki's ``revlog`` (see the module docstring for the fields' conventions)."""

    id: int
    cid: int
    ease: int
    kind: int
    factor: int = 0
    time_ms: int = 0

    @property
    def at(self) -> datetime:
        """When the review happened, as an aware UTC datetime."""
        return datetime.fromtimestamp(self.id / 1000, tz=UTC)

    @property
    def graded(self) -> bool:
        """True if the user pressed one of the four answer buttons."""
        return 1 <= self.ease <= 4


def _cram(entry: AnkiReview) -> bool:
    return entry.kind == FILTERED and entry.factor == 0


def usable_reviews(entries: Sequence[AnkiReview]) -> list[AnkiReview]:
    """The answers of one card that FSRS should learn from, oldest first (empty if none).

    ``entries`` are one card's revlog rows in any order. This is Anki's memory-state reading
    (not its stricter training reading): a history without learning entries still counts
    from the first user grade on, so a card whose learning steps predate the export keeps
    its reviews."""
    ordered = sorted(entries, key=lambda e: e.id)
    first_learn: int | None = None
    first_grade: int | None = None
    for index in range(len(ordered) - 1, -1, -1):
        entry = ordered[index]
        if _cram(entry):
            continue
        if entry.graded:
            first_grade = index
        if entry.graded and entry.kind == LEARN:
            first_learn = index
        elif first_learn is not None:
            break
        elif entry.kind == MANUAL and entry.factor == 0:  # "Forget": reset to new
            if first_grade is None:
                return []
            break
    start = first_learn if first_learn is not None else first_grade
    if start is None:
        return []
    return [
        e
        for e in ordered[start:]
        if e.graded and e.kind not in (MANUAL, RESCHEDULED) and not _cram(e)
    ]
