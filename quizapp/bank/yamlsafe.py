"""Reading YAML bank files safely, keeping the position of every node.

The file is composed into a node tree by libyaml (the C parser); we then build plain Python values
ourselves, accepting only the standard scalar, mapping and sequence tags. Nothing in a bank can
construct a Python object, and aliases are refused outright, so a small file cannot expand into a
huge one (the "billion laughs" bomb costs one pass over its text). Only regular files are read, and
at most :data:`MAX_BANK_BYTES` of them (:func:`read_file_bytes`): ``/dev/zero``, a pipe or a
socket given as a bank is refused at once instead of read forever.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from quizapp.bank.files import MAX_BANK_BYTES as MAX_BANK_BYTES
from quizapp.bank.files import FileRefused as FileRefused
from quizapp.bank.files import read_file_bytes as read_file_bytes
from quizapp.bank.files import require_regular_file as require_regular_file
from quizapp.bank.problems import Problem

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing; the pure-Python loader is still safe
    _Loader = yaml.SafeLoader

_T = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_T + n for n in ("str", "int", "float", "bool", "null"))
_MAP, _SEQ, _TIMESTAMP = _T + "map", _T + "seq", _T + "timestamp"
_constructor = yaml.constructor.SafeConstructor()


@dataclass(slots=True)
class Document:
    """A parsed file: plain ``data`` plus the node tree to locate paths in it."""

    path: Path
    data: Any
    root: yaml.Node

    def mark(self, path: Sequence[str | int]) -> tuple[int, int]:
        """The 1-based (line, col) of the node at ``path`` (keys and list indexes).

        When the last step is a mapping key, the position of the key itself is returned, which is
        where a reader looks for ``key: value`` problems. Unresolvable steps stop at the deepest
        node found.
        """
        node = self.root
        target = node
        for i, step in enumerate(path):
            last = i == len(path) - 1
            if isinstance(node, yaml.MappingNode):
                found = next(
                    (
                        (k, v)
                        for k, v in node.value
                        if isinstance(k, yaml.ScalarNode) and k.value == step
                    ),
                    None,
                )
                if found is None:
                    break
                target = found[0] if last else found[1]
                node = found[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if not 0 <= step < len(node.value):
                    break
                node = target = node.value[step]
            else:
                break
        return target.start_mark.line + 1, target.start_mark.column + 1


class Refused:
    """Stands in for a node that was refused (a tag, an alias); its problem is already
    reported, so the schema check skips it."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<refused>"


REFUSED = Refused()


def _pretty_tag(tag: str) -> str:
    return "!!" + tag[len(_T) :] if tag.startswith(_T) else tag


class _Builder:
    """Builds plain values from nodes, replacing refused nodes by ``REFUSED``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.aliased: set[int] = set()

    def refuse(self, node: yaml.Node, message: str) -> Refused:
        mark = node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message))
        return REFUSED

    def build(self, node: yaml.Node) -> Any:
        if id(node) in self.seen:
            if id(node) in self.aliased:
                return REFUSED
            self.aliased.add(id(node))
            return self.refuse(
                node,
                "YAML aliases (*name) are not allowed in banks: this "
                "anchor is referred to by an alias; write the value out",
            )
        self.seen.add(id(node))
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            if tag in (_STR, _TIMESTAMP):
                return node.value
            if tag == _INT:
                return _constructor.construct_yaml_int(node)
            if tag == _FLOAT:
                return _constructor.construct_yaml_float(node)
            if tag == _BOOL:
                return _constructor.construct_yaml_bool(node)
            if tag == _NULL:
                return None
        elif isinstance(node, yaml.SequenceNode):
            if tag == _SEQ:
                return [self.build(item) for item in node.value]
        elif isinstance(node, yaml.MappingNode) and tag == _MAP:
            return self.mapping(node)
        return self.refuse(
            node, f"YAML tag {_pretty_tag(tag)} is not allowed in banks (banks hold data only)"
        )

    def mapping(self, node: yaml.MappingNode) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _T + "merge":
                self.refuse(key_node, "YAML merge keys (<<) are not allowed in banks")
                continue
            key = self.build(key_node)
            if isinstance(key, Refused | list | dict):
                if not isinstance(key, Refused):
                    self.refuse(key_node, "mapping keys must be plain scalars")
                continue
            if key in out:
                self.refuse(key_node, f"duplicate key {key!r} in this mapping")
                continue
            out[key] = self.build(value_node)
        return out


def _decode(raw: bytes, path: Path) -> tuple[str | None, Problem | None]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        bad = raw[exc.start : exc.start + 1].hex()
        return None, Problem(
            path, line, col, f"not valid UTF-8 (byte 0x{bad}); save the file as UTF-8"
        )
    return text.removeprefix("\ufeff"), None


def _syntax_problem(path: Path, exc: yaml.YAMLError, text: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"YAML syntax error: {context + ', ' if context else ''}{problem}"
    if (
        "\t" in problem
        or "'\\t'" in problem
        or (mark and 0 <= mark.index < len(text) and text[mark.index : mark.index + 1] == "\t")
    ):
        message = "tab character: YAML indentation must use spaces, not tabs"
    return Problem(path, line, col, message)


def read_yaml(path: Path, raw: bytes | None = None) -> tuple[Document | None, list[Problem]]:
    """Parse one bank file into a document (None if it cannot be read at all) and problems.

    Refused nodes (tags, aliases, duplicate keys) are reported and replaced by ``REFUSED``.

    Conventions: UTF-8 only (a BOM is tolerated); exactly one YAML document; the top level must
    be a mapping; standard tags only; no aliases, anchors reused, or merge keys.
    """
    if raw is None:
        try:
            raw = read_file_bytes(path)
        except FileRefused as exc:
            return None, [Problem(path, 0, 0, exc.reason)]
        except OSError as exc:
            return None, [Problem(path, 0, 0, f"cannot read: {exc.strerror or exc}")]
    text, problem = _decode(raw, path)
    if text is None:
        return None, [problem] if problem else []
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        return None, [Problem(path, 1, 1, "empty file: a bank needs at least a `cards:` list")]
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        return None, [_syntax_problem(path, exc, text)]
    if root is None:
        return None, [Problem(path, 1, 1, "empty file: a bank needs at least a `cards:` list")]
    if not isinstance(root, yaml.MappingNode):
        line, col = root.start_mark.line + 1, root.start_mark.column + 1
        return None, [
            Problem(
                path,
                line,
                col,
                "the top level must be a mapping with a `cards:` "
                "list (and optional `format:` and `deck:`)",
            )
        ]
    builder = _Builder(path)
    data = builder.build(root)
    return Document(path, data, root), builder.problems
