"""The mock interview screen: start, answer every kind, tick points, quit and resume, report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, SelectionList, Static

from quizapp.store import Store
from quizapp.tui.screens.mock import MockDrillView, MockScreen
from tests.mock.conftest import MOCK_BANK, RIGHT_MSE, WRONG_MSE
from tests.tui.helpers import ready, settle, wait_for


@pytest.fixture
def mock_bank(tmp_path: Path) -> Path:
    path = tmp_path / "mock.yaml"
    path.write_text(MOCK_BANK, encoding="utf-8")
    return path


def shown(app: Any, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


def body(app: Any) -> str:
    return "\n".join(str(w.content) for w in app.screen.query("#mock-body Static"))


async def open_mock(pilot: Any) -> MockScreen:
    await ready(pilot)
    await pilot.press("m")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, MockScreen))
    await settle(pilot)
    return pilot.app.screen


async def test_round_every_kind_quit_resume_and_report(
    make_app: Any, mock_bank: Path, db: Store
) -> None:
    app = make_app(banks=[mock_bank])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_mock(pilot)
        # open question with key points first; the clock and the target are visible
        clock = shown(app, "#mock-clock")
        assert "1/4" in clock and "20:00 left" in clock and "aim 1:30" in clock
        assert "Why centre the data before PCA?" in body(app)
        assert "variance around the mean" not in body(app)  # no answer before the end

        await pilot.press(*"subtract the mean", "enter")
        await wait_for(pilot, lambda: screen.phase == "points")
        points = screen.query(".mock-points").last(SelectionList)
        assert points.option_count == 4
        await pilot.press("space", "down", "down", "space", "ctrl+s")  # points 1 and 3
        await wait_for(pilot, lambda: "2/4" in shown(app, "#mock-clock"))
        assert screen.mock.questions[0].score == 0.5
        assert db.review_count() == 1  # recorded as a review at once

        # open question without points: self-scored
        assert "What does MSE stand for?" in body(app)
        await pilot.press("enter")  # nothing typed
        await wait_for(pilot, lambda: screen.phase == "score")
        await pilot.press("down", "enter")  # 0.5
        await wait_for(pilot, lambda: "3/4" in shown(app, "#mock-clock"))

        # pause mid-round: the answers are kept
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, MockScreen))
        assert db.review_count() == 2

        # the next start offers to resume
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MockScreen))
        screen = app.screen
        await settle(pilot)
        assert "(2 of 4 answered)" in body(app)
        await pilot.press("enter")  # Resume it
        await wait_for(pilot, lambda: screen.phase == "question")
        assert "3/4" in shown(app, "#mock-clock") and "MSE of y =" in body(app)

        # numeric: a line that is not a number is refused, a number is taken
        answer = screen.query(".mock-answer").last(Input)
        answer.focus()
        await pilot.press(*"abc", "enter")
        await settle(pilot)
        assert "3/4" in shown(app, "#mock-clock") and shown(app, "#mock-status")
        answer.value = "12345"
        await pilot.press("enter")
        await wait_for(pilot, lambda: "4/4" in shown(app, "#mock-clock"))

        # drill: the study screen's editor; only the count of cases is shown
        view = screen.query_one(MockDrillView)
        view.set_code(WRONG_MSE)
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: view.result is not None, timeout=60)
        results = str(view.query_one(".results", Static).content)
        assert "cases pass" in results and "expected" not in results.lower()
        assert screen.phase == "question"
        view.set_code(RIGHT_MSE)
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: screen.phase == "report", timeout=60)

        # the report: per topic and kind, time vs target, weakest with answers, status
        report = str(screen.query_one("#mock-report", Static).content)
        assert "finished" in report and "By topic:" in report and "By kind:" in report
        assert "Your answer: 12345" in report
        assert "Mean squared error" in report  # the answer of a weak open question
        assert "✓ PCA finds directions" in report and "✗ Without centring" in report
        assert db.review_count() == 4


async def test_abandon_and_start_anew_and_pass(make_app: Any, mock_bank: Path, db: Store) -> None:
    app = make_app(banks=[mock_bank], lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_mock(pilot)
        assert "剩余 20:00" in shown(app, "#mock-clock")
        await pilot.press("ctrl+x")  # pass: score 0
        await wait_for(pilot, lambda: "2/4" in shown(app, "#mock-clock"))
        assert "已跳过" in shown(app, "#mock-status")
        first = screen.mock.id
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, MockScreen))
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MockScreen))
        screen = app.screen
        await settle(pilot)
        assert "已答 1/4" in body(app)
        await pilot.press("down", "enter")  # abandon it, start a new round
        await wait_for(pilot, lambda: screen.mock is not None and screen.mock.id != first)
        assert "1/4" in shown(app, "#mock-clock")
        assert screen.interviews.unfinished().id == screen.mock.id  # the old one is closed


async def test_mock_from_the_command_palette(make_app: Any, mock_bank: Path) -> None:
    app = make_app(banks=[mock_bank])
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Mock interview")
        await settle(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MockScreen))
        await settle(pilot)
        assert "1/4" in shown(app, "#mock-clock")
