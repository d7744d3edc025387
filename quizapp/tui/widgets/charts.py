"""Plots drawn with block characters: a progress bar and a column chart with ASCII labels.

Pure functions returning strings, so they can be tested and reused anywhere; every label is
ASCII (CJK tick labels would be two cells wide and misalign the axis).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from itertools import pairwise

_EIGHTHS = " ▏▎▍▌▋▊▉█"
_LEVELS = " ▁▂▃▄▅▆▇█"


def bar(fraction: float, width: int) -> str:
    """A horizontal bar ``width`` cells wide filled to ``fraction`` (0..1), in eighths."""
    fraction = min(1.0, max(0.0, fraction))
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + (_EIGHTHS[part] if part else "")
    return text + "░" * (width - len(text))


def bucket(values: Sequence[int], width: int) -> tuple[list[int], int]:
    """Sum consecutive values so at most ``width`` columns remain; returns the columns and how
    many values each holds (the last column may hold fewer)."""
    size = max(1, math.ceil(len(values) / max(1, width)))
    return [sum(values[i : i + size]) for i in range(0, len(values), size)], size


def column_chart(
    values: Sequence[int], days: Sequence[date], *, height: int = 6, width: int = 60
) -> str:
    """A column chart of ``values`` (one per day in ``days``), ``height`` rows tall and at most
    ``width`` columns wide (days are summed into buckets when they do not fit), with the
    maximum on the y axis and the first and last dates under the x axis (``MM-DD``)."""
    columns, _ = bucket(list(values), width)
    top = max(columns, default=0)
    label_w = max(len(str(top)), 1)
    rows = []
    for row in range(height, 0, -1):
        cells = []
        for value in columns:
            level = value / top * height if top else 0.0
            fill = level - (row - 1)
            cells.append("█" if fill >= 1 else _LEVELS[round(max(0.0, fill) * 8)])
        y = str(top) if row == height and top else ("0" if row == 1 else "")
        rows.append(f"{y:>{label_w}} │{''.join(cells)}")
    rows.append(" " * label_w + " └" + "─" * len(columns))
    if days:
        first, last = days[0].strftime("%m-%d"), days[-1].strftime("%m-%d")
        gap = max(1, len(columns) - len(first) - len(last))
        rows.append(" " * (label_w + 2) + first + " " * gap + last)
    return "\n".join(rows)


def bar_rows(labels: Sequence[str], values: Sequence[float], *, width: int = 30) -> str:
    """One horizontal bar per ``(label, value)``, scaled to the largest value, with the value
    after it; labels are ASCII and padded to the longest."""
    top = max(values, default=0) or 1
    label_w = max((len(label) for label in labels), default=0)
    return "\n".join(
        f"{label:>{label_w}} {bar(value / top, width)} {value:g}"
        for label, value in zip(labels, values, strict=True)
    )


def bin_labels(edges: Sequence[float]) -> list[str]:
    """ASCII labels of the bins between consecutive ``edges``; the last bin is open (``N+``)."""
    labels = [f"{lo:g}-{hi:g}" for lo, hi in pairwise(edges[:-1])]
    return [*labels, f"{edges[-2]:g}+"]
