"""Naming a new card: the text that asks its question and a readable ASCII slug of it (the
pieces of a new card's id, see :func:`quizapp.bank.write.new_card_id`)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any


def slugify(text: str, max_len: int = 40) -> str:
    """A lower-case ASCII slug (``a-z0-9`` words joined by ``-``), at most ``max_len`` characters,
    cut at a word boundary; ``""`` when the text has no ASCII letters or digits (e.g. Chinese).
    Cloze markup is read as its answer text (``{{c1::L2 norm}}`` -> ``l2-norm``)."""
    text = re.sub(r"\{\{c\d+::(.*?)(?:::.*?)?\}\}", r"\1", text)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > max_len:
            break
        out = candidate
    return out or (words[0][:max_len] if words else "")


def prompt_text(data: Mapping[str, Any]) -> str:
    """The text that asks the question (front, cloze text, question, title), first language
    present; ``""`` if none."""
    for key in ("front", "text", "question", "title", "statement"):
        value = data.get(key)
        if isinstance(value, str):
            return value
        if isinstance(value, Mapping):
            for lang in ("en", "zh"):
                if value.get(lang):
                    return str(value[lang])
    return ""
