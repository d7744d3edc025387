"""Formula answers: typed math read into a SymPy expression, so any algebraically equal form is
accepted (``σ(x)(1−σ(x))`` = ``σ(x) − σ(x)²``, ``2(ŷ − y)/n`` = ``(2/n)(ŷ − y)``).

SymPy is imported on the first call, never at start-up. Reading never evaluates code: a
hand-written tokenizer and recursive-descent parser build the expression from SymPy objects.

What is read (after NFKC, every minus as ``-``, superscripts as powers):

- numbers (exact: ``0.5`` is 1/2), ``+ - * / ^ **``, ``× · ÷``, parentheses and brackets,
  implicit multiplication (``2x``, ``2 cos θ``, ``(a)(b)``, ``X X``);
- names: one letter (Latin or Greek) with an optional subscript (``n_in``, ``σ_i``), names with
  underscores (``fan_in``), Greek spelled out (``theta``, ``eps``, ``sigma`` …), ``ŷ``/``y_hat``;
  an unknown run of two or three letters is a product (``nkd`` = n·k·d), a longer one is not
  read;
- functions ``sqrt √ ln log exp abs min max sin cos tan tanh``, ``sigmoid(x)`` = ``σ(x)``,
  ``O(…)``, any one capital letter before ``(`` (``D(x)``); ``ln K``, ``cos θ`` without
  parentheses apply to the next factor;
- transposes ``Xᵀ``, ``X^T``, ``X'``, ``X.T``: with a transpose present, capital letters are
  matrices (``XᵀX`` ≠ ``XXᵀ``).

Anything else (``=``, ``<``, words) raises :class:`FormulaError`: the caller compares as text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from quizapp.grading.normalize import TRANSPOSE
from quizapp.grading.numbers import superscripts_as_powers, unify_minus

MAX_LENGTH = 160
MAX_DEPTH = 40
MAX_EXPONENT = 64


class FormulaError(ValueError):
    """The text is not a formula this module reads."""


_GREEK = {
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "epsilon": "ε",
    "eps": "ε",
    "theta": "θ",
    "lambda": "λ",
    "mu": "μ",
    "sigma": "σ",
    "tau": "τ",
    "phi": "φ",
    "omega": "ω",
    "eta": "η",
    "yhat": "ŷ",
    "y_hat": "ŷ",
}
_FUNCTIONS = (
    "sigmoid",
    "sqrt",
    "tanh",
    "exp",
    "abs",
    "min",
    "max",
    "sin",
    "cos",
    "tan",
    "log",
    "ln",
)
_TOKEN = re.compile(
    r"(?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)"
    r"|(?P<name>[^\W\d_](?:[^\W_]|_[^\W_]+)*(?:_\{[^}]*\})?)"
    r"|(?P<op>\*\*|[-+*/^(),\[\]⊤√])"
    r"|(?P<space>\s+)"
)


def _prepare(text: str) -> str:
    s = unify_minus(superscripts_as_powers(text.replace("ᵀ", TRANSPOSE)))
    s = unicodedata.normalize("NFC", unicodedata.normalize("NFKC", s))
    s = re.sub(r"\^\s*\(?[T⊤]\)?|\.T\b|(?<=[\w)\]])['’′]", TRANSPOSE, s)
    for a, b in (("×", "*"), ("·", "*"), ("⋅", "*"), ("÷", "/"), ("∗", "*"), ("@", "*"), ("$", "")):
        s = s.replace(a, b)
    return s.strip()


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], sympy: Any, matrices: bool) -> None:
        self.toks = tokens
        self.i = 0
        self.depth = 0
        self.sp = sympy
        self.matrices = matrices

    def peek(self) -> tuple[str, str]:
        return self.toks[self.i] if self.i < len(self.toks) else ("end", "")

    def take(self) -> tuple[str, str]:
        tok = self.peek()
        self.i += 1
        return tok

    def is_op(self, *ops: str) -> bool:
        kind, text = self.peek()
        return kind == "op" and text in ops

    def expect(self, op: str) -> None:
        if not self.is_op(op):
            raise FormulaError(f"expected {op!r}")
        self.i += 1

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaError("nested too deeply")

    def expr(self) -> Any:
        self.enter()
        left = self.term()
        while self.is_op("+", "-"):
            op = self.take()[1]
            right = self.term()
            left = left + right if op == "+" else left - right
        self.depth -= 1
        return left

    def starts_factor(self) -> bool:
        kind, text = self.peek()
        return kind in ("num", "name") or (kind == "op" and text in ("(", "[", "√"))

    def term(self) -> Any:
        left = self.unary()
        while True:
            if self.is_op("*", "/"):
                op = self.take()[1]
                right = self.unary()
                left = left * right if op == "*" else left / right
            elif self.starts_factor():
                left = left * self.power()  # implicit product
            else:
                return left

    def unary(self) -> Any:
        if self.is_op("-", "+"):
            self.enter()
            sign = self.take()[1]
            value = self.unary()
            self.depth -= 1
            return -value if sign == "-" else value
        return self.power()

    def power(self) -> Any:
        base = self.postfix()
        if self.is_op("^", "**"):
            self.i += 1
            self.enter()
            exponent = self.unary()
            self.depth -= 1
            if exponent.is_Number and abs(exponent) > MAX_EXPONENT:
                raise FormulaError("exponent too large")
            return base**exponent
        return base

    def postfix(self) -> Any:
        value = self.primary()
        while self.is_op(TRANSPOSE):
            self.i += 1
            value = self.transpose(value)
        return value

    def transpose(self, value: Any) -> Any:
        if isinstance(value, self.sp.Symbol):
            name = value.name
            plain = name[:-1] if name.endswith(TRANSPOSE) else name + TRANSPOSE
            return self.symbol(plain)
        raise FormulaError("transpose of an expression")

    def symbol(self, name: str) -> Any:
        if self.matrices and name[:1].isupper():
            return self.sp.Symbol(name, commutative=False)
        return self.sp.Symbol(name, positive=True)  # sizes, rates, probabilities: ln(1/K) = -ln K

    def call(self, name: str) -> Any:
        sp = self.sp
        if self.is_op("(", "["):
            closer = ")" if self.take()[1] == "(" else "]"
            args = [self.expr()]
            while self.is_op(","):
                self.i += 1
                args.append(self.expr())
            self.expect(closer)
        else:
            args = [self.power()]  # ln K, cos θ
        one = {
            "sqrt": sp.sqrt,
            "exp": sp.exp,
            "abs": sp.Abs,
            "sin": sp.sin,
            "cos": sp.cos,
            "tan": sp.tan,
            "tanh": sp.tanh,
            "ln": sp.log,
            "log": sp.log,
            "sigmoid": sp.Function("σ"),
            "σ": sp.Function("σ"),
        }
        if name in ("min", "max"):
            return (sp.Min if name == "min" else sp.Max)(*args)
        if name in one:
            if len(args) != 1:
                raise FormulaError(f"{name} takes one argument")
            return one[name](args[0])
        return sp.Function(name)(*args)

    def name(self, text: str) -> Any:
        text = _GREEK.get(text.lower(), text) if len(text) > 1 else text
        if text in _FUNCTIONS or (text == "σ" and self.is_op("(")):
            return self.call(text)
        if text == "π" or text.lower() == "pi":
            return self.sp.pi
        if ((len(text) == 1 and text.isupper()) or text == "O") and self.is_op("("):
            return self.call(text)  # D(x), O(n k d)
        if len(text) == 1 or "_" in text or text in _GREEK.values():
            return self.symbol(text)
        for f in (*_FUNCTIONS, *sorted(_GREEK, key=len, reverse=True)):
            if text.lower().startswith(f) and len(text) > len(f):  # costheta, lnK, 2cosθ
                self.toks.insert(self.i, ("name", text[len(f) :]))
                return self.name(f)
        if len(text) <= 3 and text.isalpha():
            product = self.sp.Integer(1)
            for ch in text:
                product = product * self.symbol(ch)
            return product
        raise FormulaError(f"unknown word {text!r}")

    def primary(self) -> Any:
        kind, text = self.take()
        if kind == "num":
            return (
                self.sp.Rational(text)
                if "e" not in text.lower()
                else self.sp.Rational(self.sp.Float(text, 30))
            )
        if kind == "name":
            return self.name(text)
        if kind == "op" and text == "√":
            return self.sp.sqrt(self.power())
        if kind == "op" and text in ("(", "["):
            self.enter()
            value = self.expr()
            self.expect(")" if text == "(" else "]")
            self.depth -= 1
            return value
        raise FormulaError(f"unexpected {text or 'end'!r}")


def _tokens(s: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(s):
        m = _TOKEN.match(s, i)
        if m is None:
            raise FormulaError(f"unexpected character {s[i]!r}")
        if m.lastgroup != "space":
            out.append((m.lastgroup or "", m.group()))
        i = m.end()
    return out


@lru_cache(maxsize=4096)
def parse(text: str) -> Any:
    """The SymPy expression ``text`` means; :class:`FormulaError` when it is not read.
    Expressions are immutable, so results are cached per text."""
    import sympy

    s = _prepare(text)
    if not s or len(s) > MAX_LENGTH:
        raise FormulaError("empty or too long")
    parser = _Parser(_tokens(s), sympy, matrices=TRANSPOSE in s)
    try:
        value = parser.expr()
    except (ArithmeticError, TypeError, ValueError, RecursionError) as exc:
        raise FormulaError(str(exc)) from None
    if parser.i != len(parser.toks):
        raise FormulaError(f"unexpected {parser.peek()[1]!r}")
    return value


def _read(text: str) -> Any | None:
    try:
        return parse(text)
    except FormulaError:
        return None


#: Points at which two formulas are compared: every symbol and every application of an
#: unknown function (``σ(x)``, ``D(x)``) gets a value in (0.3, 0.9) fixed by its name —
#: positive, as the symbols are, and inside the range of a sigmoid.
PROBES = 4


def _point(atom: Any, probe: int) -> Any:
    import zlib

    import sympy

    fraction = zlib.crc32(f"{atom}|{probe}".encode()) / 2**32
    return sympy.Float(0.3 + 0.6 * fraction, 30)


@lru_cache(maxsize=4096)
def _probe(expr: Any) -> tuple[complex, ...] | None:
    """The value of ``expr`` at each of the :data:`PROBES` points, or None when it cannot be
    evaluated as a number (a matrix formula, an undefined result)."""
    from sympy.core.function import AppliedUndef

    if not expr.is_commutative:
        return None
    calls = sorted(expr.atoms(AppliedUndef), key=str)
    names = sorted(expr.free_symbols, key=str)
    values = []
    for i in range(PROBES):
        at = expr.xreplace({c: _point(c, i) for c in calls})
        try:
            v = complex(at.xreplace({n: _point(n, i) for n in names}).evalf(30))
        except (TypeError, ValueError, ArithmeticError):
            return None
        if v != v or abs(v) == float("inf"):
            return None
        values.append(v)
    return tuple(values)


def _probe_values(*exprs: Any) -> list[list[complex]] | None:
    """The probes of each expression, point by point; None if one cannot be probed."""
    probes = [_probe(e) for e in exprs]
    if any(p is None for p in probes):
        return None
    return [list(row) for row in zip(*probes, strict=True)]


def _close(x: complex, y: complex) -> bool:
    return abs(x - y) <= 1e-12 * max(1.0, abs(x), abs(y))


def equivalent(typed: str, expected: str) -> bool | None:
    """True if the two formulas are algebraically equal, False if not, None when either is not
    a formula this module reads. Equal when their difference expands to 0, or — for scalar
    formulas — when they agree at :data:`PROBES` random points (an identity test with
    negligible error, far faster than ``simplify``); matrix formulas must expand equal."""
    import sympy

    a, b = _read(typed), _read(expected)
    if a is None or b is None:
        return None
    try:
        if sympy.expand(a - b) == 0:
            return True
    except (TypeError, ValueError, ArithmeticError):
        return None
    rows = _probe_values(a, b)
    return rows is not None and all(_close(va, vb) for va, vb in rows)


def relation(typed: str, expected: str) -> str | None:
    """How a wrong formula relates to the right one: ``"sign"`` (it is its negative), ``"power
    of ten"`` (10^k times it, k ≠ 0), or None."""
    import math

    a, b = _read(typed), _read(expected)
    if a is None or b is None:
        return None
    rows = _probe_values(a, b)
    if rows is None:
        return None
    ratios = {round(va.real / vb.real, 9) for va, vb in rows if abs(vb) > 1e-12}
    if len(ratios) != 1:
        return None
    ratio = ratios.pop()
    if ratio == -1:
        return "sign"
    k = math.log10(abs(ratio)) if ratio > 0 else 0.0
    if ratio > 0 and abs(k - round(k)) < 1e-9 and round(k) != 0:
        return "power of ten"
    return None
