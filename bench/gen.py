"""Synthetic data for the benchmarks: a large bank file, a large in-memory library, and a
SQLite database full of card states and review-log rows.

Everything is deterministic (seeded) so two runs measure the same work. The database is filled
with ``sqlite3.executemany`` straight into a database migrated by :class:`quizapp.store.Store`,
in the exact formats the store writes (naive UTC ``YYYY-MM-DD HH:MM:SS.ffffff`` times, the JSON
of :meth:`quizapp.store.Scheduling.to_json` in ``prev_state``).
"""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from quizapp.bank.loader import Library
from quizapp.bank.model import Deck, Flashcard, Origin, Text

KINDS = ("flashcard", "cloze", "choice", "order", "numeric", "drill")
TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"

# One template per kind, in both languages; ``{i}`` is the card number.
_TEMPLATES: dict[str, str] = {
    "flashcard": """\
  - id: bench.c{i}.flashcard
    kind: flashcard
    tags: [concept, bench]
    difficulty: 2
    front:
      en: "Card {i}: what does the mean squared error measure?"
      zh: "卡片 {i}：均方误差衡量的是什么？"
    back:
      en: "The average of the squared residuals; large errors weigh more (card {i})."
      zh: "残差平方的平均值；大的误差权重更大（卡片 {i}）。"
    explanation:
      en: "MSE is the L2 loss averaged over samples."
      zh: "均方误差就是对样本取平均的 L2 损失。"
""",
    "cloze": """\
  - id: bench.c{i}.cloze
    kind: cloze
    tags: [formula, bench]
    text:
      en: "Card {i}: clipping by {{{{c1::norm}}}} keeps the {{{{c2::direction}}}} of the gradient."
      zh: "卡片 {i}：按{{{{c1::范数}}}}做梯度裁剪会保持梯度的{{{{c2::方向}}}}。"
    accept: {{c1: [l2 norm, "2-norm"], c2: [heading]}}
""",
    "choice": """\
  - id: bench.c{i}.choice
    kind: choice
    tags: [concept, bench]
    question:
      en: "Card {i}: which loss is the most robust to outliers?"
      zh: "卡片 {i}：哪个损失函数对离群点最鲁棒？"
    options:
      - text: {{en: Mean absolute error, zh: 平均绝对误差}}
        correct: true
      - text: {{en: Mean squared error, zh: 均方误差}}
      - text: {{en: Squared hinge loss, zh: 平方合页损失}}
      - text: {{en: Cross-entropy on raw scores, zh: 直接对原始分数算交叉熵}}
""",
    "order": """\
  - id: bench.c{i}.order
    kind: order
    tags: [procedure, bench]
    question: {{en: "Card {i}: order the steps of PCA.", zh: "卡片 {i}：给 PCA 的步骤排序。"}}
    steps:
      - {{en: Center each feature, zh: 对每个特征去均值}}
      - {{en: Compute the covariance matrix, zh: 计算协方差矩阵}}
      - {{en: Eigendecompose it, zh: 做特征分解}}
      - {{en: Project onto the top components, zh: 投影到前几个主成分上}}
""",
    "numeric": """\
  - id: bench.c{i}.numeric
    kind: numeric
    tags: [calculation, bench]
    question:
      en: "Card {i}: MSE of y = {{y_true}} and ŷ = {{y_pred}}, to 3 decimals."
      zh: "卡片 {i}：计算 y = {{y_true}} 与 ŷ = {{y_pred}} 的均方误差，保留 3 位小数。"
    inputs:
      n: {{type: integer, low: 2, high: 5}}
      y_true: {{type: vector, size: n, low: -3, high: 3, decimals: 1}}
      y_pred: {{type: vector, size: n, low: -3, high: 3, decimals: 1}}
    answer:
      solver: losses.mse
      args: {{y_true: y_true, y_pred: y_pred}}
      tolerance: {{abs: 0.002, rel: 0.001}}
    solution: {{en: "Average the squared residuals.", zh: "对残差的平方取平均。"}}
""",
    "drill": """\
  - id: bench.c{i}.drill
    kind: drill
    tags: [practice, bench]
    title: {{en: "Mean squared error ({i})", zh: "均方误差（{i}）"}}
    statement:
      en: "Implement the mean squared error over all elements (card {i})."
      zh: "实现对所有元素取平均的均方误差（卡片 {i}）。"
    function: mse
    signature: "mse(y_true: np.ndarray, y_pred: np.ndarray) -> float"
    starter: |
      import numpy as np


      def mse(y_true, y_pred):
          raise NotImplementedError
    hints:
      - {{en: Square the residuals., zh: 对残差逐元素平方。}}
    solver: losses.mse
    cases:
      random: 5
      inputs:
        n: {{type: integer, low: 1, high: 6}}
        y_true: {{type: vector, size: n, low: -5, high: 5, decimals: 2}}
        y_pred: {{type: vector, size: n, low: -5, high: 5, decimals: 2}}
      fixed:
        - {{y_true: [0.0], y_pred: [0.0]}}
    compare: {{type: allclose, rtol: 1.0e-9, atol: 1.0e-12}}
""",
}

BANK_HEADER = """\
format: 1
deck:
  id: bench
  name: {en: Benchmark deck, zh: 基准测试卡组}
  description: {en: Synthetic cards of every kind., zh: 各种题型的合成卡片。}
cards:
"""


def bank_text(cards: int) -> str:
    """A bank of ``cards`` cards cycling through every kind, both languages filled."""
    parts = [BANK_HEADER]
    parts += [_TEMPLATES[KINDS[i % len(KINDS)]].format(i=i) for i in range(cards)]
    return "".join(parts)


def write_bank(path: Path, cards: int) -> Path:
    """Write :func:`bank_text` to ``path`` (UTF-8) and return it."""
    path.write_text(bank_text(cards), encoding="utf-8")
    return path


# --- the large study scenario -------------------------------------------------------------


def scenario_ids(states: int, new: int, orphans: int) -> tuple[list[str], list[str]]:
    """``(library ids, state ids)``: the library holds ``states - orphans`` reviewed cards
    first (cards are introduced in bank order, so years of study leave a long reviewed prefix —
    the worst case for finding new cards) then ``new`` never-reviewed cards; the state table
    also holds ``orphans`` ids of cards since deleted from the banks."""
    reviewed = [f"big.{i:06d}" for i in range(states - orphans)]
    fresh = [f"big.{i:06d}" for i in range(states - orphans, states - orphans + new)]
    gone = [f"gone.{i:06d}" for i in range(orphans)]
    return reviewed + fresh, reviewed + gone


def big_library(ids: list[str], decks: int = 20) -> Library:
    """An in-memory library of flashcards with ``ids`` (in introduction order), spread over
    ``decks`` decks; built directly, without YAML, so it costs well under a second."""
    library = Library()
    origin = Origin(Path("big.yaml"), 1, 1, False)
    deck_ids = [f"big{d:02d}" for d in range(decks)]
    for d in deck_ids:
        library.decks[d] = Deck(d, Text(en=d, zh=d))
    front, back = Text(en="front", zh="正面"), Text(en="back", zh="背面")
    for position, card_id in enumerate(ids):
        library.cards[card_id] = Flashcard(
            id=card_id,
            kind="flashcard",
            deck=deck_ids[position % decks],
            front=front,
            back=back,
            origin=origin,
            position=position,
        )
    return library


def _fmt(t: datetime) -> str:
    return t.astimezone(UTC).replace(tzinfo=None).strftime(TIME_FORMAT)


def _prev(state: int, due: datetime, last: datetime, stability: float) -> str:
    return json.dumps(
        {
            "state": state,
            "step": None if state == 2 else 0,
            "stability": stability,
            "difficulty": 5.0,
            "due": due.isoformat(),
            "last_review": last.isoformat(),
        }
    )


def fill_db(
    db: Path, state_ids: list[str], logs: int, now: datetime, *, years: float = 3.0, seed: int = 1
) -> dict[str, int]:
    """Fill a migrated, empty SQLite database with one state per id and ``logs`` review-log
    rows spread evenly over ``years`` ending a day before ``now`` (the user opens the app for
    the day's first session, so the day's budgets are untouched): the first
    review of every id (in order, ``prev_state`` NULL), then reviews of pseudo-random ids.
    Due dates spread from 30 days overdue to a year ahead (~2% due now); ~1% of the cards
    have a mark (half suspended, half flagged). The store's counters are set to match.

    States go in with ``executemany``; the log rows are generated inside SQLite (a recursive
    CTE), with the log's indexes dropped during the insert and rebuilt after, which is much
    faster than maintaining them row by row."""
    rng = random.Random(seed)
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = OFF")
    states = []
    due_now = 0
    for i, card_id in enumerate(state_ids):
        if rng.random() < 0.02:
            due = now - timedelta(minutes=rng.uniform(1, 30 * 1440))
            due_now += 1
        else:
            due = now + timedelta(minutes=rng.uniform(1, 365 * 1440))
        last = now - timedelta(minutes=rng.uniform(5, 60 * 1440))
        state = 2 if i % 10 else 1
        states.append(
            (
                card_id,
                state,
                None if state == 2 else 0,
                rng.uniform(1.0, 300.0),
                5.0,
                _fmt(due),
                _fmt(last),
            )
        )
    con.executemany("INSERT INTO card_state VALUES (?, ?, ?, ?, ?, ?, ?)", states)
    marks = [(cid, i % 2 == 0, None, i % 2 == 1) for i, cid in enumerate(state_ids[::100])]
    con.executemany("INSERT INTO card_mark VALUES (?, ?, ?, ?)", marks)

    con.execute("CREATE TEMP TABLE bench_ids (n INTEGER PRIMARY KEY, card_id TEXT NOT NULL)")
    con.executemany("INSERT INTO bench_ids VALUES (?, ?)", enumerate(state_ids))
    indexes = con.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
        "tbl_name = 'review_log' AND sql IS NOT NULL"
    ).fetchall()
    for name, _ in indexes:
        con.execute(f'DROP INDEX "{name}"')
    start = now - timedelta(days=365 * years + 1)
    con.execute(
        _LOG_SQL,
        {
            "logs": logs,
            "nids": len(state_ids),
            "start": _fmt(start),
            "step": 365 * years / max(1, logs),
            "prev_review": _prev(2, start, start, 10.0),
            "prev_learning": _prev(1, start, start, 1.0),
        },
    )
    for _, sql in indexes:
        con.execute(sql)
    con.execute(
        "UPDATE store_meta SET number = (SELECT count(*) FROM review_log) WHERE key = 'reviews'"
    )
    con.execute(
        "UPDATE store_meta SET number = (SELECT count(*) FROM card_state) WHERE key = 'states'"
    )
    con.execute("UPDATE store_meta SET number = number + 1, data = NULL WHERE key = 'queue_hint'")
    con.commit()
    con.execute("ANALYZE")
    con.commit()
    con.close()
    return {"states": len(states), "logs": logs, "due_now": due_now, "marks": len(marks)}


# strftime('%f') gives milliseconds; the store writes microseconds: pad with 000.
_LOG_SQL = """
WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < :logs - 1)
INSERT INTO review_log (card_id, reviewed_at, rating, duration_ms, answer, correct, lang,
                        prev_state, seed)
SELECT b.card_id,
       strftime('%Y-%m-%d %H:%M:%f', julianday(:start) + (seq.i + 1) * :step) || '000',
       CASE WHEN (seq.i * 7919) % 10 = 0 THEN 1 ELSE 3 END,
       4000, NULL,
       CASE WHEN (seq.i * 7919) % 10 = 0 THEN 0 ELSE 1 END,
       'en',
       CASE WHEN seq.i < :nids THEN NULL
            WHEN seq.i % 5 = 0 THEN :prev_learning ELSE :prev_review END,
       NULL
FROM seq JOIN bench_ids AS b
  ON b.n = CASE WHEN seq.i < :nids THEN seq.i ELSE (seq.i * 2654435761) % :nids END
"""
