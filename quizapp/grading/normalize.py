"""Comparison keys for typed text: width, case, spacing and hyphenation fold away; signs,
primes, transposes and operators never do.

``key("K-Means")``, ``key("k means")`` and ``key("ｋｍｅａｎｓ。")`` are equal; ``key("-1e-6")``,
``key("1e6")`` and ``key("1e-6")`` are three different keys, and so are ``key("Vᵀ")`` and
``key("V")``.
"""

from __future__ import annotations

import re
import unicodedata

from quizapp.grading.numbers import superscripts_as_powers, unify_minus

_TRAILING = re.compile(r"[\s.。,，;；!！?？:：、]+$")
_QUOTES = re.compile(r"^[\"“”‘`]+|[\"“”’`]+$|\$")
#: The transpose mark of a key; ``ᵀ`` itself would become ``T`` under NFKC.
TRANSPOSE = "⊤"
#: Transpose spellings after NFKC: ``X^T``, ``X^⊤``, ``X.T``, ``X'``, ``X’``, ``X′``.
_TRANSPOSE = re.compile(r"\^\s*\(?[T⊤]\)?|\.T\b|(?<=[\w)\]])['’′]")
_JOINER = re.compile(r"(?<=[^\W_])[-_](?=[^\W\d_])")
_SPACE = re.compile(r"\s+")


def _fold_joiner(m: re.Match[str]) -> str:
    """A hyphen or underscore between two words goes (``k-means`` = ``kmeans``, ``l2-norm`` =
    ``l2norm``, ``fan_in`` = ``fanin``) when the left word starts with a letter and one of the
    two has two letters or more; otherwise it is an operator (``n-1``, ``x-y``, ``2-2cos``)."""
    s = m.string
    left = re.search(r"[^\W_]+$", s[: m.start()])
    right = re.match(r"[^\W_]+", s[m.end() :])
    assert left is not None and right is not None
    letters = max(len(re.sub(r"[\d]", "", w.group())) for w in (left, right))
    return "" if left.group()[0].isalpha() and letters >= 2 else m.group()


def key(text: str) -> str:
    """The comparison key of ``text``: NFKC (full-width ``Ｌ２`` -> ``L2``), case-folded, every
    minus as ``-`` (see :func:`~quizapp.grading.numbers.unify_minus`), superscripts as ``^``,
    every transpose spelling (``Xᵀ``, ``X^T``, ``X.T``, ``X'``) as ``X⊤``, without spaces,
    without hyphens or underscores between words (``l2-norm`` = ``L2 norm``), without
    surrounding quotes or ``$``, without trailing punctuation. Signs, primes, transposes,
    exponents and operators are kept."""
    s = unify_minus(superscripts_as_powers(text.replace("ᵀ", TRANSPOSE)))
    s = unicodedata.normalize("NFKC", s).strip()
    s = _TRANSPOSE.sub(TRANSPOSE, s)
    s = _QUOTES.sub("", _TRAILING.sub("", s)).casefold()
    s = _JOINER.sub(_fold_joiner, s)
    return _SPACE.sub("", s)


def normalize(text: str) -> str:
    """Former name of :func:`key`."""
    return key(text)


def split_answers(text: str) -> list[str]:
    """Split a typed answer into parts on ``;``/``；`` (used for several cloze blanks)."""
    return [part.strip() for part in re.split(r"[;；]", text)]
