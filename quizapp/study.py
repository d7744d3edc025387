"""The study engine: one queue, one grading dispatch, one way to record — for every front-end.

A session goes: :meth:`Study.next` presents a card -> the front-end collects an answer ->
:meth:`Study.check` grades it (no side effects) -> the user accepts or overrides the suggested
rating -> :meth:`Study.answer` (or :meth:`Study.record`) commits it in one transaction ->
:meth:`Study.undo` can take the last answer back exactly.

Queue order: cards due now (learning and review, earliest first), then new cards in bank order
(up to the daily new-card limit), then learning cards due within the next 20 minutes ("learn
ahead", as Anki does), all filtered by deck and tag, never suspended or buried ones.
"""

from __future__ import annotations

import random
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import fsrs

from quizapp.bank.loader import Library
from quizapp.bank.model import Card, Text
from quizapp.grading.verdict import Verdict
from quizapp.store import Scheduling, Store

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATING_NAMES: dict[int, Text] = {
    AGAIN: Text(en="Again", zh="重来"),
    HARD: Text(en="Hard", zh="困难"),
    GOOD: Text(en="Good", zh="良好"),
    EASY: Text(en="Easy", zh="简单"),
}
LEARN_AHEAD = timedelta(minutes=20)
SELF_RATED = ("flashcard",)


def suggested_rating(correct: bool | None) -> int | None:
    """Auto-graded kinds: right -> Good, wrong -> Again; self-rated: None (the user rates)."""
    return None if correct is None else (GOOD if correct else AGAIN)


@dataclass
class Presented:
    """A card as shown this time: ``seed`` fixes its random parts (option order, numeric
    inputs), ``order`` is the shown order of choice options or order steps."""

    card: Card
    seed: int
    order: tuple[int, ...] = ()
    is_new: bool = False
    started: float = field(default_factory=time.monotonic)
    instance: Any = None  # the instantiated numeric question, built on first use

    def elapsed_ms(self) -> int:
        return int((time.monotonic() - self.started) * 1000)


@dataclass(frozen=True, slots=True)
class Recorded:
    """A committed answer: the review log row id, when the card is due next, and what was
    recorded (so the rating can be changed afterwards, see :meth:`Study.rerate`)."""

    log_id: int
    card_id: str
    rating: int
    due: datetime
    answer: str | None = None
    correct: bool | None = None
    duration_ms: int | None = None
    lang: str = "en"
    seed: int | None = None


@dataclass(frozen=True, slots=True)
class Progress:
    done: int  # answers recorded in this session
    due: int  # cards due now left in the queue
    new: int  # new cards left today (after the daily limit)


def day_start(now: datetime, hour: int) -> datetime:
    """Start (UTC) of the study day containing ``now``; days start at ``hour`` local time
    (4 by default, as in Anki, so a late-night session counts for the evening's day)."""
    local = now.astimezone()
    start = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if start > local:
        start -= timedelta(days=1)
    return start.astimezone(UTC)


def format_interval(delta: timedelta) -> str:
    """``45s``, ``10m``, ``3h``, ``4d``, ``2.5mo``, ``1.2y`` — compact, like Anki's buttons."""
    seconds = delta.total_seconds()
    if seconds < 60:
        return f"{max(0, round(seconds))}s"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


class Study:
    """A study session over ``library`` with state in ``store``.

    ``decks``/``tags`` filter the cards (empty = all); ``limit`` caps how many cards this
    session presents; ``clock`` returns the current aware UTC time (tests pass a fake one);
    ``rng`` draws presentation seeds.
    """

    def __init__(self, store: Store, library: Library, *, decks: Iterable[str] = (),
                 tags: Iterable[str] = (), limit: int | None = None,
                 clock: Callable[[], datetime] | None = None,
                 rng: random.Random | None = None) -> None:
        self.store = store
        self.library = library
        self.decks = frozenset(decks)
        self.tags = frozenset(tags)
        self.limit = limit
        self.clock = clock or (lambda: datetime.now(UTC))
        self.rng = rng or random.Random()
        self.settings = store.settings()
        self.scheduler = self._scheduler(fuzz=True)
        self._preview_scheduler = self._scheduler(fuzz=False)
        self._queue: list[str] = []
        self._queued_new: set[str] = set()
        self._skipped: list[str] = []
        self._undo: list[Recorded] = []
        self.done = 0

    def _scheduler(self, *, fuzz: bool) -> fsrs.Scheduler:
        s = self.settings
        return fsrs.Scheduler(
            desired_retention=float(s["desired_retention"]),
            learning_steps=[timedelta(minutes=m) for m in s["learning_steps_min"]],
            relearning_steps=[timedelta(minutes=m) for m in s["relearning_steps_min"]],
            enable_fuzzing=fuzz,
        )

    # --- the queue ------------------------------------------------------------------------

    def matches(self, card: Card) -> bool:
        """True if ``card`` passes the session's deck and tag filters."""
        return (not self.decks or card.deck in self.decks) and (
            not self.tags or bool(self.tags.intersection(card.tags)))

    def day_start(self, now: datetime | None = None) -> datetime:
        """Start of the study day containing ``now`` (default: the clock's now)."""
        return day_start(now or self.clock(), int(self.settings["day_starts_at_hour"]))

    def _build_queue(self) -> None:
        now = self.clock()
        start = self.day_start(now)
        new_done, reviews_done = self.store.counts_between(start, start + timedelta(days=1))
        marks = self.store.marks()
        cards = self.library.cards

        def usable(card_id: str) -> bool:
            card = cards.get(card_id)
            return card is not None and self.matches(card) and card_id not in self._skipped

        review_budget = max(0, int(self.settings["reviews_per_day"]) - reviews_done)
        due = [cid for cid, _ in self.store.due_ids(now) if usable(cid)][:review_budget]
        new_budget = max(0, int(self.settings["new_per_day"]) - new_done)
        new: list[str] = []
        if new_budget:
            reviewed = self.store.reviewed_ids()
            for card_id in cards:
                if len(new) >= new_budget:
                    break
                mark = marks.get(card_id)
                blocked = mark is not None and (mark.suspended or (
                    mark.buried_until is not None and mark.buried_until > now))
                if card_id not in reviewed and not blocked and usable(card_id):
                    new.append(card_id)
        ahead: list[str] = []
        if not due and not new:
            ahead = [cid for cid, _ in self.store.due_ids(now + LEARN_AHEAD) if usable(cid)]
        self._queue = due + new + ahead
        self._queued_new = set(new)
        if not self._queue and self._skipped:  # only skipped cards are left: show them again
            self._queue, self._skipped = self._skipped, []

    def next(self) -> Presented | None:
        """The next card to show, or None when the session is over."""
        if self.limit is not None and self.done >= self.limit:
            return None
        if not self._queue:
            self._build_queue()
        if not self._queue:
            return None
        card_id = self._queue.pop(0)
        return self.present(self.library.cards[card_id], is_new=card_id in self._queued_new)

    def present(self, card: Card, *, seed: int | None = None, is_new: bool = False) -> Presented:
        """Present ``card`` (also used to show one card outside the queue)."""
        seed = self.rng.randrange(2**31) if seed is None else seed
        order: tuple[int, ...] = ()
        count = {"choice": len(getattr(card, "options", ())),
                 "order": len(getattr(card, "steps", ()))}.get(card.kind, 0)
        if count:
            shuffled = list(range(count))
            if card.kind == "order" or getattr(card, "shuffle", True):
                random.Random(seed).shuffle(shuffled)
                if card.kind == "order" and shuffled == sorted(shuffled):
                    shuffled.reverse()  # never show the steps already in order
            order = tuple(shuffled)
        return Presented(card, seed, order, is_new)

    def progress(self) -> Progress:
        """Answers done in this session and what is left in the queue."""
        new = sum(1 for cid in self._queue if cid in self._queued_new)
        return Progress(self.done, len(self._queue) - new, new)

    # --- grading --------------------------------------------------------------------------

    def check(self, presented: Presented, answer: Any) -> Verdict:
        """Grade ``answer`` without recording it. Raises :class:`AnswerError` for input that is
        not an answer (it must not be recorded). Flashcards return ``correct=None``."""
        card = presented.card
        match card.kind:
            case "flashcard":
                return Verdict(correct=None, expected=card.back,  # type: ignore[attr-defined]
                               record="")
            case "cloze":
                from quizapp.grading import cloze

                return cloze.check(card, answer)  # type: ignore[arg-type]
            case "choice":
                from quizapp.grading import choice

                return choice.check(card, presented.order, answer)  # type: ignore[arg-type]
            case "order":
                from quizapp.grading import order

                return order.check(card, presented.order, answer)  # type: ignore[arg-type]
            case "numeric":
                from quizapp.grading import numeric

                return numeric.verdict(self.instance(presented), answer)
        raise ValueError(f"{card.kind} cards are graded by the drill grader")

    def instance(self, presented: Presented) -> Any:
        """The numeric question instantiated from the presentation's seed (cached)."""
        if presented.instance is None:
            from quizapp.grading import numeric

            presented.instance = numeric.instantiate(presented.card, presented.seed)
        return presented.instance

    # --- scheduling -----------------------------------------------------------------------

    def _fsrs_card(self, card_id: str, now: datetime) -> fsrs.Card:
        stored = self.store.scheduling(card_id)
        number = zlib.crc32(card_id.encode())
        if stored is None:
            return fsrs.Card(card_id=number, due=now)
        return fsrs.Card(card_id=number, state=fsrs.State(stored.state), step=stored.step,
                         stability=stored.stability, difficulty=stored.difficulty,
                         due=stored.due, last_review=stored.last_review)

    def preview(self, card_id: str) -> dict[int, timedelta]:
        """The interval each rating would give now (without fuzz), for the rating buttons."""
        now = self.clock()
        card = self._fsrs_card(card_id, now)
        return {r: self._preview_scheduler.review_card(card, fsrs.Rating(r), now)[0].due - now
                for r in RATING_NAMES}

    def record(self, card_id: str, rating: int, *, answer: str | None, correct: bool | None,
               duration_ms: int | None, lang: str, seed: int | None = None) -> Recorded:
        """Schedule and commit one answer; when this returns, it is in the database."""
        if rating not in RATING_NAMES:
            raise ValueError(f"rating must be 1..4, got {rating}")
        now = self.clock()
        card, _ = self.scheduler.review_card(self._fsrs_card(card_id, now), fsrs.Rating(rating),
                                             now)
        new = Scheduling(card_id, int(card.state), card.step, card.stability, card.difficulty,
                         card.due, card.last_review)
        log_id = self.store.record(new, rating=rating, reviewed_at=now, duration_ms=duration_ms,
                                   answer=answer, correct=correct, lang=lang, seed=seed)
        recorded = Recorded(log_id, card_id, rating, card.due, answer, correct, duration_ms,
                            lang, seed)
        self._undo.append(recorded)
        self.done += 1
        return recorded

    def answer(self, presented: Presented, rating: int, verdict: Verdict | None = None, *,
               lang: str = "en") -> Recorded:
        """Record the answer to ``presented`` with the verdict :meth:`check` gave."""
        return self.record(
            presented.card.id, rating,
            answer=verdict.record if verdict else None,
            correct=verdict.correct if verdict else None,
            duration_ms=presented.elapsed_ms(), lang=lang,
            seed=presented.seed if presented.card.kind in ("numeric", "drill") else None)

    def undo(self) -> str | None:
        """Take back the last answer of this session: the card's state is restored and its log
        row deleted; the card comes next again. Returns its id, None if nothing to undo."""
        if not self._undo:
            return None
        last = self._undo.pop()
        card_id = self.store.undo(last.log_id)
        self.done = max(0, self.done - 1)
        if card_id is not None and card_id in self.library.cards:
            self._queue.insert(0, card_id)
            if self.store.scheduling(card_id) is None:
                self._queued_new.add(card_id)
        return card_id

    @property
    def last(self) -> Recorded | None:
        """The last answer recorded in this session (still undoable), if any."""
        return self._undo[-1] if self._undo else None

    def rerate(self, rating: int) -> Recorded | None:
        """Change the rating of the last answer: undo it and record it again with ``rating``
        (same answer, duration and seed). None if there is nothing to change."""
        last = self.last
        if last is None:
            return None
        self.undo()
        self._queue.remove(last.card_id)
        return self.record(last.card_id, rating, answer=last.answer, correct=last.correct,
                           duration_ms=last.duration_ms, lang=last.lang, seed=last.seed)

    def requeue(self, card_id: str, position: int = 0) -> None:
        """Put a card back into this session's queue at ``position`` (0 = next)."""
        self._queue.insert(position, card_id)

    # --- skip, bury, suspend, flag --------------------------------------------------------

    def skip(self, card_id: str) -> None:
        """Leave the card for later in this session (nothing is recorded)."""
        self._skipped.append(card_id)

    def bury(self, card_id: str) -> None:
        """Hide the card until the next study day."""
        self.store.set_mark(card_id, buried_until=self.day_start() + timedelta(days=1))
        self._drop(card_id)

    def suspend(self, card_id: str, suspended: bool = True) -> None:
        """Take the card out of study until unsuspended."""
        self.store.set_mark(card_id, suspended=suspended)
        self._drop(card_id)

    def flag(self, card_id: str, flagged: bool = True) -> None:
        """Mark the card for attention (shown in Browse)."""
        self.store.set_mark(card_id, flagged=flagged)

    def _drop(self, card_id: str) -> None:
        self._queue = [cid for cid in self._queue if cid != card_id]
