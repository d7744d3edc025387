"""Browse: search the cards by text (English or Chinese), deck, tag, kind and state; Enter opens
a card's details. The scheduling data is read once in a worker; filtering is in memory."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Select, Static

from quizapp import render
from quizapp.bank.model import KINDS
from quizapp.tui import search
from quizapp.tui.i18n import T, label, tr

STATE_NAMES = {
    "new": T("new", "新卡"),
    "learning": T("learning", "学习中"),
    "review": T("review", "复习"),
    "due": T("due", "到期"),
    "suspended": T("suspended", "已暂停"),
    "flagged": T("flagged", "已标记"),
    "orphaned": T("orphaned", "孤立记录"),
}


def snippet(card: Any, lang: str) -> str:
    """The card's prompt in ``lang`` (cloze deletions filled in, bracketed)."""
    if card.kind == "cloze":
        from quizapp.grading.cloze import expected_text

        return render.text(expected_text(card), lang)
    return render.text(card.prompt, lang)


class BrowseScreen(Screen[None]):
    """Card search."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", label("leave")),
        Binding("slash", "focus_search", label("focus_search")),
        Binding("ctrl+o", "open_card", label("open_card"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.all_rows: list[search.Row] = []
        self.keys: dict[str, str] = {}
        self.shown: list[search.Row] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="browse"):
            with Horizontal(classes="filters"):
                yield Input(id="search", compact=True)
                yield Select([], id="state", compact=True)
            with Horizontal(classes="filters"):
                yield Select([], id="deck", compact=True)
                yield Select([], id="tag", compact=True)
                yield Select([], id="kind", compact=True)
            yield DataTable(id="results", cursor_type="row", zebra_stripes=True)
            yield Static("", id="count")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.app.localize_screen(self)  # type: ignore[attr-defined]
        self.watch(self.app, "lang", self._relabel, init=False)
        self.watch(self.app, "data_version", self.load, init=False)  # type: ignore[arg-type]
        self._relabel()
        self.query_one("#results", DataTable).loading = True
        self.query_one("#search", Input).focus()
        self.load()

    def on_screen_resume(self) -> None:
        if self.all_rows:
            self.load()  # a card may have been suspended or flagged in its details

    @work(thread=True, exclusive=True, group="browse")
    def load(self) -> None:
        """Read states, marks and logged ids (thread: SQL), then build the rows."""
        from quizapp import catalog

        app: Any = self.app
        library = app.library
        seen = catalog.overview(app.store)
        rows = search.rows(library.cards, seen.states, seen.marks, seen.logged, app.clock())
        keys = {cid: search.haystack(card) for cid, card in library.cards.items()}
        app.call_from_thread(self._loaded, rows, keys)

    def _loaded(self, rows: list[search.Row], keys: dict[str, str]) -> None:
        self.all_rows, self.keys = rows, keys
        self.query_one("#results", DataTable).loading = False
        self._relabel()

    def _relabel(self) -> None:
        """Placeholders, select options and columns in the current language."""
        app: Any = self.app
        lang = app.lang
        self.query_one("#search", Input).placeholder = tr(
            T("Search text (English or 中文), id or tag", "搜索文字（中英文均可）、ID 或标签"), lang
        )
        library = app.library
        self._options(
            "#state",
            [(tr(STATE_NAMES[s], lang), s) for s in search.STATES],
            tr(T("any state", "任意状态"), lang),
        )
        decks = (
            [] if library is None else [(tr(d.name, lang), d.id) for d in library.decks.values()]
        )
        self._options("#deck", decks, tr(T("any deck", "任意牌组"), lang))
        tags = [] if library is None else [(t, t) for t in library.tags]
        self._options("#tag", tags, tr(T("any tag", "任意标签"), lang))
        self._options(
            "#kind",
            [(render.text(render.KIND_NAMES[k], lang), k) for k in KINDS],
            tr(T("any kind", "任意题型"), lang),
        )
        self.refilter()

    def _options(self, selector: str, options: list[tuple[str, str]], prompt: str) -> None:
        select: Select[str] = self.query_one(selector, Select)
        value = select.value
        select.prompt = prompt
        with self.prevent(Select.Changed):
            select.set_options(options)
            if value != Select.NULL and any(v == value for _, v in options):
                select.value = value

    def _value(self, selector: str) -> str | None:
        value = self.query_one(selector, Select).value
        return None if value == Select.NULL else str(value)

    @on(Input.Changed, "#search")
    @on(Select.Changed)
    def refilter(self) -> None:
        """Apply the filters and show the results."""
        lang: str = self.app.lang  # type: ignore[attr-defined]
        self.shown = search.search(
            self.all_rows,
            self.query_one("#search", Input).value,
            deck=self._value("#deck"),
            tag=self._value("#tag"),
            kind=self._value("#kind"),
            state=self._value("#state"),
            keys=self.keys,
        )
        table = self.query_one("#results", DataTable)
        table.clear(columns=True)
        table.add_column(tr(T("Card", "卡片"), lang), key="id")
        table.add_column(tr(T("Kind", "题型"), lang), key="kind")
        table.add_column(tr(T("State", "状态"), lang), key="state")
        table.add_column(tr(T("Text", "内容"), lang), key="text")
        for row in self.shown[:500]:
            card = row.card
            kind = render.text(render.KIND_NAMES[card.kind], lang) if card else "—"
            state = tr(STATE_NAMES[row.state], lang)
            if row.suspended:
                state = tr(STATE_NAMES["suspended"], lang)
            elif row.due_now:
                state += "*"
            text = search.clip(snippet(card, lang), 40) if card else ""
            flag = "⚑ " if row.flagged else ""
            table.add_row(flag + row.card_id, kind, state, text, key=row.card_id)
        more = len(self.shown) - 500
        count = tr(
            T(
                f"{len(self.shown)} of {len(self.all_rows)} cards · * due · Enter: details",
                f"{len(self.shown)} / {len(self.all_rows)} 张卡片 · * 已到期 · 回车：详情",
            ),
            lang,
        )
        if more > 0:
            count += f" (+{more})"
        self.query_one("#count", Static).update(count)

    @on(Input.Submitted, "#search")
    def to_results(self) -> None:
        self.query_one("#results", DataTable).focus()

    @on(DataTable.RowSelected, "#results")
    def row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open(str(event.row_key.value))

    def action_open_card(self) -> None:
        table = self.query_one("#results", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            self.open(str(key))

    def open(self, card_id: str) -> None:
        from quizapp.tui.screens.card_detail import CardDetailScreen

        self.app.push_screen(CardDetailScreen(card_id))

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_leave(self) -> None:
        self.dismiss()
