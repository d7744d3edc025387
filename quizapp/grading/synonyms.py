"""Terms that name the same thing, from the built-in glossary (``content/glossary.yaml``): an
entry's English term, its Chinese term and its ``zh_alt`` renderings are one group, so a blank
whose answer is ``梯度裁剪`` also takes ``gradient clipping``, and ``批归一化`` takes
``批量归一化`` and ``BatchNorm``."""

from __future__ import annotations

from functools import cache

from quizapp import paths
from quizapp.grading.normalize import key


@cache
def _groups() -> dict[str, frozenset[str]]:
    """Every glossary spelling's key -> the keys of its group (read once; an unreadable or
    missing glossary means no synonyms)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        text = (paths.builtin_content_dir() / "glossary.yaml").read_text(encoding="utf-8")
        terms = yaml.load(text, Loader=loader).get("terms") or []
    except (OSError, AttributeError, yaml.YAMLError):
        return {}
    out: dict[str, set[str]] = {}
    for term in terms:
        if not isinstance(term, dict):
            continue
        spellings = [term.get("en"), term.get("zh"), *(term.get("zh_alt") or ())]
        group = {key(s) for s in spellings if isinstance(s, str) and s.strip()}
        for k in group:
            out.setdefault(k, set()).update(group)
    return {k: frozenset(v) for k, v in out.items()}


def synonyms(term_key: str) -> frozenset[str]:
    """The keys of every glossary spelling of the term whose key is ``term_key`` (itself
    included); just ``{term_key}`` for a word the glossary does not list."""
    return _groups().get(term_key, frozenset({term_key}))
