"""Bringing another tool's review history into ours, through the study engine.

Each imported answer is recorded with :meth:`quizapp.study.Study.record` at the time it was
given, oldest first, so the card's memory state is the one our scheduler reaches by replaying
that history — exactly as if the user had studied here. An answer already in the log (same card,
same time) is skipped, so importing the same package twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from quizapp.store.history import review_times
from quizapp.study import Study


@dataclass(frozen=True, slots=True)
class Replayed:
    """What :func:`replay` did: answers added, answers skipped as already there, and cards."""

    added: int
    skipped: int
    cards: int


def replay(study: Study, histories: Mapping[str, Sequence[tuple[datetime, int, int]]]) -> Replayed:
    """Record each ``(reviewed_at, rating, duration_ms)`` of each card id, oldest first; skip
    answers the log already holds. One transaction per answer, as in a study session."""
    have = review_times(study.store, sorted(histories))
    added = skipped = 0
    for card_id, answers in histories.items():
        for at, rating, duration_ms in sorted(answers):
            if (card_id, at.replace(tzinfo=None)) in have or (card_id, at) in have:
                skipped += 1
                continue
            study.record(
                card_id,
                rating,
                answer=None,
                correct=None,
                duration_ms=duration_ms,
                lang="en",
                at=at,
            )
            added += 1
    return Replayed(added, skipped, len(histories))
