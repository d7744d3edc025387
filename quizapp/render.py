"""Plain-text rendering of cards and verdicts (math as Unicode), shared by the line-mode study
session, ``quizapp show`` and exports. The TUI composes the same pieces into widgets."""

from __future__ import annotations

from quizapp.bank import cloze
from quizapp.bank.mathtext import render as math
from quizapp.bank.model import Card, Text
from quizapp.grading.choice import key_for
from quizapp.grading.verdict import Verdict

KIND_NAMES: dict[str, Text] = {
    "flashcard": Text(en="flashcard", zh="问答卡"),
    "cloze": Text(en="cloze", zh="填空"),
    "choice": Text(en="choice", zh="选择"),
    "order": Text(en="order", zh="排序"),
    "numeric": Text(en="numeric", zh="计算"),
    "drill": Text(en="coding drill", zh="编程练习"),
}


def text(value: Text | None, lang: str) -> str:
    """A bilingual text in ``lang`` (``both``: English then Chinese), math rendered."""
    return math(value.get(lang)) if value is not None else ""


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
