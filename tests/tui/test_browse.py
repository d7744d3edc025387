"""Browse: search by text in either language and by filters, a card's details, orphaned ids."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from textual.widgets import DataTable, Static

from quizapp.store import Scheduling, Store
from quizapp.tui.screens.browse import BrowseScreen
from quizapp.tui.screens.card_detail import CardDetailScreen
from tests.tui.helpers import ready, settle, wait_for


def result_ids(app: Any) -> list[str]:
    table = app.screen.query_one("#results", DataTable)
    return [str(key.value) for key in table.rows]


async def open_browse(pilot: Any) -> BrowseScreen:
    await ready(pilot)
    await pilot.press("b")
    await wait_for(
        pilot,
        lambda: isinstance(pilot.app.screen, BrowseScreen) and bool(pilot.app.screen.all_rows),
    )
    await settle(pilot, 1)
    return pilot.app.screen


async def test_search_finds_a_card_by_a_chinese_word(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_browse(pilot)
        assert len(result_ids(app)) == 6
        await pilot.press(*"范数")
        await settle(pilot, 1)
        assert result_ids(app) == ["t.cloze"]
        # full-width and case do not matter; every word must match
        app.screen.query_one("#search").value = "ＭＳＥ stand"
        await settle(pilot, 1)
        assert result_ids(app) == ["t.flash"]
        app.screen.query_one("#search").value = "均方误差"  # back, option, question, title
        await settle(pilot, 1)
        assert result_ids(app) == ["t.flash", "t.choice", "t.numeric", "t.drill"]
        count = str(app.screen.query_one("#count", Static).content)
        assert count.startswith("4 of 6 cards")


async def test_filters_and_states(make_app: Any, db: Store, clock: Any) -> None:
    now = clock()
    db.record(
        Scheduling("t.cloze", 2, None, 5.0, 5.0, now - timedelta(hours=1), now - timedelta(days=5)),
        rating=3,
        reviewed_at=now - timedelta(days=5),
        duration_ms=1000,
        answer="norm",
        correct=True,
        lang="en",
    )
    db.record(
        Scheduling("gone.card", 2, None, 5.0, 5.0, now + timedelta(days=3), now),
        rating=3,
        reviewed_at=now - timedelta(days=1),
        duration_ms=1000,
        answer="x",
        correct=True,
        lang="en",
    )
    db.set_mark("t.order", suspended=True)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_browse(pilot)
        assert len(result_ids(app)) == 7  # six cards and one orphaned id

        async def state(value: str) -> list[str]:
            screen.query_one("#state").value = value
            await settle(pilot, 1)
            return result_ids(app)

        assert await state("due") == ["t.cloze"]
        assert await state("review") == ["t.cloze"]
        assert await state("suspended") == ["t.order"]
        assert await state("orphaned") == ["gone.card"]
        assert "t.cloze" not in await state("new")
        screen.query_one("#state").clear()
        screen.query_one("#kind").value = "choice"
        await settle(pilot, 1)
        assert result_ids(app) == ["t.choice"]
        screen.query_one("#kind").clear()
        screen.query_one("#tag").value = "procedure"
        await settle(pilot, 1)
        assert result_ids(app) == ["t.order"]


async def test_card_details_show_both_languages_state_and_history(
    make_app: Any, db: Store, clock: Any
) -> None:
    now = clock()
    db.record(
        Scheduling(
            "t.cloze", 2, None, 12.5, 4.25, now + timedelta(days=9), now - timedelta(days=3)
        ),
        rating=3,
        reviewed_at=now - timedelta(days=3),
        duration_ms=4200,
        answer="范数",
        correct=True,
        lang="zh",
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_browse(pilot)
        await pilot.press(*"norm", "enter", "enter")  # search, then open the first result
        await wait_for(
            pilot, lambda: isinstance(app.screen, CardDetailScreen) and app.screen.data is not None
        )
        await settle(pilot, 1)
        detail = app.screen

        def text(selector: str) -> str:
            return str(detail.query_one(selector, Static).content)

        assert "Clipping by [norm] keeps the direction." in text("#text-en")
        assert "按[范数]裁剪保持方向。" in text("#text-zh")
        state = text("#state")
        assert "review" in state and "12.50 d" in state and "4.25 / 10" in state
        assert "retrievability now: " in state and "%" in state
        history = detail.query_one("#history", DataTable)
        assert history.row_count == 1
        assert history.get_row_at(0)[-1] == "范数"
        # suspend from the details, then back: Browse shows the new state
        await pilot.press("exclamation_mark")
        await wait_for(pilot, lambda: "suspended" in text("#state"))
        assert db.marks()["t.cloze"].suspended
        await pilot.press("exclamation_mark")
        await wait_for(pilot, lambda: "suspended" not in text("#state"))
        assert not db.marks()["t.cloze"].suspended
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, BrowseScreen))
