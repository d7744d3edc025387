"""Helpers of the drill tests: the built-in drills, and a grader that renders its result."""

from __future__ import annotations

from functools import cache

from quizapp.bank.loader import load_library
from quizapp.bank.model import Drill
from quizapp.grading import drill
from quizapp.render import format_result


@cache
def builtin_drills() -> dict[str, Drill]:
    """Every built-in drill card by id (loaded once per test session)."""
    lib = load_library(include_user=False)
    return {cid: c for cid, c in lib.cards.items() if isinstance(c, Drill)}


def card(card_id: str) -> Drill:
    return builtin_drills()[card_id]


def grade_text(card_id: str, source: str, seed: int = 7) -> tuple[drill.DrillResult, str]:
    """Grade ``source`` on a built-in drill; the result and its English rendering."""
    result = drill.grade(card(card_id), source, seed=seed)
    return result, format_result(result, "en", max_failures=50)
