"""``quizapp plan``: an interview date and the plan to be ready for it (see :mod:`quizapp.plan`).

``quizapp plan set DATE [--deck D ...] [--minutes M]`` sets it, ``quizapp plan [--json]`` shows
it (the JSON shape is :meth:`quizapp.plan.forecast.PlanReport.to_data`), ``quizapp plan clear``
removes it. A bad or past date is a one-line error and exit code 2.
"""

from __future__ import annotations

import argparse
from datetime import timedelta
from typing import TYPE_CHECKING

from quizapp.commands.options import add_lang, common_options

if TYPE_CHECKING:
    from quizapp.plan.forecast import PlanReport


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``plan`` subcommand."""
    p = subparsers.add_parser(
        "plan",
        parents=[common_options()],
        help="an interview date: pace new cards, cap intervals, forecast recall",
        description="Without an action, show the plan. `plan set DATE` sets the interview date "
        "(YYYY-MM-DD), `plan clear` removes it.",
    )
    p.add_argument("action", nargs="?", choices=("show", "set", "clear"), default="show")
    p.add_argument("date", nargs="?", help="the interview day, YYYY-MM-DD (with set)")
    p.add_argument(
        "--deck", action="append", default=[], help="a deck to prepare (repeatable; default all)"
    )
    p.add_argument(
        "--minutes", type=int, default=None, help="minutes a day you can give (default 30)"
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    add_lang(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Set, clear or show the plan."""
    import json
    import sys
    from datetime import UTC, datetime

    from quizapp.commands.options import library, store
    from quizapp.plan.days import StudyDays
    from quizapp.plan.forecast import report
    from quizapp.plan.model import DEFAULT_MINUTES, PlanError, make_plan, parse_date, save_plan

    db = store(args)
    settings = db.settings()
    lang = args.lang or settings["lang"]
    now = datetime.now(UTC)
    if args.action != "set" and (args.date or args.deck or args.minutes is not None):
        print("error: a date, --deck and --minutes go with `plan set`", file=sys.stderr)
        return 2
    if args.action == "clear":
        save_plan(db, None)
        print("Interview plan cleared." if lang != "zh" else "已清除面试计划。")
        return 0
    lib = library(args, quiet=args.json)
    if args.action == "set":
        if not args.date:
            print("error: plan set needs a date (YYYY-MM-DD)", file=sys.stderr)
            return 2
        unknown = [d for d in args.deck if d not in lib.decks]
        if unknown:
            print(
                f"error: unknown deck(s): {', '.join(unknown)}; decks: {', '.join(lib.decks)}",
                file=sys.stderr,
            )
            return 2
        today = StudyDays(int(settings["day_starts_at_hour"])).date_of(now)
        try:
            plan = make_plan(
                parse_date(args.date, today),
                today,
                decks=tuple(args.deck),
                minutes=DEFAULT_MINUTES if args.minutes is None else args.minutes,
            )
        except PlanError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        save_plan(db, plan)
    result = report(db, lib, now)
    if args.json:
        print(json.dumps(result.to_data(lang) if result else None, ensure_ascii=False, indent=2))
        return 0
    if result is None:
        print(
            "No interview plan (or its date has come). Set one: quizapp plan set YYYY-MM-DD"
            if lang != "zh"
            else "没有面试计划（或日期已到）。设置：quizapp plan set YYYY-MM-DD"
        )
        return 0
    print(format_report(result, lang))
    return 0


def format_report(result: PlanReport, lang: str) -> str:
    """The plan as text: the date and scope, expected recall, each day's load, the verdict."""
    from quizapp.bank.model import Text

    plan = result.plan
    decks = ", ".join(plan.decks) if plan.decks else None
    recall = f"{result.forecast.expected_recall:.0%}"
    lines = [
        Text(
            en=f"Interview on {plan.date} · in {result.days_left} days · decks: {decks or 'all'} "
            f"· {plan.minutes} min a day",
            zh=f"面试日期 {plan.date} · 还有 {result.days_left} 天 · 牌组：{decks or '全部'} "
            f"· 每天 {plan.minutes} 分钟",
        ),
        Text(
            en=f"{result.learned}/{result.cards} learned · {result.new} new · "
            f"{result.seconds_per_answer:.0f} s an answer",
            zh=f"已学 {result.learned}/{result.cards} · 新卡 {result.new} · "
            f"每个回答约 {result.seconds_per_answer:.0f} 秒",
        ),
        Text(en=f"Expected recall on the day: {recall}", zh=f"面试当天预计记住：{recall}"),
    ]
    if plan.buffer_days:
        start = plan.date - timedelta(days=plan.buffer_days)
        lines.append(
            Text(
                en=f"Review only from {start} (the last {plan.buffer_days} days)",
                zh=f"从 {start} 起只复习（最后 {plan.buffer_days} 天）",
            )
        )
    lines.append(
        Text(en="\n  date         new  reviews  minutes", zh="\n  日期       新卡  复习  分钟")
    )
    out = [line.get(lang) for line in lines]
    out += [
        f"  {d.date}  {d.new:4d}  {d.reviews:7d}  {d.minutes:7.1f}" for d in result.forecast.days
    ]
    out += ["", result.message.get(lang)]
    return "\n".join(out)
