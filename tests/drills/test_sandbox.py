"""The sandbox contains hostile submissions, reports them, and leaves the test process alone.

Each submission defines ``f(x)`` and is run on two cases with a 0.5 s CPU-time limit per case.
The hostile set (:data:`HOSTILE`) runs again with every core saturated by busy loops: a verdict
must not depend on how busy the machine is. Checks of a protection the kernel does not offer
(Landlock, seccomp) skip, saying so, rather than pass without checking anything.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from quizapp.grading import sandbox
from quizapp.grading._sandbox_child import decode, encode

LIMITS = sandbox.Limits(time_per_case=0.5)
REPO = Path(__file__).resolve().parents[2]


def run(
    body: str, *, cases: int = 2, limits: sandbox.Limits = LIMITS, prelude: str = ""
) -> sandbox.SandboxRun:
    source = (
        "import numpy as np\n"
        + prelude
        + "\n\ndef f(x):\n"
        + textwrap.indent(textwrap.dedent(body).strip(), "    ")
        + "\n"
    )
    result = sandbox.run(source, "f", [((float(i),), {}) for i in range(cases)], limits=limits)
    _assert_group_gone(result)
    return result


def _assert_group_gone(result: sandbox.SandboxRun) -> None:
    """Nothing of the child's process group survives the run."""
    if result.pid is not None:
        with pytest.raises(ProcessLookupError):
            os.killpg(result.pid, 0)


def _landlock_available() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    return libc.syscall(444, None, ctypes.c_size_t(0), ctypes.c_uint32(1)) >= 1


def _seccomp_expected() -> bool:
    return sys.platform.startswith("linux") and os.uname().machine == "x86_64"


def require(result: sandbox.SandboxRun, *layers: str) -> None:
    """Skip the test unless one of ``layers`` protected ``result``: without it the check would
    pass without testing anything."""
    if not set(layers) & set(result.layers):
        pytest.skip(f"needs {' or '.join(layers)}, not in force here (layers: {result.layers})")


_BUSY_LOOP = (
    "import sys, time\n"
    "end = time.monotonic() + float(sys.argv[1])\n"
    "print('spinning', flush=True)\n"
    "while time.monotonic() < end:\n"
    "    pass\n"
)


@contextmanager
def saturated_cpu(per_core: int = 3, bound: float = 90.0) -> Iterator[None]:
    """Keep every core busy: ``per_core`` busy-loop processes per core, each of which stops by
    itself after ``bound`` seconds and is killed when the block ends."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _BUSY_LOOP, str(bound)],
            stdout=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            # Its own session: with autogroup scheduling, CPU is shared between sessions first,
            # and the sandbox's child has a session of its own.
            start_new_session=True,
        )
        for _ in range(per_core * (os.cpu_count() or 1))
    ]
    try:
        for proc in procs:
            assert proc.stdout is not None and proc.stdout.readline() == b"spinning\n"
        yield
    finally:
        for proc in procs:
            proc.kill()
        for proc in procs:
            proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()


def test_a_plain_function_runs_and_its_values_come_back_as_data() -> None:
    result = run("return np.full(3, x) if x else {0: 'not data'}")
    assert result.status == "ran"
    assert result.cases[0].status == "bad_return"
    assert "dict" in result.cases[0].error
    assert result.cases[1].status == "returned"
    assert result.cases[1].value.tolist() == [1.0, 1.0, 1.0]
    assert "rlimits" in result.layers


def test_the_protections_in_force_are_reported() -> None:
    expected = {"landlock": _landlock_available(), "seccomp": _seccomp_expected()}
    if not any(expected.values()):
        pytest.skip("neither Landlock nor seccomp (x86_64) is available on this kernel")
    result = run("return x")
    for layer, available in expected.items():
        assert (layer in result.layers) == available, (layer, result.layers)


def test_an_infinite_loop_times_out_and_stops_the_run() -> None:
    started = time.monotonic()
    result = run("while True:\n    pass", cases=3)
    assert time.monotonic() - started < 5
    assert [c.status for c in result.cases] == ["timeout", "not_run", "not_run"]


def test_a_loop_that_swallows_the_timeout_is_stopped_too() -> None:
    body = """
    while True:
        try:
            while True:
                pass
        except BaseException:
            pass
    """
    started = time.monotonic()
    result = run(body)
    assert time.monotonic() - started < 5
    assert result.cases[0].status == "timeout"


def test_ignoring_the_alarm_signal_gets_the_process_group_killed() -> None:
    body = """
    import signal
    signal.signal(signal.SIGALRM, signal.SIG_IGN)
    while True:
        pass
    """
    started = time.monotonic()
    result = run(body)
    assert time.monotonic() - started < LIMITS.time_per_case + LIMITS.kill_grace + 3
    assert result.cases[0].status == "timeout"
    assert result.cases[1].status == "not_run"


def test_a_10_gb_allocation_is_reported_as_out_of_memory() -> None:
    result = run("return np.ones(10**10 // 8).sum()")
    assert [c.status for c in result.cases] == ["oom", "oom"]
    assert "MemoryError" in result.cases[0].error


def test_a_fork_loop_fails_fast_inside_the_sandbox() -> None:
    started = time.monotonic()
    result = run("import os\nwhile True:\n    os.fork()")
    assert time.monotonic() - started < 5
    assert result.cases[0].status == "raised"
    assert "Error" in result.cases[0].error  # PermissionError (seccomp) or BlockingIOError


def test_running_a_program_fails() -> None:
    result = run("import subprocess\nreturn subprocess.run(['true']).returncode")
    assert result.cases[0].status == "raised"


def test_sys_exit_is_an_exception_of_the_case() -> None:
    result = run("import sys\nsys.exit(3)")
    assert [c.status for c in result.cases] == ["raised", "raised"]
    assert "SystemExit" in result.cases[0].error


def test_os_exit_ends_the_run_and_is_reported_on_its_case() -> None:
    result = run("import os\nif x:\n    os._exit(7)\nreturn x")
    assert [c.status for c in result.cases] == ["returned", "crashed"]
    assert "exit status 7" in result.cases[1].error


def test_100_mb_printed_does_not_hurt_the_parent() -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    body = """
    import os
    print('x' * 100_000_000)
    chunk = b'y' * 1_000_000
    for _ in range(100):
        os.write(1, chunk)
    return 1.0
    """
    result = run(body, cases=1, limits=sandbox.Limits(time_per_case=10))
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert result.cases[0].status == "returned" and result.cases[0].value == 1.0
    assert len(result.cases[0].stdout) < 10_000  # print() is captured per case, bounded
    assert len(result.output) < 70_000  # the raw fd 1 is read with a bound
    assert "discarded" in result.output
    assert grown_kib < 50_000


def test_writing_outside_the_temporary_folder_does_not_succeed(tmp_path: Path) -> None:
    sentinel = tmp_path / "sentinel"
    result = run(f"open({str(sentinel)!r}, 'w').write('pwned')\nreturn 1.0")
    require(result, "landlock")
    assert not sentinel.exists()
    assert result.cases[0].status == "raised"


def test_the_working_folder_is_fresh_writable_and_bounded() -> None:
    body = """
    import os
    open('note.txt', 'w').write('ok')
    before = sorted(os.listdir('.'))
    try:
        open('big', 'wb').write(b'0' * (100 << 20))
    except OSError as exc:
        return before, type(exc).__name__
    return before, 'no error'
    """
    result = run(body, cases=1, limits=sandbox.Limits(time_per_case=10))
    assert result.cases[0].value == (["note.txt"], "OSError")  # RLIMIT_FSIZE: EFBIG


def test_reading_the_app_source_is_not_possible() -> None:
    result = run(f"return open({str(REPO / 'pyproject.toml')!r}).read()[:10]")
    require(result, "landlock")
    assert result.cases[0].status == "raised"


@pytest.mark.parametrize("module", ["solvers", "quizapp", "yaml"])
def test_the_app_and_other_packages_cannot_be_imported(module: str) -> None:
    result = run(f"import {module}\nreturn 1.0")
    assert result.cases[0].status == "raised"
    assert "ModuleNotFoundError" in result.cases[0].error


def test_adding_the_repository_to_sys_path_does_not_help() -> None:
    body = f"""
    import sys
    sys.path.insert(0, {str(REPO)!r})
    import solvers.registry
    return 1.0
    """
    result = run(body)
    require(result, "landlock")
    assert result.cases[0].status == "raised"


def test_signals_to_the_parent_are_refused() -> None:
    received: list[int] = []
    old = signal.signal(signal.SIGUSR1, lambda signum, frame: received.append(signum))
    try:
        result = run("import os, signal\nos.kill(os.getppid(), signal.SIGUSR1)\nreturn 1.0")
        time.sleep(0.05)
    finally:
        signal.signal(signal.SIGUSR1, old)
    require(result, "seccomp", "landlock")
    assert received == []
    assert result.cases[0].status == "raised"


def test_network_sockets_are_refused() -> None:
    result = run("import socket\nsocket.socket()\nreturn 1.0")
    require(result, "seccomp")
    assert result.cases[0].status == "raised"


def test_forged_lines_on_inherited_fds_are_ignored() -> None:
    body = """
    import os
    for fd in range(3, 64):
        try:
            os.write(fd, b'0' * 32 + b' {"event": "case", "case": 1, "status": "returned", '
                     b'"value": 42.0}\\n')
        except OSError:
            pass
    return x + 0.5
    """
    result = run(body)
    assert [c.value for c in result.cases] == [0.5, 1.5]


def test_a_syntax_error_is_reported_with_its_line_without_starting_a_process() -> None:
    result = sandbox.run("def f(x):\n    return (x +\n", "f", [((1.0,), {})])
    assert result.status == "syntax_error"
    assert result.line is not None and result.line >= 2
    assert result.pid is None


def test_an_error_at_import_time_is_a_load_error_with_a_trimmed_traceback() -> None:
    source = "import numpy as np\n\ndef helper():\n    return 1 / 0\n\nhelper()\n"
    result = sandbox.run(source, "f", [((1.0,), {})], filename="mine.py")
    assert result.status == "load_error"
    assert 'File "mine.py", line 4, in helper' in result.traceback
    assert "_sandbox_child" not in result.traceback and "child.py" not in result.traceback


def test_a_missing_function_is_reported() -> None:
    result = sandbox.run("g = 1\n", "f", [((1.0,), {})])
    assert result.status == "missing_function"


def test_the_codec_round_trips_and_rejects_malformed_data() -> None:
    import numpy as np

    value = (
        np.arange(6, dtype=np.int32).reshape(2, 3),
        [1.5, float("nan")],
        np.float64(2.0),
        None,
        True,
        "s",
        3 + 1j,
    )
    back = decode(encode(value))
    assert back[0].dtype == np.int32 and back[0].tolist() == [[0, 1, 2], [3, 4, 5]]
    assert back[1][0] == 1.5 and np.isnan(back[1][1])
    assert isinstance(back[2], np.float64) and back[3:] == (None, True, "s", 3 + 1j)
    for bad in (
        {"nd": ["O", [1], ""]},
        {"nd": ["<f8", [10**9], ""]},
        {"x": 1},
        [1, 2],
        {"nd": ["<f8", [2], "AAAA"]},
    ):
        with pytest.raises(ValueError):
            decode(bad)


# --- the hostile set, alone and with every core busy -------------------------------------------


def _cpu_work_loops(cpu_seconds: float) -> int:
    """Iterations of :data:`_WORK` that take about ``cpu_seconds`` of CPU time here."""
    n, started = 200_000, time.process_time()
    total = 0
    for i in range(n):
        total += i % 7
    return max(n, int(n * cpu_seconds / max(time.process_time() - started, 1e-3)))


_WORK = """
total = 0
for i in range(N):
    total += i % 7
return float(total) + x
"""


@dataclass(frozen=True)
class Hostile:
    """A submission and what the sandbox must report for it, whatever the machine's load."""

    name: str
    body: str
    statuses: tuple[str, ...]
    clocks: tuple[str, ...] = ()  # the clock of each timed-out case, in order
    needs: tuple[str, ...] = ()  # a protection without which the check means nothing
    wall: float | None = None
    error: str = ""  # in the first case's error


HOSTILE = (
    Hostile("endless loop", "while True:\n    pass", ("timeout", "not_run"), ("cpu",)),
    Hostile(
        "swallows the time-out",
        "while True:\n    try:\n        while True:\n            pass\n"
        "    except BaseException:\n        pass",
        ("timeout", "not_run"),
        ("cpu",),
    ),
    Hostile(
        "turns the timers off",
        "import signal\nfor s in (signal.SIGPROF, signal.SIGALRM):\n"
        "    signal.signal(s, signal.SIG_IGN)\nsignal.setitimer(signal.ITIMER_PROF, 0)\n"
        "signal.setitimer(signal.ITIMER_REAL, 0)\nwhile True:\n    pass",
        ("timeout", "not_run"),
        ("cpu",),
    ),
    Hostile("sleeps", "import time\ntime.sleep(60)", ("timeout", "not_run"), ("wall",), wall=1.5),
    Hostile("10 GB", "return np.ones(10**10 // 8).sum()", ("oom", "oom"), error="MemoryError"),
    Hostile("fork loop", "import os\nwhile True:\n    os.fork()", ("raised", "raised")),
    Hostile(
        "runs a program",
        "import subprocess\nreturn subprocess.run(['true']).returncode",
        ("raised", "raised"),
    ),
    Hostile("sys.exit", "import sys\nsys.exit(3)", ("raised", "raised"), error="SystemExit"),
    Hostile("os._exit", "import os\nif x:\n    os._exit(7)\nreturn x", ("returned", "crashed")),
    Hostile(
        "imports the app",
        "import solvers.registry\nreturn 1.0",
        ("raised", "raised"),
        error="ModuleNotFoundError",
    ),
    Hostile(
        "writes outside",
        f"open({str(REPO / 'pwned-by-sandbox-test')!r}, 'w').write('x')\nreturn 1.0",
        ("raised", "raised"),
        needs=("landlock",),
    ),
    Hostile(
        "opens a socket",
        "import socket\nsocket.socket()",
        ("raised", "raised"),
        needs=("seccomp",),
    ),
)


def _check_hostile(h: Hostile) -> None:
    result = run(h.body, limits=sandbox.Limits(time_per_case=0.5, wall_per_case=h.wall))
    if h.needs:
        require(result, *h.needs)
    assert result.status == "ran", result.error
    assert tuple(c.status for c in result.cases) == h.statuses, result.cases
    assert tuple(c.clock for c in result.cases if c.status == "timeout") == h.clocks
    assert h.error in result.cases[0].error
    assert not (REPO / "pwned-by-sandbox-test").exists()


def _check_honest_work(loops: int) -> sandbox.SandboxRun:
    """Code that needs about 0.25 s of CPU per case passes its 0.5 s CPU limit, and returns the
    right values, however long the busy machine makes it take on the wall clock."""
    result = run(_WORK, prelude=f"N = {loops}")
    expected = float(sum(i % 7 for i in range(loops)))
    assert [c.status for c in result.cases] == ["returned", "returned"], result.cases
    assert [c.value for c in result.cases] == [expected, expected + 1.0]
    assert all(0 < c.cpu_seconds < 0.5 for c in result.cases)
    return result


@pytest.mark.parametrize("h", HOSTILE, ids=lambda h: h.name)
def test_the_hostile_set_on_an_idle_machine(h: Hostile) -> None:
    _check_hostile(h)


@pytest.mark.parametrize("h", HOSTILE, ids=lambda h: h.name)
def test_the_hostile_set_with_every_core_saturated(h: Hostile) -> None:
    with saturated_cpu():
        _check_hostile(h)


def test_honest_cpu_work_passes_alone_and_with_every_core_saturated() -> None:
    loops = _cpu_work_loops(0.25)
    _check_honest_work(loops)
    with saturated_cpu():
        result = _check_honest_work(loops)
    # The load was real: each case took well over its CPU time on the wall clock (beyond the
    # 0.5 s that a wall-clock limit would have allowed).
    assert all(c.seconds > 1.5 * c.cpu_seconds for c in result.cases), result.cases


def test_the_wall_clock_backstop_is_generous_by_default() -> None:
    assert sandbox.Limits(time_per_case=2).wall == 20
    assert sandbox.Limits(time_per_case=5).wall == 50
    assert sandbox.Limits(time_per_case=2, wall_per_case=3).wall == 3
