"""No degenerate draw in any built-in numeric card: for 200 seeds each, the answer is finite, its
computation divides by no zero and takes no NaN or overflow, no argmin/argmax/argsort it relies
on has a tie (two equal candidates: the answer would hang on a floating-point coin toss), and the
answer differs from every named mistake's answer beyond the card's tolerance. Worked solutions
print signs as mathematics does: ``1 − (−8)``, never ``1 − -8``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import pytest

from quizapp.bank.loader import load_library
from quizapp.bank.model import Numeric
from quizapp.grading import numeric
from quizapp.grading.generate import generate_inputs, resolve_args
from solvers import explain, fmt
from solvers.registry import get

SEEDS = range(200)
CARDS = {
    cid: c for cid, c in load_library(include_user=False).cards.items() if isinstance(c, Numeric)
}
# Cards whose draws are known to be degenerate while content is being fixed: id -> why.
KNOWN_DEGENERATE: dict[str, str] = {}


_TIE = 1e-9  # relative: two candidates this close are equal


def _close(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.abs(a - b) <= _TIE * np.maximum(1.0, np.abs(b))


def _last_best(arr: np.ndarray, axis: int | None, best: Callable[..., Any], real: Any) -> Any:
    """argmin/argmax breaking ties the other way: the last of the (near-)equal candidates."""
    moved = arr.ravel() if axis is None else np.moveaxis(arr, axis, -1)
    top = best(moved, axis=-1, keepdims=True)
    mask = _close(moved.astype(float), top.astype(float))
    last = moved.shape[-1] - 1 - real(mask[..., ::-1], -1)
    return last if axis is not None else int(last)


@contextmanager
def watched_choices(monkeypatch: pytest.MonkeyPatch, flip: bool = False) -> Iterator[list[str]]:
    """Within the block, ``np.argmin``, ``np.argmax`` and ``np.argsort`` note every tie they
    meet (in the list yielded) and, with ``flip``, break it the other way (the last candidate
    instead of the first); floating-point division by zero, invalid operations (NaN) and
    overflow raise."""
    ties: list[str] = []
    real = {name: getattr(np, name) for name in ("argmin", "argmax", "argsort")}

    def pick(name: str) -> Callable[..., Any]:
        def wrapper(a: Any, axis: int | None = -1 if name == "argsort" else None, **kw: Any) -> Any:
            arr = np.asarray(a)
            if arr.dtype.kind not in "iuf" or arr.size < 2 or kw:
                return real[name](a, axis, **kw)
            v = (arr.ravel() if axis is None else np.moveaxis(arr, axis, -1)).astype(float)
            ordered = np.sort(v, axis=-1)
            if name == "argsort":
                tie = bool(np.any(_close(ordered[..., 1:], ordered[..., :-1])))
            elif name == "argmin":
                tie = bool(np.any(_close(ordered[..., 1], ordered[..., 0])))
            else:
                tie = bool(np.any(_close(ordered[..., -2], ordered[..., -1])))
            if tie:
                ties.append(f"np.{name} tie in {np.array2string(arr, precision=6)}")
            if not (tie and flip):
                return real[name](a, axis, **kw)
            if name == "argsort":  # equal keys in reverse order of position
                n = v.shape[-1]
                order = real["argsort"](v[..., ::-1], axis=-1, kind="stable")
                flipped = n - 1 - order
                return flipped if axis is None or arr.ndim == 1 else np.moveaxis(flipped, -1, axis)
            best = np.min if name == "argmin" else np.max
            return _last_best(arr, axis, best, real["argmax"])

        return wrapper

    for name in real:
        monkeypatch.setattr(np, name, pick(name))
    try:
        with np.errstate(divide="raise", invalid="raise", over="raise", under="ignore"):
            yield ties
    finally:
        for name, fn in real.items():
            monkeypatch.setattr(np, name, fn)


def _answer(card: Numeric, inputs: dict[str, Any]) -> Any:
    return numeric.as_number(get(card.answer.solver)(**resolve_args(card.answer.args, inputs)))


def _degeneracies(card: Numeric, seed: int, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What is wrong with ``card``'s draw for ``seed`` (empty when nothing)."""
    inputs = generate_inputs(card.inputs, seed)
    try:
        with watched_choices(monkeypatch) as ties:
            answer = _answer(card, inputs)
        if ties:  # a tie matters when breaking it the other way changes the answer
            with watched_choices(monkeypatch, flip=True):
                other = _answer(card, inputs)
    except (FloatingPointError, ZeroDivisionError, ValueError) as exc:
        return [f"computing the answer: {type(exc).__name__}: {exc}"]
    found: list[str] = []
    if ties and not numeric.matches(other, answer, card.abs_tol, card.rel_tol):
        found.append(f"{ties[0]}: the answer is {answer} or {other}")
    if not np.all(np.isfinite(np.ravel(answer))):
        return [*found, f"answer not finite: {answer}"]
    inst = numeric.instantiate(card, seed)
    for mv in inst.mistakes:
        if mv.value == []:
            continue  # the mistake is undefined for these inputs: it cannot be confused
        same_shape = len(np.ravel(mv.value)) == len(np.ravel(answer))
        if same_shape and numeric.matches(mv.value, inst.answer, card.abs_tol, card.rel_tol):
            found.append(f"mistake {mv.mistake.id} gives the answer {inst.answer}")
    return found


def _param(card_id: str) -> Any:
    if card_id in KNOWN_DEGENERATE:
        reason = KNOWN_DEGENERATE[card_id]
        return pytest.param(card_id, marks=pytest.mark.xfail(strict=True, reason=reason))
    return card_id


def test_the_built_in_banks_have_numeric_cards() -> None:
    assert len(CARDS) >= 24


@pytest.mark.parametrize("card_id", [_param(c) for c in sorted(CARDS)])
def test_no_degenerate_draw_in_200_seeds(card_id: str, monkeypatch: pytest.MonkeyPatch) -> None:
    card = CARDS[card_id]
    bad = {seed: why for seed in SEEDS if (why := _degeneracies(card, seed, monkeypatch))}
    listed = "; ".join(f"seed {s}: {', '.join(w)}" for s, w in list(bad.items())[:5])
    assert not bad, f"{card_id}: {len(bad)} of {len(SEEDS)} draws degenerate — {listed}"


def test_the_tie_watch_sees_ties_breaks_them_both_ways_and_traps_zero_divisions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = np.argmin
    rows = np.array([[1.0, 2.0, 1.0], [3.0, 0.0, 5.0]])
    with watched_choices(monkeypatch) as ties:
        assert np.argmin(rows, axis=1).tolist() == [0, 1]
        assert int(np.argmax([3.0, 1.0])) == 0
        with pytest.raises(FloatingPointError):
            np.float64(1.0) / np.float64(0.0)
    assert len(ties) == 1 and "argmin" in ties[0]
    with watched_choices(monkeypatch, flip=True):
        assert np.argmin(rows, axis=1).tolist() == [2, 1]
        assert int(np.argmax([1.0, 4.0, 4.0])) == 2
        assert np.argsort([2.0, 1.0, 2.0]).tolist() == [1, 2, 0]
        assert np.argsort([3.0, 1.0, 2.0]).tolist() == [1, 2, 0]  # no tie: as usual
    assert np.argmin is real  # undone


# --- signs in worked solutions ----------------------------------------------------------------


def test_the_number_helpers_print_the_minus_sign_and_bracket_negative_operands() -> None:
    assert explain._n(-8) == "−8" and explain._n(2.5) == "2.5"
    assert explain._p(-8) == "(−8)" and explain._p(8) == "8"
    assert f"1 − {explain._p(-8)}" == "1 − (−8)"
    assert explain._plus(-1.5) == " − 1.5" and explain._plus(1.5) == " + 1.5"
    assert explain._v([-1.25, 0.5]) == "[−1.25, 0.5]" and explain._x(-0.1) == "−0.1"
    assert fmt.typeset("1e-05") == "1e−05"
    # What a worked solution shows still parses back to the same number.
    from quizapp.grading.numbers import parse_answer

    assert parse_answer(explain._n(-0.07431)) == -0.07431
    assert parse_answer(explain._v([-1.25, 0.5])) == [-1.25, 0.5]


# An operator (or an opening bracket) followed by a negative number with no parentheses:
# "1 − -8", "2 + −3", "x·-1"; and any ASCII hyphen used as a minus sign before a digit.
_BARE_NEGATIVE = re.compile(r"[−+·×/*]\s*[−-]\s?\d|(?<![A-Za-z_])-\d")


@pytest.mark.parametrize("card_id", sorted(CARDS))
def test_worked_solutions_print_signs_properly(card_id: str) -> None:
    card = CARDS[card_id]
    for seed in range(40):
        solution = numeric.instantiate(card, seed).solution
        for lang in ("en", "zh"):
            steps = [
                ln
                for ln in (solution.get(lang) or "").splitlines()
                if not ln.startswith(("Answer:", "答案："))  # the typed form, in numeric.py
            ]
            for line in steps:
                m = _BARE_NEGATIVE.search(line)
                assert m is None, f"{card_id} seed {seed} ({lang}): {line!r}"
