"""Readable formatting of numbers, vectors and matrices for questions and worked solutions.

Two styles: :func:`exact` shows a generated input exactly as it is used (shortest round-trip
form, ``2.0`` → ``2``); :func:`approx` shows a computed number to ``sig`` significant digits
without scientific notation for ordinary magnitudes. Both accept nested lists (and NumPy arrays,
via ``tolist``), but this module does not import NumPy. Every output parses back with
:func:`quizapp.grading.numbers.parse_answer`. Worked solutions typeset them with the true minus
sign (:func:`typeset`: ``−1.5``, never ``-1.5`` beside the ``−`` of an operator).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

MINUS = "\u2212"  # −, the minus sign of typeset mathematics


def typeset(text: str) -> str:
    """A formatted number, vector or matrix with every ASCII hyphen-minus as the minus sign
    ``−`` (U+2212): ``-1.5`` → ``−1.5``, ``1e-05`` → ``1e−05``. Still parses back."""
    return text.replace("-", MINUS)


def _plain(value: Any) -> Any:
    return value.tolist() if hasattr(value, "tolist") else value


def exact(x: float) -> str:
    """A number exactly as stored: ``1.5``, ``-2`` (for 2.0 as well), ``1e-05``; never ``-0``."""
    if isinstance(x, bool):
        return str(x).lower()
    if isinstance(x, int):
        return str(x)
    f = float(x)
    if f == 0:
        return "0"
    if f.is_integer() and abs(f) < 1e15:
        return str(int(f))
    return repr(f)


def approx(x: float, sig: int = 4) -> str:
    """A computed number to ``sig`` significant digits, trailing zeros removed: ``0.7431``,
    ``12.35``, ``12346``; scientific (``1.235e-05``) below 1e-4 or from 1e9 on."""
    f = float(x)
    if f == 0 or not math.isfinite(f):
        return "0" if f == 0 else repr(f)
    mag = math.floor(math.log10(abs(f)))
    if mag < -4 or mag >= 9:
        mant, exp = f"{f:.{sig - 1}e}".split("e")
        if "." in mant:
            mant = mant.rstrip("0").rstrip(".")
        return f"{mant}e{int(exp)}"
    decimals = max(0, sig - 1 - mag)
    s = f"{f:.{decimals}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def value(v: Any, number: Callable[[float], str] = exact) -> str:
    """A number, a vector ``[1.5, -2, 0.3]`` or a matrix ``[[1, 2], [3, 4]]`` (nested lists),
    each number formatted by ``number``; strings are returned as they are."""
    v = _plain(v)
    if isinstance(v, str):
        return v
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(value(x, number) for x in v) + "]"
    return number(v)


def rows(m: Any, number: Callable[[float], str] = exact, indent: str = "  ") -> str:
    """A matrix one row per line (``[1, 2]`` / ``[3, 4]``), each line indented; a vector or
    number is formatted as by :func:`value` on one line."""
    m = _plain(m)
    if isinstance(m, (list, tuple)) and m and all(isinstance(r, (list, tuple)) for r in m):
        return "\n".join(indent + value(r, number) for r in m)
    return indent + value(m, number)


def is_matrix(v: Any) -> bool:
    """True for a non-empty list of lists (a matrix), after ``tolist`` for arrays."""
    v = _plain(v)
    return isinstance(v, (list, tuple)) and bool(v) and all(isinstance(r, (list, tuple)) for r in v)
