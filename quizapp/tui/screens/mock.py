"""Mock interview: a timed round driven by :class:`quizapp.mock.session.MockRound`.

The round's clock is always visible; nothing about an answer's correctness is shown until the
round ends. Open questions: type the answer (optional; or say it aloud), Enter, then tick the
key points covered (space) and hand in (ctrl+s), or without points score yourself 0, 0.5 or 1.
Numeric questions take a typed number. Drills use the study screen's code editor
(:class:`~quizapp.tui.widgets.cards.DrillView`); ctrl+r runs the tests (only the count of cases
passed is shown), ctrl+s hands in the last check. ctrl+x passes (score 0). Esc pauses the round:
the answers given are kept and the next start offers to resume or abandon it. The report at the
end is the line mode's (:func:`quizapp.mock.plain_round.format_report`).
"""

from __future__ import annotations

import random
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, SelectionList, Static
from textual.widgets.option_list import Option

from quizapp import render
from quizapp.bank.model import Flashcard, Text
from quizapp.tui.i18n import T, label, tr
from quizapp.tui.widgets.cards import DrillView


class MockDrillView(DrillView):
    """The study screen's drill view, showing only how many cases pass (no hints, no failing
    cases with their expected values: those are answers)."""

    def results_text(self) -> str:
        lang = self.lang
        if self.running:
            return tr(T("Running the tests…", "正在运行测试…"), lang)
        if self.result is None:
            return tr(
                T("ctrl+r runs the tests · ctrl+s hands in", "ctrl+r 运行测试 · ctrl+s 交卷"), lang
            )
        ok, total = self.result.counts
        return tr(
            T(
                f"{ok} of {total} cases pass. Fix and ctrl+r again, or ctrl+s to hand in.",
                f"通过 {ok}/{total} 个用例。修改后再按 ctrl+r，或按 ctrl+s 交卷。",
            ),
            lang,
        )


class MockScreen(Screen[None]):
    """One mock round: resume-or-abandon prompt, the questions, the report."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", label("leave")),
        Binding("ctrl+s", "submit", label("submit"), priority=True),
        Binding("ctrl+r", "run_tests", label("run_tests"), priority=True),
        Binding("ctrl+x", "skip", "Pass (0)", priority=True),
    ]

    def __init__(self, *, minutes: int = 20, decks: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.minutes = minutes
        self.decks = decks
        self.interviews: Any = None
        self.mock: Any = None  # the MockRound being asked
        self.asked: Any = None  # the Asked question on screen
        self.phase = "opening"  # opening, resume, question, points, score, report
        self.typed: str | None = None
        self.pending: Any = None  # the unfinished round offered for resuming
        self.report: Any = None

    @property
    def lang(self) -> str:
        return self.app.lang  # type: ignore[attr-defined,no-any-return]

    def t(self, text: Text) -> str:
        return tr(text, self.lang)

    def compose(self) -> ComposeResult:
        with Vertical(id="mock"):
            yield Static("", id="mock-clock", markup=False)
            yield VerticalScroll(id="mock-body")
            yield Static("", id="mock-status", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        from quizapp.mock.session import Interviews

        app: Any = self.app
        app.localize_screen(self)
        unknown = [d for d in self.decks if d not in app.library.decks]
        if unknown:
            self.say(self.t(T("Unknown deck: ", "没有这个牌组：")) + ", ".join(unknown), error=True)
            return
        self.interviews = Interviews(app.store, app.library, clock=app.clock)
        self.set_interval(1.0, self.paint_clock)
        self.pending = self.interviews.unfinished()
        if self.pending is not None:
            self.offer_resume(self.pending)
        else:
            self.start()

    # --- opening ------------------------------------------------------------------------------

    def offer_resume(self, record: Any) -> None:
        self.phase = "resume"
        answered = sum(q.answered for q in record.questions)
        total = len(record.questions)
        when = record.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
        self.show(
            Static(
                self.t(
                    T(
                        f"An unfinished round from {when} ({answered} of {total} answered).",
                        f"有一轮未完成的模拟面试（{when}，已答 {answered}/{total}）。",
                    )
                ),
                markup=False,
            ),
            OptionList(
                Option(self.t(T("Resume it", "继续这一轮")), id="resume"),
                Option(
                    self.t(T("Abandon it and start a new round", "放弃它，开始新的一轮")),
                    id="abandon",
                ),
                classes="mock-resume",
            ),
        )
        self.query(".mock-resume").last(OptionList).focus()

    @on(OptionList.OptionSelected, ".mock-resume")
    def resume_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == "resume":
            self.mock = self.interviews.resume(self.pending.id)
            self.next_question()
        else:
            self.interviews.abandon(self.pending)
            self.start()

    def start(self) -> None:
        from quizapp.mock.session import RoundError

        app: Any = self.app
        try:
            self.mock = self.interviews.start(
                minutes=self.minutes,
                decks=self.decks,
                lang=self.lang,
                rng=random.Random(app.rng.randrange(2**31)),
            )
        except RoundError as exc:
            self.say(T(f"Cannot start a round: {exc}", f"无法开始：{exc}"), error=True)
            return
        self.say(
            T(
                "No hints; answers come at the end. ctrl+x: pass · Esc: pause (resume later).",
                "没有提示，答案在最后公布。ctrl+x：跳过 · Esc：暂停（下次继续）。",
            )
        )
        self.next_question()

    # --- asking -------------------------------------------------------------------------------

    def next_question(self) -> None:
        mock = self.mock
        asked = mock.ask()
        if asked is None or mock.seconds_left() <= 0:
            self.end_round(time_up=asked is not None)
            return
        self.asked = asked
        self.typed = None
        self.paint_clock()
        card = asked.card
        if card.kind == "numeric":
            self.phase = "loading"
            self.show(Static(self.t(T("Preparing the question…", "正在生成题目…"))))
            self.instantiate(asked)
            return
        if card.kind == "drill":
            self.phase = "question"
            code = mock.study.drill_code(card.id)
            view = MockDrillView(asked.presented, self.lang, card.starter if code is None else code)
            self.show(view)
            return
        self.phase = "question"
        self.show(
            Static(render.question(card, self.lang), markup=False, classes="mock-question"),
            Static(
                self.t(
                    T(
                        "Answer aloud or type it (optional), then press Enter.",
                        "口头回答或直接输入（可不填），然后按回车。",
                    )
                ),
                classes="mock-help",
            ),
            Input(classes="mock-answer"),
        )
        self.query(".mock-answer").last(Input).focus()

    @work(thread=True, exclusive=True, group="mock-prepare")
    def instantiate(self, asked: Any) -> None:
        """Build the numeric question off the UI thread (NumPy, solvers)."""
        question = self.mock.study.instance(asked.presented).question
        self.app.call_from_thread(self._numeric_ready, asked, question)

    def _numeric_ready(self, asked: Any, question: Text) -> None:
        if asked is not self.asked:
            return
        self.phase = "question"
        self.show(
            Static(
                render.question(asked.card, self.lang, instance_question=question),
                markup=False,
                classes="mock-question",
            ),
            Input(classes="mock-answer", placeholder=self.t(T("a number", "一个数"))),
        )
        self.query(".mock-answer").last(Input).focus()

    @on(Input.Submitted, ".mock-answer")
    def answer_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        asked = self.asked
        if asked is None or self.phase != "question":
            return
        if asked.card.kind == "numeric":
            from quizapp.grading.verdict import AnswerError

            try:
                self.mock.answer_numeric(asked, event.value)
            except AnswerError as exc:
                self.say(exc.message, error=True)
                return
            self.noted()
            return
        self.typed = event.value.strip() or None
        self.ask_points(asked.card)

    def ask_points(self, card: Flashcard) -> None:
        question = Static(render.question(card, self.lang), markup=False, classes="mock-question")
        if card.points:
            self.phase = "points"
            self.show(
                question,
                Static(
                    self.t(
                        T(
                            "Which key points did you cover? Space ticks, ctrl+s hands in.",
                            "你答到了哪些要点？空格勾选，ctrl+s 提交。",
                        )
                    ),
                    classes="mock-help",
                ),
                SelectionList[int](
                    *[(render.text(p, self.lang), i) for i, p in enumerate(card.points)],
                    classes="mock-points",
                ),
            )
            self.query(".mock-points").last(SelectionList).focus()
            return
        self.phase = "score"
        self.show(
            question,
            Static(self.t(T("How well did you answer?", "你答得怎么样？")), classes="mock-help"),
            OptionList(
                Option(self.t(T("0 · missed it", "0 · 没答出来")), id="0"),
                Option(self.t(T("0.5 · partly", "0.5 · 答对一部分")), id="0.5"),
                Option(self.t(T("1 · fully", "1 · 完整答出")), id="1"),
                classes="mock-score",
            ),
        )
        self.query(".mock-score").last(OptionList).focus()

    @on(OptionList.OptionSelected, ".mock-score")
    def self_scored(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.phase == "score" and event.option.id is not None:
            self.mock.answer_open(self.asked, self_score=float(event.option.id), text=self.typed)
            self.noted()

    def action_submit(self) -> None:
        """Hand in: the ticked key points, or the drill's last check."""
        if self.phase == "points":
            covered = list(self.query(".mock-points").last(SelectionList).selected)
            self.mock.answer_open(self.asked, covered=covered, text=self.typed)
            self.noted()
        elif self.phase == "question" and self.asked.card.kind == "drill":
            view = self.query_one(MockDrillView)
            if view.running:
                return
            self.mock.answer_drill(self.asked)
            self.noted()

    def action_skip(self) -> None:
        """Pass: the user does not know (score 0)."""
        if self.asked is not None and self.phase in ("question", "points", "score", "loading"):
            self.mock.pass_question(self.asked)
            self.say(T("Passed.", "已跳过（记 0 分）。"))
            self.next_question()

    def noted(self) -> None:
        self.say(T("Noted.", "已记下。"))
        self.next_question()

    # --- drills -------------------------------------------------------------------------------

    def action_run_tests(self) -> None:
        if self.phase != "question" or self.asked is None or self.asked.card.kind != "drill":
            return
        view = self.query_one(MockDrillView)
        if view.running:
            return
        view.set_running(True)
        self.check_drill(self.asked, view.editor.text)

    @work(thread=True, exclusive=True, group="mock-grade")
    def check_drill(self, asked: Any, code: str) -> None:
        """Run the drill's tests in the sandbox (thread: the clock keeps ticking)."""
        result = self.mock.check_drill(asked, code)
        self.app.call_from_thread(self._drill_checked, asked, result)

    def _drill_checked(self, asked: Any, result: Any) -> None:
        if asked is not self.asked:
            return
        self.query_one(MockDrillView).show_result(result)
        if result.passed:
            self.mock.answer_drill(asked)
            self.noted()

    # --- the end ------------------------------------------------------------------------------

    def end_round(self, *, time_up: bool = False) -> None:
        from quizapp.mock.plain_round import format_report

        self.mock.finish()
        self.asked = None
        self.phase = "report"
        self.report = self.interviews.report(self.mock)
        self.paint_clock()
        self.show(
            Static(
                format_report(self.report, self.lang).strip("\n"), markup=False, id="mock-report"
            )
        )
        self.query_one("#mock-body").focus()
        over = self.t(T("Round over. Esc: back.", "本轮结束。Esc：返回。"))
        self.say(self.t(T("Time is up. ", "时间到。")) + over if time_up else over)

    def action_leave(self) -> None:
        if self.mock is not None and self.phase not in ("report", "resume"):
            n, total = self.mock.answered, len(self.mock.questions)
            self.app.notify(
                self.t(
                    T(
                        f"Round paused: {n} of {total} answered and kept. "
                        "Open the mock interview again to resume it.",
                        f"本轮已暂停：已答 {n}/{total} 题，答案已保存。再次打开模拟面试即可继续。",
                    )
                ),
                timeout=6,
            )
        self.dismiss()

    # --- painting -----------------------------------------------------------------------------

    def show(self, *widgets: Any) -> None:
        body = self.query_one("#mock-body", VerticalScroll)
        body.remove_children()
        body.mount(*widgets)

    def say(self, text: Text | str, *, error: bool = False) -> None:
        status = self.query_one("#mock-status", Static)
        status.update(text if isinstance(text, str) else self.t(text))
        status.set_class(error, "error")

    def paint_clock(self) -> None:
        from quizapp.mock.plain_round import clock_text

        clock = self.query_one("#mock-clock", Static)
        mock, asked = self.mock, self.asked
        if mock is None:
            clock.update(self.t(T("Mock interview", "模拟面试")))
            return
        if asked is None:
            clock.update(self.t(T("Mock interview · round over", "模拟面试 · 本轮结束")))
            return
        card = asked.card
        kind = render.text(render.KIND_NAMES[card.kind], self.lang)
        left = clock_text(mock.seconds_left(asked))
        aim = clock_text(asked.question.target_seconds)
        where = f"{asked.number}/{asked.total} · {card.deck} · {kind}"
        clock.update(
            self.t(
                T(
                    f"Mock interview · {where} · {left} left · aim {aim}",
                    f"模拟面试 · {where} · 剩余 {left} · 建议用时 {aim}",
                )
            )
        )
