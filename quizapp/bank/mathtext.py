"""LaTeX math (``$...$``, ``$$...$$``) rendered as readable Unicode for the terminal.

pylatexenc does the parsing and the symbol table; we add what it leaves ambiguous: ``\\frac``
becomes ``a/b`` with parentheses only around compound parts, sub- and superscripts become Unicode
sub/superscript characters when every character has one (``x_i`` -> ``xᵢ``, ``r^2`` -> ``r²``)
and ``_(…)``/``^(…)`` otherwise, ``cases`` becomes one line per case, and operator names keep a
space (``log p``, ``argmin``). A formula that cannot be rendered is shown as written.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

_SUP = dict(zip("0123456789+-=()nixTtkdaeojmrs", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱˣᵀᵗᵏᵈᵃᵉᵒʲᵐʳˢ", strict=True))
_SUB = dict(
    zip("0123456789+-=()aeoxhklmnpstijruv", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼᵣᵤᵥ", strict=True)
)
_SUP["−"] = "⁻"
_SUB["−"] = "₋"
_SCRIPTS = "".join(sorted(set(_SUP.values()) | set(_SUB.values())))

_OPEN, _CLOSE = "\x01", "\x02"  # marks around a fraction until we know if it needs parens
_OP_END = "\x03"  # after an operator macro (\log): a space follows if an operand does
_VULGAR = {
    ("1", "2"): "½",
    ("1", "3"): "⅓",
    ("2", "3"): "⅔",
    ("1", "4"): "¼",
    ("3", "4"): "¾",
    ("1", "5"): "⅕",
    ("1", "8"): "⅛",
}
MATH_RE = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.DOTALL)
_OPERATORS = (
    "log",
    "ln",
    "exp",
    "max",
    "min",
    "sum",
    "arg",
    "sin",
    "cos",
    "tanh",
    "cosh",
    "sinh",
    "tr",
    "det",
    "diag",
    "softmax",
    "sign",
    "Var",
    "Cov",
    "E",
)


def _script(text: str, table: dict[str, str], marker: str) -> str:
    text = text.replace(" ", "")
    if text and all(ch in table for ch in text):
        return "".join(table[ch] for ch in text)
    return f"{marker}{text}" if len(text) == 1 else f"{marker}({text})"


def _needs_parens(text: str, *, denominator: bool = False) -> bool:
    """True unless ``text`` is one number or one (sub/superscripted) symbol; a numerator may
    also be a product without spaces (``2x``)."""
    text = text.strip()
    if re.fullmatch(rf"\d+(\.\d+)?|[∂∇]?\w[\u0302\u0304\u0303]?[{_SCRIPTS}]*|\(.*\)", text):
        return False
    return denominator or bool(re.search(r"[\s+\-−·/=]", text))


@cache
def _converter() -> Any:
    from pylatexenc import latexwalker
    from pylatexenc.latex2text import (
        EnvironmentTextSpec,
        LatexNodes2Text,
        MacroTextSpec,
        SpecialsTextSpec,
        get_default_latex_context_db,
    )
    from pylatexenc.macrospec import MacroStandardArgsParser, SpecialsSpec

    def arg_text(n: Any, l2tobj: Any, i: int) -> str:
        node = n.nodeargd.argnlist[i] if n.nodeargd and len(n.nodeargd.argnlist) > i else None
        return l2tobj.nodelist_to_text([node]) if node is not None else ""

    def frac(n: Any, l2tobj: Any) -> str:
        num, den = arg_text(n, l2tobj, 0).strip(), arg_text(n, l2tobj, 1).strip()
        if (num, den) in _VULGAR:
            return _VULGAR[num, den]
        num = f"({num})" if _needs_parens(num) else num
        den = f"({den})" if _needs_parens(den, denominator=True) else den
        return f"{_OPEN}{num}/{den}{_CLOSE}"

    def sqrt(n: Any, l2tobj: Any) -> str:
        body = (arg_text(n, l2tobj, 1) or arg_text(n, l2tobj, 0)).strip()
        return "√" + (f"({body})" if len(body) > 1 else body)

    def cases(n: Any, l2tobj: Any) -> str:
        body = l2tobj.nodelist_to_text(n.nodelist)
        lines = []
        for row in (r.strip() for r in body.split("\n") if r.strip()):
            parts = re.split(r"\s{3,}", row, maxsplit=1)
            value, cond = parts[0], parts[1] if len(parts) > 1 else ""
            if cond and not re.match(r"(otherwise|else|否则)", cond):
                cond = "if " + cond
            lines.append(f"{value}   {cond}".rstrip())
        return "{ " + "\n  ".join(lines)

    def script(marker: str, table: dict[str, str]) -> Any:
        return lambda n, l2tobj: _script(arg_text(n, l2tobj, 0), table, marker)

    db = get_default_latex_context_db()
    macros = [
        MacroTextSpec("frac", simplify_repl=frac),
        MacroTextSpec("dfrac", simplify_repl=frac),
        MacroTextSpec("tfrac", simplify_repl=frac),
        MacroTextSpec("sqrt", simplify_repl=sqrt),
        MacroTextSpec("hat", simplify_repl=lambda n, l2tobj: arg_text(n, l2tobj, 0) + "\u0302"),
        MacroTextSpec("bar", simplify_repl=lambda n, l2tobj: arg_text(n, l2tobj, 0) + "\u0304"),
        MacroTextSpec("tilde", simplify_repl=lambda n, l2tobj: arg_text(n, l2tobj, 0) + "\u0303"),
        MacroTextSpec("mathbf", simplify_repl=lambda n, l2tobj: arg_text(n, l2tobj, 0)),
        MacroTextSpec("boldsymbol", simplify_repl=lambda n, l2tobj: arg_text(n, l2tobj, 0)),
        MacroTextSpec("lVert", "‖"),
        MacroTextSpec("rVert", "‖"),
        MacroTextSpec("Vert", "‖"),
        MacroTextSpec("|", "‖"),
        MacroTextSpec("lvert", "|"),
        MacroTextSpec("rvert", "|"),
        MacroTextSpec("left", ""),
        MacroTextSpec("right", ""),
        MacroTextSpec("quad", "  "),
        MacroTextSpec("qquad", "    "),
        MacroTextSpec(",", " "),
        MacroTextSpec(";", " "),
        MacroTextSpec("!", ""),
        MacroTextSpec("top", "ᵀ"),
        MacroTextSpec("odot", "⊙"),
        MacroTextSpec("argmin", "argmin "),
        MacroTextSpec("argmax", "argmax "),
        MacroTextSpec("operatorname", simplify_repl=lambda n, l2tobj: arg_text(n, l2tobj, 0) + " "),
        MacroTextSpec("mathrm", simplify_repl=lambda n, l2tobj: arg_text(n, l2tobj, 0)),
        MacroTextSpec("text", simplify_repl=lambda n, l2tobj: arg_text(n, l2tobj, 0)),
        *[MacroTextSpec(op, op + _OP_END) for op in _OPERATORS if op not in ("sum", "E")],
    ]
    db.add_context_category(
        "quizapp",
        prepend=True,
        macros=macros,
        environments=[EnvironmentTextSpec("cases", simplify_repl=cases)],
        specials=[
            SpecialsTextSpec("^", simplify_repl=script("^", _SUP)),
            SpecialsTextSpec("_", simplify_repl=script("_", _SUB)),
        ],
    )
    wdb = latexwalker.get_default_latex_context_db()
    from pylatexenc.macrospec import MacroSpec

    wdb.add_context_category(
        "quizapp",
        prepend=True,
        macros=[
            MacroSpec(m, "{")
            for m in (
                "hat",
                "bar",
                "tilde",
                "mathbf",
                "boldsymbol",
                "operatorname",
                "mathrm",
                "text",
            )
        ]
        + [
            MacroSpec("frac", "{{"),
            MacroSpec("dfrac", "{{"),
            MacroSpec("tfrac", "{{"),
            MacroSpec("sqrt", "[{"),
        ],
        specials=[
            SpecialsSpec("^", args_parser=MacroStandardArgsParser("{")),
            SpecialsSpec("_", args_parser=MacroStandardArgsParser("{")),
        ],
    )
    converter = LatexNodes2Text(latex_context=db, math_mode="text", strict_latex_spaces=False)
    return converter, wdb, latexwalker


def render_math(latex: str) -> str:
    """One formula (without the ``$``) as Unicode; the input itself if it cannot be parsed."""
    try:
        converter, wdb, latexwalker = _converter()
        walker = latexwalker.LatexWalker(latex, latex_context=wdb, tolerant_parsing=False)
        nodes, _, _ = walker.get_latex_nodes()
        out = converter.nodelist_to_text(nodes)
    except Exception:  # any parse failure: the raw LaTeX is the documented fallback
        return latex
    return _tidy(out)


def _tidy(out: str) -> str:
    """Spacing and grouping that pylatexenc leaves to the reader."""
    # a fraction followed by more factors is parenthesized: (1/n)∑ …, else left bare
    out = re.sub(f"{_OPEN}([^{_OPEN}{_CLOSE}]*){_CLOSE}(?=\\s?[\\w∑√(‖])", r"(\1)", out)
    out = out.replace(_OPEN, "").replace(_CLOSE, "")
    out = re.sub(f"\\barg{_OP_END}?\\s*(min|max)", r"arg\1", out)
    out = re.sub(f"{_OP_END}(?=[A-Za-z0-9\u0370-\u03ff])", " ", out).replace(_OP_END, "")
    out = re.sub(r"([\^_][^\s(])(?=[A-Za-z\u0370-\u03ff])", r"\1 ", out)
    out = re.sub(r"‖(\S+) ‖", r"‖\1‖", out)
    out = re.sub(r"\s*([=≤≥←→∈≈≠⇒≡·])\s*", r" \1 ", out)
    out = re.sub(r"([_^])\(([^)]*)\)", lambda m: f"{m[1]}({m[2].replace(' ', '')})", out)
    out = re.sub(r"(?<=[\w)²³ᵀ|\u0302\u0304\s])-(?=[\w(\s\u0370-\u03ff√])", "−", out)
    out = re.sub(r"(?m)^-(?=\S)", "−", out)
    out = re.sub(r"[ \t]+\)", ")", out)
    out = re.sub(r"(?m)(?<=\S)[ \t]{2,}(?=\S)", lambda m: m[0] if "if" in out else " ", out)
    return unicodedata.normalize("NFC", out).strip()  # ŷ as one character where one exists


def render(text: str) -> str:
    """``text`` with every ``$...$``/``$$...$$`` formula rendered (display math on its own
    line). Text without ``$`` is returned unchanged and without loading pylatexenc."""
    if "$" not in text:
        return text

    def sub(m: re.Match[str]) -> str:
        if m[1] is not None:
            return "\n  " + render_math(m[1]).replace("\n", "\n  ") + "\n"
        return render_math(m[2])

    return MATH_RE.sub(sub, text)
