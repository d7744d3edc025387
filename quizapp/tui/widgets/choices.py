"""Answer widgets for choice and order cards: a pickable option list and a reorderable list.

Both show rows (one :class:`Static` each, so long and CJK text wraps properly), keep a cursor,
post ``Submitted`` with the answer in *shown positions* (what :meth:`Study.check` takes), and
after grading show which rows were right with :meth:`show_result`.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Click, Key
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from quizapp.tui.i18n import label, localize_bindings


class Row(Static):
    """One option or step; clicking it moves the cursor there (and picks an option)."""

    def __init__(self, index: int) -> None:
        super().__init__("", classes="row", markup=False)
        self.index = index

    def on_click(self, event: Click) -> None:
        event.stop()
        parent = self.parent
        if isinstance(parent, ChoiceList | OrderList):
            parent.clicked(self.index)


class _Rows(Vertical, can_focus=True):
    """Common cursor handling for the two lists."""

    cursor: reactive[int] = reactive(0)

    def __init__(self, labels: list[str], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.labels = labels
        self.done = False

    def compose(self) -> ComposeResult:
        for i in range(len(self.labels)):
            yield Row(i)

    def on_mount(self) -> None:
        localize_bindings(self, self.app.lang)  # type: ignore[attr-defined]
        self.paint()

    def set_labels(self, labels: list[str]) -> None:
        """New texts for the rows (the language changed); same count and order."""
        self.labels = labels
        self.paint()

    def watch_cursor(self) -> None:
        self.paint()
        rows = list(self.query(Row))
        if 0 <= self.cursor < len(rows):
            rows[self.cursor].scroll_visible()

    def action_cursor_up(self) -> None:
        self.cursor = max(0, self.cursor - 1)

    def action_cursor_down(self) -> None:
        self.cursor = min(len(self.labels) - 1, self.cursor + 1)

    def clicked(self, index: int) -> None:
        self.cursor = index

    def paint(self) -> None:
        raise NotImplementedError


class ChoiceList(_Rows):
    """Options with their keys (``1``–``9``, or ``a``–``z`` past nine). A single-answer card is
    answered by pressing an option's key (or Enter on the cursor); a multiple-answer card toggles
    options with their keys or space and is submitted with Enter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", label("cursor_up"), show=False),
        Binding("down", "cursor_down", label("cursor_down"), show=False),
        Binding("space", "toggle", label("toggle")),
        Binding("enter", "submit", label("submit")),
    ]

    class Submitted(Message):
        """The picked shown positions."""

        def __init__(self, picked: frozenset[int]) -> None:
            super().__init__()
            self.picked = picked

    def __init__(
        self, labels: list[str], keys: list[str], multiple: bool, **kwargs: object
    ) -> None:
        super().__init__(labels, **kwargs)
        self.keys = keys
        self.multiple = multiple
        self.picked: set[int] = set()
        self.right: set[int] = set()

    def paint(self) -> None:
        for row in self.query(Row):
            i = row.index
            if self.done:
                mark = "✓" if i in self.right else ("✗" if i in self.picked else " ")
            elif self.multiple:
                mark = "☑" if i in self.picked else "☐"
            else:
                mark = "●" if i in self.picked else " "
            row.update(f"{mark} {self.keys[i]}. {self.labels[i]}")
            row.set_class(i == self.cursor and not self.done, "-cursor")
            row.set_class(self.done and i in self.right, "-right")
            row.set_class(self.done and i in self.picked and i not in self.right, "-wrong")

    def on_key(self, event: Key) -> None:
        if self.done or event.character is None or event.character not in self.keys:
            return
        event.stop()
        event.prevent_default()
        self.pick(self.keys.index(event.character))

    def pick(self, index: int) -> None:
        """Pick (single answer: and submit) or toggle (multiple answers) option ``index``."""
        if self.done:
            return
        self.cursor = index
        if self.multiple:
            self.picked ^= {index}
            self.paint()
        else:
            self.picked = {index}
            self.paint()
            self.action_submit()

    def clicked(self, index: int) -> None:
        self.pick(index)

    def action_toggle(self) -> None:  # type: ignore[override]
        self.pick(self.cursor)

    def action_submit(self) -> None:
        if self.done:
            return
        if not self.picked and not self.multiple:
            self.picked = {self.cursor}
        self.post_message(self.Submitted(frozenset(self.picked)))

    def show_result(self, right: set[int]) -> None:
        """Grading is done: mark the right options ✓ and the wrongly picked ones ✗."""
        self.done = True
        self.right = set(right)
        self.paint()


class OrderList(_Rows):
    """Steps to put in order: up/down move the cursor, shift+up/shift+down (or ``[``/``]``)
    move the step under the cursor, Enter submits."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", label("cursor_up"), show=False),
        Binding("down", "cursor_down", label("cursor_down"), show=False),
        Binding("shift+up,left_square_bracket", "move_up", label("move_up")),
        Binding("shift+down,right_square_bracket", "move_down", label("move_down")),
        Binding("enter", "submit", label("submit")),
    ]

    class Submitted(Message):
        """The shown positions in the order the user put them."""

        def __init__(self, positions: list[int]) -> None:
            super().__init__()
            self.positions = positions

    def __init__(self, labels: list[str], **kwargs: object) -> None:
        super().__init__(labels, **kwargs)
        self.arrangement = list(range(len(labels)))  # slot -> shown position
        self.slot_ok: list[bool] = []

    def paint(self) -> None:
        for row in self.query(Row):
            slot = row.index
            shown = self.arrangement[slot]
            mark = ""
            if self.done:
                mark = "✓ " if self.slot_ok[slot] else "✗ "
            row.update(f"{mark}{slot + 1}. {self.labels[shown]}")
            row.set_class(slot == self.cursor and not self.done, "-cursor")
            row.set_class(self.done and self.slot_ok[slot], "-right")
            row.set_class(self.done and not self.slot_ok[slot], "-wrong")

    def _move(self, delta: int) -> None:
        if self.done:
            return
        i, j = self.cursor, self.cursor + delta
        if 0 <= j < len(self.arrangement):
            self.arrangement[i], self.arrangement[j] = self.arrangement[j], self.arrangement[i]
            self.cursor = j
            self.paint()

    def action_move_up(self) -> None:
        self._move(-1)

    def action_move_down(self) -> None:
        self._move(1)

    def action_submit(self) -> None:
        if not self.done:
            self.post_message(self.Submitted(list(self.arrangement)))

    def show_result(self, slot_ok: list[bool]) -> None:
        """Grading is done: ``slot_ok[i]`` says whether slot ``i`` holds the right step."""
        self.done = True
        self.slot_ok = slot_ok
        self.paint()
