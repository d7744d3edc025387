"""``quizapp import``: read a file, turn its candidates into cards, append them to user banks.

Pipeline: detect the format (:func:`detect_format`) and read the file into candidates
(:mod:`.notes`, :mod:`.csvfile`, :mod:`.anki`); give each a stable id; set aside duplicates;
validate each card and set aside the invalid ones (reported as not understood with the reason);
prepare one append per bank file (:func:`quizapp.bank.write.plan_append`) and only when
every bank is ready, write them (one atomic write per file).

Ids: an explicit id from the source (CSV ``id`` column, a ``QuizappId`` Anki field) is kept;
otherwise ``<deck>.<slug of the front>-<h>`` where ``<h>`` is 8 hex digits of a hash of the
candidate's key (Anki note GUID, or the normalized front for notes/CSV; the kind replaces the slug
for fronts without ASCII words). A candidate is a duplicate when its id exists in any loaded bank,
when an existing id ends in the same ``-<h>`` (the same note re-imported after its front was
edited, or into another deck), when the target deck already has a card with the same normalized
front, or when it repeats an earlier candidate of the same file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from quizapp.bank.naming import prompt_text, slugify
from quizapp.bank.write import (
    Append,
    BankWriteError,
    card_problems,
    plan_append,
    user_bank_path,
    write,
)
from quizapp.interop.candidates import Candidate, InteropError, Parsed, Rejected
from quizapp.interop.carddata import make_card
from quizapp.interop.text import detect_lang, normalize_key, one_line, short_hash

FORMATS = ("notes", "csv", "apkg")
MAX_TEXT_BYTES = 64 << 20
_HASH_SUFFIX_RE = re.compile(r"-([0-9a-f]{8})$")
_ANKI_META_RE = re.compile(
    r"^\ufeff?(#(separator|html|columns|notetype|deck|tags|guid column|"
    r"tags column|deck column|notetype column)\s*:|tags:)",
    re.IGNORECASE,
)


@dataclass
class Report:
    """What an import did (or would do, with ``dry_run``)."""

    source: Path
    format: str
    dry_run: bool
    created: list[tuple[str, str]] = field(default_factory=list)  # (id, prompt)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (where, prompt)
    rejected: list[Rejected] = field(default_factory=list)
    media: int = 0
    info: list[str] = field(default_factory=list)
    plans: list[Append] = field(default_factory=list)
    #: review histories to bring in, by the id of the card they belong to (created now or
    #: found as a duplicate of an earlier import)
    histories: dict[str, tuple[tuple[datetime, int, int], ...]] = field(default_factory=dict)

    def render(self, *, limit: int = 50) -> str:
        """The report as printed by ``quizapp import``."""
        verb = "would create" if self.dry_run else "created"
        out = [f"{self.source} ({self.format}):"]
        for plan in self.plans:
            out.append(f"  {verb} {len(plan.ids)} card(s) in {plan.path}")
        for card_id, prompt in self.created[:limit]:
            out.append(f"    + {card_id}  {one_line(prompt, 60)}")
        if len(self.created) > limit:
            out.append(f"    … and {len(self.created) - limit} more")
        out.append(f"  {verb}: {len(self.created)}")
        out.append(f"  skipped as duplicates (already imported): {len(self.duplicates)}")
        for where, prompt in self.duplicates[:limit]:
            out.append(f"    = {where}: {one_line(prompt, 60)}")
        out.append(f"  not understood: {len(self.rejected)}")
        for r in self.rejected:
            out.append(f"    ? {r.where}: {one_line(r.text, 60)} — {r.reason}")
        if self.media:
            out.append(
                f"  media skipped: {self.media} reference(s) (images and sounds are not "
                "imported; the text around them is)"
            )
        out += [f"  note: {line}" for line in self.info]
        if self.dry_run:
            out.append("Dry run: nothing was written. The cards would be appended as:")
            for plan in self.plans:
                out += [f"--- {plan.path}", plan.added.rstrip("\n")]
        return "\n".join(out)


def detect_format(path: Path, head: bytes) -> str:
    """``apkg`` for a zip (or ``.apkg``/``.colpkg``), ``csv`` for ``.csv``/``.tsv``, for text with
    Anki's ``#separator:``-style header lines, or for a ``.txt`` whose lines all hold tabs;
    otherwise ``notes``."""
    suffix = path.suffix.lower()
    if head.startswith(b"PK\x03\x04") or suffix in (".apkg", ".colpkg"):
        return "apkg"
    if suffix in (".csv", ".tsv"):
        return "csv"
    text = head.decode("utf-8", errors="ignore")
    if _ANKI_META_RE.match(text):
        return "csv"
    lines = [ln for ln in text.splitlines()[:-1] if ln.strip()]
    if suffix == ".txt" and lines and all("\t" in ln for ln in lines):
        return "csv"
    return "notes"


def read_source(path: Path, fmt: str | None = None) -> Parsed:
    """Read ``path`` as ``fmt`` (detected when None) into candidates. Raises
    :class:`InteropError` with a clear message when the file cannot be read or parsed: only a
    regular file is read (``/dev/zero`` or a pipe is refused), a text source up to
    :data:`MAX_TEXT_BYTES`."""
    from quizapp.bank.files import FileRefused, read_file_bytes, require_regular_file

    if path.is_dir():
        raise InteropError(f"{path} is a folder; give a file")
    try:
        require_regular_file(path)
        with path.open("rb") as f:
            head = f.read(8192)
        fmt = fmt or detect_format(path, head)
        raw = b"" if fmt == "apkg" else read_file_bytes(path, MAX_TEXT_BYTES)
    except FileRefused as exc:
        raise InteropError(str(exc)) from None
    except OSError as exc:
        raise InteropError(f"cannot read {path}: {exc.strerror or exc}") from None
    if fmt == "apkg":
        if not head.startswith(b"PK"):
            raise InteropError(f"{path}: not an Anki package (not a zip file)")
        from quizapp.interop.anki import read_package

        return read_package(path)
    if b"\x00" in raw[:8192]:
        raise InteropError(f"{path}: a binary file, not text (for Anki decks use the .apkg)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InteropError(f"{path}:{line}: not UTF-8 text; save the file as UTF-8") from None
    if fmt == "csv":
        from quizapp.interop.csvfile import parse_csv

        return parse_csv(path, text)
    from quizapp.interop.notes import parse_notes

    return parse_notes(path, text)


def _card_id(c: Candidate, deck_id: str) -> str:
    if c.card_id:
        return c.card_id
    slug = slugify(c.prompt, max_len=32) or c.kind
    return f"{deck_id}.{slug}-{short_hash(c.key)}"


def _existing_id(card_id: str, c: Candidate, known: set[str]) -> str | None:
    """The id under which a duplicate candidate was imported before, if it can be told."""
    if card_id in known:
        return card_id
    suffix = f"-{short_hash(c.key)}"
    return next((k for k in sorted(known) if k.endswith(suffix)), None)


def import_file(
    path: Path,
    *,
    deck: str | None = None,
    fmt: str | None = None,
    dry_run: bool = False,
    extra_banks: Sequence[Path] = (),
) -> Report:
    """Import ``path`` into ``$QUIZAPP_HOME/banks/<deck>.yaml`` (``deck``, else the source's
    deck, else the file stem). Raises :class:`InteropError` (nothing written) when the file
    cannot be read or a bank cannot be appended to."""
    from quizapp.bank.loader import load_library

    parsed = read_source(path, fmt)
    report = Report(
        path,
        parsed.format,
        dry_run,
        rejected=list(parsed.rejected),
        media=parsed.media,
        info=list(parsed.info),
    )
    library = load_library(extra_banks)
    known = set(library.cards)
    hashes = {m[1] for card_id in known if (m := _HASH_SUFFIX_RE.search(card_id))}
    fronts: dict[str, set[str]] = {}
    for card in library.cards.values():
        fronts.setdefault(card.deck, set()).update(normalize_key(t) for _, t in card.prompt.items())
    groups: dict[str, list[tuple[Candidate, dict[str, Any]]]] = {}
    names: dict[str, str] = {}
    seen: set[str] = set()
    used = set(known)
    for c in parsed.candidates:
        deck_id = deck or c.deck or parsed.default_deck
        card_id = _card_id(c, deck_id)
        front_key = normalize_key(c.prompt)
        if (
            card_id in used
            or c.key in seen
            or front_key in fronts.get(deck_id, set())
            or (not c.card_id and short_hash(c.key) in hashes)
        ):
            report.duplicates.append((c.where, c.prompt))
            existing = _existing_id(card_id, c, known)
            if c.history and existing:
                report.histories[existing] = c.history
            continue
        if c.history:
            report.histories[card_id] = c.history
        seen.add(c.key)
        used.add(card_id)
        fronts.setdefault(deck_id, set()).add(front_key)
        data = make_card(
            c.kind,
            c.fields,
            lang=c.lang,
            card_id=card_id,
            tags=c.tags,
            difficulty=c.difficulty,
            explanation=c.explanation,
            source=c.source,
        )
        groups.setdefault(deck_id, []).append((c, data))
        if c.deck_name and deck is None:
            names.setdefault(deck_id, c.deck_name)
    for deck_id, items in groups.items():
        problems = card_problems([d for _, d in items], deck_id)
        keep = []
        for (c, data), found in zip(items, problems, strict=True):
            if found:
                report.rejected.append(Rejected(c.where, c.prompt, "; ".join(found), c.line))
            else:
                keep.append(data)
        if not keep:
            continue
        name = names.get(deck_id)
        try:
            plan = plan_append(
                user_bank_path(deck_id),
                keep,
                deck_id=deck_id,
                deck_name={detect_lang(name): name} if name else None,
                taken=known,
            )
        except BankWriteError as exc:
            raise InteropError(exc.describe()) from None
        report.plans.append(plan)
        report.created += [(d["id"], prompt_text(d)) for d in keep]
    report.rejected.sort(key=lambda r: (r.line is None, r.line or 0))
    if not dry_run:
        for plan in report.plans:
            try:
                write(plan)
            except BankWriteError as exc:
                raise InteropError(exc.describe()) from None
    return report
