"""The result of checking one answer, whatever the card kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from quizapp.bank.model import Text


class AnswerError(ValueError):
    """The input is not an answer (unparseable, wrong count …). It is not recorded; the
    front-end shows ``message`` and asks again."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.get("en"))
        self.message = message


@dataclass(frozen=True, slots=True)
class Verdict:
    """``correct`` is None for self-rated cards. ``expected`` is how the right answer reads;
    ``feedback`` a sentence about this answer (e.g. "close, keep more digits"), shown in place
    of the bare expected answer; ``mistake`` names a recognized wrong answer; ``solution`` is
    a worked explanation; ``record`` is the answer as stored in the review log."""

    correct: bool | None
    expected: Text | None = None
    feedback: Text | None = None
    mistake: Text | None = None
    solution: Text | None = None
    record: str = ""
    details: dict[str, Any] = field(default_factory=dict)
