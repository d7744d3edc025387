"""Mock rounds: selection, the engine (scores, reviews, resume, abandon), the report, line mode."""

from __future__ import annotations

import io
import random
import sqlite3
from pathlib import Path

import pytest

from quizapp.bank.loader import Library, load_library
from quizapp.grading.verdict import AnswerError
from quizapp.mock.plain_round import PlainRound
from quizapp.mock.report import build_report
from quizapp.mock.selection import TARGET_SECONDS, select_questions
from quizapp.mock.session import Interviews, MockRound, RoundError
from quizapp.store import Store
from quizapp.store.rounds import latest_open_round, load_round, round_counts
from quizapp.study import Rating
from tests.conftest import FakeClock


def test_a_round_mixes_topics_open_questions_first_then_one_numeric_and_one_drill() -> None:
    library = load_library(include_user=False)
    questions = select_questions(library, minutes=20, rng=random.Random(3))
    kinds = [q.kind for q in questions]
    assert kinds[-2:] == ["numeric", "drill"] and set(kinds[:-2]) == {"flashcard"}
    assert len({q.deck for q in questions if q.kind == "flashcard"}) == len(library.decks)
    assert questions[-2].deck != questions[-1].deck
    assert sum(q.target_seconds for q in questions) <= 20 * 60
    short = select_questions(library, minutes=5, decks=["pca"], rng=random.Random(3))
    assert {q.kind for q in short} == {"flashcard"} and {q.deck for q in short} == {"pca"}
    assert len(short) == 5 * 60 // TARGET_SECONDS["flashcard"]


def start(store: Store, library: Library, clock: FakeClock) -> MockRound:
    return MockRound.start(store, library, minutes=20, lang="en", clock=clock, rng=random.Random(1))


def test_scores_reviews_resume_and_report(
    store: Store, mock_library: Library, code_files: tuple[Path, Path], clock: FakeClock
) -> None:
    right, wrong = code_files
    mock = start(store, mock_library, clock)
    assert [q.card_id for q in mock.questions] == ["t.points", "t.flash", "t.numeric", "t.drill"]

    asked = mock.ask()
    assert asked is not None and asked.card.id == "t.points" and asked.seconds_left == 1200
    clock.advance(seconds=100)  # 10 s over the 90 s target
    assert mock.answer_open(asked, covered=[0, 2], text="variance about the mean") == 0.5
    asked = mock.ask()
    assert asked is not None and asked.card.id == "t.flash"
    with pytest.raises(ValueError, match="self-scored"):
        mock.answer_open(asked, self_score=0.7)
    clock.advance(seconds=40)
    assert mock.answer_open(asked, self_score=1) == 1.0

    # interrupted: a new process resumes where it stopped, with the time used so far
    assert latest_open_round(store) == mock.id
    mock = MockRound.resume(store, mock_library, mock.id, clock=clock)
    asked = mock.ask()
    assert asked is not None and asked.card.id == "t.numeric" and asked.seconds_left == 1060
    with pytest.raises(AnswerError):
        mock.answer_numeric(asked, "not a number")
    clock.advance(seconds=60)
    assert mock.answer_numeric(asked, "12345") == 0.0
    asked = mock.ask()
    assert asked is not None and asked.card.id == "t.drill"
    assert not mock.check_drill(asked, wrong.read_text()).passed
    assert mock.check_drill(asked, right.read_text()).passed
    clock.advance(seconds=300)
    assert mock.answer_drill(asked) == 1.0
    assert mock.ask() is None
    mock.finish()

    # every outcome is a review the scheduler learns from
    logged = [(r.card_id, r.rating) for cid in mock_library.cards for r in store.history(cid)]
    assert sorted(logged) == sorted(
        [
            ("t.points", Rating.Hard),
            ("t.flash", Rating.Good),
            ("t.numeric", Rating.Again),
            ("t.drill", Rating.Hard),  # passed after a failed check, as in study
        ]
    )
    record = load_round(store, mock.id)
    assert record is not None and record.status == "finished"
    report = build_report(store, mock_library, record)
    assert report.score == pytest.approx((0.5 + 1 + 0 + 1) / 4)
    assert report.by_kind == {"flashcard": 0.75, "numeric": 0.0, "drill": 1.0}
    assert [q.seconds for q in report.questions] == [100, 40, 60, 300]
    weakest = [w.card.id for w in report.weakest]
    assert weakest == ["t.numeric", "t.points"]
    numeric = report.weakest[0]
    assert numeric.solution is not None and numeric.solution.en
    assert [covered for _, covered in report.weakest[1].points] == [True, False, True, False]
    assert report.earlier == () and report.change is None
    assert round_counts(store) == (1, report.score)

    # the next round is compared with this one; an abandoned round is not
    second = start(store, mock_library, clock)
    second.abandon()
    third = start(store, mock_library, clock)
    third.finish()  # nothing answered: 0
    record = load_round(store, third.id)
    assert record is not None
    later = build_report(store, mock_library, record)
    assert [e[0] for e in later.earlier] == [mock.id]
    assert later.change == pytest.approx(-report.score)
    with pytest.raises(RoundError, match="abandoned"):
        MockRound.resume(store, mock_library, second.id, clock=clock)


class TimedInput(io.StringIO):
    """Piped input whose every line takes ``seconds`` of the fake clock to type."""

    def __init__(self, text: str, clock: FakeClock, seconds: float = 30) -> None:
        super().__init__(text)
        self.clock, self.seconds = clock, seconds

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        self.clock.advance(seconds=self.seconds)
        return super().readline()


def run_round(store: Store, library: Library, clock: FakeClock, text: str) -> str:
    out = io.StringIO()
    interviews = Interviews(store, library, clock=clock)
    code = PlainRound(interviews, lang="en", stdin=TimedInput(text, clock), stdout=out).run(
        minutes=20, rng=random.Random(5)
    )
    assert code == 0
    return out.getvalue()


def test_plain_round_every_kind_quit_resume_and_report(
    store: Store, mock_library: Library, code_files: tuple[Path, Path], clock: FakeClock
) -> None:
    right, wrong = code_files
    first = run_round(store, mock_library, clock, "typed answer\n1 3\n\n7\n0.5\n:quit\n")
    assert "[1/4 · t · flashcard · 20:00 left · aim 1:30]" in first
    assert "Why centre the data before PCA?" in first
    assert "  4. Scale matters too when units differ" in first  # the points to tick
    assert "Type 0, 0.5 or 1." in first  # 7 is no self-score
    assert "Round paused: 2 of 4 answered and kept." in first
    for answer in ("Mean squared error", "around the mean"):  # no answer shown yet
        assert answer not in first

    second = run_round(store, mock_library, clock, f"r\nabc\n12345\n{wrong}\n{right}\n")
    assert "An unfinished round from" in second and "(2 of 4 answered)" in second
    report = second[second.index("Round 1 · finished") :]
    asked = second[: second.index("Round 1 · finished")]
    assert "[3/4 · t · numeric · 17:30 left · aim 3:00]" in asked  # 5 lines of 30 s so far
    assert "✗ " in asked and "✓ " in asked and "cases passed" in asked
    assert "Mean of the squared residuals." not in asked  # the worked solution waits
    assert "By kind:  flashcard 50% · numeric 0% · coding drill 100%" in report
    assert "score 50%" in report
    assert "Weakest questions, with answers:" in report
    assert "Mean of the squared residuals." in report
    assert "   ✓ PCA finds directions of largest variance about the mean" in report
    assert "   ✗ Without centring the first component points at the mean" in report
    assert "  3  t            numeric            0%  1:00 / 3:00" in report
    assert "   Your answer: 12345" in report

    third = run_round(store, mock_library, clock, ":abandon\n")
    assert "Round abandoned." in third
    with sqlite3.connect(Path(store.engine.url.database or "")) as db:
        rows = db.execute("SELECT id, status FROM mock_round ORDER BY id").fetchall()
        answers = db.execute("SELECT count(*) FROM mock_answer WHERE answered_at IS NOT NULL")
        assert rows == [(1, "finished"), (2, "abandoned")]
        assert answers.fetchone() == (4,)
