"""Importing question-and-answer notes: the shared ML notes file, and the rules on small files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from quizapp.bank.loader import load_file
from quizapp.interop.notes import parse_notes, reads_as_question

NOTES = Path(__file__).resolve().parents[1] / "fixtures" / "notes" / "ml-interview-notes.txt"


def cards_by_front(path: Path) -> dict[str, Any]:
    _, cards, problems = load_file(path)
    assert problems == []
    return {(c.prompt.en or c.prompt.zh): c for c in cards}


def test_the_notes_fixture_gives_one_card_per_question(
    cli: Callable[..., Any], banks: Path
) -> None:
    r = cli("import", NOTES)
    assert r.code == 0, r.err
    path = banks / "ml-interview-notes.yaml"
    cards = cards_by_front(path)
    english = [f for f, c in cards.items() if c.prompt.en]
    chinese = [f for f, c in cards.items() if c.prompt.zh]
    assert english == [
        "What is gradient explosion or vanishing",
        "Why does gradient explosion happen",
        "Why does gradient vanishing happen",
        "Dealing with exploding gradient",
        "Dealing with Vanishing Gradients",
    ]
    assert chinese == [
        "简要介绍一下k-means",
        "k-means初始值的选取对最终结果有影响吗?",
        "k-means计算距离应该计算什么距离",
        "简要介绍一下PCA",
        "PCA的优缺点",
        "为什么要进行去均值操作",
    ]
    causes = cards["Why does gradient explosion happen"].back.en
    assert causes == (
        "- Poor choice of learning rate that results in large weight updates.\n"
        "- Poor choice of data preparation, allowing large differences in the target variable.\n"
        "- Poor choice of loss function, allowing the calculation of large error values."
    )
    assert cards["k-means初始值的选取对最终结果有影响吗?"].back.zh == "有"
    assert cards["PCA的优缺点"].back.zh == (
        "优点:降维的同时,可以消除数据维度之间的相关性\n缺点:失去数据原有含义"
    )
    assert cards["为什么要进行去均值操作"].back.zh.endswith("只要计算$x \\cdot x^T$即可。")
    clipping = cards["Dealing with exploding gradient"].back.en
    assert clipping.startswith("Exploding gradients can be avoided in general")
    assert "opt = SGD(lr=0.01, momentum=0.9, clipvalue=0.5)" in clipping
    assert "# configure sgd with gradient norm clipping" in clipping
    vanishing = cards["Dealing with Vanishing Gradients"]
    assert vanishing.back.en.endswith("doesn’t reach the outer edges of the sigmoid function.")
    assert "[3] The Vanishing Gradient Problem" in vanishing.source
    assert "[1]" not in vanishing.back.en
    assert all(c.back.zh is None for c in cards.values() if c.prompt.en)
    # the statements before the first question are reported, with their line numbers
    assert "not understood: 3" in r.out
    for line in (1, 2, 3):
        assert f"? line {line}: " in r.out
    assert "text before the first question" in r.out


def test_reimport_and_dry_run_write_nothing_new(cli: Callable[..., Any], banks: Path) -> None:
    r = cli("import", NOTES, "--dry-run")
    assert r.code == 0 and "would create 11 card(s)" in r.out
    assert "front:\n      zh: k-means初始值的选取对最终结果有影响吗?" in r.out
    assert list(banks.iterdir()) == []
    assert cli("import", NOTES).code == 0
    before = (banks / "ml-interview-notes.yaml").read_bytes()
    r = cli("import", NOTES)
    assert r.code == 0
    assert "created: 0" in r.out and "skipped as duplicates (already imported): 11" in r.out
    assert (banks / "ml-interview-notes.yaml").read_bytes() == before
    r = cli("import", NOTES, "--deck", "other")
    assert "created: 0" in r.out  # same notes into another deck: still duplicates


def test_deck_option(cli: Callable[..., Any], banks: Path) -> None:
    r = cli("import", NOTES, "--deck", "interview")
    assert r.code == 0
    _, cards, _ = load_file(banks / "interview.yaml")
    assert len(cards) == 11 and all(c.id.startswith("interview.") for c in cards)
    assert cli("import", NOTES, "--deck", "Not An Id").code == 2


def test_markdown_rules(tmp_path: Path) -> None:
    text = """\
# Losses

Some intro that is not a question.

## What is the Huber loss?
Quadratic near zero,
linear in the tails.

- Why use MAE
- it is robust
- it is simple

Q: What does MSE stand for?
A: Mean squared error.

## Code
```python
# a comment, not a heading
x = 1
```

- Compare L1 and L2
L1 is robust.
[1] Some reference
- Is this a question?
"""
    parsed = parse_notes(tmp_path / "n.md", text)
    got = {c.fields["front"]: c for c in parsed.candidates}
    assert list(got) == [
        "What is the Huber loss?",
        "Why use MAE",
        "What does MSE stand for?",
        "Code",
        "Compare L1 and L2",
    ]
    assert got["What is the Huber loss?"].fields["back"] == (
        "Quadratic near zero,\nlinear in the tails."
    )
    assert got["Why use MAE"].fields["back"] == "- it is robust\n- it is simple"
    assert got["What does MSE stand for?"].fields["back"] == "Mean squared error."
    assert "# a comment, not a heading" in got["Code"].fields["back"]
    assert got["Compare L1 and L2"].source == "n.md:22 — [1] Some reference"
    assert got["What is the Huber loss?"].tags == ["Losses"]
    assert [(r.line, r.reason) for r in parsed.rejected] == [
        (3, "text before the first question"),
        (25, "a question without an answer"),
    ]


def test_question_detection() -> None:
    for q in (
        "What is PCA",
        "why?",
        "Explain dropout",
        "简要介绍一下PCA",
        "为什么要去均值",
        "k-means有影响吗",
        "PCA的优缺点",
        "什么是梯度裁剪",
        "有哪些距离",
    ):
        assert reads_as_question(q), q
    for a in ("Poor choice of learning rate.", "有", "优点:降维", "The simplest solution is …"):
        assert not reads_as_question(a), a
    assert not reads_as_question("What is it", strict=True)
    assert reads_as_question("Is it convex?", strict=True)
