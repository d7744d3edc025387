"""Help: every key binding, read from the screens' and widgets' own BINDINGS (so it cannot go
stale), with labels in the current language."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Footer, Static

from quizapp.bank.model import Text
from quizapp.tui.i18n import ACTIONS, T, label, tr

KEY_NAMES = {
    "question_mark": "?",
    "exclamation_mark": "!",
    "slash": "/",
    "escape": "Esc",
    "enter": "Enter",
    "space": "Space",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "pageup": "PgUp",
    "pagedown": "PgDn",
}


def keys_text(keys: str) -> str:
    """``"shift+up,left_square_bracket"`` -> ``"shift+up / ["``."""
    return " / ".join(KEY_NAMES.get(k, k) for k in keys.split(","))


def sections() -> list[tuple[Text, list[Any]]]:
    """(title, bindings) for the app and each screen and answer widget."""
    from quizapp.tui.app import QuizApp
    from quizapp.tui.screens.add_card import AddCardScreen
    from quizapp.tui.screens.browse import BrowseScreen
    from quizapp.tui.screens.card_detail import CardDetailScreen
    from quizapp.tui.screens.home import HomeScreen
    from quizapp.tui.screens.stats import StatsScreen
    from quizapp.tui.screens.study import StudyScreen
    from quizapp.tui.widgets.choices import ChoiceList, OrderList
    from quizapp.tui.widgets.rating import RatingBar

    palette = [Binding("ctrl+p", "command_palette", label("command_palette"))]
    return [
        (T("Everywhere", "全局"), [*QuizApp.BINDINGS, *palette]),
        (T("Home", "首页"), HomeScreen.BINDINGS),
        (T("Study", "学习"), StudyScreen.BINDINGS),
        (T("Rating buttons (after an answer)", "评分按钮（回答之后）"), RatingBar.BINDINGS),
        (
            T("Choice cards (keys 1–9 or a–z pick an option)", "选择题（按 1–9 或 a–z 选择选项）"),
            ChoiceList.BINDINGS,
        ),
        (T("Order cards", "排序题"), OrderList.BINDINGS),
        (T("Browse", "浏览"), BrowseScreen.BINDINGS),
        (T("Card details", "卡片详情"), CardDetailScreen.BINDINGS),
        (T("Add card", "添加卡片"), AddCardScreen.BINDINGS),
        (T("Stats", "统计"), StatsScreen.BINDINGS),
    ]


def help_text(lang: str) -> str:
    """The whole help page as text in ``lang``."""
    lines = [
        tr(
            T(
                "Cloze and numeric answers are typed, then Enter. In an answer field the letter "
                "keys type; Esc leaves the field first, then the letters work (Esc again: back).\n"
                "Answers are read for what they mean: 0.25 = 1/4 = 25% = 2.5×10⁻¹, K-Means = "
                "kmeans, σ(x)(1−σ(x)) = σ(x) − σ(x)²; signs, exponents and transposes count. "
                "Several blanks: separate them with ';'. Empty or '?': don't know (the answer is "
                "shown, rated Again). Choices: the keys shown, e.g. '1 4' or '1 and 4'.\n"
                "Drills: write the code in the editor (Esc leaves it), ctrl+r runs the tests in "
                "a sandbox, ctrl+t shows a hint, ctrl+g the reference solution, ctrl+o opens "
                "$EDITOR.",
                "填空题和计算题输入答案后按回车。在输入框中字母键用于输入；"
                "先按 Esc 离开输入框，字母快捷键"
                "才生效（再按 Esc 返回）。\n"
                "答案按含义判断：0.25 = 1/4 = 25% = 2.5×10⁻¹，K-Means = kmeans，"
                "σ(x)(1−σ(x)) = σ(x) − σ(x)²；正负号、指数和转置都算数。多处填空用“;”分隔。"
                "留空或输入“?”表示不会（显示答案，记为“重来”）。选择题按显示的编号作答，"
                "如“1 4”或“1 和 4”。\n编程练习：在编辑器中写代码（Esc 离开编辑器），"
                "ctrl+r 在沙箱中运行"
                "测试，ctrl+t 显示提示，ctrl+g 显示参考答案，ctrl+o 用外部编辑器打开。",
            ),
            lang,
        ),
        "",
    ]
    for title, bindings in sections():
        lines.append(f"[b]{tr(title, lang)}[/b]")
        seen: set[str] = set()
        for b in bindings:
            name = b.action.split("(")[0].rsplit(".", 1)[-1]
            text = ACTIONS.get(name)
            key = keys_text(b.key)
            if name == "rate":
                key, text = (
                    "1 / 2 / 3 / 4",
                    T(
                        "Again / Hard / Good / Easy (records at once)",
                        "重来 / 困难 / 良好 / 简单（立即记录）",
                    ),
                )
            if key in seen:
                continue
            seen.add(key)
            desc = tr(text, lang) if text else b.description
            lines.append(f"  {escape(key):<22} {escape(desc)}")
        lines.append("")
    return "\n".join(lines)


class HelpScreen(Screen[None]):
    """Key bindings."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "leave", label("leave"))]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static("", id="help-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.app.localize_screen(self)  # type: ignore[attr-defined]
        self.watch(self.app, "lang", self.paint, init=False)
        self.paint()
        self.query_one("#help").focus()

    def paint(self) -> None:
        self.query_one("#help-text", Static).update(help_text(self.app.lang))  # type: ignore[attr-defined]

    def action_leave(self) -> None:
        self.dismiss()
