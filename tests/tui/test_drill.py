"""A coding drill solved in the editor and graded in the sandbox from the Study screen."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static, TextArea

from quizapp.store import Store
from quizapp.tui.app import StudyRequest
from quizapp.tui.screens.study import StudyScreen
from quizapp.tui.widgets.cards import DrillView
from quizapp.tui.widgets.rating import RatingBar
from tests.tui.helpers import settle, wait_for

SOLUTION = "def mse(a, b): return float(np.mean((a - b) ** 2))"


async def test_drill_solved_in_the_editor(make_app: Any, db: Store) -> None:
    app = make_app(study=StudyRequest(tags=("code",)))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, StudyScreen)
                and isinstance(app.screen.view, DrillView)
                and isinstance(app.focused, TextArea)
            ),
        )
        screen: StudyScreen = app.screen  # type: ignore[assignment]
        view: DrillView = screen.view
        editor = view.editor
        assert "raise NotImplementedError" in editor.text  # the starter

        # the starter fails: graded in a worker, the UI stays responsive meanwhile
        await pilot.press("ctrl+r")
        if view.running:  # (a fast machine may finish before we look)
            assert "Running" in str(view.query_one(".results", Static).content)
        await wait_for(pilot, lambda: screen.phase == "feedback", timeout=60)
        results = str(view.query_one(".results", Static).content)
        assert "cases: 1✗" in results and "NotImplementedError" in results
        assert screen.query_one(RatingBar).selected == 1  # failed: Again suggested
        assert db.review_count() == 0  # nothing recorded before a rating

        # back to the editor, a hint, then a solution typed with the keyboard
        await pilot.click(TextArea)
        await pilot.press("ctrl+t")
        assert "Hint 1: Subtract, then square." in str(view.query_one(".hints", Static).content)
        editor.load_text("import numpy as np\n")
        editor.move_cursor(editor.document.end)
        await pilot.press(*SOLUTION, "enter")
        assert SOLUTION in editor.text
        await pilot.press("ctrl+r")
        await wait_for(
            pilot,
            lambda: view.result is not None and view.result.passed and screen.phase == "feedback",
            timeout=60,
        )
        ok, total = view.result.counts
        assert ok == total == 4
        results = str(view.query_one(".results", Static).content)
        assert "cases: 1✓ 2✓ 3✓ 4✓" in results and "✓ 4/4 cases passed" in results
        # passed after a failed check and a hint: Hard is suggested; the solution can be seen
        assert screen.query_one(RatingBar).selected == 2
        assert db.load_drill_code("t.drill") == editor.text  # kept per drill
        await pilot.press("ctrl+g")
        assert "def mse" in str(view.query_one(".solution", Static).content)
        assert screen.query_one(RatingBar).selected == 1  # the solution was seen: Again
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.phase in ("question", "done"))
        await settle(pilot, 1)
        [review] = db.history("t.drill")
        assert (review.rating, review.correct, review.answer) == (1, True, editor.text)
        assert review.seed is not None


async def test_drill_code_is_kept_between_sessions(make_app: Any, db: Store) -> None:
    db.save_drill_code("t.drill", "import numpy as np\n# my work so far\n")
    app = make_app(study=StudyRequest(tags=("code",)))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.focused, TextArea))
        assert app.focused.text == "import numpy as np\n# my work so far\n"
        await pilot.press("down", "end", *" and more")
        await pilot.press("escape", "escape")  # leave the editor, then the screen
        await wait_for(pilot, lambda: not isinstance(app.screen, StudyScreen))
    assert db.load_drill_code("t.drill") == "import numpy as np\n# my work so far and more\n"


async def test_drill_opened_in_the_external_editor(
    make_app: Any, db: Store, tmp_path: Any, monkeypatch: Any
) -> None:
    """ctrl+o: the code goes to $EDITOR (the app suspended), comes back and is kept."""
    import stat

    script = tmp_path / "editor.sh"
    script.write_text(
        f'#!/bin/sh\nprintf "import numpy as np\\n{SOLUTION}\\n" > "$1"\n'
        f'echo "$1" > "{tmp_path}/edited.txt"\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("VISUAL", str(script))
    app = make_app(study=StudyRequest(tags=("code",)))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.focused, TextArea))
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: SOLUTION in app.focused.text)
        assert (tmp_path / "edited.txt").read_text().strip().endswith("/mse.py")
        assert db.load_drill_code("t.drill") == f"import numpy as np\n{SOLUTION}\n"
