"""The benchmark report: rows of figures beside their floors, as a table and as JSON.

A row holds the runs of one figure (median reported), optionally the runs of its floor — the
cost of the unavoidable part, measured in the same run — and a target. Its status is ``ok``,
``missed`` (with by how much), ``info`` (no target) or ``not measured`` (with why).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

STATUSES = ("ok", "missed", "info", "not measured")


@dataclass
class Target:
    """``figure <= ratio * floor + extra``, ``figure <= limit`` (same unit as the row) and/or
    ``figure <= anki * Anki's figure for the same job``."""

    ratio: float | None = None
    extra: float = 0.0
    limit: float | None = None
    anki: float | None = None

    def text(self, unit: str) -> str:
        parts = []
        if self.ratio is not None:
            parts.append(
                f"≤ {self.ratio:g}× floor" + (f" + {self.extra:g} {unit}" if self.extra else "")
            )
        if self.limit is not None:
            parts.append(f"≤ {self.limit:g} {unit}")
        if self.anki is not None:
            parts.append("≤ Anki" if self.anki == 1 else f"≤ {self.anki:g}× Anki")
        return " and ".join(parts)


@dataclass
class Row:
    """One figure of the report."""

    id: str
    label: str
    unit: str = "ms"
    runs: list[float] = field(default_factory=list)
    floor_label: str | None = None
    floor_runs: list[float] = field(default_factory=list)
    target: Target | None = None
    why: str = ""  # the reason a target is missed, or why the row is not measured
    note: str = ""
    cpu: float | None = None  # median CPU time of the measured processes, same unit
    status: str = ""
    anki_label: str | None = None  # what the real Anki backend did for the same job
    anki_runs: list[float] = field(default_factory=list)

    @property
    def median(self) -> float | None:
        return statistics.median(self.runs) if self.runs else None

    @property
    def floor(self) -> float | None:
        return statistics.median(self.floor_runs) if self.floor_runs else None

    @property
    def ratio(self) -> float | None:
        m, f = self.median, self.floor
        return m / f if m is not None and f else None

    @property
    def anki(self) -> float | None:
        return statistics.median(self.anki_runs) if self.anki_runs else None

    @property
    def vs_anki(self) -> float | None:
        m, a = self.median, self.anki
        return m / a if m is not None and a else None

    def allowed(self) -> float | None:
        """The largest figure meeting the target (None without a target or floor)."""
        if self.target is None:
            return None
        bounds = []
        if self.target.ratio is not None and self.floor is not None:
            bounds.append(self.target.ratio * self.floor + self.target.extra)
        if self.target.limit is not None:
            bounds.append(self.target.limit)
        if self.target.anki is not None and self.anki is not None:
            bounds.append(self.target.anki * self.anki)
        return min(bounds) if bounds else None

    def judge(self) -> None:
        """Set ``status``; ``why`` (the reason prepared for a miss) is kept, prefixed with the
        size of the miss, only for a miss — or for a row not measured."""
        if not self.runs:
            self.status = "not measured"
            return
        allowed = self.allowed()
        if allowed is None or (self.median or 0) <= allowed:
            self.status = "info" if allowed is None else "ok"
            self.why = ""
            return
        median = self.median
        assert median is not None
        self.status = "missed"
        over = f"missed by {median - allowed:.3g} {self.unit} ({median / allowed - 1:.0%})"
        self.why = f"{over}: {self.why}" if self.why else over

    def to_data(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "unit": self.unit,
            "status": self.status,
            "median": self.median,
            "runs": self.runs,
            "cpu": self.cpu,
            "floor": None
            if self.floor_label is None
            else {"label": self.floor_label, "median": self.floor, "runs": self.floor_runs},
            "ratio": self.ratio,
            "anki": None
            if self.anki_label is None
            else {
                "label": self.anki_label,
                "median": self.anki,
                "runs": self.anki_runs,
                "ratio": self.vs_anki,
            },
            "target": None
            if self.target is None
            else {
                "text": self.target.text(self.unit),
                "ratio": self.target.ratio,
                "extra": self.target.extra,
                "limit": self.target.limit,
                "anki": self.target.anki,
                "allowed": self.allowed(),
            },
            "why": self.why,
            "note": self.note,
        }


def _num(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"
    return f"{text} {unit}".strip()


def render(rows: list[Row], meta: dict[str, Any]) -> str:
    """The report as text: a table, then the notes of each row."""
    header = ("figure", "median", "floor", "ratio", "Anki", "vs Anki", "target", "result")
    lines = [
        [
            r.label,
            _num(r.median, r.unit),
            _num(r.floor, r.unit) if r.floor_label else "—",
            f"{r.ratio:.2f}×" if r.ratio is not None else "—",
            _num(r.anki, r.unit) if r.anki_label else "—",
            f"{r.vs_anki:.2f}×" if r.vs_anki is not None else "—",
            r.target.text(r.unit) if r.target else "—",
            r.status if r.status != "missed" else "MISSED",
        ]
        for r in rows
    ]
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]
    out = [f"quizapp benchmarks — {meta.get('summary', '')}".rstrip(" —"), ""]
    out.append("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    out.append("  ".join("-" * w for w in widths))
    out += [
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in lines
    ]
    out.append("")
    for r in rows:
        details = []
        if r.floor_label:
            details.append(f"floor: {r.floor_label}")
        if r.anki_label:
            details.append(f"Anki: {r.anki_label}")
        if r.cpu is not None:
            details.append(f"CPU {_num(r.cpu, r.unit)}")
        if r.runs:
            details.append(
                f"{len(r.runs)} runs, min {_num(min(r.runs), r.unit)}, "
                f"max {_num(max(r.runs), r.unit)}"
            )
        if r.why:
            details.append(("why: " if r.status == "missed" else "") + r.why)
        if r.note:
            details.append(r.note)
        out.append(f"- {r.label}: " + "; ".join(details))
    return "\n".join(out)
