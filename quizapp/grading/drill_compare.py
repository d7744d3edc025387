"""Comparators for drill outputs: a submission's value against the reference's.

Both values are plain data decoded in the parent process (the submission's NumPy is never
involved). A comparator spec is a mapping:

- ``{type: allclose, rtol: 1e-6, atol: 1e-8}`` — numbers or arrays equal within tolerance
  (``|got − expected| <= atol + rtol·|expected|``, NaN never equal);
- ``{type: sign_invariant_rows, rtol, atol}`` — arrays whose rows may each be flipped in sign
  (eigenvectors, principal components);
- ``{type: exact}`` — identical values; arrays of integers must be integer arrays (labels).

A list of specs compares a tuple output item by item. A list or tuple expected with one spec is
compared element-wise (a list of gradient arrays).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from quizapp.bank.model import Text

COMPARATORS = ("allclose", "sign_invariant_rows", "exact")
DEFAULT_RTOL = 1e-6
DEFAULT_ATOL = 1e-8

MismatchKind = Literal["type", "length", "shape", "dtype", "value"]


@dataclass(frozen=True, slots=True)
class Mismatch:
    """Why two values differ. ``where`` locates the item in a tuple/list output (``output 2``),
    ``index`` the first differing element, ``expected``/``got`` are short renderings, and
    ``message`` says it in words, with a diagnosis when one is evident (not finite, a constant
    factor, a flipped sign)."""

    kind: MismatchKind
    message: Text
    where: str = ""
    index: tuple[int, ...] | None = None
    expected: str = ""
    got: str = ""


def spec_problems(spec: Any) -> list[str]:
    """Problems of a ``compare`` spec (one mapping or a list of them), for bank validation."""
    specs = spec if isinstance(spec, list) else [spec]
    problems: list[str] = []
    for s in specs:
        if not isinstance(s, Mapping):
            problems.append("a comparator must be a mapping like {type: allclose}")
            continue
        kind = s.get("type", "allclose")
        if kind not in COMPARATORS:
            problems.append(f"unknown comparator {kind!r} (one of {', '.join(COMPARATORS)})")
        for key in s:
            if key not in ("type", "rtol", "atol"):
                problems.append(f"unknown comparator option {key!r}")
        for key in ("rtol", "atol"):
            v = s.get(key, 0)
            if isinstance(v, bool) or not isinstance(v, int | float) or v < 0:
                problems.append(f"{key} must be a number >= 0")
    return problems


def compare(
    expected: Any,
    got: Any,
    spec: Mapping[str, Any] | Sequence[Mapping[str, Any]],
) -> Mismatch | None:
    """None if ``got`` matches ``expected`` under ``spec``, else the first :class:`Mismatch`."""
    if isinstance(spec, Sequence) and not isinstance(spec, Mapping):
        if len(spec) == 1:
            return compare(expected, got, spec[0])
        return _items(expected, got, list(spec), "output")
    if isinstance(expected, list | tuple):
        return _items(expected, got, [spec] * len(expected), "item")
    return _leaf(expected, got, spec)


def _items(
    expected: Sequence[Any], got: Any, specs: list[Mapping[str, Any]], label: str
) -> Mismatch | None:
    kind = "tuple" if label == "output" else "list"
    if not isinstance(got, list | tuple):
        return Mismatch(
            "type",
            Text(
                en=f"Expected a {kind} of {len(specs)} values, got {_type_name(got)}.",
                zh=f"应返回由 {len(specs)} 个值组成的 {kind}，实际返回了 {_type_name(got)}。",
            ),
            expected=f"{kind} of {len(specs)}",
            got=_type_name(got),
        )
    if len(got) != len(specs):
        return Mismatch(
            "length",
            Text(
                en=f"Expected {len(specs)} values, got {len(got)}.",
                zh=f"应返回 {len(specs)} 个值，实际返回了 {len(got)} 个。",
            ),
            expected=str(len(specs)),
            got=str(len(got)),
        )
    for i, (e, g, s) in enumerate(zip(expected, got, specs, strict=True)):
        found = compare(e, g, s)
        if found is not None:
            where = f"{label} {i}" + (f", {found.where}" if found.where else "")
            noun = "返回值" if label == "output" else "元素"
            prefix = Text(en=f"In {label} {i}: ", zh=f"第 {i} 个{noun}：")
            return Mismatch(
                found.kind,
                _join(prefix, found.message),
                where,
                found.index,
                found.expected,
                found.got,
            )
    return None


def _leaf(expected: Any, got: Any, spec: Mapping[str, Any]) -> Mismatch | None:
    import numpy as np

    kind = spec.get("type", "allclose")
    exp = np.asarray(expected)
    if isinstance(expected, np.ndarray):
        if not isinstance(got, np.ndarray):
            hint = Text(
                en=" Return a NumPy array (np.asarray(...)).",
                zh="请返回 NumPy 数组（np.asarray(...)）。",
            )
            return Mismatch(
                "type",
                _join(
                    Text(
                        en=f"Expected an array of shape {exp.shape}, got {_type_name(got)}.",
                        zh=f"应返回形状为 {exp.shape} 的数组，实际返回了 {_type_name(got)}。",
                    ),
                    hint,
                ),
                expected=f"ndarray {exp.shape}",
                got=_type_name(got),
            )
        arr = got
        if arr.shape != exp.shape:
            return Mismatch(
                "shape",
                Text(
                    en=f"Expected shape {exp.shape}, got shape {arr.shape}.",
                    zh=f"形状应为 {exp.shape}，实际为 {arr.shape}。",
                ),
                expected=str(exp.shape),
                got=str(arr.shape),
            )
    else:
        if not _is_number(got):
            return Mismatch(
                "type",
                Text(
                    en=f"Expected a single number, got {_type_name(got)}.",
                    zh=f"应返回一个数，实际返回了 {_type_name(got)}。",
                ),
                expected="number",
                got=_type_name(got),
            )
        arr = np.asarray(got)
    if kind == "exact":
        return _exact(exp, arr)
    rtol = float(spec.get("rtol", DEFAULT_RTOL))
    atol = float(spec.get("atol", DEFAULT_ATOL))
    if arr.dtype.kind not in "biuf" or exp.dtype.kind not in "biuf":
        return Mismatch(
            "dtype",
            Text(
                en=f"Expected real numbers, got dtype {arr.dtype}.",
                zh=f"应为实数，实际 dtype 为 {arr.dtype}。",
            ),
            expected=str(exp.dtype),
            got=str(arr.dtype),
        )
    a, e = arr.astype(float), exp.astype(float)
    if kind == "sign_invariant_rows" and e.ndim >= 1:
        rows = e.reshape(e.shape[0], -1)
        mine = a.reshape(a.shape[0], -1)
        flip = [
            (
                -1.0
                if _close(-r, m, rtol, atol).all() and not _close(r, m, rtol, atol).all()
                else 1.0
            )
            for r, m in zip(rows, mine, strict=True)
        ]
        e = (rows * np.asarray(flip)[:, None]).reshape(e.shape)
    ok = _close(e, a, rtol, atol)
    if ok.all():
        return None
    return _value_mismatch(e, a, ok, kind == "sign_invariant_rows")


def _exact(exp: Any, arr: Any) -> Mismatch | None:
    import numpy as np

    if exp.dtype.kind in "iu" and arr.dtype.kind not in "iu":
        return Mismatch(
            "dtype",
            Text(
                en=f"Expected integers, got dtype {arr.dtype}. Return integer labels "
                "(e.g. np.argmin gives int64).",
                zh=f"应返回整数，实际 dtype 为 {arr.dtype}。标签要用整数"
                "（np.argmin 返回的就是 int64）。",
            ),
            expected=str(exp.dtype),
            got=str(arr.dtype),
        )
    ok = np.asarray(arr == exp)
    if ok.all():
        return None
    return _value_mismatch(exp, arr, ok, False)


def _close(e: Any, a: Any, rtol: float, atol: float) -> Any:
    import numpy as np

    with np.errstate(invalid="ignore", over="ignore"):
        return np.asarray(np.isclose(a, e, rtol=rtol, atol=atol, equal_nan=False))


def _value_mismatch(e: Any, a: Any, ok: Any, signs: bool) -> Mismatch:
    import numpy as np

    index: tuple[int, ...] | None = None
    if e.ndim:
        index = tuple(int(i) for i in np.argwhere(~ok)[0])
        ev, av = e[index], a[index]
    else:
        ev, av = e[()], a[()]
    bad = int((~ok).sum())
    at_en = f" at index {list(index)}" if index is not None else ""
    at_zh = f"下标 {list(index)} 处" if index is not None else ""
    count_en = f" ({bad} of {ok.size} elements differ)" if ok.size > 1 else ""
    count_zh = f"（{ok.size} 个元素中有 {bad} 个不对）" if ok.size > 1 else ""
    message = Text(
        en=f"Wrong value{at_en}: expected {_num(ev)}, got {_num(av)}{count_en}.",
        zh=f"{at_zh}数值不对：应为 {_num(ev)}，实际为 {_num(av)}{count_zh}。",
    )
    diagnosis = _diagnose(e, a, signs)
    if diagnosis is not None:
        message = _join(message, diagnosis)
    return Mismatch("value", message, index=index, expected=_num(ev), got=_num(av))


def _diagnose(e: Any, a: Any, signs: bool) -> Text | None:
    """An evident pattern in a wrong value: not finite, a constant factor, a flipped sign."""
    import numpy as np

    if not np.all(np.isfinite(a)) and np.all(np.isfinite(e)):
        return Text(
            en=" Your result is not finite (nan/inf): look for log(0), 0·log(0), a "
            "division by zero or an overflowing exp.",
            zh="结果出现了 nan/inf：检查是否有 log(0)、0·log(0)、除以零或 exp 溢出。",
        )
    if not np.all(np.isfinite(a)):
        return None
    nz = np.abs(e) > 1e-12
    if not nz.any() or np.any(np.abs(a[~nz]) > 1e-9):
        return None
    ratios = a[nz] / e[nz]
    r = float(np.median(ratios))
    if not np.allclose(ratios, r, rtol=1e-6, atol=0) or abs(r - 1) < 1e-6:
        return None
    if ratios.size == 1 and not _simple_fraction(r):
        return None  # any two numbers have a ratio: only a simple one says something
    if abs(r + 1) < 1e-6 and not signs:
        return Text(en=" Every value has the opposite sign.", zh="每个值的符号都反了。")
    return Text(
        en=f" Every value is {r:.6g} × the expected one: a missing or extra factor "
        "(½, 2, n vs n − 1, a sum instead of a mean, a normalization)?",
        zh=f"每个值都是正确值的 {r:.6g} 倍：是不是多乘或漏乘了某个因子"
        "（½、2、n 与 n − 1、求和与求平均、归一化）？",
    )


def _simple_fraction(r: float) -> bool:
    """Whether ``r`` is ±p/q with small p and q (2, ½, ¾, −1 …)."""
    from fractions import Fraction

    f = Fraction(r).limit_denominator(12)
    return abs(float(f) - r) <= 1e-9 * abs(r) and abs(f.numerator) <= 12


def _is_number(value: Any) -> bool:
    import numpy as np

    if isinstance(value, bool | np.bool_):
        return False
    if isinstance(value, int | float | np.integer | np.floating):
        return True
    return isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf"


def _type_name(value: Any) -> str:
    import numpy as np

    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    if value is None:
        return "None"
    return type(value).__name__


def _num(value: Any) -> str:
    import numpy as np

    if isinstance(value, float | np.floating):
        return format_float(float(value))
    return str(value)


def format_float(x: float) -> str:
    """A float in at most 10 significant digits that still reads as a float (``2.0``, not
    ``2``)."""
    text = f"{x + 0.0:.10g}"  # + 0.0 turns -0.0 into 0.0
    return text if any(c in text for c in ".einf") else text + ".0"


def _join(a: Text, b: Text) -> Text:
    return Text(en=(a.en or "") + (b.en or ""), zh=(a.zh or "") + (b.zh or ""))
