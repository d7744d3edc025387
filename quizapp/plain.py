"""Line-mode study session: for screen readers, scripts, pipes and dumb terminals.

Prints a card, reads the answer from a line of input, prints the feedback and records it.
``recorded`` is printed only after the answer is committed, so whatever a reader saw as recorded
survives a crash or a kill. End of input ends the session cleanly. Commands: ``:undo``,
``:skip``, ``:hint``, ``:rate N`` (change the rating just recorded), ``:quit``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO

from quizapp import render
from quizapp.bank import cloze
from quizapp.bank.model import Drill, Text
from quizapp.grading.verdict import AnswerError, Verdict
from quizapp.render import RATING_NAMES, format_interval
from quizapp.study import (
    UNDO_REFUSED,
    Presented,
    Rating,
    Recorded,
    StoreError,
    Study,
    UndoRefused,
    drill_rating,
)

_RATING_WORDS: dict[str, Rating] = {
    **{str(int(r)): r for r in Rating},
    **{r.name.lower(): r for r in Rating},
}


class _Quit(Exception):
    """End of input or ``:quit``."""


class _Skip(Exception):
    """Leave the current card (``:skip``, ``:undo``)."""


class PlainSession:
    """Drives a :class:`Study` over text streams."""

    def __init__(self, study: Study, lang: str, stdin: IO[str], stdout: IO[str]) -> None:
        self.study = study
        self.lang = lang
        self.stdin = stdin
        self.stdout = stdout
        self.prompts = stdin.isatty()  # piped input: no prompts between the lines

    def say(self, value: str | Text) -> None:
        line = render.text(value, self.lang) if isinstance(value, Text) else value
        self.stdout.write(line + "\n")
        self.stdout.flush()

    def read(self, prompt: str = "> ") -> str:
        """One line of input without its newline; :class:`_Quit` at end of input."""
        if self.prompts:
            self.stdout.write(prompt)
            self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            raise _Quit
        # undecodable input bytes arrive as surrogates: keep them visible, never store them
        return line.rstrip("\r\n").encode("utf-8", "replace").decode("utf-8")

    def run(self) -> int:
        """Study until the queue is empty, the limit is reached, ``:quit`` or end of input."""
        try:
            while (presented := self.study.next()) is not None:
                try:
                    self.present(presented)
                except _Skip:
                    continue
        except _Quit:
            pass
        except StoreError as error:
            self.say(
                Text(
                    en=f"Not recorded: the database stopped answering ({error}). Every answer "
                    "shown as recorded is saved; start again when it is back.",
                    zh=f"未记录：数据库没有响应（{error}）。显示为已记录的回答都已保存；"
                    "数据库恢复后可以继续学习。",
                )
            )
            return 1
        done = self.study.done
        self.say(
            Text(
                en=f"Session over: {done} answer(s) recorded.",
                zh=f"本次学习结束：已记录 {done} 个回答。",
            )
        )
        return 0

    # --- one card -------------------------------------------------------------------------

    def header(self, presented: Presented) -> str:
        progress = self.study.progress()
        card = presented.card
        kind = render.text(render.KIND_NAMES[card.kind], self.lang)
        return (
            f"\n[{progress.done + 1} · due {progress.due} · new {progress.new}] "
            f"{card.deck} · {kind} · {card.id}"
        )

    def present(self, presented: Presented) -> None:
        self.say(self.header(presented))
        card = presented.card
        instance_q = None
        if card.kind == "numeric":
            instance_q = self.study.instance(presented).question
        self.say(
            render.question(card, self.lang, order=presented.order, instance_question=instance_q)
        )
        if card.kind == "flashcard":
            self.flashcard(presented)
        elif card.kind == "drill":
            self.drill(presented)
        else:
            self.graded(presented)

    def command(self, line: str, presented: Presented) -> bool:
        """Handle ``:command`` lines; True if the line was a command."""
        if not line.startswith(":"):
            return False
        name, _, arg = line[1:].strip().partition(" ")
        match name:
            case "quit" | "q":
                raise _Quit
            case "skip":
                self.study.skip(presented.card.id)
                self.say(Text(en="Skipped.", zh="已跳过。"))
                raise _Skip
            case "undo":
                try:
                    card_id = self.study.undo()
                except UndoRefused:
                    self.say(UNDO_REFUSED)
                    return True
                if card_id is None:
                    self.say(Text(en="Nothing to undo.", zh="没有可撤销的回答。"))
                    return True
                self.say(Text(en=f"Undone: {card_id}", zh=f"已撤销：{card_id}"))
                self.study.requeue(presented.card.id, 1)  # after the undone card
                raise _Skip
            case "rate":
                self.rerate(arg)
            case "hint":
                self.say(self.hint(presented))
            case _:
                self.say(
                    Text(
                        en="Commands: :undo :skip :hint :rate N :quit",
                        zh="命令：:undo 撤销  :skip 跳过  :hint 提示  :rate N 改评分  :quit 退出",
                    )
                )
        return True

    def hint(self, presented: Presented) -> Text:
        card = presented.card
        if card.kind == "cloze":
            firsts = [d.answer[:1] + "…" for d in cloze.deletions(card.prompt.get(self.lang))]
            return Text(en="Starts with: " + ", ".join(firsts), zh="开头是：" + "，".join(firsts))
        if isinstance(card, Drill):
            shown = self.study.drill_hint(card)
            if shown is not None:
                return shown[1]
        if card.kind == "choice":
            n = sum(o.correct for o in card.options)  # type: ignore[attr-defined]
            return Text(en=f"{n} option(s) are correct.", zh=f"有 {n} 个正确选项。")
        return Text(en="No hint for this card.", zh="这张卡片没有提示。")

    def ask(self, presented: Presented, check: Callable[[str], Verdict]) -> Verdict:
        """Read lines until one is a valid answer (commands are handled on the way)."""
        while True:
            line = self.read()
            if self.command(line, presented):
                continue
            try:
                return check(line)
            except AnswerError as exc:
                self.say(exc.message)

    def graded(self, presented: Presented) -> None:
        verdict = self.ask(presented, lambda line: self.study.check(presented, line))
        self.say(render.verdict(verdict, self.lang))
        self.commit(presented, Rating.Good if verdict.correct else Rating.Again, verdict)

    def flashcard(self, presented: Presented) -> None:
        self.say(
            render.text(Text(en="(Enter shows the answer)", zh="（按回车显示答案）"), self.lang)
        )
        while self.command(self.read(), presented):
            pass
        verdict = self.study.check(presented, None)
        self.say(render.verdict(verdict, self.lang))
        if presented.card.explanation:
            self.say(render.text(presented.card.explanation, self.lang))
        intervals = self.study.preview(presented.card.id)
        self.say(
            "  ".join(
                f"{r} {render.text(RATING_NAMES[r], self.lang)} ({format_interval(d)})"
                for r, d in intervals.items()
            )
        )
        while True:
            line = self.read("rating> ").strip().lower()
            if self.command(line, presented):
                continue
            if line in _RATING_WORDS:
                self.commit(presented, _RATING_WORDS[line], verdict)
                return
            self.say(
                Text(
                    en="Rate 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy).",
                    zh="请评分：1（重来）、2（困难）、3（良好）、4（简单）。",
                )
            )

    def drill(self, presented: Presented) -> None:
        """Grade a file the user writes, until all cases pass or they give up; the attempt is
        the engine's (:meth:`Study.start_drill`) and so is its rating (:func:`drill_rating`:
        first-check pass Good, later Hard, solution or give-up Again)."""
        from pathlib import Path

        card = presented.card
        assert isinstance(card, Drill)
        self.study.start_drill(card.id)
        self.say(
            Text(
                en="Write the function in a file and type its path. :hint for a hint, "
                ":solution to see the reference (recorded as Again), :skip.",
                zh="把函数写进一个文件，然后输入文件路径。:hint 提示，:solution 查看参考实现"
                "（记为“重来”），:skip 跳过。",
            )
        )
        while True:
            line = self.read().strip()
            if line in (":solution", ":giveup"):
                code, attempt = self.study.drill_solution(card)
                self.say(code)
                self.commit(presented, drill_rating(attempt), Verdict(correct=False))
                return
            if self.command(line, presented):
                continue
            try:
                code = Path(line).expanduser().read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                self.say(Text(en=f"Cannot read {line}: {exc}", zh=f"无法读取 {line}：{exc}"))
                continue
            result, attempt = self.study.check_drill(card, code, seed=presented.seed)
            self.say(render.format_result(result, self.lang))
            if result.passed:
                verdict = Verdict(correct=True, record=code)
                self.commit(presented, drill_rating(attempt), verdict)
                return
            self.say(
                Text(
                    en="Fix it and type the path again (or :solution).",
                    zh="修改后再次输入文件路径（或 :solution）。",
                )
            )

    def commit(self, presented: Presented, rating: Rating, verdict: Verdict) -> None:
        self.say(self.recorded_line(self.study.answer(presented, rating, verdict, lang=self.lang)))

    def recorded_line(self, recorded: Recorded) -> str:
        """ "recorded: …" in both languages: the word scripts and readers wait for."""
        interval = recorded.due - self.study.clock()
        return render.text(
            render.recorded(recorded.rating, interval, zh_word="recorded"), self.lang
        )

    def rerate(self, arg: str) -> None:
        rating = _RATING_WORDS.get(arg.strip().lower())
        recorded = self.study.rerate(rating) if rating is not None else None
        if recorded is None:
            self.say(
                Text(
                    en="Usage: :rate 1-4, right after an answer.", zh="用法：回答后输入 :rate 1-4。"
                )
            )
            return
        self.say(self.recorded_line(recorded))
