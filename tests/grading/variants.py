"""Answers to try against the built-in cards, derived from each card's own expected answer.

Used by the property tests (``test_builtin_answers.py``) and the manual audit (``audit.py``), so
both judge the checker by the same trials. Nothing here imports the checker's normalization:
the variants are built from the card data with independent, simple rules, so a checker bug
cannot hide behind a shared helper.

- right spellings: the deletion text itself, its ``accept`` entries, and rewritings that keep the
  meaning (trailing zero, leading ``.``, scientific and ``×10^`` forms, superscript exponents, a
  Unicode minus / en dash / U+2010, full-width digits and a trailing ``。`` for Chinese, case and
  hyphenation for words);
- wrong answers: the sign flipped, ×10 and ×0.1 (on the first number, or a leading ``-`` for a
  formula without one), the exponent's sign flipped, a transpose dropped, a known confusion
  swapped in, a negation and an "X or Y" answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from quizapp.bank import cloze
from quizapp.bank.model import Card, Choice, Cloze, Numeric, Order
from quizapp.study import Study

LANGS = ("en", "zh")

NUMBER = re.compile(r"(?P<m>\d+\.?\d*|\.\d+)(?:[eE](?P<e>[-+−]?\d+))?")
WHOLE_NUMBER = re.compile(r"[-−]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+−]?\d+)?")
SUPERSCRIPT = str.maketrans("0123456789-+", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺")
FULL_WIDTH = str.maketrans("0123456789.-+,/", "０１２３４５６７８９．－＋，／")
MATH_CHARS = set("0123456789+-−*/^()[]·×÷√²ᵀ'=εθβσπ")
CONFUSIONS = [
    ("clipnorm", "clipvalue"),
    ("vanishing", "exploding"),
    ("L1", "L2"),
    ("梯度消失", "梯度爆炸"),
    ("消失", "爆炸"),
    ("maximum", "minimum"),
    ("最大值", "最小值"),
    ("overflow", "underflow"),
    ("上溢", "下溢"),
    ("row", "column"),
    ("rows", "columns"),
    ("行", "列"),
    ("before", "after"),
    ("assignment", "update"),
    ("分配", "更新"),
    ("variances", "covariances"),
    ("方差", "协方差"),
    ("Laplace", "Gaussian"),
    ("true", "predicted"),
]


@dataclass(frozen=True, slots=True)
class Trial:
    """One answer to try: ``right`` says whether a correct checker accepts it; ``what`` names
    the variant (``"sign flipped c1"``); ``seed`` fixes the presentation."""

    card_id: str
    kind: str
    lang: str
    answer: str
    right: bool
    what: str
    seed: int = 0


# --- numbers ------------------------------------------------------------------------------


def _plain(d: Decimal) -> str:
    return format(d, "f")


def _literal(m: re.Match[str]) -> tuple[Decimal, int | None]:
    exp = m["e"]
    return Decimal(m["m"]), (int(exp.replace("−", "-")) if exp is not None else None)


def _write(mantissa: Decimal, exp: int | None) -> str:
    return _plain(mantissa) if exp is None else f"{_plain(mantissa)}e{exp}"


def scaled(text: str, power: int) -> str | None:
    """``text`` with its first number multiplied by ``10**power`` in the same notation, or
    None if it holds no nonzero number."""
    m = NUMBER.search(text)
    if m is None:
        return None
    mantissa, exp = _literal(m)
    if mantissa == 0:
        return None
    new = _write(mantissa, exp + power) if exp is not None else _plain(mantissa.scaleb(power))
    return text[: m.start()] + new + text[m.end() :]


def sign_flipped(text: str) -> str | None:
    """``text`` with the sign of its first number flipped (a binary minus becomes a plus), or
    ``-`` put in front when it holds no number; None for the number zero."""
    if is_number(text) and Decimal(text.lstrip("-−")) == 0:
        return None
    m = NUMBER.search(text)
    if m is None or Decimal(m["m"]) == 0:
        return "-" + text if not text.startswith(("-", "−")) else text[1:]
    before = text[: m.start()].rstrip()
    gap = text[len(before) : m.start()]
    if before.endswith(("-", "−")):
        head = before[:-1]
        binary = bool(head.strip()) and head.rstrip()[-1] not in "([,=^"
        return head + ("+" if binary else "") + gap + text[m.start() :]
    if before.endswith("+"):
        return before[:-1] + "-" + gap + text[m.start() :]
    return text[: m.start()] + "-" + text[m.start() :]


def exponent_flipped(text: str) -> str | None:
    """``1e-6`` -> ``1e6``: the sign of the first exponent flipped, None without one."""
    m = NUMBER.search(text)
    if m is None or m["e"] is None:
        return None
    mantissa, exp = _literal(m)
    if exp == 0:
        return None
    return text[: m.start()] + _write(mantissa, -exp) + text[m.end() :]


def number_spellings(text: str) -> list[str]:
    """Other ways to write the number ``text`` (one decimal or scientific literal)."""
    negative = text.startswith(("-", "−"))
    body = text.lstrip("-−")
    m = NUMBER.fullmatch(body)
    assert m is not None, text
    mantissa, exp = _literal(m)
    value = mantissa.scaleb(exp or 0)
    out: list[str] = []
    if exp is None:
        out.append(body + "0" if "." in body else body + ".0")
        if body.startswith("0."):
            out.append(body[1:])
        if value != 0:
            sig = value.normalize()
            digits, e = sig.as_tuple().digits, sig.adjusted()
            lead = f"{digits[0]}" + ("." + "".join(map(str, digits[1:])) if digits[1:] else "")
            if e != 0:
                out += [
                    f"{lead}e{e}",
                    f"{lead}×10^{e}",
                    f"{lead}×10{str(e).translate(SUPERSCRIPT)}",
                ]
                out.append(f"{lead} x 10^{e}")
        frac = Fraction(value)
        if 1 < frac.denominator <= 16:
            out.append(f"{frac.numerator}/{frac.denominator}")
        if 0 < value < 1:
            out.append(f"{_plain((value * 100).normalize())}%")
    else:
        m_text = _plain(mantissa)
        out += [
            f"{m_text}e{exp:+03d}".replace("+", "") if exp < 0 else f"{m_text}e+{exp}",
            f"{m_text}E{exp}",
            f"{m_text}×10^{exp}",
            f"{m_text}×10{str(exp).translate(SUPERSCRIPT)}",
            f"{m_text} x 10^{exp}",
        ]
        if mantissa == 1:
            out.append(f"10^{exp}")
        if -8 <= exp <= 8:
            out.append(_plain(value))
    out.append(body + ".")
    if negative:
        out = ["-" + s for s in out] + [d + body for d in ("−", "–", "‐")]
    return out


# --- cloze ----------------------------------------------------------------------------------


def is_number(text: str) -> bool:
    return WHOLE_NUMBER.fullmatch(text.strip()) is not None


def is_formula(text: str) -> bool:
    """Math rather than words: a digit, an operator or Greek letter, or a short symbol."""
    t = text.strip()
    if any(ch in MATH_CHARS for ch in t.replace("-", "")):
        return True
    if re.fullmatch(r"[A-Za-z]{1,2}", t):
        return True
    return bool(re.search(r"(?<![A-Za-z])-|-(?![A-Za-z])", t))


def _formula_spellings(text: str) -> list[str]:
    out = [re.sub(r"\s+", "", text)]
    if "-" in text or "−" in text:
        out.append(text.replace("-", "−") if "-" in text else text.replace("−", "-"))
        out.append(text.replace("-", "–").replace("−", "–"))
    if "²" in text:
        out.append(text.replace("²", "^2"))
    elif "^2" in text:
        out.append(text.replace("^2", "²"))
    if "ᵀ" in text:
        out.append(text.replace("ᵀ", "^T"))
    return out


def _term_spellings(text: str, lang: str) -> list[str]:
    out = [text + ("。" if lang == "zh" else ".")]
    if lang == "en" or text.isascii():
        out += [text.upper(), text.title(), " " + text + "  "]
        if re.search(r"[A-Za-z]-[A-Za-z]", text):
            out += [text.replace("-", " "), text.replace("-", "")]
    return out


def _full_width(text: str) -> str:
    return text.translate(FULL_WIDTH)


def right_spellings(text: str, lang: str) -> list[str]:
    """Equivalent spellings of a cloze answer ``text`` written in ``lang``."""
    if is_number(text):
        out = number_spellings(text)
        if lang == "zh":
            out += [_full_width(text), text + "。"]
        return out
    if is_formula(text):
        out = _formula_spellings(text)
        if lang == "zh":
            out.append(_full_width(text))
        return out
    return _term_spellings(text, lang)


def _confused(text: str) -> list[str]:
    out = []
    for a, b in CONFUSIONS:
        for x, y in ((a, b), (b, a)):
            pattern = rf"(?<![A-Za-z]){re.escape(x)}(?![A-Za-z])" if x.isascii() else re.escape(x)
            if re.search(pattern, text):
                out.append(re.sub(pattern, y, text, count=1))
    return out


def wrong_answers(text: str, lang: str) -> list[tuple[str, str]]:
    """(label, answer) pairs that are wrong for a cloze answer ``text``."""
    out: list[tuple[str, str]] = []
    if is_number(text) or is_formula(text):
        flipped = sign_flipped(text)
        if flipped is not None:
            out.append(("sign flipped", flipped))
        for power, label in ((1, "×10"), (-1, "×0.1")):
            v = scaled(text, power)
            if v is not None:
                out.append((label, v))
        e = exponent_flipped(text)
        if e is not None:
            out.append(("exponent sign flipped", e))
        if "ᵀ" in text:
            out.append(("transpose dropped", text.replace("ᵀ", "")))
            out.append(("transpose dropped", text.replace("ᵀ", " ").strip()))
    else:
        negation = f"not {text}" if lang == "en" else f"不是{text}"
        out.append(("negation", negation))
    for c in _confused(text):
        out.append(("confusion", c))
        if not is_formula(text):
            out.append(("either-or", f"{text} or {c}" if lang == "en" else f"{text}或{c}"))
    return [(label, a) for label, a in out if a.strip() and a != text]


def _blanks(card: Cloze, lang: str) -> dict[int, str]:
    first: dict[int, str] = {}
    for d in cloze.deletions(card.text.get(lang)):
        first.setdefault(d.number, d.answer)
    return first


def cloze_trials(card: Cloze) -> Iterator[Trial]:
    """Right and wrong answers for every blank of ``card``, the other blanks answered right,
    in each language."""
    for lang in LANGS:
        blanks = _blanks(card, lang)
        numbers = sorted(blanks)

        def full(n: int, part: str, blanks: dict[int, str] = blanks) -> str:
            return "; ".join(part if k == n else blanks[k] for k in sorted(blanks))

        yield Trial(card.id, "cloze", lang, full(numbers[0], blanks[numbers[0]]), True, "as shown")
        for n in numbers:
            shown = blanks[n]
            rights = right_spellings(shown, lang)
            if lang == "en":
                rights += list(card.accept.get(f"c{n}", ()))
            for r in dict.fromkeys(rights):
                yield Trial(card.id, "cloze", lang, full(n, r), True, f"spelling c{n}: {r}")
            for label, w in wrong_answers(shown, lang):
                yield Trial(card.id, "cloze", lang, full(n, w), False, f"{label} c{n}: {w}")


# --- numeric ----------------------------------------------------------------------------------


def _digits_needed(v: float, ok: callable) -> str:  # type: ignore[valid-type]
    for k in range(1, 18):
        text = f"{v:.{k}g}"
        if ok(float(text)):
            return text
    return repr(v)


def _sci_forms(text: str) -> list[str]:
    """``2.494e-01`` -> ``2.494×10^-1``, ``2.494×10⁻¹``, ``2.494 x 10^-1``."""
    m = re.fullmatch(r"(-?[\d.]+)e([-+]\d+)", text)
    if m is None:
        return []
    mant, exp = m[1], int(m[2])
    return [f"{mant}×10^{exp}", f"{mant}×10{str(exp).translate(SUPERSCRIPT)}", f"{mant}x10^{exp}"]


def numeric_trials(study: Study, card: Numeric, seeds: Sequence[int]) -> Iterator[Trial]:
    """Right spellings and wrong values (sign, ×10, ×0.1) of each seed's answer."""
    from quizapp.grading.numeric import matches

    for seed in seeds:
        inst = study.instance(study.present(card, seed=seed))
        answer = inst.answer
        values = answer if isinstance(answer, list) else [answer]

        def ok_at(i: int, inst=inst, values=values):  # type: ignore[no-untyped-def]
            return lambda x: matches(x, values[i], inst.abs_tol, inst.rel_tol)

        short = [_digits_needed(v, ok_at(i)) for i, v in enumerate(values)]
        sci = [
            f"{float(s):.{max(len(s.replace('-', '').replace('.', '')) - 1, 1)}e}" for s in short
        ]
        spellings: dict[str, list[str]] = {
            "en": [
                ", ".join(short),
                ", ".join(repr(v) for v in values),
                ", ".join(s + "." for s in short)
                if len(short) == 1
                else "[" + ", ".join(short) + "]",
            ],
            "zh": [
                "，".join(_full_width(s) for s in short),
                "、".join(short) + "。",
            ],
        }
        if len(values) == 1:
            if all(ok_at(0)(float(s)) for s in sci):
                spellings["en"] += [sci[0], *_sci_forms(sci[0])]
                spellings["zh"] += [_full_width(sci[0])]
            if values[0] < 0:
                spellings["en"] += [d + short[0][1:] for d in ("−", "–", "‐")]
        for lang in LANGS:
            for s in dict.fromkeys(spellings[lang]):
                yield Trial(card.id, "numeric", lang, s, True, f"spelling {s}", seed)
        wrongs: list[tuple[str, list[float]]] = []
        if any(not ok_at(i)(-v) for i, v in enumerate(values)):
            wrongs.append(("sign flipped", [-v for v in values]))
        if any(v != 0 for v in values):
            wrongs += [("×10", [10 * v for v in values]), ("×0.1", [v / 10 for v in values])]
        for label, ws in wrongs:
            text = ", ".join(f"{w:.6g}" for w in ws)
            yield Trial(card.id, "numeric", "en", text, False, f"{label}: {text}", seed)
            zh = "，".join(_full_width(f"{w:.6g}") for w in ws)
            yield Trial(card.id, "numeric", "zh", zh, False, f"{label}: {zh}", seed)


# --- choice and order -------------------------------------------------------------------------


def choice_trials(study: Study, card: Choice, seeds: Sequence[int]) -> Iterator[Trial]:
    """The right keys in several spellings; a wrong key; a letter for a digit key."""
    for seed in seeds:
        order = study.present(card, seed=seed).order
        right = [p + 1 for p, i in enumerate(order) if card.options[i].correct]
        wrong = [p + 1 for p, i in enumerate(order) if not card.options[i].correct]
        keys = [str(k) for k in right]
        rights = {
            "en": [" ".join(keys), ",".join(keys), " and ".join(keys), ", ".join(keys)],
            "zh": ["、".join(keys), "，".join(_full_width(k) for k in keys), "和".join(keys)],
        }
        for lang in LANGS:
            for r in dict.fromkeys(rights[lang]):
                yield Trial(card.id, "choice", lang, r, True, f"keys {r}", seed)
            if wrong:
                w = ",".join(str(k) for k in sorted({*right[:-1], wrong[0]}))
                yield Trial(card.id, "choice", lang, w, False, f"wrong key {w}", seed)
            if len(order) <= 9:
                letter = " ".join("abcdefghi"[k - 1] for k in right)
                yield Trial(card.id, "choice", lang, letter, False, f"letters {letter}", seed)


def order_trials(study: Study, card: Order, seeds: Sequence[int]) -> Iterator[Trial]:
    """The right order in several spellings; two steps swapped."""
    for seed in seeds:
        order = study.present(card, seed=seed).order
        positions = [order.index(i) + 1 for i in range(len(order))]
        keys = [str(p) for p in positions]
        rights = {"en": [" ".join(keys), ",".join(keys)], "zh": ["、".join(keys), "，".join(keys)]}
        swapped = [keys[1], keys[0], *keys[2:]]
        for lang in LANGS:
            for r in rights[lang]:
                yield Trial(card.id, "order", lang, r, True, f"order {r}", seed)
            yield Trial(card.id, "order", lang, " ".join(swapped), False, "two steps swapped", seed)


def trials(study: Study, card: Card, seeds: Sequence[int] = (0, 1, 2)) -> Iterator[Trial]:
    """Every trial for ``card`` (none for self-rated cards and drills)."""
    match card:
        case Cloze():
            yield from cloze_trials(card)
        case Numeric():
            yield from numeric_trials(study, card, seeds)
        case Choice():
            yield from choice_trials(study, card, seeds)
        case Order():
            yield from order_trials(study, card, seeds)
