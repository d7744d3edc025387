"""The Study screen: one card at a time, every kind, through the same engine as the line mode.

Cycle: :meth:`Study.next` -> the kind's view collects an answer -> :meth:`Study.check` grades it
(drills: :meth:`Study.grade_drill` in a thread worker; the engine keeps the attempt) -> the
feedback and the rating buttons, the suggested rating preselected -> :meth:`Study.answer`
commits -> "recorded" is shown (only after the commit returned) and the next card comes. Numeric
questions are instantiated in a worker too (the first one imports NumPy).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static, TextArea

from quizapp import render
from quizapp.bank.model import Drill, Text
from quizapp.grading.verdict import AnswerError, Verdict
from quizapp.render import RATING_NAMES
from quizapp.study import (
    UNDO_REFUSED,
    DrillAttempt,
    Presented,
    Rating,
    Recorded,
    Study,
    UndoRefused,
    drill_rating,
)
from quizapp.study import suggested_rating as suggest
from quizapp.tui.i18n import T, label, tr
from quizapp.tui.widgets.cards import Answered, CardView, DrillView, ViewReady, make_view
from quizapp.tui.widgets.rating import RatingBar

SAVE_DELAY = 1.0  # seconds of quiet before drill code is saved


class CardShown(Message):
    """A card is on screen and ready for an answer (tests and the start-up bench wait on it)."""

    def __init__(self, card_id: str) -> None:
        super().__init__()
        self.card_id = card_id


class StudyScreen(Screen[None]):
    """A study session. Keys: see BINDINGS (and the rating bar's and answer widgets')."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", label("leave")),
        Binding("space,enter", "reveal", label("reveal"), show=False),
        Binding("u", "undo", label("undo")),
        Binding("s", "skip", label("skip")),
        Binding("b", "bury", label("bury")),
        Binding("exclamation_mark", "suspend", label("suspend")),
        Binding("f", "flag", label("flag")),
        Binding("e", "edit", label("edit")),
        Binding("h", "hint", label("hint"), show=False),
        Binding("ctrl+r", "run_tests", label("run_tests"), priority=True),
        Binding("ctrl+t", "hint", label("hint"), priority=True),
        Binding("ctrl+o", "open_editor", label("open_editor"), priority=True),
        Binding("ctrl+g", "solution", label("solution"), priority=True),
        Binding("pageup", "scroll_up", label("scroll_up"), show=False),
        Binding("pagedown", "scroll_down", label("scroll_down"), show=False),
    ]

    def __init__(
        self, study: Study, *, decks: tuple[str, ...] = (), tags: tuple[str, ...] = ()
    ) -> None:
        super().__init__()
        self.study = study
        self.scope = decks, tags
        self.presented: Presented | None = None
        self.verdict: Verdict | None = None
        self.phase = "loading"  # loading | question | grading | feedback | done
        self.status: Text | None = None
        self.attempt: DrillAttempt | None = None  # the engine's attempt at the drill shown
        self.flagged = False
        self._save_timer: Any = None
        self._body: Any = None

    @property
    def lang(self) -> str:
        return self.app.lang  # type: ignore[attr-defined,no-any-return]

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static("", id="where", markup=False)
            yield Static("", id="progress")
        yield Container(id="body")
        yield RatingBar(id="ratingbar")
        yield Static("", id="status", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.app.localize_screen(self)  # type: ignore[attr-defined]
        self.watch(self.app, "lang", self._lang_changed, init=False)
        self.query_one(RatingBar).display = False
        self.next_card()

    # --- showing cards ----------------------------------------------------------------------

    def next_card(self) -> None:
        """Present the next card of the queue (or the end of the session)."""
        self._save_code()
        self.presented = self.study.next()
        self.show_presented()
        self.refresh_bindings()  # undo, hint and the drill keys depend on the card

    def show_presented(self) -> None:
        presented = self.presented
        self.verdict = None
        self.attempt = None
        self.query_one(RatingBar).display = False
        if presented is None:
            self.phase = "done"
            self._mount_body(Static("", markup=False, classes="finished"))
            self._paint()
            return
        self.phase = "loading"
        self.flagged = self.study.flagged(presented.card.id)
        if presented.card.kind == "numeric":
            self._mount_body(
                Static(
                    tr(T("Preparing the question…", "正在生成题目…"), self.lang),
                    classes="loading-card",
                )
            )
            self._paint()
            self.instantiate(presented)
            return
        if isinstance(presented.card, Drill):
            self.attempt = self.study.start_drill(presented.card.id)
            view = make_view(presented, self.lang, code=self.study.drill_code(presented.card.id))
            if isinstance(view, DrillView):
                view.hints_shown = self.attempt.hints  # an attempt begun elsewhere goes on
            self._show_view(view)
            return
        self._show_view(make_view(presented, self.lang))

    @work(thread=True, exclusive=True, group="prepare")
    def instantiate(self, presented: Presented) -> None:
        """Build a numeric card's question off the UI thread (NumPy, solvers)."""
        try:
            instance = self.study.instance(presented)
        except Exception as exc:  # a broken card: say so and let the user skip it
            self.app.call_from_thread(self._broken_card, presented, exc)
            return
        self.app.call_from_thread(self._instance_ready, presented, instance)

    def _instance_ready(self, presented: Presented, instance: Any) -> None:
        if presented is self.presented:
            self._show_view(make_view(presented, self.lang, instance=instance))

    def _broken_card(self, presented: Presented, exc: Exception) -> None:
        if presented is self.presented:
            self.phase = "question"
            self._mount_body(
                Static(
                    tr(T("This card cannot be shown: ", "这张卡片无法显示："), self.lang)
                    + f"{type(exc).__name__}: {exc}\n"
                    + tr(
                        T("Press s to skip it or e to edit it.", "按 s 跳过，或按 e 编辑它。"),
                        self.lang,
                    ),
                    markup=False,
                    classes="error",
                )
            )
            self._paint()

    def _show_view(self, view: Any) -> None:
        self.phase = "question"
        self._mount_body(view)
        self._paint()

    @on(ViewReady)
    def _card_ready(self, event: ViewReady) -> None:
        event.stop()
        if self.presented is not None and event.view is self.view:
            event.view.focus_answer()
            self.post_message(CardShown(self.presented.card.id))

    def _mount_body(self, widget: Any) -> None:
        body = self.query_one("#body")
        body.remove_children()
        body.mount(widget)
        self._body = widget

    @property
    def view(self) -> Any:
        """The current card's view (None while loading, for a broken card, at the end)."""
        body = getattr(self, "_body", None)
        return body if isinstance(body, CardView | DrillView) else None

    def _paint(self) -> None:
        """The top bar, the status line and the end-of-session text, in the current language."""
        lang = self.lang
        progress = self.study.progress()
        counts = tr(
            T(
                f"done {progress.done} · due {progress.due} · new {progress.new}",
                f"已完成 {progress.done} · 待复习 {progress.due} · 新卡 {progress.new}",
            ),
            lang,
        )
        self.query_one("#progress", Static).update(counts)
        p = self.presented
        if p is not None:
            kind = render.text(render.KIND_NAMES[p.card.kind], lang)
            flag = " ⚑" if self.flagged else ""
            new = tr(T(" · new", " · 新"), lang) if p.is_new else ""
            deck = self.study.library.decks.get(p.card.deck)
            name = render.text(deck.name, lang).replace("\n", " / ") if deck else p.card.deck
            self.query_one("#where", Static).update(f"{name} · {kind}{new}{flag}")
        else:
            self.query_one("#where", Static).update("")
        self.query_one("#status", Static).update(tr(self.status, lang) if self.status else "")
        if self.phase == "done":
            done = self.study.done
            self._body.update(
                tr(
                    T(
                        f"Session over: {done} answer(s) recorded.\n\n"
                        "Esc: back to Home · u: undo the last answer",
                        f"本次学习结束：已记录 {done} 个回答。\n\n"
                        "Esc：返回首页 · u：撤销上一个回答",
                    ),
                    lang,
                )
            )

    def _lang_changed(self) -> None:
        view = self.view
        if view is not None:
            view.set_lang(self.lang)
        self.query_one(RatingBar).set_lang(self.lang)
        self._paint()

    def say(self, text: Text) -> None:
        """Show a message on the status line."""
        self.status = text
        self._paint()

    # --- answering --------------------------------------------------------------------------

    def action_reveal(self) -> None:
        if self.phase == "question" and self.presented and self.presented.card.kind == "flashcard":
            self._graded(self.study.check(self.presented, None))

    @on(Answered)
    def answered(self, event: Answered) -> None:
        event.stop()
        if self.phase != "question" or self.presented is None:
            return
        try:
            verdict = self.study.check(self.presented, event.answer)
        except AnswerError as exc:
            self.view.show_error(exc.message)
            return
        self._graded(verdict)

    def _graded(self, verdict: Verdict, suggested: Rating | None = None) -> None:
        assert self.presented is not None
        self.verdict = verdict
        self.phase = "feedback"
        if isinstance(self.view, CardView):
            self.view.show_verdict(verdict)
        rating = suggested or suggest(verdict.correct) or Rating.Good
        bar = self.query_one(RatingBar)
        bar.display = True
        bar.show(RATING_NAMES, self.study.preview(self.presented.card.id), rating, self.lang)
        bar.focus()
        self._paint()

    @on(RatingBar.Rated)
    def rated(self, event: RatingBar.Rated) -> None:
        event.stop()
        if self.phase != "feedback" or self.presented is None:
            return
        self._save_code()
        recorded = self.study.answer(self.presented, event.rating, self.verdict, lang=self.lang)
        self.status = self._recorded_text(recorded)  # the answer is committed now
        self.next_card()

    def _recorded_text(self, recorded: Recorded) -> Text:
        return render.recorded(recorded.rating, recorded.due - self.study.clock())

    # --- session actions --------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        p = self.presented
        kind = p.card.kind if p is not None else None
        drill_open = kind == "drill" and self.phase in ("question", "feedback")
        match action:
            case "reveal":
                return kind == "flashcard" and self.phase == "question"
            case "undo":
                return self.study.last is not None or None
            case "skip" | "bury" | "suspend" | "flag" | "edit":
                return p is not None
            case "hint":
                if not drill_open:
                    return False
                view = self.view
                left = isinstance(view, DrillView) and view.hints_shown < len(p.card.hints)  # type: ignore[union-attr]
                return True if left else None
            case "run_tests" | "open_editor":
                return drill_open
            case "solution":
                return drill_open and self.attempt is not None and self.attempt.checks > 0
        return True

    def action_leave(self) -> None:
        focused = self.focused
        if self.phase == "question" and focused is not None and focused.has_class("answer"):
            self.set_focus(None)  # first Esc leaves the answer field, so letter keys work
            return
        self._save_code()
        self.dismiss()

    def action_undo(self) -> None:
        current = self.presented
        try:
            card_id = self.study.undo()
        except UndoRefused:
            self.say(UNDO_REFUSED)
            return
        if card_id is None:
            self.say(T("Nothing to undo.", "没有可撤销的回答。"))
            return
        if current is not None and current.card.id != card_id:
            self.study.requeue(current.card.id, 1)  # comes back right after the undone card
        self.status = T(f"Undone: {card_id}", f"已撤销：{card_id}")
        self.next_card()

    def action_skip(self) -> None:
        if self.presented is not None:
            self.study.skip(self.presented.card.id)
            self.status = T("Skipped.", "已跳过。")
            self.next_card()

    def action_bury(self) -> None:
        if self.presented is not None:
            self.study.bury(self.presented.card.id)
            self.status = T("Buried until tomorrow.", "今天不再出现。")
            self.next_card()

    def action_suspend(self) -> None:
        if self.presented is not None:
            self.study.suspend(self.presented.card.id)
            self.status = T("Suspended (resume it in Browse).", "已暂停（可在浏览页恢复）。")
            self.next_card()

    def action_flag(self) -> None:
        if self.presented is not None:
            self.flagged = not self.flagged
            self.study.flag(self.presented.card.id, self.flagged)
            self.say(T("Flagged.", "已标记。") if self.flagged else T("Unflagged.", "已取消标记。"))

    def action_edit(self) -> None:
        p = self.presented
        if p is None or p.card.origin is None:
            return
        self._save_code()
        if self.app.open_in_editor(p.card.origin.path, p.card.origin.line):  # type: ignore[attr-defined]
            self.app.reload_library(self._card_edited)  # type: ignore[attr-defined]

    def _card_edited(self) -> None:
        p = self.presented
        library = self.app.library  # type: ignore[attr-defined]
        self.study.library = library
        if p is None or self.phase not in ("question", "loading"):
            return
        card = library.cards.get(p.card.id)
        if card is None:
            self.say(
                T(
                    "The card is gone from its bank (or has a problem now).",
                    "这张卡片已不在题库中（或现在有错误）。",
                )
            )
            self.next_card()
            return
        self.presented = self.study.present(card, seed=p.seed, is_new=p.is_new)
        self.show_presented()

    def action_scroll_up(self) -> None:
        view = self.view
        if isinstance(view, CardView):
            view.scroll_page_up()

    def action_scroll_down(self) -> None:
        view = self.view
        if isinstance(view, CardView):
            view.scroll_page_down()

    # --- drills -----------------------------------------------------------------------------

    def action_hint(self) -> None:
        view = self.view
        if not isinstance(view, DrillView) or not isinstance(view.card, Drill):
            return
        if self.study.drill_hint(view.card) is not None:
            view.show_hint()
            self.refresh_bindings()

    def action_run_tests(self) -> None:
        view = self.view
        if not isinstance(view, DrillView) or view.running or self.presented is None:
            return
        code = view.editor.text
        self._save_code()
        view.set_running(True)
        self.grade(self.presented, code)

    @work(thread=True, exclusive=True, group="grade")
    def grade(self, presented: Presented, code: str) -> None:
        """Run the drill's tests in the sandbox (a thread worker: the UI stays live); the check
        is counted in the attempt back on the UI thread."""
        card = presented.card
        assert isinstance(card, Drill)
        result = self.study.grade_drill(card, code, seed=presented.seed)
        self.app.call_from_thread(self._drill_graded, presented, code, result)

    def _drill_graded(self, presented: Presented, code: str, result: Any) -> None:
        view = self.view
        if presented is not self.presented or not isinstance(view, DrillView):
            return
        self.attempt = self.study.drill_checked(presented.card.id, code, result)
        view.show_result(result)
        if result.status == "error":  # the drill itself is broken: nothing to rate
            return
        ok, total = result.counts
        verdict = Verdict(
            correct=result.passed,
            record=code,  # as the line mode
            details={"passed": ok, "total": total, "status": result.status},
        )
        self.phase = "question"
        self._graded(verdict, drill_rating(self.attempt))

    def action_solution(self) -> None:
        view = self.view
        if not isinstance(view, DrillView) or self.attempt is None or not self.attempt.checks:
            return
        if not isinstance(view.card, Drill):
            return
        code, self.attempt = self.study.drill_solution(view.card)
        view.show_solution(code)
        if self.phase == "feedback":
            self.query_one(RatingBar).selected = drill_rating(self.attempt)

    def action_open_editor(self) -> None:
        view = self.view
        if not isinstance(view, DrillView):
            return
        folder = Path(tempfile.mkdtemp(prefix="quizapp-drill-"))
        path = folder / f"{view.card.function}.py"
        path.write_text(view.editor.text, encoding="utf-8")
        if self.app.open_in_editor(path):  # type: ignore[attr-defined]
            view.set_code(path.read_text(encoding="utf-8"))
            self._save_code()
        path.unlink(missing_ok=True)
        folder.rmdir()

    @on(TextArea.Changed)
    def code_changed(self, event: TextArea.Changed) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self._save_code)

    def _save_code(self) -> None:
        """Keep the drill's code in the store (on a pause in typing, a run, or leaving it)."""
        view = self.view
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if isinstance(view, DrillView):
            code = view.editor.text
            if code != view.code:
                self.study.save_drill_code(view.card.id, code)
                view.code = code
