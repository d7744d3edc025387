"""``quizapp optimize [--json] [--dry-run] [--undo]``: personal FSRS-6 parameters from your own
review log (see :mod:`quizapp.memory.optimize` for how they are fitted and judged)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from quizapp.commands.options import common_options

if TYPE_CHECKING:
    from quizapp.memory.optimize import Score


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``optimize`` subcommand."""
    p = subparsers.add_parser(
        "optimize",
        parents=[common_options()],
        help="fit FSRS parameters to your own reviews",
        description="Fit FSRS-6 parameters to your review log, compare them with the ones in "
        "use on reviews neither has seen (time-series splits: log-loss and RMSE over bins), "
        "and adopt them only if they predict your memory better. Also reports the desired "
        "retention that minimises your review time. Exit status 0 whether or not the fit was "
        "adopted; 1 when there are too few reviews to fit.",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--dry-run", action="store_true", help="report, but adopt nothing")
    p.add_argument(
        "--undo", action="store_true", help="go back to the parameters used before the last fit"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Fit, judge, adopt (unless ``--dry-run``) and report."""
    import json
    from datetime import UTC, datetime

    from quizapp.commands.options import store
    from quizapp.memory.items import group_by_card, training_items
    from quizapp.memory.optimize import default_parameters, fit, optimal_retention
    from quizapp.store.history import all_answers

    db = store(args)
    settings = db.settings()
    history: list[dict[str, object]] = list(settings["fsrs_parameters_history"])
    if args.undo:
        if not history:
            print("quizapp optimize: nothing to undo: the FSRS defaults are in use")
            return 1
        history.pop()
        previous = history[-1]["parameters"] if history else None
        db.set_setting("fsrs_parameters", previous)
        db.set_setting("fsrs_parameters_history", history)
        print("back to " + ("the parameters fitted before" if previous else "the FSRS defaults"))
        return 0
    current = settings["fsrs_parameters"]
    histories = group_by_card(all_answers(db))
    items = training_items(histories, int(settings["day_starts_at_hour"]))
    outcome = fit(items, current)
    reviews = sum(len(a) for a in histories.values())
    adopted = outcome.better and not args.dry_run
    if outcome.parameters is None:
        message = (
            f"not enough history to fit: {outcome.items} usable review(s) (a review on a later "
            f"day than the card's previous one); {outcome.needed} more are needed"
        )
    else:
        assert outcome.current is not None and outcome.fitted is not None
        which = "your previous fit" if current else "the FSRS defaults"
        figures = (
            f"log-loss {outcome.fitted.log_loss:.4f} vs {outcome.current.log_loss:.4f}, "
            f"RMSE {outcome.fitted.rmse:.4f} vs {outcome.current.rmse:.4f} ({which})"
        )
        if not outcome.better:
            message = f"kept {which}: the fitted parameters predict no better ({figures})"
        elif args.dry_run:
            message = f"would adopt the fitted parameters: {figures}"
        else:
            message = f"adopted the fitted parameters: {figures}"
    if adopted and outcome.parameters is not None and outcome.fitted is not None:
        db.set_setting("fsrs_parameters", list(outcome.parameters))
        history.append(
            {
                "adopted_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "parameters": list(outcome.parameters),
                "log_loss": outcome.fitted.log_loss,
                "rmse": outcome.fitted.rmse,
                "reviews": reviews,
            }
        )
        db.set_setting("fsrs_parameters_history", history)
    in_use = (
        list(outcome.parameters)
        if adopted and outcome.parameters
        else (current or list(default_parameters()))
    )
    retention = (
        optimal_retention(in_use, len(histories), int(settings["new_per_day"]))
        if outcome.parameters is not None
        else None
    )
    data = {
        "reviews": reviews,
        "items": outcome.items,
        "default" if not current else "current": _score(outcome.current),
        "fitted": _score(outcome.fitted),
        "adopted": adopted,
        "parameters": in_use,
        "optimal_retention": retention,
        "message": message,
    }
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        print(message)
        print(f"reviews in your log: {reviews} ({outcome.items} usable for fitting)")
        if retention is not None:
            print(
                f"desired retention with the least review time per card remembered: "
                f"{retention:.0%} (yours: {float(settings['desired_retention']):.0%})"
            )
    return 0 if outcome.parameters is not None else 1


def _score(score: Score | None) -> dict[str, float] | None:
    return None if score is None else {"log_loss": score.log_loss, "rmse": score.rmse}
