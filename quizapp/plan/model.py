"""The interview plan as the user set it, kept as JSON in the store's ``plan`` setting.

Conventions: ``date`` is the interview day (a local calendar date); ``decks`` empty means every
deck; ``buffer_days`` is the number of review-only days just before the date, fixed when the plan
is set (see :func:`default_buffer_days`) so it does not shrink as the date comes closer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from quizapp.store import Store

PLAN_SETTING = "plan"
# The plan is one more setting; None means "no plan". Registered here so Store.set_setting

DEFAULT_MINUTES = 30
MAX_BUFFER_DAYS = 3


class PlanError(ValueError):
    """A plan that cannot be set (bad or past date, bad minutes): a one-line message."""


@dataclass(frozen=True, slots=True)
class Plan:
    """An interview on ``date`` covering ``decks`` (empty: all), ``minutes`` a day,
    with ``buffer_days`` review-only days before the date."""

    date: date
    decks: tuple[str, ...] = ()
    minutes: int = DEFAULT_MINUTES
    buffer_days: int = MAX_BUFFER_DAYS

    def to_data(self) -> dict[str, Any]:
        """The JSON form stored in the settings."""
        return {
            "date": self.date.isoformat(),
            "decks": list(self.decks),
            "minutes": self.minutes,
            "buffer_days": self.buffer_days,
        }

    @classmethod
    def from_data(cls, data: Any) -> Plan | None:
        """The plan from its stored form; None for no plan or a form this code cannot read."""
        if not isinstance(data, dict):
            return None
        try:
            return cls(
                date=date.fromisoformat(str(data["date"])),
                decks=tuple(str(d) for d in data.get("decks", ())),
                minutes=int(data.get("minutes", DEFAULT_MINUTES)),
                buffer_days=int(data.get("buffer_days", MAX_BUFFER_DAYS)),
            )
        except (KeyError, TypeError, ValueError):
            return None


def default_buffer_days(days_left: int) -> int:
    """Review-only days before the date: 3, fewer when the date is close (about a third of the
    days left, so a plan for tomorrow or the day after has none)."""
    return max(0, min(MAX_BUFFER_DAYS, (days_left - 1) // 3))


def parse_date(text: str, today: date) -> date:
    """``YYYY-MM-DD`` after ``today``; raises :class:`PlanError` with a one-line message."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise PlanError(f"not a date: {text!r} (use YYYY-MM-DD)") from None
    if day <= today:
        raise PlanError(f"{day.isoformat()} is not after today ({today.isoformat()})")
    return day


def make_plan(day: date, today: date, *, decks: tuple[str, ...] = (), minutes: int) -> Plan:
    """A new plan for an interview on ``day`` (after ``today``), buffer by the default rule."""
    if not 1 <= minutes <= 24 * 60:
        raise PlanError(f"minutes per day must be between 1 and 1440, got {minutes}")
    if day <= today:
        raise PlanError(f"{day.isoformat()} is not after today ({today.isoformat()})")
    return Plan(day, tuple(dict.fromkeys(decks)), minutes, default_buffer_days((day - today).days))


def load_plan(settings: dict[str, Any]) -> Plan | None:
    """The plan in ``settings`` (as :meth:`Store.settings` returns them), None if none."""
    return Plan.from_data(settings.get(PLAN_SETTING))


def save_plan(store: Store, plan: Plan | None) -> None:
    """Store ``plan`` (None clears it)."""
    store.set_setting(PLAN_SETTING, plan.to_data() if plan is not None else None)
