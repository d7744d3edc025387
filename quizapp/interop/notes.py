"""Reading question-and-answer notes (Markdown or plain text) into flashcard candidates.

The notes are the kind people keep while preparing (see ``shared/notes/ml-interview-notes.txt``):
a question, then its answer on the following lines, then the next question. Rules, in order:

- A **lone bullet** (a line that is just ``-``, ``*`` or ``+``) announces a question: the next
  non-blank line is the question, whatever it looks like (``-`` / ``PCA的优缺点``).
- A **bullet that reads as a question** starts a card: English ``What/Why/How/When/Where/Which/
  Who…``, ``Explain/Describe/Define/Compare…``; Chinese ``为什么…``, ``简要介绍一下…``,
  ``什么是…``, ``如何…``, ``…吗``, ``…呢``, ``…的优缺点``/``…的区别``; or anything ending in
  ``?``/``？``. ``Q:``/``问：`` lines too (and ``A:``/``答：`` mark an answer line).
- Any other bullet is **part of the current answer** (``- Why does gradient explosion happen``
  followed by ``- Poor choice of …`` bullets: those bullets are its answer) — except a bullet
  followed by plain text lines after an answer written in plain text: that is a topic heading
  starting the next card (``- Dealing with exploding gradient`` + paragraphs).
- A plain line ending in ``?``/``？`` (or ``吗``) after an answer starts the next card.
- ``[1] Title`` reference lines go to the card's ``source`` instead of its answer.
- In ``.md`` files, ``#`` headings that read as questions, and ``##``+ headings followed by
  text or code, start a card; other headings are section titles and become a tag of the cards
  under them. Fenced code blocks
  stay in the answer as they are.
- Lines before the first question, and a question with no answer, are reported as not
  understood with their line numbers; nothing is dropped silently.

Each card's language is detected (:func:`quizapp.interop.text.detect_lang`); the key for
duplicates is the normalized question.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.interop.candidates import Candidate, Parsed, Rejected
from quizapp.interop.text import deck_slug, detect_lang, normalize_key, one_line

_BULLET_RE = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+(\S.*)$")
_LONE_RE = re.compile(r"^\s*[-*+•]\s*$")
_HEADING_RE = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_REF_RE = re.compile(r"^\s*\[\d+\]\s+\S")
_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_Q_PREFIX_RE = re.compile(r"^\s*(?:Q|Question|问|问题)\s*[:：.]\s*(\S.*)$", re.IGNORECASE)
_A_PREFIX_RE = re.compile(r"^\s*(?:A|Answer|答|答案)\s*[:：.]\s*(\S.*)$", re.IGNORECASE)

_EN_START = re.compile(
    r"^(what|what's|why|how|when|where|which|who|whom|whose|explain|describe|define|compare|"
    r"contrast|derive|prove|briefly|summari[sz]e|discuss)\b",
    re.IGNORECASE,
)
_ZH_START = re.compile(
    r"^(为什么|为何|如何|怎么|怎样|什么是|什么叫|简要介绍|简单介绍|简述|"
    r"介绍一下|请|说说|谈谈|解释|比较|描述|列举|说明)"
)
_ZH_CONTAINS = re.compile(r"什么|哪些|哪个|哪种|为何|多少")
_ZH_END = re.compile(r"(吗|呢|优缺点|区别|原理|作用|意义)\s*[?？。.]?$")
_MAX_QUESTION = 200


def reads_as_question(text: str, *, strict: bool = False) -> bool:
    """Whether a line reads as a question. ``strict`` (for plain, non-bullet lines) accepts only
    a final ``?``/``？`` or ``吗``/``呢``; otherwise interrogative openings count too."""
    text = text.strip()
    if not text or len(text) > _MAX_QUESTION:
        return False
    if text.endswith(("?", "？")) or re.search(r"[吗呢]\s*[。.]?$", text):
        return True
    if strict:
        return False
    return bool(
        _EN_START.match(text)
        or _ZH_START.match(text)
        or _ZH_CONTAINS.search(text)
        or _ZH_END.search(text)
    )


@dataclass
class _Line:
    no: int
    raw: str
    kind: str  # blank, lone, bullet, heading, ref, text, code, q, a
    text: str


@dataclass
class _Card:
    question: str
    line: int
    answer: list[_Line] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)
    section: str | None = None

    def has_answer(self) -> bool:
        return any(a.kind != "blank" for a in self.answer)

    def last_kind(self) -> str | None:
        return next((a.kind for a in reversed(self.answer) if a.kind != "blank"), None)


def _classify(text: str, markdown: bool) -> list[_Line]:
    out: list[_Line] = []
    fenced = False
    for no, raw in enumerate(text.splitlines(), 1):
        raw = raw.rstrip()
        if _FENCE_RE.match(raw):
            fenced = not fenced
            out.append(_Line(no, raw, "code", raw))
            continue
        if fenced:
            out.append(_Line(no, raw, "code", raw))
            continue
        heading = _HEADING_RE.match(raw) if markdown else None
        if not raw.strip():
            out.append(_Line(no, raw, "blank", ""))
        elif _LONE_RE.match(raw):
            out.append(_Line(no, raw, "lone", ""))
        elif m := _Q_PREFIX_RE.match(raw):
            out.append(_Line(no, raw, "q", m[1]))
        elif m := _A_PREFIX_RE.match(raw):
            out.append(_Line(no, raw, "a", m[1]))
        elif heading:
            out.append(_Line(no, raw, "heading", heading[2]))
        elif m := _BULLET_RE.match(raw):
            out.append(_Line(no, raw, "bullet", m[1].strip()))
        elif _REF_RE.match(raw):
            out.append(_Line(no, raw, "ref", raw.strip()))
        else:
            out.append(_Line(no, raw, "text", raw.strip()))
    return out


class _Reader:
    def __init__(self, lines: list[_Line]) -> None:
        self.lines = lines
        self.cards: list[_Card] = []
        self.rejected: list[Rejected] = []
        self.current: _Card | None = None
        self.section: str | None = None

    def next_kind(self, i: int) -> str | None:
        return next((ln.kind for ln in self.lines[i + 1 :] if ln.kind != "blank"), None)

    def start(self, line: _Line, question: str) -> None:
        self.current = _Card(question.strip(), line.no, section=self.section)
        self.cards.append(self.current)

    def reject(self, line: _Line, reason: str) -> None:
        self.rejected.append(Rejected(f"line {line.no}", line.raw.strip(), reason, line.no))

    def answer(self, line: _Line) -> None:
        assert self.current is not None
        self.current.answer.append(line)

    def run(self) -> None:
        pending = False
        for i, line in enumerate(self.lines):
            kind = line.kind
            if kind == "blank":
                if self.current is not None:
                    self.answer(line)
                continue
            if pending:
                pending = False
                if kind not in ("lone", "code"):
                    self.start(line, line.text)
                    continue
            if kind == "lone":
                self.current = None
                pending = True
            elif kind == "q" or (kind == "heading" and self.heading_asks(i, line)):
                self.start(line, line.text)
            elif kind == "heading":
                self.current = None
                self.section = line.text
            elif kind == "bullet":
                self.bullet(i, line)
            elif kind == "ref" and self.current is not None:
                self.current.refs.append(line.text)
            elif self.current is None:
                if kind == "text" and reads_as_question(line.text, strict=True):
                    self.start(line, line.text)
                else:
                    self.reject(line, "text before the first question")
            elif (
                kind == "text"
                and self.current.has_answer()
                and reads_as_question(line.text, strict=True)
            ):
                self.start(line, line.text)
            else:
                self.answer(line)

    def heading_asks(self, i: int, line: _Line) -> bool:
        """A heading starts a card if it reads as a question, or (below the top level) if
        text or code follows it; otherwise it is a section title."""
        if reads_as_question(line.text):
            return True
        return not line.raw.startswith("# ") and self.next_kind(i) in ("text", "code")

    def bullet(self, i: int, line: _Line) -> None:
        if reads_as_question(line.text):
            self.start(line, line.text)
        elif self.current is None:
            if self.next_kind(i) == "text":
                self.start(line, line.text)
            else:
                self.reject(line, "text before the first question")
        elif not self.current.has_answer() or self.current.last_kind() == "bullet":
            self.answer(line)
        elif self.next_kind(i) == "text":
            self.start(line, line.text)  # a topic heading after a plain-text answer
        else:
            self.answer(line)


def _answer_text(card: _Card) -> str:
    lines = []
    for a in card.answer:
        if a.kind == "blank":
            lines.append("")
        elif a.kind == "a":
            lines.append(a.text)
        else:
            lines.append(a.raw)
    text = textwrap.dedent("\n".join(lines)).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", text)


def parse_notes(path: Path, text: str) -> Parsed:
    """Read notes text (already decoded) into flashcard candidates; ``path`` names the source
    (its suffix ``.md``/``.markdown`` turns on Markdown headings; its stem is the default deck).
    """
    markdown = path.suffix.lower() in (".md", ".markdown")
    reader = _Reader(_classify(text, markdown))
    reader.run()
    parsed = Parsed("notes", deck_slug(path.stem), rejected=reader.rejected)
    for card in reader.cards:
        back = _answer_text(card)
        if not back:
            parsed.rejected.append(
                Rejected(
                    f"line {card.line}", card.question, "a question without an answer", card.line
                )
            )
            continue
        source = f"{path.name}:{card.line}"
        if card.refs:
            source += " — " + "; ".join(card.refs)
        parsed.candidates.append(
            Candidate(
                kind="flashcard",
                fields={"front": card.question, "back": back},
                lang=detect_lang(card.question, back),
                key=normalize_key(card.question),
                where=f"line {card.line}",
                line=card.line,
                tags=[card.section] if card.section else [],
                source=source,
            )
        )
    parsed.rejected.sort(key=lambda r: r.line or 0)
    if not parsed.candidates and not parsed.rejected:
        parsed.info.append("no questions found")
    for r in parsed.rejected:
        r.text = one_line(r.text)
    return parsed
