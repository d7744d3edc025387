"""``quizapp import`` reads only regular files, and text sources only up to the size limit:
``/dev/zero`` and a FIFO are refused at once with one line naming them."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from quizapp.interop import importing
from quizapp.interop.candidates import InteropError
from tests.bank.test_bank_reads import quizapp

REFUSED = "not a regular file (a device, pipe or socket); give a file"


@pytest.mark.parametrize("fmt", [None, "notes", "csv", "apkg"])
def test_read_source_refuses_devices_and_pipes(fmt: str | None, tmp_path: Path) -> None:
    fifo = tmp_path / "notes.md"
    os.mkfifo(fifo)
    for path in (Path("/dev/zero"), fifo):
        with pytest.raises(InteropError) as err:
            importing.read_source(path, fmt)
        assert str(err.value) == f"{path}: {REFUSED}"


def test_import_dev_zero_dry_run_is_one_line(tmp_path: Path) -> None:
    r = quizapp("import", "/dev/zero", "--dry-run", home=tmp_path / "home")
    assert r.returncode == 1
    assert "Traceback" not in r.stderr and "MemoryError" not in r.stderr
    assert f"quizapp import: error: /dev/zero: {REFUSED}" in r.stderr


def test_a_text_source_over_the_limit_is_refused(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# Losses\n\n## What is MSE?\n\nThe mean squared error.\n", encoding="utf-8")
    monkeypatch.setattr(importing, "MAX_TEXT_BYTES", 16)
    r = cli("import", notes, "--dry-run")
    assert r.code == 1 and f"{notes}: larger than 0 MB" in r.err
