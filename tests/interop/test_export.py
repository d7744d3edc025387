"""``quizapp export``: the .apkg read back (zip, SQLite, notes, fields, GUIDs, note types), the
CSV and YAML round trips."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import genanki
import pytest

from quizapp.bank.loader import load_file
from quizapp.interop.anki import BASIC_MODEL_ID, CLOZE_MODEL_ID, deck_id_for

BANK = r"""
format: 1
deck:
  id: t
  name: {en: Test deck, zh: 测试}
cards:
  - id: t.flash
    kind: flashcard
    tags: [concept, two words]
    front: {en: 'What is $\hat{y}$?', zh: '什么是 $\hat{y}$？'}
    back: {en: 'The prediction; loss $$L = (y-\hat{y})^2$$ & more <b>', zh: 预测值}
    explanation: {en: Used everywhere., zh: 到处都用。}
  - id: t.cloze
    kind: cloze
    text: {en: "Clip by {{c1::norm}}.", zh: "按{{c1::范数}}裁剪。"}
  - id: t.choice
    kind: choice
    question: {en: Which are losses?, zh: 哪些是损失函数？}
    options:
      - {text: {en: MSE, zh: 均方误差}, correct: true}
      - {text: {en: ReLU, zh: ReLU}}
      - {text: {en: MAE, zh: 平均绝对误差}, correct: true}
  - id: t.order
    kind: order
    question: {en: Order the PCA steps., zh: 给 PCA 的步骤排序。}
    steps: [{en: Center}, {en: Covariance}, {en: Eigendecomposition}]
  - id: t.numeric
    kind: numeric
    question:
      en: "MSE of y = {y_true} and ŷ = {y_pred}?"
      zh: "求 y = {y_true}、ŷ = {y_pred} 的均方误差。"
    inputs:
      y_true: {type: vector, size: 3, low: -2, high: 2, decimals: 1}
      y_pred: {type: vector, size: 3, low: -2, high: 2, decimals: 1}
    answer: {solver: losses.mse, args: {y_true: y_true, y_pred: y_pred}}
  - id: t.drill
    kind: drill
    title: {en: Mean squared error}
    statement: {en: Implement the MSE.}
    function: mse
    signature: "mse(y_true, y_pred) -> float"
    starter: "def mse(y_true, y_pred):\n    raise NotImplementedError\n"
    solver: losses.mse
    cases: {random: 0, fixed: [{y_true: [0.0], y_pred: [1.0]}]}
"""


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    path = tmp_path / "t.yaml"
    path.write_text(BANK, encoding="utf-8")
    _, cards, problems = load_file(path)
    assert problems == [] and len(cards) == 6
    return path


def read_apkg(path: Path, tmp_path: Path) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """(notes by QuizappId, models, decks) of an exported package."""
    with zipfile.ZipFile(path) as z:
        assert set(z.namelist()) == {"collection.anki2", "media"}
        z.extract("collection.anki2", tmp_path / "x")
    with closing(sqlite3.connect(tmp_path / "x" / "collection.anki2")) as con:
        rows = con.execute("SELECT guid, mid, tags, flds FROM notes").fetchall()
        models, decks = (
            json.loads(v) for v in con.execute("SELECT models, decks FROM col").fetchone()
        )
        cards = con.execute("SELECT count(*) FROM cards").fetchone()[0]
    notes = {}
    for guid, mid, tags, flds in rows:
        fields = flds.split("\x1f")
        notes[fields[-1]] = {"guid": guid, "mid": mid, "tags": tags.split(), "fields": fields}
    assert cards >= len(notes)
    return notes, models, decks


def test_apkg_read_back(cli: Callable[..., Any], bank: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "quizapp.apkg"
    r = cli("export", "--format", "apkg", out, "--bank", bank, "--deck", "t")
    assert r.code == 0, r.err
    assert "exported 6 card(s)" in r.out
    notes, models, decks = read_apkg(out, tmp_path)
    assert set(notes) == {"t.flash", "t.cloze", "t.choice", "t.order", "t.numeric", "t.drill"}
    for card_id, note in notes.items():
        assert note["guid"] == genanki.guid_for(card_id)
    assert models[str(BASIC_MODEL_ID)]["type"] == 0
    assert models[str(CLOZE_MODEL_ID)]["type"] == 1
    assert [f["name"] for f in models[str(BASIC_MODEL_ID)]["flds"]] == [
        "Front",
        "Back",
        "Explanation",
        "QuizappId",
    ]
    assert decks[str(deck_id_for("t"))]["name"] == "quizapp::Test deck · 测试"

    front, back, extra, _ = notes["t.flash"]["fields"]
    assert front == "What is \\(\\hat{y}\\)?<br><br>什么是 \\(\\hat{y}\\)？"
    assert back == (
        "The prediction; loss \\[L = (y-\\hat{y})^2\\] &amp; more &lt;b&gt;<br><br>预测值"
    )
    assert extra == "Used everywhere.<br><br>到处都用。"
    assert notes["t.flash"]["tags"] == ["concept", "two_words"]
    assert notes["t.flash"]["mid"] == BASIC_MODEL_ID

    cloze = notes["t.cloze"]
    assert cloze["mid"] == CLOZE_MODEL_ID
    assert cloze["fields"][0] == "Clip by {{c1::norm}}.<br><br>按{{c1::范数}}裁剪。"

    q, a, _, _ = notes["t.choice"]["fields"]
    assert "1. MSE / 均方误差<br>2. ReLU<br>3. MAE / 平均绝对误差" in q
    assert "(select all that apply) / （多选）" in q
    assert a == "1. MSE / 均方误差<br>3. MAE / 平均绝对误差"

    q, a, _, _ = notes["t.order"]["fields"]
    assert all(step in q for step in ("Center", "Covariance", "Eigendecomposition"))
    assert a.endswith("1. Center<br>2. Covariance<br>3. Eigendecomposition")
    assert "→" in a

    q, a, extra, _ = notes["t.numeric"]["fields"]
    assert "{y_true}" not in q and q.startswith("MSE of y = [")
    assert "Answer:" in a and "答案：" in a and "seed" in extra

    q, a, _, _ = notes["t.drill"]["fields"]
    assert q.startswith("Mean squared error<br><br>Implement the MSE.")
    assert "<pre><code>mse(y_true, y_pred) -&gt; float</code></pre>" in q
    assert a.startswith("<pre><code>def mse(") and "\n" in a  # code keeps its lines


def test_reexport_keeps_guids_and_ids(cli: Callable[..., Any], bank: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    assert cli("export", first, "--bank", bank, "--deck", "t").code == 0
    assert cli("export", second, "--bank", bank, "--deck", "t", "--lang", "en").code == 0
    a, models_a, decks_a = read_apkg(first, tmp_path / "1")
    b, models_b, decks_b = read_apkg(second, tmp_path / "2")
    assert {k: v["guid"] for k, v in a.items()} == {k: v["guid"] for k, v in b.items()}
    assert set(models_a) == set(models_b) and set(decks_a) == set(decks_b)
    assert b["t.flash"]["fields"][0] == "What is \\(\\hat{y}\\)?"  # English only
    assert b["t.order"]["fields"][0].startswith("Order the PCA steps.<br>")


def test_exported_apkg_imports_back_as_duplicates(
    cli: Callable[..., Any], bank: Path, banks: Path, tmp_path: Path
) -> None:
    out = tmp_path / "t.apkg"
    assert cli("export", out, "--bank", bank, "--deck", "t").code == 0
    r = cli("import", out, "--bank", bank)
    assert r.code == 0 and "created: 0" in r.out
    assert "skipped as duplicates (already imported): 6" in r.out


def test_csv_round_trip(cli: Callable[..., Any], bank: Path, banks: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    assert cli("export", out, "--bank", bank, "--deck", "t", "--lang", "en").code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("#separator:comma\n#html:false\n#guid column:1\n")
    assert f"{genanki.guid_for('t.flash')},Basic,quizapp::Test deck," in text
    r = cli("import", out)  # into a home without the source bank: the cards come back
    assert r.code == 0, r.err
    deck, cards, problems = load_file(banks / "quizapp-test-deck.yaml")
    assert problems == [] and deck is not None and deck.name.en == "quizapp::Test deck"
    got = {c.id: c for c in cards}
    assert set(got) == {"t.flash", "t.cloze", "t.choice", "t.order", "t.numeric", "t.drill"}
    assert got["t.flash"].back.en == "The prediction; loss \\[L = (y-\\hat{y})^2\\] & more <b>"  # type: ignore
    assert got["t.cloze"].kind == "cloze"
    assert cli("import", out).out.count("created: 0") == 1


def test_yaml_export_validates(cli: Callable[..., Any], bank: Path, tmp_path: Path) -> None:
    out = tmp_path / "t-copy.yaml"
    assert cli("export", out, "--bank", bank, "--deck", "t").code == 0
    deck, cards, problems = load_file(out)
    _, originals, _ = load_file(bank)
    assert problems == [] and deck is not None and deck.name.zh == "测试"
    assert [c.id for c in cards] == [c.id for c in originals]
    for mine, theirs in zip(cards, originals, strict=True):
        assert mine.texts() == theirs.texts()
    folder = tmp_path / "all"
    r = cli("export", "--format", "yaml", folder, "--bank", bank, "--deck", "t")
    assert r.code == 0 and (folder / "t.yaml").exists()
    r = cli("export", tmp_path / "one.yaml", "--bank", bank)
    assert r.code == 1 and "a bank holds one deck" in r.err


def test_usage_errors(cli: Callable[..., Any], bank: Path, tmp_path: Path) -> None:
    r = cli("export", tmp_path / "x.zip", "--bank", bank)
    assert r.code == 2 and "give --format" in r.err
    r = cli("export", tmp_path / "x.apkg", "--deck", "nope")
    assert r.code == 2 and "unknown deck(s): nope" in r.err
    assert not (tmp_path / "x.apkg").exists()


FORMULA_BANK = r"""
format: 1
deck:
  id: f
  name: {en: Formulas}
cards:
  - id: f.eq
    kind: flashcard
    front: {en: '=HYPERLINK("http://evil.example","click")'}
    back: {en: "+1+cmd|' /C calc'!A0"}
    explanation: {en: '-2+3'}
  - id: f.at
    kind: flashcard
    front: {en: '@SUM(A1:A9)'}
    back: {en: "\tTAB"}
    explanation: {en: "\rCR"}
  - id: f.plain
    kind: flashcard
    front: {en: 'a, "quoted" =not at start'}
    back: {en: 'x = 1'}
"""

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def test_spreadsheet_csv_neutralises_formulas(cli: Callable[..., Any], tmp_path: Path) -> None:
    import csv

    bank = tmp_path / "f.yaml"
    bank.write_text(FORMULA_BANK, encoding="utf-8")
    raw_out, sheet_out = tmp_path / "anki.csv", tmp_path / "sheet.csv"
    assert cli("export", raw_out, "--bank", bank, "--deck", "f", "--lang", "en").code == 0
    r = cli("export", sheet_out, "--bank", bank, "--deck", "f", "--lang", "en", "--for-spreadsheet")
    assert r.code == 0, r.err

    with raw_out.open(encoding="utf-8", newline="") as f:
        raw_rows = [row for row in csv.reader(f) if not row[0].startswith("#")]
    raw_cells = {cell for row in raw_rows for cell in row}
    assert '=HYPERLINK("http://evil.example","click")' in raw_cells  # Anki gets the text as written
    assert "@SUM(A1:A9)" in raw_cells and "\rCR" in raw_cells

    text = sheet_out.read_text(encoding="utf-8")
    assert "#separator" not in text and "#html" not in text
    with sheet_out.open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    assert header == ["id", "deck", "kind", "front", "back", "explanation", "tags"]
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert set(by_id) == {"f.eq", "f.at", "f.plain"}
    for row in rows:
        for cell in row:
            assert not cell.startswith(DANGEROUS), cell
    assert by_id["f.eq"]["front"] == '\'=HYPERLINK("http://evil.example","click")'
    assert by_id["f.eq"]["back"] == "'+1+cmd|' /C calc'!A0"
    assert by_id["f.eq"]["explanation"] == "'-2+3"
    assert by_id["f.at"]["front"] == "'@SUM(A1:A9)"
    assert by_id["f.at"]["back"] == "'\tTAB" and by_id["f.at"]["explanation"] == "'\rCR"
    # Only cells that would run are touched; a separator or quote inside a cell stays in it.
    assert by_id["f.plain"]["front"] == 'a, "quoted" =not at start'
    assert by_id["f.plain"]["back"] == "x = 1"


def test_spreadsheet_safe_prefixes_only_formula_starts() -> None:
    from quizapp.interop.export import spreadsheet_safe

    for start in DANGEROUS:
        assert spreadsheet_safe(start + "A1") == "'" + start + "A1"
    for cell in ("", "A1", " =1", "'=1", "1-2", "中文=1"):
        assert spreadsheet_safe(cell) == cell


def test_for_spreadsheet_usage(cli: Callable[..., Any], bank: Path, tmp_path: Path) -> None:
    r = cli("export", tmp_path / "x.apkg", "--bank", bank, "--deck", "t", "--for-spreadsheet")
    assert r.code == 0 and (tmp_path / "x.apkg").read_text(encoding="utf-8").startswith('"id"')
    r = cli("export", tmp_path / "y", "--format", "apkg", "--bank", bank, "--for-spreadsheet")
    assert r.code == 2 and "--for-spreadsheet writes a CSV, not apkg" in r.err
    r = cli("export", "--help")
    help_text = " ".join(r.out.split())  # argparse wraps lines
    assert r.code == 0 and "--for-spreadsheet" in help_text
    assert "gets a leading ' so it is shown as text" in help_text and "OWASP" in help_text
    assert "The Anki CSV keeps every text raw, as Anki's importer needs it" in help_text
