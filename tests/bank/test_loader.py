"""Loading banks into cards: languages, fallbacks, user banks beside built-ins."""

from __future__ import annotations

from pathlib import Path

from quizapp.bank.loader import load_library
from quizapp.bank.model import Choice, Cloze, Text


def test_small_bank_builds_every_kind(small_bank: Path) -> None:
    lib = load_library([small_bank], include_builtin=False, include_user=False)
    assert lib.problems == []
    assert list(lib.cards) == ["t.flash", "t.cloze", "t.choice", "t.order"]
    assert lib.decks["t"].name.zh == "测试牌组"
    choice = lib.cards["t.choice"]
    assert isinstance(choice, Choice) and not choice.multiple
    cloze = lib.cards["t.cloze"]
    assert isinstance(cloze, Cloze) and cloze.accept == {"c1": ("l2 norm",)}
    expected_line = small_bank.read_text().splitlines().index("  - id: t.cloze") + 1
    assert cloze.origin is not None and not cloze.origin.builtin
    assert (cloze.origin.line, cloze.origin.col) == (expected_line, 5)
    positions = [c.position for c in lib.cards.values()]
    assert positions == sorted(positions)


def test_plain_strings_use_the_deck_language_and_fall_back_visibly(write_bank) -> None:
    path = write_bank(
        "deck: {id: mine, language: zh}\ncards:\n"
        "  - {id: m1, kind: flashcard, front: 什么是 PCA？, back: 主成分分析}\n"
    )
    card = load_library([path], include_builtin=False, include_user=False).cards["m1"]
    assert card.prompt == Text(zh="什么是 PCA？")
    assert card.prompt.get("zh") == "什么是 PCA？"
    assert card.prompt.get("en") == "[zh] 什么是 PCA？"
    assert card.prompt.get("both") == "什么是 PCA？"


def test_builtin_banks_need_both_languages(write_bank) -> None:
    from quizapp.bank.loader import load_file

    path = write_bank("cards:\n  - {id: m1, kind: flashcard, front: {en: Q}, back: {en: A}}\n")
    _, cards, problems = load_file(path, builtin=True)
    assert cards == []
    assert [p.message for p in problems] == [
        "built-in banks need both languages: 'zh' is missing"
    ] * 2


def test_user_banks_load_beside_builtins_and_a_broken_card_spares_the_rest(home: Path) -> None:
    banks = home / "banks"
    banks.mkdir()
    (banks / "mine.yaml").write_text(
        "cards:\n"
        "  - {id: mine.ok, kind: flashcard, front: Q, back: A}\n"
        "  - {id: mine.bad, kind: flashcard, front: Q}\n",
        encoding="utf-8",
    )
    lib = load_library()
    assert "mine.ok" in lib.cards and "mine.bad" not in lib.cards
    assert {"losses", "gradients", "kmeans", "pca", "mine"} <= set(lib.decks)
    mine = [p for p in lib.problems if p.path.parent == banks]
    assert len(mine) == 1 and "missing required key 'back'" in mine[0].message
    builtin_positions = [c.position for c in lib.cards.values() if c.deck != "mine"]
    assert max(builtin_positions) < lib.cards["mine.ok"].position


def test_flashcard_key_points_load_in_order_and_an_empty_list_is_refused(write_bank) -> None:
    path = write_bank(
        "deck: {id: mine}\ncards:\n"
        "  - id: m1\n    kind: flashcard\n    front: Why clip?\n    back: To bound the step.\n"
        "    points: [bounds the step, {en: keeps the direction, zh: 保持方向}]\n"
        "  - {id: m2, kind: flashcard, front: Q, back: A, points: []}\n"
    )
    lib = load_library([path], include_builtin=False, include_user=False)
    card = lib.cards["m1"]
    assert [p.get("en") for p in card.points] == ["bounds the step", "keeps the direction"]
    assert card.points[1].get("zh") == "保持方向"
    assert "m2" not in lib.cards
    m2_line = (
        path.read_text()
        .splitlines()
        .index("  - {id: m2, kind: flashcard, front: Q, back: A, points: []}")
    )
    assert [(p.line, "points" in p.message or "items" in p.message) for p in lib.problems] == [
        (m2_line + 1, True)
    ]
