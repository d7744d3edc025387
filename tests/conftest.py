"""Shared fixtures: an isolated QUIZAPP_HOME, a real SQLite store in a temp dir, small banks."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quizapp.store import Store

REPO = Path(__file__).resolve().parents[1]

SMALL_BANK = """\
format: 1
deck:
  id: t
  name: {en: Test deck, zh: 测试牌组}
cards:
  - id: t.flash
    kind: flashcard
    tags: [concept, recall]
    front: {en: What does MSE stand for?, zh: MSE 是什么的缩写？}
    back: {en: Mean squared error, zh: 均方误差}
    explanation:
      en: "$\\\\frac{1}{n}\\\\sum_i (y_i - \\\\hat y_i)^2$"
      zh: "$\\\\frac{1}{n}\\\\sum_i (y_i - \\\\hat y_i)^2$"
  - id: t.cloze
    kind: cloze
    tags: [formula, fill-in]
    text: {en: "Clipping by {{c1::norm}} keeps the direction.", zh: "按{{c1::范数}}裁剪保持方向。"}
    accept: {c1: [l2 norm]}
  - id: t.choice
    kind: choice
    tags: [concept, pick]
    question: {en: Which loss is robust to outliers?, zh: 哪个损失对离群点鲁棒？}
    options:
      - text: {en: MAE, zh: 平均绝对误差}
        correct: true
      - text: {en: MSE, zh: 均方误差}
      - text: {en: Squared hinge, zh: 平方合页损失}
  - id: t.order
    kind: order
    tags: [procedure]
    question: {en: Order the PCA steps., zh: 给 PCA 的步骤排序。}
    steps:
      - {en: Center the data, zh: 数据去均值}
      - {en: Covariance matrix, zh: 协方差矩阵}
      - {en: Eigendecomposition, zh: 特征分解}
"""


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test reads or writes the real user folder (database, banks, bank cache)."""
    monkeypatch.setenv("QUIZAPP_HOME", str(tmp_path_factory.mktemp("quizapp-home")))
    monkeypatch.delenv("QUIZAPP_DB", raising=False)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty QUIZAPP_HOME; QUIZAPP_DB unset."""
    path = tmp_path / "home"
    path.mkdir()
    monkeypatch.setenv("QUIZAPP_HOME", str(path))
    monkeypatch.delenv("QUIZAPP_DB", raising=False)
    return path


@pytest.fixture
def store(home: Path) -> Iterator[Store]:
    """A real SQLite store in the temp home."""
    s = Store.open()
    yield s
    s.close()


@pytest.fixture
def write_bank(tmp_path: Path) -> Callable[..., Path]:
    """Write a bank file (dedented) and return its path."""

    def write(text: str, name: str = "bank.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def small_bank(write_bank: Callable[..., Path]) -> Path:
    return write_bank(SMALL_BANK, "small.yaml")


class FakeClock:
    """A settable aware-UTC clock for the study engine."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 3, 2, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


# --- PostgreSQL ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The URL of a throwaway PostgreSQL server (see tests/pgserver.py), for the whole run.
    Skipped with the reason where PostgreSQL is not installed — but never in CI, where
    .ci/run installs it: there a missing server is a failure."""
    import os

    from tests.pgserver import server, unavailable

    reason = unavailable()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the PostgreSQL tests: {reason}")
        pytest.skip(reason)
    with server() as url:
        yield url


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty database on the throwaway server; dropped after the test."""
    import uuid

    from sqlalchemy import create_engine, text

    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield pg_server.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, home: Path) -> str:
    """The same test on an SQLite file and on a real PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{home / 'quizapp.db'}"
    return str(request.getfixturevalue("pg_url"))
