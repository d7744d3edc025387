"""The JSON Schema of bank format v1: the single source of truth for a bank's shape.

`quizapp schema` prints it for editors; :mod:`quizapp.bank.validate` interprets the same dict
against the YAML node tree so every error carries the line of the offending node. Checks that a
schema cannot express (duplicate ids, cloze deletions, solver names …) live in
:mod:`quizapp.bank.checks`.

Only the subset of JSON Schema that the validator implements is used here: ``type``,
``properties``, ``required``, ``additionalProperties: false``, ``enum``, ``const``, ``items``,
``minItems``, ``minLength``, ``pattern``, ``minimum``/``maximum``, ``$ref`` to ``$defs``,
``anyOf``, and ``oneOf`` whose branches are told apart by a ``kind`` const (a discriminator).
"""

from __future__ import annotations

from typing import Any

FORMAT_VERSION = 1
ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
SCHEMA_ID = "https://quizapp.invalid/schema/bank-v1.json"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


_TEXT: dict[str, Any] = {
    "description": "Bilingual text: {en, zh} (one may be missing in user banks), or a plain "
    "string in the deck's language. LaTeX between $...$ is rendered as Unicode.",
    "anyOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "properties": {
                "en": {"type": "string", "minLength": 1},
                "zh": {"type": "string", "minLength": 1},
            },
            "additionalProperties": False,
            "minProperties": 1,
        },
    ],
}

_COMMON: dict[str, Any] = {
    "id": {"type": "string", "pattern": ID_PATTERN, "description": "stable, unique card id"},
    "tags": {"type": "array", "items": {"type": "string", "minLength": 1}},
    "difficulty": {"type": "integer", "minimum": 1, "maximum": 5},
    "explanation": _ref("text"),
    "source": {"type": "string"},
}

_SIZE: dict[str, Any] = {
    "anyOf": [
        {"type": "integer", "minimum": 1},
        {"type": "array", "items": {"type": "integer", "minimum": 1}, "minItems": 2, "maxItems": 2},
        {"type": "string", "minLength": 1},
    ]
}

_GENERATOR: dict[str, Any] = {
    "description": "An input generator; see docs/bank-format.md.",
    "type": "object",
    "properties": {
        "type": {"enum": ["scalar", "integer", "vector", "matrix", "choice", "derived"]},
        "low": {"type": "number"},
        "high": {"type": "number"},
        "decimals": {"type": "integer", "minimum": 0, "maximum": 12},
        "integer": {"type": "boolean"},
        "size": _SIZE,
        "rows": _SIZE,
        "cols": _SIZE,
        "values": {"type": "array", "minItems": 1},
        "solver": {"type": "string", "minLength": 1},
        "args": {"type": "object"},
    },
    "required": ["type"],
    "additionalProperties": False,
}

_SOLVER_CALL: dict[str, Any] = {
    "type": "object",
    "properties": {
        "solver": {"type": "string", "minLength": 1},
        "args": {"type": "object"},
    },
    "required": ["solver"],
}


_MISTAKES: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "id": {"type": "string", "pattern": ID_PATTERN},
            "label": _ref("text"),
            "solver": {"type": "string", "minLength": 1},
            "args": {"type": "object"},
        },
        "required": ["id", "label", "solver"],
        "additionalProperties": False,
    },
}


def _card(kind: str, required: list[str], **props: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {**_COMMON, "kind": {"const": kind}, **props},
        "required": ["id", "kind", *required],
        "additionalProperties": False,
    }


CARD_SCHEMAS: dict[str, dict[str, Any]] = {
    "flashcard": _card(
        "flashcard",
        ["front", "back"],
        front=_ref("text"),
        back=_ref("text"),
        points={
            "type": "array",
            "description": "key points a full answer covers; in a mock interview the user ticks "
            "the ones they gave, and the score is the share covered",
            "items": _ref("text"),
            "minItems": 1,
            "maxItems": 8,
        },
    ),
    "cloze": _card(
        "cloze",
        ["text"],
        text=_ref("text"),
        accept={
            "type": "object",
            "description": "extra accepted answers per deletion: {c1: [...]}",
            "patternProperties": {"^c[0-9]+$": {"type": "array", "items": {"type": "string"}}},
            "additionalProperties": False,
        },
    ),
    "choice": _card(
        "choice",
        ["question", "options"],
        question=_ref("text"),
        options={
            "type": "array",
            "minItems": 2,
            "items": {
                "type": "object",
                "properties": {"text": _ref("text"), "correct": {"type": "boolean"}},
                "required": ["text"],
                "additionalProperties": False,
            },
        },
        shuffle={"type": "boolean"},
    ),
    "order": _card(
        "order",
        ["question", "steps"],
        question=_ref("text"),
        steps={"type": "array", "minItems": 3, "items": _ref("text")},
    ),
    "numeric": _card(
        "numeric",
        ["question", "inputs", "answer"],
        question=_ref("text"),
        inputs={"type": "object", "additionalProperties": _ref("generator")},
        answer={
            "type": "object",
            "properties": {
                "solver": {"type": "string", "minLength": 1},
                "args": {"type": "object"},
                "tolerance": {
                    "type": "object",
                    "properties": {
                        "abs": {"type": "number", "minimum": 0},
                        "rel": {"type": "number", "minimum": 0},
                    },
                    "additionalProperties": False,
                },
            },
            "required": ["solver"],
            "additionalProperties": False,
        },
        mistakes=_ref("mistakes"),
        solution=_ref("text"),
    ),
    "drill": _card(
        "drill",
        ["title", "statement", "function", "signature", "starter", "solver", "cases"],
        title=_ref("text"),
        statement=_ref("text"),
        function={"type": "string", "pattern": r"^[A-Za-z_][A-Za-z0-9_]*$"},
        signature={"type": "string", "minLength": 1},
        starter={"type": "string", "minLength": 1},
        hints={"type": "array", "items": _ref("text")},
        solver={"type": "string", "minLength": 1},
        cases={
            "type": "object",
            "properties": {
                "random": {"type": "integer", "minimum": 0, "maximum": 1000},
                "inputs": {"type": "object", "additionalProperties": _ref("generator")},
                "args": {
                    "type": "object",
                    "description": "parameter -> input name, list of "
                    "input names, or literal (default: the input named like it)",
                },
                "fixed": {"type": "array", "items": {"type": "object"}},
            },
            "additionalProperties": False,
        },
        solver_args={"type": "object", "description": "extra arguments of the solver only"},
        output={
            "type": "array",
            "minItems": 1,
            "description": "items of a tuple result",
            "items": {
                "anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "minLength": 1}]
            },
        },
        compare={"anyOf": [{"type": "object"}, {"type": "array", "items": {"type": "object"}}]},
        time_limit={"type": "number", "minimum": 0.1, "maximum": 60},
        mistakes=_ref("mistakes"),
        solution={
            "type": "string",
            "minLength": 1,
            "description": "the reference solution's code, shown on request",
        },
    ),
}


def bank_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a bank file, as printed by ``quizapp schema``."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "quizapp bank (format 1)",
        "type": "object",
        "properties": {
            "format": {"const": FORMAT_VERSION},
            "deck": {
                "type": "object",
                "properties": {
                    "id": {"type": "string", "pattern": ID_PATTERN},
                    "name": _ref("text"),
                    "description": _ref("text"),
                    "language": {"enum": ["en", "zh"]},
                },
                "additionalProperties": False,
            },
            "cards": {"type": "array", "items": _ref("card")},
        },
        "required": ["cards"],
        "additionalProperties": False,
        "$defs": {
            "text": _TEXT,
            "generator": _GENERATOR,
            "solver_call": _SOLVER_CALL,
            "mistakes": _MISTAKES,
            "card": {"oneOf": [_ref(f"card_{kind}") for kind in CARD_SCHEMAS]},
            **{f"card_{kind}": schema for kind, schema in CARD_SCHEMAS.items()},
        },
    }
