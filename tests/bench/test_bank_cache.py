"""The cache of parsed banks: same results as parsing, re-parsed when anything changes, and an
unusable entry is ignored, never an error."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from bench import gen
from quizapp.bank import cache, loader
from quizapp.bank.loader import load_library
from quizapp.cli import main

BROKEN = """\
deck: {id: broken}
cards:
  - {id: broken.ok, kind: flashcard, front: "What is MSE?", back: Mean squared error}
  - {id: broken.bad, kind: flashcard, frnot: typo, back: x}
  - {id: broken.choice, kind: choice, question: Pick one, options: [{text: a}, {text: b}]}
"""


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files actually parsed (not served from the cache), in order."""
    seen: list[Path] = []
    real = loader.load_file

    def spy(path: Path, **kwargs: object) -> object:
        seen.append(path)
        return real(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "load_file", spy)
    return seen


def load(*paths: Path) -> loader.Library:
    return load_library(list(paths), include_builtin=False, include_user=False)


def entries() -> list[Path]:
    return sorted(cache.cache_dir().glob("*.bin"))


def test_a_cached_load_equals_a_parse_for_every_kind(
    home: Path, tmp_path: Path, parses: list[Path]
) -> None:
    bank = gen.write_bank(tmp_path / "every-kind.yaml", 60)
    first = load(bank)
    second = load(bank)
    assert parses == [bank]  # the second load came from the cache
    assert len(first.cards) == 60 and not first.problems
    assert second.cards == first.cards and list(second.cards) == list(first.cards)
    assert second.decks == first.decks and second.problems == first.problems
    assert {c.kind for c in second.cards.values()} == set(gen.KINDS)
    assert all(c.origin is not None and c.origin.path == bank for c in second.cards.values())


def test_builtin_banks_from_the_cache_equal_the_parsed_ones(home: Path, parses: list[Path]) -> None:
    parsed = load_library(include_user=False)
    cached = load_library(include_user=False)
    assert len(parses) == len(parsed.files)  # each file parsed once, then read back
    assert cached.cards == parsed.cards and cached.decks == parsed.decks
    assert cached.problems == parsed.problems
    assert [c.position for c in cached.cards.values()] == [
        c.position for c in parsed.cards.values()
    ]


def test_a_changed_file_is_parsed_again(
    home: Path, write_bank: Callable[..., Path], parses: list[Path]
) -> None:
    bank = write_bank(BROKEN.replace("What is MSE?", "Define MSE."), "mine.yaml")
    assert load(bank).cards["broken.ok"].prompt.get("en") == "Define MSE."
    bank.write_text(BROKEN, encoding="utf-8")
    os.utime(bank, (1, 1))  # even with an old mtime: the key is the content
    assert load(bank).cards["broken.ok"].prompt.get("en") == "What is MSE?"
    assert load(bank).cards["broken.ok"].prompt.get("en") == "What is MSE?"
    assert parses == [bank, bank]
    assert len(entries()) == 1  # the changed file overwrote its entry


def test_problems_are_reported_from_a_cached_file(
    home: Path,
    write_bank: Callable[..., Path],
    parses: list[Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    bank = write_bank(BROKEN, "mine.yaml")
    assert main(["validate", str(bank)]) == 1
    parsed_output = capsys.readouterr().out
    assert main(["validate", str(bank)]) == 1
    assert capsys.readouterr().out == parsed_output
    assert parses == [bank]
    assert "unknown key 'frnot' (did you mean 'front'?)" in parsed_output
    assert "no option is marked `correct: true`" in parsed_output
    assert f"{bank}:4:" in parsed_output  # path:line:col kept
    assert list(load(bank).cards) == ["broken.ok"]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped", "empty", "valid-digest"])
def test_a_corrupt_entry_is_ignored_and_replaced(
    home: Path, write_bank: Callable[..., Path], parses: list[Path], damage: str
) -> None:
    bank = write_bank(BROKEN, "mine.yaml")
    expected = load(bank)
    (entry,) = entries()
    blob = entry.read_bytes()
    if damage == "garbage":
        entry.write_bytes(b"\x00\xff" * 100)
    elif damage == "truncated":
        entry.write_bytes(blob[: len(blob) // 2])
    elif damage == "flipped":
        entry.write_bytes(blob[:-10] + bytes([blob[-10] ^ 0xFF]) + blob[-9:])
    elif damage == "empty":
        entry.write_bytes(b"")
    else:  # a well-formed entry holding nonsense: the digests match, decoding fails
        import hashlib
        import marshal

        payload = marshal.dumps((("not", "a", "deck"), [(99, 0)], [(1, 2)]))
        head = len(cache._MAGIC) + 32
        entry.write_bytes(blob[:head] + hashlib.sha256(payload).digest() + payload)
    again = load(bank)
    assert again.cards == expected.cards and again.problems == expected.problems
    assert parses == [bank, bank]
    load(bank)
    assert parses == [bank, bank]  # the entry was rewritten


def test_another_version_or_solver_registry_misses(
    home: Path, write_bank: Callable[..., Path], parses: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    bank = write_bank(BROKEN, "mine.yaml")
    load(bank)
    cache._code_fingerprint.cache_clear()
    monkeypatch.setattr("quizapp.__version__", "9.9.9")
    load(bank)
    cache._code_fingerprint.cache_clear()
    monkeypatch.setattr("solvers.registry.names", lambda: ["losses.mse"])
    load(bank)
    cache._code_fingerprint.cache_clear()
    assert parses == [bank, bank, bank]


def test_positions_follow_the_files_order_when_cached(
    home: Path, write_bank: Callable[..., Path]
) -> None:
    a = write_bank(
        "deck: {id: a}\ncards:\n  - {id: a.1, kind: flashcard, front: x, back: y}\n", "a.yaml"
    )
    b = write_bank(
        "deck: {id: b}\ncards:\n  - {id: b.1, kind: flashcard, front: x, back: y}\n", "b.yaml"
    )
    assert load(b).cards["b.1"].position == 0
    both = load(a, b)  # b comes from the cache, now second
    assert [c.position for c in both.cards.values()] == [0, 1_000_000]
    assert load(b).cards["b.1"].position == 0


def test_an_unwritable_cache_folder_only_costs_speed(
    home: Path, write_bank: Callable[..., Path], parses: list[Path]
) -> None:
    bank = write_bank(BROKEN, "mine.yaml")
    (home / "cache").write_text("a file where the folder should be", encoding="utf-8")
    assert list(load(bank).cards) == ["broken.ok"]
    assert list(load(bank).cards) == ["broken.ok"]
    assert parses == [bank, bank]
