"""Parse a typed numeric answer: a number, a small arithmetic expression, or a list of them.

Accepted (after Unicode NFKC normalization, so full-width ``１２，（）－`` work):

- numbers ``0.25``, ``.25``, ``2.5e-1``, ``-3``, percentages ``25%``;
- ``+ - * / ^ **`` with the usual precedence (``-2^2`` is −4, ``2^3^2`` is 2^9), parentheses,
  implicit multiplication without a space (``2pi``, ``3(1+1)``), ``× ÷ √ π −``;
- functions ``sqrt``, ``ln``, ``log`` (natural), ``log2``, ``log10``, ``exp``, ``abs``; constants
  ``pi``, ``e``;
- lists: elements separated by ``,`` ``;`` a new line, or (outside parentheses) a space —
  ``1, 2, 3``, ``[1 2 3]``, ``1;2;3``, ``[[1, 2], [3, 4]]`` (nested lists are flattened row by
  row). As in MATLAB, ``1 -2`` is two elements and ``1 - 2`` is one;
- Chinese punctuation: ``，、；`` separate, ``。`` between two digits is a decimal point and a
  trailing ``。`` is ignored; a leading ``=`` or ``≈`` is ignored;
- every minus a keyboard or an IME produces: ``-`` ``−`` (U+2212), ``–`` (en dash), ``‐``
  (U+2010), ``‑`` ``‒`` ``﹣`` ``－``;
- superscript exponents as one group: ``2.494×10⁻¹`` is 2.494 × 10^(−1), ``10⁰`` is 1, ``x²³``
  is x^23; ``×``, ``·``, ``⋅`` or an ASCII ``x`` between two numbers is "times"
  (``2.5x10^-3``);
- a trailing ``.`` (end of a sentence) is ignored; a lone number with thousands separators,
  ``1,000,000`` or ``1,234.5``, is one number (``1, 000`` with a space stays a list).

Never evaluates code: a hand-written tokenizer and recursive-descent parser over floats. Input is
capped in length, nesting depth and element count; all arithmetic is in floats, so ``9**9**9``
overflows at once (an error) instead of building a huge integer. NumPy-free.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from quizapp.bank.model import Text
from quizapp.grading.verdict import AnswerError

MAX_LENGTH = 2000
MAX_DEPTH = 60
MAX_ELEMENTS = 500


class AnswerParseError(AnswerError):
    """The text is not a number (or list of numbers); ``message`` (a :class:`Text`) says why, in
    both languages. Such input is not an answer: the user is asked again. A subclass of the
    front-ends' :class:`~quizapp.grading.verdict.AnswerError`."""


def _err(en: str, zh: str) -> AnswerParseError:
    return AnswerParseError(Text(en=en, zh=zh))


_FUNCS: dict[str, Callable[[float], float]] = {
    "sqrt": math.sqrt,
    "ln": math.log,
    "log": math.log,
    "log2": math.log2,
    "log10": math.log10,
    "exp": math.exp,
    "abs": abs,
}
_CONSTS = {"pi": math.pi, "e": math.e}

_TOKEN = re.compile(
    r"(?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<name>[A-Za-z][A-Za-z0-9]*)"
    r"|(?P<op>\*\*|[-+*/^%(),;\[\]\n])"
    r"|(?P<space>[ \t\r]+)"
)
_SEPARATORS = (",", ";", "\n")


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # num, name, op, end
    text: str
    pos: int  # 1-based column in the normalized text
    space_before: bool


_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾", "0123456789+-()")
_SUPERSCRIPT_RUN = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾]+")
#: Every character typed as a minus sign (ASCII, U+2212, dashes, small and full-width forms).
MINUS_SIGNS = "−–‐‑‒﹣－"
_MINUS = str.maketrans(dict.fromkeys(MINUS_SIGNS, "-"))
_TIMES = re.compile(r"(?<=[\d.)])\s*[xX·⋅]\s*(?=[\d.(])")
_THOUSANDS = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")


def superscripts_as_powers(text: str) -> str:
    """``10⁻¹`` -> ``10^(-1)``: each run of superscript characters becomes one exponent (NFKC
    alone would turn ``10⁻¹`` into ``10-1``)."""
    return _SUPERSCRIPT_RUN.sub(lambda m: "^(" + m.group().translate(_SUPERSCRIPTS) + ")", text)


def unify_minus(text: str) -> str:
    """Every minus-like character (see :data:`MINUS_SIGNS`) as an ASCII ``-``."""
    return text.translate(_MINUS)


def normalize_number_text(text: str) -> str:
    """``text`` as the tokenizer reads it: NFKC, ASCII minus and operators, superscripts as
    powers, ``x`` for times, Chinese punctuation, no trailing full stop or leading ``=``."""
    s = unify_minus(superscripts_as_powers(text))
    s = unicodedata.normalize("NFKC", s)
    s = _TIMES.sub("*", s)
    s = re.sub(r"√\s*(\d+\.?\d*|\.\d+)", r"sqrt(\1)", s)
    for a, b in (
        ("⁄", "/"),
        ("×", "*"),
        ("÷", "/"),
        ("√", "sqrt"),
        ("π", "pi"),
        ("、", ","),
        ("\u3000", " "),
    ):
        s = s.replace(a, b)
    s = re.sub(r"(?<=\d)。(?=\d)", ".", s)
    s = s.strip()
    s = re.sub(r"。+$", "", s).strip()
    s = re.sub(r"(?<=[\d)\]%A-Za-z])\.$", "", s)
    s = re.sub(r"^[=≈~]\s*", "", s)
    if _THOUSANDS.fullmatch(s):
        s = s.replace(",", "")
    return s


def _tokenize(s: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, space = 0, False
    while i < len(s):
        m = _TOKEN.match(s, i)
        if m is None:
            ch = s[i]
            raise _err(
                f"Unexpected character “{ch}” at position {i + 1}.",
                f"第 {i + 1} 个字符“{ch}”无法识别。",
            )
        kind = m.lastgroup or ""
        if kind == "space":
            space = True
        else:
            text = m.group()
            toks.append(_Tok(kind, text.lower() if kind == "name" else text, i + 1, space))
            space = False
        i = m.end()
    toks.append(_Tok("end", "", len(s) + 1, space))
    return toks


def _finite(x: float) -> float:
    if not math.isfinite(x):
        raise _err("The number is too large (overflow).", "数值太大（溢出）。")
    return x


def _scalar(v: float | list[Any]) -> float:
    if isinstance(v, list):
        raise _err(
            "Arithmetic on a list is not supported; write each component separately.",
            "不支持对列表做算术运算，请逐个写出各分量。",
        )
    return v


def _power(base: float, exp: float) -> float:
    if base == 0 and exp < 0:
        raise _err("Division by zero.", "除数为零。")
    if base < 0 and not float(exp).is_integer():
        raise _err(
            "A negative number to a fractional power is not a real number.",
            "负数的非整数次幂不是实数。",
        )
    try:
        return _finite(math.pow(base, exp))
    except OverflowError:
        raise _err("The number is too large (overflow).", "数值太大（溢出）。") from None


def _call(name: str, x: float) -> float:
    if name == "sqrt" and x < 0:
        raise _err("The square root of a negative number is not real.", "负数不能开平方。")
    if name in ("ln", "log", "log2", "log10") and x <= 0:
        raise _err("The argument of a logarithm must be positive.", "对数的参数必须为正数。")
    try:
        return _finite(_FUNCS[name](x))
    except OverflowError:
        raise _err("The number is too large (overflow).", "数值太大（溢出）。") from None


class _Parser:
    def __init__(self, toks: list[_Tok]) -> None:
        self.toks = toks
        self.i = 0
        self.depth = 0
        self.count = 0

    @property
    def tok(self) -> _Tok:
        return self.toks[self.i]

    def _next(self) -> _Tok:
        t = self.toks[self.i]
        self.i += 1
        return t

    def _enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _err("The expression is nested too deeply.", "表达式嵌套层数太多。")

    def _expect(self, text: str) -> None:
        if self.tok.text != text or self.tok.kind != "op":
            raise _err(
                f"Missing “{text}” at position {self.tok.pos}.",
                f"第 {self.tok.pos} 个位置缺少“{text}”。",
            )
        self.i += 1

    def _unexpected(self) -> AnswerParseError:
        t = self.tok
        if t.kind == "end":
            return _err(
                "The answer ends too early: a number is missing.", "答案不完整：缺少一个数。"
            )
        return _err(
            f"Unexpected “{t.text}” at position {t.pos}.",
            f"第 {t.pos} 个位置出现了无法理解的“{t.text}”。",
        )

    def _is(self, *ops: str) -> bool:
        return self.tok.kind == "op" and self.tok.text in ops

    def parse_list(self, closer: str | None, juxtapose: bool) -> list[float | list[Any]]:
        """Elements up to ``closer`` (or the end), separated by separators or, if juxtapose,
        by a space."""
        items: list[float | list[Any]] = []
        while True:
            if self.tok.kind == "end" or self._is(closer or "\0"):
                return items
            if self._is(*_SEPARATORS):
                if items or self.tok.text != "\n":
                    raise _err(
                        f"Empty element at position {self.tok.pos}.",
                        f"第 {self.tok.pos} 个位置缺少一个数。",
                    )
                self.i += 1
                continue
            items.append(self.parse_expr(juxtapose))
            self.count += 1
            if self.count > MAX_ELEMENTS:
                raise _err(
                    f"Too many numbers (at most {MAX_ELEMENTS}).",
                    f"数太多（最多 {MAX_ELEMENTS} 个）。",
                )
            if self._is(*_SEPARATORS):
                self.i += 1
                while self._is("\n"):
                    self.i += 1
            elif self.tok.kind == "end" or self._is(closer or "\0"):
                return items
            elif not (juxtapose and self.tok.space_before):
                raise self._unexpected()

    def parse_expr(self, juxtapose: bool) -> float | list[Any]:
        self._enter()
        left = self.parse_term()
        while self._is("+", "-"):
            nxt = self.toks[self.i + 1]
            if juxtapose and self.tok.space_before and not nxt.space_before:
                break  # "1 -2": a new element
            op = self._next().text
            right = _scalar(self.parse_term())
            left = _finite(_scalar(left) + right if op == "+" else _scalar(left) - right)
        self.depth -= 1
        return left

    def parse_term(self) -> float | list[Any]:
        left = self.parse_unary()
        while True:
            if self._is("*", "/"):
                op = self._next().text
                right = _scalar(self.parse_unary())
                if op == "/" and right == 0:
                    raise _err("Division by zero.", "除数为零。")
                left = _finite(_scalar(left) * right if op == "*" else _scalar(left) / right)
            elif (self.tok.kind == "name" or self._is("(")) and not self.tok.space_before:
                left = _finite(_scalar(left) * _scalar(self.parse_unary()))  # 2pi, 3(1+1)
            else:
                return left

    def parse_unary(self) -> float | list[Any]:
        if self._is("+", "-"):
            self._enter()
            sign = -1.0 if self._next().text == "-" else 1.0
            v = sign * _scalar(self.parse_unary())
            self.depth -= 1
            return v
        return self.parse_power()

    def parse_power(self) -> float | list[Any]:
        base = self.parse_postfix()
        if self._is("^", "**"):
            self.i += 1
            self._enter()
            exp = _scalar(self.parse_unary())
            self.depth -= 1
            return _power(_scalar(base), exp)
        return base

    def parse_postfix(self) -> float | list[Any]:
        v = self.parse_primary()
        while self._is("%"):
            self.i += 1
            v = _scalar(v) / 100.0
        return v

    def parse_primary(self) -> float | list[Any]:
        t = self.tok
        if t.kind == "num":
            self.i += 1
            return _finite(float(t.text))
        if t.kind == "name":
            self.i += 1
            if t.text in _CONSTS:
                return _CONSTS[t.text]
            if t.text in _FUNCS:
                if not self._is("("):
                    raise _err(
                        f"Write {t.text}(…) with parentheses, e.g. {t.text}(2).",
                        f"{t.text} 需要加括号，例如 {t.text}(2)。",
                    )
                self.i += 1
                self._enter()
                arg = _scalar(self.parse_expr(juxtapose=False))
                self._expect(")")
                self.depth -= 1
                return _call(t.text, arg)
            known = ", ".join([*_FUNCS, *_CONSTS])
            raise _err(
                f"Unknown name “{t.text}” (known: {known}).",
                f"无法识别“{t.text}”（可用：{known}）。",
            )
        if self._is("(", "["):
            closer = ")" if t.text == "(" else "]"
            self.i += 1
            self._enter()
            items = self.parse_list(closer, juxtapose=closer == "]")
            self._expect(closer)
            self.depth -= 1
            if closer == ")" and len(items) == 1:
                return items[0]
            if not items:
                raise _err(
                    f"Empty brackets at position {t.pos}.", f"第 {t.pos} 个位置的括号是空的。"
                )
            return items
        raise self._unexpected()


def _flatten(items: list[float | list[Any]]) -> list[float]:
    out: list[float] = []
    for x in items:
        out.extend(_flatten(x) if isinstance(x, list) else [x])
    return out


def parse_answer(text: str) -> float | list[float]:
    """Parse an answer typed by the user into a float or a flat list of floats.

    One number without brackets gives a float; anything with several numbers, or in square
    brackets, gives a list (nested lists are flattened row by row). Raises
    :class:`AnswerParseError` with a bilingual message when the text cannot be read.
    """
    if len(text) > MAX_LENGTH:
        raise _err(
            f"The answer is too long (at most {MAX_LENGTH} characters).",
            f"答案太长（最多 {MAX_LENGTH} 个字符）。",
        )
    s = normalize_number_text(text)
    if not s:
        raise _err(
            "Type a number (several numbers: separate them with commas).",
            "请输入一个数（多个数请用逗号分隔）。",
        )
    p = _Parser(_tokenize(s))
    items = p.parse_list(None, juxtapose=True)
    if p.tok.kind != "end":
        raise p._unexpected()
    if not items:
        raise _err(
            "Type a number (several numbers: separate them with commas).",
            "请输入一个数（多个数请用逗号分隔）。",
        )
    if len(items) == 1 and not isinstance(items[0], list):
        return items[0]
    return _flatten(items)
