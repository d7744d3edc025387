"""The YAML shape of one card (a plain ``dict``), built from plain values or from a model card.

Card dicts are what :mod:`quizapp.bank.write` appends to a bank. Keys come in the order a
person writes them: ``id``, ``kind``, ``tags``, ``difficulty``, ``source``, the kind's own fields,
``explanation``. Text fields are always written as a language mapping (``{en: ...}`` or
``{zh: ...}``), never as a plain string, so they do not depend on the bank's ``deck.language``.

Also here: the compact ``--input`` syntax of ``quizapp add numeric`` (:func:`parse_input_spec`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from quizapp.bank.model import Card, Text

TEXT_FIELDS = ("front", "back", "text", "question", "title", "statement", "solution")


def text_data(value: str, lang: str) -> dict[str, str]:
    """A one-language text field: ``{lang: value}`` (``lang`` is ``en`` or ``zh``)."""
    return {lang: value}


def make_card(
    kind: str,
    fields: Mapping[str, Any],
    *,
    lang: str,
    card_id: str | None = None,
    tags: Sequence[str] = (),
    difficulty: int | None = None,
    explanation: str | None = None,
    source: str | None = None,
) -> dict[str, Any]:
    """A card dict of ``kind`` from plain values. String values of text fields (``front``,
    ``back``, ``text``, ``question``, ``solution`` …) and ``explanation`` are put in language
    ``lang``; other fields (``accept``, ``options``, ``steps``, ``inputs``, ``answer`` …) are
    taken as they are, except that plain strings in ``steps`` and in options' ``text`` are put in
    ``lang`` too. Empty optional values are left out."""
    data: dict[str, Any] = {}
    if card_id:
        data["id"] = card_id
    data["kind"] = kind
    if tags:
        data["tags"] = list(tags)
    if difficulty is not None:
        data["difficulty"] = difficulty
    if source:
        data["source"] = source
    for key, value in fields.items():
        if value is None or value == "" or value == {} or value == []:
            continue
        if key in TEXT_FIELDS and isinstance(value, str):
            value = text_data(value, lang)
        elif key == "steps":
            value = [text_data(s, lang) if isinstance(s, str) else s for s in value]
        elif key == "options":
            value = [
                {**o, "text": text_data(o["text"], lang)} if isinstance(o["text"], str) else dict(o)
                for o in value
            ]
        data[key] = value
    if explanation:
        data["explanation"] = text_data(explanation, lang)
    return data


def choice_options(options: Sequence[str], correct: Iterable[str]) -> list[dict[str, Any]]:
    """Options for a choice card: ``correct`` holds 1-based indexes or option texts.

    A value that equals an option's text (ignoring case and spaces) marks that option; otherwise
    a number marks the option at that 1-based position. ValueError names a value that matches
    neither."""

    def key(s: str) -> str:
        return " ".join(s.split()).casefold()

    marked: set[int] = set()
    texts = [key(o) for o in options]
    for value in correct:
        if key(value) in texts:
            marked.add(texts.index(key(value)))
        elif value.strip().isdigit() and 1 <= int(value) <= len(options):
            marked.add(int(value) - 1)
        else:
            raise ValueError(
                f"--correct {value!r} is neither an option's text nor a number "
                f"from 1 to {len(options)}"
            )
    out: list[dict[str, Any]] = []
    for i, text in enumerate(options):
        option: dict[str, Any] = {"text": text}
        if i in marked:
            option["correct"] = True
        out.append(option)
    return out


# --- compact input specs -----------------------------------------------------------------------

_GENERATOR_KEYS = (
    "type",
    "low",
    "high",
    "decimals",
    "integer",
    "size",
    "rows",
    "cols",
    "values",
    "solver",
    "args",
)
_GENERATOR_TYPES = ("scalar", "integer", "vector", "matrix", "choice", "derived")
_RANGE_RE = re.compile(r"^(-?\d+(?:\.\d+)?)\.\.(-?\d+(?:\.\d+)?)$")
_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

INPUT_SYNTAX = """\
NAME=TYPE[:ITEM,ITEM,...]   TYPE is scalar, integer, vector, matrix, choice or derived
  ITEM is KEY=VALUE (keys: low, high, decimals, integer, size, rows, cols, values, solver,
  arg.PARAM), or LOW..HIGH (sets low and high), or for choice V1|V2|... (the values).
  VALUE: a number, true/false, A..B (a size range), V1|V2|... (a list) or a name.
  e.g.  y=vector:size=4,-3..3,decimals=1   delta=choice:0.5|1|2   n=integer:1..8
        X=matrix:rows=n,cols=2,-1..1       s=derived:solver=helpers.add,arg.a=x,arg.b=y"""


def parse_scalar(text: str) -> Any:
    """``true``/``false`` as booleans, integers and floats as numbers, anything else as is."""
    low = text.lower()
    if low in ("true", "false"):
        return low == "true"
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    return text


def _value(key: str, text: str) -> Any:
    text = text.strip()
    m = _RANGE_RE.match(text)
    if m and key in ("size", "rows", "cols"):
        return [parse_scalar(m[1]), parse_scalar(m[2])]
    if "|" in text or key == "values":
        return [parse_scalar(v.strip()) for v in text.split("|") if v.strip()]
    return parse_scalar(text)


def parse_input_spec(spec: str) -> tuple[str, dict[str, Any]]:
    """``NAME=TYPE:ITEMS`` (see :data:`INPUT_SYNTAX`) as ``(name, generator dict)``.

    ValueError with a message naming the faulty part; the generator's own rules (which keys a
    type needs, sizes naming earlier inputs …) are checked later by the bank validator."""
    name, eq, rest = spec.partition("=")
    name = name.strip()
    if not eq or not _NAME_RE.match(name):
        raise ValueError(f"--input {spec!r}: expected NAME=TYPE[:ITEMS]")
    kind, _, items = rest.partition(":")
    kind = kind.strip()
    if kind not in _GENERATOR_TYPES:
        raise ValueError(
            f"--input {spec!r}: unknown type {kind!r} (one of {', '.join(_GENERATOR_TYPES)})"
        )
    out: dict[str, Any] = {"type": kind}
    for item in (i.strip() for i in items.split(",") if i.strip()):
        key, eq, value = item.partition("=")
        key = key.strip()
        if not eq:
            m = _RANGE_RE.match(item)
            if m:
                out["low"], out["high"] = parse_scalar(m[1]), parse_scalar(m[2])
            elif kind == "choice":
                out["values"] = _value("values", item)
            else:
                raise ValueError(f"--input {spec!r}: {item!r} is not KEY=VALUE or LOW..HIGH")
        elif key.startswith("arg."):
            out.setdefault("args", {})[key[4:]] = parse_scalar(value.strip())
        elif key in _GENERATOR_KEYS and key not in ("type", "args"):
            out[key] = _value(key, value)
        else:
            raise ValueError(f"--input {spec!r}: unknown key {key!r}")
    return name, out


# --- model card -> dict ------------------------------------------------------------------------


def _text(value: Text | None, lang: str) -> dict[str, str] | None:
    if value is None:
        return None
    if lang in ("en", "zh") and value.raw(lang):
        return {lang: value.raw(lang) or ""}
    return value.to_data()


def _mistakes(mistakes: Iterable[Any], t: Any) -> list[dict[str, Any]]:
    return [
        {
            "id": m.id,
            "label": t(m.label),
            "solver": m.call.solver,
            **({"args": dict(m.call.args)} if m.call.args else {}),
        }
        for m in mistakes
    ]


def card_to_data(card: Card, lang: str = "both") -> dict[str, Any]:
    """A model card back as a card dict (the inverse of loading), texts limited to ``lang``
    (``en``/``zh``; a text missing in that language keeps the language it has; ``both`` keeps
    all). Used by the YAML export; loading the result gives the same card."""
    c: Any = card
    data: dict[str, Any] = {"id": card.id, "kind": card.kind}
    if card.tags:
        data["tags"] = list(card.tags)
    data["difficulty"] = card.difficulty
    if card.source:
        data["source"] = card.source

    def t(value: Text | None) -> dict[str, str] | None:
        return _text(value, lang)

    match card.kind:
        case "flashcard":
            data |= {"front": t(c.front), "back": t(c.back)}
        case "cloze":
            data["text"] = t(c.text)
            if c.accept:
                data["accept"] = {k: list(v) for k, v in c.accept.items()}
        case "choice":
            data["question"] = t(c.question)
            data["options"] = [
                {"text": t(o.text), **({"correct": True} if o.correct else {})} for o in c.options
            ]
            if not c.shuffle:
                data["shuffle"] = False
        case "order":
            data |= {"question": t(c.question), "steps": [t(s) for s in c.steps]}
        case "numeric":
            data |= {
                "question": t(c.question),
                "inputs": dict(c.inputs),
                "answer": {
                    "solver": c.answer.solver,
                    "args": dict(c.answer.args),
                    "tolerance": {"abs": c.abs_tol, "rel": c.rel_tol},
                },
            }
            if c.mistakes:
                data["mistakes"] = _mistakes(c.mistakes, t)
            if c.solution is not None:
                data["solution"] = t(c.solution)
        case "drill":
            data |= {
                "title": t(c.title),
                "statement": t(c.statement),
                "function": c.function,
                "signature": c.signature,
                "starter": c.starter,
            }
            if c.hints:
                data["hints"] = [t(h) for h in c.hints]
            data["solver"] = c.solver
            cases: dict[str, Any] = {"random": c.random_cases}
            if c.case_inputs:
                cases["inputs"] = dict(c.case_inputs)
            if getattr(c, "case_args", None):
                cases["args"] = dict(c.case_args)
            if c.fixed_cases:
                cases["fixed"] = [dict(f) for f in c.fixed_cases]
            data["cases"] = cases
            if getattr(c, "solver_args", None):
                data["solver_args"] = dict(c.solver_args)
            if getattr(c, "output", None):
                data["output"] = list(c.output)
            data |= {"compare": c.compare, "time_limit": c.time_limit}
            if getattr(c, "mistakes", None):
                data["mistakes"] = _mistakes(c.mistakes, t)
            if getattr(c, "solution", None):
                data["solution"] = c.solution
    if card.explanation is not None:
        data["explanation"] = t(card.explanation)
    return data
