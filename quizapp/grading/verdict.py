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
    of the bare expected answer; ``mistake`` is the diagnosis: it names a recognized wrong
    answer or near miss (sign flipped, off by a power of ten, a known confusion), says "not
    answered", or notes how a right answer was read (a formula compared as text); ``solution``
    is a worked explanation; ``record`` is the answer as stored in the review log.
    ``details["dont_know"]`` is True for an empty answer or ``?`` (see :meth:`not_answered`)."""

    correct: bool | None
    expected: Text | None = None
    feedback: Text | None = None
    mistake: Text | None = None
    solution: Text | None = None
    record: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def diagnosis(self) -> Text | None:
        """Why this answer is judged as it is, beyond right or wrong (``mistake``), if known."""
        return self.mistake

    @classmethod
    def not_answered(
        cls, expected: Text | None, *, solution: Text | None = None, **details: Any
    ) -> Verdict:
        """The verdict for "don't know" (an empty answer, ``?``): wrong — so the engine
        suggests Again — with the answer shown; recorded as ``?``."""
        return cls(
            correct=False,
            expected=expected,
            mistake=NOT_ANSWERED,
            solution=solution,
            record="?",
            details={**details, "dont_know": True},
        )


NOT_ANSWERED = Text(en="Not answered: here is the answer.", zh="未作答：答案如下。")
