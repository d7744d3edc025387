"""Normalizing typed text for comparison: width, case, spacing and punctuation."""

from __future__ import annotations

import re
import unicodedata

_IGNORED = re.compile(r"[\s\-_·•'\"`$]+")
_TRAILING = re.compile(r"[.。,，;；!！?？:：]+$")


def normalize(text: str) -> str:
    """A comparison key: NFKC (full-width ``Ｌ２`` -> ``L2``), case-folded, without spaces,
    hyphens, underscores, quotes or ``$``, and without trailing punctuation. So ``L2 norm``,
    ``l2-norm`` and ``Ｌ２ Norm。`` compare equal."""
    folded = unicodedata.normalize("NFKC", text).casefold().strip()
    return _IGNORED.sub("", _TRAILING.sub("", folded))


def split_answers(text: str) -> list[str]:
    """Split a typed answer into parts on ``;``/``；`` (used for several cloze blanks)."""
    return [part.strip() for part in re.split(r"[;；]", text)]
