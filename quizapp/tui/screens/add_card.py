"""Add card: a form for flashcard, cloze, choice and numeric cards, validated as you type, that
appends the card to the user bank ``$QUIZAPP_HOME/banks/<deck>.yaml``.

The form builds the same card dict a person would write (:mod:`quizapp.interop.carddata`);
:func:`quizapp.bank.write.plan_append` lays it out as YAML after the file's existing bytes
and validates the whole new file with the bank loader, so what the form accepts is exactly what
``quizapp validate`` accepts; :func:`~quizapp.bank.write.write` then replaces the file
atomically.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Select, Static, TextArea

from quizapp.bank.model import Text
from quizapp.tui.i18n import T, label, tr

FORM_KINDS = ("flashcard", "cloze", "choice", "numeric")
DEFAULT_DECK = "my-cards"
VALIDATE_DELAY = 0.3

#: (widget id prefix, label, kinds it belongs to) of the bilingual text fields.
TEXT_FIELDS: list[tuple[str, Text, tuple[str, ...]]] = [
    ("front", T("Front (question)", "正面（问题）"), ("flashcard",)),
    ("back", T("Back (answer)", "背面（答案）"), ("flashcard",)),
    ("text", T("Text with deletions {{c1::answer}}", "带填空的文字 {{c1::答案}}"), ("cloze",)),
    (
        "question",
        T(
            "Question (numeric: {input} inserts an input)",
            "问题（计算题中 {输入名} 会替换为输入值）",
        ),
        ("choice", "numeric"),
    ),
    ("solution", T("Worked solution (optional)", "解题过程（可选）"), ("numeric",)),
    ("explanation", T("Explanation (optional)", "解释（可选）"), FORM_KINDS),
]


def _split(value: str, sep: str = ",") -> list[str]:
    return [part.strip() for part in value.split(sep) if part.strip()]


def bilingual(en: str, zh: str) -> dict[str, str] | None:
    """A text field's YAML mapping from the two inputs (missing languages left out)."""
    out = {lang: v.strip() for lang, v in (("en", en), ("zh", zh)) if v.strip()}
    return out or None


def parse_options(text: str) -> list[dict[str, Any]]:
    """Choice options, one per line: ``* `` marks a correct one; ``English | 中文`` gives both
    languages (one side alone is fine)."""
    options: list[dict[str, Any]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        correct = line.startswith("*")
        line = line.lstrip("*").strip()
        en, bar, zh = line.partition("|")
        if not bar:
            zh = ""
            if re.search(r"[\u4e00-\u9fff]", en):  # one language only: put Chinese under zh
                en, zh = "", en
        option: dict[str, Any] = {"text": bilingual(en, zh) or {"en": ""}}
        if correct:
            option["correct"] = True
        options.append(option)
    return options


def parse_accept(text: str) -> dict[str, list[str]] | None:
    """``c1 = l2 norm | 2-norm; c2 = ...`` -> ``{"c1": ["l2 norm", "2-norm"], ...}``."""
    out: dict[str, list[str]] = {}
    for part in _split(text, ";"):
        key, eq, values = part.partition("=")
        if not eq:
            key, values = "c1", part
        out[key.strip()] = _split(values, "|")
    return out or None


def parse_args(text: str) -> dict[str, Any]:
    """``y_true=y_true, delta=0.5`` -> a solver call's args (numbers stay numbers)."""
    out: dict[str, Any] = {}
    for part in _split(text):
        key, eq, value = part.partition("=")
        if not eq:
            raise ValueError(f"{part!r}: write PARAM=INPUT")
        value = value.strip()
        try:
            out[key.strip()] = float(value) if "." in value else int(value)
        except ValueError:
            out[key.strip()] = value
    return out


class AddCardScreen(Screen[None]):
    """The add-card form."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", label("leave")),
        Binding("ctrl+s", "save", label("save"), priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.plan: Any = None
        self.problems: list[str] = []
        self.validation_pending = False  # an edit not yet checked (tests wait on it)
        self._timer: Any = None
        self._generation = 0

    def compose(self) -> ComposeResult:
        from quizapp.paths import user_banks_dir
        from solvers.registry import names

        folder = user_banks_dir()
        user_decks = sorted(f.stem for f in folder.glob("*.yaml")) if folder.is_dir() else []
        with VerticalScroll(id="add-form"):
            yield Label("", id="l-kind")
            with Horizontal(classes="pair"):
                yield Select(
                    [(k, k) for k in FORM_KINDS],
                    value="flashcard",
                    allow_blank=False,
                    id="kind",
                    compact=True,
                )
                yield Input(user_decks[0] if user_decks else DEFAULT_DECK, id="deck", compact=True)
            yield Label("", id="l-id")
            with Horizontal(classes="pair"):
                yield Input(id="card-id", compact=True)
                yield Input(id="tags", compact=True)
            for name, _, kinds in TEXT_FIELDS:
                with Vertical(classes="group " + " ".join(f"k-{k}" for k in kinds)):
                    yield Label("", id=f"l-{name}")
                    with Horizontal(classes="pair"):
                        yield Input(id=f"{name}-en", placeholder="English", compact=True)
                        yield Input(id=f"{name}-zh", placeholder="中文", compact=True)
            with Vertical(classes="group k-cloze"):
                yield Label("", id="l-accept")
                yield Input(id="accept", compact=True)
            with Vertical(classes="group k-choice"):
                yield Label("", id="l-options")
                yield TextArea(id="options", soft_wrap=True)
            with Vertical(classes="group k-numeric"):
                yield Label("", id="l-inputs")
                yield TextArea(id="inputs", soft_wrap=True)
                yield Label("", id="l-solver")
                yield Select(
                    [(n, n) for n in names() if not n.startswith("explain.")],
                    id="solver",
                    compact=True,
                )
                yield Input(id="args", compact=True)
                yield Label("", id="l-tol")
                with Horizontal(classes="pair"):
                    yield Input("0.001", id="tol-abs", compact=True)
                    yield Input("0.001", id="tol-rel", compact=True)
        yield Static("", id="add-problems", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.app.localize_screen(self)  # type: ignore[attr-defined]
        self.watch(self.app, "lang", self.paint, init=False)
        self.paint()
        self._show_kind()
        self.query_one("#front-en", Input).focus()
        self.validate()

    # --- labels -------------------------------------------------------------------------------

    def paint(self) -> None:
        lang: str = self.app.lang  # type: ignore[attr-defined]

        def put(widget_id: str, text: Text) -> None:
            self.query_one(f"#{widget_id}", Label).update(tr(text, lang))

        put(
            "l-kind",
            T(
                "Kind · deck id (the file is $QUIZAPP_HOME/banks/<deck>.yaml)",
                "题型 · 牌组 ID（文件为 $QUIZAPP_HOME/banks/<牌组>.yaml）",
            ),
        )
        put(
            "l-id",
            T(
                "Card id (empty: made from the text) · tags (comma-separated)",
                "卡片 ID（留空则根据内容生成）· 标签（逗号分隔）",
            ),
        )
        for name, text, _ in TEXT_FIELDS:
            put(f"l-{name}", text)
        put(
            "l-accept",
            T(
                "Accepted alternatives, e.g. c1 = l2 norm | 2-norm; c2 = …",
                "其他可接受的答案，如 c1 = L2 范数 | 二范数; c2 = …",
            ),
        )
        put(
            "l-options",
            T(
                "Options, one per line: * marks a correct one; English | 中文",
                "选项，每行一个：* 表示正确；English | 中文",
            ),
        )
        put(
            "l-inputs",
            T(
                "Inputs, one per line: NAME=TYPE:ITEMS, e.g. y=vector:size=4,-3..3",
                "输入，每行一个：名称=类型:参数，如 y=vector:size=4,-3..3",
            ),
        )
        put(
            "l-solver",
            T(
                "Answer solver · its args (PARAM=INPUT, comma-separated)",
                "求解器 · 参数（参数=输入名，逗号分隔）",
            ),
        )
        put("l-tol", T("Tolerance: absolute · relative", "允许误差：绝对 · 相对"))
        self.query_one("#card-id", Input).placeholder = "id"
        self.query_one("#tags", Input).placeholder = tr(T("tags", "标签"), lang)
        self.query_one("#args", Input).placeholder = "y_true=y_true, y_pred=y_pred"
        self._paint_status()

    def _paint_status(self) -> None:
        lang: str = self.app.lang  # type: ignore[attr-defined]
        status = self.query_one("#add-problems", Static)
        ok = self.plan is not None and not self.problems
        status.set_class(ok, "-ok")
        status.set_class(not ok, "-bad")
        if ok:
            head = tr(
                T(
                    f"✓ Valid. ctrl+s adds {self.plan.ids[0]} to {self.plan.path}",
                    f"✓ 有效。ctrl+s 把 {self.plan.ids[0]} 添加到 {self.plan.path}",
                ),
                lang,
            )
            status.update(head + "\n" + self.plan.added.strip("\n"))
        elif self.problems:
            status.update("\n".join(self.problems))
        else:
            status.update(tr(T("Checking…", "正在检查…"), lang))

    # --- the card -------------------------------------------------------------------------

    def _value(self, widget_id: str) -> str:
        widget = self.query_one(f"#{widget_id}")
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Select):
            return "" if widget.value == Select.NULL else str(widget.value)
        return str(widget.value)  # type: ignore[attr-defined]

    def kind(self) -> str:
        return self._value("kind")

    def card_data(self) -> tuple[str, dict[str, Any]]:
        """``(deck id, card dict)`` from the form; ValueError for a field that does not parse."""
        from quizapp.interop.carddata import make_card, parse_input_spec

        kind = self.kind()
        texts = {
            name: bilingual(self._value(f"{name}-en"), self._value(f"{name}-zh"))
            for name, _, kinds in TEXT_FIELDS
            if kind in kinds
        }
        fields: dict[str, Any] = {}
        if kind == "flashcard":
            fields = {"front": texts["front"] or {"en": ""}, "back": texts["back"] or {"en": ""}}
        elif kind == "cloze":
            fields = {
                "text": texts["text"] or {"en": ""},
                "accept": parse_accept(self._value("accept")),
            }
        elif kind == "choice":
            fields = {
                "question": texts["question"] or {"en": ""},
                "options": parse_options(self._value("options")),
            }
        elif kind == "numeric":
            inputs = dict(
                parse_input_spec(line.strip())
                for line in self._value("inputs").splitlines()
                if line.strip()
            )
            answer: dict[str, Any] = {
                "solver": self._value("solver"),
                "args": parse_args(self._value("args")),
            }
            tolerance = {
                k: float(v)
                for k, v in (("abs", self._value("tol-abs")), ("rel", self._value("tol-rel")))
                if v.strip()
            }
            if tolerance:
                answer["tolerance"] = tolerance
            fields = {
                "question": texts["question"] or {"en": ""},
                "inputs": inputs,
                "answer": answer,
                "solution": texts["solution"],
            }
        fields["explanation"] = texts["explanation"]
        data = make_card(
            kind,
            fields,
            lang="en",
            card_id=self._value("card-id").strip() or None,
            tags=_split(self._value("tags")),
        )
        return self._value("deck").strip(), data

    # --- validation -------------------------------------------------------------------------

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def changed(self, event: Any) -> None:
        if getattr(event, "select", None) is not None and event.select.id == "kind":
            self._show_kind()
        if self._timer is not None:
            self._timer.stop()
        self.validation_pending = True
        self._timer = self.set_timer(VALIDATE_DELAY, self.validate)

    def _show_kind(self) -> None:
        kind = self.kind()
        for group in self.query(".group"):
            group.display = group.has_class(f"k-{kind}")

    def missing(self) -> list[str]:
        """The required fields left empty, as messages."""
        lang: str = self.app.lang  # type: ignore[attr-defined]
        required = {
            "flashcard": ("front", "back"),
            "cloze": ("text",),
            "choice": ("question",),
            "numeric": ("question",),
        }[self.kind()]
        out = []
        for name, text, _ in TEXT_FIELDS:
            if name in required and not (
                self._value(f"{name}-en").strip() or self._value(f"{name}-zh").strip()
            ):
                out.append(
                    tr(
                        T(
                            f"{text.en}: write it in English, Chinese or both.",
                            f"{text.zh}：请用英文、中文或两者填写。",
                        ),
                        lang,
                    )
                )
        if self.kind() == "choice" and not self._value("options").strip():
            out.append(
                tr(
                    T(
                        "Options: one per line, * before the correct one(s).",
                        "选项：每行一个，正确选项前加 *。",
                    ),
                    lang,
                )
            )
        if self.kind() == "numeric" and not self._value("solver"):
            out.append(
                tr(
                    T("Choose the solver that computes the answer.", "请选择计算答案的求解器。"),
                    lang,
                )
            )
        return out

    def validate(self) -> None:
        """Check the form now (the bank loader runs in a worker); the status line shows the
        result."""
        self._generation += 1
        missing = self.missing()
        if missing:
            self.plan, self.problems = None, missing
            self.validation_pending = False
            self._paint_status()
            return
        try:
            deck, data = self.card_data()
        except ValueError as exc:
            self.plan, self.problems = None, [str(exc)]
            self.validation_pending = False
            self._paint_status()
            return
        self._check(deck, data, self._generation)

    @work(thread=True, exclusive=True, group="validate")
    def _check(self, deck: str, data: dict[str, Any], generation: int) -> None:
        plan, problems = self.prepare(deck, data)
        self.app.call_from_thread(self._checked, plan, problems, generation)

    def prepare(self, deck: str, data: dict[str, Any]) -> tuple[Any, list[str]]:
        """Plan the append: ``(plan, [])`` when the card would validate, else ``(None,
        problems)`` (each as text)."""
        from quizapp.bank.write import BankWriteError, plan_append, user_bank_path

        app: Any = self.app
        if not deck:
            return None, [tr(T("Give a deck id.", "请填写牌组 ID。"), app.lang)]
        taken = set(app.library.cards)
        try:
            plan = plan_append(user_bank_path(deck), [data], deck_id=deck, taken=taken)
        except BankWriteError as exc:
            return None, [str(exc), *(f"line {p.line}: {p.message}" for p in exc.problems)]
        return plan, []

    def _checked(self, plan: Any, problems: list[str], generation: int) -> None:
        if generation != self._generation:
            return  # the form changed meanwhile
        self.plan, self.problems = plan, problems
        self.validation_pending = False
        self._paint_status()

    # --- saving -------------------------------------------------------------------------------

    def action_save(self) -> None:
        from quizapp.bank.write import BankWriteError, write

        app: Any = self.app
        try:
            problems = self.missing()
            deck, data = self.card_data()
        except ValueError as exc:
            problems = [str(exc)]
        plan = None
        if not problems:
            plan, problems = self.prepare(deck, data)
        if plan is None:
            self.plan, self.problems = None, problems
            self._paint_status()
            app.notify(
                tr(
                    T("The card has problems; nothing was written.", "卡片有错误，未写入。"),
                    app.lang,
                ),
                severity="error",
            )
            return
        try:
            write(plan)
        except BankWriteError as exc:
            app.notify(str(exc), severity="error")
            return
        app.notify(
            tr(
                T(f"Added {plan.ids[0]} to {plan.path}", f"已添加 {plan.ids[0]} 到 {plan.path}"),
                app.lang,
            ),
            timeout=6,
        )
        if plan.path not in app.banks and app.include_user is False:
            app.banks.append(plan.path)  # a run without user banks still sees the new card
        app.reload_library(self._after_save)

    def _after_save(self) -> None:
        for widget in self.query(Input):
            if widget.id not in ("deck", "tol-abs", "tol-rel", "tags"):
                widget.value = ""
        for area in self.query(TextArea):
            area.load_text("")
        self.query_one("#front-en", Input).focus()
        self.validate()

    def action_leave(self) -> None:
        self.dismiss()
