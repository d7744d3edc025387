"""Checks a JSON Schema cannot express: cloze deletions, correct options, solver names,
generator references and duplicate ids. Each returns ``(relative path, message)`` pairs."""

from __future__ import annotations

from functools import cache
from typing import Any

from quizapp.bank import cloze
from quizapp.bank.model import Card, Text
from quizapp.bank.problems import Problem
from quizapp.bank.validate import Path_

Found = list[tuple[Path_, str]]

_GENERATOR_KEYS: dict[str, tuple[str, ...]] = {
    "scalar": ("low", "high"),
    "integer": ("low", "high"),
    "vector": ("size", "low", "high"),
    "matrix": ("rows", "cols", "low", "high"),
    "choice": ("values",),
    "derived": ("solver",),
}


@cache
def _solver_names() -> frozenset[str] | None:
    try:
        from solvers.registry import names
    except ImportError:  # pragma: no cover - solvers is part of the distribution
        return None
    return frozenset(names())


def solver_problem(name: str) -> str | None:
    """A message if ``name`` is not in the solver registry (``quizapp solvers`` lists it)."""
    known = _solver_names()
    if known is None or name in known:
        return None
    import difflib

    hint = difflib.get_close_matches(name, sorted(known), n=1)
    return f"unknown solver '{name}'" + (f" (did you mean '{hint[0]}'?)" if hint else "")


def check_card(kind: str, data: dict[str, Any], fields: dict[str, Any]) -> Found:
    """Problems of one schema-valid card, paths relative to the card."""
    check = _CHECKS.get(kind)
    return check(data, fields) if check else []


def _cloze(data: dict[str, Any], fields: dict[str, Any]) -> Found:
    text: Text = fields["text"]
    found: Found = []
    per_lang = {lang: cloze.numbers(t) for lang, t in text.items()}
    for lang, nums in per_lang.items():
        if not nums:
            where = ("text", lang) if isinstance(data["text"], dict) else ("text",)
            found.append((where, "a cloze needs at least one deletion like {{c1::answer}}"))
    if len(per_lang) == 2 and all(per_lang.values()) and per_lang["en"] != per_lang["zh"]:
        found.append(
            (
                ("text",),
                f"the deletions differ between languages: en has "
                f"{per_lang['en']}, zh has {per_lang['zh']}",
            )
        )
    all_nums = {n for nums in per_lang.values() for n in nums}
    for key in data.get("accept") or {}:
        if int(key[1:]) not in all_nums:
            found.append((("accept", key), f"'{key}' is not a deletion of this card"))
    for lang, t in text.items():
        if any(not d.answer.strip() for d in cloze.deletions(t)):
            found.append((("text",), f"an empty deletion in the {lang} text"))
    return found + _colliding_accepts(fields)


def _colliding_accepts(fields: dict[str, Any]) -> Found:
    """An ``accept`` entry that would let a likely wrong answer through: it reads the same as
    the deletion's answer with its sign (or its exponent's sign) flipped, or its transpose
    dropped. SymPy is not used (``quizapp validate`` stays light)."""
    from quizapp.grading import answers

    found: Found = []
    text: Text = fields["text"]
    shown: dict[int, list[str]] = {}
    for _, t in text.items():
        for d in cloze.deletions(t):
            shown.setdefault(d.number, []).append(d.answer)
    for name, entries in fields["accept"].items():
        right = list(dict.fromkeys(shown.get(int(name[1:]), [])))
        for i, entry in enumerate(entries):
            if entry in right:
                continue
            read = answers.read_accepted([*right, entry])[-1:]
            wrongs = [w for answer in right for w in answers.likely_wrong(answer)]
            hit = next(
                (w for w in wrongs if answers.matches(w[1], read, formulas=False).right), None
            )
            if hit is not None:
                found.append(
                    (
                        ("accept", name, i),
                        f"'{entry}' is accepted for {name}, but it reads as the answer with "
                        f"{hit[0]} ({hit[1]}): a wrong answer would pass",
                    )
                )
    return found


def _choice(data: dict[str, Any], fields: dict[str, Any]) -> Found:
    found: Found = []
    if not any(o.correct for o in fields["options"]):
        found.append((("options",), "no option is marked `correct: true`"))
    for lang in ("en", "zh"):
        seen: dict[str, int] = {}
        for i, option in enumerate(fields["options"]):
            t = option.text.raw(lang)
            if t is None:
                continue
            key = " ".join(t.split()).casefold()
            if key in seen:
                found.append(
                    (
                        ("options", i, "text"),
                        f"the same option twice ({lang}): also option {seen[key] + 1}",
                    )
                )
            seen.setdefault(key, i)
    return found


def _order(data: dict[str, Any], fields: dict[str, Any]) -> Found:
    found: Found = []
    for lang in ("en", "zh"):
        texts = [s.raw(lang) for s in fields["steps"] if s.raw(lang)]
        if len(set(texts)) != len(texts):
            found.append(
                (("steps",), f"two steps have the same text ({lang}): the order would be ambiguous")
            )
    return found


def _generators(specs: dict[str, Any], base: Path_) -> Found:
    found: Found = []
    earlier: dict[str, str] = {}
    for name, spec in specs.items():
        kind = spec.get("type")
        for key in _GENERATOR_KEYS.get(kind, ()):
            if key not in spec:
                found.append(((*base, name), f"a '{kind}' input needs '{key}'"))
        for key in ("size", "rows", "cols"):
            ref = spec.get(key)
            if isinstance(ref, str) and earlier.get(ref) != "integer":
                found.append(((*base, name, key), f"'{ref}' is not an earlier integer input"))
            if isinstance(ref, list) and ref[0] > ref[1]:
                found.append(((*base, name, key), f"empty range {ref}"))
        if "low" in spec and "high" in spec and spec["low"] > spec["high"]:
            found.append(((*base, name), f"low ({spec['low']}) is above high ({spec['high']})"))
        if kind == "derived":
            found += _call(spec, (*base, name), earlier)
        earlier[name] = kind
    return found


def _call(call: dict[str, Any], path: Path_, inputs: dict[str, str]) -> Found:
    found: Found = []
    message = solver_problem(call["solver"])
    if message:
        found.append(((*path, "solver"), message))
    for param, arg in (call.get("args") or {}).items():
        if isinstance(arg, str) and arg not in inputs:
            found.append(((*path, "args", param), f"'{arg}' is not an input of this card"))
    return found


def _numeric(data: dict[str, Any], fields: dict[str, Any]) -> Found:
    found = _generators(data["inputs"], ("inputs",))
    inputs = {name: spec.get("type", "") for name, spec in data["inputs"].items()}
    found += _call(data["answer"], ("answer",), inputs)
    ids: set[str] = set()
    for i, mistake in enumerate(data.get("mistakes") or ()):
        found += _call(mistake, ("mistakes", i), inputs)
        if mistake["id"] in ids:
            found.append((("mistakes", i, "id"), f"duplicate mistake id '{mistake['id']}'"))
        ids.add(mistake["id"])
    return found


def _drill(data: dict[str, Any], fields: dict[str, Any]) -> Found:
    from quizapp.grading.drill import fields_problems

    found = _generators(data["cases"].get("inputs") or {}, ("cases", "inputs"))
    message = solver_problem(data["solver"])
    if message:
        found.append((("solver",), message))
    if not data["cases"].get("random") and not data["cases"].get("fixed"):
        found.append((("cases",), "a drill needs `random` cases or `fixed` cases"))
    for i, mistake in enumerate(data.get("mistakes") or ()):
        message = solver_problem(mistake["solver"])
        if message:
            found.append((("mistakes", i, "solver"), message))
    found += [((), problem) for problem in fields_problems(fields)]
    return found


_CHECKS = {
    "cloze": _cloze,
    "choice": _choice,
    "order": _order,
    "numeric": _numeric,
    "drill": _drill,
}


def duplicate_id_problems(first: Card, second: Card) -> list[Problem]:
    """Both places of a card id defined twice, each naming the other."""
    a, b = first.origin, second.origin
    assert a is not None and b is not None
    return [
        Problem(
            a.path,
            a.line,
            a.col,
            f"duplicate card id '{first.id}': also defined at {b.path}:{b.line}",
        ),
        Problem(
            b.path,
            b.line,
            b.col,
            f"duplicate card id '{first.id}': first defined at {a.path}:{a.line}",
        ),
    ]
