"""Lint of the built-in banks: the rules a reviewer would otherwise check by hand."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml

from quizapp import render
from quizapp.bank import cloze
from quizapp.bank.loader import Library, load_library
from quizapp.bank.model import Card, Choice, Cloze, Order, Text
from quizapp.paths import builtin_content_dir

CONTENT = builtin_content_dir()
TOPICS = ("losses", "gradients", "kmeans", "pca")


@cache
def builtins() -> Library:
    return load_library(include_user=False)


def cards() -> list[Card]:
    return list(builtins().cards.values())


def test_builtin_banks_load_without_problems() -> None:
    assert [str(p) for p in builtins().problems] == []


@pytest.mark.parametrize("topic", TOPICS)
def test_each_topic_has_at_least_30_cards_of_every_concept_kind(topic: str) -> None:
    kinds = Counter(c.kind for c in cards() if c.deck == topic)
    assert sum(kinds.values()) >= 30, kinds
    assert {"flashcard", "cloze", "choice", "order"} <= set(kinds), kinds


def test_every_card_has_tags_and_a_difficulty() -> None:
    for card in cards():
        assert card.tags, card.id
        assert 1 <= card.difficulty <= 5, card.id


def test_every_text_field_has_both_languages() -> None:
    for card in cards():
        for text in card.texts():
            assert text.en and text.en.strip(), card.id
            assert text.zh and text.zh.strip(), card.id


def test_choice_cards_have_a_correct_option_and_distinct_options() -> None:
    for card in cards():
        if isinstance(card, Choice):
            assert any(o.correct for o in card.options), card.id
            for lang in ("en", "zh"):
                texts = [o.text.raw(lang) for o in card.options]
                assert len(set(texts)) == len(texts), (card.id, lang)


def test_cloze_deletions_appear_in_both_languages() -> None:
    for card in cards():
        if isinstance(card, Cloze):
            en, zh = cloze.numbers(card.text.en or ""), cloze.numbers(card.text.zh or "")
            assert en and en == zh, card.id


def test_order_cards_have_at_least_three_steps() -> None:
    for card in cards():
        if isinstance(card, Order):
            assert len(card.steps) >= 3, card.id


def test_every_card_renders_in_both_languages() -> None:
    for card in cards():
        for lang in ("en", "zh", "both"):
            shown = render.question(card, lang)
            assert shown.strip(), (card.id, lang)
            for text in card.texts():
                out = render.text(text, lang)
                assert "\\frac" not in out and "\\sum" not in out, (card.id, lang, out)


@cache
def glossary() -> list[tuple[re.Pattern[str], str, tuple[str, ...]]]:
    terms = yaml.safe_load((CONTENT / "glossary.yaml").read_text(encoding="utf-8"))["terms"]
    out = []
    for term in terms:
        english = re.escape(term["en"]).replace(r"\ ", r"[\s-]+")
        pattern = re.compile(rf"(?<![\w-]){english}(?:s|es)?(?![\w-])", re.IGNORECASE)
        out.append((pattern, term["en"], (term["zh"], *term.get("zh_alt", ()))))
    return out


def test_glossary_has_enough_distinct_pairs() -> None:
    terms = [t[1].lower() for t in glossary()]
    assert len(terms) >= 60
    assert len(set(terms)) == len(terms)


def _pairs(card: Card) -> list[Text]:
    return [t for t in card.texts() if t.en and t.zh]


def test_chinese_text_uses_the_glossary_term_wherever_the_english_does() -> None:
    misses = []
    for card in cards():
        for text in _pairs(card):
            for pattern, english, chinese in glossary():
                if pattern.search(text.en or "") and not any(
                    zh.lower() in (text.zh or "").lower() for zh in chinese
                ):
                    misses.append(f"{card.id}: '{english}' -> {chinese[0]}")
    assert misses == []


def test_coverage_names_existing_cards_for_every_part_of_the_notes() -> None:
    coverage = yaml.safe_load((CONTENT / "coverage.yaml").read_text(encoding="utf-8"))
    assert set(coverage) == set(TOPICS)
    known = builtins().cards
    for topic, entries in coverage.items():
        assert entries, topic
        for entry in entries:
            assert entry["statement"].strip()
            assert entry["cards"], entry["statement"]
            for card_id in entry["cards"]:
                assert card_id in known, (topic, card_id)


NOTES = Path(__file__).resolve().parents[1] / "fixtures" / "notes" / "ml-interview-notes.txt"


def test_coverage_quotes_come_from_the_notes() -> None:
    notes = re.sub(r"\s+", " ", NOTES.read_text(encoding="utf-8"))
    coverage = yaml.safe_load((CONTENT / "coverage.yaml").read_text(encoding="utf-8"))
    quoted = [e["statement"] for entries in coverage.values() for e in entries]
    found = sum(re.sub(r"\s+", " ", q).strip(" .") in notes for q in quoted)
    assert found / len(quoted) > 0.5  # most entries quote the notes; the rest paraphrase
