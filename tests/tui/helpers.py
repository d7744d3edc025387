"""Helpers for the TUI tests: the test bank and ways to wait for the app."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from tests.conftest import SMALL_BANK

TUI_BANK = (
    SMALL_BANK
    + """\
  - id: t.numeric
    kind: numeric
    tags: [formula, calculation]
    question:
      en: "MSE of y = {y_true} and ŷ = {y_pred}?"
      zh: "计算 y = {y_true} 与 ŷ = {y_pred} 的均方误差。"
    inputs:
      y_true: {type: vector, size: 3, low: -2, high: 2, decimals: 1}
      y_pred: {type: vector, size: 3, low: -2, high: 2, decimals: 1}
    answer:
      solver: losses.mse
      args: {y_true: y_true, y_pred: y_pred}
      tolerance: {abs: 0.001, rel: 0.001}
    mistakes:
      - id: sum
        label: {en: You summed instead of averaging., zh: 你求的是和，不是平均值。}
        solver: mistakes.mse_sum
        args: {y_true: y_true, y_pred: y_pred}
    solution: {en: Mean of the squared residuals., zh: 残差平方的平均值。}
  - id: t.drill
    kind: drill
    tags: [code]
    title: {en: Mean squared error, zh: 均方误差}
    statement: {en: Return the mean of the squared differences., zh: 返回差值平方的平均值。}
    function: mse
    signature: "mse(y_true: np.ndarray, y_pred: np.ndarray) -> float"
    starter: |
      import numpy as np


      def mse(y_true, y_pred):
          raise NotImplementedError
    hints:
      - {en: "Subtract, then square.", zh: 先相减，再平方。}
      - {en: np.mean averages., zh: 用 np.mean 求平均。}
    solver: losses.mse
    cases:
      random: 3
      inputs:
        n: {type: integer, low: 1, high: 5}
        y_true: {type: vector, size: n, low: -5, high: 5, decimals: 2}
        y_pred: {type: vector, size: n, low: -5, high: 5, decimals: 2}
      fixed:
        - {y_true: [0.0], y_pred: [0.0]}
"""
)

KINDS_IN_ORDER = ["t.flash", "t.cloze", "t.choice", "t.order", "t.numeric", "t.drill"]


async def settle(pilot: Any, rounds: int = 2) -> None:
    """Let workers finish and messages be processed."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def wait_for(pilot: Any, predicate: Callable[[], bool], timeout: float = 20.0) -> None:
    """Process messages until ``predicate()`` holds (AssertionError after ``timeout`` s)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the app")
        await pilot.pause(0.02)


async def ready(pilot: Any) -> None:
    """Wait until the data is loaded and Home is filled."""
    app = pilot.app
    await wait_for(pilot, lambda: app.loaded and app.screen.report is not None)
    await settle(pilot)


def no_blink(app: Any) -> None:
    """Stop cursor blinking so a screenshot does not depend on when it is taken."""
    for widget in app.screen.query("Input, TextArea"):
        widget.cursor_blink = False


async def validated(pilot: Any) -> None:
    """Wait until the add-card form has checked its latest edit (it validates after a short
    pause in typing)."""
    await settle(pilot, 1)
    await wait_for(pilot, lambda: not pilot.app.screen.validation_pending)
