"""``python -m bench`` (``make bench``): speed at scale, each figure beside its floor.

Prints a table and writes JSON (``bench/results/latest.json`` by default). Every figure is the
median of ``--runs`` runs; its floor — the unavoidable part, e.g. the YAML parser or importing
Textual — is measured in the same run, so the ratio holds on a slow or busy machine. Sections:

1. TUI cold start, headless (``bench/tui_startup.py``): first screen ready, first card shown;
2. ``quizapp validate`` and bank loading of a synthetic bank (``--cards``, every kind, both
   languages), from the cache of parsed banks and without it;
3. the study queue and the statistics over ``--states`` card states and ``--logs`` review-log
   rows (cold: fresh process and store; warm: second call), with the queries' plans;
4. answer throughput (``Study.record``, one transaction each);
5. grading a correct drill submission;
6. peak memory of the app with the synthetic bank loaded.

Child processes run with a bytecode cache (``PYTHONPYCACHEPREFIX`` under the results folder),
as an installed app does, even where ``PYTHONDONTWRITEBYTECODE`` is set. Nothing here asserts a
timing; ``tests/bench`` runs this in a tiny configuration to keep it working.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.report import Row, Target, render

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # the scenario's "now" (fixed: reproducible)
SECTIONS = ("tui", "bank", "study", "answers", "drill", "memory")
TIMEOUT = 900


class Bench:
    """One benchmark run: its configuration, work folder, child environment and rows."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.runs: int = args.runs
        self.rows: list[Row] = []
        self.explain: dict[str, list[str]] = {}
        self.facts: dict[str, Any] = {}
        self.work = Path(args.workdir or tempfile.mkdtemp(prefix="work-", dir=_mkdir(RESULTS)))
        self.home = _mkdir(self.work / "home")
        self.bank = self.work / "bench.yaml"
        self.db = self.work / "study.db"
        self.env = dict(os.environ)
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.env.pop("QUIZAPP_DB", None)
        self.env["PYTHONPYCACHEPREFIX"] = str(Path(args.pycache).resolve())
        self.env["QUIZAPP_HOME"] = str(self.home)
        os.environ.update({k: self.env[k] for k in ("PYTHONPYCACHEPREFIX", "QUIZAPP_HOME")})
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ.pop("QUIZAPP_DB", None)

    # --- helpers ----------------------------------------------------------------------------

    def child(self, argv: list[str], *, check: bool = True) -> tuple[float, float, str]:
        """Run a Python child process: ``(wall ms, CPU ms, stdout)``."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, *argv],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        wall = (time.perf_counter() - started) * 1000
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) * 1000
        if check and done.returncode != 0:
            raise RuntimeError(
                f"{' '.join(argv[:3])} failed ({done.returncode}):\n{done.stderr[-2000:]}"
            )
        return wall, cpu, done.stdout

    def probe(self, kind: str, **params: Any) -> dict[str, Any]:
        """Run one probe of :mod:`bench.probe` in a fresh process; its JSON result."""
        _, _, out = self.child(["-m", "bench.probe", kind, json.dumps(params)])
        return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]

    def anki(self, job: str, **params: Any) -> dict[str, Any]:
        """Run one job of :mod:`bench.anki_probe` (the real Anki backend) in a fresh process."""
        _, _, out = self.child(["-m", "bench.anki_probe", job, json.dumps(params)])
        return dict(json.loads(out.strip().splitlines()[-1]))

    def with_anki(self, row: Row, label: str, runs: Callable[[], list[float]]) -> Row:
        """Put Anki's figure for the same job beside ``row`` (or say why it is missing)."""
        from bench.anki_probe import available

        row.anki_label = label
        missing = available()
        if missing:
            row.note += f"; Anki not measured: {missing}"
        else:
            row.anki_runs = runs()
        return row

    def scenario(self) -> dict[str, Any]:
        a = self.args
        return {
            "db": f"sqlite:///{self.db}",
            "states": a.states,
            "new": a.new,
            "orphans": a.orphans,
            "decks": a.decks,
            "now": NOW.isoformat(),
        }

    def add(self, row: Row) -> Row:
        row.judge()
        self.rows.append(row)
        print(
            f"  {row.label}: {row.median if row.median is not None else '—'} "
            f"{row.unit if row.median is not None else ''}",
            file=sys.stderr,
            flush=True,
        )
        return row

    def timed(self, fn: Callable[[], Any], runs: int | None = None) -> list[float]:
        """Milliseconds of ``runs`` calls of ``fn`` in this process."""
        times = []
        for _ in range(runs or self.runs):
            started = time.perf_counter()
            fn()
            times.append((time.perf_counter() - started) * 1000)
        return times

    def children(self, argv: list[str], runs: int | None = None) -> tuple[list[float], float]:
        """Wall milliseconds of ``runs`` child processes, and their median CPU time."""
        walls, cpus = [], []
        for _ in range(runs or self.runs):
            wall, cpu, _ = self.child(argv)
            walls.append(wall)
            cpus.append(cpu)
        return walls, statistics.median(cpus)

    # --- 1. TUI start-up ------------------------------------------------------------------

    def tui(self) -> None:
        floor = 'python -c "import textual.app"'
        rows = [
            Row(
                "tui_first_screen",
                "1a TUI start → first screen",
                floor_label=floor,
                target=Target(ratio=1.5),
            ),
            Row(
                "tui_first_card",
                "1b TUI start → first card",
                floor_label=floor,
                target=Target(ratio=2.5),
            ),
            Row("tui_home_filled", "   TUI start → Home filled", floor_label=floor),
        ]
        if not _tui_landed():
            for row in rows:
                row.why = "not measured: TUI not landed (quizapp.tui.app or bench/tui_startup.py)"
                self.add(row)
            return
        from bench import tui_startup

        tui_home = _mkdir(self.work / "tui-home")
        tui_startup.one_run("home", tui_home)  # creates the database and the bank cache
        floor_runs, _ = self.children(["-c", "import textual.app"])
        for row in rows:
            row.floor_runs = floor_runs
        sqlalchemy_runs, _ = self.children(["-c", "import sqlalchemy"])
        python_runs, _ = self.children(["-c", "pass"])
        sqlalchemy = statistics.median(sqlalchemy_runs) - statistics.median(python_runs)
        for _ in range(self.runs):
            for name, seconds in tui_startup.one_run("home", tui_home).items():
                if name in ("first_frame", "home_filled"):
                    rows[0 if name == "first_frame" else 2].runs.append(seconds * 1000)
            rows[1].runs.append(tui_startup.one_run("study", tui_home)["first_card"] * 1000)
        rows[0].note = (
            "headless 80x24, from process spawn, built-in banks: Textual's Ready "
            "(Home's skeleton on screen, keys work)"
        )
        rows[
            1
        ].note = (
            "`quizapp study`: store opened, banks loaded (cached), queue built, first card rendered"
        )
        rows[2].note = "Home shows the decks' numbers: store opened, banks loaded, statistics"
        rows[1].why = (
            f"after the first frame the app imports SQLAlchemy ({sqlalchemy:.0f} ms "
            "alone here, in a thread, but the GIL makes it serial with the UI), opens "
            "the store, loads the banks, builds the queue and renders the study "
            "screen while Home computes its statistics; the first frame alone is "
            f"{statistics.median(rows[0].runs) / statistics.median(floor_runs):.2f}× "
            "the floor"
        )
        for row in rows:
            self.add(row)

    # --- 2. banks -------------------------------------------------------------------------

    def bank_section(self) -> None:
        from bench import gen

        gen.write_bank(self.bank, self.args.cards)
        size = self.bank.stat().st_size
        raw = self.bank.read_bytes()
        kinds = ", ".join(gen.KINDS)
        shutil.rmtree(self.home / "cache", ignore_errors=True)

        import yaml

        from quizapp.bank.loader import load_library

        def load() -> Any:
            return load_library([self.bank], include_builtin=False, include_user=False)

        first = self.timed(load, 1)  # parses and fills the cache
        library = load()
        self.facts["bank"] = {
            "cards": len(library.cards),
            "problems": len(library.problems),
            "bytes": size,
            "kinds": list(gen.KINDS),
        }
        yaml_floor = self.timed(lambda: yaml.load(raw, Loader=yaml.CLoader))
        bank = f"{self.args.cards:,}-card bank"
        what = f"{bank}: {size / 1e6:.1f} MB, {kinds}; en + zh"
        self.add(
            Row(
                "load_bank",
                f"2  load {bank} (cached)",
                runs=self.timed(load),
                floor_label="yaml.load(file, CLoader), same process",
                floor_runs=yaml_floor,
                target=Target(ratio=2, limit=300),
                note=f"{what}; load_library() in-process from the cache of parsed banks "
                "($QUIZAPP_HOME/cache/banks)",
            )
        )
        uncached = Row(
            "load_bank_uncached",
            f"   load {bank} (not cached)",
            runs=first,
            floor_label="yaml.load(file, CLoader), same process",
            floor_runs=yaml_floor,
            note="parse, schema, checks, then the cache entry is written (encode + verify)",
        )
        self.add(
            self.with_anki(
                uncached,
                f"Collection.add_notes of {self.args.cards:,} Basic notes, one batch",
                lambda: [
                    self.anki("add", path=str(self.work / f"add-{i}.anki2"), cards=self.args.cards)[
                        "ms"
                    ]
                    for i in range(self.runs)
                ],
            )
        )
        validate, cpu = self.children(["-m", "quizapp", "validate", str(self.bank)])
        floor, floor_cpu = self.children(
            [
                "-c",
                "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CLoader)",
                str(self.bank),
            ]
        )
        row = Row(
            "validate_bank",
            f"2  quizapp validate {bank} (cached)",
            runs=validate,
            cpu=cpu,
            floor_label="python -c yaml.load(file, CLoader)",
            floor_runs=floor,
            target=Target(ratio=2, limit=300),
            note=f"whole process; floor CPU {floor_cpu:.0f} ms",
        )
        row.why = (
            f"the process needs {cpu:.0f} ms of CPU (load average "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores): interpreter and "
            "imports, argparse building every subcommand, then rebuilding the bank's "
            "~70,000 objects from the cache and the garbage collector's passes over "
            "them; the YAML floor is far away, the 300 ms limit is what binds"
        )
        self.add(row)
        self.facts["validate_imports"] = self._validate_imports()

    def _validate_imports(self) -> dict[str, bool]:
        _, _, out = self.child(
            [
                "-c",
                "import sys, io, contextlib\n"
                "from quizapp.cli import main\n"
                "with contextlib.redirect_stdout(io.StringIO()):\n"
                f"    main(['validate', {str(self.bank)!r}])\n"
                "print(*(m in sys.modules for m in "
                "('sqlalchemy', 'textual', 'numpy', 'yaml')))",
            ]
        )
        found = out.split()
        return dict(
            zip(
                ("sqlalchemy", "textual", "numpy", "yaml"),
                (v == "True" for v in found),
                strict=True,
            )
        )

    # --- 3. queue and statistics ------------------------------------------------------------

    def _anki_queue(self) -> list[dict[str, Any]]:
        """Anki's queue figures on a collection the size of our scenario (built once)."""
        from bench.anki_probe import available

        if available():
            return []
        a, path = self.args, self.work / "scenario.anki2"
        if not path.exists():
            due = self.facts.get("queue", {}).get("due", (a.states - a.orphans) // 3)
            due_share = due / max(1, a.states - a.orphans)
            self.facts["anki_build"] = self.anki(
                "build",
                path=str(path),
                states=a.states,
                new=a.new,
                logs=a.logs,
                due_share=due_share,
            )
        runs = [self.anki("queue", path=str(path)) for _ in range(self.runs)]
        self.facts["anki_queue"] = runs[-1]["counts"]
        return runs

    def make_db(self) -> None:
        from bench import gen
        from quizapp.store import Store

        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.db}{suffix}").unlink(missing_ok=True)
        Store.open(f"sqlite:///{self.db}").close()
        _, state_ids = gen.scenario_ids(self.args.states, self.args.new, self.args.orphans)
        started = time.perf_counter()
        self.facts["db"] = gen.fill_db(self.db, state_ids, self.args.logs, NOW)
        self.facts["db"]["seconds"] = round(time.perf_counter() - started, 1)
        self.facts["db"]["bytes"] = self.db.stat().st_size

    def study_section(self) -> None:
        a = self.args
        self.make_db()
        scenario = self.scenario()
        what = (
            f"{a.states:,} states, {a.logs:,} reviews, library of "
            f"{a.states - a.orphans + a.new:,} cards"
        )
        no_hint = [
            self.probe("queue", **scenario, reset_hint=True)["cold_ms"] for _ in range(self.runs)
        ]
        cold, warm, opened, cold_cpu, warm_cpu = [], [], [], [], []
        for _ in range(self.runs):
            out = self.probe("queue", **scenario)
            cold.append(out["cold_ms"])
            warm.append(out["warm_ms"])
            opened.append(out["open_ms"])
            cold_cpu.append(out["cold_cpu_ms"])
            warm_cpu.append(out["warm_cpu_ms"])
        self.facts["queue"] = out["cold_queue"]
        anki_queue = self._anki_queue()
        busy = (
            "CPU {cpu:.1f} ms: the rest is waiting for a CPU (load average "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
        )
        anki_label = (
            "Collection(path) opened apart, then sched.get_queued_cards() on a collection of the "
            "same size (cards with review history, new cards, revlog rows)"
        )
        self.add(
            self.with_anki(
                Row(
                    "queue_cold",
                    "3  study queue, cold",
                    runs=cold,
                    target=Target(limit=50),
                    cpu=statistics.median(cold_cpu),
                    why=busy.format(cpu=statistics.median(cold_cpu)),
                    note=f"{what}; fresh process and store: Study(...) + "
                    f"next() → {out['cold_queue']['due']} due + {out['cold_queue']['new']} "
                    "new cards",
                ),
                anki_label,
                lambda: [q["cold_ms"] for q in anki_queue],
            )
        )
        self.add(
            self.with_anki(
                Row(
                    "queue_warm",
                    "3  study queue, warm",
                    runs=warm,
                    target=Target(limit=5),
                    cpu=statistics.median(warm_cpu),
                    why=busy.format(cpu=statistics.median(warm_cpu)),
                    note="a second session on the same store",
                ),
                "get_queued_cards() again after an operation that invalidates the queue",
                lambda: [q["warm_ms"] for q in anki_queue],
            )
        )
        self.add(
            Row(
                "queue_no_hint",
                "   study queue, cold, no hint",
                runs=no_hint,
                note=f"once after the library changes: the {a.states - a.orphans:,} "
                "reviewed cards ahead of the first new one are looked up",
            )
        )
        self.add(
            Row(
                "store_open",
                "   Store.open(), fresh process",
                runs=opened,
                note="engine, first connection, migration check",
            )
        )
        scold, swarm, scpu = [], [], []
        for _ in range(self.runs):
            out = self.probe("stats", **scenario)
            scold.append(out["cold_ms"])
            swarm.append(out["warm_ms"])
            scpu.append(out["cold_cpu_ms"])
        self.facts["stats"] = out["report"]
        self.add(
            Row(
                "stats_cold",
                "3  stats, cold",
                runs=scold,
                cpu=statistics.median(scpu),
                note=f"stats.compute (all of `quizapp stats`); {out['report']['orphaned']} "
                "orphaned ids listed; mastery sums each learned card's recall in SQL, "
                "deck by deck",
            )
        )
        self.add(Row("stats_warm", "3  stats, warm", runs=swarm, note="second call"))
        self.explain = query_plans(self.db, NOW)

    # --- 4. answers -----------------------------------------------------------------------

    def answers(self) -> None:
        if not self.db.exists():
            self.make_db()
        per, p95, cpu = [], [], []
        for run in range(self.runs):
            out = self.probe(
                "answers",
                **self.scenario(),
                count=self.args.answers,
                offset=run * self.args.answers,
            )
            per.append(out["per_answer_ms"])
            p95.append(out["p95_ms"])
            cpu.append(out["cpu_ms"])
        row = Row(
            "answer",
            "4  answer (record + commit)",
            runs=per,
            target=Target(limit=1.0, anki=1),
            cpu=statistics.median(cpu),
            why=f"CPU {statistics.median(cpu):.2f} ms per answer",
            note=f"Study.record, one transaction each, {self.args.answers:,} answers "
            f"per run on the large database, half of them first reviews; mean per "
            f"answer, p95 {statistics.median(p95):.2f} ms (the next card itself comes from "
            "the session's in-memory queue)",
        )

        def anki_answers() -> list[float]:
            path = self.work / "scenario.anki2"
            if not path.exists():
                self._anki_queue()
            return [
                self.anki("answers", path=str(path), count=self.args.answers)["per_answer_ms"]
                for _ in range(self.runs)
            ]

        self.add(
            self.with_anki(
                row,
                "get_queued_cards + build_answer + answer_card (committed) per card, on the "
                "collection of the queue figures",
                anki_answers,
            )
        )

    # --- 5. drill -------------------------------------------------------------------------

    def drill(self) -> None:
        floor = 'python -I -c "import numpy"'
        row = Row(
            "drill_grade",
            "5  drill grade, correct (app running)",
            floor_label=floor,
            target=Target(ratio=1.5, extra=100),
        )
        first = Row(
            "drill_grade_first",
            "5  drill grade, correct (first)",
            floor_label=floor,
            target=Target(ratio=1.5, extra=100),
        )
        if importlib.util.find_spec("quizapp.grading.drill") is None:
            for r in (row, first):
                r.why = "not measured: the drill grader (quizapp/grading/drill.py) is missing"
                self.add(r)
            return
        outs = [self.probe("drill", runs=self.runs) for _ in range(self.runs)]
        row.runs = [t for out in outs for t in out["runs_ms"]]
        first.runs = [out["first_ms"] for out in outs]
        row.floor_runs = first.floor_runs = self.children(["-I", "-c", "import numpy"])[0]
        statuses = sorted({s for out in outs for s in out["statuses"]})
        row.note = (
            f"grading.drill.grade(drill.mse, its reference solution) in a process "
            f"that graded before; each grade starts a fresh sandbox process; "
            f"statuses {statuses}"
        )
        if statuses != ["passed"]:
            row.note += " — THE SUBMISSION DID NOT PASS"
        first.note = "the first grade of a fresh process"
        first.why = (
            "the grading process imports NumPy itself (the reference solver computes "
            "the expected values) on top of the sandbox child's start"
        )
        self.add(row)
        self.add(first)

    # --- 6. memory ------------------------------------------------------------------------

    def memory(self) -> None:
        from bench import gen

        if not self.bank.exists():
            gen.write_bank(self.bank, self.args.cards)
        db = f"sqlite:///{self.work / 'memory.db'}"
        if _tui_landed():
            kind, label = "tui_memory", "peak RSS, TUI with the bank"
        else:
            kind, label = "memory", "peak RSS, library + queue (no TUI)"
        self.probe(kind, bank=str(self.bank), db=db)  # fills the bank cache
        runs = []
        for _ in range(min(self.runs, 3)):
            out = self.probe(kind, bank=str(self.bank), db=db)
            if out["parsed"]:  # the loading code changed meanwhile: the cache was refilled
                out = self.probe(kind, bank=str(self.bank), db=db)
            runs.append(out["peak_rss_mb"])
        self.add(
            Row(
                "memory",
                f"6  {label}",
                unit="MB",
                runs=runs,
                target=Target(limit=200),
                note=f"built-in banks + the {self.args.cards:,}-card bank, from the cache",
            )
        )

    # --- the run --------------------------------------------------------------------------

    def run(self, sections: list[str]) -> dict[str, Any]:
        load_before = os.getloadavg()
        started = time.perf_counter()
        steps = {
            "tui": self.tui,
            "bank": self.bank_section,
            "study": self.study_section,
            "answers": self.answers,
            "drill": self.drill,
            "memory": self.memory,
        }
        for name in sections:
            print(f"[bench] {name} …", file=sys.stderr, flush=True)
            steps[name]()
        from quizapp import __version__

        a = self.args
        meta = {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "quizapp": __version__,
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_before": load_before,
            "load_after": os.getloadavg(),
            "seconds": round(time.perf_counter() - started, 1),
            "config": {
                "cards": a.cards,
                "states": a.states,
                "logs": a.logs,
                "new": a.new,
                "orphans": a.orphans,
                "decks": a.decks,
                "runs": a.runs,
                "answers": a.answers,
                "sections": sections,
            },
            "summary": (
                f"{a.runs} runs each, medians; {os.cpu_count()} CPUs, load "
                f"{load_before[0]:.1f} → {os.getloadavg()[0]:.1f}; Python "
                f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}"
            ),
        }
        return {
            "meta": meta,
            "rows": [r.to_data() for r in self.rows],
            "explain": self.explain,
            "facts": self.facts,
        }


def query_plans(db: Path, now: datetime) -> dict[str, list[str]]:
    """``EXPLAIN QUERY PLAN`` of the queries behind the queue and the statistics."""
    from datetime import timedelta

    from sqlalchemy.dialects import sqlite

    from quizapp.store import (
        _COUNTS_BETWEEN,
        Store,
        _due_buckets_query,
        _spans_query,
    )
    from quizapp.store import sqlite as fast

    def sql(statement: Any) -> str:
        return str(
            statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
        )

    day = timedelta(days=1)
    edges = [now + day * (i + 1) for i in range(30)]
    store = Store.open(f"sqlite:///{db}")
    statements = {
        "queue: due cards (page)": sql(Store._due_query(now, 216, 0)),
        "queue: new cards (ids without a state)": fast.WITHOUT_STATE_SQL.format(ids="(?), (?)"),
        "queue: suspended or buried": fast.BLOCKED_SQL.format(ids="?, ?"),
        "queue + stats: today's counts": sql(_COUNTS_BETWEEN.params(start=now - day, end=now)),
        "stats: reviews per day": sql(
            _spans_query(2, False).params(t0=now - day, t1=now, t2=now + day)
        ),
        "stats: streak (a review that day?)": sql(
            _spans_query(1, True).params(l0=now - day, h0=now)
        ),
        "stats: due and forecast": sql(_due_buckets_query(now, edges)),
        "stats: learned and mastery per deck": fast.RECALL_SQL.format(ids="?, ?"),
    }
    store.close()
    con = sqlite3.connect(db)
    plans = {}
    for name, text in statements.items():
        params = [None] * text.count("?")
        plans[name] = [row[3] for row in con.execute("EXPLAIN QUERY PLAN " + text, params)]
    con.close()
    return plans


def _tui_landed() -> bool:
    """True if the app and its start-up probe exist (found without importing them)."""
    return (ROOT / "bench" / "tui_startup.py").is_file() and bool(
        importlib.util.find_spec("quizapp.tui.app")
    )


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--cards", type=int, default=10_000, help="cards in the synthetic bank")
    p.add_argument("--states", type=int, default=100_000, help="card states in the database")
    p.add_argument("--logs", type=int, default=1_000_000, help="review-log rows")
    p.add_argument("--new", type=int, default=None, help="new cards (default: states / 10)")
    p.add_argument(
        "--orphans", type=int, default=None, help="states of deleted cards (default: states / 100)"
    )
    p.add_argument("--decks", type=int, default=20, help="decks of the large library")
    p.add_argument("--answers", type=int, default=1_000, help="answers per throughput run")
    p.add_argument("--runs", type=int, default=5, help="runs per figure (the median is kept)")
    p.add_argument(
        "--only",
        default=",".join(SECTIONS),
        help=f"comma-separated sections ({', '.join(SECTIONS)})",
    )
    p.add_argument("--out", type=Path, default=RESULTS / "latest.json", help="JSON report")
    p.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="work folder (default: a fresh one under bench/results, removed)",
    )
    p.add_argument(
        "--pycache",
        type=Path,
        default=RESULTS / "pycache",
        help="bytecode cache of the child processes",
    )
    args = p.parse_args(argv)
    args.new = args.states // 10 if args.new is None else args.new
    args.orphans = args.states // 100 if args.orphans is None else args.orphans
    unknown = set(args.only.split(",")) - set(SECTIONS)
    if unknown:
        p.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks, print the report, write the JSON; 0 even when a target is missed
    (the report says so), 1 if a measurement failed."""
    args = parse_args(argv)
    sections = [s for s in SECTIONS if s in args.only.split(",")]
    bench = Bench(args)
    try:
        data = bench.run(sections)
    finally:
        if args.workdir is None:
            shutil.rmtree(bench.work, ignore_errors=True)
    text = render(bench.rows, data["meta"])
    if data["explain"]:
        text += "\n\nQuery plans (EXPLAIN QUERY PLAN, SQLite):"
        for name, plan in data["explain"].items():
            text += f"\n  {name}:\n" + "\n".join(f"    {line}" for line in plan)
    facts = data["facts"]
    if "validate_imports" in facts:
        heavy = [m for m in ("sqlalchemy", "textual", "numpy") if facts["validate_imports"][m]]
        text += (
            "\n\n`quizapp validate` imports: "
            + (", ".join(heavy) if heavy else "none of SQLAlchemy, Textual, NumPy")
            + (
                "; YAML only to parse uncached files"
                if not facts["validate_imports"]["yaml"]
                else ""
            )
        )
    print(text)
    data["text"] = text
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\nJSON: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
