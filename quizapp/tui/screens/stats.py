"""Stats: reviews per day (30 or 90 days), true retention, the due forecast, per-deck mastery and
the streak, as block-character plots with the numbers beside them (from :mod:`quizapp.stats`)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, ClassVar

from rich.cells import cell_len
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from quizapp.tui.i18n import T, label, tr
from quizapp.tui.widgets.charts import bar, bar_rows, bin_labels, bucket, column_chart

HISTORY_DAYS = 90
FORECAST_DAYS = 30


class StatsScreen(Screen[None]):
    """Progress at a glance."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", label("leave")),
        Binding("d", "toggle_days", label("toggle_days")),
        Binding("r", "refresh", label("refresh")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.report: Any = None
        self.today: date | None = None
        self.days = 30

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="stats"):
            yield Static("", id="numbers")
            yield Static("", classes="section", id="sec-reviews")
            yield Static("", classes="chart", id="reviews", markup=False)
            yield Static("", classes="section", id="sec-minutes")
            yield Static("", classes="chart", id="minutes", markup=False)
            yield Static("", classes="section", id="sec-retention")
            yield Static("", classes="chart", id="retention", markup=False)
            yield Static("", classes="section", id="sec-calibration")
            yield Static("", classes="chart", id="calibration", markup=False)
            yield Static("", classes="section", id="sec-forecast")
            yield Static("", classes="chart", id="forecast", markup=False)
            yield Static("", classes="section", id="sec-mastery")
            yield Static("", classes="chart", id="mastery", markup=False)
            yield Static("", classes="section", id="sec-stability")
            yield Static("", classes="chart", id="stability", markup=False)
            yield Static("", classes="section", id="sec-difficulty")
            yield Static("", classes="chart", id="difficulty", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.app.localize_screen(self)  # type: ignore[attr-defined]
        self.watch(self.app, "lang", self.paint, init=False)
        self.paint()
        self.compute()

    @work(thread=True, exclusive=True, group="stats")
    def compute(self) -> None:
        from quizapp import stats
        from quizapp.study import day_start

        app: Any = self.app
        now = app.clock()
        report = stats.compute(
            app.store, app.library, now, history_days=HISTORY_DAYS, forecast_days=FORECAST_DAYS
        )
        hour = int(app.store.settings()["day_starts_at_hour"])
        today = day_start(now, hour).astimezone().date()
        app.call_from_thread(self._show, report, today)

    def _show(self, report: Any, today: date) -> None:
        self.report, self.today = report, today
        self.paint()

    def paint(self) -> None:
        app: Any = self.app
        lang = app.lang
        r = self.report
        if r is None or self.today is None:
            self.query_one("#numbers", Static).update(tr(T("Computing…", "正在计算…"), lang))
            return
        retention = (
            f"{r.retention_30d:.1%} (n={r.retention_reviews_30d})"
            if r.retention_30d is not None
            else "—"
        )
        self.query_one("#numbers", Static).update(
            tr(
                T(
                    f"Cards [b]{r.cards}[/b] · new [b]{r.new}[/b] · due now [b]{r.due_now}[/b] · "
                    f"due today [b]{r.due_today}[/b]\n"
                    f"Reviews [b]{r.reviews_total}[/b] · today [b]{r.reviews_today}[/b] · "
                    f"streak [b]{r.streak_days}[/b] d · orphaned ids [b]{len(r.orphaned)}[/b]\n"
                    f"True retention, last 30 days: [b]{retention}[/b]",
                    f"卡片 [b]{r.cards}[/b] · 新卡 [b]{r.new}[/b] · 现在到期 [b]{r.due_now}[/b] · "
                    f"今日到期 [b]{r.due_today}[/b]\n"
                    f"复习 [b]{r.reviews_total}[/b] 次 · 今天 [b]{r.reviews_today}[/b] · "
                    f"连续 [b]{r.streak_days}[/b] 天 · 孤立记录 [b]{len(r.orphaned)}[/b]\n"
                    f"近 30 天真实记忆保持率：[b]{retention}[/b]",
                ),
                lang,
            )
        )

        width = max(20, self.size.width - 12)
        values = r.reviews_per_day[-self.days :]
        days = [self.today - timedelta(days=len(values) - 1 - i) for i in range(len(values))]
        _, size = bucket(values, width)
        per = tr(T(f" (1 column = {size} days)", f"（每列 {size} 天）"), lang) if size > 1 else ""
        self.query_one("#sec-reviews", Static).update(
            tr(
                T(
                    f"Reviews per day, last {self.days} days: total {sum(values)}, "
                    f"mean {sum(values) / max(1, len(values)):.1f}/day",
                    f"近 {self.days} 天每日复习量：共 {sum(values)}，"
                    f"平均每天 {sum(values) / max(1, len(values)):.1f}",
                ),
                lang,
            )
            + per
        )
        self.query_one("#reviews", Static).update(column_chart(values, days, width=width))

        forecast = r.forecast
        fdays = [self.today + timedelta(days=i) for i in range(len(forecast))]
        self.query_one("#sec-forecast", Static).update(
            tr(
                T(
                    f"Due in the next {len(forecast)} days: {sum(forecast)} "
                    f"(today {forecast[0] if forecast else 0})",
                    f"未来 {len(forecast)} 天到期：{sum(forecast)}"
                    f"（今天 {forecast[0] if forecast else 0}）",
                ),
                lang,
            )
        )
        self.query_one("#forecast", Static).update(column_chart(forecast, fdays, width=width))

        self.query_one("#sec-mastery", Static).update(
            tr(
                T(
                    "Mastery per deck (mean recall probability now; new cards count 0)",
                    "各牌组掌握度（当前平均提取概率，新卡计为 0）",
                ),
                lang,
            )
        )
        self.query_one("#mastery", Static).update(self._mastery(lang))
        self._paint_figures(lang, width)

    def _paint_figures(self, lang: str, width: int) -> None:
        """Minutes per day, true retention, calibration and the two distributions."""
        r = self.report
        minutes = r.minutes_per_day[-self.days :]
        days = [self.today - timedelta(days=len(minutes) - 1 - i) for i in range(len(minutes))]  # type: ignore[operator]
        self.query_one("#sec-minutes", Static).update(
            tr(
                T(
                    f"Minutes per day, last {self.days} days: total {sum(minutes):.0f}",
                    f"近 {self.days} 天每日学习分钟数：共 {sum(minutes):.0f}",
                ),
                lang,
            )
        )
        self.query_one("#minutes", Static).update(
            column_chart([round(m) for m in minutes], days, width=width, height=4)  # type: ignore[arg-type]
        )
        self.query_one("#sec-retention", Static).update(
            tr(
                T(
                    "True retention (review-state cards, passed = not Again; mature: interval "
                    ">= 21 days)",
                    "真实记忆保持率（复习状态的卡片，未选「重来」即通过；成熟：间隔 ≥ 21 天）",
                ),
                lang,
            )
        )
        self.query_one("#retention", Static).update(_retention_table(r.true_retention))
        self.query_one("#sec-calibration", Static).update(
            tr(
                T(
                    "Calibration, last 365 days: predicted recall vs actual pass rate",
                    "校准（近 365 天）：预测提取概率与实际通过率",
                ),
                lang,
            )
        )
        self.query_one("#calibration", Static).update(_calibration_table(r.calibration))
        bars = max(10, min(30, width - 24))
        for key, hist, en, zh in (
            ("stability", r.stability_histogram, "Stability (days)", "稳定性（天）"),
            ("difficulty", r.difficulty_histogram, "Difficulty (1-10)", "难度（1-10）"),
        ):
            self.query_one(f"#sec-{key}", Static).update(
                tr(T(f"{en}: cards per bin", f"{zh}：各区间卡片数"), lang)
            )
            self.query_one(f"#{key}", Static).update(
                bar_rows(bin_labels(hist["edges"]), hist["counts"], width=bars)
            )

    def _mastery(self, lang: str) -> str:
        library = self.app.library  # type: ignore[attr-defined]
        rows = []
        for d in self.report.decks:
            deck = library.decks.get(d.deck)
            rows.append((tr(deck.name, lang) if deck else d.deck, d))
        name_w = min(24, max((cell_len(n) for n, _ in rows), default=4))
        lines = []
        for name, d in rows:
            while cell_len(name) > name_w:
                name = name[:-1]
            pad = " " * (name_w - cell_len(name))
            recall = f"{d.recall:4.0%}" if d.recall is not None else "   -"
            lines.append(
                f"{name}{pad} {bar(d.mastery, 20)} {d.mastery:4.0%}  {d.learned}/{d.cards}"
                f"  M {d.mature}  R {recall}"
            )
        return "\n".join(lines)

    def action_toggle_days(self) -> None:
        self.days = 90 if self.days == 30 else 30
        self.paint()

    def action_refresh(self) -> None:
        self.compute()

    def action_leave(self) -> None:
        self.dismiss()

    def on_resize(self) -> None:
        self.paint()


def _percent(value: float | None) -> str:
    return f"{value:4.0%}" if value is not None else "   -"


def _retention_table(retention: dict[str, dict[str, Any]]) -> str:
    """Rows of true retention per window: young, mature and all as ``rate (n)`` (ASCII)."""
    lines = [f"{'':>9} {'young':>11} {'mature':>11} {'all':>11}"]
    for window, split in retention.items():
        cells = [
            f"{_percent(split[k]['rate'])} ({split[k]['total']})".rjust(11)
            for k in ("young", "mature", "all")
        ]
        lines.append(f"{window:>9} " + " ".join(cells))
    return "\n".join(lines)


def _calibration_table(bins: list[dict[str, Any]]) -> str:
    """The bins that hold reviews: predicted recall, actual pass rate (as a bar) and count."""
    lines = [f"{'bin':>7} {'pred':>5} {'actual':>6}  {'':20} n"]
    for b in bins:
        if b["reviews"]:
            lines.append(
                f"{b['low']:.1f}-{b['high']:.1f} {_percent(b['predicted']):>5} "
                f"{_percent(b['actual']):>6}  {bar(b['actual'], 20)} {b['reviews']}"
            )
    return "\n".join(lines) if len(lines) > 1 else lines[0] + "\n(no reviews yet)"
