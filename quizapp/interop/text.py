"""Text helpers shared by the importers and exporters: language detection, slugs and stable keys,
Anki HTML to plain text, and the two spellings of math delimiters.

Conventions: plain text uses ``\\n`` for line breaks; math is ``$...$`` / ``$$...$$`` in quizapp and
``\\(...\\)`` / ``\\[...\\]`` (MathJax) in Anki.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from html.parser import HTMLParser

from quizapp.bank.mathtext import MATH_RE
from quizapp.bank.naming import slugify

# CJK Unified Ideographs (+ extension A, compatibility ideographs) and kana: enough to tell a
# Chinese card from an English one. Punctuation alone does not count.
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff]")
_LATIN_WORD_RE = re.compile(r"[A-Za-z]{2,}")


def cjk_count(text: str) -> int:
    """The number of CJK ideographs (and kana) in ``text``."""
    return len(_CJK_RE.findall(text))


def detect_lang(*texts: str) -> str:
    """``"zh"`` when the texts are mostly Chinese, else ``"en"``.

    Convention: count CJK ideographs against Latin words (2+ letters); Chinese wins a tie, so a
    Chinese sentence with a few English terms (``Adam 结合了动量和 RMSProp``) is Chinese and an
    English sentence quoting one Chinese term is English."""
    joined = "\n".join(texts)
    cjk = cjk_count(joined)
    return "zh" if cjk and cjk >= len(_LATIN_WORD_RE.findall(joined)) else "en"


def normalize_key(text: str) -> str:
    """The text as compared for duplicates: NFKC (full-width to half-width), case-folded, runs of
    white space as one space, trailing ``?？.。!！:：`` and spaces removed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = " ".join(text.split())
    return text.rstrip("?？.。!！:： ")


def short_hash(text: str) -> str:
    """Eight hex digits of the SHA-1 of ``text`` (stable across runs and machines)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def one_line(text: str, limit: int = 70) -> str:
    """``text`` on one line, shortened to ``limit`` characters with ``…``: for reports."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


# --- HTML (Anki fields) -------------------------------------------------------------------------

_BLOCK_TAGS = {
    "div",
    "p",
    "ul",
    "ol",
    "li",
    "tr",
    "table",
    "blockquote",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "dl",
    "dt",
    "dd",
    "section",
    "article",
    "header",
    "footer",
}
_DROP_TAGS = {"script", "style", "head", "title"}
_MEDIA_TAGS = {"img", "audio", "video", "object", "embed", "source"}
_SOUND_RE = re.compile(r"\[sound:[^\]]*\]")


class _TextExtractor(HTMLParser):
    """Collects text; block elements and ``<br>`` become line breaks, media tags are counted."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.media = 0
        self.dropping = 0
        self.pre = 0

    def newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_TAGS:
            self.dropping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _MEDIA_TAGS:
            self.media += 1
        elif tag in _BLOCK_TAGS:
            self.newline()
            if tag == "li":
                self.parts.append("- ")
            elif tag == "pre":
                self.pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _DROP_TAGS:
            self.dropping -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_TAGS:
            self.dropping = max(0, self.dropping - 1)
        elif tag in _BLOCK_TAGS:
            if tag == "pre":
                self.pre = max(0, self.pre - 1)
            self.newline()

    def handle_data(self, data: str) -> None:
        if self.dropping:
            return
        if not self.pre:
            data = re.sub(r"[ \t\r\n]+", " ", data)
        self.parts.append(data)


def html_to_text(value: str) -> tuple[str, int]:
    """Anki field HTML as plain text, and the number of media references dropped.

    ``<br>`` and block elements (``<div>``, ``<p>``, ``<li>`` …) become line breaks (list items
    get ``- ``), entities are decoded (``&nbsp;`` becomes a plain space), ``<img>``/``<audio>``
    and ``[sound:…]`` are removed and counted, MathJax ``\\(…\\)``/``\\[…\\]`` becomes ``$…$``/
    ``$$…$$``. Spaces at line ends and blank-line runs are trimmed."""
    value, sounds = _SOUND_RE.subn("", value)
    parser = _TextExtractor()
    parser.feed(value)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    lines = [line.strip(" \t") for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return mathjax_to_dollars(text), parser.media + sounds


def text_to_html(text: str) -> str:
    """Plain text as an Anki field: HTML-escaped, line breaks as ``<br>``, math delimiters as
    MathJax (see :func:`dollars_to_mathjax`)."""
    return dollars_to_mathjax(html.escape(text, quote=False)).replace("\n", "<br>")


def dollars_to_mathjax(text: str) -> str:
    """``$$…$$`` -> ``\\[…\\]`` and ``$…$`` -> ``\\(…\\)``, the delimiters Anki's MathJax reads."""

    def sub(m: re.Match[str]) -> str:
        return f"\\[{m[1]}\\]" if m[1] is not None else f"\\({m[2]}\\)"

    return MATH_RE.sub(sub, text)


_MATHJAX_RE = re.compile(r"\\\[(.+?)\\\]|\\\((.+?)\\\)", re.DOTALL)


def mathjax_to_dollars(text: str) -> str:
    """The inverse of :func:`dollars_to_mathjax`."""

    def sub(m: re.Match[str]) -> str:
        return f"$${m[1]}$$" if m[1] is not None else f"${m[2]}$"

    return _MATHJAX_RE.sub(sub, text)


def deck_slug(name: str) -> str:
    """A deck id from a deck or file name: ``ML Interview::Optimisation`` ->
    ``ml-interview-optimisation``; a name without ASCII words gets ``deck-<hash>``."""
    return slugify(name.replace("::", " "), max_len=60) or f"deck-{short_hash(name)[:6]}"
