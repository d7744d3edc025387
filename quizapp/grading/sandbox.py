"""Run untrusted submission code in a separate, limited process; get its return values as data.

One child process runs every case of a submission (Python + NumPy start-up dominates the cost).
The child is ``python -I -S`` started in its own session and process group, in a fresh temporary
directory, with a minimal environment and single-threaded BLAS; it can import the standard library
and NumPy (through a folder holding only a symlink to NumPy) and nothing else. It sets its own
resource limits before the submission runs and, where the kernel allows, Landlock, seccomp and an
empty capability set (see :mod:`quizapp.grading._sandbox_child`).

Time limits are on CPU time, so a verdict does not depend on how busy the machine is: the child
times each case with a CPU timer, and the parent reads the child's CPU time (``/proc``) and kills
the whole process group when a case outlives its limit plus a grace period (RLIMIT_CPU bounds the
run as a whole). A generous wall-clock limit per case is only a backstop, for code that sleeps or
waits and for a starved machine; when it expires the case is a ``timeout`` with ``clock="wall"``,
which means "no verdict" (the machine may have been busy), never a pass or a wrong answer. Output
of the submission is read with a size bound; results come back on a dedicated pipe, as data, and
are compared by the caller — never inside the child.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import math
import os
import secrets
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, Literal, cast

from quizapp.bank.model import Text
from quizapp.grading import _sandbox_child as child

CaseStatus = Literal["returned", "raised", "timeout", "oom", "bad_return", "crashed", "not_run"]
RunStatus = Literal["ran", "syntax_error", "load_error", "missing_function", "failed"]
Clock = Literal["", "cpu", "wall"]

_CHILD_SOURCE = Path(child.__file__)
_THREAD_VARS = (
    "OPENBLAS_NUM_THREADS",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
)


@dataclass(frozen=True, slots=True)
class Limits:
    """Limits of one sandboxed run. Sizes in bytes, times in seconds.

    - ``time_per_case``: CPU time per case (and for running the module's top level); enforced by
      a CPU timer in the child, and ``kill_grace`` CPU seconds later by the parent, which kills
      the process group. A time-out ends the run: the remaining cases are ``not_run``.
    - ``wall_per_case``: the wall-clock backstop per case (None: ``max(20, 10 *
      time_per_case)``); its expiry is a ``timeout`` with ``clock="wall"``: no verdict.
    - ``memory``: RLIMIT_AS. NumPy needs ~100 MB of address space to import; 1 GiB leaves room
      for honest work while a 10 GB allocation fails with MemoryError.
    - ``file_size``: RLIMIT_FSIZE, the largest file the submission may write (in its temp dir).
    - ``open_files``: RLIMIT_NOFILE.
    - ``startup``: time allowed until the child reports it is ready (a cold NumPy import on a
      loaded machine can take seconds).
    - ``output``: bytes of stdout/stderr kept (the rest is read and discarded).
    - ``results``: bytes of the result channel accepted before the run is stopped.
    - ``harden``: apply Landlock/seccomp/capability dropping where available.
    """

    time_per_case: float = 2.0
    wall_per_case: float | None = None
    memory: int = 1 << 30
    file_size: int = 16 << 20
    open_files: int = 64
    startup: float = 30.0
    kill_grace: float = 1.5
    output: int = 64 << 10
    results: int = 64 << 20
    harden: bool = True

    @property
    def wall(self) -> float:
        """The wall-clock backstop per case, in seconds."""
        if self.wall_per_case is not None:
            return self.wall_per_case
        return max(20.0, 10 * self.time_per_case)


@dataclass(frozen=True, slots=True)
class CaseRun:
    """What happened on one case. ``value`` is the decoded return value (status ``returned``);
    ``error`` is ``"Type: message"``; ``traceback`` keeps only the submission's own frames;
    ``stdout`` is what the case printed (truncated); ``warnings`` are distinct warning lines.
    For a ``timeout``, ``clock`` says which limit expired: ``cpu`` (the code used its CPU time:
    too slow) or ``wall`` (the backstop: no verdict). ``cpu_seconds`` is the CPU time the case
    used (as reported by the child); ``exit_code`` is the child's for a ``crashed`` case."""

    index: int
    status: CaseStatus
    value: Any = None
    error: str = ""
    traceback: str = ""
    stdout: str = ""
    warnings: tuple[str, ...] = ()
    seconds: float = 0.0
    clock: Clock = ""
    cpu_seconds: float = 0.0
    exit_code: int | None = None


@dataclass(frozen=True, slots=True)
class SandboxRun:
    """The outcome of :func:`run`. ``status`` is ``ran`` when the function was called (then
    ``cases`` has one entry per case, in order); otherwise ``error`` (and for a syntax error
    ``line``/``offset``/``text``, for a load error ``traceback``) says why nothing ran.
    ``output`` is what reached the real stdout/stderr (truncated), ``layers`` the protections that
    were in force (``rlimits``, ``landlock``, ``seccomp``, ``no-capabilities``), ``pid`` the
    child's process id (also its process group id; None when no process was started).

    ``cause`` names why nothing ran, for messages in any language: for ``load_error``
    ``raised``, ``timeout`` (CPU time), ``busy`` (the wall-clock backstop), ``oom`` or
    ``crashed``; for ``missing_function`` ``missing`` or ``not_callable``; for ``failed``
    ``startup`` (not ready in time), ``exited`` (ended before it was ready), ``fatal`` or
    ``spawn``. ``detail`` is the exception text (``raised``, ``oom``, ``fatal``, ``spawn``) or
    the type of what was found (``not_callable``)."""

    status: RunStatus
    cases: tuple[CaseRun, ...] = ()
    error: str = ""
    traceback: str = ""
    line: int | None = None
    offset: int | None = None
    text: str = ""
    output: str = ""
    exit_code: int | None = None
    layers: tuple[str, ...] = ()
    seconds: float = 0.0
    notes: tuple[str, ...] = field(default=())
    pid: int | None = None
    cause: str = ""
    detail: str = ""


Call = tuple[Sequence[Any], Mapping[str, Any]]


def check_syntax(source: str, filename: str = "submission.py") -> SandboxRun | None:
    """Compile ``source`` without running it; a ``syntax_error`` run, or None if it compiles."""
    try:
        compile(source, filename, "exec", dont_inherit=True)
    except SyntaxError as exc:
        return SandboxRun(
            "syntax_error",
            error=f"{type(exc).__name__}: {exc.msg}",
            line=exc.lineno,
            offset=exc.offset,
            text=(exc.text or "").rstrip(),
        )
    except (ValueError, RecursionError, MemoryError) as exc:  # null bytes, absurd nesting
        return SandboxRun("syntax_error", error=f"{type(exc).__name__}: {exc}")
    return None


def run(
    source: str,
    function: str,
    cases: Sequence[Call],
    *,
    filename: str = "submission.py",
    limits: Limits | None = None,
) -> SandboxRun:
    """Run ``function`` of ``source`` on each ``(args, kwargs)`` case in one sandboxed process.

    Arguments travel to the child and return values back as data (numbers, strings, NumPy arrays
    and scalars, nested lists/tuples); anything else returned is a ``bad_return``. A syntax error
    is reported without starting a process. The caller compares the values. Never raises for
    anything the submission does.
    """
    limits = limits or Limits()
    started = time.monotonic()
    bad = check_syntax(source, filename)
    if bad is not None:
        return bad
    encoded = [
        {
            "args": child.encode(list(args)),
            "kwargs": child.encode([(k, v) for k, v in kwargs.items()]),
        }
        for args, kwargs in cases
    ]
    with _Workspace() as ws:
        header = {
            "nonce": secrets.token_hex(16),
            "result_fd": -1,
            "lib": str(ws.lib),
            "read": [str(ws.lib), str(ws.work), *_numpy_paths(), *_system_lib_dirs()],
            "write": [str(ws.work), os.devnull],
            "source": source,
            "function": function,
            "filename": filename,
            "time_limit": limits.time_per_case,
            "wall_limit": limits.wall,
            "grace": 0.5,
            "harden": limits.harden,
            "cases": encoded,
            "limits": {
                "cpu": math.ceil(10 + (len(cases) + 1) * limits.time_per_case),
                "as": limits.memory,
                "fsize": limits.file_size,
                "nofile": limits.open_files,
                # The child needs no process or thread of its own, and RLIMIT_NPROC is compared
                # with the user's process count: 0 makes every fork fail at once, for any user
                # but root (whom the seccomp filter stops instead).
                "nproc": 0,
                "core": 0,
            },
        }
        result = _Supervisor(ws, header, len(cases), limits).run()
    return replace(result, seconds=round(time.monotonic() - started, 4))


@cache
def _numpy_paths() -> tuple[str, ...]:
    """NumPy's package folder and, for manylinux wheels, its bundled libraries (numpy.libs)."""
    spec = importlib.util.find_spec("numpy")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("NumPy is not installed")
    pkg = Path(next(iter(spec.submodule_search_locations))).resolve()
    libs = pkg.parent / "numpy.libs"
    return (str(pkg), *([str(libs.resolve())] if libs.is_dir() else []))


@cache
def _system_lib_dirs() -> tuple[str, ...]:
    """Where shared libraries of extension modules live (read-only for the child)."""
    import sysconfig

    arch = sysconfig.get_config_var("MULTIARCH") or ""
    found = [f"/lib/{arch}", f"/usr/lib/{arch}", "/lib64", "/usr/lib64"] if arch else []
    libdir = sysconfig.get_config_var("LIBDIR")
    if libdir:
        found.append(libdir)
    out: list[str] = []
    for d in found:
        real = os.path.realpath(d)
        if os.path.isdir(real) and real not in out and not _holds_packages(real):
            out.append(real)
    return tuple(out)


def _holds_packages(path: str) -> bool:
    """True for folders that contain site-packages (LIBDIR is often /usr/lib): not readable."""
    return any(n.startswith("python") for n in os.listdir(path))


class _Workspace:
    """A temporary folder: ``lib`` (symlinks to NumPy, the only import path added), ``work`` (the
    child's cwd, HOME and TMPDIR) and the child script. Removed on exit."""

    def __enter__(self) -> _Workspace:
        self.root = Path(tempfile.mkdtemp(prefix="quizapp-sandbox-"))
        self.lib = self.root / "lib"
        self.work = self.root / "work"
        self.lib.mkdir()
        self.work.mkdir()
        for path in _numpy_paths():
            (self.lib / Path(path).name).symlink_to(path, target_is_directory=True)
        self.script = self.root / "child.py"
        shutil.copyfile(_CHILD_SOURCE, self.script)
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def _environment(ws: _Workspace) -> dict[str, str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "LC_ALL": "C.UTF-8",
        "LANG": "C.UTF-8",
        "HOME": str(ws.work),
        "TMPDIR": str(ws.work),
    }
    env.update({var: "1" for var in _THREAD_VARS})
    return env


class _Supervisor:
    """Starts the child, feeds it, drains its pipes with bounds and enforces the deadlines."""

    def __init__(
        self, ws: _Workspace, header: dict[str, Any], n_cases: int, limits: Limits
    ) -> None:
        self.ws = ws
        self.header = header
        self.n = n_cases
        self.limits = limits
        self.nonce = header["nonce"].encode("ascii") + b" "
        self.results = bytearray()
        self.records: list[dict[str, Any]] = []
        self.output = bytearray()
        self.output_dropped = 0
        self.killed_for: str | None = None
        self.running_case: int | None = None
        self.phase_deadline = 0.0  # wall clock (monotonic)
        self.cpu_deadline: float | None = None  # the child's CPU seconds; None: not timed
        self.phase_cpu = 0.0  # the child's CPU seconds when the running step started
        self.pid = 0
        self.ready = False

    def run(self) -> SandboxRun:
        read_fd, write_fd = os.pipe()
        self.header["result_fd"] = write_fd
        try:
            proc = subprocess.Popen(
                [sys.executable, "-I", "-S", str(self.ws.script)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                cwd=self.ws.work,
                env=_environment(self.ws),
                pass_fds=(write_fd,),
                start_new_session=True,
                close_fds=True,
            )
        except OSError as exc:
            os.close(read_fd)
            os.close(write_fd)
            return SandboxRun(
                "failed", error=f"cannot start Python: {exc}", cause="spawn", detail=str(exc)
            )
        os.close(write_fd)
        self.pid = proc.pid
        try:
            self._loop(proc, read_fd)
        finally:
            _kill_group(proc)
            os.close(read_fd)
            for stream in (proc.stdin, proc.stdout):
                if stream is not None:
                    with contextlib.suppress(OSError):
                        stream.close()
            proc.wait()
        return replace(self._outcome(proc.returncode), pid=proc.pid)

    def _loop(self, proc: subprocess.Popen[bytes], read_fd: int) -> None:
        assert proc.stdin is not None and proc.stdout is not None
        payload = memoryview(json.dumps(self.header).encode("utf-8"))
        sel = selectors.DefaultSelector()
        for fd in (proc.stdin.fileno(), proc.stdout.fileno(), read_fd):
            os.set_blocking(fd, False)
        sel.register(proc.stdin.fileno(), selectors.EVENT_WRITE, "stdin")
        sel.register(proc.stdout.fileno(), selectors.EVENT_READ, "output")
        sel.register(read_fd, selectors.EVENT_READ, "results")
        pidfd = _pidfd(proc.pid)
        if pidfd is not None:
            sel.register(pidfd, selectors.EVENT_READ, "exit")
        self.phase_deadline = time.monotonic() + self.limits.startup
        open_streams = 2
        exited_at: float | None = None
        try:
            while open_streams:
                now = time.monotonic()
                if exited_at is None and _exited(proc):
                    exited_at = now
                    _kill_group(proc)  # leftovers of the group must not keep the pipes open
                if exited_at is not None and now - exited_at > 0.5:
                    break
                overdue = self._overdue(now) if exited_at is None else None
                if overdue is not None:
                    self.killed_for = overdue
                    _kill_group(proc)
                    exited_at = now
                    continue
                timeout = (
                    0.05
                    if pidfd is None or exited_at is not None
                    else min(_CPU_POLL, max(0.0, self.phase_deadline - now))
                )
                for key, _ in sel.select(timeout):
                    what = key.data
                    if what == "stdin":
                        try:
                            payload = payload[os.write(key.fd, payload) :]
                        except (BlockingIOError, InterruptedError):
                            continue
                        except OSError:
                            payload = payload[:0]
                        if not payload:
                            sel.unregister(key.fd)
                            proc.stdin.close()
                        continue
                    if what == "exit":
                        sel.unregister(key.fd)
                        continue
                    try:
                        chunk = os.read(key.fd, 1 << 16)
                    except (BlockingIOError, InterruptedError):
                        continue
                    if not chunk:
                        sel.unregister(key.fd)
                        open_streams -= 1
                    elif what == "output":
                        self._keep_output(chunk)
                    elif not self._take_results(chunk):
                        self.killed_for = "results"
                        _kill_group(proc)
        finally:
            sel.close()
            if pidfd is not None:
                os.close(pidfd)

    def _overdue(self, now: float) -> str | None:
        """Why the running step must be stopped now: ``timeout`` (its CPU time is spent),
        ``wall`` (the backstop), ``startup``; None while it may go on."""
        used = _cpu_seconds(self.pid) if self.cpu_deadline is not None else None
        if used is not None and self.cpu_deadline is not None and used > self.cpu_deadline:
            return "timeout"
        if now <= self.phase_deadline:
            return None
        if not self.ready:
            return "startup"
        spent = used is not None and used > self.phase_cpu + self.limits.time_per_case
        return "timeout" if spent else "wall"

    def _keep_output(self, chunk: bytes) -> None:
        room = self.limits.output - len(self.output)
        self.output += chunk[: max(room, 0)]
        self.output_dropped += max(0, len(chunk) - max(room, 0))

    def _take_results(self, chunk: bytes) -> bool:
        if len(self.results) + len(chunk) > self.limits.results:
            return False
        self.results += chunk
        while True:
            end = self.results.find(b"\n")
            if end < 0:
                return True
            line = bytes(self.results[:end])
            del self.results[: end + 1]
            if not line.startswith(self.nonce):
                continue  # not written by the runner: ignore
            try:
                record = json.loads(line[len(self.nonce) :])
            except ValueError:
                continue
            if isinstance(record, dict):
                self._on_record(record)

    def _on_record(self, record: dict[str, Any]) -> None:
        self.records.append(record)
        event = record.get("event")
        if event not in ("ready", "start", "case"):
            return
        if event == "ready":
            self.ready = True  # the module's top level runs next
        self.running_case = record.get("case") if event == "start" else None
        self.phase_deadline = time.monotonic() + self.limits.wall + self.limits.kill_grace
        used = _cpu_seconds(self.pid)
        self.phase_cpu = used or 0.0
        self.cpu_deadline = (
            None if used is None else used + self.limits.time_per_case + self.limits.kill_grace
        )

    def _outcome(self, code: int | None) -> SandboxRun:
        output = self.output.decode("utf-8", "replace")
        if self.output_dropped:
            output += f"\n… ({self.output_dropped} more bytes of output discarded)"
        common: dict[str, Any] = {"output": output, "exit_code": code}
        by_event: dict[str, dict[str, Any]] = {}
        cases: dict[int, CaseRun] = {}
        for rec in self.records:
            event = rec.get("event")
            if event == "case" and isinstance(rec.get("case"), int):
                cases[rec["case"]] = _case_run(rec)
            elif event == "timeout" and isinstance(rec.get("case"), int):
                cases[rec["case"]] = CaseRun(
                    rec["case"],
                    "timeout",
                    error="did not stop after its time-out",
                    clock="wall" if rec.get("clock") == "wall" else "cpu",
                )
            elif isinstance(event, str):
                by_event.setdefault(event, rec)
        layers = tuple(str(x) for x in by_event.get("ready", {}).get("layers", ()))
        common["layers"] = layers
        if "fatal" in by_event:
            error = str(by_event["fatal"].get("error"))
            return SandboxRun("failed", error=error, cause="fatal", detail=error, **common)
        if "ready" not in by_event:
            if self.killed_for == "startup":
                why = f"the sandbox did not start within {self.limits.startup:g} s (machine busy?)"
            else:
                why = f"the sandbox stopped before it was ready ({exit_text(code).en})"
            cause = "startup" if self.killed_for == "startup" else "exited"
            return SandboxRun("failed", error=why, cause=cause, **common)
        if "syntax" in by_event:
            rec = by_event["syntax"]
            return SandboxRun(
                "syntax_error",
                error=str(rec.get("error")),
                line=rec.get("line"),
                offset=rec.get("offset"),
                text=str(rec.get("text", "")),
                **common,
            )
        if "load" in by_event or not ({"start", "missing", "done"} & by_event.keys()):
            rec = by_event.get("load") or {"status": "crashed"}
            cause = _load_cause(rec, self.killed_for)
            return SandboxRun(
                "load_error",
                error=_LOAD_ERRORS[cause].format(error=rec.get("error"), exit=exit_text(code).en),
                cause=cause,
                detail=str(rec.get("error", "")) if cause in ("raised", "oom") else "",
                traceback=str(rec.get("traceback", "")),
                output=str(rec.get("stdout", "")) + output,
                exit_code=code,
                layers=layers,
            )
        if "missing" in by_event:
            rec = by_event["missing"]
            found = rec.get("found")
            error = (
                f"no function named '{rec.get('function')}'"
                if found is None
                else f"'{rec.get('function')}' is a {found}, not a function"
            )
            return SandboxRun(
                "missing_function",
                error=error,
                cause="missing" if found is None else "not_callable",
                detail="" if found is None else str(found),
                **common,
            )
        runs: list[CaseRun] = []
        for i in range(self.n):
            if i in cases:
                runs.append(cases[i])
            elif i == self.running_case:
                runs.append(self._unfinished(i, code))
            else:
                runs.append(CaseRun(i, "not_run"))
        notes: tuple[str, ...] = ()
        if self.killed_for == "results":
            notes = ("the result channel exceeded its size limit; the run was stopped",)
        return SandboxRun("ran", tuple(runs), notes=notes, **common)

    def _unfinished(self, index: int, code: int | None) -> CaseRun:
        if self.killed_for == "timeout" or code == -signal.SIGXCPU:
            return CaseRun(index, "timeout", error="killed after its CPU time limit", clock="cpu")
        if self.killed_for == "wall":
            return CaseRun(
                index, "timeout", error="killed by the wall-clock backstop", clock="wall"
            )
        if self.killed_for == "results":
            return CaseRun(index, "bad_return", error="the return value is too large")
        return CaseRun(
            index,
            "crashed",
            error=f"the process ended during this case ({exit_text(code).en})",
            exit_code=code,
        )


def _case_run(rec: dict[str, Any]) -> CaseRun:
    status = rec.get("status")
    value = None
    error = str(rec.get("error", ""))
    if status == "returned":
        try:
            value = child.decode(rec.get("value"))
        except (child.CodecError, ValueError, TypeError) as exc:
            status, error = "bad_return", f"malformed return value: {exc}"
    if status not in ("returned", "raised", "timeout", "oom", "bad_return"):
        status, error = "crashed", "malformed report"
    return CaseRun(
        int(rec["case"]),
        cast(CaseStatus, status),
        value,
        error,
        traceback=str(rec.get("traceback", "")),
        stdout=str(rec.get("stdout", "")),
        warnings=tuple(str(w) for w in rec.get("warnings", ()) if isinstance(w, str))[:5],
        seconds=_number(rec.get("seconds")),
        clock=("wall" if rec.get("clock") == "wall" else "cpu") if status == "timeout" else "",
        cpu_seconds=_number(rec.get("cpu")),
    )


def _number(value: Any) -> float:
    """A duration reported by the child (hostile data): a finite float, else 0."""
    return float(value) if type(value) in (int, float) and math.isfinite(value) else 0.0


_LOAD_ERRORS = {
    "timeout": "the module's top-level code used up its CPU time limit",
    "busy": "the module's top-level code timed out (machine busy?)",
    "oom": "out of memory while running the module's top-level code",
    "raised": "the module raised {error}",
    "crashed": "the process ended while loading the module ({exit})",
}


def _load_cause(rec: dict[str, Any], killed_for: str | None) -> str:
    """The ``cause`` of a load error (see :class:`SandboxRun`)."""
    status = rec.get("status")
    if killed_for == "wall" or (status == "timeout" and rec.get("clock") == "wall"):
        return "busy"
    if status == "timeout" or killed_for == "timeout":
        return "timeout"
    return status if status in ("oom", "raised") else "crashed"


def exit_text(code: int | None) -> Text:
    """How the child process ended, from its return code (negative: killed by that signal)."""
    if code is None:
        return Text(en="still running", zh="仍在运行")
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        return Text(en=f"killed by {name}", zh=f"被 {name} 信号终止")
    return Text(en=f"exit status {code}", zh=f"退出码 {code}")


_CPU_POLL = 0.05  # seconds between two reads of the child's CPU time
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of process ``pid`` (Linux ``/proc``), None where unavailable."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
    except OSError:
        return None
    fields = stat[stat.rfind(b")") + 2 :].split()  # after "pid (comm) "
    try:
        return (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime
    except (IndexError, ValueError):
        return None


def _exited(proc: subprocess.Popen[bytes]) -> bool:
    """Whether the child has exited, without reaping it: its pid (the process group id) stays
    reserved until :meth:`Popen.wait`, so killing the group can never hit a stranger."""
    try:
        return os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True
    except AttributeError:  # pragma: no cover - no waitid (not Linux/BSD)
        return proc.poll() is not None


def _pidfd(pid: int) -> int | None:
    try:
        return os.pidfd_open(pid)  # type: ignore[attr-defined,unused-ignore]
    except (AttributeError, OSError):
        return None


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the child's whole process group (it is the group leader of its own session)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
