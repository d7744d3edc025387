"""One view per card kind for the Study screen.

A view shows the question in the current language, collects the answer and posts it as
:class:`Answered` (the screen grades it through the study engine), then shows the feedback.
Everything shown is re-rendered from state on :meth:`CardView.set_lang`, so the language can be
switched at any moment without losing the answer or the feedback.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from quizapp import render
from quizapp.bank.model import Text
from quizapp.grading.choice import key_for
from quizapp.grading.verdict import Verdict
from quizapp.tui.i18n import T, tr
from quizapp.tui.widgets.choices import ChoiceList, OrderList


class ViewReady(Message):
    """A view is mounted and painted: the answer widget can take the focus."""

    def __init__(self, view: Widget) -> None:
        super().__init__()
        self.view = view


class Answered(Message):
    """The user gave ``answer`` (in the form :meth:`Study.check` takes)."""

    def __init__(self, answer: Any) -> None:
        super().__init__()
        self.answer = answer


class CardView(VerticalScroll):
    """Base view: the question, an answer area, an error line and the feedback."""

    def __init__(self, presented: Any, lang: str, instance: Any = None) -> None:
        super().__init__(classes="cardview")
        self.presented = presented
        self.card = presented.card
        self.lang = lang
        self.instance = instance
        self.verdict: Verdict | None = None
        self.error: Text | None = None

    def compose(self) -> ComposeResult:
        yield Static("", markup=False, classes="question")
        yield from self.answer_area()
        yield Static("", markup=False, classes="error")
        yield Static("", markup=False, classes="feedback")

    def answer_area(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        try:
            self.paint()
        except NoMatches:  # removed before it finished mounting (the user moved on)
            return
        self.post_message(ViewReady(self))

    def question_text(self) -> str:
        question = self.instance.question if self.instance is not None else None
        return render.question(
            self.card, self.lang, order=self.presented.order, instance_question=question
        )

    def feedback_text(self) -> str:
        if self.verdict is None:
            return ""
        parts = [render.verdict(self.verdict, self.lang)]
        if self.card.explanation is not None:
            parts.append(render.text(self.card.explanation, self.lang))
        return "\n\n".join(p for p in parts if p)

    def paint(self) -> None:
        """Render every text from state in the current language."""
        self.query_one(".question", Static).update(self.question_text())
        error = self.query_one(".error", Static)
        error.update(tr(self.error, self.lang) if self.error else "")
        error.display = self.error is not None
        feedback = self.query_one(".feedback", Static)
        feedback.update(self.feedback_text())
        feedback.display = self.verdict is not None

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self.paint()

    def show_error(self, message: Text) -> None:
        """The input was not an answer: say why and let the user try again."""
        self.error = message
        self.paint()

    def show_verdict(self, verdict: Verdict) -> None:
        """Grading is done: show the feedback and lock the answer."""
        self.verdict = verdict
        self.error = None
        self.paint()
        self.call_after_refresh(self._scroll_to_feedback)

    def _scroll_to_feedback(self) -> None:
        feedback = self.query_one(".feedback", Static)
        if feedback.display:
            self.scroll_to_widget(feedback, top=False, animate=False)

    def focus_answer(self) -> None:
        """Give the keyboard to the answer widget."""
        self.focus()


class FlashcardView(CardView, can_focus=True):
    """Front; the screen reveals the back (space/Enter) and the user rates themself."""

    def feedback_text(self) -> str:
        if self.verdict is None:
            return tr(T("Space or Enter shows the answer.", "按空格或回车显示答案。"), self.lang)
        return super().feedback_text()

    def paint(self) -> None:
        super().paint()
        feedback = self.query_one(".feedback", Static)
        feedback.display = True
        feedback.set_class(self.verdict is None, "-hint")


class TypedView(CardView):
    """Cloze and numeric cards: the answer is typed in an input and submitted with Enter."""

    PLACEHOLDERS: ClassVar[dict[str, Text]] = {
        "cloze": T(
            "Type the missing text (several blanks: separate with ;) then Enter",
            "输入空缺的内容（多处填空用 ; 分隔），回车提交",
        ),
        "numeric": T(
            "Your answer (several numbers: comma-separated) then Enter",
            "你的答案（多个数用逗号分隔），回车提交",
        ),
    }

    def answer_area(self) -> ComposeResult:
        yield Input(classes="answer", compact=True)

    def paint(self) -> None:
        super().paint()
        field = self.query_one(Input)
        field.placeholder = tr(self.PLACEHOLDERS[self.card.kind], self.lang)
        field.disabled = self.verdict is not None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.verdict is None:
            self.post_message(Answered(event.value))

    def focus_answer(self) -> None:
        self.query_one(Input).focus()


class ChoiceView(CardView):
    """Choice cards: the options as a list picked with their keys."""

    def _labels(self) -> list[str]:
        options = self.card.options
        return [render.text(options[i].text, self.lang) for i in self.presented.order]

    def question_text(self) -> str:
        lines = [render.text(self.card.prompt, self.lang)]
        if self.card.multiple:
            lines.append(
                tr(
                    T(
                        "(select all that apply: keys toggle, Enter submits)",
                        "（多选：按编号切换，回车提交）",
                    ),
                    self.lang,
                )
            )
        return "\n".join(lines)

    def answer_area(self) -> ComposeResult:
        n = len(self.presented.order)
        yield ChoiceList(self._labels(), [key_for(p, n) for p in range(n)], self.card.multiple)

    def paint(self) -> None:
        super().paint()
        self.query_one(ChoiceList).set_labels(self._labels())

    def on_choice_list_submitted(self, event: ChoiceList.Submitted) -> None:
        event.stop()
        self.post_message(Answered(set(event.picked)))

    def show_verdict(self, verdict: Verdict) -> None:
        self.query_one(ChoiceList).show_result(set(verdict.details.get("right", ())))
        super().show_verdict(verdict)

    def feedback_text(self) -> str:
        # The list marks the right options; the verdict line and the explanation remain.
        if self.verdict is None:
            return ""
        parts = [render.verdict(Verdict(correct=self.verdict.correct), self.lang)]
        if self.card.explanation is not None:
            parts.append(render.text(self.card.explanation, self.lang))
        return "\n\n".join(p for p in parts if p)

    def focus_answer(self) -> None:
        self.query_one(ChoiceList).focus()


class OrderView(CardView):
    """Order cards: the shuffled steps, reordered in place."""

    def _labels(self) -> list[str]:
        steps = self.card.steps
        return [render.text(steps[i], self.lang) for i in self.presented.order]

    def question_text(self) -> str:
        return "\n".join(
            [
                render.text(self.card.prompt, self.lang),
                tr(
                    T(
                        "(shift+↑/↓ or [ ] move a step, Enter submits)",
                        "（shift+↑/↓ 或 [ ] 移动步骤，回车提交）",
                    ),
                    self.lang,
                ),
            ]
        )

    def answer_area(self) -> ComposeResult:
        yield OrderList(self._labels())

    def paint(self) -> None:
        super().paint()
        self.query_one(OrderList).set_labels(self._labels())

    def on_order_list_submitted(self, event: OrderList.Submitted) -> None:
        event.stop()
        self.post_message(Answered(list(event.positions)))

    def show_verdict(self, verdict: Verdict) -> None:
        given = verdict.details.get("given", [])
        self.query_one(OrderList).show_result([g == i for i, g in enumerate(given)])
        super().show_verdict(verdict)

    def feedback_text(self) -> str:
        # When the order was right the list already shows it; otherwise show the right order.
        if self.verdict is not None and self.verdict.correct:
            return ChoiceView.feedback_text(self)  # type: ignore[arg-type]
        return super().feedback_text()

    def focus_answer(self) -> None:
        self.query_one(OrderList).focus()


class DrillView(Horizontal):
    """Coding drills: the statement, hints, test results and solution beside a Python editor."""

    def __init__(self, presented: Any, lang: str, code: str) -> None:
        super().__init__(classes="drillview")
        self.presented = presented
        self.card = presented.card
        self.lang = lang
        self.code = code
        self.hints_shown = 0
        self.result: Any = None
        self.running = False
        self.solution: str | None = None
        self.verdict: Verdict | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="drill-left"):
            yield Static("", markup=False, classes="question")
            yield Static("", markup=False, classes="hints")
            yield Static("", markup=False, classes="results")
            yield Static("", markup=False, classes="solution")
        with Vertical(classes="drill-right"):
            editor = TextArea.code_editor(self.code, language="python", classes="editor")
            yield editor

    def on_mount(self) -> None:
        try:
            self.paint()
        except NoMatches:  # removed before it finished mounting (the user moved on)
            return
        self.post_message(ViewReady(self))

    @property
    def editor(self) -> TextArea:
        return self.query_one(TextArea)

    def paint(self) -> None:
        lang = self.lang
        card = self.card
        head = [
            f"{render.text(card.title, lang)}",
            "",
            render.text(card.statement, lang),
            "",
            card.signature,
        ]
        self.query_one(".question", Static).update("\n".join(head))
        hints = [
            f"{tr(T('Hint', '提示'), lang)} {i + 1}: {render.text(h, lang)}"
            for i, h in enumerate(card.hints[: self.hints_shown])
        ]
        self._set(".hints", "\n".join(hints))
        self._set(".results", self.results_text())
        if self.solution is not None:
            title = tr(T("Reference solution:", "参考答案："), lang)
            self._set(".solution", f"{title}\n{self.solution}")
        else:
            self._set(".solution", "")

    def _set(self, selector: str, text: str) -> None:
        widget = self.query_one(selector, Static)
        widget.update(text)
        widget.display = bool(text)

    def results_text(self) -> str:
        """One mark per case, then the grader's report (summary and failing cases)."""
        from quizapp.render import format_result

        lang = self.lang
        if self.running:
            return tr(T("Running the tests…", "正在运行测试…"), lang)
        result = self.result
        if result is None:
            return tr(
                T(
                    "ctrl+r runs the tests · ctrl+t hint · ctrl+o $EDITOR",
                    "ctrl+r 运行测试 · ctrl+t 提示 · ctrl+o 外部编辑器",
                ),
                lang,
            )
        marks = {"passed": "✓", "skipped": "-", "not_run": "·"}
        cases = " ".join(f"{c.index + 1}{marks.get(c.status, '✗')}" for c in result.cases)
        head = f"{tr(T('cases', '用例'), lang)}: {cases}\n" if cases else ""
        return head + format_result(result, lang, max_failures=5)

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self.paint()

    def show_hint(self) -> bool:
        """Show the next hint; False when there is none left."""
        if self.hints_shown >= len(self.card.hints):
            return False
        self.hints_shown += 1
        self.paint()
        return True

    def set_running(self, running: bool) -> None:
        self.running = running
        self.paint()

    def show_result(self, result: Any) -> None:
        self.result = result
        self.running = False
        self.paint()

    def show_solution(self, code: str) -> None:
        self.solution = code
        self.paint()

    def set_code(self, code: str) -> None:
        self.editor.load_text(code)

    def focus_answer(self) -> None:
        self.editor.focus()


def make_view(
    presented: Any, lang: str, *, instance: Any = None, code: str | None = None
) -> Widget:
    """The view for ``presented``'s kind (``instance``: a numeric card's question; ``code``:
    a drill's starting code)."""
    kind = presented.card.kind
    if kind == "drill":
        return DrillView(presented, lang, code if code is not None else presented.card.starter)
    view_class = {
        "flashcard": FlashcardView,
        "cloze": TypedView,
        "numeric": TypedView,
        "choice": ChoiceView,
        "order": OrderView,
    }[kind]
    return view_class(presented, lang, instance)
