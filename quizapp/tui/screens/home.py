"""Home: today's progress, the decks with new / due / learned counts and mastery, the language.

Shown at once as a skeleton; filled when the app's data is loaded (the numbers are computed in
a thread worker with :func:`quizapp.stats.compute`) and again whenever the screen comes back.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from quizapp.tui.i18n import T, label, tr
from quizapp.tui.widgets.charts import bar

ALL = "__all__"
LANG_NAMES = {"en": "English", "zh": "中文", "both": "English + 中文"}


class HomeScreen(Screen[None]):
    """The first screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "study_selected", label("study_selected"), show=False),
        Binding("a", "study_all", label("study_all")),
        Binding("t", "study_tag", label("study_tag")),
        Binding("l", "app.cycle_language", label("cycle_language"), show=False),
        Binding("b", "app.browse", label("browse")),
        Binding("n", "app.add_card", label("add_card")),
        Binding("i", "app.stats", label("stats")),
        Binding("o", "app.settings", label("settings")),
        Binding("m", "app.mock", "Mock interview", show=False),
        Binding("question_mark", "app.help", label("help"), show=False),
        Binding("q", "app.quit", label("quit"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.report: Any = None
        self.plan_report: Any = None  # quizapp.plan.forecast.PlanReport once computed

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static("", id="plan-line", markup=False)
            yield Static("", id="today")
            yield Static("", id="lang-line")
            table: DataTable[Any] = DataTable(id="decks", cursor_type="row", zebra_stripes=True)
            yield table
            yield Static("", id="home-hint")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._paint, init=False)
        self.watch(self.app, "data_version", self._reload, init=False)
        table = self.query_one("#decks", DataTable)
        table.loading = True
        self._paint()
        if self.app.loaded:  # type: ignore[attr-defined]
            self._reload()

    def on_screen_resume(self) -> None:
        if self.app.loaded and self.report is not None:  # type: ignore[attr-defined]
            self._reload()

    def _reload(self) -> None:
        self.compute()
        self.compute_plan()

    @work(thread=True, exclusive=True, group="home-plan")
    def compute_plan(self) -> None:
        """Forecast the interview plan, if one is set (thread: it simulates, about 1 s)."""
        from quizapp.plan.editing import plan_report

        app: Any = self.app
        if not app.settings.get("plan"):
            app.call_from_thread(self._show_plan, None)
            return
        result = plan_report(app.store, app.library, app.clock(), suggest=False)
        app.call_from_thread(self._show_plan, result)

    def _show_plan(self, result: Any) -> None:
        self.plan_report = result
        self._paint_plan(self.app.lang)  # type: ignore[attr-defined]

    def _paint_plan(self, lang: str) -> None:
        """The plan line: hidden without a plan, a placeholder until its forecast is ready."""
        line = self.query_one("#plan-line", Static)
        plan = self.app.settings.get("plan")  # type: ignore[attr-defined]
        line.display = bool(plan)
        if not plan:
            return
        result = self.plan_report
        if result is None or result.plan.to_data() != plan:
            line.update(tr(T("Interview plan: forecasting…", "面试计划：正在预测…"), lang))
            return
        recall = round(result.forecast.expected_recall * 100)
        text = T(
            f"Interview in {result.days_left} days · {result.learned}/{result.cards} learned · "
            f"expected recall on the day {recall} %",
            f"距面试还有 {result.days_left} 天 · 已学 {result.learned}/{result.cards} · "
            f"面试当天预计记忆保持率 {recall}%",
        )
        shown = tr(text, lang)
        if not result.feasible:
            shown += tr(
                T(
                    f" · does not fit in {result.plan.minutes} min a day (o: Settings)",
                    f" · 每天 {result.plan.minutes} 分钟不够（o：设置）",
                ),
                lang,
            )
        line.update(shown)

    @work(thread=True, exclusive=True, group="home")
    def compute(self) -> None:
        """Count cards and mastery per deck (thread: it reads the whole scheduling table)."""
        from quizapp import stats

        app: Any = self.app
        report = stats.compute(app.store, app.library, app.clock(), history_days=1, forecast_days=1)
        app.call_from_thread(self._show, report)

    def _show(self, report: Any) -> None:
        self.report = report
        self.query_one("#decks", DataTable).loading = False
        self._paint()

    def _paint(self) -> None:
        app: Any = self.app
        lang = app.lang
        langs = "  ".join(
            f"[reverse] {LANG_NAMES[code]} [/]" if code == lang else f" {LANG_NAMES[code]} "
            for code in ("en", "zh", "both")
        )
        self.query_one("#lang-line", Static).update(
            tr(T("Language", "语言"), lang) + f"  {langs}   [dim](l)[/]"
        )
        self._paint_plan(lang)
        today = self.query_one("#today", Static)
        report = self.report
        if app.load_error:
            today.update(
                tr(T("Could not open your data: ", "无法打开数据："), lang) + app.load_error
            )
            return
        if report is None:
            today.update(tr(T("Loading your decks…", "正在加载牌组…"), lang))
            return
        streak = report.streak_days
        today.update(
            tr(
                T(
                    f"Today: {report.reviews_today} reviewed · {report.due_now} due now · "
                    f"{report.due_today} due today · {report.new} new · streak {streak} d",
                    f"今天：已复习 {report.reviews_today} · 现在到期 {report.due_now} · "
                    f"今日到期 {report.due_today} · 新卡 {report.new} · 连续 {streak} 天",
                ),
                lang,
            )
        )
        self._fill_table(report, lang)
        hint = T(
            "Enter: study the selected deck · a: all · t: a tag · ctrl+p: commands",
            "回车：学习选中的牌组 · a：全部 · t：按标签 · ctrl+p：命令面板",
        )
        self.query_one("#home-hint", Static).update(tr(hint, lang))

    def _fill_table(self, report: Any, lang: str) -> None:
        table = self.query_one("#decks", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        table.add_column(tr(T("Deck", "牌组"), lang), key="deck")
        for key, en, zh in (
            ("new", "New", "新卡"),
            ("due", "Due", "到期"),
            ("learned", "Learned", "已学"),
        ):
            table.add_column(tr(T(en, zh), lang), key=key)
        table.add_column(tr(T("Mastery", "掌握度"), lang), key="mastery")
        decks = report.decks
        names = self.app.library.decks  # type: ignore[attr-defined]
        total = sum(d.cards for d in decks)
        mastery = sum(d.mastery * d.cards for d in decks) / total if total else 0.0
        table.add_row(
            tr(T("All decks", "全部牌组"), lang),
            sum(d.new for d in decks),
            sum(d.due for d in decks),
            sum(d.learned for d in decks),
            f"{bar(mastery, 12)} {mastery:4.0%}",
            key=ALL,
        )
        for d in decks:
            name = names[d.deck].name if d.deck in names else None
            shown = (
                d.deck
                if name is None
                else (name.get("both").replace("\n", " / ") if lang == "both" else tr(name, lang))
            )
            table.add_row(
                shown, d.new, d.due, d.learned, f"{bar(d.mastery, 12)} {d.mastery:4.0%}", key=d.deck
            )
        if row:
            table.move_cursor(row=min(row, table.row_count - 1))

    # --- actions ------------------------------------------------------------------------------

    def _selected_deck(self) -> str | None:
        table = self.query_one("#decks", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return key

    @on(DataTable.RowSelected, "#decks")
    def deck_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_study_selected()

    def action_study_selected(self) -> None:
        deck = self._selected_deck()
        if deck is None:
            return
        self.app.start_study(() if deck == ALL else (deck,))  # type: ignore[attr-defined]

    def action_study_all(self) -> None:
        self.app.start_study()  # type: ignore[attr-defined]

    def action_study_tag(self) -> None:
        app: Any = self.app
        if app.library is None:
            return

        def chosen(tag: str | None) -> None:
            if tag:
                app.start_study((), (tag,))

        counts: dict[str, int] = {}
        for card in app.library.cards.values():
            for tag in card.tags:
                counts[tag] = counts.get(tag, 0) + 1
        self.app.push_screen(TagPicker(counts), chosen)


class TagPicker(ModalScreen[str | None]):
    """Choose a tag to study (Enter), or Esc."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", label("leave"))]

    def __init__(self, counts: dict[str, int]) -> None:
        super().__init__()
        self.counts = counts

    def compose(self) -> ComposeResult:
        lang = self.app.lang  # type: ignore[attr-defined]
        with Vertical(id="tag-picker"):
            yield Static(tr(T("Study cards with the tag:", "学习带有此标签的卡片："), lang))
            yield OptionList(
                *[Option(f"{tag}  ({n})", id=tag) for tag, n in sorted(self.counts.items())]
            )

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
