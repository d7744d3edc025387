"""Line-mode mock interview: for screen readers, scripts, pipes and dumb terminals.

Asks the round's questions one by one with the time left, reads answers from lines of input
and shows nothing about them until the round ends, then prints the report. Open questions: type
the answer (or say it aloud) and press Enter, then tick the key points covered (their numbers)
or, without points, score yourself 0, 0.5 or 1. Numeric questions take a number. Drills take the
path of a file holding the function (graded as plain study grades drills; only the count of
cases passed is shown, type the path again after a fix, or ``:done`` to hand in).

Commands: ``:pass`` (don't know: score 0), ``:quit`` (stop; the answers given are kept and the
round resumes next time), ``:abandon`` (give the round up). End of input is ``:quit``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from quizapp import render
from quizapp.bank.model import Flashcard, Text
from quizapp.grading.verdict import AnswerError
from quizapp.mock.report import RoundReport
from quizapp.mock.session import Asked, Interviews, MockRound, RoundError


class _Quit(Exception):
    """End of input or ``:quit``: the round stays open."""


class _Abandon(Exception):
    """``:abandon``."""


class _Pass(Exception):
    """``:pass``."""


def clock_text(seconds: float) -> str:
    """``m:ss`` (negative: ``-m:ss``, over time)."""
    sign = "-" if seconds < 0 else ""
    whole = int(abs(seconds) + 0.5)
    return f"{sign}{whole // 60}:{whole % 60:02d}"


class PlainRound:
    """Mock rounds of ``interviews`` over text streams, in ``lang``."""

    def __init__(
        self, interviews: Interviews, *, lang: str, stdin: IO[str], stdout: IO[str]
    ) -> None:
        self.interviews = interviews
        self.lang = lang
        self.stdin = stdin
        self.stdout = stdout
        self.prompts = stdin.isatty()

    def say(self, value: str | Text) -> None:
        self.stdout.write(
            (render.text(value, self.lang) if isinstance(value, Text) else value) + "\n"
        )
        self.stdout.flush()

    def read(self, prompt: str = "> ") -> str:
        """One line without its newline; :class:`_Quit` at end of input or on ``:quit``,
        :class:`_Abandon` on ``:abandon``, :class:`_Pass` on ``:pass``."""
        if self.prompts:
            self.stdout.write(prompt)
            self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            raise _Quit
        line = line.rstrip("\r\n")
        command = line.strip().lower()
        if command in (":quit", ":q"):
            raise _Quit
        if command == ":abandon":
            raise _Abandon
        if command == ":pass":
            raise _Pass
        return line

    # --- the round ------------------------------------------------------------------------

    def run(
        self, *, minutes: int, decks: Sequence[str] = (), rng: random.Random | None = None
    ) -> int:
        """Resume the open round (or abandon it) or start one; ask until the end; report."""
        try:
            mock = self._open(minutes, decks, rng)
        except _Quit:
            return 0
        except RoundError as exc:
            self.say(f"error: {exc}")
            return 2
        if mock is None:
            return 0
        try:
            while (asked := mock.ask()) is not None:
                if mock.seconds_left() <= 0:
                    self.say(Text(en="Time is up.", zh="时间到。"))
                    break
                try:
                    self.ask(mock, asked)
                except _Pass:
                    mock.pass_question(asked)
                    self.say(Text(en="Passed.", zh="已跳过（记 0 分）。"))
        except _Quit:
            self.say(
                Text(
                    en=f"Round paused: {mock.answered} of {len(mock.questions)} answered and kept. "
                    "Run quizapp mock again to resume it.",
                    zh=f"本轮已暂停：已答 {mock.answered}/{len(mock.questions)} 题，答案已保存。"
                    "再次运行 quizapp mock 即可继续。",
                )
            )
            return 0
        except _Abandon:
            mock.abandon()
            self.say(Text(en="Round abandoned.", zh="本轮已放弃。"))
            return 0
        mock.finish()
        self.say(format_report(self.interviews.report(mock), self.lang))
        return 0

    def _open(
        self, minutes: int, decks: Sequence[str], rng: random.Random | None
    ) -> MockRound | None:
        record = self.interviews.unfinished()
        if record is not None:
            answered = sum(q.answered for q in record.questions)
            when = record.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
            self.say(
                Text(
                    en=f"An unfinished round from {when} ({answered} of {len(record.questions)} "
                    "answered): r to resume it, a to abandon it and start a new one.",
                    zh=f"有一轮未完成的模拟面试（{when}，"
                    f"已答 {answered}/{len(record.questions)}）："
                    "输入 r 继续，输入 a 放弃并开始新的一轮。",
                )
            )
            while True:
                choice = self.read("r/a> ").strip().lower()
                if choice == "r":
                    return self.interviews.resume(record.id)
                if choice == "a":
                    self.interviews.abandon(record)
                    break
                self.say(Text(en="Type r or a.", zh="请输入 r 或 a。"))
        mock = self.interviews.start(minutes=minutes, decks=decks, lang=self.lang, rng=rng)
        self.say(
            Text(
                en=f"Mock interview: {len(mock.questions)} questions in {minutes} min. No hints; "
                "answers come at the end. :pass if you don't know, :quit to stop and resume later.",
                zh=f"模拟面试：{minutes} 分钟，{len(mock.questions)} 道题。"
                "没有提示，答案在最后公布。不会就输入 :pass，输入 :quit 暂停、下次继续。",
            )
        )
        return mock

    def ask(self, mock: MockRound, asked: Asked) -> None:
        """Ask one question and commit its answer."""
        card = asked.card
        kind = render.text(render.KIND_NAMES[card.kind], self.lang)
        left, aim = clock_text(asked.seconds_left), clock_text(asked.question.target_seconds)
        where = f"{asked.number}/{asked.total} · {card.deck} · {kind}"
        header = Text(
            en=f"[{where} · {left} left · aim {aim}]",
            zh=f"[{where} · 剩余 {left} · 建议用时 {aim}]",
        )
        self.say("\n" + render.text(header, self.lang))
        instance_q = (
            mock.study.instance(asked.presented).question if card.kind == "numeric" else None
        )
        self.say(
            render.question(
                card, self.lang, order=asked.presented.order, instance_question=instance_q
            )
        )
        if isinstance(card, Flashcard):
            self.open_question(mock, asked, card)
        elif card.kind == "numeric":
            self.numeric(mock, asked)
        else:
            self.drill(mock, asked)
        self.say(Text(en="Noted.", zh="已记下。"))

    def open_question(self, mock: MockRound, asked: Asked, card: Flashcard) -> None:
        self.say(
            Text(
                en="Answer aloud or type it, then press Enter.",
                zh="口头回答或直接输入，然后按回车。",
            )
        )
        typed = self.read().strip() or None
        if not card.points:
            self.say(
                Text(en="How well did you answer? 0, 0.5 or 1", zh="你答得怎么样？0、0.5 或 1")
            )
            while True:
                line = self.read("score> ").strip()
                if line in ("0", "0.5", ".5", "1"):
                    mock.answer_open(asked, self_score=float(line), text=typed)
                    return
                self.say(Text(en="Type 0, 0.5 or 1.", zh="请输入 0、0.5 或 1。"))
        self.say(
            Text(
                en="Which key points did you cover? Their numbers (e.g. 1 3), Enter for none:",
                zh="你答到了哪些要点？输入编号（如 1 3），都没答到就直接回车：",
            )
        )
        for i, point in enumerate(card.points, 1):
            self.say(f"  {i}. {render.text(point, self.lang)}")
        while True:
            numbers = self.read("points> ").replace(",", " ").split()
            try:
                ticked = {int(n) - 1 for n in numbers}
            except ValueError:
                ticked = {-1}
            if all(0 <= i < len(card.points) for i in ticked):
                mock.answer_open(asked, covered=sorted(ticked), text=typed)
                return
            self.say(
                Text(
                    en=f"Numbers from 1 to {len(card.points)}, separated by spaces.",
                    zh=f"请输入 1 到 {len(card.points)} 之间的编号，用空格分开。",
                )
            )

    def numeric(self, mock: MockRound, asked: Asked) -> None:
        while True:
            try:
                mock.answer_numeric(asked, self.read())
                return
            except AnswerError as exc:
                self.say(exc.message)

    def drill(self, mock: MockRound, asked: Asked) -> None:
        self.say(
            Text(
                en="Write the function in a file and type its path; :done hands in the last check.",
                zh="把函数写进一个文件，然后输入文件路径；输入 :done 以最后一次检查的结果交卷。",
            )
        )
        while True:
            line = self.read().strip()
            if line == ":done":
                mock.answer_drill(asked)
                return
            try:
                code = Path(line).expanduser().read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                self.say(Text(en=f"Cannot read {line}: {exc}", zh=f"无法读取 {line}：{exc}"))
                continue
            result = mock.check_drill(asked, code)
            self.say(render.format_result(result, self.lang, max_failures=0).splitlines()[0])
            if result.passed:
                mock.answer_drill(asked)
                return
            self.say(
                Text(
                    en="Fix it and type the path again, or :done.",
                    zh="修改后再次输入路径，或输入 :done。",
                )
            )


def _percent(score: float | None) -> str:
    return "-" if score is None else f"{score:.0%}"


def format_report(report: RoundReport, lang: str) -> str:
    """The report as text (see :mod:`quizapp.mock.report`)."""

    def t(en: str, zh: str) -> str:
        return render.text(Text(en=en, zh=zh), lang)

    status = t(
        report.status,
        {"finished": "已完成", "abandoned": "已放弃", "open": "未完成"}[report.status],
    )
    change = ""
    if report.change is not None:
        points = round(report.change * 100)
        change = t(
            f" (last round {_percent(report.earlier[0][2])}, {points:+d} points)",
            f"（上一轮 {_percent(report.earlier[0][2])}，{points:+d} 分）",
        )
    kinds = {k: render.text(render.KIND_NAMES[k], lang) for k in render.KIND_NAMES}
    lines = [
        "",
        t(
            f"Round {report.round_id} · {status} · score ",
            f"第 {report.round_id} 轮 · {status} · 得分 ",
        )
        + _percent(report.score)
        + change,
        t("By topic: ", "按主题：")
        + " · ".join(f"{d} {_percent(s)}" for d, s in report.by_deck.items()),
        t("By kind:  ", "按题型：")
        + " · ".join(f"{kinds[k]} {_percent(s)}" for k, s in report.by_kind.items()),
        "",
        t(
            "  #  deck         kind            score  time / target",
            "  #  牌组         题型            得分   用时 / 目标",
        ),
    ]
    for q in report.questions:
        time = (
            f"{clock_text(q.seconds or 0)} / {clock_text(q.target_seconds)}"
            if q.answered
            else t("not reached", "未答到")
        )
        over = " !" if q.answered and (q.seconds or 0) > q.target_seconds else ""
        score = _percent(q.score) if q.answered else "-"
        lines.append(
            f"  {q.position + 1:<2} {q.deck:<12} {kinds[q.kind]:<15} {score:>5}  {time}{over}"
        )
    if report.weakest:
        lines += ["", t("Weakest questions, with answers:", "最弱的几题及答案：")]
    for n, weak in enumerate(report.weakest, 1):
        prompt = render.text(weak.prompt, lang).replace("\n", "\n   ")
        lines.append(f"{n}. [{weak.card.deck}] {prompt}  ({_percent(weak.question.score)})")
        if weak.card.kind == "numeric" and weak.question.answer:
            lines.append("   " + t("Your answer: ", "你的答案：") + weak.question.answer)
        if weak.card.kind == "flashcard":  # a worked solution ends with its answer; code is one
            answer = render.text(weak.answer, lang).replace("\n", "\n   ")
            lines.append("   " + t("Answer: ", "答案：") + answer)
        for point, covered in weak.points:
            lines.append(f"   {'✓' if covered else '✗'} {render.text(point, lang)}")
        if weak.solution is not None:
            lines.append("   " + render.text(weak.solution, lang).replace("\n", "\n   "))
        if weak.code is not None:
            lines += ["   " + line for line in weak.code.rstrip().splitlines()]
    if report.earlier:
        earlier = " · ".join(
            f"{at.astimezone().strftime('%Y-%m-%d')} {_percent(score)}"
            for _, at, score in report.earlier
        )
        lines += ["", t("Earlier rounds: ", "之前的轮次：") + earlier]
    return "\n".join(lines)
