"""Fitting FSRS-6 parameters to the user's own reviews, and deciding honestly whether to use them.

Evaluation follows srs-benchmark: the items are ordered by time and cut into ``SPLITS + 1``
consecutive blocks; for each split ``k`` the parameters are fitted on blocks ``0..k`` and both
the fitted and the current parameters predict block ``k + 1``, which neither has seen. The
figures are the log-loss and the RMSE over bins (fsrs-rs's ``rmse_bins``), averaged over the
splits weighted by their size. The fitted parameters (finally fitted on all items) are adopted
only when their held-out log-loss is lower than that of the parameters in use.

Below :data:`MIN_ITEMS` training items a fit is not meaningful (fsrs-rs itself warns below a few
hundred reviews): :func:`fit` declines and says how many more are needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from quizapp.memory.items import TrainingItem

MIN_ITEMS = 400
SPLITS = 5


@dataclass(frozen=True, slots=True)
class Score:
    """Held-out figures: mean log-loss and RMSE over bins (lower is better)."""

    log_loss: float
    rmse: float


@dataclass(frozen=True, slots=True)
class Fit:
    """The outcome of :func:`fit`. ``fitted``/``parameters`` are None when it declined."""

    items: int
    current: Score | None
    fitted: Score | None
    parameters: tuple[float, ...] | None
    better: bool
    needed: int = 0


def default_parameters() -> tuple[float, ...]:
    """FSRS-6's 21 default parameters (the same order as ``fsrs.Scheduler(parameters=…)``)."""
    import fsrs_rs_python

    return tuple(fsrs_rs_python.DEFAULT_PARAMETERS)


def _rs_items(items: Sequence[TrainingItem]) -> list[Any]:
    import fsrs_rs_python as rs

    return [rs.FSRSItem([rs.FSRSReview(r, d) for r, d in item.reviews]) for item in items]


def _evaluate(parameters: Sequence[float], items: list[Any]) -> Score:
    import fsrs_rs_python as rs

    result = rs.FSRS(list(parameters)).evaluate(items)
    return Score(float(result.log_loss), float(result.rmse_bins))


def _weighted(scores: Sequence[tuple[Score, int]]) -> Score:
    total = sum(n for _, n in scores)
    return Score(
        sum(s.log_loss * n for s, n in scores) / total,
        sum(s.rmse * n for s, n in scores) / total,
    )


def fit(items: Sequence[TrainingItem], current: Sequence[float] | None = None) -> Fit:
    """Fit parameters to ``items`` (ordered by time) and compare them with ``current`` (the
    parameters in use; FSRS-6's defaults when None) on time-series splits."""
    import fsrs_rs_python as rs

    in_use = list(current) if current is not None else list(default_parameters())
    if len(items) < MIN_ITEMS:
        return Fit(len(items), None, None, None, False, needed=MIN_ITEMS - len(items))
    rs_items = _rs_items(items)
    block = len(rs_items) // (SPLITS + 1)
    fitted_scores: list[tuple[Score, int]] = []
    current_scores: list[tuple[Score, int]] = []
    for k in range(1, SPLITS + 1):
        train = rs_items[: k * block]
        test = rs_items[k * block : (k + 1) * block if k < SPLITS else len(rs_items)]
        params = rs.FSRS(list(default_parameters())).compute_parameters(train)
        fitted_scores.append((_evaluate(params, test), len(test)))
        current_scores.append((_evaluate(in_use, test), len(test)))
    final = rs.FSRS(list(default_parameters())).compute_parameters(rs_items)
    fitted, now = _weighted(fitted_scores), _weighted(current_scores)
    return Fit(
        len(items), now, fitted, tuple(float(p) for p in final), fitted.log_loss < now.log_loss
    )


def optimal_retention(parameters: Sequence[float], cards: int, new_per_day: int) -> float:
    """The desired retention that minimises review time per card memorised over a year, for a
    collection of ``cards`` cards learnt at ``new_per_day`` a day (fsrs-rs's simulator with
    Anki's default answer costs and rating probabilities)."""
    import fsrs_rs_python as rs

    config = rs.default_simulator_config()
    config.deck_size = max(1, cards)
    config.learn_span = 365
    config.learn_limit = max(1, new_per_day)
    return round(float(rs.optimal_retention(config, list(parameters))), 3)
