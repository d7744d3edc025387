"""The four rating buttons (Again, Hard, Good, Easy), each with the interval it would give."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.events import Click
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from quizapp.bank.model import Text
from quizapp.rating import Rating
from quizapp.tui.i18n import label, localize_bindings, tr


class RateButton(Static):
    """One rating; clicking it records that rating."""

    def __init__(self, rating: int) -> None:
        super().__init__("", classes=f"rate rate-{rating}")
        self.rating = rating

    def on_click(self, event: Click) -> None:
        event.stop()
        self.post_message(RatingBar.Rated(self.rating))


class RatingBar(Horizontal, can_focus=True):
    """Focusable row of rating buttons. ``1``–``4`` record that rating at once; left/right move
    the selection; Enter (or space) records the selected one — the suggested rating is
    preselected, so Enter accepts it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "left", label("left"), show=False),
        Binding("right", "right", label("right"), show=False),
        Binding("enter,space", "record", label("record")),
        *[Binding(str(r), f"rate({r})", label("rate"), show=False) for r in (1, 2, 3, 4)],
    ]

    selected: reactive[int] = reactive(3)

    class Rated(Message):
        """The user chose ``rating`` (1..4)."""

        def __init__(self, rating: int) -> None:
            super().__init__()
            self.rating = rating

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.names: Mapping[Rating, Text] = {}
        self.intervals: Mapping[Rating, timedelta] = {}
        self.lang = "en"

    def compose(self) -> ComposeResult:
        for rating in (1, 2, 3, 4):
            yield RateButton(rating)

    def on_mount(self) -> None:
        localize_bindings(self, self.app.lang)  # type: ignore[attr-defined]

    def show(
        self,
        names: Mapping[Rating, Text],
        intervals: Mapping[Rating, timedelta],
        selected: int,
        lang: str,
    ) -> None:
        """Fill the buttons: ``names`` per rating, ``intervals`` (the next interval per rating),
        ``selected`` the preselected rating."""
        self.names, self.intervals, self.lang = names, intervals, lang
        self.selected = selected
        self._paint()

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self._paint()

    def watch_selected(self) -> None:
        self._paint()

    def _paint(self) -> None:
        from quizapp.render import format_interval

        for button in self.query(RateButton):
            r = Rating(button.rating)
            name = tr(self.names[r], self.lang) if r in self.names else str(r)
            interval = format_interval(self.intervals[r]) if r in self.intervals else ""
            button.update(f"{r} {name} {interval}".rstrip())
            button.set_class(r == self.selected, "-selected")

    def action_left(self) -> None:
        self.selected = max(1, self.selected - 1)

    def action_right(self) -> None:
        self.selected = min(4, self.selected + 1)

    def action_record(self) -> None:
        self.post_message(self.Rated(self.selected))

    def action_rate(self, rating: int) -> None:
        self.selected = rating
        self.post_message(self.Rated(rating))
