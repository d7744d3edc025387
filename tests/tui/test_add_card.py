"""The add-card form: validated as you type, appended to a user bank that `quizapp validate`
accepts, and the new card is in the library at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Static

from quizapp import cli
from quizapp.bank.loader import load_library
from quizapp.tui.screens.add_card import AddCardScreen
from tests.tui.helpers import ready, settle, validated, wait_for


def status(app: Any) -> str:
    return str(app.screen.query_one("#add-problems", Static).content)


async def open_form(pilot: Any) -> AddCardScreen:
    await ready(pilot)
    await pilot.press("n")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, AddCardScreen))
    await settle(pilot, 1)
    return pilot.app.screen


async def valid(pilot: Any) -> None:
    await validated(pilot)  # the validation runs after a short pause in typing
    await wait_for(pilot, lambda: status(pilot.app).startswith("✓ Valid"), timeout=10)


async def test_add_cards_to_a_user_bank(make_app: Any, home: Path) -> None:
    app = make_app()
    bank = home / "banks" / "my-cards.yaml"
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        # a flashcard typed field by field (Tab moves on); problems shown until it is complete
        await pilot.press(*"What is PCA?", "tab", *"什么是 PCA")
        await validated(pilot)
        await wait_for(pilot, lambda: "Back (answer)" in status(app))
        await pilot.press("tab", *"A projection")
        await pilot.press("tab", *"投影")
        await valid(pilot)
        assert "my-cards.what-is-pca" in status(app) and str(bank) in status(app)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "my-cards.what-is-pca" in app.library.cards)
        card = app.library.cards["my-cards.what-is-pca"]
        assert (card.front.en, card.front.zh) == ("What is PCA?", "什么是 PCA")
        assert cli.main(["validate", str(bank)]) == 0

        # a choice card: options one per line, * marks the correct one
        await settle(pilot, 1)
        form.query_one("#kind").value = "choice"
        form.query_one("#question-en").value = "Which loss is robust to outliers?"
        form.query_one("#options").focus()
        await pilot.press(*"* MAE | 平均绝对误差", "enter", *"MSE | 均方误差")
        await valid(pilot)
        await pilot.press("ctrl+s")
        new_id = "my-cards.which-loss-is-robust-to-outliers"
        await wait_for(pilot, lambda: new_id in app.library.cards)
        options = app.library.cards[new_id].options
        assert [(o.text.en, o.text.zh, o.correct) for o in options] == [
            ("MAE", "平均绝对误差", True),
            ("MSE", "均方误差", False),
        ]

        # a numeric card with a solver from the registry
        await settle(pilot, 1)
        form.query_one("#kind").value = "numeric"
        form.query_one("#question-en").value = "MSE of y = {y_true} and ŷ = {y_pred}?"
        form.query_one("#inputs").load_text(
            "y_true=vector:size=3,-2..2,decimals=1\ny_pred=vector:size=3,-2..2,decimals=1\n"
        )
        form.query_one("#solver").value = "losses.mse"
        form.query_one("#args").value = "y_true=y_true, y_pred=y_pred"
        await valid(pilot)
        await pilot.press("ctrl+s")
        await wait_for(
            pilot, lambda: sum(c.kind == "numeric" for c in app.library.cards.values()) == 2
        )

    assert cli.main(["validate", str(bank)]) == 0
    library = load_library([bank], include_builtin=False, include_user=False)
    assert [c.kind for c in library.cards.values()] == ["flashcard", "choice", "numeric"]
    assert bank.read_text(encoding="utf-8").startswith("format: 1\ndeck:\n  id: my-cards\n")


async def test_invalid_card_is_not_written(make_app: Any, home: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        form.query_one("#kind").value = "cloze"
        form.query_one("#text-en").value = "A cloze without any deletion."
        await validated(pilot)
        await wait_for(pilot, lambda: "deletion" in status(app).lower(), timeout=10)
        await pilot.press("ctrl+s")
        await settle(pilot, 1)
        assert not (home / "banks" / "my-cards.yaml").exists()
        form.query_one("#card-id").value = "Bad Id!"
        form.query_one("#text-en").value = "Keras clips by {{c1::norm}}."
        await validated(pilot)
        await wait_for(pilot, lambda: "invalid card id" in status(app), timeout=10)
