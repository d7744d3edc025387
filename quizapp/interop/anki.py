"""Anki packages (``.apkg``, also ``.colpkg``): reading their notes, writing them with genanki.

Reading. A package is a zip holding one collection (SQLite) in one of three layouts; the first
present of these members is read, any other is ignored (Anki 2.1.50+ ships a stub
``collection.anki2`` whose only note says "please update" beside the real collection):

- ``collection.anki21b`` — current Anki: the SQLite file compressed with zstd (schema 18: note
  types in the ``notetypes`` table with a protobuf ``config`` whose field 1 is the kind, 1 =
  cloze; field names in ``fields``; deck names in ``decks`` with ``\\x1f`` between levels);
- ``collection.anki21`` — "support older Anki versions" exports (schema 11: note types and decks
  as JSON in ``col.models``/``col.decks``);
- ``collection.anki2`` — genanki and Anki before 2.1 (schema 11).

Sizes are checked before and while extracting: the collection may not exceed
:data:`MAX_COLLECTION_BYTES` uncompressed (zip and zstd bombs stop there), and it goes to a
temporary file, never to memory. Notes of a standard note type with at least two fields become
flashcards (first field front, second back, further fields the explanation); Cloze notes become
cloze cards (``Back Extra`` the explanation). HTML becomes plain text (:func:`html_to_text`);
media (``<img>``, ``[sound:]``) is skipped and counted. Image-occlusion notes, nested clozes and
notes left empty without their media are reported as not understood. A note's deck is the deck of
its first card; its GUID is its stable key, so a re-import finds the same cards.

Writing (:func:`write_package`): genanki notes with fixed model ids (:data:`BASIC_MODEL_ID`,
:data:`CLOZE_MODEL_ID`), deck ids derived from quizapp deck ids (:func:`deck_id_for`) and GUIDs
given by the caller (``genanki.guid_for(card.id)``), so re-importing an export into Anki updates
the notes instead of duplicating them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import tempfile
import time
import zipfile
import zlib
from collections.abc import Sequence
from contextlib import closing, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from quizapp.interop.candidates import Candidate, InteropError, Parsed, Rejected
from quizapp.interop.text import deck_slug, detect_lang, html_to_text, one_line

MEMBERS = ("collection.anki21b", "collection.anki21", "collection.anki2")
MAX_COLLECTION_BYTES = 1 << 30  # 1 GiB uncompressed
_CHUNK = 1 << 20
_ZSTD_STEP = 1 << 10
_CLOZE_RE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
_STUB_TEXT = "please update to the latest anki version"
_EXTRA_NAMES = ("back extra", "extra", "explanation", "notes")
ID_FIELD = "QuizappId"

BASIC_MODEL_ID = 1_607_392_311
CLOZE_MODEL_ID = 1_607_392_312


# --- reading ------------------------------------------------------------------------------------


@dataclass
class _Model:
    name: str
    cloze: bool
    fields: list[str]


def read_package(path: Path) -> Parsed:
    """Read the notes of an Anki package into candidates. Raises :class:`InteropError` for a file
    that cannot be read, is not a zip, holds no collection, is too large or corrupt."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise InteropError(f"{path}: not an Anki package (not a zip file)") from None
    except OSError as exc:
        raise InteropError(f"cannot read {path}: {exc.strerror or exc}") from None
    with archive, tempfile.TemporaryDirectory(prefix="quizapp-apkg-") as tmp:
        names = set(archive.namelist())
        member = next((m for m in MEMBERS if m in names), None)
        if member is None:
            raise InteropError(
                f"{path}: not an Anki package (no collection.anki21b, "
                "collection.anki21 or collection.anki2 inside)"
            )
        db = Path(tmp) / "collection.sqlite"
        _extract(path, archive, archive.getinfo(member), db)
        return _read_collection(path, db, member)


def _too_large(path: Path) -> InteropError:
    limit = MAX_COLLECTION_BYTES
    size = f"{limit >> 20} MB" if limit >= 1 << 20 else f"{limit >> 10} KB"
    return InteropError(f"{path}: the collection is larger than {size} uncompressed; not imported")


def _extract(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, out: Path) -> None:
    """Copy one member to ``out``, unzstd-ing ``.anki21b``, never beyond the size limit."""
    if info.file_size > MAX_COLLECTION_BYTES:
        raise _too_large(path)
    try:
        with archive.open(info) as src, out.open("wb") as dst:
            if info.filename.endswith("b"):
                _unzstd(path, src, dst)
                return
            total = 0
            while chunk := src.read(_CHUNK):
                total += len(chunk)
                if total > MAX_COLLECTION_BYTES:
                    raise _too_large(path)
                dst.write(chunk)
    except InteropError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as exc:
        raise InteropError(f"{path}: corrupt Anki package ({exc})") from None
    except OSError as exc:
        raise InteropError(f"{path}: cannot extract the collection ({exc})") from None
    except Exception as exc:  # zstandard.ZstdError
        if type(exc).__module__.startswith("zstandard"):
            raise InteropError(f"{path}: corrupt Anki package (zstd: {exc})") from None
        raise


def _unzstd(path: Path, src: IO[bytes], dst: IO[bytes]) -> None:
    """Decompress zstd frames from ``src`` into ``dst``. Input goes in 1 KiB steps, so one step
    can never produce more than ~32 MiB (zstd's largest expansion), and the total is capped; a
    truncated frame is an error."""
    import zstandard

    dctx = zstandard.ZstdDecompressor()
    obj = dctx.decompressobj()
    total = 0
    pending = b""
    while chunk := pending or src.read(_ZSTD_STEP):
        if obj.eof:  # a further frame
            obj = dctx.decompressobj()
        data = obj.decompress(chunk)
        pending = obj.unused_data if obj.eof else b""
        total += len(data)
        if total > MAX_COLLECTION_BYTES:
            raise _too_large(path)
        dst.write(data)
    if not obj.eof:
        raise InteropError(
            f"{path}: corrupt Anki package (the zstd data of collection.anki21b is truncated)"
        )


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while pos < len(data):
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7
    raise ValueError("truncated varint")


def proto_int_field(data: bytes, number: int) -> int | None:
    """The value of varint field ``number`` in a protobuf message (None if absent)."""
    pos = 0
    found = None
    with suppress(ValueError):
        while pos < len(data):
            key, pos = _varint(data, pos)
            wire = key & 7
            if wire == 0:
                value, pos = _varint(data, pos)
                if key >> 3 == number:
                    found = value
            elif wire == 1:
                pos += 8
            elif wire == 2:
                length, pos = _varint(data, pos)
                pos += length
            elif wire == 5:
                pos += 4
            else:
                break
    return found


def _models_and_decks(con: sqlite3.Connection) -> tuple[dict[int, _Model], dict[int, str]]:
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not {"notes", "cards", "col"} <= tables:
        raise ValueError("not an Anki collection (tables notes/cards/col missing)")
    if "notetypes" in tables:  # schema 18
        fields: dict[int, list[str]] = {}
        for ntid, name in con.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
            fields.setdefault(ntid, []).append(name)
        models = {
            ntid: _Model(name, proto_int_field(bytes(config or b""), 1) == 1, fields.get(ntid, []))
            for ntid, name, config in con.execute("SELECT id, name, config FROM notetypes")
        }
        decks = {
            did: name.replace("\x1f", "::")
            for did, name in con.execute("SELECT id, name FROM decks")
        }
        return models, decks
    raw_models, raw_decks = con.execute("SELECT models, decks FROM col").fetchone()
    models = {
        int(mid): _Model(
            m["name"],
            m.get("type") == 1,
            [f["name"] for f in sorted(m["flds"], key=lambda f: f["ord"])],
        )
        for mid, m in json.loads(raw_models).items()
    }
    decks = {int(did): d["name"] for did, d in json.loads(raw_decks).items()}
    return models, decks


def _read_collection(path: Path, db: Path, member: str) -> Parsed:
    try:
        with closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)) as con:
            models, decks = _models_and_decks(con)
            note_deck: dict[int, int] = {}
            for nid, did in con.execute(
                "SELECT nid, CASE WHEN odid != 0 THEN odid ELSE did END "
                "FROM cards ORDER BY nid, ord"
            ):
                note_deck.setdefault(nid, did)
            notes = con.execute(
                "SELECT id, guid, mid, tags, flds FROM notes ORDER BY id"
            ).fetchall()
            histories = _histories(con)
    except (sqlite3.Error, ValueError, KeyError, TypeError, json.JSONDecodeError) as exc:
        raise InteropError(f"{path}: corrupt Anki collection in {member} ({exc})") from None
    if (
        member == "collection.anki2"
        and notes
        and all(_STUB_TEXT in str(n[4]).lower() for n in notes)
    ):
        raise InteropError(
            f"{path}: holds only the compatibility stub of a newer Anki export "
            "(no collection.anki21b/anki21); export it again from Anki"
        )
    parsed = Parsed("apkg", deck_slug(path.stem))
    for nid, guid, mid, tags, flds in notes:
        deck_name = decks.get(note_deck.get(nid, 1), "Default")
        _note(parsed, path, nid, str(guid), models.get(mid), str(tags), str(flds), deck_name)
        if (
            histories.get(nid)
            and parsed.candidates
            and parsed.candidates[-1].where == (f"note {nid}")
        ):
            parsed.candidates[-1].history = histories[nid]
    parsed.info.append(f"read {member} ({len(notes)} note(s))")
    reviews = sum(len(c.history) for c in parsed.candidates)
    if reviews:
        parsed.info.append(f"review history: {reviews} review(s) of {len(histories)} card(s)")
    return parsed


def _histories(con: sqlite3.Connection) -> dict[int, tuple[tuple[datetime, int, int], ...]]:
    """Each note's review history: that of its first card (the one a note becomes), filtered
    as Anki's FSRS filters it. Empty for packages exported without scheduling."""
    from quizapp.memory.revlog import AnkiReview, usable_reviews

    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "revlog" not in tables:
        return {}
    first_card: dict[int, int] = {}
    for cid, nid in con.execute("SELECT id, nid FROM cards ORDER BY nid, ord"):
        first_card.setdefault(nid, cid)
    by_card: dict[int, list[AnkiReview]] = {}
    for rid, cid, ease, kind, factor, taken in con.execute(
        "SELECT id, cid, ease, type, factor, time FROM revlog"
    ):
        by_card.setdefault(cid, []).append(
            AnkiReview(int(rid), int(cid), int(ease), int(kind), int(factor), int(taken))
        )
    out: dict[int, tuple[tuple[datetime, int, int], ...]] = {}
    for nid, cid in first_card.items():
        kept = usable_reviews(by_card.get(cid, ()))
        if kept:
            out[nid] = tuple((r.at, r.ease, max(0, r.time_ms)) for r in kept)
    return out


def _note(
    parsed: Parsed,
    path: Path,
    nid: int,
    guid: str,
    model: _Model | None,
    tags: str,
    flds: str,
    deck_name: str,
) -> None:
    where = f"note {nid}"
    raw = flds.split("\x1f")
    if model is None:
        parsed.rejected.append(Rejected(where, one_line(raw[0]), "unknown note type"))
        return
    names = model.fields + [f"Field {i + 1}" for i in range(len(model.fields), len(raw))]
    values: dict[str, str] = {}
    media = 0
    for name, value in zip(names, raw, strict=False):
        text, count = html_to_text(value)
        values[name] = text
        media += count
    parsed.media += media
    card_id = values.pop(next((n for n in values if n.lower() == ID_FIELD.lower()), ""), "")
    texts = [values.get(n, "") for n in names if n in values]
    first = texts[0] if texts else ""
    if "occlusion" in model.name.lower() or "image-occlusion:" in raw[0]:
        parsed.rejected.append(
            Rejected(where, model.name, "image occlusion notes need their images; not imported")
        )
        return
    if not first:
        reason = "only media, no text" if media else "the first field is empty"
        parsed.rejected.append(Rejected(where, one_line(raw[0]) or "(empty)", reason))
        return
    extras = [
        (n, v)
        for n, v in values.items()
        if v and n != names[0] and (model.cloze or n != names[1]) and n.lower() != "add reverse"
    ]
    explanation = (
        "\n\n".join(v if n.lower() in _EXTRA_NAMES else f"{n}: {v}" for n, v in extras) or None
    )
    common: dict[str, Any] = {
        "key": f"guid:{guid}",
        "where": where,
        "tags": tags.split(),
        "explanation": explanation,
        "source": f"Anki deck {deck_name}",
        "deck": deck_slug(deck_name),
        "deck_name": deck_name,
        "card_id": card_id.strip().lower() or None,
    }
    if model.cloze:
        deletions = list(_CLOZE_RE.finditer(first))
        if not deletions:
            reason = "a cloze note without {{c1::…}} deletions"
        elif any("{{c" in (m[2] or "") for m in deletions):
            reason = "nested cloze deletions are not supported"
        else:
            parsed.candidates.append(
                Candidate(kind="cloze", fields={"text": first}, lang=detect_lang(first), **common)
            )
            return
        parsed.rejected.append(Rejected(where, one_line(first), reason))
        return
    if len(model.fields) < 2:
        parsed.rejected.append(
            Rejected(
                where,
                one_line(first),
                f"note type {model.name!r} has one field: nothing to use as the back",
            )
        )
        return
    back = values.get(names[1], "")
    if not back:
        reason = "the back holds only media" if raw[1:2] and raw[1].strip() else "empty back"
        parsed.rejected.append(Rejected(where, one_line(first), reason))
        return
    parsed.candidates.append(
        Candidate(
            kind="flashcard",
            fields={"front": first, "back": back},
            lang=detect_lang(first, back),
            **common,
        )
    )


# --- writing ------------------------------------------------------------------------------------

_CSS = """\
.card { font-family: -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif;
  font-size: 20px; text-align: left; color: black; background-color: white; }
.explanation { margin-top: 1em; font-size: 0.85em; color: #555; }
pre { white-space: pre-wrap; font-size: 0.8em; }
.cloze { font-weight: bold; color: blue; }
.nightMode .cloze { color: lightblue; }
.nightMode .explanation { color: #bbb; }
"""


@dataclass
class Note:
    """One note to write: ``kind`` ``basic`` (fields Front, Back, Explanation) or ``cloze``
    (fields Text, Back Extra), each already HTML; the quizapp card id goes in a last field."""

    kind: str
    fields: list[str]
    guid: str
    card_id: str
    tags: list[str] = field(default_factory=list)


@dataclass
class AnkiDeck:
    """A deck to write: its Anki id, its name (``::`` for levels) and notes."""

    id: int
    name: str
    notes: list[Note] = field(default_factory=list)


def deck_id_for(deck_id: str) -> int:
    """A fixed Anki deck id for a quizapp deck id (a 48-bit hash, offset past small ids)."""
    digest = hashlib.sha256(f"quizapp deck {deck_id}".encode()).digest()
    return (1 << 48) + int.from_bytes(digest[:6], "big")


def _models() -> dict[str, Any]:
    import genanki

    basic = genanki.Model(
        BASIC_MODEL_ID,
        "quizapp Basic",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Explanation"}, {"name": ID_FIELD}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}",
                "afmt": "{{FrontSide}}<hr id=answer>{{Back}}{{#Explanation}}"
                "<div class=explanation>{{Explanation}}</div>{{/Explanation}}",
            }
        ],
        css=_CSS,
    )
    cloze = genanki.Model(
        CLOZE_MODEL_ID,
        "quizapp Cloze",
        fields=[{"name": "Text"}, {"name": "Back Extra"}, {"name": ID_FIELD}],
        templates=[
            {
                "name": "Cloze",
                "qfmt": "{{cloze:Text}}",
                "afmt": "{{cloze:Text}}{{#Back Extra}}<div class=explanation>{{Back Extra}}</div>"
                "{{/Back Extra}}",
            }
        ],
        css=_CSS,
        model_type=genanki.Model.CLOZE,
    )
    return {"basic": basic, "cloze": cloze}


def write_package(out: Path, decks: Sequence[AnkiDeck]) -> None:
    """Write ``decks`` as an ``.apkg`` (genanki's ``collection.anki2`` layout, which every Anki
    version imports) atomically: built in a temporary folder, then moved over ``out``."""
    import genanki

    models = _models()
    package = genanki.Package([_deck(d, models, genanki) for d in decks])
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="quizapp-export-") as tmp:
        db = Path(tmp) / "collection.anki2"
        with closing(sqlite3.connect(db)) as con:
            timestamp = time.time()
            package.write_to_db(con.cursor(), timestamp, _ids(int(timestamp * 1000)))
            con.commit()
        fd, partial = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
        os.close(fd)
        try:
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.write(db, "collection.anki2")
                archive.writestr("media", "{}")
            os.replace(partial, out)
        except BaseException:
            with suppress(OSError):
                os.unlink(partial)
            raise


def _ids(start: int) -> Any:
    n = start
    while True:
        yield n
        n += 1


def _deck(deck: AnkiDeck, models: dict[str, Any], genanki: Any) -> Any:
    out = genanki.Deck(deck.id, deck.name)
    for note in deck.notes:
        out.add_note(
            genanki.Note(
                model=models[note.kind],
                fields=[*note.fields, note.card_id],
                guid=note.guid,
                tags=note.tags,
            )
        )
    return out
