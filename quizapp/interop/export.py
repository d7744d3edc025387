"""``quizapp export``: cards out as an Anki package, an Anki-ready CSV, or YAML banks.

What each card kind becomes (:func:`note_content`; texts in ``en``, ``zh`` or ``both`` — English,
a blank line, Chinese):

- flashcard: a Basic note (Front, Back, Explanation);
- cloze: a Cloze note (``{{c1::…}}`` is Anki's own syntax; explanation in Back Extra);
- choice: a Basic note, the options numbered on the front, the correct one(s) on the back;
- order: a Basic note, the steps lettered in a fixed shuffled order on the front, the right order
  on the back;
- numeric: a Basic note with one instantiated example (seed derived from the card id) and its
  worked solution (:func:`quizapp.grading.numeric.instantiate`); if the card cannot be
  instantiated, its question template and solver name, with a note;
- drill: a Basic note: title, statement and signature on the front, a reference solution on the
  back (the drill's ``solution`` if it has one, else the source of its reference solver).

In Anki fields (``.apkg``), text is HTML-escaped with ``<br>`` line breaks, fenced code becomes
``<pre>``, and math delimiters become MathJax's: ``$…$`` -> ``\\(…\\)``, ``$$…$$`` ->
``\\[…\\]``. Note GUIDs are ``genanki.guid_for(card.id)``; model and deck ids are fixed
(:mod:`.anki`), so exporting again and importing into Anki updates the notes. The CSV has Anki's
header lines (``#guid column``, ``#notetype column`` …) and plain-text fields, kept raw because
Anki's importer needs the text as written; YAML is one bank per deck.

The spreadsheet CSV (``spreadsheet=True``) is for Excel, LibreOffice or Google Sheets instead: a
plain header row, no Anki lines, every cell quoted, and a cell that a spreadsheet would run as a
formula (one beginning with ``=``, ``+``, ``-``, ``@``, tab or carriage return) prefixed with a
single quote, as OWASP recommends against CSV injection (:func:`spreadsheet_safe`).
"""

from __future__ import annotations

import csv
import html
import inspect
import io
import os
import random
import re
import tempfile
import zlib
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizapp.bank.model import Card, Deck, Text
from quizapp.interop.candidates import InteropError
from quizapp.interop.text import dollars_to_mathjax, text_to_html

FORMATS = ("apkg", "csv", "yaml")
_FENCE_RE = re.compile(r"```[A-Za-z]*\n(.*?)\n```", re.DOTALL)
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass
class NoteContent:
    """A card as an Anki note, in plain text: ``kind`` ``basic`` (front, back, extra) or
    ``cloze`` (front = the cloze text, extra = Back Extra)."""

    kind: str
    front: str
    back: str = ""
    extra: str = ""


@dataclass
class ExportResult:
    """What was written: the files, the number of cards per kind, and notes for the user."""

    files: list[Path] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _t(value: Text | None, lang: str) -> str:
    if value is None:
        return ""
    if lang == "both":
        parts = list(dict.fromkeys(t.strip() for _, t in value.items()))
        return "\n\n".join(parts)
    return value.get(lang)


def _label(en: str, zh: str, lang: str) -> str:
    return _t(Text(en=en, zh=zh), lang).replace("\n\n", " / ")


def note_content(card: Card, lang: str) -> NoteContent:
    """The plain-text content of ``card`` as an Anki note (see the module doc)."""
    c: Any = card
    extra = _t(card.explanation, lang)
    match card.kind:
        case "flashcard":
            return NoteContent("basic", _t(c.front, lang), _t(c.back, lang), extra)
        case "cloze":
            return NoteContent("cloze", _t(c.text, lang), "", extra)
        case "choice":
            from quizapp.grading.choice import key_for

            n = len(c.options)
            lines = [_t(c.question, lang)]
            if c.multiple:
                lines.append(_label("(select all that apply)", "（多选）", lang))
            lines += [f"{key_for(i, n)}. {_one(o.text, lang)}" for i, o in enumerate(c.options)]
            back = [
                f"{key_for(i, n)}. {_one(o.text, lang)}"
                for i, o in enumerate(c.options)
                if o.correct
            ]
            return NoteContent("basic", "\n".join(lines), "\n".join(back), extra)
        case "order":
            shown = list(range(len(c.steps)))
            random.Random(card.id).shuffle(shown)
            if shown == sorted(shown) and len(shown) > 1:
                shown = shown[1:] + shown[:1]
            letter = {step: _LETTERS[pos] for pos, step in enumerate(shown)}
            front = [_t(c.question, lang)]
            front += [f"{_LETTERS[pos]}. {_one(c.steps[s], lang)}" for pos, s in enumerate(shown)]
            back = [" → ".join(letter[s] for s in range(len(c.steps)))]
            back += [f"{i + 1}. {_one(s, lang)}" for i, s in enumerate(c.steps)]
            return NoteContent("basic", "\n".join(front), "\n".join(back), extra)
        case "numeric":
            return _numeric(c, lang, extra)
        case "drill":
            task = "\n\n".join(
                p
                for p in (_t(c.title, lang), _t(c.statement, lang), f"```\n{c.signature}\n```")
                if p
            )
            return NoteContent("basic", task, f"```python\n{_reference(c).rstrip()}\n```", extra)
    raise ValueError(f"unknown card kind {card.kind!r}")


def _one(value: Text, lang: str) -> str:
    return _t(value, lang).replace("\n\n", " / ")


def numeric_seed(card_id: str) -> int:
    """The seed of the example exported for a numeric card (stable per card id)."""
    return zlib.crc32(card_id.encode("utf-8")) % 1_000_000


def _numeric(card: Any, lang: str, extra: str) -> NoteContent:
    seed = numeric_seed(card.id)
    try:
        from quizapp.grading.numeric import instantiate

        instance = instantiate(card, seed)
    except Exception as exc:  # a broken card, or grading not available: export the template
        note = _label(
            f"(quizapp draws new numbers each review; no example could be computed: {exc})",
            f"（quizapp 每次复习都会生成新数字；无法生成示例：{exc}）",
            lang,
        )
        back = f"{_label('Solver', '求解函数', lang)}: {card.answer.solver}\n\n{note}"
        return NoteContent("basic", _t(card.question, lang), back, extra)
    note = _label(
        f"Example (seed {seed}); quizapp draws new numbers each review.",
        f"示例（种子 {seed}）；quizapp 每次复习都会换一组新数字。",
        lang,
    )
    return NoteContent(
        "basic",
        _t(instance.question, lang),
        _t(instance.solution, lang),
        "\n\n".join(p for p in (extra, note) if p),
    )


def _reference(card: Any) -> str:
    """A drill's reference solution: its ``solution`` field if the model has one, else the
    source of its reference solver."""
    solution = getattr(card, "solution", None)
    if isinstance(solution, Text):
        solution = solution.en or solution.zh
    if isinstance(solution, str) and solution.strip():
        return solution
    try:
        from solvers.registry import get

        return inspect.getsource(get(card.solver))
    except Exception as exc:  # unknown solver, no source
        return f"# reference solver {card.solver}: source not available ({exc})"


def to_html(text: str) -> str:
    """Plain text as an Anki field: fenced code as ``<pre><code>``, the rest through
    :func:`quizapp.interop.text.text_to_html`."""
    out: list[str] = []
    pos = 0
    for m in _FENCE_RE.finditer(text):
        out.append(text_to_html(text[pos : m.start()].strip("\n")))
        out.append(f"<pre><code>{html.escape(m[1], quote=False)}</code></pre>")
        pos = m.end()
    out.append(text_to_html(text[pos:].strip("\n")))
    return "".join(out)


def deck_title(deck: Deck | None, deck_id: str, lang: str) -> str:
    """The Anki deck name: ``quizapp::<name>`` (``<en> · <zh>`` for ``both``)."""
    name = deck.name if deck is not None else Text(en=deck_id)
    title = (
        name.get(lang) if lang != "both" else " · ".join(dict.fromkeys(t for _, t in name.items()))
    )
    return f"quizapp::{title.replace('::', ':')}"


# --- writers ------------------------------------------------------------------------------------


def export_cards(
    cards: Sequence[Card],
    decks: dict[str, Deck],
    out: Path,
    fmt: str,
    lang: str = "both",
    *,
    spreadsheet: bool = False,
) -> ExportResult:
    """Write ``cards`` to ``out`` as ``fmt`` (``apkg``, ``csv`` or ``yaml``); with ``spreadsheet``
    (``csv`` only) the CSV is the spreadsheet one of the module doc. Raises :class:`InteropError`
    when there is nothing to export or ``out`` cannot be written."""
    if not cards:
        raise InteropError("no cards to export (check --deck)")
    if spreadsheet and fmt != "csv":
        raise InteropError(f"a spreadsheet export is a CSV, not {fmt}")
    result = ExportResult()
    for card in cards:
        result.kinds[card.kind] = result.kinds.get(card.kind, 0) + 1
    try:
        if fmt == "apkg":
            _apkg(cards, decks, out, lang, result)
        elif fmt == "csv" and spreadsheet:
            _spreadsheet_csv(cards, out, lang, result)
        elif fmt == "csv":
            _csv(cards, decks, out, lang, result)
        elif fmt == "yaml":
            _yaml(cards, decks, out, lang, result)
        else:
            raise InteropError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    except OSError as exc:
        raise InteropError(f"cannot write {out}: {exc.strerror or exc}") from None
    return result


def _apkg(
    cards: Sequence[Card], decks: dict[str, Deck], out: Path, lang: str, result: ExportResult
) -> None:
    import genanki

    from quizapp.interop.anki import AnkiDeck, Note, deck_id_for, write_package

    anki_decks: dict[str, AnkiDeck] = {}
    for card in cards:
        deck = anki_decks.get(card.deck)
        if deck is None:
            deck = anki_decks[card.deck] = AnkiDeck(
                deck_id_for(card.deck), deck_title(decks.get(card.deck), card.deck, lang)
            )
        content = note_content(card, lang)
        fields = (
            [to_html(content.front), to_html(content.extra)]
            if content.kind == "cloze"
            else [to_html(content.front), to_html(content.back), to_html(content.extra)]
        )
        tags = [re.sub(r"\s+", "_", t) for t in card.tags]
        deck.notes.append(Note(content.kind, fields, genanki.guid_for(card.id), card.id, tags))
    write_package(out, list(anki_decks.values()))
    result.files.append(out)


_CSV_HEADER = (
    "#separator:comma\n#html:false\n#guid column:1\n#notetype column:2\n"
    "#deck column:3\n#tags column:7\n"
    "#columns:guid,notetype,deck,front,back,explanation,tags,id\n"
)


def _csv(
    cards: Sequence[Card], decks: dict[str, Deck], out: Path, lang: str, result: ExportResult
) -> None:
    import genanki

    buffer = io.StringIO()
    buffer.write(_CSV_HEADER)
    writer = csv.writer(buffer, lineterminator="\n")
    # Python < 3.12 leaves a cell with a bare CR unquoted, and a reader ends the row there.
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for card in cards:
        content = note_content(card, lang)
        cloze = content.kind == "cloze"
        row = [
            genanki.guid_for(card.id),
            "Cloze" if cloze else "Basic",
            deck_title(decks.get(card.deck), card.deck, lang),
            dollars_to_mathjax(content.front),
            dollars_to_mathjax(content.extra if cloze else content.back),
            "" if cloze else dollars_to_mathjax(content.extra),
            " ".join(re.sub(r"\s+", "_", t) for t in card.tags),
            card.id,
        ]
        (quoted if any("\r" in cell for cell in row) else writer).writerow(row)
    _write_text(out, buffer.getvalue())
    result.files.append(out)
    result.notes.append(
        "the explanation column is not mapped by Anki's Basic note type; "
        "use the .apkg export to keep explanations"
    )


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """``cell`` as a spreadsheet shows it as text: a single quote before it when it begins
    with a character that starts a formula (``= + - @``, tab, CR; OWASP's list), else unchanged."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _spreadsheet_csv(cards: Sequence[Card], out: Path, lang: str, result: ExportResult) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(["id", "deck", "kind", "front", "back", "explanation", "tags"])
    for card in cards:
        content = note_content(card, lang)
        cloze = content.kind == "cloze"
        row = [
            card.id,
            card.deck,
            card.kind,
            content.front,
            "" if cloze else content.back,
            content.extra,
            " ".join(card.tags),
        ]
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    _write_text(out, buffer.getvalue())
    result.files.append(out)


def _yaml(
    cards: Sequence[Card], decks: dict[str, Deck], out: Path, lang: str, result: ExportResult
) -> None:
    from quizapp.bank.write import dump_yaml
    from quizapp.interop.carddata import card_to_data

    by_deck: dict[str, list[Card]] = {}
    for card in cards:
        by_deck.setdefault(card.deck, []).append(card)
    single = out.suffix.lower() in (".yaml", ".yml")
    if single and len(by_deck) > 1:
        raise InteropError(
            f"{len(by_deck)} decks selected but {out} is one file: a bank holds "
            "one deck; pick one with --deck, or give a folder"
        )
    for deck_id, deck_cards in by_deck.items():
        deck = decks.get(deck_id)
        header: dict[str, Any] = {"id": deck_id}
        if deck is not None:
            header["name"] = _lang_data(deck.name, lang)
            if deck.description is not None:
                header["description"] = _lang_data(deck.description, lang)
        text = dump_yaml({"format": 1, "deck": header}) + "cards:\n"
        text += "".join(_indent(dump_yaml([card_to_data(c, lang)])) for c in deck_cards)
        path = out if single else out / f"{deck_id}.yaml"
        _write_text(path, text)
        result.files.append(path)


def _lang_data(value: Text, lang: str) -> dict[str, str]:
    if lang in ("en", "zh") and value.raw(lang):
        return {lang: value.raw(lang) or ""}
    return value.to_data()


def _indent(text: str) -> str:
    return "".join("  " + line if line.strip() else line for line in text.splitlines(True))


def _write_text(path: Path, text: str) -> None:
    """Write ``text`` atomically (temp file beside ``path``, then ``os.replace``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
