"""Settings: language, desired retention, daily new/review limits and theme. Each change is
validated and saved at once with :meth:`Store.set_setting`; the next study session uses it."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Select, Static

from quizapp.bank.model import Text
from quizapp.tui.i18n import T, label, tr

#: name -> (label, parse, check, error)
NUMBERS: dict[str, tuple[Text, type, tuple[float, float], Text]] = {
    "desired_retention": (
        T("Desired retention (0.70–0.99)", "目标记忆保持率（0.70–0.99）"),
        float,
        (0.7, 0.99),
        T("Retention must be between 0.70 and 0.99.", "目标保持率须在 0.70 到 0.99 之间。"),
    ),
    "new_per_day": (
        T("New cards per day", "每日新卡上限"),
        int,
        (0, 9999),
        T("New cards per day: a whole number from 0 to 9999.", "每日新卡上限：0 到 9999 的整数。"),
    ),
    "reviews_per_day": (
        T("Reviews per day", "每日复习上限"),
        int,
        (0, 99999),
        T("Reviews per day: a whole number from 0 to 99999.", "每日复习上限：0 到 99999 的整数。"),
    ),
}


class SettingsScreen(Screen[None]):
    """The settings form."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "leave", label("leave"))]

    def compose(self) -> ComposeResult:
        app: Any = self.app
        s = app.settings
        with VerticalScroll(id="settings"):
            with Horizontal(classes="setting"):
                yield Label("", id="label-lang")
                yield Select(
                    [("English", "en"), ("中文", "zh"), ("English + 中文", "both")],
                    value=app.lang,
                    allow_blank=False,
                    id="lang",
                    compact=True,
                )
            for name in NUMBERS:
                with Horizontal(classes="setting"):
                    yield Label("", id=f"label-{name}")
                    yield Input(str(s.get(name, "")), id=name, compact=True)
            with Horizontal(classes="setting"):
                yield Label("", id="label-theme")
                yield Select(
                    [("dark", "dark"), ("light", "light")],
                    value=s.get("theme", "dark"),
                    allow_blank=False,
                    id="theme",
                    compact=True,
                )
            yield Static("", id="settings-status", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.app.localize_screen(self)  # type: ignore[attr-defined]
        self.watch(self.app, "lang", self.paint, init=False)
        self.status: Text | None = None
        self.paint()
        self.query_one("#lang", Select).focus()

    def paint(self) -> None:
        lang: str = self.app.lang  # type: ignore[attr-defined]
        self.query_one("#label-lang", Label).update(tr(T("Language", "语言"), lang))
        self.query_one("#label-theme", Label).update(tr(T("Theme", "主题"), lang))
        for name, (text, *_rest) in NUMBERS.items():
            self.query_one(f"#label-{name}", Label).update(tr(text, lang))
        status = self.status or T(
            "Changes are saved at once. Esc: back.", "修改会立即保存。Esc：返回。"
        )
        self.query_one("#settings-status", Static).update(tr(status, lang))

    @on(Select.Changed, "#lang")
    def lang_changed(self, event: Select.Changed) -> None:
        app: Any = self.app
        if event.value != Select.NULL and event.value != app.lang:
            app.set_lang(str(event.value))
            self.say(T("Saved.", "已保存。"))

    @on(Select.Changed, "#theme")
    def theme_changed(self, event: Select.Changed) -> None:
        app: Any = self.app
        if event.value != Select.NULL and event.value != app.settings.get("theme"):
            app.save_setting("theme", str(event.value))
            self.say(T("Saved.", "已保存。"))

    @on(Input.Changed)
    def number_changed(self, event: Input.Changed) -> None:
        name = event.input.id or ""
        if name not in NUMBERS:
            return
        _, parse, (low, high), error = NUMBERS[name]
        try:
            value = parse(event.value.strip())
            ok = low <= value <= high
        except ValueError:
            ok = False
        event.input.set_class(not ok, "-invalid")
        if not ok:
            self.say(error)
            return
        app: Any = self.app
        if app.settings.get(name) != value:
            app.save_setting(name, value)
            self.say(T("Saved.", "已保存。"))

    def say(self, text: Text) -> None:
        self.status = text
        self.paint()

    def action_leave(self) -> None:
        self.dismiss()
