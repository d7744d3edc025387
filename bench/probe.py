"""Measurements that must start in a fresh process: ``python -m bench.probe KIND JSON``.

Each probe prints one JSON object on stdout (times in milliseconds). Modules are imported
before any clock starts: start-up is measured by its own rows, these measure the work.
"""

from __future__ import annotations

import gc
import json
import random
import resource
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def _cpu_ms(start: float) -> float:
    return (time.process_time() - start) * 1000


def _peak_rss_mb() -> float:
    """Peak resident memory of this process. Linux's VmHWM, not ``ru_maxrss``: the latter also
    counts the parent's memory at the fork that started this process (the benchmark runner
    may hold a large parsed bank by then)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _scenario(args: dict[str, Any]) -> tuple[Any, Callable[[], datetime]]:
    """The large library (built in memory) and the scenario's clock. The garbage collector's
    pass over the freshly built library is taken here, before any clock starts: an app that
    loaded its library earlier has paid it already."""
    from bench import gen

    ids, _ = gen.scenario_ids(args["states"], args["new"], args["orphans"])
    now = datetime.fromisoformat(args["now"])
    library = gen.big_library(ids, args["decks"])
    gc.collect()
    return library, lambda: now


def queue(args: dict[str, Any]) -> dict[str, Any]:
    """Open the store, then build the study queue twice (two sessions), timing each."""
    from quizapp.store import Store
    from quizapp.study import Study

    library, clock = _scenario(args)
    started = time.perf_counter()
    store = Store.open(args["db"])
    opened = _ms(started)
    if args.get("reset_hint"):
        with store.engine.begin() as conn:
            conn.exec_driver_sql(
                "UPDATE store_meta SET data = NULL, number = number + 1 WHERE key = 'queue_hint'"
            )
    out: dict[str, Any] = {"open_ms": opened}
    for name in ("cold", "warm"):
        started, cpu = time.perf_counter(), time.process_time()
        study = Study(store, library, clock=clock, rng=random.Random(1))
        first = study.next()
        out[f"{name}_ms"], out[f"{name}_cpu_ms"] = _ms(started), _cpu_ms(cpu)
        progress = study.progress()
        out[f"{name}_queue"] = {
            "first": first.card.id if first else None,
            "due": progress.due + (first is not None and not first.is_new),
            "new": progress.new + (first is not None and first.is_new),
        }
    store.close()
    return out


def stats(args: dict[str, Any]) -> dict[str, Any]:
    """Compute the statistics twice on a freshly opened store."""
    from quizapp.stats import compute
    from quizapp.store import Store

    library, clock = _scenario(args)
    store = Store.open(args["db"])
    out: dict[str, Any] = {}
    for name in ("cold", "warm"):
        started, cpu = time.perf_counter(), time.process_time()
        report = compute(store, library, clock())
        out[f"{name}_ms"], out[f"{name}_cpu_ms"] = _ms(started), _cpu_ms(cpu)
    out["report"] = {
        "cards": report.cards,
        "new": report.new,
        "due_now": report.due_now,
        "reviews_total": report.reviews_total,
        "streak_days": report.streak_days,
        "orphaned": len(report.orphaned),
        "decks": len(report.decks),
    }
    store.close()
    return out


def answers(args: dict[str, Any]) -> dict[str, Any]:
    """Record ``count`` answers through :meth:`Study.record`, one transaction each, half of
    them first reviews of new cards and half reviews of known ones."""
    from quizapp.store import Store
    from quizapp.study import Study

    library, clock = _scenario(args)
    store = Store.open(args["db"])
    study = Study(store, library, clock=clock, rng=random.Random(1))
    count, offset = args["count"], args["offset"]
    reviewed = args["states"] - args["orphans"]
    known = [f"big.{(offset + i) % reviewed:06d}" for i in range(count // 2)]
    fresh = [f"big.{reviewed + (offset + i) % args['new']:06d}" for i in range(count - len(known))]
    ids = [cid for pair in zip(known, fresh, strict=False) for cid in pair]
    ids += known[len(fresh) :] + fresh[len(known) :]
    times = []
    cpu = time.process_time()
    for i, card_id in enumerate(ids):
        started = time.perf_counter()
        study.record(
            card_id, 1 + i % 4, answer="x", correct=bool(i % 4), duration_ms=1000, lang="en"
        )
        times.append(_ms(started))
    cpu_per_answer = _cpu_ms(cpu) / len(times)
    store.close()
    times.sort()
    return {
        "per_answer_ms": sum(times) / len(times),
        "cpu_ms": cpu_per_answer,
        "p50_ms": times[len(times) // 2],
        "p95_ms": times[int(len(times) * 0.95)],
        "count": len(times),
    }


def memory(args: dict[str, Any]) -> dict[str, Any]:
    """Peak RSS after loading the library (built-ins + the bank) and building a queue."""
    from quizapp.bank.loader import load_library
    from quizapp.store import Store
    from quizapp.study import Study

    library = load_library([Path(args["bank"])], include_user=False)
    store = Store.open(args["db"])
    study = Study(store, library)
    study.next()
    store.close()
    return {
        "peak_rss_mb": _peak_rss_mb(),
        "cards": len(library.cards),
        "parsed": "yaml" in sys.modules,
    }


def drill(args: dict[str, Any]) -> dict[str, Any]:
    """Grade a correct submission of a built-in drill ``runs`` times (the first one pays the
    imports of the grading side)."""
    from bench.drillcase import correct_submission

    card, source = correct_submission()
    from quizapp.grading.drill import grade

    times, statuses = [], []
    for i in range(args["runs"] + 1):
        started = time.perf_counter()
        result = grade(card, source, seed=1000 + i)
        times.append(_ms(started))
        statuses.append(result.status)
    return {"first_ms": times[0], "runs_ms": times[1:], "card": card.id, "statuses": statuses}


def tui_memory(args: dict[str, Any]) -> dict[str, Any]:
    """Peak RSS of the app, headless, once Home shows the library loaded with the bank."""
    from quizapp.tui.app import QuizApp

    class Bench(QuizApp):  # type: ignore[misc]
        def on_ready(self) -> None:  # Textual also runs QuizApp.on_ready (it loads the data)
            self.set_interval(0.01, self.poll)

        def poll(self) -> None:
            if getattr(self.screen, "report", None) is not None:
                self.exit()

    app = Bench(db_url=args["db"], banks=[Path(args["bank"])], include_user=False, lang="en")
    app.run(headless=True, size=(80, 24))
    return {
        "peak_rss_mb": _peak_rss_mb(),
        "cards": len(app.library.cards) if app.library is not None else 0,
        "parsed": "yaml.composer" in sys.modules,
    }


PROBES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "queue": queue,
    "stats": stats,
    "answers": answers,
    "memory": memory,
    "drill": drill,
    "tui_memory": tui_memory,
}


def main(argv: list[str]) -> int:
    """``KIND JSON``: run one probe, print its result as JSON."""
    kind, raw = argv
    print(json.dumps(PROBES[kind](json.loads(raw))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
