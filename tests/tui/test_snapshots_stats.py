"""Snapshots of the Stats screen with a known history (young and mature reviews, lapses, a
learning step) at 80x24 and 120x40 in English and Chinese, scrolled to show its figures.

Update after checking the pictures:
``pytest tests/tui/test_snapshots_stats.py --snapshot-update``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from quizapp.store import Scheduling, Store
from quizapp.tui.screens.stats import StatsScreen
from tests.tui.helpers import ready, settle, wait_for

HISTORY = (  # days ago, card, state before, stability/interval before (days), rating
    (40, "t.flash", 2, 3.0, 3),
    (25, "t.cloze", 2, 25.0, 1),
    (9, "t.choice", 2, 8.0, 3),
    (6, "t.order", 2, 30.0, 4),
    (3, "t.flash", 2, 12.0, 3),
    (1, "t.cloze", 3, 1.0, 3),
    (0, "t.choice", 2, 9.0, 1),
    (0, "t.order", 2, 40.0, 3),
)


def fill(db: Store, now: Any) -> None:
    """Each review answers a card put in the given state ``interval`` days earlier."""
    for days, card_id, state, interval, rating in HISTORY:
        at = now - timedelta(days=days, hours=1)
        last = at - timedelta(days=interval)
        before = Scheduling(card_id, state, None, interval, 5.0, last + timedelta(interval), last)
        for when, r in ((last, 3), (at, rating)):
            db.record(
                before,
                rating=r,
                reviewed_at=when,
                duration_ms=90_000,
                answer=None,
                correct=None,
                lang="en",
            )


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_stats_figures(
    snap_compare: Any, make_app: Any, db: Store, clock: Any, lang: str, size: tuple[int, int]
) -> None:
    fill(db, clock())

    async def run_before(pilot: Any) -> None:
        await ready(pilot)
        await pilot.press("i")
        await wait_for(
            pilot,
            lambda: (
                isinstance(pilot.app.screen, StatsScreen) and pilot.app.screen.report is not None
            ),
        )
        pilot.app.screen.query_one("#sec-minutes").scroll_visible(top=True, animate=False)
        await settle(pilot)

    assert snap_compare(make_app(lang=lang), terminal_size=size, run_before=run_before)
