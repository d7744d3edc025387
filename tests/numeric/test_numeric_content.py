"""The built-in numeric cards (content/<topic>/numeric.yaml): valid, bilingual, and sound for
200 seeds each — finite answers, answers accepted at the precision the question asks for, and
named mistakes that can be told apart from the answer and are recognized when typed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quizapp.bank.loader import load_library
from quizapp.bank.model import Numeric
from quizapp.grading import numeric
from solvers.registry import explainer

REPO = Path(__file__).resolve().parents[2]
TOPICS = ("losses", "gradients", "kmeans", "pca")
SEEDS = range(200)
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _load() -> dict[str, Numeric]:
    lib = load_library(
        [REPO / "content" / t / "numeric.yaml" for t in TOPICS],
        include_builtin=False,
        include_user=False,
    )
    assert not lib.problems, "\n".join(map(str, lib.problems))
    cards = {cid: c for cid, c in lib.cards.items() if isinstance(c, Numeric)}
    assert len(cards) == len(lib.cards)
    return cards


CARDS = _load()


def test_at_least_six_cards_per_topic_with_ids_decks_and_mistakes() -> None:
    for topic in TOPICS:
        mine = [c for c in CARDS.values() if c.deck == topic]
        assert len(mine) >= 6, topic
        for card in mine:
            assert re.fullmatch(rf"{topic}\.numeric\.[a-z0-9-]+", card.id)
            assert card.mistakes, f"{card.id} has no named mistake"
            assert explainer(card.answer.solver), f"{card.id}: no worked-solution explainer"


@pytest.mark.parametrize("card_id", sorted(CARDS))
def test_every_text_is_bilingual_with_the_same_placeholders(card_id: str) -> None:
    card = CARDS[card_id]
    texts = [card.question, *(m.label for m in card.mistakes)]
    if card.solution:
        texts.append(card.solution)
    for text in texts:
        assert text.en and text.zh, card_id
        assert re.search(r"[\u4e00-\u9fff]", text.zh), f"{card_id}: zh has no Chinese"
        assert set(_PLACEHOLDER.findall(text.en)) == set(_PLACEHOLDER.findall(text.zh))
    names = set(_PLACEHOLDER.findall(card.question.en))
    assert names <= set(card.inputs), f"{card_id}: unknown placeholder"


def _precision(card: Numeric) -> tuple[str, int]:
    m = re.search(r"(\d+) (decimals|significant)", card.question.en)
    if m:
        return m.group(2), int(m.group(1))
    return "display", 4


def _rounded(value: float, kind: str, digits: int) -> str:
    if kind == "decimals":
        return f"{value:.{digits}f}"
    return f"{value:.{digits}g}" if kind == "significant" else numeric.show_number(value)


def _typed(value: numeric.Number, kind: str = "display", digits: int = 4) -> str:
    values = value if isinstance(value, list) else [value]
    return ", ".join(_rounded(v, kind, digits) for v in values)


@pytest.mark.parametrize("card_id", sorted(CARDS))
def test_two_hundred_seeds(card_id: str) -> None:
    card = CARDS[card_id]
    kind, digits = _precision(card)
    for seed in SEEDS:
        inst = numeric.instantiate(card, seed)
        where = f"{card_id} seed {seed}"
        # the filled texts have no placeholder left
        assert not _PLACEHOLDER.search(inst.question.en + inst.question.zh), where
        # the answer, rounded as the question asks (or as displayed), is accepted
        assert numeric.check(inst, _typed(inst.answer, kind, digits)).correct, where
        assert numeric.check(inst, _typed(inst.answer)).correct, where
        for mv in inst.mistakes:
            # no built-in card declares a mistake that may coincide with its answer
            assert mv.active, f"{where}: mistake {mv.mistake.id} = answer {inst.answer}"
            verdict = numeric.check(inst, _typed(mv.value))
            assert not verdict.correct, where
            assert verdict.mistake is not None, f"{where}: {mv.mistake.id} not recognized"


def test_instances_vary_with_the_seed() -> None:
    for card in CARDS.values():
        values = [numeric.instantiate(card, seed).answer for seed in range(20)]
        answers = {str(v) for v in values}
        # a count (how many components Kaiser's rule keeps) has only a few possible values
        counts = all(isinstance(v, (int, float)) and float(v).is_integer() for v in values)
        assert len(answers) >= (3 if counts else 5), card.id
