"""The study engine: one queue, one grading dispatch, one way to record — for every front-end.

A session goes: :meth:`Study.next` presents a card -> the front-end collects an answer ->
:meth:`Study.check` grades it (no side effects) -> the user accepts or overrides the suggested
rating -> :meth:`Study.answer` (or :meth:`Study.record`) commits it in one transaction ->
:meth:`Study.undo` can take the last answer back exactly.

Drills have an attempt that lasts from the first look to the review it ends with, kept in the
store so every front-end (and every machine sharing the database) sees the same one:
:meth:`Study.start_drill` -> :meth:`Study.check_drill` (or :meth:`Study.grade_drill` in a worker,
then :meth:`Study.drill_checked`), :meth:`Study.drill_hint`, :meth:`Study.drill_solution` ->
:func:`drill_rating` suggests the rating -> :meth:`Study.answer`/:meth:`Study.record` ends it.

Queue order: cards due now (learning and review, earliest first), then new cards in bank order
(up to the daily new-card limit), then learning cards due within the next 20 minutes ("learn
ahead", as Anki does), all filtered by deck and tag, never suspended or buried ones.
"""

from __future__ import annotations

import hashlib
import random
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import fsrs

from quizapp.bank.loader import Library
from quizapp.bank.model import Card, Drill, Numeric, Text
from quizapp.grading.verdict import Verdict
from quizapp.rating import Rating
from quizapp.store import DrillAttempt, Scheduling, Store
from quizapp.store import UndoRefused as UndoRefused  # raised by Study.undo
from quizapp.store.errors import StoreError as StoreError  # the database failed (one line)
from quizapp.store.queue_hint import new_cards

if TYPE_CHECKING:
    from quizapp.grading.drill import DrillResult

__all__ = ["DrillAttempt", "Presented", "Progress", "Rating", "Recorded", "Study", "drill_rating"]

LEARN_AHEAD = timedelta(minutes=20)
SELF_RATED = ("flashcard",)
DRILL_STALE = timedelta(hours=6)  # an ended drill attempt older than this starts a new one
DRILL_MAX_DURATION = timedelta(hours=1)  # a drill left open overnight is not a 12-hour review


def suggested_rating(correct: bool | None) -> Rating | None:
    """Auto-graded kinds: right -> Good, wrong -> Again; self-rated: None (the user rates)."""
    return None if correct is None else (Rating.Good if correct else Rating.Again)


def drill_rating(attempt: DrillAttempt) -> Rating:
    """The rating a drill attempt earns if it ends now: the solution was seen or the last
    check failed -> Again; every case passed on the first check with no hint -> Good; passed
    after failed checks or hints -> Hard."""
    if attempt.solution_seen or not attempt.passed:
        return Rating.Again
    if attempt.first_check_passed and not attempt.hints:
        return Rating.Good
    return Rating.Hard


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
    rating: Rating
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


UNDO_REFUSED = Text(
    en="Cannot undo: this card was answered again since, in another session; both answers "
    "stay recorded.",
    zh="无法撤销：这张卡片之后在另一个会话中又被回答过，两次回答都会保留。",
)


def day_start(now: datetime, hour: int) -> datetime:
    """Start (UTC) of the study day containing ``now``; days start at ``hour`` local time
    (4 by default, as in Anki, so a late-night session counts for the evening's day)."""
    local = now.astimezone()
    start = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if start > local:
        start -= timedelta(days=1)
    return start.astimezone(UTC)


def _as_fsrs(card_id: str, stored: Scheduling | None, now: datetime) -> fsrs.Card:
    """The FSRS card for a stored state (None: a new card, due now)."""
    number = zlib.crc32(card_id.encode())
    if stored is None:
        return fsrs.Card(card_id=number, due=now)
    return fsrs.Card(
        card_id=number,
        state=fsrs.State(stored.state),
        step=stored.step,
        stability=stored.stability,
        difficulty=stored.difficulty,
        due=stored.due,
        last_review=stored.last_review,
    )


class Study:
    """A study session over ``library`` with state in ``store``.

    ``decks``/``tags``/``kinds`` filter the cards (empty = all); ``limit`` caps how many cards this
    session presents; ``clock`` returns the current aware UTC time (tests pass a fake one);
    ``rng`` draws presentation seeds.
    """

    def __init__(
        self,
        store: Store,
        library: Library,
        *,
        decks: Iterable[str] = (),
        tags: Iterable[str] = (),
        kinds: Iterable[str] = (),
        limit: int | None = None,
        clock: Callable[[], datetime] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.store = store
        self.library = library
        self.decks = frozenset(decks)
        self.tags = frozenset(tags)
        self.kinds = frozenset(kinds)
        self.limit = limit
        self.clock = clock or (lambda: datetime.now(UTC))
        self.rng = rng or random.Random()
        self.settings = store.settings()
        self.scheduler = self._scheduler(fuzz=True)
        self._preview_scheduler = self._scheduler(fuzz=False)
        from quizapp.plan.pacing import Pacing  # the plan imports this module

        self.pacing = Pacing.load(store, library, self.settings)  # None: no interview plan
        self._queue: list[str] = []
        self._queued_new: set[str] = set()
        self._skipped: list[str] = []
        self._undo: list[Recorded] = []
        self.done = 0

    def _scheduler(self, *, fuzz: bool) -> fsrs.Scheduler:
        from quizapp.plan.pacing import make_scheduler  # the plan imports this module

        return make_scheduler(self.settings, fuzz=fuzz)

    # --- the queue ------------------------------------------------------------------------

    def matches(self, card: Card) -> bool:
        """True if ``card`` passes the session's deck, tag and kind filters."""
        return (
            (not self.decks or card.deck in self.decks)
            and (not self.tags or bool(self.tags.intersection(card.tags)))
            and (not self.kinds or card.kind in self.kinds)
        )

    def day_start(self, now: datetime | None = None) -> datetime:
        """Start of the study day containing ``now`` (default: the clock's now)."""
        return day_start(now or self.clock(), int(self.settings["day_starts_at_hour"]))

    def _build_queue(self) -> None:
        """Fill the queue. The cost follows what is shown, not the size of the history: due
        cards are read page by page from the due index, new cards are found from the store's
        queue hint and the few ids after it (see :meth:`_new_cards`)."""
        now = self.clock()
        start = self.day_start(now)
        new_done, reviews_done = self.store.counts_between(start, start + timedelta(days=1))
        review_budget = max(0, int(self.settings["reviews_per_day"]) - reviews_done)
        due = self._due_cards(now, review_budget)
        planned = self.pacing.new_today(self.store, now) if self.pacing else None
        if planned is not None:  # an interview plan sets today's new cards, whatever the limit
            new = [cid for cid in planned if self._usable(cid)]
        else:
            new_budget = max(0, int(self.settings["new_per_day"]) - new_done)
            new = self._new_cards(now, new_budget) if new_budget else []
        ahead: list[str] = []
        if not due and not new:
            ahead = [cid for cid, _ in self.store.due_ids(now + LEARN_AHEAD) if self._usable(cid)]
        self._queue = due + new + ahead
        self._queued_new = set(new)
        if not self._queue and self._skipped:  # only skipped cards are left: show them again
            self._queue, self._skipped = self._skipped, []

    def _usable(self, card_id: str) -> bool:
        card = self.library.cards.get(card_id)
        return card is not None and self.matches(card) and card_id not in self._skipped

    def _due_cards(self, now: datetime, budget: int) -> list[str]:
        """The first ``budget`` usable cards due at ``now``, earliest first."""
        due: list[str] = []
        offset, page = 0, budget + len(self._skipped) + 16
        while len(due) < budget:
            rows = self.store.due_card_ids(now, page, offset=offset)
            due += [cid for cid in rows if self._usable(cid)]
            if len(rows) < page:
                break
            offset, page = offset + page, min(page * 2, 10_000)
        return due[:budget]

    def _new_cards(self, now: datetime, budget: int) -> list[str]:
        """The first ``budget`` new cards in introduction order that pass the filters and are
        neither suspended, buried nor skipped ("new": no stored state; found from the store's
        queue hint, see :func:`quizapp.store.queue_hint.new_cards`)."""
        return new_cards(self.store, self.library, now, budget, self._usable)

    def next(self) -> Presented | None:
        """The next card to show, or None when the session is over."""
        if self.limit is not None and self.done >= self.limit:
            return None
        if not self._queue:
            self._build_queue()
        if not self._queue:
            return None
        card_id = self._queue.pop(0)
        if card_id in self._queued_new:  # another session may have introduced cards since
            if self.store.scheduling(card_id) is not None:
                self._queued_new.discard(card_id)  # introduced elsewhere: not new any more
                return self.next()
            if self._new_limit_reached():
                self._queue = [c for c in self._queue if c not in self._queued_new]
                self._queued_new.clear()
                return self.next()
        return self.present(self.library.cards[card_id], is_new=card_id in self._queued_new)

    def _new_limit_reached(self) -> bool:
        """True when today's new cards, counted in the database, already reach the daily
        limit: another session may have introduced some since this queue was built, and the
        limit holds across sessions. An interview plan sets its own count (no check)."""
        if self.pacing is not None:
            return False
        start = self.day_start()
        new_done, _ = self.store.counts_between(start, start + timedelta(days=1))
        return new_done >= int(self.settings["new_per_day"])

    def present(self, card: Card, *, seed: int | None = None, is_new: bool = False) -> Presented:
        """Present ``card`` (also used to show one card outside the queue)."""
        seed = self.rng.randrange(2**31) if seed is None else seed
        order: tuple[int, ...] = ()
        count = {
            "choice": len(getattr(card, "options", ())),
            "order": len(getattr(card, "steps", ())),
        }.get(card.kind, 0)
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
                return Verdict(
                    correct=None,
                    expected=card.back,  # type: ignore[attr-defined]
                    record="",
                )
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

            card = presented.card
            if not isinstance(card, Numeric):
                raise ValueError(f"{card.kind} cards have no numeric instance")
            presented.instance = numeric.instantiate(card, presented.seed)
        return presented.instance

    # --- scheduling -----------------------------------------------------------------------

    def _fsrs_card(self, card_id: str, now: datetime) -> fsrs.Card:
        return _as_fsrs(card_id, self.store.scheduling(card_id), now)

    def preview(self, card_id: str) -> dict[Rating, timedelta]:
        """The interval each rating would give now (without fuzz), for the rating buttons."""
        now = self.clock()
        card = self._fsrs_card(card_id, now)
        return {
            r: self._preview_scheduler.review_card(card, fsrs.Rating(r), now)[0].due - now
            for r in Rating
        }

    def record(
        self,
        card_id: str,
        rating: Rating | int,
        *,
        answer: str | None,
        correct: bool | None,
        duration_ms: int | None,
        lang: str,
        seed: int | None = None,
        at: datetime | None = None,
    ) -> Recorded:
        """Schedule and commit one answer; when this returns, it is in the database (a drill's
        open attempt ends with it). ``rating`` is a :class:`Rating` (or its number, 1..4).
        ``at`` records an answer given earlier (an imported history, replayed oldest first);
        by default the answer is given now."""
        if rating not in set(Rating):
            raise ValueError(f"rating must be 1..4, got {rating}")
        rating = Rating(rating)
        now = at or self.clock()
        scheduled: list[Scheduling] = []

        def schedule(stored: Scheduling | None) -> Scheduling:  # in the store's transaction
            card, _ = self.scheduler.review_card(
                _as_fsrs(card_id, stored, now), fsrs.Rating(rating), now
            )
            if self.pacing is not None:  # no interval runs past the interview
                card = self.pacing.cap(card_id, card, now)
            scheduled.append(
                Scheduling(
                    card_id,
                    int(card.state),
                    card.step,
                    card.stability,
                    card.difficulty,
                    card.due,
                    card.last_review,
                )
            )
            return scheduled[-1]

        log_id = self.store.record_review(
            card_id,
            schedule,
            rating=rating,
            reviewed_at=now,
            duration_ms=duration_ms,
            answer=answer,
            correct=correct,
            lang=lang,
            seed=seed,
        )
        recorded = Recorded(
            log_id, card_id, rating, scheduled[-1].due, answer, correct, duration_ms, lang, seed
        )
        self._undo.append(recorded)
        self.done += 1
        return recorded

    def answer(
        self,
        presented: Presented,
        rating: Rating | int,
        verdict: Verdict | None = None,
        *,
        lang: str = "en",
    ) -> Recorded:
        """Record the answer to ``presented`` with the verdict :meth:`check` gave (a drill's
        duration is its attempt's, see :meth:`drill_duration_ms`)."""
        card = presented.card
        duration = presented.elapsed_ms()
        if card.kind == "drill":
            duration = self.drill_duration_ms(self.start_drill(card.id, fresh=False))
        return self.record(
            presented.card.id,
            rating,
            answer=verdict.record if verdict else None,
            correct=verdict.correct if verdict else None,
            duration_ms=duration,
            lang=lang,
            seed=presented.seed if presented.card.kind in ("numeric", "drill") else None,
        )

    def undo(self) -> str | None:
        """Take back the last answer of this session: the card's state is restored and its log
        row deleted; the card comes next again. Returns its id, None if nothing to undo.
        Raises :class:`UndoRefused` (say :data:`UNDO_REFUSED`) when the card was answered
        again since, in another session: both answers then stay recorded."""
        if not self._undo:
            return None
        last = self._undo.pop()
        card_id = self.store.undo(last.log_id)  # UndoRefused: answered again elsewhere since
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

    def rerate(self, rating: Rating | int) -> Recorded | None:
        """Change the rating of the last answer: undo it and record it again with ``rating``
        (same answer, duration and seed). None if there is nothing to change."""
        last = self.last
        if last is None:
            return None
        self.undo()
        self._queue.remove(last.card_id)
        return self.record(
            last.card_id,
            rating,
            answer=last.answer,
            correct=last.correct,
            duration_ms=last.duration_ms,
            lang=last.lang,
            seed=last.seed,
        )

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

    def flagged(self, card_id: str) -> bool:
        """True if the card is flagged."""
        mark = self.store.marks().get(card_id)
        return bool(mark and mark.flagged)

    def _drop(self, card_id: str) -> None:
        self._queue = [cid for cid in self._queue if cid != card_id]

    # --- drill attempts -------------------------------------------------------------------

    def start_drill(self, card_id: str, *, fresh: bool = True) -> DrillAttempt:
        """The attempt at drill ``card_id``: the stored one while it is open, else a new one.
        An ended attempt is kept (so a check right after it says it was recorded) unless
        ``fresh`` (showing the drill again) or it started over :data:`DRILL_STALE` ago. A new
        attempt is stored at once: every front-end sees it from now on."""
        now = self.clock()
        stored = self.store.drill_attempt(card_id)
        if stored is not None and not (
            stored.recorded and (fresh or now - stored.started_at > DRILL_STALE)
        ):
            return stored
        attempt = DrillAttempt(card_id, now)
        self.store.save_drill_attempt(attempt)
        return attempt

    @staticmethod
    def grade_drill(
        card: Drill, code: str, *, seed: int | None = None, filename: str | None = None
    ) -> DrillResult:
        """Run ``code`` on the drill's cases in the sandbox (nothing is stored: safe in a worker
        thread; :meth:`drill_checked` counts the check)."""
        from quizapp.grading.drill import grade

        return grade(card, code, seed=seed, filename=filename)

    def drill_checked(self, card_id: str, code: str, result: DrillResult) -> DrillAttempt:
        """Count one graded check of ``code`` in the open attempt and keep the code. A broken
        drill (``error``) is no check, and an ended attempt counts no more checks."""
        self.store.save_drill_code(card_id, code)
        attempt = self.start_drill(card_id, fresh=False)
        if attempt.recorded or result.status == "error":
            return attempt
        attempt = replace(
            attempt,
            checks=attempt.checks + 1,
            failed_checks=attempt.failed_checks + (not result.passed),
            first_check_passed=(
                result.passed if attempt.first_check_passed is None else attempt.first_check_passed
            ),
            passed=result.passed,
            code_hash=hashlib.sha256(code.encode()).hexdigest(),
        )
        self.store.save_drill_attempt(attempt)
        return attempt

    def check_drill(
        self, card: Drill, code: str, *, seed: int | None = None, filename: str | None = None
    ) -> tuple[DrillResult, DrillAttempt]:
        """:meth:`grade_drill` then :meth:`drill_checked`: the result and the attempt after it."""
        result = self.grade_drill(card, code, seed=seed, filename=filename)
        return result, self.drill_checked(card.id, code, result)

    def drill_hint(self, card: Drill) -> tuple[int, Text] | None:
        """The next hint of the open attempt, counted in it: ``(its number from 1, text)``;
        None when every hint was shown."""
        attempt = self.start_drill(card.id, fresh=False)
        if attempt.hints >= len(card.hints):
            return None
        self.store.save_drill_attempt(replace(attempt, hints=attempt.hints + 1))
        return attempt.hints + 1, card.hints[attempt.hints]

    def drill_solution(self, card: Drill) -> tuple[str, DrillAttempt]:
        """The reference solution; the attempt notes it was seen (its rating is Again from now
        on)."""
        from quizapp.grading.drill import reference_code

        attempt = replace(self.start_drill(card.id, fresh=False), solution_seen=True)
        self.store.save_drill_attempt(attempt)
        return reference_code(card), attempt

    def drill_duration_ms(self, attempt: DrillAttempt) -> int:
        """Time since ``attempt`` started, capped at :data:`DRILL_MAX_DURATION`."""
        elapsed = min(self.clock() - attempt.started_at, DRILL_MAX_DURATION)
        return max(0, int(elapsed.total_seconds() * 1000))

    def drill_code(self, card_id: str) -> str | None:
        """The user's latest code for a drill (None: never saved; start from the starter)."""
        return self.store.load_drill_code(card_id)

    def save_drill_code(self, card_id: str, code: str) -> None:
        """Keep the user's code for a drill (an editor saves on a pause in typing)."""
        self.store.save_drill_code(card_id, code)
