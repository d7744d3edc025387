"""The words every front-end shows, in one place: cards and verdicts (math as Unicode), drill
results, worked solutions, ratings and intervals, and the bilingual helper :func:`bi` for
interface wording. Shared by the line-mode study session, the CLI commands, ``quizapp show``,
exports and the TUI (which composes the same pieces into widgets)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from quizapp.bank import cloze
from quizapp.bank.mathtext import render as math
from quizapp.bank.model import Card, Text
from quizapp.grading.choice import key_for
from quizapp.grading.verdict import Verdict
from quizapp.rating import Rating

if TYPE_CHECKING:
    from quizapp.grading.drill import CaseReport, DrillResult

KIND_NAMES: dict[str, Text] = {
    "flashcard": Text(en="flashcard", zh="问答卡"),
    "cloze": Text(en="cloze", zh="填空"),
    "choice": Text(en="choice", zh="选择"),
    "order": Text(en="order", zh="排序"),
    "numeric": Text(en="numeric", zh="计算"),
    "drill": Text(en="coding drill", zh="编程练习"),
}


RATING_NAMES: dict[Rating, Text] = {
    Rating.Again: Text(en="Again", zh="重来"),
    Rating.Hard: Text(en="Hard", zh="困难"),
    Rating.Good: Text(en="Good", zh="良好"),
    Rating.Easy: Text(en="Easy", zh="简单"),
}


def text(value: Text | None, lang: str) -> str:
    """A bilingual text in ``lang`` (``both``: English then Chinese), math rendered."""
    return math(value.get(lang)) if value is not None else ""


def bi(lang: str, en: str, zh: str) -> str:
    """Interface wording given in both languages, in ``lang`` (``both``: English, then Chinese
    on the next line). No math rendering: paths and names keep their underscores."""
    return Text(en=en, zh=zh).get(lang)


def format_interval(delta: timedelta) -> str:
    """``45s``, ``10m``, ``3h``, ``4d``, ``2.5mo``, ``1.2y`` — compact, like Anki's buttons."""
    seconds = delta.total_seconds()
    if seconds < 60:
        return f"{max(0, round(seconds))}s"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


def recorded(rating: Rating, interval: timedelta, *, zh_word: str = "已记录") -> Text:
    """The line said once an answer is committed, e.g. ``recorded: Good (next in 4d)``.
    ``zh_word`` opens the Chinese line (the line mode keeps ``recorded``, a word scripts wait
    for)."""
    name, due = RATING_NAMES[rating], format_interval(interval)
    return Text(
        en=f"recorded: {name.get('en')} (next in {due})",
        zh=f"{zh_word}：{name.get('zh')}（{due} 后复习）",
    )


def question(
    card: Card, lang: str, *, order: tuple[int, ...] = (), instance_question: Text | None = None
) -> str:
    """What the user sees before answering: the prompt, plus numbered options or steps.

    ``order`` is the shown order of options/steps (bank indexes); ``instance_question`` is the
    filled-in question of a numeric card."""
    kind = card.kind
    if kind == "cloze":
        return "\n".join(math(cloze.blank(t)) for _, t in _langs(card.prompt, lang))
    if kind == "numeric" and instance_question is not None:
        return text(instance_question, lang)
    lines = [text(card.prompt, lang)]
    if kind == "choice":
        options = card.options  # type: ignore[attr-defined]
        shown = order or tuple(range(len(options)))
        if card.multiple:  # type: ignore[attr-defined]
            lines.append(text(Text(en="(select all that apply)", zh="（多选）"), lang))
        lines += [
            f"  {key_for(p, len(shown))}. {text(options[i].text, lang)}"
            for p, i in enumerate(shown)
        ]
    elif kind == "order":
        steps = card.steps  # type: ignore[attr-defined]
        shown = order or tuple(range(len(steps)))
        lines += [f"  {p + 1}. {text(steps[i], lang)}" for p, i in enumerate(shown)]
    elif kind == "drill":
        lines.append(f"\n  {card.signature}")  # type: ignore[attr-defined]
    return "\n".join(lines)


def _langs(value: Text, lang: str) -> list[tuple[str, str]]:
    if lang == "both":
        return value.items()
    return [(lang, value.get(lang))]


def verdict(result: Verdict, lang: str) -> str:
    """The feedback after an answer: right/wrong, the named mistake, the expected answer and
    the worked solution."""
    lines = []
    mark = {True: "✓", False: "✗", None: ""}[result.correct]
    if result.feedback is not None:  # it already says right or wrong, the mistake, the answer
        lines.append(f"{mark} {text(result.feedback, lang)}".strip())
    elif result.correct is not None:
        lines.append(
            text(
                Text(
                    en=f"{mark} Correct" if result.correct else f"{mark} Not quite",
                    zh=f"{mark} 正确" if result.correct else f"{mark} 不对",
                ),
                lang,
            )
        )
    if result.feedback is None and result.mistake is not None:
        lines.append(text(result.mistake, lang))
    if result.feedback is None and result.expected is not None:
        label = Text(en="Answer:", zh="答案：") if result.correct is not None else None
        body = text(result.expected, lang)
        lines.append(f"{text(label, lang)}\n{body}" if label else body)
    if result.solution is not None:
        lines.append(text(result.solution, lang))
    return "\n".join(line for line in lines if line)


# --- drills ---------------------------------------------------------------------------------

_STATUS_NAMES: dict[str, Text] = {
    "passed": Text(en="passed", zh="通过"),
    "wrong": Text(en="wrong answer", zh="答案错误"),
    "bad_return": Text(en="wrong type or shape", zh="返回类型或形状不对"),
    "raised": Text(en="raised an exception", zh="抛出异常"),
    "timeout": Text(en="time limit exceeded", zh="超时"),
    "oom": Text(en="out of memory", zh="内存超限"),
    "crashed": Text(en="crashed", zh="进程崩溃"),
    "not_run": Text(en="not run", zh="未运行"),
    "skipped": Text(en="skipped (drill error)", zh="跳过（练习本身有误）"),
}


def format_result(result: DrillResult, lang: str, *, max_failures: int = 3) -> str:
    """A drill's result as text: a summary line, then the first failing cases with input,
    expected and returned values, the message, the recognized mistake, the traceback and what
    the case printed."""
    lines: list[str] = []
    if result.status in ("passed", "failed"):
        ok, total = result.counts
        mark = "✓" if result.passed else "✗"
        lines.append(
            bi(
                lang,
                f"{mark} {ok}/{total} cases passed  (seed {result.seed}, {result.seconds:.2f} s)",
                f"{mark} 通过 {ok}/{total} 个用例（seed {result.seed}，{result.seconds:.2f} 秒）",
            )
        )
    else:
        lines.append("✗ " + text(result.message, lang))
        if result.detail:
            lines += ["    " + ln for ln in result.detail.rstrip().splitlines()]
    failures = result.failures
    for case in failures[:max_failures]:
        lines += _case_lines(case, lang)
    if len(failures) > max_failures:
        more = len(failures) - max_failures
        lines.append(
            bi(lang, f"… and {more} more failing case(s).", f"……还有 {more} 个用例未通过。")
        )
    not_run = sum(c.status == "not_run" for c in result.cases)
    if not_run:
        lines.append(
            bi(
                lang,
                f"{not_run} case(s) not run after a time-out or a crash.",
                f"超时或崩溃之后，有 {not_run} 个用例没有运行。",
            )
        )
    if result.output.strip():
        lines.append(bi(lang, "Output outside the cases:", "用例之外的输出："))
        lines += ["    " + ln for ln in result.output.rstrip().splitlines()[:20]]
    return "\n".join(lines)


def _case_lines(case: CaseReport, lang: str) -> list[str]:
    kind = bi(lang, case.kind, {"fixed": "固定", "random": "随机"}.get(case.kind, case.kind))
    head = bi(lang, f"case {case.index + 1} ({kind}): ", f"用例 {case.index + 1}（{kind}）：")
    out = ["", head + _STATUS_NAMES[case.status].get(lang)]
    pad = "    "
    out.append(pad + bi(lang, "input:    ", "输入：    ") + case.inputs)
    if case.status in ("wrong", "bad_return") and case.got:
        out.append(pad + bi(lang, "expected: ", "期望：    ") + case.expected)
        out.append(pad + bi(lang, "got:      ", "实际：    ") + case.got)
    if case.message is not None:
        out.append(pad + text(case.message, lang).replace("\n", "\n" + pad))
    if case.mistake is not None:
        out.append(pad + bi(lang, "Looks like: ", "看起来是：") + text(case.mistake, lang))
    if case.traceback:
        out += [pad + ln for ln in case.traceback.rstrip().splitlines()]
    for w in case.warnings:
        out.append(pad + bi(lang, "warning: ", "警告：") + w)
    if case.stdout.strip():
        out.append(pad + bi(lang, "printed:", "打印输出："))
        out += [pad + "  " + ln for ln in case.stdout.rstrip().splitlines()[:10]]
    return out


def worked_solution(card_id: str, code: str, lang: str) -> str:
    """A drill's reference solution between rules, headed with the drill's id."""
    bar = "=" * 72
    head = bi(lang, f"REFERENCE SOLUTION — {card_id}", f"参考答案 — {card_id}")
    return "\n".join([bar, head, bar, code.rstrip(), bar])
