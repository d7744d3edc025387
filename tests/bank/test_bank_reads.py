"""Bank files are read only when they are regular files, and never beyond the size limit:
``/dev/zero``, a FIFO or a huge file given as a bank is refused at once, with a one-line message
that names it (it used to be read until memory ran out)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.bank.loader import load_file, load_file_cached
from quizapp.bank.yamlsafe import MAX_BANK_BYTES, FileRefused, read_file_bytes
from tests.conftest import SMALL_BANK


def quizapp(*args: str | Path, home: Path) -> subprocess.CompletedProcess[str]:
    """``quizapp ARGS`` in a child with 1 GiB of address space and a 60 s bound, so a reader
    that does not stop fails the test instead of hanging it."""
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run(
        [sys.executable, "-m", "quizapp", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QUIZAPP_HOME": str(home)},
        preexec_fn=limit,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)  # no writer: opening it for reading would block
    return path


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/urandom", "fifo"])
def test_validate_refuses_what_is_not_a_regular_file(
    special: str, fifo: Path, tmp_path: Path
) -> None:
    target = fifo if special == "fifo" else Path(special)
    r = quizapp("validate", target, home=tmp_path / "home")
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr and "MemoryError" not in r.stderr + r.stdout
    assert f"{target}: not a regular file (a device, pipe or socket); give a file" in r.stdout


def test_a_bank_option_naming_dev_zero_is_left_out_with_a_warning(tmp_path: Path) -> None:
    r = quizapp("--bank", "/dev/zero", "list", home=tmp_path / "home")
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    assert "warning: 1 problem(s) in your banks" in r.stderr
    assert "losses." in r.stdout  # the built-in banks are listed as usual


def test_loading_refuses_without_reading(fifo: Path) -> None:
    for path in (Path("/dev/zero"), fifo):
        for load in (load_file, load_file_cached):
            deck, cards, problems = load(path)
            assert deck is None and cards == []
            assert [str(p) for p in problems] == [
                f"{path}: not a regular file (a device, pipe or socket); give a file"
            ]
        with pytest.raises(FileRefused):
            read_file_bytes(path)


def test_a_file_over_the_limit_is_refused_and_one_under_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as f:
        f.truncate(MAX_BANK_BYTES + 1)  # sparse: no disk used
    _, cards, problems = load_file(huge)
    assert cards == [] and [p.message for p in problems] == [
        f"larger than {MAX_BANK_BYTES >> 20} MB; not read"
    ]
    with pytest.raises(FileRefused, match="larger than"):
        read_file_bytes(huge)
    bank = tmp_path / "t.yaml"
    bank.write_text(SMALL_BANK, encoding="utf-8")
    assert read_file_bytes(bank, limit=len(SMALL_BANK.encode())) == SMALL_BANK.encode()
    with pytest.raises(FileRefused):
        read_file_bytes(bank, limit=10)
    link = tmp_path / "link.yaml"
    link.symlink_to(bank)
    _, cards, problems = load_file(link)
    assert problems == [] and len(cards) == 4


def test_a_folder_is_named_as_such(tmp_path: Path) -> None:
    with pytest.raises(FileRefused, match="a folder, not a file"):
        read_file_bytes(tmp_path)
