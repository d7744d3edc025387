"""Home, Stats, Settings, Help, the command palette, and the start-up promise."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from typing import Any

from textual.content import Content
from textual.widgets import DataTable, Input, Static

from quizapp.store import Scheduling, Store
from quizapp.tui.screens.help import HelpScreen
from quizapp.tui.screens.settings import SettingsScreen
from quizapp.tui.screens.stats import StatsScreen
from quizapp.tui.screens.study import StudyScreen
from tests.tui.helpers import ready, settle, wait_for


def content(screen: Any, selector: str) -> str:
    """The plain text of a Static (markup removed)."""
    return Content.from_markup(str(screen.query_one(selector, Static).content)).plain


def review(db: Store, card_id: str, when: Any, rating: int, state: int = 2) -> None:
    """A review at ``when`` of a card in ``state`` (2: review) before the answer."""
    before = Scheduling(card_id, state, None, 3.0, 5.0, when, when - timedelta(days=3))
    db.record(
        before,
        rating=1,
        reviewed_at=when - timedelta(days=3),
        duration_ms=1,
        answer=None,
        correct=None,
        lang="en",
    )
    after = Scheduling(card_id, 2, None, 8.0, 5.0, when + timedelta(days=4), when)
    db.record(
        after, rating=rating, reviewed_at=when, duration_ms=1, answer=None, correct=None, lang="en"
    )


def test_importing_the_app_loads_no_database_or_numpy() -> None:
    """The first screen must not wait for SQLAlchemy, YAML or NumPy."""
    code = (
        "import sys, quizapp.tui.app\n"
        "print(sorted(m for m in ('sqlalchemy', 'numpy', 'yaml', 'fsrs', 'solvers') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


async def test_home_counts_and_study_one_deck(make_app: Any, db: Store, clock: Any) -> None:
    now = clock()
    review(db, "t.flash", now - timedelta(days=1), 3)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        home = app.screen
        assert "streak 1 d" in content(home, "#today")
        table = home.query_one("#decks", DataTable)
        assert table.get_row_at(1)[:4] == ["Test deck", 5, 0, 1]  # new, due, learned
        await pilot.press("down", "enter")  # the "Test deck" row
        await wait_for(pilot, lambda: isinstance(app.screen, StudyScreen))
        assert app.screen.study.decks == frozenset({"t"})


async def test_stats_screen(make_app: Any, db: Store, clock: Any) -> None:
    now = clock()
    review(db, "t.flash", now - timedelta(days=2), 3)
    review(db, "t.cloze", now - timedelta(days=1), 1)
    review(db, "t.choice", now - timedelta(hours=1), 4)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("i")
        await wait_for(
            pilot, lambda: isinstance(app.screen, StatsScreen) and app.screen.report is not None
        )
        await settle(pilot, 1)
        stats = app.screen
        numbers = content(stats, "#numbers")
        assert "Reviews 6" in numbers and "today 1" in numbers and "streak 6 d" in numbers
        assert "66.7% (n=3)" in numbers  # true retention: 2 of 3 review-state answers passed
        chart = content(stats, "#reviews")
        assert "03-02" in chart and "█" in chart
        assert "last 30 days" in content(stats, "#sec-reviews")
        await pilot.press("d")
        assert "last 90 days" in content(stats, "#sec-reviews")
        assert "Test deck" in content(stats, "#mastery")


async def test_settings_are_saved(make_app: Any, db: Store) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, SettingsScreen))
        screen = app.screen
        retention = screen.query_one("#desired_retention", Input)
        retention.value = "2"
        await settle(pilot, 1)
        assert db.settings()["desired_retention"] == 0.9
        assert "0.70 and 0.99" in content(screen, "#settings-status")
        retention.value = "0.85"
        screen.query_one("#new_per_day", Input).value = "5"
        screen.query_one("#theme").value = "light"
        screen.query_one("#lang").value = "zh"
        await settle(pilot, 1)
        settings = db.settings()
        assert (settings["desired_retention"], settings["new_per_day"]) == (0.85, 5)
        assert (settings["theme"], settings["lang"]) == ("light", "zh")
        assert app.theme == "textual-light" and app.lang == "zh"
        assert content(screen, "#settings-status") == "已保存。"


def help_sections(text: str) -> dict[str, dict[str, str]]:
    """The help page as ``{section title: {keys: label}}``, read back from its lines."""
    found: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in text.splitlines():
        if line and not line.startswith(" "):
            current = found.setdefault(line, {})
        elif line.startswith("  ") and current is not None:
            key, _, label = line.strip().partition("  ")
            current[key] = label.strip()
    return found


async def test_help_lists_every_binding_with_its_label_in_the_language(make_app: Any) -> None:
    from quizapp.tui.i18n import ACTIONS, tr
    from quizapp.tui.screens.help import keys_text, sections

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        for lang in ("en", "zh"):
            app.set_lang(lang, save=False)
            await settle(pilot, 1)
            shown = help_sections(content(app.screen, "#help-text"))
            for title, bindings in sections():
                listed = shown[tr(title, lang)]
                for binding in bindings:
                    name = binding.action.split("(")[0].rsplit(".", 1)[-1]
                    if name == "rate":
                        continue  # one line for the four rating keys, checked below
                    assert listed.get(keys_text(binding.key)) == tr(ACTIONS[name], lang), (
                        title.en,
                        binding.key,
                    )
            rating = shown[tr(sections()[3][0], lang)]
            assert rating["1 / 2 / 3 / 4"].startswith("重来" if lang == "zh" else "Again")


async def test_command_palette_studies_a_deck(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot, 1)
        await pilot.press(*"Test deck")

        def deck_highlighted() -> bool:
            (results,) = app.screen.query("CommandList")
            index = results.highlighted
            return index is not None and "Study deck: Test deck" in str(
                results.get_option_at_index(index).prompt
            )

        await wait_for(pilot, deck_highlighted)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, StudyScreen))
        assert app.screen.study.decks == frozenset({"t"})


async def test_study_a_tag_from_home(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("t")
        await settle(pilot, 1)
        options = app.screen.query_one("OptionList")
        tags = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert tags == [
            "calculation",
            "code",
            "concept",
            "fill-in",
            "formula",
            "pick",
            "procedure",
            "recall",
        ]
        await pilot.press("down", "down", "enter")  # concept
        await wait_for(pilot, lambda: isinstance(app.screen, StudyScreen))
        assert app.screen.study.tags == frozenset({"concept"})
