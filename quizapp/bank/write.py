"""Appending cards to a user bank without changing a byte of what is already in it.

The one way quizapp writes bank files (``quizapp add``, ``quizapp import``, the TUI's add form)::

    from quizapp.bank.write import append_card, user_bank_path
    card_id = append_card(user_bank_path("my-cards"),
                          {"kind": "flashcard", "front": {"en": "Q?"}, "back": {"en": "A"}},
                          deck_id="my-cards")

Guarantees:

- The old bytes of the file are a prefix of the new bytes: comments, blank lines, quoting and
  key order stay exactly as written. New cards are appended at the end, indented like the cards
  already there. Two edits are made in place, and only when needed: an empty ``cards: []`` (or a
  ``cards:`` with no value) loses its ``[]``/``~`` so items can follow; a file whose ``cards:`` is
  missing gets one at the end; a missing or empty file gets a ``format: 1`` / ``deck:`` header.
- A file whose last top-level key is not ``cards:``, whose ``cards`` is a non-empty flow list
  (``[...]``) or whose deck id is another deck is refused (:class:`BankWriteError`) rather than
  rewritten.
- Before anything is written, the new text is loaded with
  :func:`quizapp.bank.loader.load_file` (``raw=new bytes``) and parsed back: any problem, or any
  change to the cards already there, refuses the write with the problems.
- The file is replaced atomically (temp file in the same folder, fsync, ``os.replace``): a crash
  never leaves half a card. If the file changed on disk while the cards were prepared, nothing
  is written.

Card dicts are built by :mod:`quizapp.interop.carddata`; a card without ``"id"`` gets a readable
one from :func:`new_card_id` (``<deck>.<slug of the front>``, ``-2``, ``-3`` … on collision with
any id of any loaded bank).
"""

from __future__ import annotations

import bisect
import os
import re
import shutil
import tempfile
from collections.abc import Collection, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from quizapp import paths
from quizapp.bank.naming import prompt_text, slugify
from quizapp.bank.problems import Problem
from quizapp.bank.schema import ID_PATTERN
from quizapp.bank.yamlsafe import read_yaml

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader

_ID_RE = re.compile(ID_PATTERN)
_WIDTH = 1 << 30  # never fold long lines


class BankWriteError(Exception):
    """Nothing was written. ``str(error)`` says why; ``problems`` lists the validation problems
    (``path:line:col: message``) when the new text did not validate."""

    def __init__(
        self, message: str, problems: Sequence[Problem] = (), details: Sequence[str] | None = None
    ) -> None:
        super().__init__(message)
        self.problems = list(problems)
        self.details = list(details) if details is not None else [str(p) for p in problems]

    def describe(self) -> str:
        """The message followed by one line per problem (``path:line:col: message`` for
        problems in the existing file, ``<card id>: message`` for the new cards)."""
        return "\n".join([str(self), *(f"  {d}" for d in self.details)])


@dataclass
class Append:
    """A prepared append: the file's ``old`` bytes (None if it does not exist), its ``new``
    bytes, the ids of the appended cards and the appended YAML text (for ``--dry-run``)."""

    path: Path
    old: bytes | None
    new: bytes
    ids: list[str] = field(default_factory=list)
    added: str = ""


# --- public API ---------------------------------------------------------------------------------


def user_bank_path(deck_id: str) -> Path:
    """The user bank of a deck: ``$QUIZAPP_HOME/banks/<deck_id>.yaml``."""
    return paths.user_banks_dir() / f"{deck_id}.yaml"


def is_valid_id(value: str) -> bool:
    """Whether ``value`` is a valid card or deck id (lower case ``a-z 0-9 . _ -``)."""
    return bool(_ID_RE.match(value))


_ANY_ID_RE = re.compile(r"""\bid:\s*["']?([a-z0-9][a-z0-9._-]*)""")


def taken_ids(extra: Sequence[Path] = ()) -> set[str]:
    """Every id written in every bank file that is loaded: built-ins, ``$QUIZAPP_HOME/banks``
    and ``extra`` (files or folders).

    A fast text scan, not a full load: it also counts ids of cards that currently have
    problems (so a fixed card never collides with a new one) and deck and mistake ids, which
    only makes a few more names unavailable."""
    from quizapp.bank.loader import bank_files

    found: set[str] = set()
    for path, _ in bank_files(extra):
        with suppress(OSError):
            found.update(_ANY_ID_RE.findall(path.read_text(encoding="utf-8", errors="replace")))
    return found


def new_card_id(deck_id: str, card_data: Mapping[str, Any], taken: Collection[str]) -> str:
    """A readable id not in ``taken``: ``<deck_id>.<slug of the prompt>`` (the kind when the
    prompt has no ASCII words, e.g. Chinese), then ``-2``, ``-3`` … until it is free."""
    base = f"{deck_id}.{slugify(prompt_text(card_data)) or card_data.get('kind', 'card')}"
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def append_card(
    bank_path: Path,
    card_data: Mapping[str, Any],
    *,
    deck_id: str,
    deck_name: Mapping[str, str] | None = None,
    taken: Collection[str] | None = None,
) -> str:
    """Append one card (see :func:`append_cards`); returns its id."""
    return append_cards(bank_path, [card_data], deck_id=deck_id, deck_name=deck_name, taken=taken)[
        0
    ]


def append_cards(
    bank_path: Path,
    cards: Sequence[Mapping[str, Any]],
    *,
    deck_id: str,
    deck_name: Mapping[str, str] | None = None,
    taken: Collection[str] | None = None,
) -> list[str]:
    """Append ``cards`` to ``bank_path`` in one atomic write; returns their ids in order.

    ``deck_id`` must be the deck of the file (a new file is created with it, and ``deck_name``
    as its ``name`` mapping, e.g. ``{"en": "My cards"}``). ``taken`` is the set of ids already
    used (default: :func:`taken_ids`). Raises :class:`BankWriteError`; nothing is written then."""
    plan = plan_append(bank_path, cards, deck_id=deck_id, deck_name=deck_name, taken=taken)
    write(plan)
    return plan.ids


def plan_append(
    bank_path: Path,
    cards: Sequence[Mapping[str, Any]],
    *,
    deck_id: str,
    deck_name: Mapping[str, str] | None = None,
    taken: Collection[str] | None = None,
) -> Append:
    """Prepare an append without writing: ids assigned, new bytes built and validated.
    Raises :class:`BankWriteError`."""
    if not cards:
        raise BankWriteError("no cards to add")
    if not is_valid_id(deck_id):
        raise BankWriteError(
            f"invalid deck id {deck_id!r}: use lower case a-z, 0-9, '.', '_' "
            "and '-', starting with a letter or digit"
        )
    old = _read(bank_path)
    old_text = _decode(bank_path, old)
    old_data = _parse(bank_path, old_text) if old_text is not None else None
    used = set(taken_ids() if taken is None else taken)
    used |= {str(c["id"]) for c in _cards_of(old_data) if isinstance(c, dict) and c.get("id")}
    items = _with_ids(cards, deck_id, used)
    newline = "\r\n" if old_text and "\r\n" in old_text else "\n"
    attempts = [True, False]  # blank lines between cards; without them if they change a card
    for spaced in attempts:
        new_text, added = _build(
            bank_path, old_text, old_data, items, deck_id, deck_name, spaced=spaced
        )
        if newline != "\n":
            new_text = new_text[: len(new_text) - len(added)] + added.replace("\n", newline)
        if _appended_as_expected(bank_path, old_text, old_data, new_text, items):
            break
    else:
        raise BankWriteError(
            f"cannot append to {bank_path} without changing the cards already "
            "in it (does its last card end with a `|+` block?); nothing was "
            "written"
        )
    new = new_text.encode("utf-8")
    _validate(bank_path, new, old_text, [c["id"] for c in items])
    return Append(bank_path, old, new, [c["id"] for c in items], added)


def write(plan: Append) -> None:
    """Write a prepared append atomically. Raises :class:`BankWriteError` if the file changed
    since it was read, or cannot be written; the file is then untouched."""
    path = plan.path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if _read(path) != plan.old:
            raise BankWriteError(
                f"{path} changed while the cards were being prepared; nothing "
                "was written, try again"
            )
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(plan.new)
                f.flush()
                os.fsync(f.fileno())
            if plan.old is not None:
                shutil.copymode(path, tmp)
            os.replace(tmp, path)
        except BaseException:
            with suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as exc:
        raise BankWriteError(f"cannot write {path}: {exc.strerror or exc}") from None


def card_problems(cards: Sequence[Mapping[str, Any]], deck_id: str) -> list[list[str]]:
    """The validation problems of each card dict on its own (ids included), as messages; an
    empty list for a valid card. Used by importers to set bad cards aside before writing."""
    from quizapp.bank.loader import load_file

    header = dump_yaml({"format": 1, "deck": {"id": deck_id}}) + "cards:\n"
    starts: list[int] = []
    parts = [header]
    line = header.count("\n") + 1
    for card in cards:
        starts.append(line)
        text = _dump_item(card, 2)
        parts.append(text)
        line += text.count("\n")
    _, _, problems = load_file(Path(f"{deck_id}.yaml"), raw="".join(parts).encode("utf-8"))
    found: list[list[str]] = [[] for _ in cards]
    for p in problems:
        index = bisect.bisect_right(starts, p.line) - 1
        targets = range(len(cards)) if index < 0 else (index,)
        for i in targets:
            found[i].append(p.message)
    return found


# --- building the text --------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """The safe dumper, with multi-line strings as literal blocks (``|``) for readability."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value.strip("\n") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    """Short lists of one-line scalars in flow style (``tags: [concept, formula]``)."""
    flow = all(isinstance(v, str | int | float | bool) and "\n" not in str(v) for v in value)
    flow = flow and sum(len(str(v)) + 2 for v in value) <= 80
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)


def dump_yaml(value: Any) -> str:
    """``value`` as block YAML the way banks are written: safe dumper, Unicode as is, keys in
    insertion order, no line folding, multi-line strings as ``|`` blocks, short scalar lists
    in flow style."""
    return yaml.dump(
        value,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=_WIDTH,
        default_flow_style=False,
        indent=2,
    )


def _dump_item(card: Mapping[str, Any], indent: int) -> str:
    """One card as a block-sequence item, every non-blank line indented by ``indent``."""
    text = dump_yaml([dict(card)])
    pad = " " * indent
    return "".join(pad + line if line.strip() else line for line in text.splitlines(True))


def _with_ids(
    cards: Sequence[Mapping[str, Any]], deck_id: str, used: set[str]
) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for card in cards:
        card_id = card.get("id")
        if card_id is None:
            card_id = new_card_id(deck_id, card, used)
        elif not isinstance(card_id, str) or not is_valid_id(card_id):
            raise BankWriteError(
                f"invalid card id {card_id!r}: use lower case a-z, 0-9, '.', "
                "'_' and '-', starting with a letter or digit"
            )
        elif card_id in used:
            raise BankWriteError(f"card id {card_id!r} is already used")
        used.add(card_id)
        items.append(_plain({"id": card_id, **{k: v for k, v in card.items() if k != "id"}}))
    return items


def _plain(value: Any) -> Any:
    """Mappings as dicts and tuples as lists, recursively (what YAML gives back)."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _header(deck_id: str, deck_name: Mapping[str, str] | None) -> str:
    deck: dict[str, Any] = {"id": deck_id}
    if deck_name:
        deck["name"] = dict(deck_name)
    return dump_yaml({"format": 1, "deck": deck})


def _build(
    path: Path,
    old_text: str | None,
    old_data: Any,
    items: list[dict[str, Any]],
    deck_id: str,
    deck_name: Mapping[str, str] | None,
    *,
    spaced: bool,
) -> tuple[str, str]:
    """The new text and the text appended at the end."""
    text = old_text or ""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    if old_data is None:  # missing, empty or only comments
        sep = "" if not body or body.endswith("\n") else "\n"
        added = sep + _header(deck_id, deck_name) + "cards:\n" + _items(items, 2, spaced=False)
        return text + added, added
    root = yaml.compose(body, Loader=_Loader)
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        raise BankWriteError(
            f"{path}: the top level is not a block mapping (`key: value` "
            "lines); cannot append without rewriting the file"
        )
    deck = old_data.get("deck")
    file_deck = (deck.get("id") if isinstance(deck, dict) else None) or path.stem.lower()
    if file_deck != deck_id:
        raise BankWriteError(f"{path} holds deck {file_deck!r}, not {deck_id!r}")
    last_key, last_value = root.value[-1]
    key_col = root.value[0][0].start_mark.column
    cards_entry = next(((k, v) for k, v in root.value if k.value == "cards"), None)
    if _ends_document(body, root):
        raise BankWriteError(
            f"{path} ends with a YAML document marker (`...` or `---`); "
            "remove it so cards can be appended"
        )
    if cards_entry is None:
        sep = "" if body.endswith("\n") else "\n"
        added = sep + " " * key_col + "cards:\n" + _items(items, key_col + 2, spaced=False)
        return text + added, added
    if last_key.value != "cards":
        line = last_key.start_mark.line + 1
        raise BankWriteError(
            f"{path}: `cards:` is not the last top-level key (`{last_key.value}:` follows it at "
            f"line {line}); move `cards:` to the end of the file so new cards can be appended "
            "without rewriting it. Nothing was written."
        )
    node = last_value
    spliced = body
    if isinstance(node, yaml.SequenceNode) and not node.flow_style:
        indent = node.start_mark.column
    elif (isinstance(node, yaml.SequenceNode) and not node.value) or (
        isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"
    ):
        # `cards: []`, `cards:` or `cards: ~`: drop the empty value, keep everything else
        spliced = body[: node.start_mark.index] + body[node.end_mark.index :]
        indent = key_col + 2
        spaced = False
    elif isinstance(node, yaml.SequenceNode):
        raise BankWriteError(
            f"{path}: `cards:` is written as a flow list `[...]`; write it as "
            "a block list (`- id: ...` lines) so cards can be appended"
        )
    else:
        raise BankWriteError(f"{path}: `cards:` is not a list")
    sep = "" if spliced.endswith("\n") else "\n"
    added = sep + _items(items, indent, spaced=spaced)
    return bom + spliced + added, added


def _items(items: list[dict[str, Any]], indent: int, *, spaced: bool) -> str:
    return "".join(("\n" if spaced else "") + _dump_item(card, indent) for card in items)


def _ends_document(body: str, root: yaml.Node) -> bool:
    tail = body[root.end_mark.index :]
    return bool(re.search(r"^(\.\.\.|---)(\s|$)", tail, re.MULTILINE))


# --- reading and checking -----------------------------------------------------------------------


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise BankWriteError(f"cannot read {path}: {exc.strerror or exc}") from None


def _decode(path: Path, raw: bytes | None) -> str | None:
    if raw is None:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BankWriteError(f"{path} is not UTF-8 text; nothing was written") from None


def _parse(path: Path, text: str) -> Any:
    """The plain data of an existing file (None when it holds no YAML document)."""
    body = text.removeprefix("\ufeff")
    if all(not line.strip() or line.lstrip().startswith("#") for line in body.splitlines()):
        return None
    doc, problems = read_yaml(path, text.encode("utf-8"))
    if doc is None or problems:
        raise BankWriteError(
            f"{path} has problems; fix them first (quizapp validate {path}). Nothing was written.",
            problems,
        )
    if not isinstance(doc.data, dict):
        raise BankWriteError(f"{path}: the top level is not a mapping")
    return doc.data


def _cards_of(data: Any) -> list[Any]:
    cards = data.get("cards") if isinstance(data, dict) else None
    return cards if isinstance(cards, list) else []


def _same(a: Any, b: Any, loose: bool) -> bool:
    """Equal data; with ``loose``, strings may differ by trailing line breaks (a file that did
    not end with a line break gets one, which ends the last line of a block scalar)."""
    if isinstance(a, str) and isinstance(b, str):
        return a.rstrip("\n") == b.rstrip("\n") if loose else a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k], loose) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y, loose) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def _appended_as_expected(
    path: Path, old_text: str | None, old_data: Any, new_text: str, items: list[dict[str, Any]]
) -> bool:
    """Whether the new text holds the old data unchanged plus exactly ``items``."""
    doc, problems = read_yaml(path, new_text.encode("utf-8"))
    if doc is None or problems or not isinstance(doc.data, dict):
        return False
    new_cards = _cards_of(doc.data)
    old_cards = _cards_of(old_data)
    if len(new_cards) != len(old_cards) + len(items):
        return False
    if old_data is not None:
        rest_old = {k: v for k, v in old_data.items() if k != "cards"}
        rest_new = {k: v for k, v in doc.data.items() if k != "cards"}
        loose = not (old_text or "").endswith(("\n", "\r"))
        if not (
            _same(rest_old, rest_new, loose)
            and _same(old_cards, new_cards[: len(old_cards)], loose)
        ):
            return False
    return new_cards[len(old_cards) :] == items


def _validate(path: Path, new: bytes, old_text: str | None, ids: list[str]) -> None:
    from quizapp.bank.loader import load_file

    _, _, problems = load_file(path, raw=new)
    if not problems:
        return
    old_lines = (old_text or "").count("\n")
    if any(0 < p.line <= old_lines for p in problems):
        raise BankWriteError(
            f"{path} already has problems; fix them first (quizapp validate "
            f"{path}). Nothing was written.",
            problems,
        )
    text = new.decode("utf-8")
    starts = [
        next(
            (
                text[: m.start()].count("\n") + 1
                for m in re.finditer(rf"^\s*- id: {re.escape(card_id)}\s*$", text, re.MULTILINE)
            ),
            0,
        )
        for card_id in ids
    ]
    details = []
    for p in problems:
        index = max(
            (i for i, s in enumerate(starts) if 0 < s <= p.line), default=0, key=lambda i: starts[i]
        )
        details.append(f"{ids[index]}: {p.message}")
    raise BankWriteError(
        "the new card would not validate; nothing was written:"
        if len(ids) == 1
        else "the new cards would not validate; nothing was written:",
        problems,
        details,
    )
