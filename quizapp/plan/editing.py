"""Setting, clearing and reading the interview plan from a front-end (the TUI's Settings and
Home), so no front-end touches the store for it.

Conventions: ``now`` is an aware UTC time; "today" is the study day of ``now`` (the day starts
at the ``day_starts_at_hour`` setting), as :func:`quizapp.plan.forecast.report` counts it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from quizapp.bank.loader import Library
from quizapp.plan.days import StudyDays
from quizapp.plan.forecast import PlanReport, report
from quizapp.plan.model import Plan, PlanError, load_plan, make_plan, parse_date, save_plan
from quizapp.store import Store

__all__ = [
    "Plan",
    "PlanError",
    "PlanReport",
    "clear_plan",
    "current_plan",
    "plan_report",
    "set_plan",
]


def study_today(store: Store, now: datetime) -> date:
    """The study day of ``now`` for this user."""
    return StudyDays(int(store.settings()["day_starts_at_hour"])).date_of(now)


def current_plan(store: Store) -> Plan | None:
    """The stored plan, None if none (its date may have passed)."""
    return load_plan(store.settings())


def set_plan(
    store: Store,
    library: Library,
    now: datetime,
    date_text: str,
    *,
    decks: Sequence[str] = (),
    minutes: int,
) -> Plan:
    """Validate and store a plan for the interview on ``date_text`` (``YYYY-MM-DD``, after
    today) over ``decks`` (empty: all). Raises :class:`PlanError` with a one-line message for a
    bad or past date, unknown decks or minutes outside 1..1440; nothing is stored then."""
    unknown = [d for d in decks if d not in library.decks]
    if unknown:
        raise PlanError(f"unknown deck(s): {', '.join(unknown)}")
    today = study_today(store, now)
    plan = make_plan(parse_date(date_text, today), today, decks=tuple(decks), minutes=minutes)
    save_plan(store, plan)
    return plan


def clear_plan(store: Store) -> None:
    """Remove the plan (the app schedules as without a date again)."""
    save_plan(store, None)


def plan_report(
    store: Store, library: Library, now: datetime, *, suggest: bool = True
) -> PlanReport | None:
    """The stored plan's report at ``now`` (None without a plan or once its date has come).
    It simulates the plan (about a second on the built-in banks): call it off the UI thread.
    ``suggest=False`` skips the search for what fits (Home only needs the forecast)."""
    return report(store, library, now, suggest=suggest)
