"""Importing CSV/TSV: Anki's header lines, header rows (English and Chinese), re-imports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from quizapp.bank.loader import load_file

ANKI_TSV = (
    "#separator:tab\n"
    "#html:true\n"
    "#columns:Front\tBack\tTags\n"
    "#tags column:3\n"
    "What does <b>MSE</b> measure?\tThe mean of squared residuals<br>(L2)\tloss concept\n"
    "Why clip gradients?&nbsp;\t<div>To stop exploding gradients &amp; NaNs</div>"
    '<div><img src="x.png"></div>\toptim\n'
    '"A quoted\nfront"\t"two\tlines"\t\n'
    "\tno front here\t\n"
    "Only a front\t\t\n"
)


def load(path: Path) -> dict[str, Any]:
    _, cards, problems = load_file(path)
    assert problems == []
    return {c.prompt.en or c.prompt.zh: c for c in cards}


def test_anki_headers(cli: Callable[..., Any], banks: Path, tmp_path: Path) -> None:
    src = tmp_path / "Anki Export.txt"
    src.write_text(ANKI_TSV, encoding="utf-8")
    r = cli("import", src)
    assert r.code == 0, r.err
    cards = load(banks / "anki-export.yaml")
    # in HTML, a raw line break is a space, as in Anki; <br> and <div> are line breaks
    assert list(cards) == ["What does MSE measure?", "Why clip gradients?", "A quoted front"]
    mse = cards["What does MSE measure?"]
    assert mse.back.en == "The mean of squared residuals\n(L2)"
    assert mse.tags == ("loss", "concept") and mse.source == "Anki Export.txt:5"
    assert cards["Why clip gradients?"].back.en == "To stop exploding gradients & NaNs"
    assert cards["A quoted front"].back.en == "two lines"
    assert "media skipped: 1" in r.out
    assert "? line 9: " in r.out and "the front is empty" in r.out
    assert "? line 10: Only a front — no back (answer) in this row" in r.out


def test_anki_own_export_layout_without_columns(
    cli: Callable[..., Any], banks: Path, tmp_path: Path
) -> None:
    src = tmp_path / "deck.txt"
    src.write_text(
        "#separator:tab\n#html:false\n#notetype column:1\n#deck column:2\n"
        "#tags column:5\n"
        "Basic\tML::Losses\tWhat is MAE?\tMean absolute error\tloss\n"
        "Cloze\tML::Losses\tMAE is the {{c1::L1}} loss\tRobust.\t\n",
        encoding="utf-8",
    )
    r = cli("import", src)
    assert r.code == 0, r.err
    _, cards, problems = load_file(banks / "ml-losses.yaml")
    assert problems == []
    flash, cloze = cards
    assert flash.kind == "flashcard" and flash.back.en == "Mean absolute error"  # type: ignore
    assert flash.tags == ("loss",)
    assert cloze.kind == "cloze" and cloze.text.en == "MAE is the {{c1::L1}} loss"  # type: ignore
    assert cloze.explanation is not None and cloze.explanation.en == "Robust."


def test_header_row_in_english_or_chinese(
    cli: Callable[..., Any], banks: Path, tmp_path: Path
) -> None:
    src = tmp_path / "cards.csv"
    src.write_text(
        "Front,Back,Tags,Deck,Explanation\n"
        'What is PCA?,"A linear projection\nonto the top eigenvectors",'
        '"pca, concept",,Unsupervised.\n',
        encoding="utf-8",
    )
    assert cli("import", src).code == 0
    pca = load(banks / "cards.yaml")["What is PCA?"]
    assert pca.back.en == "A linear projection\nonto the top eigenvectors"
    assert pca.tags == ("pca", "concept") and pca.explanation.en == "Unsupervised."
    zh = tmp_path / "中文.csv"
    zh.write_text("\ufeff正面;背面;标签\n什么是梯度裁剪？;按范数缩放梯度;梯度\n", encoding="utf-8")
    r = cli("import", zh, "--deck", "zh-cards")
    assert r.code == 0, r.err
    card = load(banks / "zh-cards.yaml")["什么是梯度裁剪？"]
    assert card.back.zh == "按范数缩放梯度" and card.prompt.en is None and card.tags == ("梯度",)


def test_reimport_is_idempotent(cli: Callable[..., Any], banks: Path, tmp_path: Path) -> None:
    src = tmp_path / "anki.tsv"
    src.write_text(ANKI_TSV, encoding="utf-8")
    assert cli("import", src).code == 0
    before = (banks / "anki.yaml").read_bytes()
    r = cli("import", src)
    assert r.code == 0 and "created: 0" in r.out
    assert "skipped as duplicates (already imported): 3" in r.out
    assert (banks / "anki.yaml").read_bytes() == before
    # a new row in the same file: only it is added
    src.write_text(ANKI_TSV + "What is Adam?\tMomentum + RMSProp\toptim\n", encoding="utf-8")
    r = cli("import", src)
    assert "created: 1" in r.out and (banks / "anki.yaml").read_bytes().startswith(before)


def test_errors_are_clear_and_write_nothing(
    cli: Callable[..., Any], banks: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "latin1.csv"
    bad.write_bytes("front,back\ncaf\xe9,x\n".encode("latin-1"))
    r = cli("import", bad)
    assert r.code == 1 and "latin1.csv:2: not UTF-8 text" in r.err and "Traceback" not in r.err
    nofront = tmp_path / "x.csv"
    nofront.write_text("#columns:alpha,beta\n#separator:comma\n1,2\n", encoding="utf-8")
    r = cli("import", nofront)
    assert r.code == 1 and "no front/question column" in r.err
    r = cli("import", tmp_path / "missing.csv")
    assert r.code == 1 and "cannot read" in r.err
    assert list(banks.iterdir()) == []


def test_a_header_row_alone_gives_no_cards_and_no_error(tmp_path: Path) -> None:
    # Found by tests/fuzz: a one-cell file "Q" reads as a header row, and nothing followed it.
    from quizapp.interop.csvfile import parse_csv

    for text in ("Q", "front,back\n", "问题,答案\n\n"):
        parsed = parse_csv(tmp_path / "h.csv", text)
        assert parsed.candidates == [] and parsed.info == ["only a header row; no cards"]
