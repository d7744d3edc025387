"""Text from imports and banks never drives the terminal: every control character but newline
and tab is printed as its escape, in every command's output, while the stored text stays as
it was."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.terminal import visible

HOSTILE_FRONT = "Evil \x1b]52;c;aGk=\x07 clip \x1b]0;title\x07"
HOSTILE_BACK = "Back \x1b[2J clear \x9b31m red \u202eevil\r forged"
CONTROLS = [chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0)) if chr(c) not in "\n\t"]


@given(st.text())
def test_visible_text_holds_no_control_character_and_is_json_of_the_same_string(s: str) -> None:
    shown = visible(s)
    assert not any(c in shown for c in CONTROLS)
    assert set(shown) >= set(s) - set(CONTROLS) - {chr(c) for c in range(0x202A, 0x202F)}
    assert json.loads(visible(json.dumps(s, ensure_ascii=False))) == s


def test_newline_and_tab_stay_and_escape_is_shown_as_text() -> None:
    assert visible("a\tb\nc") == "a\tb\nc"
    assert visible("\x1b[2J\x9b") == "\\u001b[2J\\u009b"


def run(home: Path, *args: str, stdin: str = "") -> bytes:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZAPP_")}
    env["QUIZAPP_HOME"] = str(home)
    done = subprocess.run(
        [sys.executable, "-m", "quizapp", *args],
        input=stdin.encode(),
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert b"Traceback" not in done.stderr, done.stderr.decode()
    return done.stdout + done.stderr


def test_list_show_json_import_and_plain_study_print_no_control_sequence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    source = tmp_path / "evil.csv"
    source.write_text(
        f'front,back\n"{HOSTILE_FRONT}","{HOSTILE_BACK}"\n', encoding="utf-8", newline=""
    )
    outputs = {"import": run(home, "import", str(source))}
    listed = run(home, "list", "--deck", "evil")
    card_id = listed.decode().split("\t")[0]
    outputs |= {
        "list": listed,
        "list --json": run(home, "list", "--deck", "evil", "--json"),
        "show": run(home, "show", card_id),
        "show --json": run(home, "show", card_id, "--json"),
        "study --plain": run(home, "study", "--plain", "--deck", "evil", stdin="\n3\n"),
    }
    for name, out in outputs.items():
        text = out.decode("utf-8")
        assert not any(c in text for c in CONTROLS), name
        assert "\\u001b]52;c;aGk=\\u0007" in text or "\\\\u001b" in text, name
    shown = json.loads(outputs["show --json"].decode())
    assert shown["texts"][0]["en"] == HOSTILE_FRONT  # the JSON still means the stored text

    from quizapp.bank.loader import load_library

    monkeypatch.setenv("QUIZAPP_HOME", str(home))
    card = load_library([]).cards[card_id]
    assert card.prompt.get("en") == HOSTILE_FRONT  # stored unchanged
