"""Fixtures for the memory-model tests: the CLI runner of the interop tests, and packages of a
simulated user made by the real Anki library."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.interop.conftest import cli  # noqa: F401  (the same in-process CLI runner)
from tests.memory.anki_sim import simulate, write_package


@pytest.fixture(scope="session")
def year_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A year of one simulated user's reviews on 300 cards, exported with scheduling."""
    path = tmp_path_factory.mktemp("anki") / "year.apkg"
    write_package(path, simulate(300, 365, seed=7), 300, scheduling=True)
    return path
