"""Seeded input generators for numeric cards and drill cases (see docs/bank-format.md).

``generate_inputs(specs, seed)`` draws every input in the order given, from one
``numpy.random.default_rng(seed)`` stream, so the same seed always gives the same question.
Values come out as plain Python data (float, int, nested lists), already rounded to the
spec's ``decimals``: what is shown to the user is exactly what the solvers compute with.
NumPy is imported inside the functions that need it.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

DEFAULT_DECIMALS = 2
MAX_SIZE = 1000  # elements per generated vector/matrix, to keep a bad bank from eating memory


class InputSpecError(ValueError):
    """A generator spec (or a solver call's ``args``) is malformed: the message names the input."""


def to_plain(value: Any) -> Any:
    """NumPy scalars/arrays and tuples to Python floats, ints, bools and nested lists; ``-0.0``
    becomes ``0.0``. Strings and other plain values pass through."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, float):
        return value + 0.0
    return value


def round_plain(value: Any, decimals: int) -> Any:
    """Round every float inside ``value`` (a number or nested lists) to ``decimals``."""
    if isinstance(value, list):
        return [round_plain(v, decimals) for v in value]
    if isinstance(value, float):
        return round(value, decimals) + 0.0
    return value


def resolve_args(args: Mapping[str, Any] | None, values: Mapping[str, Any]) -> dict[str, Any]:
    """The keyword arguments of a solver call: a string names an input (a list of strings is the
    list of those inputs); numbers, booleans and other lists are passed as they are."""
    out: dict[str, Any] = {}
    for key, arg in (args or {}).items():
        if isinstance(arg, str):
            out[key] = _lookup(arg, values, key)
        elif isinstance(arg, list) and arg and all(isinstance(a, str) for a in arg):
            out[key] = [_lookup(a, values, key) for a in arg]
        else:
            out[key] = copy.deepcopy(arg)
    return out


def _lookup(name: str, values: Mapping[str, Any], key: str) -> Any:
    if name not in values:
        known = ", ".join(values) or "none"
        raise InputSpecError(
            f"argument {key!r} names {name!r}, which is not an earlier input (known: {known})"
        )
    return copy.deepcopy(values[name])


def _number(spec: Mapping[str, Any], key: str, name: str) -> float:
    if key not in spec:
        raise InputSpecError(f"input {name!r}: missing {key!r}")
    v = spec[key]
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise InputSpecError(f"input {name!r}: {key!r} must be a number")
    return v


def _bounds(spec: Mapping[str, Any], name: str) -> tuple[float, float]:
    low, high = _number(spec, "low", name), _number(spec, "high", name)
    if low > high:
        raise InputSpecError(f"input {name!r}: low > high")
    return low, high


def _size(spec: Mapping[str, Any], key: str, name: str, values: Mapping[str, Any], rng: Any) -> int:
    if key not in spec:
        raise InputSpecError(f"input {name!r}: missing {key!r}")
    s = spec[key]
    if isinstance(s, str):
        v = values.get(s)
        if isinstance(v, bool) or not isinstance(v, int):
            raise InputSpecError(f"input {name!r}: {key} {s!r} must name an earlier integer input")
        size = v
    elif isinstance(s, list) and len(s) == 2 and all(isinstance(x, int) for x in s):
        if s[0] > s[1]:
            raise InputSpecError(f"input {name!r}: {key} range is empty")
        size = int(rng.integers(s[0], s[1] + 1))
    elif isinstance(s, int) and not isinstance(s, bool):
        size = s
    else:
        raise InputSpecError(f"input {name!r}: {key} must be an int, [min, max] or an input name")
    if size < 1:
        raise InputSpecError(f"input {name!r}: {key} must be at least 1")
    return size


def _draw(spec: Mapping[str, Any], name: str, shape: tuple[int, ...], rng: Any) -> Any:
    count = 1
    for n in shape:
        count *= n
    if count > MAX_SIZE:
        raise InputSpecError(f"input {name!r}: more than {MAX_SIZE} numbers")
    low, high = _bounds(spec, name)
    if spec.get("integer", False):
        return rng.integers(int(low), int(high) + 1, size=shape).tolist()
    decimals = spec.get("decimals", DEFAULT_DECIMALS)
    return round_plain(rng.uniform(low, high, size=shape).tolist(), decimals)


def generate_one(name: str, spec: Mapping[str, Any], values: Mapping[str, Any], rng: Any) -> Any:
    """One input from its spec, given the inputs generated before it and the random stream."""
    kind = spec.get("type")
    if kind == "scalar":
        return _draw(spec, name, (), rng)
    if kind == "integer":
        low, high = _bounds(spec, name)
        return int(rng.integers(int(low), int(high) + 1))
    if kind == "vector":
        return _draw(spec, name, (_size(spec, "size", name, values, rng),), rng)
    if kind == "matrix":
        rows = _size(spec, "rows", name, values, rng)
        cols = _size(spec, "cols", name, values, rng)
        return _draw(spec, name, (rows, cols), rng)
    if kind == "choice":
        options = spec.get("values")
        if not isinstance(options, list) or not options:
            raise InputSpecError(f"input {name!r}: 'values' must be a non-empty list")
        return copy.deepcopy(options[int(rng.integers(len(options)))])
    if kind == "derived":
        from solvers.registry import get

        solver = spec.get("solver")
        if not isinstance(solver, str):
            raise InputSpecError(f"input {name!r}: derived inputs need a 'solver'")
        try:
            fn = get(solver)
        except KeyError:
            raise InputSpecError(f"input {name!r}: unknown solver {solver!r}") from None
        result = to_plain(fn(**resolve_args(spec.get("args"), values)))
        return round_plain(result, spec["decimals"]) if "decimals" in spec else result
    raise InputSpecError(f"input {name!r}: unknown type {kind!r}")


def generate_inputs(specs: Mapping[str, Mapping[str, Any]], seed: int) -> dict[str, Any]:
    """Every input of ``specs`` (name → generator spec, in order) drawn from
    ``np.random.default_rng(seed)``; plain Python values, rounded to each spec's ``decimals``
    (default 2; ``integer: true`` vectors/matrices hold ints). Raises :class:`InputSpecError`."""
    import numpy as np

    rng = np.random.default_rng(seed)
    values: dict[str, Any] = {}
    for name, spec in specs.items():
        values[name] = generate_one(name, spec, values, rng)
    return values
