"""A mock round being asked: the engine every front-end drives (no printing here).

``MockRound.start`` picks and stores the questions; ``MockRound.resume`` reopens a round that
was interrupted. :meth:`MockRound.ask` gives the next unanswered question and starts its clock;
the front-end collects the answer and calls one of the ``answer_*`` methods, which score it,
record it as a review through :class:`quizapp.study.Study` (so the scheduler learns from it)
and store it in the round, in that order. Nothing is shown to the user about an answer's
correctness until the round ends (:mod:`quizapp.mock.report`).

Scores are 0..1: an open question with key points scores the share of points the user ticks,
one without points is self-scored 0, 0.5 or 1; a numeric question is right (1) or wrong (0); a
drill scores the share of its cases the last check passed. Reviews are rated from the score
(:func:`rating_for`); a drill is rated as in study (:func:`quizapp.study.drill_rating`).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from quizapp.bank.loader import Library
from quizapp.bank.model import Card, Drill, Flashcard
from quizapp.grading.drill import DrillResult
from quizapp.mock.report import RoundReport, build_report
from quizapp.mock.selection import select_questions
from quizapp.store import Store
from quizapp.store import rounds as stored
from quizapp.store.rounds import MockQuestion, MockRoundRecord
from quizapp.study import Presented, Rating, Study, drill_rating

SELF_SCORES = (0.0, 0.5, 1.0)


class RoundError(ValueError):
    """A round that cannot be started or resumed (no cards, unknown or ended round)."""


def rating_for(score: float) -> Rating:
    """The review rating of a scored answer: at least 3/4 Good, at least 2/5 Hard, else Again."""
    if score >= 0.75:
        return Rating.Good
    return Rating.Hard if score >= 0.4 else Rating.Again


@dataclass(frozen=True, slots=True)
class Asked:
    """The question being asked: ``number`` of ``total`` (from 1), its card as presented (the
    seed fixes numeric inputs and drill cases), and the round's seconds left when it was shown."""

    question: MockQuestion
    card: Card
    presented: Presented
    number: int
    total: int
    seconds_left: float
    shown_at: datetime


class MockRound:
    """One stored round over ``library``; ``clock`` returns the current aware UTC time."""

    def __init__(
        self,
        store: Store,
        library: Library,
        record: MockRoundRecord,
        *,
        clock: Callable[[], datetime],
    ) -> None:
        self.store = store
        self.library = library
        self.record = record
        self.clock = clock
        self.study = Study(store, library, clock=clock)
        self._drill_results: dict[int, DrillResult] = {}

    @classmethod
    def start(
        cls,
        store: Store,
        library: Library,
        *,
        minutes: int,
        decks: Sequence[str] = (),
        lang: str = "en",
        clock: Callable[[], datetime],
        rng: random.Random | None = None,
    ) -> MockRound:
        """Pick the questions of a new round, store it (open) and return it."""
        questions = select_questions(
            library,
            minutes=minutes,
            decks=decks,
            suspended=store.suspended_ids(),
            rng=rng or random.Random(),
        )
        if not questions:
            raise RoundError("no flashcard, numeric or drill card in these decks")
        round_id = stored.create_round(
            store, started_at=clock(), minutes=minutes, lang=lang, decks=decks, questions=questions
        )
        return cls.resume(store, library, round_id, clock=clock)

    @classmethod
    def resume(
        cls, store: Store, library: Library, round_id: int, *, clock: Callable[[], datetime]
    ) -> MockRound:
        """Reopen round ``round_id``, which must still be open."""
        record = stored.load_round(store, round_id)
        if record is None:
            raise RoundError(f"no mock round {round_id}")
        if record.status != stored.OPEN:
            raise RoundError(f"mock round {round_id} is {record.status}")
        return cls(store, library, record, clock=clock)

    # --- state ----------------------------------------------------------------------------

    @property
    def id(self) -> int:
        return self.record.id

    @property
    def lang(self) -> str:
        return self.record.lang

    @property
    def questions(self) -> tuple[MockQuestion, ...]:
        return self.record.questions

    @property
    def answered(self) -> int:
        return sum(q.answered for q in self.questions)

    def seconds_used(self) -> float:
        """Time spent on answered questions (so a resumed round goes on where it stopped)."""
        return sum(q.seconds or 0.0 for q in self.questions)

    def seconds_left(self, asked: Asked | None = None) -> float:
        """The round's time left, the question being asked included."""
        current = (self.clock() - asked.shown_at).total_seconds() if asked else 0.0
        return self.record.minutes * 60 - self.seconds_used() - current

    # --- asking ---------------------------------------------------------------------------

    def ask(self) -> Asked | None:
        """The next unanswered question (its time starts now), None when all are answered.
        A question whose card left the library is skipped (it scores nothing)."""
        for question in self.questions:
            if question.answered:
                continue
            card = self.library.cards.get(question.card_id)
            if card is None:
                continue
            if isinstance(card, Drill):
                self.study.start_drill(card.id)
            presented = self.study.present(card, seed=question.seed)
            return Asked(
                question,
                card,
                presented,
                question.position + 1,
                len(self.questions),
                self.seconds_left(),
                self.clock(),
            )
        return None

    def answer_open(
        self,
        asked: Asked,
        *,
        covered: Sequence[int] = (),
        self_score: float | None = None,
        text: str | None = None,
    ) -> float:
        """Score an open question: the share of its key points ``covered`` (indexes), or for a
        card without points the ``self_score`` (0, 0.5 or 1). ``text`` is what the user typed."""
        card = asked.card
        assert isinstance(card, Flashcard)
        points: tuple[int, ...] | None = None
        if card.points:
            points = tuple(sorted({i for i in covered if 0 <= i < len(card.points)}))
            score = len(points) / len(card.points)
        elif self_score in SELF_SCORES:
            score = float(self_score or 0.0)
        else:
            raise ValueError("a flashcard without key points is self-scored 0, 0.5 or 1")
        return self._commit(asked, score, rating_for(score), text, None, points)

    def answer_numeric(self, asked: Asked, text: str) -> float:
        """Grade a numeric answer (raises :class:`~quizapp.grading.verdict.AnswerError` for a
        line that is not a number: ask again)."""
        verdict = self.study.check(asked.presented, text)
        score = 1.0 if verdict.correct else 0.0
        return self._commit(asked, score, rating_for(score), verdict.record, verdict.correct)

    def check_drill(self, asked: Asked, code: str) -> DrillResult:
        """Run one check of the drill (counted in its attempt); the question stays open."""
        assert isinstance(asked.card, Drill)
        result, _ = self.study.check_drill(asked.card, code, seed=asked.presented.seed)
        self._drill_results[asked.question.position] = result
        return result

    def answer_drill(self, asked: Asked) -> float:
        """End the drill with its last check: score the share of cases passed."""
        assert isinstance(asked.card, Drill)
        result = self._drill_results.get(asked.question.position)
        ok, total = result.counts if result is not None else (0, 0)
        score = 1.0 if result is not None and result.passed else (ok / total if total else 0.0)
        attempt = self.study.start_drill(asked.card.id, fresh=False)
        code = self.study.drill_code(asked.card.id)
        passed = bool(result and result.passed)
        return self._commit(asked, score, drill_rating(attempt), code, passed)

    def pass_question(self, asked: Asked) -> float:
        """The user does not know: score 0, recorded as Again."""
        return self._commit(
            asked, 0.0, Rating.Again, None, False if asked.card.kind != "flashcard" else None
        )

    def _commit(
        self,
        asked: Asked,
        score: float,
        rating: Rating,
        answer: str | None,
        correct: bool | None,
        points: tuple[int, ...] | None = None,
    ) -> float:
        now = self.clock()
        seconds = max(0.0, (now - asked.shown_at).total_seconds())
        question = asked.question
        recorded = self.study.record(
            question.card_id,
            rating,
            answer=answer,
            correct=correct,
            duration_ms=int(seconds * 1000),
            lang=self.lang,
            seed=question.seed if question.kind in ("numeric", "drill") else None,
        )
        stored.save_answer(
            self.store,
            self.id,
            question.position,
            answered_at=now,
            seconds=seconds,
            score=score,
            points=points,
            answer=answer,
            log_id=recorded.log_id,
        )
        done = replace(
            question,
            answered_at=now,
            seconds=seconds,
            score=score,
            points=points,
            answer=answer,
            log_id=recorded.log_id,
        )
        self.record = replace(
            self.record,
            questions=tuple(done if q.position == question.position else q for q in self.questions),
        )
        return score

    # --- ending ---------------------------------------------------------------------------

    def score(self) -> float:
        """The round's score: the mean over its questions, unanswered ones counting 0."""
        qs = self.questions
        return sum(q.score or 0.0 for q in qs) / len(qs) if qs else 0.0

    def finish(self) -> None:
        """End the round (questions not reached count 0)."""
        self._end(stored.FINISHED)

    def abandon(self) -> None:
        """Give the round up: it is kept, marked abandoned, and left out of comparisons."""
        self._end(stored.ABANDONED)

    def _end(self, status: str) -> None:
        now = self.clock()
        stored.end_round(self.store, self.id, status=status, ended_at=now, score=self.score())
        self.record = replace(self.record, status=status, ended_at=now, score=self.score())


class Interviews:
    """The mock rounds of one store, as a front-end sees them: find the interrupted round,
    start, resume or abandon one, and sum one up (front-ends never touch the store)."""

    def __init__(
        self, store: Store, library: Library, *, clock: Callable[[], datetime] | None = None
    ) -> None:
        self.store = store
        self.library = library
        self.clock = clock or (lambda: datetime.now(UTC))

    def unfinished(self) -> MockRoundRecord | None:
        """The latest round still open (interrupted), None if none."""
        round_id = stored.latest_open_round(self.store)
        return stored.load_round(self.store, round_id) if round_id is not None else None

    def start(
        self,
        *,
        minutes: int,
        decks: Sequence[str] = (),
        lang: str = "en",
        rng: random.Random | None = None,
    ) -> MockRound:
        """A new round (see :meth:`MockRound.start`)."""
        return MockRound.start(
            self.store,
            self.library,
            minutes=minutes,
            decks=decks,
            lang=lang,
            clock=self.clock,
            rng=rng,
        )

    def resume(self, round_id: int) -> MockRound:
        """Reopen an open round (see :meth:`MockRound.resume`)."""
        return MockRound.resume(self.store, self.library, round_id, clock=self.clock)

    def abandon(self, record: MockRoundRecord) -> None:
        """Mark a stored round abandoned."""
        MockRound(self.store, self.library, record, clock=self.clock).abandon()

    def report(self, mock: MockRound) -> RoundReport:
        """The report of ``mock`` as it stands (see :mod:`quizapp.mock.report`)."""
        return build_report(self.store, self.library, mock.record)
