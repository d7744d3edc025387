"""Snapshots of every screen at 80x24 (fixed clock, seed and data; cursors do not blink).

Update after checking the pictures: ``pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from quizapp.grading.choice import key_for
from quizapp.store import Scheduling, Store
from quizapp.tui.app import StudyRequest
from quizapp.tui.screens.stats import StatsScreen
from quizapp.tui.screens.study import StudyScreen
from tests.tui.helpers import no_blink, ready, settle, validated, wait_for

SIZE = (80, 24)


def test_home(snap_compare: Any, make_app: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await ready(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


async def _study(pilot: Any, card_id: str) -> StudyScreen:
    """Wait for the session (opened on the card's own tag) to show ``card_id``."""
    app = pilot.app
    await wait_for(
        pilot,
        lambda: (
            isinstance(app.screen, StudyScreen)
            and app.screen.presented is not None
            and app.screen.view is not None
            and app.screen.view.is_mounted
            and app.focused is not None
        ),
    )
    screen: StudyScreen = app.screen  # type: ignore[assignment]
    assert screen.presented.card.id == card_id
    await settle(pilot)
    return screen


async def _flash(pilot: Any) -> None:
    await _study(pilot, "t.flash")
    await pilot.press("space")


async def _cloze(pilot: Any) -> None:
    await _study(pilot, "t.cloze")


async def _choice(pilot: Any) -> None:
    screen = await _study(pilot, "t.choice")
    p = screen.presented
    wrong = next(pos for pos, i in enumerate(p.order) if not p.card.options[i].correct)
    await pilot.press(key_for(wrong, len(p.order)))


async def _order(pilot: Any) -> None:
    await _study(pilot, "t.order")
    await pilot.press("down", "shift+up")


async def _numeric(pilot: Any) -> None:
    screen = await _study(pilot, "t.numeric")
    mistake = next(m for m in screen.presented.instance.mistakes if m.active)
    await pilot.press(*f"{mistake.value:.4f}", "enter")


async def _drill(pilot: Any) -> None:
    await _study(pilot, "t.drill")
    await pilot.press("ctrl+t")


STUDY_STATES = {
    "flashcard": _flash,
    "cloze": _cloze,
    "choice": _choice,
    "order": _order,
    "numeric": _numeric,
    "drill": _drill,
}
ONLY_TAG = {
    "flashcard": "recall",
    "cloze": "fill-in",
    "choice": "pick",
    "order": "procedure",
    "numeric": "calculation",
    "drill": "code",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", list(STUDY_STATES))
def test_study(snap_compare: Any, make_app: Any, kind: str, lang: str) -> None:
    async def run_before(pilot: Any) -> None:
        await STUDY_STATES[kind](pilot)
        await settle(pilot)
        no_blink(pilot.app)

    app = make_app(lang=lang, study=StudyRequest(tags=(ONLY_TAG[kind],)))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_browse(snap_compare: Any, make_app: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await ready(pilot)
        await pilot.press("b")
        await wait_for(pilot, lambda: bool(getattr(pilot.app.screen, "all_rows", None)))
        await pilot.press(*"loss")
        await settle(pilot)
        no_blink(pilot.app)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_stats(snap_compare: Any, make_app: Any, db: Store, clock: Any) -> None:
    now = clock()
    for days, card_id, rating in (
        (20, "t.flash", 3),
        (9, "t.cloze", 1),
        (9, "t.choice", 3),
        (3, "t.flash", 4),
        (1, "t.order", 3),
        (0, "t.choice", 2),
    ):
        when = now - timedelta(days=days, hours=1)
        state = Scheduling(card_id, 2, None, 2.0 + days, 5.0, when + timedelta(days=days + 2), when)
        db.record(
            state,
            rating=rating,
            reviewed_at=when,
            duration_ms=1000,
            answer=None,
            correct=None,
            lang="en",
        )

    assert db.review_count() == 6  # what the screen is drawn from

    async def run_before(pilot: Any) -> None:
        await ready(pilot)
        await pilot.press("i")
        await wait_for(
            pilot,
            lambda: (
                isinstance(pilot.app.screen, StatsScreen) and pilot.app.screen.report is not None
            ),
        )
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_add_card(snap_compare: Any, make_app: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await ready(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: pilot.app.screen.query("#add-problems"))
        await pilot.press(*"What is PCA?")
        await validated(pilot)
        await settle(pilot)
        no_blink(pilot.app)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_help(snap_compare: Any, make_app: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await ready(pilot)
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)
