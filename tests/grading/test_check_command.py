"""``quizapp check`` (verdicts as a session gives them) and the ``validate`` problem for an
accepted answer that collides with a likely wrong one."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.store import Store

BANK = """\
format: 1
deck: {id: c, name: {en: Check, zh: 检查}}
cards:
  - id: c.exp
    kind: cloze
    text: {en: "About {{c1::1e-6}}.", zh: "约为 {{c1::1e-6}}。"}
  - id: c.pick
    kind: choice
    question: {en: "Which loss is robust?", zh: "哪个损失鲁棒？"}
    options:
      - {text: {en: MSE, zh: 均方误差}}
      - {text: {en: MAE, zh: 平均绝对误差}, correct: true}
      - {text: {en: Log-cosh, zh: log-cosh}}
  - id: c.flash
    kind: flashcard
    front: {en: MSE?, zh: MSE？}
    back: {en: Mean squared error, zh: 均方误差}
"""


@pytest.fixture
def bank(write_bank: Callable[..., Path], home: Path) -> Path:
    return write_bank(BANK, "check.yaml")


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict]]:
    code = main([*argv, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_json_verdicts_per_answer(bank: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run_json(
        capsys, "check", "c.exp", "1×10⁻⁶", "1e6", "?", "--bank", str(bank), "--lang", "en"
    )
    assert code == 1  # not every answer was right
    assert [r["correct"] for r in out] == [True, False, False]
    assert {tuple(r) for r in out} == {("card", "answer", "correct", "expected", "diagnosis")}
    assert out[0] == {
        "card": "c.exp",
        "answer": "1×10⁻⁶",
        "correct": True,
        "expected": "About [1e-6].",
        "diagnosis": None,
    }
    assert "10^12" in out[1]["diagnosis"]
    assert out[2]["diagnosis"].startswith("Not answered")


def test_all_right_exits_zero_and_both_languages(
    bank: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run_json(capsys, "check", "c.exp", "0.000001", "--bank", str(bank))
    assert code == 0
    assert out[0]["expected"] == {"en": "About [1e-6].", "zh": "约为 [1e-6]。"}


def test_answers_after_double_dash(bank: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "c.exp", "--bank", str(bank), "--json", "--", "-1e-6"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1 and out[0]["answer"] == "-1e-6" and "sign" in out[0]["diagnosis"]["en"]


def test_the_seed_fixes_the_option_order_as_in_a_session(
    bank: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from quizapp.bank.loader import load_library
    from quizapp.study import Study

    lib = load_library([bank], include_builtin=False, include_user=False)
    store = Store.open("sqlite://")
    order = Study(store, lib).present(lib.cards["c.pick"], seed=5).order
    store.close()
    right = str(order.index(1) + 1)
    wrong = str(order.index(0) + 1)
    code, out = run_json(
        capsys, "check", "c.pick", right, wrong, "b", "--seed", "5", "--bank", str(bank)
    )
    assert code == 1
    assert [r["correct"] for r in out] == [True, False, None]  # 'b' is not a key: asked again
    assert "not an option" in out[2]["diagnosis"]["en"]


def test_text_output_shows_the_question_and_each_verdict(
    bank: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "c.exp", "1e-6", "--bank", str(bank), "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "约为 [1: ___]。" in out and "> 1e-6" in out and "✓ 正确" in out


def test_unknown_card_and_self_rated_cards_are_one_line_errors(
    bank: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "c.expp", "1", "--bank", str(bank)]) == 1
    assert "did you mean: c.exp" in capsys.readouterr().err
    assert main(["check", "c.flash", "x", "--bank", str(bank)]) == 1
    assert "self-rated" in capsys.readouterr().out


def test_nothing_is_recorded(bank: Path, home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", "c.exp", "1e-6", "--bank", str(bank)])
    store = Store.open()
    assert store.scheduling("c.exp") is None
    store.close()


def test_validate_reports_an_accept_entry_that_passes_a_wrong_answer(
    write_bank: Callable[..., Path], home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_bank(
        """\
        format: 1
        deck: {id: v, name: V}
        cards:
          - id: v.bad
            kind: cloze
            text: "About {{c1::1e-6}}, gradient {{c2::-0.8}}, components {{c3::Vᵀ}}."
            accept: {c1: ["1e6", "10^-6"], c2: ["0.8", "−0.8"], c3: ["V", "V^T"]}
          - id: v.good
            kind: cloze
            text: "About {{c1::1e-6}}."
            accept: {c1: ["10^-6", "1×10⁻⁶"]}
        """,
        "v.yaml",
    )
    assert main(["validate", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    problems = [line for line in lines if "a wrong answer would pass" in line]
    assert len(problems) == 3, lines
    assert "'1e6' is accepted for c1" in problems[0] and "exponent's sign flipped" in problems[0]
    assert "'0.8' is accepted for c2" in problems[1] and "the sign flipped" in problems[1]
    assert "'V' is accepted for c3" in problems[2] and "transpose dropped" in problems[2]
    assert all(line.startswith(f"{path}:7:") for line in problems)
    assert "1 valid card(s)" in lines[-1]
