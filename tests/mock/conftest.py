"""The mock interview tests' bank: open questions with and without key points, a numeric
question and a drill (one deck, so a round's order is known: points first, then numeric, drill),
and code files for the drill."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.bank.loader import Library, load_library
from tests.tui.helpers import TUI_BANK

MOCK_BANK = (
    TUI_BANK
    + """\
  - id: t.points
    kind: flashcard
    front: {en: Why centre the data before PCA?, zh: 为什么做 PCA 之前要先中心化？}
    back:
      en: So the components describe variance around the mean.
      zh: 这样主成分描述的是围绕均值的方差。
    points:
      - en: PCA finds directions of largest variance about the mean
        zh: PCA 找的是围绕均值方差最大的方向
      - en: Without centring the first component points at the mean
        zh: 不中心化，第一主成分会指向均值
      - {en: The covariance matrix assumes centred data, zh: 协方差矩阵默认数据已中心化}
      - {en: Scale matters too when units differ, zh: 量纲不同时还要标准化}
"""
)

MSE = "import numpy as np\n\n\ndef mse(y_true, y_pred):\n    return float(np.{}((y_pred - y_true) ** 2))\n"  # noqa: E501
RIGHT_MSE, WRONG_MSE = MSE.format("mean"), MSE.format("sum")


@pytest.fixture
def mock_bank(tmp_path: Path) -> Path:
    path = tmp_path / "mock.yaml"
    path.write_text(MOCK_BANK, encoding="utf-8")
    return path


@pytest.fixture
def mock_library(mock_bank: Path) -> Library:
    return load_library([mock_bank], include_builtin=False, include_user=False)


@pytest.fixture
def code_files(tmp_path: Path) -> tuple[Path, Path]:
    """``(right, wrong)`` solutions of the MSE drill."""
    right, wrong = tmp_path / "right.py", tmp_path / "wrong.py"
    right.write_text(RIGHT_MSE, encoding="utf-8")
    wrong.write_text(WRONG_MSE, encoding="utf-8")
    return right, wrong
