"""A card's details: its text in both languages, where it is written, its scheduling state
(stability, difficulty, retrievability now, due) and its review history."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from quizapp import render
from quizapp.bank.model import Card, Text
from quizapp.tui.i18n import T, label, tr

if TYPE_CHECKING:
    from quizapp.catalog import CardDetails

STATE_NAMES = {1: T("learning", "学习中"), 2: T("review", "复习"), 3: T("relearning", "重新学习")}


def answer_text(card: Card, lang: str) -> str:
    """How a card's answer reads in ``lang``, whatever its kind."""
    kind = card.kind
    c: Any = card
    if kind == "flashcard":
        return render.text(c.back, lang)
    if kind == "cloze":
        from quizapp.grading.cloze import expected_text

        return render.text(expected_text(c), lang)
    if kind == "choice":
        return "\n".join(
            f"{'✓' if o.correct else '·'} {render.text(o.text, lang)}" for o in c.options
        )
    if kind == "order":
        return "\n".join(f"{i + 1}. {render.text(s, lang)}" for i, s in enumerate(c.steps))
    if kind == "numeric":
        solver = f"solver: {c.answer.solver}"
        return f"{render.text(c.solution, lang)}\n{solver}" if c.solution else solver
    if kind == "drill":
        hints = [f"- {render.text(h, lang)}" for h in c.hints]
        return "\n".join([f"{c.signature}", f"solver: {c.solver}", *hints])
    return ""


def _when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else "—"


class CardDetailScreen(Screen[None]):
    """Everything about one card (or an orphaned id's history)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", label("leave")),
        Binding("e", "edit", label("edit")),
        Binding("exclamation_mark", "toggle_suspend", label("toggle_suspend")),
        Binding("f", "toggle_flag", label("toggle_flag")),
    ]

    def __init__(self, card_id: str) -> None:
        super().__init__()
        self.card_id = card_id
        self.data: CardDetails | None = None

    @property
    def card(self) -> Card | None:
        return self.app.library.cards.get(self.card_id)  # type: ignore[attr-defined,no-any-return]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail"):
            yield Static("", id="detail-head")
            yield Static("", classes="section", id="sec-en")
            yield Static("", id="text-en", markup=False)
            yield Static("", classes="section", id="sec-zh")
            yield Static("", id="text-zh", markup=False)
            yield Static("", classes="section", id="sec-state")
            yield Static("", id="state", markup=False)
            yield Static("", classes="section", id="sec-history")
            yield DataTable(classes="history", id="history", cursor_type="row")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.app.localize_screen(self)  # type: ignore[attr-defined]
        self.watch(self.app, "lang", self.paint, init=False)
        self.paint()
        self.load()

    @work(thread=True, exclusive=True, group="detail")
    def load(self) -> None:
        """Read the card's state, marks and history (thread: SQL, FSRS)."""
        from quizapp import catalog

        app: Any = self.app
        app.call_from_thread(
            self._loaded, catalog.card_details(app.store, self.card_id, app.clock())
        )

    def _loaded(self, data: CardDetails) -> None:
        self.data = data
        self.paint()

    def paint(self) -> None:
        lang: str = self.app.lang  # type: ignore[attr-defined]
        card = self.card
        if card is None:
            card_id = escape(self.card_id)
            head = tr(
                T(
                    f"{card_id}\nOrphaned: this id has a review history but no card in your banks.",
                    f"{card_id}\n孤立记录：这个 ID 有复习记录，但题库里已没有这张卡片。",
                ),
                lang,
            )
        else:
            kind = render.text(render.KIND_NAMES[card.kind], lang)
            where = f"{card.origin.path}:{card.origin.line}" if card.origin else ""
            tags = ", ".join(card.tags) or "—"
            head = (
                f"[b]{escape(card.id)}[/b]  ·  {kind}  ·  {escape(card.deck)}\n"
                + tr(T("tags: ", "标签："), lang)
                + escape(tags)
                + "\n"
                + tr(T("written at: ", "位置："), lang)
                + escape(where)
            )
        self.query_one("#detail-head", Static).update(head)
        for code, title in (("en", "English"), ("zh", "中文")):
            self.query_one(f"#sec-{code}", Static).update(title)
            body = ""
            if card is not None:
                body = render.question(card, code) + "\n\n→ " + answer_text(card, code)
                if card.explanation is not None:
                    body += "\n\n" + render.text(card.explanation, code)
            self.query_one(f"#text-{code}", Static).update(body)
            self.query_one(f"#sec-{code}", Static).display = card is not None
        self.query_one("#sec-state", Static).update(tr(T("Scheduling", "调度状态"), lang))
        self.query_one("#sec-history", Static).update(tr(T("Review history", "复习记录"), lang))
        self.query_one("#state", Static).update(self._state_text(lang))
        self._fill_history(lang)

    def _state_text(self, lang: str) -> str:
        data = self.data
        if data is None:
            return "…"
        s, mark = data.state, data.mark
        marks = []
        if mark is not None and mark.suspended:
            marks.append(tr(T("suspended", "已暂停"), lang))
        if mark is not None and mark.flagged:
            marks.append(tr(T("flagged", "已标记"), lang))
        if mark is not None and mark.buried_until and mark.buried_until > data.now:
            marks.append(tr(T("buried until ", "隐藏至 "), lang) + _when(mark.buried_until))
        extra = ("  [" + ", ".join(marks) + "]") if marks else ""
        if s is None:
            return tr(T("new (never reviewed)", "新卡（从未复习）"), lang) + extra
        r = data.retrievability
        lines = [
            tr(T("state: ", "状态："), lang)
            + tr(STATE_NAMES.get(s.state, Text(en="?")), lang)
            + extra,
            tr(T("due: ", "到期："), lang) + _when(s.due),
            tr(T("last review: ", "上次复习："), lang) + _when(s.last_review),
            tr(T("stability: ", "稳定性："), lang)
            + (f"{s.stability:.2f} d" if s.stability is not None else "—"),
            tr(T("difficulty: ", "难度："), lang)
            + (f"{s.difficulty:.2f} / 10" if s.difficulty is not None else "—"),
            tr(T("retrievability now: ", "当前提取概率："), lang)
            + (f"{r:.1%}" if r is not None else "—"),
        ]
        return "\n".join(lines)

    def _fill_history(self, lang: str) -> None:
        from quizapp.render import RATING_NAMES
        from quizapp.study import Rating

        table = self.query_one("#history", DataTable)
        table.clear(columns=True)
        for key, en, zh in (
            ("when", "When", "时间"),
            ("rating", "Rating", "评分"),
            ("ok", "Right", "正确"),
            ("time", "Time", "用时"),
            ("answer", "Answer", "回答"),
        ):
            table.add_column(tr(T(en, zh), lang), key=key)
        history = self.data.history if self.data else []
        for review in reversed(history):
            ok = {True: "✓", False: "✗", None: "—"}[review.correct]
            seconds = f"{review.duration_ms / 1000:.0f}s" if review.duration_ms else "—"
            table.add_row(
                _when(review.reviewed_at),
                tr(RATING_NAMES[Rating(review.rating)], lang),
                ok,
                seconds,
                (review.answer or "")[:30],
            )
        if not history:
            table.add_row(tr(T("no reviews yet", "还没有复习记录"), lang), "", "", "", "")

    # --- actions ------------------------------------------------------------------------------

    def action_leave(self) -> None:
        self.dismiss()

    def action_edit(self) -> None:
        card = self.card
        if card is None or card.origin is None:
            return
        app: Any = self.app
        if app.open_in_editor(card.origin.path, card.origin.line):
            app.reload_library(self.paint)

    def action_toggle_suspend(self) -> None:
        from quizapp import catalog

        mark = self.data.mark if self.data else None
        app: Any = self.app
        catalog.set_suspended(app.store, self.card_id, not (mark and mark.suspended))
        self.load()

    def action_toggle_flag(self) -> None:
        from quizapp import catalog

        mark = self.data.mark if self.data else None
        app: Any = self.app
        catalog.set_flagged(app.store, self.card_id, not (mark and mark.flagged))
        self.load()
