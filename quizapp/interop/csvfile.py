"""Reading CSV/TSV files, including Anki's text format, into card candidates.

Anki's header lines (Anki 2.1.55+, read at the top of the file only, as Anki does): ``#separator:``
(``comma``, ``semicolon``, ``tab``, ``space``, ``pipe``, ``colon`` or the character itself),
``#html:true|false``, ``#tags:a b`` (added to every row), ``#columns:Front<sep>Back<sep>Tags``
(column names), ``#deck:``, ``#notetype:``, ``#deck column:N``, ``#notetype column:N``,
``#tags column:N``, ``#guid column:N`` (1-based). ``#match scope:``/``#if matches:`` and unknown
keys are ignored; an old-style first line ``tags:a b`` is read too.

Columns are named by ``#columns:`` or, in a file without Anki header lines, by a header row whose
cells name at least a front or back: ``front``/``question``/``正面``/``问题``, ``back``/
``answer``/``背面``/``答案``, ``text`` (cloze), ``extra``/``back extra``/``explanation``/``解释``,
``tags``/``标签``, ``deck``/``卡组``, ``notetype``, ``guid``, ``id``, ``source``, ``difficulty``,
``lang`` (case-insensitive). Otherwise columns are positional as in Anki: the first free columns
are front and back, the next one is tags (unless a ``tags column`` is given).

Rows of a Cloze note type (notetype column or ``#notetype:`` containing "cloze", or a front with
``{{c1::…}}`` and no note type) become cloze cards, their second field the explanation. HTML is
turned into text when ``#html:true`` or when a field looks like HTML; media references are
dropped and counted. The separator, when not given, is guessed: tab for ``.tsv`` or a first line
with tabs, else ``;`` if it outnumbers ``,`` on the first line, else ``,``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.interop.candidates import Candidate, InteropError, Parsed, Rejected
from quizapp.interop.text import (
    deck_slug,
    detect_lang,
    html_to_text,
    normalize_key,
    one_line,
)

_SEPARATORS = {"comma": ",", "semicolon": ";", "tab": "\t", "space": " ", "pipe": "|", "colon": ":"}
_ALIASES: dict[str, tuple[str, ...]] = {
    "front": ("front", "question", "q", "prompt", "term", "正面", "问题", "题目", "问"),
    "back": ("back", "answer", "a", "definition", "背面", "答案", "答"),
    "text": ("text", "cloze", "填空"),
    "extra": ("back extra", "extra", "explanation", "notes", "note", "解释", "说明", "备注"),
    "tags": ("tags", "tag", "标签"),
    "deck": ("deck", "卡组", "牌组"),
    "notetype": ("notetype", "note type", "type", "model", "笔记类型"),
    "guid": ("guid",),
    "id": ("id", "card id", "quizappid", "quizapp id"),
    "source": ("source", "来源"),
    "difficulty": ("difficulty", "难度"),
    "lang": ("lang", "language", "语言"),
}
_ROLE_OF = {alias: role for role, aliases in _ALIASES.items() for alias in aliases}
_HTML_RE = re.compile(
    r"<\s*/?\s*(br|div|p|span|b|i|u|img|ul|ol|li|a|font|sub|sup|strong|em|"
    r"code|pre|hr|table|tr|td)\b[^>]*>|&(nbsp|amp|lt|gt|quot|#\d+);",
    re.IGNORECASE,
)
_CLOZE_RE = re.compile(r"\{\{c\d+::")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


@dataclass
class _Meta:
    separator: str | None = None
    html: bool | None = None
    tags: list[str] = field(default_factory=list)
    columns: str | None = None
    deck: str | None = None
    notetype: str | None = None
    special: dict[str, int] = field(default_factory=dict)  # role -> 0-based column
    lines: int = 0
    anki: bool = False


def _parse_meta(lines: list[str]) -> _Meta:
    meta = _Meta()
    for i, line in enumerate(lines):
        body = line.rstrip("\r\n")
        if i == 0 and body.startswith("tags:"):
            meta.tags = body[5:].split()
        elif body.startswith("#"):
            key, colon, value = body[1:].partition(":")
            if colon:
                _meta_value(meta, key.strip().lower(), value)
        else:
            break
        meta.lines = i + 1
    return meta


def _meta_value(meta: _Meta, key: str, value: str) -> None:
    meta.anki = True
    stripped = value.strip()
    if key == "separator":
        sep = _SEPARATORS.get(stripped.lower()) or (value if len(value) == 1 else None)
        meta.separator = sep or meta.separator
    elif key == "html" and stripped.lower() in ("true", "false"):
        meta.html = stripped.lower() == "true"
    elif key == "tags":
        meta.tags = stripped.split()
    elif key == "columns":
        meta.columns = value
    elif key == "deck" and stripped:
        meta.deck = stripped
    elif key == "notetype" and stripped:
        meta.notetype = stripped
    elif key.endswith(" column") and stripped.isdigit() and int(stripped) > 0:
        role = key.removesuffix(" column")
        if role in ("deck", "notetype", "tags", "guid"):
            meta.special[role] = int(stripped) - 1


def _guess_separator(path: Path, first_line: str) -> str:
    if path.suffix.lower() == ".tsv" or "\t" in first_line:
        return "\t"
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _role(label: str) -> str | None:
    return _ROLE_OF.get(" ".join(label.strip().lower().replace("_", " ").split()))


@dataclass
class _Layout:
    roles: dict[str, int]  # role -> 0-based column
    header_row: bool = False


def _layout(meta: _Meta, first_row: list[str], separator: str) -> _Layout:
    if meta.columns is not None:
        labels = next(csv.reader([meta.columns], delimiter=separator), [])
        return _Layout(_named(labels, meta.special), header_row=False)
    if not meta.anki:
        named = _named(first_row, {})
        if any(r in named for r in ("front", "back", "text")):
            return _Layout(named, header_row=True)
    roles = dict(meta.special)
    free = [i for i in range(max(len(first_row), 2)) if i not in roles.values()]
    for role, column in zip(("front", "back"), free, strict=False):
        roles[role] = column
    if "tags" not in roles and len(free) > 2:
        roles["tags"] = free[2]
    return _Layout(roles)


def _named(labels: list[str], special: dict[str, int]) -> dict[str, int]:
    roles = dict(special)
    for i, label in enumerate(labels):
        role = _role(label)
        if role and role not in roles and i not in special.values():
            roles[role] = i
    if "front" not in roles and "text" in roles:
        roles["front"] = roles.pop("text")
    return roles


def parse_csv(path: Path, text: str) -> Parsed:
    """Read CSV/TSV text (already decoded) into candidates; ``path`` names the source (its stem
    is the default deck, ``.tsv`` implies tabs). Raises :class:`InteropError` if the text is not
    CSV at all."""
    lines = text.removeprefix("\ufeff").splitlines(keepends=True)
    meta = _parse_meta(lines)
    body = "".join(lines[meta.lines :])
    first = next((ln for ln in lines[meta.lines :] if ln.strip()), "")
    separator = meta.separator or _guess_separator(path, first)
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=separator)
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((meta.lines + start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InteropError(
            f"{path}: not valid CSV at line {meta.lines + reader.line_num}: {exc}"
        ) from None
    deck_name = meta.deck
    parsed = Parsed("csv", deck_slug(deck_name or path.stem))
    if not rows:
        parsed.info.append("no rows found")
        return parsed
    layout = _layout(meta, rows[0][1], separator)
    if layout.header_row:
        rows = rows[1:]
    if "front" not in layout.roles:
        raise InteropError(
            f"{path}: no front/question column (name the columns in a header "
            "row, e.g. front,back,tags, or with Anki's #columns: line)"
        )
    if not rows:
        parsed.info.append("only a header row; no cards")
        return parsed
    html = meta.html
    if html is None:
        html = any(_HTML_RE.search(cell) for _, row in rows for cell in row)
    for line, row in rows:
        _row(parsed, path, line, row, layout.roles, meta, html)
    width = max(len(r) for _, r in rows)
    ignored = [str(i + 1) for i in range(width) if i not in layout.roles.values()]
    if ignored:
        parsed.info.append(
            f"column(s) {', '.join(ignored)} not used (not a front, back, "
            "extra, tags, deck, notetype, guid, id, source, difficulty or lang "
            "column)"
        )
    return parsed


def _row(
    parsed: Parsed,
    path: Path,
    line: int,
    row: list[str],
    roles: dict[str, int],
    meta: _Meta,
    html: bool,
) -> None:
    def get(role: str) -> str:
        i = roles.get(role)
        return row[i].strip() if i is not None and i < len(row) else ""

    def clean(value: str) -> str:
        if not html:
            return value.replace("\r\n", "\n").strip()
        out, media = html_to_text(value)
        parsed.media += media
        return out

    where = f"line {line}"
    front, back, extra = clean(get("front")), clean(get("back")), clean(get("extra"))
    notetype = (get("notetype") or meta.notetype or "").lower()
    raw_front = get("front")
    if "occlusion" in notetype or "image-occlusion:" in raw_front:
        parsed.rejected.append(
            Rejected(
                where,
                one_line(raw_front),
                "image occlusion notes need their images; not imported",
                line,
            )
        )
        return
    if not front:
        reason = "only media, no text" if raw_front else "the front is empty"
        parsed.rejected.append(Rejected(where, one_line(" | ".join(row)), reason, line))
        return
    cloze = "cloze" in notetype or (not notetype and not back and _CLOZE_RE.search(front))
    if cloze:
        fields = {"text": front}
        explanation = "\n\n".join(p for p in (back, extra) if p) or None
    elif not back:
        parsed.rejected.append(
            Rejected(where, one_line(front), "no back (answer) in this row", line)
        )
        return
    else:
        fields = {"front": front, "back": back}
        explanation = extra or None
    tags = [t for t in re.split(r"[\s,;，、]+", get("tags")) if t] + meta.tags
    deck_name = get("deck") or meta.deck
    guid = get("guid")
    lang = get("lang").lower()
    difficulty = get("difficulty")
    card_id = get("id").lower()
    candidate = Candidate(
        kind="cloze" if cloze else "flashcard",
        fields=fields,
        lang=lang if lang in ("en", "zh") else detect_lang(front, back),
        key=f"guid:{guid}" if guid else normalize_key(front),
        where=where,
        line=line,
        tags=list(dict.fromkeys(tags)),
        explanation=explanation,
        source=get("source") or f"{path.name}:{line}",
        deck=deck_slug(deck_name) if deck_name else None,
        deck_name=deck_name or None,
        card_id=card_id if _ID_RE.match(card_id) else None,
        difficulty=int(difficulty) if difficulty in ("1", "2", "3", "4", "5") else None,
    )
    parsed.candidates.append(candidate)
