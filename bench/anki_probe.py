"""The same jobs done by the real Anki backend (the ``anki`` package, a bench-only extra), so the
report can print our figures beside Anki's from the same run and machine.

Run as ``python -m bench.anki_probe JOB JSON`` in a fresh process (cold figures include opening
the collection, as ours include opening the store). Jobs:

- ``build``: a collection shaped like our scenario — ``states`` cards with review history
  (``due_share`` of them due today, the rest due later), ``new`` new cards, ``logs`` revlog rows —
  written with bulk SQL through Anki's own database handle;
- ``add``: add ``cards`` Basic notes with ``Collection.add_notes`` (one batch, one commit);
- ``queue``: open the collection and build the study queue (``get_queued_cards``), cold, then a
  second time in the same process after the queue is invalidated;
- ``answers``: ``count`` times fetch the next card, build the answer (Good/Again alternating) and
  ``answer_card`` it — each answer is its own backend operation, committed before it returns.
"""

from __future__ import annotations

import json
import random
import sys
import time
from typing import Any


def _open(path: str) -> Any:
    from anki.collection import Collection

    return Collection(path)


def build(args: dict[str, Any]) -> dict[str, Any]:
    """Create the scenario collection at ``args["path"]``: Anki makes the collection, the rows
    are then written in one SQLite transaction (Anki's database is a plain SQLite file; going
    through its database proxy row by row would take minutes)."""
    import sqlite3

    rng = random.Random(1)
    started = time.perf_counter()
    col = _open(args["path"])
    try:
        mid, today = col.models.by_name("Basic")["id"], col.sched.today
    finally:
        col.close()
    states, new, logs = args["states"], args["new"], args["logs"]
    first = 1_600_000_000_000

    def cards() -> Any:
        for i in range(states + new):
            if i < states:
                soon = rng.random() < args["due_share"]
                due = today - rng.randrange(3) if soon else today + 1 + rng.randrange(60)
                yield (first + i, first + i, 1, 0, 0, 0, 2, 2, due, 30, 2500, 5, 0, 0, 0, 0, 0, "")
            else:
                yield (first + i, first + i, 1, 0, 0, 0, 0, 0, i, 0, 0, 0, 0, 0, 0, 0, 0, "")

    with sqlite3.connect(args["path"]) as con:
        con.executemany(
            "INSERT INTO notes VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                (first + i, f"g{i:08d}", mid, 0, 0, "", f"Q{i}\x1fA{i}", f"Q{i}", 0, 0, "")
                for i in range(states + new)
            ),
        )
        con.executemany("INSERT INTO cards VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", cards())
        con.executemany(
            "INSERT INTO revlog VALUES (?,?,?,?,?,?,?,?,?)",
            (
                (1_650_000_000_000 + j, first + j % max(1, states), 0, 3, 10, 5, 2500, 8000, 1)
                for j in range(logs)
            ),
        )
    return {"seconds": time.perf_counter() - started}


def add(args: dict[str, Any]) -> dict[str, Any]:
    """Add ``cards`` notes to a fresh collection; ms for the whole batch."""
    from anki.collection import AddNoteRequest

    col = _open(args["path"])
    try:
        model = col.models.by_name("Basic")
        requests = []
        for i in range(args["cards"]):
            note = col.new_note(model)
            note["Front"] = f"What is the question number {i}?"
            note["Back"] = f"The answer to question {i}."
            requests.append(AddNoteRequest(note=note, deck_id=1))
        started = time.perf_counter()
        col.add_notes(requests)
        ms = (time.perf_counter() - started) * 1000
    finally:
        col.close()
    return {"ms": ms}


def queue(args: dict[str, Any]) -> dict[str, Any]:
    """Open the collection (timed apart, as our figure times ``Store.open`` apart), build the
    queue (cold), then build it again after an operation that invalidates it (warm)."""
    from anki.collection import Collection

    started = time.perf_counter()
    col = Collection(args["path"])
    opened = (time.perf_counter() - started) * 1000
    try:
        started = time.perf_counter()
        first = col.sched.get_queued_cards(fetch_limit=1)
        cold = (time.perf_counter() - started) * 1000
        col.sched.extend_limits(0, 0)  # an op that makes the backend rebuild its queue
        started = time.perf_counter()
        col.sched.get_queued_cards(fetch_limit=1)
        warm = (time.perf_counter() - started) * 1000
        counts = {"new": first.new_count, "review": first.review_count}
    finally:
        col.close()
    return {"open_ms": opened, "cold_ms": cold, "warm_ms": warm, "counts": counts}


def answers(args: dict[str, Any]) -> dict[str, Any]:
    """Fetch, answer and commit ``count`` cards; the mean and p95 per answer in ms."""
    col = _open(args["path"])  # imports anki.collection first: anki.cards needs it loaded
    from anki.cards import Card
    from anki.scheduler.v3 import CardAnswer

    times = []
    try:
        col.sched.get_queued_cards(fetch_limit=1)  # the queue is built before timing
        for i in range(args["count"]):
            started = time.perf_counter()
            queued = col.sched.get_queued_cards(fetch_limit=1).cards[0]
            card = Card(col, backend_card=queued.card)
            card.start_timer()
            rating = CardAnswer.GOOD if i % 2 else CardAnswer.AGAIN
            answer = col.sched.build_answer(card=card, states=queued.states, rating=rating)
            col.sched.answer_card(answer)
            times.append((time.perf_counter() - started) * 1000)
    finally:
        col.close()
    times.sort()
    return {"per_answer_ms": sum(times) / len(times), "p95_ms": times[int(len(times) * 0.95)]}


JOBS = {"build": build, "add": add, "queue": queue, "answers": answers}


def available() -> str | None:
    """Why Anki cannot be measured here (None when it can)."""
    try:
        import anki.collection  # noqa: F401
    except ImportError:
        return "the anki package is not installed (pip install 'quizapp[bench]')"
    return None


def main(argv: list[str]) -> int:
    job, raw = argv
    print(json.dumps(JOBS[job](json.loads(raw))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
