"""Appending to bank files: old bytes kept, the awkward shapes handled or refused, atomic."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.bank import write as bankwrite
from quizapp.bank.loader import load_file
from quizapp.bank.write import (
    BankWriteError,
    append_card,
    append_cards,
    card_problems,
    new_card_id,
    plan_append,
)
from quizapp.bank.yamlsafe import read_yaml

CARD = {
    "kind": "flashcard",
    "front": {"en": "What is MSE?"},
    "back": {"en": "Mean squared error\n\n  indented line"},
}


def cards_of(path: Path) -> list[dict]:
    doc, problems = read_yaml(path)
    assert doc is not None and not problems
    return doc.data["cards"]


def appended(tmp_path: Path, text: str | bytes, deck: str = "d", **kw: object) -> tuple[bytes, str]:
    path = tmp_path / f"{deck}.yaml"
    old = text.encode() if isinstance(text, str) else text
    path.write_bytes(old)
    card_id = append_card(path, CARD, deck_id=deck, taken=set(), **kw)  # type: ignore[arg-type]
    new = path.read_bytes()
    _, cards, problems = load_file(path)
    assert problems == []
    assert cards[-1].id == card_id
    assert cards[-1].back.en == "Mean squared error\n\n  indented line"  # type: ignore[attr-defined]
    return new, card_id


@pytest.mark.parametrize(
    "text",
    [
        "format: 1\ndeck: {id: d}\ncards:\n  - {id: d.a, kind: flashcard, front: Q, back: A}\n",
        "cards:\n- id: d.a\n  kind: flashcard\n  front: Q\n  back: A   # no final newline",
        "# header comment\ncards:\n  - id: d.a\n    kind: flashcard\n    front: Q\n    back: |\n"
        "      A\n# trailing comment\n\n\n",
        "cards:\n  - id: d.a\n    kind: flashcard\n    front: Q\n    back: |+\n      A\n\n",
        "cards:\n  - id: d.a\n    kind: flashcard\n    front: Q\n    back: |\n      A",
        "format: 1\ndeck:\n  id: d\n",
        "# nothing but a comment\n",
    ],
)
def test_old_bytes_are_a_prefix_and_old_cards_are_unchanged(tmp_path: Path, text: str) -> None:
    before = read_yaml(tmp_path / "x.yaml", text.encode())[0]
    old_cards = (before.data.get("cards") or []) if before and isinstance(before.data, dict) else []
    new, card_id = appended(tmp_path, text)
    assert new.startswith(text.encode())
    cards = cards_of(tmp_path / "d.yaml")
    assert [c["id"] for c in cards] == [c["id"] for c in old_cards] + [card_id]
    for old, now in zip(old_cards, cards, strict=False):
        if text.endswith("\n"):
            assert old == now  # byte-for-byte prefix AND the same data (|+ keeps its blank line)


def test_empty_flow_list_and_null_value_are_replaced_in_place(tmp_path: Path) -> None:
    new, _ = appended(tmp_path, "deck: {id: d}\ncards: []  # none yet\n")
    assert new.decode().startswith("deck: {id: d}\ncards:   # none yet\n  - id: d.what-is-mse\n")
    new, _ = appended(tmp_path, "deck: {id: d}\ncards:\n")
    assert new.decode().startswith("deck: {id: d}\ncards:\n  - id: d.what-is-mse\n")


def test_missing_file_gets_a_header(tmp_path: Path) -> None:
    path = tmp_path / "new" / "mine.yaml"
    append_card(path, CARD, deck_id="mine", deck_name={"en": "Mine"}, taken=set())
    text = path.read_text()
    assert text.startswith("format: 1\ndeck:\n  id: mine\n  name:\n    en: Mine\ncards:\n")
    deck, cards, problems = load_file(path)
    assert problems == [] and deck is not None and deck.id == "mine" and len(cards) == 1


def test_crlf_file_gets_crlf_lines(tmp_path: Path) -> None:
    text = "cards:\r\n  - id: d.a\r\n    kind: flashcard\r\n    front: Q\r\n    back: A\r\n"
    new, _ = appended(tmp_path, text)
    assert new.startswith(text.encode())
    assert b"\n" not in new.replace(b"\r\n", b"")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "cards:\n  - {id: d.a, kind: flashcard, front: Q, back: A}\ndeck: {id: d}\n",
            "`cards:` is not the last top-level key (`deck:` follows it at line 3)",
        ),
        ("cards: [{id: d.a, kind: flashcard, front: Q, back: A}]\n", "flow list"),
        (
            "deck: {id: other}\ncards:\n  - {id: other.a, kind: flashcard, front: Q, back: A}\n",
            "holds deck 'other', not 'd'",
        ),
        ("cards:\n  - id: d.a\n    kind: flashcard\n    front: [unclosed\n", "has problems"),
        ("cards:\n  - {id: d.a, kind: flashcard, front: Q}\n", "already has problems"),
        ("cards:\n  - {id: d.a, kind: flashcard, front: Q, back: A}\n...\n", "document marker"),
    ],
)
def test_refused_files_are_left_untouched(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(text)
    with pytest.raises(BankWriteError) as info:
        append_card(path, CARD, deck_id="d", taken=set())
    assert message in info.value.describe()
    assert path.read_text() == text
    assert list(tmp_path.iterdir()) == [path]  # no temp file left behind


def test_invalid_card_writes_nothing_and_names_the_card(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("cards:\n  - {id: d.a, kind: flashcard, front: Q, back: A}\n")
    with pytest.raises(BankWriteError) as info:
        append_card(
            path, {"kind": "cloze", "text": {"en": "no deletion here"}}, deck_id="d", taken=set()
        )
    assert "d.no-deletion-here: a cloze needs at least one deletion" in info.value.describe()
    assert path.read_text() == "cards:\n  - {id: d.a, kind: flashcard, front: Q, back: A}\n"


def test_ids_are_readable_and_unique(tmp_path: Path) -> None:
    assert new_card_id("d", CARD, set()) == "d.what-is-mse"
    assert new_card_id("d", CARD, {"d.what-is-mse", "d.what-is-mse-2"}) == "d.what-is-mse-3"
    zh = {"kind": "flashcard", "front": {"zh": "什么是均方误差？"}}
    assert new_card_id("d", zh, set()) == "d.flashcard"
    path = tmp_path / "d.yaml"
    ids = append_cards(path, [CARD, CARD], deck_id="d", taken={"d.what-is-mse"})
    assert ids == ["d.what-is-mse-2", "d.what-is-mse-3"]
    with pytest.raises(BankWriteError, match="already used"):
        append_card(path, {**CARD, "id": "d.what-is-mse-2"}, deck_id="d", taken=set())


def test_default_taken_ids_cover_every_loaded_bank(home: Path) -> None:
    from quizapp.bank.loader import load_library

    builtin = next(iter(load_library().cards))
    other = home / "banks" / "other.yaml"
    other.parent.mkdir(parents=True)
    other.write_text("cards:\n  - {id: mine.what-is-mse, kind: flashcard, front: Q, back: A}\n")
    path = bankwrite.user_bank_path("mine")
    assert append_card(path, CARD, deck_id="mine") == "mine.what-is-mse-2"
    assert builtin in bankwrite.taken_ids()


def test_file_changed_while_preparing_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("cards:\n  - {id: d.a, kind: flashcard, front: Q, back: A}\n")
    plan = plan_append(path, [CARD], deck_id="d", taken=set())
    path.write_text(path.read_text() + "  - {id: d.b, kind: flashcard, front: Q2, back: A}\n")
    with pytest.raises(BankWriteError, match="changed while"):
        bankwrite.write(plan)
    assert "d.b" in path.read_text() and "what-is-mse" not in path.read_text()


def test_a_crash_during_the_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("cards:\n  - {id: d.a, kind: flashcard, front: Q, back: A}\n")
    plan = plan_append(path, [CARD], deck_id="d", taken=set())

    def crash(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(bankwrite.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        bankwrite.write(plan)
    assert path.read_text() == "cards:\n  - {id: d.a, kind: flashcard, front: Q, back: A}\n"
    assert list(tmp_path.iterdir()) == [path]


def test_card_problems_are_reported_per_card() -> None:
    good = {**CARD, "id": "d.good"}
    bad = {
        "id": "d.bad",
        "kind": "choice",
        "question": {"en": "Q?"},
        "options": [{"text": {"en": "a"}}, {"text": {"en": "b"}}],
    }
    problems = card_problems([good, bad, {**good, "id": "d.good2"}], "d")
    assert problems[0] == [] and problems[2] == []
    assert any("correct" in p for p in problems[1])
