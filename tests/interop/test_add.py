"""``quizapp add``: every kind from flags, prompts on a terminal, usage errors without one."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from quizapp.bank.loader import load_file, load_library

HAND_WRITTEN = """\
# My own cards — written by hand, keep my comments!
format: 1
deck:
  id: mine
  name: {en: Mine, zh: 我的}   # a flow mapping
cards:
  # --- losses
  - id: mine.mse
    kind: flashcard
    front: 'What does MSE stand for?'
    back: |
      Mean squared error.
      (squares the residuals)

  - id: mine.huber   # trailing comment
    kind: cloze
    text: {en: "Huber is {{c1::quadratic}} near zero"}
# end of file comment, and no final newline"""


class Tty(io.StringIO):
    """A stdin that claims to be a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def no_tty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


def test_add_into_a_hand_written_bank_keeps_every_byte(
    cli: Callable[..., Any], banks: Path
) -> None:
    path = banks / "mine.yaml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    old = path.read_bytes()
    r = cli(
        "add",
        "flashcard",
        "--deck",
        "mine",
        "--front",
        "What does MAE measure?",
        "--back",
        "Mean absolute error:\nthe mean of |residuals|",
        "--tags",
        "concept,losses",
        "--difficulty",
        "2",
        "--explanation",
        "Robust to outliers.",
    )
    assert r.code == 0, r.err
    assert "added mine.what-does-mae-measure to" in r.out
    new = path.read_bytes()
    assert new.startswith(old) and len(new) > len(old)
    deck, cards, problems = load_file(path)
    assert problems == [] and deck is not None and deck.name.zh == "我的"
    assert [c.id for c in cards] == ["mine.mse", "mine.huber", "mine.what-does-mae-measure"]
    card = cards[-1]
    assert card.front.en == "What does MAE measure?"  # type: ignore[attr-defined]
    assert card.back.en == "Mean absolute error:\nthe mean of |residuals|"  # type: ignore
    assert card.tags == ("concept", "losses") and card.difficulty == 2
    assert card.explanation is not None and card.explanation.en == "Robust to outliers."


def test_missing_fields_without_a_terminal_is_a_usage_error(
    cli: Callable[..., Any], banks: Path
) -> None:
    r = cli("add", "flashcard", "--front", "Only a front")
    assert r.code == 2
    assert "missing --back" in r.err and "not a terminal" in r.err
    assert list(banks.iterdir()) == []
    r = cli("add", "choice", "--question", "Q?", "--option", "a", "--option", "b")
    assert r.code == 2 and "missing --correct" in r.err


def test_invalid_input_writes_nothing(cli: Callable[..., Any], banks: Path) -> None:
    path = banks / "mine.yaml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    r = cli("add", "cloze", "--deck", "mine", "--text", "No deletion in this text")
    assert r.code == 1
    assert "a cloze needs at least one deletion" in r.err and "nothing was written" in r.err
    assert path.read_text(encoding="utf-8") == HAND_WRITTEN
    r = cli("add", "cloze", "--text", "No deletion either")
    assert r.code == 1 and not (banks / "my-cards.yaml").exists()
    r = cli("add", "choice", "--question", "Q?", "--option", "a", "--option", "b", "--correct", "3")
    assert r.code == 2 and "neither an option's text nor a number from 1 to 2" in r.err
    r = cli("add", "flashcard", "--front", "Q", "--back", "A", "--text", "x")
    assert r.code == 2 and "--text is not used by flashcard cards" in r.err
    r = cli("add", "flashcard", "--deck", "My Deck", "--front", "Q", "--back", "A")
    assert r.code == 2 and "not a deck id" in r.err
    assert list(banks.iterdir()) == [path]


def test_every_kind_from_flags(cli: Callable[..., Any], banks: Path) -> None:
    assert (
        cli(
            "add",
            "cloze",
            "--text",
            "Adam keeps an {{c1::exponential moving average}}",
            "--accept",
            "c1=ema|moving average",
        ).code
        == 0
    )
    r = cli(
        "add",
        "choice",
        "--lang",
        "zh",
        "--question",
        "k-means 的初始值会影响结果吗？",
        "--option",
        "会",
        "--option",
        "不会",
        "--option",
        "只在 k=1 时",
        "--correct",
        "会",
        "--no-shuffle",
    )
    assert r.code == 0, r.err
    assert (
        cli(
            "add",
            "choice",
            "--question",
            "Which are losses?",
            "--option",
            "MSE",
            "--option",
            "ReLU",
            "--option",
            "MAE",
            "--correct",
            "1,3",
        ).code
        == 0
    )
    assert (
        cli(
            "add",
            "order",
            "--question",
            "Order the PCA steps",
            "--step",
            "Center",
            "--step",
            "Covariance",
            "--step",
            "Eigendecomposition",
        ).code
        == 0
    )
    r = cli(
        "add",
        "numeric",
        "--question",
        "Huber loss (δ = {delta}) of y = {y_true}, ŷ = {y_pred}?",
        "--solver",
        "losses.huber",
        "--input",
        "y_true=vector:size=3,-2..2,decimals=1",
        "--input",
        "y_pred=vector:size=3,-2..2,decimals=1",
        "--input",
        "delta=choice:0.5|1|2",
        "--tolerance",
        "abs=0.005,rel=0.001",
    )
    assert r.code == 0, r.err
    r = cli(
        "add",
        "numeric",
        "--question",
        "MSE of {a} and {b}?",
        "--solver",
        "losses.mse",
        "--inputs-yaml",
        "{a: {type: vector, size: 2, low: 0, high: 1}, "
        "b: {type: vector, size: 2, low: 0, high: 1}}",
        "--arg",
        "y_true=a",
        "--arg",
        "y_pred=b",
    )
    assert r.code == 0, r.err
    _, cards, problems = load_file(banks / "my-cards.yaml")
    assert problems == []
    by_kind = {c.kind: c for c in cards}
    cloze = by_kind["cloze"]
    assert cloze.accept == {"c1": ("ema", "moving average")}  # type: ignore[attr-defined]
    zh_choice = next(c for c in cards if c.kind == "choice" and c.prompt.zh)
    assert zh_choice.prompt.en is None and not zh_choice.shuffle  # type: ignore[attr-defined]
    assert [o.correct for o in zh_choice.options] == [True, False, False]  # type: ignore
    multi = next(c for c in cards if c.kind == "choice" and c.prompt.en)
    assert [o.correct for o in multi.options] == [True, False, True]  # type: ignore
    huber = next(c for c in cards if c.kind == "numeric" and "huber" in c.id)
    assert huber.answer.args == {
        "y_true": "y_true",
        "y_pred": "y_pred",  # type: ignore
        "delta": "delta",
    }
    assert huber.abs_tol == 0.005  # type: ignore[attr-defined]
    assert huber.inputs["y_true"] == {
        "type": "vector",
        "size": 3,
        "low": -2,  # type: ignore
        "high": 2,
        "decimals": 1,
    }


def test_numeric_errors_are_caught_before_writing(cli: Callable[..., Any], banks: Path) -> None:
    r = cli(
        "add",
        "numeric",
        "--question",
        "?",
        "--solver",
        "losses.hubr",
        "--input",
        "y=vector:size=2,0..1",
    )
    assert r.code == 1 and "did you mean 'losses.huber'" in r.err
    r = cli(
        "add",
        "numeric",
        "--question",
        "?",
        "--solver",
        "losses.huber",
        "--input",
        "y_true=vector:size=2,0..1",
    )
    assert r.code == 2 and "needs y_pred" in r.err
    r = cli(
        "add",
        "numeric",
        "--question",
        "?",
        "--solver",
        "losses.mse",
        "--input",
        "y_true=vector:size=2,0..1",
        "--input",
        "y_pred=vector:size=3,0..1",
    )
    assert r.code == 1 and "computing an example fails" in r.err
    r = cli(
        "add",
        "numeric",
        "--question",
        "?",
        "--solver",
        "losses.mse",
        "--input",
        "y_true=vektor:size=2",
    )
    assert r.code == 2 and "unknown type 'vektor'" in r.err
    assert list(banks.iterdir()) == []


def test_ids_are_unique_across_all_loaded_banks(
    cli: Callable[..., Any], banks: Path, tmp_path: Path
) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        "deck: {id: my-cards}\ncards:\n"
        "  - {id: my-cards.what-is-x, kind: flashcard, front: Q, back: A}\n"
    )
    r = cli("add", "flashcard", "--bank", extra, "--front", "What is x?", "--back", "y")
    assert r.code == 0 and "my-cards.what-is-x-2" in r.out
    r = cli("add", "flashcard", "--front", "What is x?", "--back", "z")
    assert r.code == 0 and "my-cards.what-is-x " in r.out + " "
    r = cli("add", "flashcard", "--front", "What is x?", "--back", "w")
    assert "my-cards.what-is-x-3" in r.out
    builtin = next(iter(load_library(include_user=False).cards))
    r = cli("add", "flashcard", "--id", builtin, "--front", "Q", "--back", "A")
    assert r.code == 1 and "already used" in r.err


def test_prompts_for_missing_fields_on_a_terminal(
    cli: Callable[..., Any], banks: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        sys, "stdin", Tty("What is weight decay?\nIt shrinks weights\ntoward zero.\n\n")
    )
    r = cli("add", "flashcard", "--tags", "optim")
    assert r.code == 0, r.err
    assert "Front (the question): " in r.out and "Back (the answer)" in r.out
    _, cards, _ = load_file(banks / "my-cards.yaml")
    assert cards[0].back.en == "It shrinks weights\ntoward zero."  # type: ignore[attr-defined]
    monkeypatch.setattr(sys, "stdin", Tty("Which is a loss?\nMSE\nReLU\n\n1\n"))
    assert cli("add", "choice").code == 0
    monkeypatch.setattr(sys, "stdin", Tty("Order\nA\nB\n\nC\n\n"))
    r = cli("add", "order")
    assert r.code == 0 and "at least 3 needed" in r.out
    monkeypatch.setattr(sys, "stdin", Tty("Half a card\n"))
    r = cli("add", "flashcard")
    assert r.code == 2 and "input ended" in r.err
    _, cards, _ = load_file(banks / "my-cards.yaml")
    assert [c.kind for c in cards] == ["flashcard", "choice", "order"]


def test_dry_run_prints_the_card_and_writes_nothing(cli: Callable[..., Any], banks: Path) -> None:
    r = cli("add", "flashcard", "--front", "Q?", "--back", "A", "--dry-run")
    assert r.code == 0 and "would add my-cards.q" in r.out and "front:\n      en: Q?" in r.out
    assert list(banks.iterdir()) == []
