"""Study days as calendar dates: when a day starts, when its session is assumed to happen.

A study day starts at the ``day_starts_at_hour`` setting, local time (see
:func:`quizapp.study.day_start`); its date is the local date of that start. A planned day's
session, and the interview itself, are placed :data:`SESSION_OFFSET` after the day's start, so
whole days elapse between them (FSRS counts elapsed time in whole days).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from quizapp.study import day_start

SESSION_OFFSET = timedelta(hours=8)  # noon when days start at 4


@dataclass(frozen=True, slots=True)
class StudyDays:
    """Study days whose start is at ``hour`` local time."""

    hour: int

    def start(self, day: date) -> datetime:
        """The UTC start of study day ``day``."""
        return datetime.combine(day, time(self.hour)).astimezone().astimezone(UTC)

    def date_of(self, now: datetime) -> date:
        """The study day containing ``now``."""
        return day_start(now, self.hour).astimezone().date()

    def session(self, day: date) -> datetime:
        """When the planned session of ``day`` (or the interview, on its date) happens."""
        return self.start(day) + SESSION_OFFSET
