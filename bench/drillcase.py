"""The drill graded by the benchmark: a built-in drill and a correct submission for it."""

from __future__ import annotations

from typing import Any

DRILL_ID = "drill.mse"


def correct_submission() -> tuple[Any, str]:
    """``(card, source)``: the built-in ``drill.mse`` and its reference solution (the card's
    ``solution``, else the reference solver's source — both pass by construction)."""
    from quizapp.bank.loader import load_library
    from quizapp.bank.model import Drill
    from quizapp.grading.drill import reference_code

    card = load_library(include_user=False).cards.get(DRILL_ID)
    if not isinstance(card, Drill):
        raise LookupError(f"the built-in drill {DRILL_ID!r} is not loaded")
    return card, reference_code(card)
