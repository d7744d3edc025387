"""A cache of loaded bank files, so that an unchanged file is never parsed twice.

One entry per bank file (and built-in flag) in ``$QUIZAPP_HOME/cache/banks/``: the file's deck,
its cards and its problems, exactly as :func:`quizapp.bank.loader.load_file` returned them with
``start=0``. An entry is used only when its key matches: a hash of the file's bytes, the quizapp
and Python versions, the names in the solver registry, the cache format and a fingerprint of the
code that loads banks (size and mtime of the files in :data:`DEPENDS`, so editing the loader,
the schema or the checks invalidates every entry). A changed file overwrites its entry.

Anything wrong with an entry — stale, truncated, corrupt, from another version, unreadable — is
treated as no entry: the file is parsed again and the entry rewritten. Writing never makes a load
fail (a read-only home only means no cache).

Format: a header (magic, key digest, payload digest) and a :mod:`marshal` payload of plain
tuples. The payload digest is checked before unmarshalling, and nothing in an entry can run
code (no pickle). Cards are rebuilt without calling their ``__init__``: they are frozen slotted
dataclasses, each slot is set from the saved field values; an entry is only written after
checking that decoding it gives back objects equal to the originals.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import quizapp
from quizapp import paths
from quizapp.bank import model
from quizapp.bank.problems import Problem

FORMAT = 1
_MAGIC = b"QZBANK\x00" + bytes([FORMAT])
_DIGEST = 32
_PLAIN = (type(None), bool, int, float, str)

#: The code a loaded bank depends on, relative to the folder holding the ``quizapp`` package.
#: If the bank checks start calling code elsewhere (say, the drill grader), add it here.
DEPENDS: tuple[str, ...] = (
    "quizapp/__init__.py",
    "quizapp/bank/*.py",
    "quizapp/grading/drill*.py",
    "solvers/registry.py",
)

Loaded = tuple[model.Deck | None, list[model.Card], list[Problem]]

# Every class an entry may hold; an index into this tuple identifies one. Text and Origin have
# compact encodings of their own (index 0 and 1).
_CLASSES: tuple[type, ...] = (
    model.Text,
    model.Origin,
    model.Deck,
    model.ChoiceOption,
    model.SolverCall,
    model.Mistake,
    *model.CARD_CLASSES.values(),
)
_INDEX = {cls: i for i, cls in enumerate(_CLASSES)}


class _Unsupported(Exception):
    """A value this format does not encode (the file is then simply not cached)."""


def cache_dir() -> Path:
    """Where the entries live: ``$QUIZAPP_HOME/cache/banks``."""
    return paths.home() / "cache" / "banks"


@cache
def _code_fingerprint() -> bytes:
    """The versions and code a loaded bank depends on (computed once per process)."""
    root = Path(quizapp.__file__).resolve().parent.parent
    files = sorted(f for pattern in DEPENDS for f in root.glob(pattern))
    parts = [f"{quizapp.__version__}|{sys.version_info[:2]}|{marshal.version}|{FORMAT}"]
    for f in files:
        try:
            st = f.stat()
        except OSError:
            continue
        parts.append(f"{f.name}:{st.st_size}:{st.st_mtime_ns}")
    try:
        from solvers.registry import names
    except ImportError:  # pragma: no cover - solvers is part of the distribution
        names = list
    parts.append(",".join(names()))
    return "\n".join(parts).encode()


def _entry_path(path: Path, builtin: bool) -> Path:
    name = hashlib.sha256(f"{int(builtin)}:{path}".encode()).hexdigest()[:32]
    return cache_dir() / f"{name}.bin"


def _key(raw: bytes, path: Path, builtin: bool) -> bytes:
    h = hashlib.sha256(_code_fingerprint())
    h.update(f"\n{int(builtin)}:{path}\n".encode())
    h.update(raw)
    return h.digest()


def load(path: Path, raw: bytes, builtin: bool) -> Loaded | None:
    """The cached result of loading ``path`` whose content is ``raw``, or None (no entry, or
    an unusable one)."""
    try:
        blob = _entry_path(path, builtin).read_bytes()
    except OSError:
        return None
    head = len(_MAGIC)
    if (
        len(blob) < head + 2 * _DIGEST
        or blob[:head] != _MAGIC
        or blob[head : head + _DIGEST] != _key(raw, path, builtin)
    ):
        return None
    payload = memoryview(blob)[head + 2 * _DIGEST :]
    if hashlib.sha256(payload).digest() != blob[head + _DIGEST : head + 2 * _DIGEST]:
        return None
    enabled = gc.isenabled()
    gc.disable()  # tens of thousands of new objects: collecting meanwhile only slows down
    try:
        loaded = _decode(marshal.loads(payload), path)
    except Exception:  # a corrupt entry is no entry, whatever it contains
        return None
    finally:
        if enabled:
            gc.enable()
    _promote_to_old_generation()
    return loaded


def _promote_to_old_generation() -> None:
    """Move the objects just built (cards live as long as their library) to the collector's
    oldest generation at once, instead of letting each younger generation scan them first.
    ``freeze`` then ``unfreeze`` does exactly that move; skipped if the program froze objects
    itself (unfreezing would undo it)."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def store(path: Path, raw: bytes, builtin: bool, loaded: Loaded) -> bool:
    """Save ``loaded`` (the result of loading ``path`` with ``start=0``) for its content
    ``raw``; True if written. Never raises for an unwritable folder or odd content."""
    try:
        data = _encode(loaded, path)
        if _decode(data, path) != loaded:  # the format must give back exactly the same
            return False
        payload = marshal.dumps(data)
    except (_Unsupported, ValueError, TypeError, AttributeError):
        return False
    blob = b"".join([_MAGIC, _key(raw, path, builtin), hashlib.sha256(payload).digest(), payload])
    target = _entry_path(path, builtin)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(blob)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    return True


# --- encoding -----------------------------------------------------------------------------


def _is_plain(value: Any) -> bool:
    """True for values marshal keeps as they are: scalars, lists, tuples, dicts of them."""
    if isinstance(value, _PLAIN):
        return type(value) in _PLAIN
    if type(value) in (list, tuple):
        return all(_is_plain(v) for v in value)
    if type(value) is dict:
        return all(_is_plain(k) and _is_plain(v) for k, v in value.items())
    return False


def _shared(value: Any) -> Any:
    """A plain value with its short strings interned: marshal writes a repeated object once
    and refers to it after, so kinds, deck ids, tags, solver names … are read back once."""
    if type(value) is str:
        return sys.intern(value) if len(value) <= 64 else value
    if type(value) is tuple:
        return tuple(_shared(v) for v in value)
    if type(value) is list:
        return [_shared(v) for v in value]
    if type(value) is dict:
        return {_shared(k): _shared(v) for k, v in value.items()}
    return value


def _encode_object(obj: Any, path: Path) -> tuple[Any, ...]:
    """``(0, en, zh)`` for a Text, ``(1, line, col, builtin)`` for an Origin of this file,
    else ``(class index, mask, *fields)``: bit i of ``mask`` marks field i as encoded (an
    object, or a list of objects standing for a tuple of them), other fields are plain."""
    cls = type(obj)
    if cls is model.Text:
        return (0, _shared(obj.en), _shared(obj.zh))
    if cls is model.Origin:
        if obj.path != path:
            raise _Unsupported("an origin in another file")
        return (1, obj.line, obj.col, obj.builtin)
    if cls not in _INDEX:
        raise _Unsupported(cls.__name__)
    mask, values = 0, []
    for i, f in enumerate(dataclasses.fields(obj)):
        value = getattr(obj, f.name)
        if _is_plain(value):
            values.append(_shared(value))
            continue
        mask |= 1 << i
        if type(value) is tuple:
            values.append([_encode_object(v, path) for v in value])
        else:
            values.append(_encode_object(value, path))
    return (_INDEX[cls], mask, *values)


def _encode(loaded: Loaded, path: Path) -> tuple[Any, ...]:
    deck, cards, problems = loaded
    if any(p.path != path for p in problems):
        raise _Unsupported("a problem in another file")
    return (
        None if deck is None else _encode_object(deck, path),
        [_encode_object(c, path) for c in cards],
        [(p.line, p.col, p.message) for p in problems],
    )


@cache
def _maker(cls: type) -> Callable[[tuple[Any, ...], Callable[[Any], Any]], Any]:
    """A function building a ``cls`` from ``(index, mask, *fields)`` (nested objects decoded
    by the given ``obj``), written out field by field — generated once per class, as
    dataclasses writes its own ``__init__``: this is the hot loop of reading an entry."""
    names = [f.name for f in dataclasses.fields(cls)]
    env: dict[str, Any] = {"new": object.__new__, "cls": cls}
    lines = ["def make(t, obj):", "    m = t[1]", "    o = new(cls)"]
    for i, name in enumerate(names):
        env[f"s{i}"] = getattr(cls, name).__set__
        lines += [
            f"    v = t[{i + 2}]",
            f"    if m & {1 << i}:",
            "        v = tuple(map(obj, v)) if type(v) is list else obj(v)",
            f"    s{i}(o, v)",
        ]
    lines.append("    return o")
    exec("\n".join(lines), env)
    return env["make"]  # type: ignore[no-any-return]


def _decode(data: tuple[Any, ...], path: Path) -> Loaded:
    new = object.__new__
    text_cls, origin_cls = model.Text, model.Origin
    set_en, set_zh = (getattr(text_cls, n).__set__ for n in ("en", "zh"))
    set_path, set_line, set_col, set_builtin = (
        getattr(origin_cls, n).__set__ for n in ("path", "line", "col", "builtin")
    )
    makers = [_maker(cls) for cls in _CLASSES]  # 0 and 1 are handled below

    def obj(t: tuple[Any, ...]) -> Any:
        kind = t[0]
        o: Any
        if kind == 0:
            o = new(text_cls)
            set_en(o, t[1])
            set_zh(o, t[2])
        elif kind == 1:
            o = new(origin_cls)
            set_path(o, path)
            set_line(o, t[1])
            set_col(o, t[2])
            set_builtin(o, t[3])
        else:
            o = makers[kind](t, obj)
        return o

    deck, cards, problems = data
    return (
        None if deck is None else obj(deck),
        [obj(c) for c in cards],
        [Problem(path, line, col, message) for line, col, message in problems],
    )
