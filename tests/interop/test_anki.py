"""Importing Anki packages in every layout: genanki/old ``collection.anki2``, ``collection.anki21``
and zstd ``collection.anki21b`` (built here, plus the two real exports made by Anki itself)."""

from __future__ import annotations

import itertools
import sqlite3
import zipfile
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import genanki
import pytest
import zstandard

from quizapp.bank.loader import load_file
from quizapp.interop import anki

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REAL = {
    "anki21b": FIXTURES / "anki" / "anki-current-layout.apkg",
    "anki21": FIXTURES / "anki" / "anki-legacy-layout.apkg",
}
STUB = "Please update to the latest Anki version, then import the .colpkg/.apkg file again."

BASIC = genanki.Model(
    1_111_111,
    "Basic",
    fields=[{"name": "Front"}, {"name": "Back"}],
    templates=[
        {"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}
    ],
)
CLOZE = genanki.CLOZE_MODEL
NOTES = [  # (model, fields, tags, guid)
    (
        BASIC,
        [
            "What is <b>MSE</b>?&nbsp;",
            "Mean squared error<br>of the residuals "
            '&amp; more<div><img src="plot.png"></div>[sound:mse.mp3]',
        ],
        ["loss"],
        "g-mse",
    ),
    (BASIC, ["什么是梯度裁剪？", "按范数<br>缩放梯度"], ["梯度"], "g-clip"),
    (
        CLOZE,
        [
            "Adam keeps an {{c1::exponential moving average}} of {{c2::gradients::what?}}",
            "From <i>Kingma &amp; Ba</i>",
        ],
        [],
        "g-adam",
    ),
    (BASIC, ['<img src="only.png">', "A picture"], [], "g-media"),
]


def genanki_db(
    path: Path, notes: list[tuple[Any, list[str], list[str], str]], deck: str = "ML::Basics"
) -> Path:
    """A collection written by genanki (schema 11, what genanki puts in collection.anki2)."""
    d = genanki.Deck(2_059_400_110, deck)
    for model, fields, tags, guid in notes:
        d.add_note(genanki.Note(model=model, fields=fields, tags=tags, guid=guid))
    with closing(sqlite3.connect(path)) as con:
        genanki.Package(d).write_to_db(
            con.cursor(), 1_700_000_000.0, itertools.count(1_700_000_000_000)
        )
        con.commit()
    return path


def v18_db(path: Path) -> Path:
    """A schema-18 collection as current Anki writes it (the tables and columns we read)."""
    with closing(sqlite3.connect(path)) as con:
        con.executescript("""
            CREATE TABLE col (id integer primary key, ver integer);
            CREATE TABLE notetypes (id integer primary key, name text, mtime_secs integer,
                                    usn integer, config blob);
            CREATE TABLE fields (ntid integer, ord integer, name text, config blob);
            CREATE TABLE decks (id integer primary key, name text);
            CREATE TABLE notes (id integer primary key, guid text, mid integer, mod integer,
                                usn integer, tags text, flds text, sfld text, csum integer,
                                flags integer, data text);
            CREATE TABLE cards (id integer primary key, nid integer, did integer, ord integer,
                                odid integer);
            INSERT INTO col VALUES (1, 18);
            INSERT INTO decks VALUES (1, 'Default'), (20, 'Deep' || char(31) || 'Optim');
        """)
        con.execute("INSERT INTO notetypes VALUES (10, 'Basic', 0, 0, ?)", (b"\x1a\x02.c",))
        con.execute("INSERT INTO notetypes VALUES (11, 'Cloze', 0, 0, ?)", (b"\x08\x01\x1a\x00",))
        con.executemany(
            "INSERT INTO fields VALUES (?, ?, ?, x'')",
            [(10, 0, "Front"), (10, 1, "Back"), (11, 0, "Text"), (11, 1, "Back Extra")],
        )
        con.executemany(
            "INSERT INTO notes VALUES (?, ?, ?, 0, 0, ?, ?, '', 0, 0, '')",
            [
                (100, "v18-basic", 10, " optim ", "Why warm up?\x1fLarge early<br>variance"),
                (101, "v18-cloze", 11, "", "Adam = {{c1::momentum}} + {{c2::RMSProp}}\x1f"),
            ],
        )
        con.executemany(
            "INSERT INTO cards VALUES (?, ?, ?, ?, 0)",
            [(1000, 100, 20, 0), (1001, 101, 20, 0), (1002, 101, 20, 1)],
        )
        con.commit()
    return path


def package(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def stub(tmp_path: Path) -> bytes:
    return genanki_db(
        tmp_path / "stub.anki2", [(BASIC, [STUB, ""], [], "stub")], deck="Default"
    ).read_bytes()


@pytest.fixture
def old_layout(tmp_path: Path) -> Path:
    db = genanki_db(tmp_path / "c.anki2", NOTES).read_bytes()
    return package(tmp_path / "old.apkg", {"collection.anki2": db, "media": b"{}"})


def test_old_genanki_layout(cli: Callable[..., Any], banks: Path, old_layout: Path) -> None:
    r = cli("import", old_layout)
    assert r.code == 0, r.err
    deck, cards, problems = load_file(banks / "ml-basics.yaml")
    assert problems == [] and deck is not None and deck.name.en == "ML::Basics"
    by_front = {c.prompt.en or c.prompt.zh: c for c in cards}
    mse = by_front["What is MSE?"]
    assert mse.back.en == "Mean squared error\nof the residuals & more"  # type: ignore
    assert mse.tags == ("loss",) and mse.id.startswith("ml-basics.what-is-mse-")
    clip = by_front["什么是梯度裁剪？"]
    assert clip.back.zh == "按范数\n缩放梯度" and clip.prompt.en is None  # type: ignore
    adam = by_front["Adam keeps an {{c1::exponential moving average}} of {{c2::gradients::what?}}"]
    assert adam.kind == "cloze" and adam.explanation.en == "From Kingma & Ba"  # type: ignore
    assert "media skipped: 3" in r.out  # two <img>, one [sound:]
    assert "only media, no text" in r.out and "created: 3" in r.out


def test_anki21_layout_reads_the_real_collection_not_the_stub(
    cli: Callable[..., Any], banks: Path, tmp_path: Path
) -> None:
    db = genanki_db(tmp_path / "c.anki21", NOTES[:1]).read_bytes()
    apkg = package(
        tmp_path / "legacy.apkg",
        {"collection.anki2": stub(tmp_path), "collection.anki21": db, "media": b"{}"},
    )
    r = cli("import", apkg)
    assert r.code == 0, r.err
    assert "read collection.anki21 (1 note(s))" in r.out and "update" not in r.out.lower()
    _, cards, _ = load_file(banks / "ml-basics.yaml")
    assert [c.prompt.en for c in cards] == ["What is MSE?"]


def test_anki21b_layout_is_zstd_compressed_schema_18(
    cli: Callable[..., Any], banks: Path, tmp_path: Path
) -> None:
    raw = v18_db(tmp_path / "c.v18").read_bytes()
    apkg = package(
        tmp_path / "current.apkg",
        {
            "collection.anki2": stub(tmp_path),
            "collection.anki21b": zstandard.ZstdCompressor().compress(raw),
            "meta": b"\x08\x03",
            "media": zstandard.ZstdCompressor().compress(b""),
        },
    )
    r = cli("import", apkg)
    assert r.code == 0, r.err
    deck, cards, problems = load_file(banks / "deep-optim.yaml")
    assert problems == [] and deck is not None and deck.name.en == "Deep::Optim"
    warm, cloze = cards
    assert warm.kind == "flashcard" and warm.back.en == "Large early\nvariance"  # type: ignore
    assert warm.tags == ("optim",)
    assert cloze.kind == "cloze" and cloze.text.en == "Adam = {{c1::momentum}} + {{c2::RMSProp}}"  # type: ignore


@pytest.mark.parametrize("layout", ["anki21b", "anki21"])
def test_real_anki_exports(cli: Callable[..., Any], banks: Path, layout: str) -> None:
    r = cli("import", REAL[layout])
    assert r.code == 0, r.err
    assert f"read collection.{layout} (5 note(s))" in r.out
    deck, cards, problems = load_file(banks / "ml-interview-optimisation.yaml")
    assert problems == [] and deck is not None and deck.name.en == "ML Interview::Optimisation"
    got = {c.prompt.en or c.prompt.zh: c for c in cards}
    assert [c.kind for c in cards] == ["flashcard"] * 3 + ["cloze"] * 2
    adam = got["Why does Adam need bias correction?"]
    assert (
        adam.back.en == "Its moment estimates start at zero,\nso early steps are biased toward 0."
    )  # type: ignore
    assert adam.tags == ("interview", "optim")
    assert got["What does weight decay do?"].back.en == (  # type: ignore[attr-defined]
        "Shrinks weights toward zero each step & regularises the model."
    )
    warmup = got["学习率预热（warmup）有什么作用？"]
    assert warmup.back.zh == "训练初期梯度方差大，\n先用小学习率再逐步升高，避免发散。"  # type: ignore
    assert (
        got[
            "Momentum keeps an {{c1::exponential moving average}} of past {{c2::gradients::what?}}"
        ].kind
        == "cloze"
    )
    assert got["Adam 结合了 {{c1::动量}} 和 {{c2::RMSProp}} 的思想"].prompt.zh
    assert "media skipped: 1" in r.out
    # re-import, and import of the other layout of the same notes: nothing new
    before = (banks / "ml-interview-optimisation.yaml").read_bytes()
    for other in REAL.values():
        r = cli("import", other)
        assert r.code == 0 and "created: 0" in r.out
        assert "skipped as duplicates (already imported): 5" in r.out
    assert (banks / "ml-interview-optimisation.yaml").read_bytes() == before


def test_bad_packages_are_refused_clearly(
    cli: Callable[..., Any], banks: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(path: Path, message: str) -> None:
        r = cli("import", path)
        assert r.code == 1, r.out
        assert message in r.err and "Nothing was written." in r.err
        assert "Traceback" not in r.err + r.out

    text = tmp_path / "notes.apkg"
    text.write_text("just text")
    refused(text, "not an Anki package (not a zip file)")
    truncated = tmp_path / "truncated.apkg"
    truncated.write_bytes(REAL["anki21"].read_bytes()[:3000])
    refused(truncated, "not an Anki package (not a zip file)")
    refused(package(tmp_path / "empty.apkg", {"media": b"{}"}), "no collection.anki21b")
    refused(
        package(tmp_path / "stub.apkg", {"collection.anki2": stub(tmp_path)}),
        "only the compatibility stub",
    )
    refused(
        package(tmp_path / "junk.apkg", {"collection.anki2": b"not sqlite" * 100}),
        "corrupt Anki collection",
    )
    refused(
        package(tmp_path / "badzstd.apkg", {"collection.anki21b": b"\x28\xb5\x2f\xfdjunk"}),
        "corrupt Anki package",
    )
    monkeypatch.setattr(anki, "MAX_COLLECTION_BYTES", 20_000)
    # declared size over the limit: refused before extracting
    refused(
        package(tmp_path / "bomb.apkg", {"collection.anki2": b"\0" * 50_000}),
        "larger than 19 KB uncompressed",
    )
    # small zstd member that inflates past the limit: stopped while decompressing
    assert zipfile.ZipFile(REAL["anki21b"]).getinfo("collection.anki21b").file_size < 20_000
    refused(REAL["anki21b"], "larger than 19 KB uncompressed")
    assert list(banks.iterdir()) == []
