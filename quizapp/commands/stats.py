"""``quizapp stats``: counts, due cards, reviews, retention, orphaned ids."""

from __future__ import annotations

import argparse

from quizapp.commands.options import common_options


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``stats`` subcommand."""
    p = subparsers.add_parser("stats", parents=[common_options()], help="study statistics")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the report (see :mod:`quizapp.stats` for the definitions)."""
    import json

    from quizapp.commands.options import library, store
    from quizapp.stats import compute

    report = compute(store(args), library(args))
    if args.json:
        print(json.dumps(report.to_data(), ensure_ascii=False, indent=2))
        return 0
    retention = (
        f"{report.retention_30d:.1%} of {report.retention_reviews_30d}"
        if report.retention_30d is not None
        else "no reviews yet"
    )
    rows = [
        ("cards", report.cards),
        ("new", report.new),
        ("due now", report.due_now),
        ("due today", report.due_today),
        ("reviews", report.reviews_total),
        ("reviews today", report.reviews_today),
        ("retention (30 days)", retention),
        ("streak (days)", report.streak_days),
        ("orphaned", len(report.orphaned)),
    ]
    if report.expected_recall_on_day is not None:
        rows.append(("recall on the day", f"{report.expected_recall_on_day:.0%} expected (plan)"))
    if report.mock_rounds:
        rows.append(("mock rounds", f"{report.mock_rounds} (last {report.last_mock_score:.0%})"))
    for name, value in rows:
        print(f"{name:>20}  {value}")
    print()
    for deck in report.decks:
        recall = f"{deck.recall:5.1%}" if deck.recall is not None else "    —"
        print(
            f"{deck.deck:>20}  {deck.cards:4d} cards  {deck.new:4d} new  {deck.due:4d} due  "
            f"{deck.mature:4d} mature  mastery {deck.mastery:5.1%}  recall {recall}"
        )
    print("\ntrue retention      young            mature           all")
    for window, split in report.true_retention.items():
        print(f"{window:>14}  " + "  ".join(_rate(split[k]) for k in ("young", "mature", "all")))
    print("\ncalibration (last 365 days)  predicted  actual  reviews")
    for b in report.calibration:
        if b["reviews"]:
            print(
                f"{b['low']:>13.0%}-{b['high']:<4.0%}          {b['predicted']:6.1%}  "
                f"{b['actual']:6.1%}  {b['reviews']:7d}"
            )
    if report.orphaned:
        print("\norphaned ids (history kept, card no longer in any bank):")
        for card_id in report.orphaned:
            print(f"  {card_id}")
    return 0


def _rate(figure: dict[str, object]) -> str:
    """``passed/total rate`` of one true-retention figure, 15 cells wide."""
    rate = figure["rate"]
    text = f"{figure['passed']}/{figure['total']}"
    return f"{text:>9} {rate:5.1%}" if isinstance(rate, float) else f"{text:>9}     —"
