"""`quizapp validate`: every problem of every file at once, as path:line:col: message."""

from __future__ import annotations

import resource
import time
from pathlib import Path

import pytest

from quizapp.bank.loader import load_library
from quizapp.cli import main

HEADER = "format: 1\ndeck: {id: u}\ncards:\n"


def problems(*paths: Path) -> list[str]:
    return [
        str(p)
        for p in load_library(list(paths), include_builtin=False, include_user=False).problems
    ]


def one(path: Path) -> str:
    found = problems(path)
    assert len(found) == 1, found
    return found[0]


def test_clean_bank_exits_zero(small_bank: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(small_bank)]) == 0
    assert "ok: 1 file(s), 4 card(s)" in capsys.readouterr().out


def test_builtin_banks_are_clean(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    assert capsys.readouterr().out.startswith("ok:")


def test_syntax_error_has_position(write_bank) -> None:
    path = write_bank(HEADER + "  - id: a\n    kind: flashcard\n    front: [oops\n    back: b\n")
    msg = one(path)
    assert msg.startswith(f"{path}:")
    assert "YAML syntax error" in msg
    line = int(msg.split(":")[1])
    assert 5 <= line <= 7


def test_tab_indentation(write_bank) -> None:
    path = write_bank("cards:\n\t- id: a\n")
    assert one(path) == f"{path}:2:1: tab character: YAML indentation must use spaces, not tabs"


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n"])
def test_empty_file(write_bank, content: str) -> None:
    path = write_bank(content)
    assert "empty file" in one(path)


def test_non_utf8_bytes(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(HEADER.encode() + "  - id: caf\xe9\n".encode("latin-1"))
    assert one(path) == f"{path}:4:12: not valid UTF-8 (byte 0xe9); save the file as UTF-8"


@pytest.mark.parametrize("content", ["- a\n- b\n", "just text\n", "42\n"])
def test_top_level_not_a_mapping(write_bank, content: str) -> None:
    assert "top level must be a mapping" in one(write_bank(content))


def test_every_problem_reported_at_once_with_lines(write_bank) -> None:
    path = write_bank(
        HEADER
        + """\
  - id: a1
    kind: flashcard
    frnot: hi
    back: {en: x}
  - id: a2
    kind: clozee
  - id: a3
    kind: flashcard
    front: f
    back: b
    difficulty: hard
  - id: a4
    kind: choice
    question: Q
    options:
      - text: A
      - text: B
  - id: a5
    kind: cloze
    text: {en: "no deletion here"}
"""
    )
    found = problems(path)
    assert found == [
        f"{path}:4:5: missing required key 'front'",
        f"{path}:6:5: unknown key 'frnot' (did you mean 'front'?)",
        f"{path}:9:5: unknown kind 'clozee' (did you mean 'cloze'?); expected one of: "
        "flashcard, cloze, choice, order, numeric, drill",
        f"{path}:14:5: expected an integer, got a string",
        f"{path}:18:5: no option is marked `correct: true`",
        f"{path}:23:12: a cloze needs at least one deletion like {{{{c1::answer}}}}",
    ]


def test_wrong_types(write_bank) -> None:
    path = write_bank(
        HEADER
        + """\
  - id: a
    kind: choice
    question: [not, text]
    options: {a: 1}
    tags: concept
"""
    )
    assert problems(path) == [
        f"{path}:6:5: expected a string or a mapping, got a list",
        f"{path}:7:5: expected a list, got a mapping",
        f"{path}:8:5: expected a list, got a string",
    ]


def test_yes_no_booleans_get_a_quoting_hint(write_bank) -> None:
    path = write_bank(HEADER + "  - {id: a, kind: flashcard, front: yes, back: b}\n")
    assert "put the text in quotes" in one(path)


def test_duplicate_ids_name_both_places_across_files(write_bank) -> None:
    a = write_bank(HEADER + "  - {id: same, kind: flashcard, front: a, back: b}\n", "a.yaml")
    b = write_bank(HEADER + "\n  - {id: same, kind: flashcard, front: c, back: d}\n", "b.yaml")
    assert problems(a, b) == [
        f"{a}:4:5: duplicate card id 'same': also defined at {b}:5",
        f"{b}:5:5: duplicate card id 'same': first defined at {a}:4",
    ]


def test_duplicate_ids_in_one_file(write_bank) -> None:
    path = write_bank(
        HEADER + "  - {id: x, kind: flashcard, front: a, back: b}\n"
        "  - {id: x, kind: flashcard, front: c, back: d}\n"
    )
    found = problems(path)
    assert len(found) == 2 and all("duplicate card id 'x'" in p for p in found)


def test_cloze_deletions_must_match_across_languages(write_bank) -> None:
    path = write_bank(
        HEADER
        + """\
  - id: c
    kind: cloze
    text: {en: "{{c1::a}} and {{c2::b}}", zh: "{{c1::甲}}"}
"""
    )
    assert "the deletions differ between languages" in one(path)


def test_python_tags_are_refused_and_never_run(write_bank, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = write_bank(
        HEADER
        + f"""\
  - id: a
    kind: flashcard
    front: !!python/object/apply:os.system ["touch {marker}"]
    back: b
  - id: b
    kind: flashcard
    front: !!python/name:os.system
    back: c
"""
    )
    found = problems(path)
    assert len(found) == 2
    assert all("YAML tag !!python/" in p and "not allowed" in p for p in found)
    assert not marker.exists()


def test_alias_bomb_is_rejected_fast_with_flat_memory(write_bank) -> None:
    levels = ["a: &a [" + ",".join(['"lol"'] * 9) + "]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = write_bank("\n".join(levels) + "\ncards: *i\n")  # 9**9 = 387M strings if expanded
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    found = problems(path)
    elapsed = time.perf_counter() - started
    rss_growth_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    assert elapsed < 0.5
    assert rss_growth_kb < 50_000
    assert any("aliases (*name) are not allowed" in p for p in found)


def test_validate_cli_summary_and_exit_code(write_bank, capsys) -> None:
    bad = write_bank("cards:\n\t- x\n", "bad.yaml")
    good = write_bank(HEADER + "  - {id: ok, kind: flashcard, front: a, back: b}\n", "good.yaml")
    assert main(["validate", str(bad), str(good)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{bad}:2:1: tab character")
    assert out[-1] == "1 problem(s) in 1 of 2 file(s); 1 valid card(s)"


def test_missing_path_is_a_problem_not_a_traceback(tmp_path: Path, capsys) -> None:
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 1
    assert "nope.yaml: no such file or folder" in capsys.readouterr().out


def test_unknown_solver_and_bad_input_reference(write_bank) -> None:
    path = write_bank(
        HEADER
        + """\
  - id: n
    kind: numeric
    question: "x = {x}"
    inputs:
      x: {type: vector, size: k, low: 0, high: 1}
    answer: {solver: losses.nope, args: {y: z}}
"""
    )
    found = problems(path)
    assert any("'k' is not an earlier integer input" in p for p in found)
    assert any("unknown solver 'losses.nope'" in p for p in found)
    assert any("'z' is not an input of this card" in p for p in found)


def test_schema_command_prints_the_json_schema(capsys) -> None:
    import json

    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"].endswith("2020-12/schema")
    kinds = {
        schema["$defs"][ref["$ref"].rsplit("/", 1)[1]]["properties"]["kind"]["const"]
        for ref in schema["$defs"]["card"]["oneOf"]
    }
    assert kinds == {"flashcard", "cloze", "choice", "order", "numeric", "drill"}
