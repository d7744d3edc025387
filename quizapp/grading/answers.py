"""The one answer model: typed text is read for what it means — a number, a formula or a term —
and compared with an expected answer of the same kind.

- **number** (``0.25``, ``1e-6``, ``1×10⁻⁶``, ``1/4``, ``25%``, ``[-0.5, 0.5]``, any spelling
  :func:`~quizapp.grading.numbers.parse_answer` reads): equal within a tolerance taken from the
  digits the expected answer shows — half a unit of its last decimal (``2.30`` takes ``2.3``,
  ``2.300`` and ``2.302``, not ``2.31``); a number written without a decimal point (``2``,
  ``1e-6``, ``1/4``) is exact; the spellings of one answer share the tightest tolerance among
  them (:func:`read_accepted`);
- **formula** (``XᵀX``, ``2/fan_in``, ``ln K``, ``σ(x)(1−σ(x))``): the same comparison key
  (:func:`~quizapp.grading.normalize.key`), else algebraically equal (SymPy, imported only
  then, :mod:`quizapp.grading.formula`); a typed text that is not read as a formula is compared
  as text, and the result says so;
- **term** (``k-means``, ``梯度裁剪``): the same comparison key (case, width, spacing and
  hyphenation fold away), or a glossary synonym in either language
  (:mod:`quizapp.grading.synonyms`).

Signs, exponents, transposes and operators always count. Nothing here knows about card kinds:
:mod:`quizapp.grading.cloze` uses it per blank, :mod:`quizapp.bank.checks` to find accepted
answers that collide with a likely wrong one.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import cache

from quizapp.bank.model import Text
from quizapp.grading.normalize import TRANSPOSE, key
from quizapp.grading.numbers import normalize_number_text, parse_answer
from quizapp.grading.verdict import AnswerError

#: Typed alone, these mean "I don't know" (rated Again, the answer is shown).
DONT_KNOW = frozenset({"", "idk", "dontknow", "dunno", "pass", "不知道", "不会", "不清楚", "不懂"})

_LITERAL = re.compile(r"(?P<m>\d+\.?\d*|\.\d+)(?:[eE](?P<e>[-+]?\d+))?")
_NUMERIC_REST = re.compile(r"[-+*/^%()\[\],;\s]*")
_MATH_MARKS = re.compile(r"[\d+\-*/^=()\[\]·×÷√²³⊤'′≤≥<>|]|[α-ωΑ-Ω]|\u0302")
_FUNCTION_WORD = re.compile(
    r"(?<![^\W\d_])(ln|log|exp|sqrt|min|max|cos|sin|tanh|sigmoid)(?![^\W\d_])"
)
_NEGATION = re.compile(r"^\s*(not|no|never|non|isn't|is not)\b|^\s*(不是|并非|而非|并不是)", re.I)
#: Between alternatives in any answer ("L1 or L2"); in a one-term answer also ``, / 、 和``.
_OR = re.compile(r"\s+(?:or|and/or)\s+|或者|或是|或|还是", re.I)
_TERM_SEPARATORS = re.compile(r"\s+and\s+|\s*(?:/|,|，|、|以及|和)\s*", re.I)


def dont_know(text: str) -> bool:
    """True for an empty answer, ``?`` and the like ("idk", "不知道"): "I don't know", a wrong
    answer, never an error."""
    return re.sub(r"[\s'’?？。.!！]+", "", text.casefold()) in DONT_KNOW


@dataclass(frozen=True, slots=True)
class Expected:
    """One accepted spelling, read once: its ``kind`` (``number``, ``formula``, ``term``), its
    comparison ``key``, and for a number its ``values`` with one absolute tolerance each."""

    text: str
    kind: str
    key: str
    values: tuple[float, ...] = ()
    tolerances: tuple[float, ...] = ()


def numbers_of(text: str) -> tuple[float, ...] | None:
    """The numbers ``text`` reads as (one or a list), or None when it is not a number."""
    try:
        value = parse_answer(text)
    except AnswerError:
        return None
    return tuple(value) if isinstance(value, list) else (value,)


def is_number_text(text: str) -> bool:
    """True when ``text`` is written with digits and operators only (``0.25``, ``1e-6``,
    ``[-1, 1]``, ``1/4``, ``10^-6``): a letter (``E``, ``pi``, ``2x``) makes it not a number."""
    try:
        s = normalize_number_text(text)
    except ValueError:
        return False
    return bool(_LITERAL.search(s)) and bool(_NUMERIC_REST.fullmatch(_LITERAL.sub("", s)))


def _tolerances(text: str, values: tuple[float, ...]) -> tuple[float, ...]:
    """Half a unit of the last decimal shown, per number; exact (1e-9 relative) for numbers
    without a decimal point or when the text is an expression (``1/4``)."""
    s = normalize_number_text(text)
    literals = list(_LITERAL.finditer(s))
    plain = len(literals) == len(values) and not re.search(r"[*/^%]", s)
    out = []
    for i, v in enumerate(values):
        tol = 0.0
        if plain and "." in literals[i]["m"]:
            decimals = len(literals[i]["m"].split(".")[1])
            tol = 0.5 * 10.0 ** (int(literals[i]["e"] or 0) - decimals)
        out.append(max(tol, 1e-9 * abs(v), 1e-300))
    return tuple(out)


def _kind(text: str, text_key: str) -> str:
    if TRANSPOSE in text_key or _MATH_MARKS.search(text_key.replace("-", "")):
        return "formula"
    if "-" in text_key or _FUNCTION_WORD.search(text.lower()):
        return "formula"
    if re.fullmatch(r"[^\W\d_]{1,2}", text.strip()) and text.strip().isascii():
        return "formula"  # a symbol: c, I, Vh
    return "term"


@cache
def expected(text: str) -> Expected:
    """``text`` (an accepted answer written by a card's author) read once."""
    text_key = key(text)
    if is_number_text(text):
        values = numbers_of(text)
        if values is not None:
            return Expected(text, "number", text_key, values, _tolerances(text, values))
    return Expected(text, _kind(text, text_key), text_key)


def read_accepted(texts: list[str]) -> list[Expected]:
    """The accepted spellings of one answer, read; their numbers share the tightest tolerance
    among them (they all name one value: with ``2.30`` and ``2.3026`` accepted, ``2.31`` is
    wrong; with ``1/4`` beside ``0.25``, ``0.25`` is exact)."""
    read = [expected(t) for t in texts]
    tols = [t for e in read if e.kind == "number" for t in e.tolerances]
    if not tols:
        return read
    tight = min(tols)
    return [
        replace(e, tolerances=tuple(max(tight, 1e-9 * abs(v), 1e-300) for v in e.values))
        if e.kind == "number"
        else e
        for e in read
    ]


@dataclass(frozen=True, slots=True)
class Judgement:
    """``right``: the typed part means an accepted answer; ``note``: how it was read when that
    matters (compared as text); ``diagnosis``: why a wrong answer is wrong, when known."""

    right: bool
    note: Text | None = None
    diagnosis: Text | None = None


def _numbers_equal(got: tuple[float, ...], want: Expected) -> bool:
    return len(got) == len(want.values) and all(
        abs(g - w) <= t for g, w, t in zip(got, want.values, want.tolerances, strict=True)
    )


def _term_keys(want: Expected) -> frozenset[str]:
    if want.kind != "term":
        return frozenset({want.key})
    from quizapp.grading.synonyms import synonyms

    return synonyms(want.key)


def _unread(typed: str) -> Text:
    return Text(
        en=f"“{typed}” could not be read as a formula, so it was compared as text.",
        zh=f"无法把“{typed}”解析为公式，已按文字比较。",
    )


def matches(typed: str, accepted: list[Expected], *, formulas: bool = True) -> Judgement:
    """Whether ``typed`` means one of ``accepted``. ``formulas=False`` skips the SymPy
    comparison (fast, used by ``quizapp validate``)."""
    typed_key = key(typed)
    if any(typed_key in _term_keys(a) for a in accepted):
        return Judgement(True)
    got = numbers_of(typed) if any(a.kind == "number" for a in accepted) else None
    if got is not None and any(a.kind == "number" and _numbers_equal(got, a) for a in accepted):
        return Judgement(True)
    wanted = [a for a in accepted if a.kind == "formula"]
    if not formulas or not wanted or (got is not None and not is_formula_text(typed)):
        return Judgement(False)
    from quizapp.grading.formula import equivalent

    unread = False
    for a in wanted:
        same = equivalent(typed, a.text)
        if same:
            return Judgement(True)
        unread = unread or (same is None and _readable(a.text))
    return Judgement(False, note=_unread(typed) if unread and not _readable(typed) else None)


def is_formula_text(text: str) -> bool:
    """True when ``text`` holds more than a number (a letter or a formula mark)."""
    return not is_number_text(text)


def _readable(text: str) -> bool:
    from quizapp.grading.formula import FormulaError, parse

    try:
        parse(text)
    except (FormulaError, ArithmeticError, TypeError, ValueError):
        return False
    return True


# --- near misses ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Confusion:
    """Two answers often swapped, with what tells them apart."""

    a: tuple[str, ...]
    b: tuple[str, ...]
    why: Text


CONFUSIONS: tuple[Confusion, ...] = (
    Confusion(
        ("clipnorm",),
        ("clipvalue",),
        Text(
            en="clipnorm rescales the whole gradient so its norm is at most the threshold; "
            "clipvalue clamps each component to [−c, c].",
            zh="clipnorm 按范数整体缩放梯度，使其范数不超过阈值；"
            "clipvalue 把每个分量截断到 [−c, c]。",
        ),
    ),
    Confusion(
        ("vanishing", "vanishing gradient", "vanishing gradients", "梯度消失", "消失"),
        ("exploding", "exploding gradient", "exploding gradients", "梯度爆炸", "爆炸"),
        Text(
            en="A product of many factors below 1 shrinks towards 0 (vanishing); above 1 it "
            "grows without bound (exploding).",
            zh="许多小于 1 的因子连乘会趋于 0（梯度消失）；大于 1 则会无界增长（梯度爆炸）。",
        ),
    ),
    Confusion(
        ("L1", "L1 norm", "L1 loss", "MAE", "lasso"),
        ("L2", "L2 norm", "L2 loss", "MSE", "ridge"),
        Text(
            en="L1 sums absolute values (MAE, sparse weights); L2 sums squares (MSE, weight "
            "decay).",
            zh="L1 是绝对值之和（MAE，权重稀疏）；L2 是平方和（MSE，权重衰减）。",
        ),
    ),
)


def _confusion(typed_key: str, want: Expected) -> Text | None:
    for c in CONFUSIONS:
        for mine, other in ((c.a, c.b), (c.b, c.a)):
            if want.key in {key(s) for s in mine} and typed_key in {key(s) for s in other}:
                return Text(
                    en=f"That is the other one of a known pair: {c.why.en}",
                    zh=f"这是常被混淆的另一个：{c.why.zh}",
                )
    return None


def _power_of_ten(got: tuple[float, ...], want: Expected) -> int | None:
    if len(got) != len(want.values) or not all(want.values) or not all(got):
        return None
    powers = {round(math.log10(abs(g / w)), 6) for g, w in zip(got, want.values, strict=True)}
    signs = {(g > 0) == (w > 0) for g, w in zip(got, want.values, strict=True)}
    if len(powers) == 1 and signs == {True}:
        p = powers.pop()
        if p != 0 and float(p).is_integer():
            return int(p)
    return None


SIGN = Text(
    en="The sign is flipped.",
    zh="符号反了。",
)
TRANSPOSE_MISSING = Text(en="The transpose (ᵀ) is missing.", zh="少了转置（ᵀ）。")
NEGATION = Text(
    en="A negation is not an answer: name the term itself.",
    zh="否定说法不算答案：请直接写出这个术语。",
)
ALTERNATIVES = Text(
    en="One answer, please: several alternatives are not accepted.",
    zh="只能写一个答案：列出多个备选不算对。",
)


def _power_text(power: int) -> Text:
    return Text(
        en=f"Off by a factor of 10^{power}: check the exponent (the power of ten).",
        zh=f"差了 10^{power} 倍：请检查指数（数量级）。",
    )


def diagnose(typed: str, accepted: list[Expected]) -> Text | None:
    """Why ``typed`` (already judged wrong) is wrong, when it is a known near miss: the sign
    flipped, off by a power of ten, a transpose missing, a known confusion, a negation or
    several alternatives for a one-term blank. None otherwise."""
    typed_key = key(typed)
    if _NEGATION.search(typed):
        return NEGATION
    pieces = [p for p in _OR.split(typed) if p.strip()]
    if all(a.kind == "term" for a in accepted):
        pieces = [q for p in pieces for q in _TERM_SEPARATORS.split(p) if q.strip()]
    elif not any(re.search(r"[,，、]", a.text) for a in accepted):  # a list, where none is
        pieces = [q for p in pieces for q in re.split(r"[,，、]", p) if q.strip()]
    if len(pieces) >= 2:
        return ALTERNATIVES
    for a in accepted:
        found = _confusion(typed_key, a)
        if found:
            return found
    got = numbers_of(typed)
    for a in accepted:
        if a.kind == "number" and got is not None:
            if _numbers_equal(tuple(-g for g in got), a):
                return SIGN
            power = _power_of_ten(got, a)
            if power is not None:
                return _power_text(power)
    for a in accepted:
        if a.kind != "formula":
            continue
        if typed_key.lstrip("-") == a.key.lstrip("-") and typed_key != a.key:
            return SIGN
        if TRANSPOSE in a.key and typed_key == a.key.replace(TRANSPOSE, ""):
            return TRANSPOSE_MISSING
    wanted = [a for a in accepted if a.kind == "formula"]
    if wanted and is_formula_text(typed):
        from quizapp.grading.formula import relation

        for a in wanted:
            how = relation(typed, a.text)
            if how == "sign":
                return SIGN
            if how == "power of ten":
                return Text(
                    en="Off by a power of ten: check the exponent.",
                    zh="差了 10 的若干次幂：请检查指数（数量级）。",
                )
    return None


def likely_wrong(text: str) -> list[tuple[str, str]]:
    """Wrong answers a learner often gives for the accepted answer ``text``, as (what, answer):
    the sign flipped (on a number or formula) and the transpose dropped. Used by ``quizapp
    validate`` to find accepted answers that would let such a wrong answer through."""
    want = expected(text)
    out: list[tuple[str, str]] = []
    if want.kind == "number" and any(want.values):
        out.append(("the sign flipped", ", ".join(repr(-v) for v in want.values)))
        m = _LITERAL.search(text)
        if m and m["e"] and m["e"].lstrip("+-") != "0":
            flipped = m["e"][1:] if m["e"].startswith("-") else "-" + m["e"].lstrip("+")
            out.append(("the exponent's sign flipped", f"{m['m']}e{flipped}"))
    elif want.kind == "formula":
        out.append(("the sign flipped", text[1:] if text.startswith(("-", "−")) else "-" + text))
        if TRANSPOSE in want.key:
            out.append(("the transpose dropped", text.replace("ᵀ", "").replace("^T", "")))
    return out
