"""A study session driven through the keyboard, every card kind, the database checked after each
step (a second connection to the same SQLite file: only committed answers are seen)."""

from __future__ import annotations

import stat
import sys
from pathlib import Path
from typing import Any

from textual.widgets import Input, Static

from quizapp.grading.choice import key_for
from quizapp.store import Store
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.study import StudyScreen
from quizapp.tui.widgets.choices import ChoiceList, OrderList
from quizapp.tui.widgets.rating import RatingBar
from tests.tui.helpers import ready, settle, wait_for


def study(app: Any) -> StudyScreen:
    screen = app.screen
    assert isinstance(screen, StudyScreen)
    return screen


async def shown(pilot: Any, card_id: str) -> StudyScreen:
    """Wait until ``card_id`` is on screen and its answer widget has the focus."""
    app = pilot.app

    def on_screen() -> bool:
        s = app.screen
        return (
            isinstance(s, StudyScreen)
            and s.presented is not None
            and s.presented.card.id == card_id
            and s.phase == "question"
            and s.view is not None
            and app.focused is not None
        )

    try:
        await wait_for(pilot, on_screen)
    except AssertionError:
        s = app.screen
        raise AssertionError(
            f"{card_id} not shown: {s}, {getattr(s, 'presented', None)}, "
            f"{getattr(s, 'phase', None)}, {app.focused}"
        ) from None
    await settle(pilot, 1)
    return study(app)


def text_of(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


def status(app: Any) -> str:
    return text_of(study(app), "#status")


def reviews(db: Store, card_id: str) -> list[Any]:
    return db.history(card_id)


async def answer_order(pilot: Any, screen: StudyScreen) -> None:
    """Put the shuffled steps in the bank's order with the keyboard, then submit."""
    p = screen.presented
    assert p is not None
    target = [p.order.index(k) for k in range(len(p.order))]  # shown position per slot
    current = list(range(len(p.order)))
    cursor = 0
    for slot, want in enumerate(target):
        j = current.index(want)
        while cursor < j:
            await pilot.press("down")
            cursor += 1
        while cursor > j:
            await pilot.press("up")
            cursor -= 1
        while cursor > slot:
            await pilot.press("shift+up")
            current[cursor - 1], current[cursor] = current[cursor], current[cursor - 1]
            cursor -= 1
    assert screen.query_one(OrderList).arrangement == target
    await pilot.press("enter")


async def test_every_kind_answered_through_the_keyboard(make_app: Any, db: Store) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("a")  # study all decks

        # flashcard: reveal, then rate Hard with its key
        screen = await shown(pilot, "t.flash")
        assert "What does MSE stand for?" in text_of(screen.view, ".question")
        await pilot.press("space")
        await settle(pilot, 1)
        assert "Mean squared error" in text_of(screen.view, ".feedback")
        assert "(1/n)" in text_of(screen.view, ".feedback")  # math rendered as Unicode
        bar = screen.query_one(RatingBar)
        assert bar.display and app.focused is bar
        await pilot.press("2")
        screen = await shown(pilot, "t.cloze")
        [r] = reviews(db, "t.flash")
        assert (r.rating, r.correct, r.was_new) == (2, None, True)
        assert "recorded: Hard" in status(app)

        # cloze: an accepted alternative, typed in another case; the suggested Good is
        # preselected and Enter records it
        await pilot.press(*"L2 Norm", "enter")
        await settle(pilot, 1)
        assert "✓ Correct" in text_of(screen.view, ".feedback")
        assert screen.query_one(RatingBar).selected == 3
        assert reviews(db, "t.cloze") == []  # nothing is recorded before the rating
        await pilot.press("enter")
        screen = await shown(pilot, "t.choice")
        [r] = reviews(db, "t.cloze")
        assert (r.rating, r.correct, r.answer) == (3, True, "L2 Norm")

        # choice: a wrong option first; the right one is marked, Again is preselected, and the
        # user overrides it with Hard before it is recorded
        p = screen.presented
        n = len(p.order)
        right = [pos for pos, i in enumerate(p.order) if p.card.options[i].correct]
        wrong = next(pos for pos in range(n) if pos not in right)
        await pilot.press(key_for(wrong, n))
        await settle(pilot, 1)
        choices = screen.query_one(ChoiceList)
        assert choices.right == set(right) and choices.done
        bar = screen.query_one(RatingBar)
        assert bar.selected == 1
        await pilot.press("right", "enter")  # Again -> Hard, then record
        screen = await shown(pilot, "t.order")
        [r] = reviews(db, "t.choice")
        assert (r.rating, r.correct) == (2, False)

        # order: steps moved into place with the keyboard
        await answer_order(pilot, screen)
        await settle(pilot, 1)
        assert "✓ Correct" in text_of(screen.view, ".feedback")
        await pilot.press("enter")
        screen = await shown(pilot, "t.numeric")
        [r] = reviews(db, "t.order")
        assert (r.rating, r.correct, r.answer) == (3, True, "0,1,2")

        # numeric: unparseable input is not an answer (nothing recorded, asked again); then the
        # right value; the rating is overridden with Easy by its key
        instance = screen.presented.instance
        assert str(instance.question.en) in text_of(screen.view, ".question")
        await pilot.press(*"abc", "enter")
        await settle(pilot, 1)
        assert text_of(screen.view, ".error")
        assert screen.phase == "question" and reviews(db, "t.numeric") == []
        screen.view.query_one(Input).value = ""
        await pilot.press(*f"{instance.answer:.4f}", "enter")
        await settle(pilot, 1)
        assert "✓ Correct" in text_of(screen.view, ".feedback")
        await pilot.press("4")
        screen = await shown(pilot, "t.drill")
        [r] = reviews(db, "t.numeric")
        assert (r.rating, r.correct, r.seed) == (4, True, screen.study.last.seed)

        # undo from the drill (Esc leaves the editor first): the numeric card comes back new,
        # its log row is gone; this time a named mistake (the sum instead of the mean)
        await pilot.press("escape", "u")
        screen = await shown(pilot, "t.numeric")
        assert reviews(db, "t.numeric") == [] and db.scheduling("t.numeric") is None
        assert "Undone: t.numeric" in status(app)
        instance = screen.presented.instance
        mistake = next(m for m in instance.mistakes if m.active)
        await pilot.press(*f"{mistake.value:.4f}", "enter")
        await settle(pilot, 1)
        feedback = text_of(screen.view, ".feedback")
        assert "You summed instead of averaging." in feedback
        assert "Mean of the squared residuals." in feedback  # the worked solution
        assert screen.query_one(RatingBar).selected == 1
        await pilot.press("enter")
        await shown(pilot, "t.drill")
        [r] = reviews(db, "t.numeric")
        assert (r.rating, r.correct) == (1, False)
        assert db.review_count() == 5


async def test_skip_bury_suspend_flag(make_app: Any, db: Store) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("a")
        await shown(pilot, "t.flash")
        await pilot.press("f")  # flag: the card stays
        assert db.marks()["t.flash"].flagged
        await pilot.press("s")  # skip: nothing recorded, comes back at the end
        await shown(pilot, "t.cloze")
        await pilot.press("escape", "b")  # leave the answer field, then bury
        await shown(pilot, "t.choice")
        assert db.marks()["t.cloze"].buried_until is not None
        await pilot.press("exclamation_mark")
        await shown(pilot, "t.order")
        assert db.marks()["t.choice"].suspended
        assert db.review_count() == 0
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_language_switch_changes_the_card_and_is_remembered(make_app: Any, db: Store) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("a")
        screen = await shown(pilot, "t.flash")
        await pilot.press("space")
        await settle(pilot, 1)
        await pilot.press("ctrl+l")  # en -> zh
        await settle(pilot, 1)
        assert text_of(screen.view, ".question").startswith("MSE 是什么的缩写")
        assert "均方误差" in text_of(screen.view, ".feedback")
        assert "测试牌组 · 问答卡" in text_of(screen, "#where")
        assert db.settings()["lang"] == "zh"
        await pilot.press("ctrl+l")  # zh -> both
        await settle(pilot, 1)
        question = text_of(screen.view, ".question")
        assert "What does MSE stand for?" in question and "MSE 是什么的缩写" in question
        assert db.settings()["lang"] == "both"
        await pilot.press("1")  # recorded in the language shown
        await shown(pilot, "t.cloze")
        assert db.history("t.flash")[0].lang == "both"


def _fake_editor(tmp_path: Path) -> Path:
    """An "editor" that records its arguments and rewrites the card's front in the bank."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\n"
        "line, path = sys.argv[1], pathlib.Path(sys.argv[2])\n"
        "pathlib.Path(path.parent / 'editor-args.txt').write_text(line + ' ' + str(path))\n"
        "path.write_text(path.read_text().replace('What does MSE stand for?',"
        " 'What is MSE short for?'))\n",
        encoding="utf-8",
    )
    wrapper = tmp_path / "editor.sh"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{script}" "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    return wrapper


async def test_edit_card_opens_its_yaml_line_and_reloads(
    make_app: Any, tui_bank: Path, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(_fake_editor(tmp_path)))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("a")
        screen = await shown(pilot, "t.flash")
        await pilot.press("e")
        await wait_for(
            pilot,
            lambda: (
                "What is MSE short for?" in text_of(study(app).view, ".question")
                if study(app).view
                else False
            ),
        )
        args = (tmp_path / "editor-args.txt").read_text()
        line = screen.presented.card.origin.line
        assert args == f"+{line} {tui_bank}"
        assert tui_bank.read_text().splitlines()[line - 1].strip() == "- id: t.flash"


async def test_edit_without_editor_shows_the_location(
    make_app: Any, tui_bank: Path, monkeypatch: Any
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("a")
        await shown(pilot, "t.flash")
        await pilot.press("e")
        await settle(pilot, 1)
        messages = [n.message for n in app._notifications]
        assert any(f"{tui_bank}:6" in m for m in messages), messages


async def test_study_command_opens_the_session(make_app: Any) -> None:
    """``quizapp study --deck t --limit 1`` opens the app straight on a session of that deck."""
    from quizapp.tui.app import StudyRequest

    app = make_app(study=StudyRequest(decks=("t",), limit=1))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, StudyScreen))
        screen = await shown(pilot, "t.flash")
        assert screen.study.decks == frozenset({"t"}) and screen.study.limit == 1
