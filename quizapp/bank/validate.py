"""A small JSON Schema interpreter that reports every violation with its path.

It implements exactly the keywords used in :mod:`quizapp.bank.schema` (see its docstring), and
speaks to people rather than to machines: "unknown key 'frnot' (did you mean 'front'?)",
"missing required key 'back'", "expected a list, got a mapping".
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from quizapp.bank.yamlsafe import Refused

Path_ = tuple[str | int, ...]
Report = Callable[[Path_, str], None]

_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
}


def describe(value: Any) -> str:
    """A short human name for the YAML type of ``value``."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _is_type(value: Any, name: str) -> bool:
    match name:
        case "object":
            return isinstance(value, dict)
        case "array":
            return isinstance(value, list)
        case "string":
            return isinstance(value, str)
        case "integer":
            return isinstance(value, int) and not isinstance(value, bool)
        case "number":
            return isinstance(value, int | float) and not isinstance(value, bool)
        case "boolean":
            return isinstance(value, bool)
    return False


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


class SchemaValidator:
    """Validates plain data against one schema dict, calling ``report(path, message)``."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self.defs: dict[str, Any] = schema.get("$defs", {})

    def validate(
        self, value: Any, report: Report, schema: dict[str, Any] | None = None, path: Path_ = ()
    ) -> None:
        """Check ``value`` against ``schema`` (default: the root schema)."""
        self._check(value, self.schema if schema is None else schema, path, report)

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self.defs[schema["$ref"].rsplit("/", 1)[-1]]
        return schema

    def _check(self, value: Any, schema: dict[str, Any], path: Path_, report: Report) -> None:
        if isinstance(value, Refused):
            return
        schema = self.resolve(schema)
        if "oneOf" in schema:
            self._one_of(value, schema["oneOf"], path, report)
            return
        if "anyOf" in schema:
            self._any_of(value, schema["anyOf"], path, report)
            return
        if "const" in schema and value != schema["const"]:
            report(path, f"must be {schema['const']!r}, got {value!r}")
            return
        if "enum" in schema and value not in schema["enum"]:
            allowed = ", ".join(repr(v) for v in schema["enum"])
            report(path, f"must be one of {allowed}, got {value!r}")
            return
        kind = schema.get("type")
        if kind is not None and not _is_type(value, kind):
            report(path, f"expected {_TYPE_NAMES[kind]}, got {describe(value)}")
            return
        if isinstance(value, dict):
            self._object(value, schema, path, report)
        elif isinstance(value, list):
            self._array(value, schema, path, report)
        elif isinstance(value, str):
            if len(value.strip()) < schema.get("minLength", 0):
                report(path, "must not be empty")
            pattern = schema.get("pattern")
            if pattern and not _compiled(pattern).search(value):
                report(path, f"{value!r} does not match the pattern {pattern}")
        elif _is_type(value, "number"):
            if "minimum" in schema and value < schema["minimum"]:
                report(path, f"must be at least {schema['minimum']}, got {value}")
            if "maximum" in schema and value > schema["maximum"]:
                report(path, f"must be at most {schema['maximum']}, got {value}")

    def _object(
        self, value: dict[Any, Any], schema: dict[str, Any], path: Path_, report: Report
    ) -> None:
        props: dict[str, Any] = schema.get("properties", {})
        for key in schema.get("required", ()):
            if key not in value:
                report(path, f"missing required key '{key}'")
        if len(value) < schema.get("minProperties", 0):
            report(path, "must not be empty")
        patterns = schema.get("patternProperties", {})
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in props:
                self._check(item, props[key], (*path, key), report)
                continue
            matched = [s for p, s in patterns.items() if _compiled(p).search(str(key))]
            for sub in matched:
                self._check(item, sub, (*path, key), report)
            if matched:
                continue
            if extra is False:
                hint = difflib.get_close_matches(str(key), list(props), n=1)
                suffix = f" (did you mean '{hint[0]}'?)" if hint else ""
                allowed = ", ".join(props) if not hint and len(props) <= 12 else ""
                report(
                    (*path, key),
                    f"unknown key '{key}'{suffix}" + (f"; allowed: {allowed}" if allowed else ""),
                )
            elif isinstance(extra, dict):
                self._check(item, extra, (*path, key), report)

    def _array(self, value: list[Any], schema: dict[str, Any], path: Path_, report: Report) -> None:
        if len(value) < schema.get("minItems", 0):
            report(path, f"needs at least {schema['minItems']} items, has {len(value)}")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            report(path, f"takes at most {schema['maxItems']} items, has {len(value)}")
        items = schema.get("items")
        if items is not None:
            for index, item in enumerate(value):
                self._check(item, items, (*path, index), report)

    def _one_of(
        self, value: Any, branches: list[dict[str, Any]], path: Path_, report: Report
    ) -> None:
        """``oneOf`` told apart by ``properties.kind.const`` — a discriminated union."""
        by_kind = {self.resolve(b)["properties"]["kind"]["const"]: b for b in branches}
        if not isinstance(value, dict):
            report(path, f"expected a mapping (a card), got {describe(value)}")
            return
        kind = value.get("kind")
        if kind is None:
            report(path, "missing required key 'kind' (one of: " + ", ".join(by_kind) + ")")
            return
        if kind not in by_kind:
            hint = difflib.get_close_matches(str(kind), list(by_kind), n=1)
            suffix = f" (did you mean '{hint[0]}'?)" if hint else ""
            report(
                (*path, "kind"),
                f"unknown kind {kind!r}{suffix}; expected one of: " + ", ".join(by_kind),
            )
            return
        self._check(value, by_kind[kind], path, report)

    def _any_of(
        self, value: Any, branches: list[dict[str, Any]], path: Path_, report: Report
    ) -> None:
        attempts: list[list[tuple[Path_, str]]] = []
        for branch in branches:
            found: list[tuple[Path_, str]] = []

            def collect(p: Path_, m: str, found: list[tuple[Path_, str]] = found) -> None:
                found.append((p, m))

            self._check(value, branch, path, collect)
            if not found:
                return
            attempts.append(found)
        typed = [
            found
            for branch, found in zip(branches, attempts, strict=True)
            if _is_type(value, self.resolve(branch).get("type", ""))
        ]
        if len(typed) == 1:
            for p, m in typed[0]:
                report(p, m)
            return
        names = [_TYPE_NAMES.get(self.resolve(b).get("type", ""), "?") for b in branches]
        quote = (
            " (YAML reads yes/no/on/off as booleans: put the text in quotes)"
            if (isinstance(value, bool) and "a string" in names)
            else ""
        )
        report(path, f"expected {' or '.join(dict.fromkeys(names))}, got {describe(value)}" + quote)
