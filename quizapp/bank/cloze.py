"""Cloze deletions: ``{{c1::answer}}`` and ``{{c1::answer::hint}}``, as in Anki."""

from __future__ import annotations

import re
from dataclasses import dataclass

CLOZE_RE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Deletion:
    """One deletion: its number (``c1`` -> 1), the hidden answer and the optional hint."""

    number: int
    answer: str
    hint: str | None


def deletions(text: str) -> list[Deletion]:
    """Every deletion in ``text``, in reading order (a number may appear more than once)."""
    return [Deletion(int(m[1]), m[2], m[3]) for m in CLOZE_RE.finditer(text)]


def numbers(text: str) -> list[int]:
    """The distinct deletion numbers of ``text``, sorted."""
    return sorted({d.number for d in deletions(text)})


def blank(text: str, *, reveal: bool = False) -> str:
    """``text`` with each deletion shown as ``[1: hint]`` / ``[1]``, or its answer when
    ``reveal`` (answers are bracketed so they stand out: ``[L2 norm]``)."""

    def sub(m: re.Match[str]) -> str:
        if reveal:
            return f"[{m[2]}]"
        return f"[{m[1]}: {m[3]}]" if m[3] else f"[{m[1]}: ___]"

    return CLOZE_RE.sub(sub, text)
