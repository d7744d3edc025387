"""The UI-free parts of the TUI: block-character charts, search and CJK-aware clipping."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from rich.cells import cell_len
from textual.app import App, ComposeResult

from quizapp.bank.model import Flashcard, Text
from quizapp.grading.choice import key_for
from quizapp.tui import search
from quizapp.tui.widgets.charts import bar, bucket, column_chart
from quizapp.tui.widgets.choices import ChoiceList, OrderList


def test_bar_fills_in_eighths() -> None:
    assert bar(0.0, 4) == "░░░░"
    assert bar(1.0, 4) == "████"
    assert bar(0.5, 4) == "██░░"
    assert bar(0.53125, 4) == "██▏░"  # 17 eighths of 32
    assert bar(2.0, 3) == "███" and bar(-1.0, 3) == "░░░"


def test_bucket_sums_to_fit() -> None:
    assert bucket([1, 2, 3, 4, 5], 10) == ([1, 2, 3, 4, 5], 1)
    assert bucket([1, 2, 3, 4, 5], 2) == ([6, 9], 3)
    assert sum(bucket(list(range(90)), 40)[0]) == sum(range(90))


def test_column_chart_scales_to_the_maximum() -> None:
    days = [date(2026, 3, 1) + timedelta(days=i) for i in range(4)]
    chart = column_chart([0, 4, 2, 8], days, height=4, width=60)
    lines = chart.split("\n")
    assert lines[0] == "8 │   █"  # only the maximum reaches the top row
    assert lines[3] == "0 │ ███"
    assert lines[4] == "  └────"
    assert lines[5].split() == ["03-01", "03-04"]
    assert lines[0].split("│")[0].isascii() and lines[5].isascii()  # ASCII tick labels


def test_column_chart_of_nothing() -> None:
    chart = column_chart([0, 0, 0], [date(2026, 3, 1)] * 3, height=2)
    assert chart.split("\n")[0] == "  │   "


def test_clip_counts_cjk_as_two_cells() -> None:
    assert search.clip("均方误差是什么", 9) == "均方误差…"
    assert cell_len(search.clip("均方误差是什么", 9)) <= 9
    assert search.clip("short\nsecond line", 20) == "short"
    assert search.clip("abcdefghij", 5) == "abcd…"


def card(card_id: str, front: str, back: str) -> Flashcard:
    return Flashcard(
        id=card_id,
        kind="flashcard",
        deck="d",
        tags=("x",),
        front=Text(en=front),
        back=Text(zh=back),
    )


def test_search_matches_all_words_in_either_language() -> None:
    cards = {c.id: c for c in (card("a", "Huber loss", "鲁棒的损失"), card("b", "MSE", "均方误差"))}
    rows = search.rows(cards, {}, {}, ["gone"], now=None)  # type: ignore[arg-type]
    assert [r.card_id for r in rows] == ["a", "b", "gone"]
    assert [r.card_id for r in search.search(rows, "损失")] == ["a"]
    assert [r.card_id for r in search.search(rows, "huber 鲁棒")] == ["a"]
    assert [r.card_id for r in search.search(rows, "huber mse")] == []
    assert [r.card_id for r in search.search(rows, "", state="orphaned")] == ["gone"]
    assert [r.card_id for r in search.search(rows, "", tag="x")] == ["a", "b"]


class _Host(App[None]):
    """A bare app around one widget, to drive it with keys."""

    def __init__(self, widget: Any) -> None:
        super().__init__()
        self.widget = widget
        self.messages: list[Any] = []
        self.lang = "en"

    def compose(self) -> ComposeResult:
        yield self.widget

    def on_mount(self) -> None:
        self.widget.focus()

    def on_choice_list_submitted(self, event: ChoiceList.Submitted) -> None:
        self.messages.append(event.picked)

    def on_order_list_submitted(self, event: OrderList.Submitted) -> None:
        self.messages.append(event.positions)


async def test_choice_list_toggles_several_answers() -> None:
    host = _Host(ChoiceList(["a", "b", "c"], ["1", "2", "3"], multiple=True))
    async with host.run_test() as pilot:
        await pilot.press("1", "3", "2", "2", "enter")
        assert host.messages == [frozenset({0, 2})]


async def test_choice_list_with_letter_keys_answers_at_once() -> None:
    labels = [f"option {i}" for i in range(12)]
    keys = [key_for(p, len(labels)) for p in range(len(labels))]
    assert keys[:2] == ["a", "b"] and keys[-1] == "l"
    host = _Host(ChoiceList(labels, keys, multiple=False))
    async with host.run_test() as pilot:
        await pilot.press("k")  # single answer: the key answers
        assert host.messages == [frozenset({10})]


async def test_order_list_moves_steps() -> None:
    host = _Host(OrderList(["x", "y", "z"]))
    async with host.run_test() as pilot:
        await pilot.press("down", "down", "shift+up", "shift+up", "right_square_bracket", "enter")
        assert host.messages == [[0, 2, 1]]
