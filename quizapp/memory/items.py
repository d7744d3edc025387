"""Review histories → FSRS training items, as fsrs-rs and Anki build them.

A card's history is its answers in time order. Time is counted in study days (a day starts at
``day_start_hour`` local time, as the study engine counts them): ``delta_t`` of a review is the
number of day boundaries since the previous review, 0 for the first. Every review after the first
gives one item holding the history up to and including it (the last review is the one the
model predicts); items whose last review came on the same day as the one before are left out,
as Anki leaves them out of training (same-day steps are short-term memory).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer in a card's history: when (aware), and the rating 1–4."""

    at: datetime
    rating: int


@dataclass(frozen=True, slots=True)
class TrainingItem:
    """One FSRS item: ``reviews`` as (rating, delta_t days) pairs, and when its last review
    happened (items are split into train/test folds by that time)."""

    at: datetime
    reviews: tuple[tuple[int, int], ...]


def study_day(at: datetime, day_start_hour: int) -> int:
    """The study day number of ``at``: days since the epoch, with days starting at
    ``day_start_hour`` local time."""
    local = at.astimezone() - timedelta(hours=day_start_hour)
    return local.date().toordinal()


def training_items(
    histories: Mapping[str, Sequence[Answer]], day_start_hour: int = 4
) -> list[TrainingItem]:
    """Every card's training items, ordered by the time of their last review."""
    out: list[TrainingItem] = []
    for answers in histories.values():
        ordered = sorted(answers, key=lambda a: a.at)
        days = [study_day(a.at, day_start_hour) for a in ordered]
        pairs = [(a.rating, 0 if i == 0 else days[i] - days[i - 1]) for i, a in enumerate(ordered)]
        for i in range(1, len(pairs)):
            if pairs[i][1] > 0:
                out.append(TrainingItem(ordered[i].at, tuple(pairs[: i + 1])))
    out.sort(key=lambda item: item.at)
    return out


def group_by_card(rows: Iterable[tuple[str, datetime, int]]) -> dict[str, list[Answer]]:
    """``(card_id, reviewed_at, rating)`` rows → each card's answers."""
    histories: dict[str, list[Answer]] = {}
    for card_id, at, rating in rows:
        histories.setdefault(card_id, []).append(Answer(at, rating))
    return histories
