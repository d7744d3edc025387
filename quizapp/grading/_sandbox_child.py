"""The process that runs a drill submission. Standard library and NumPy only.

The parent (:mod:`quizapp.grading.sandbox`) copies this file into a fresh temporary directory and
starts it with ``python -I -S``: no site-packages, no ``PYTHON*`` variables, the script's folder
not on ``sys.path``. The protocol, in order:

1. the parent writes one JSON header on stdin and closes it: the nonce, the result fd, the limits,
   the source, the function name, the encoded cases and the paths the child may read;
2. the child sets its resource limits, imports NumPy (through a folder that holds only a symlink to
   it), decodes the cases, then hardens itself where the kernel allows: Landlock (reads only of
   the standard library, NumPy and the temporary folder; writes only there; no TCP; no signals
   outside), a seccomp filter (no fork, exec, ptrace, sockets, signals to other processes) and,
   when started as root, an empty capability set;
3. it compiles and runs the submission, then calls the function on every case, each under two
   per-case timers: ``time_limit`` seconds of CPU time (ITIMER_PROF: the verdict "too slow" does
   not depend on how busy the machine is) and a generous ``wall_limit`` of wall-clock time (a
   backstop for code that sleeps or is starved; its expiry is reported as ``clock: "wall"``, which
   the parent treats as no verdict). Every step is reported as one ``<nonce> <json>`` line on the
   result fd.

Nothing here decides whether an answer is right: values go back as data and are compared in the
parent. The codec at the top (:func:`encode`, :func:`decode`) is shared with the parent.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import sys
import types
from typing import Any

MAX_DEPTH = 8
MAX_ITEMS = 10_000_000
MAX_STR = 10_000
_DTYPE = re.compile(r"^[<>|=]?(b1|[iu][1248]|f[248]|c(8|16))$")


class CodecError(ValueError):
    """A value that cannot cross the sandbox boundary (wrong type, too large, malformed)."""


_NP: Any = None


def _numpy() -> Any:
    """The NumPy names the codec uses, bound once: in the child that happens before the
    submission runs, so replacing ``np.asarray`` & co. cannot change how values are encoded."""
    global _NP
    if _NP is None:
        import numpy as np

        _NP = types.SimpleNamespace(
            ndarray=np.ndarray,
            generic=np.generic,
            asarray=np.asarray,
            ascontiguousarray=np.ascontiguousarray,
            frombuffer=np.frombuffer,
            dtype=np.dtype,
        )
    return _NP


# --------------------------------------------------------------------------------------------
# Codec: Python/NumPy values <-> JSON-able data. Tagged objects for everything but None, bool,
# int, float: {"nd": [dtype, shape, b64]}, {"np": [dtype, b64]} (a NumPy scalar),
# {"list": [...]}, {"tuple": [...]}, {"str": s}, {"complex": [re, im]}.
# --------------------------------------------------------------------------------------------


def encode(value: Any, _depth: int = 0) -> Any:
    """Encode ``value`` for the JSON channel; raises :class:`CodecError` on anything else than
    numbers, strings, None, NumPy arrays/scalars of bool/int/float/complex dtype, and (nested)
    lists and tuples of those."""
    np = _numpy()

    if _depth > MAX_DEPTH:
        raise CodecError("nested too deeply")
    if value is None or type(value) in (bool, float):
        return value
    if type(value) is int:
        if abs(value) >= 1 << 63:
            raise CodecError("integer too large")
        return value
    if type(value) is complex:
        return {"complex": [value.real, value.imag]}
    if type(value) is str:
        if len(value) > MAX_STR:
            raise CodecError("string too long")
        return {"str": value}
    if isinstance(value, np.ndarray | np.generic):
        arr = np.asarray(value)
        if not _DTYPE.match(arr.dtype.str) or arr.dtype.kind not in "biufc":
            raise CodecError(f"arrays of dtype {arr.dtype} are not supported")
        if arr.size > MAX_ITEMS:
            raise CodecError(f"array too large ({arr.size} elements)")
        data = base64.b64encode(np.ascontiguousarray(arr).tobytes()).decode("ascii")
        if isinstance(value, np.generic):
            return {"np": [arr.dtype.str, data]}
        return {"nd": [arr.dtype.str, list(arr.shape), data]}
    if type(value) in (list, tuple):
        tag = "list" if type(value) is list else "tuple"
        return {tag: [encode(v, _depth + 1) for v in value]}
    raise CodecError(f"values of type {type(value).__name__} are not supported")


def decode(data: Any, _depth: int = 0) -> Any:
    """Inverse of :func:`encode`. Validates everything: the data may come from hostile code."""
    np = _numpy()

    if _depth > MAX_DEPTH:
        raise CodecError("nested too deeply")
    if data is None or type(data) in (bool, int, float):
        return data
    if type(data) is not dict or len(data) != 1:
        raise CodecError("malformed value")
    ((tag, body),) = data.items()
    if tag in ("list", "tuple") and type(body) is list:
        items = [decode(v, _depth + 1) for v in body]
        return items if tag == "list" else tuple(items)
    if tag == "str" and type(body) is str and len(body) <= MAX_STR:
        return body
    if tag == "complex" and type(body) is list and len(body) == 2:
        return complex(float(body[0]), float(body[1]))
    if tag == "np" and type(body) is list and len(body) == 2:
        return decode({"nd": [body[0], [], body[1]]})[()]
    if tag == "nd" and type(body) is list and len(body) == 3:
        dtype, shape, b64 = body
        if type(dtype) is not str or not _DTYPE.match(dtype):
            raise CodecError(f"unsupported dtype {dtype!r}")
        if (
            type(shape) is not list
            or len(shape) > 32
            or any(type(n) is not int or n < 0 for n in shape)
        ):
            raise CodecError("malformed shape")
        size = 1
        for n in shape:
            size *= n
        dt = np.dtype(dtype)
        if size > MAX_ITEMS or type(b64) is not str or len(b64) > 4 * (size * dt.itemsize + 3):
            raise CodecError("array too large or malformed")
        raw = base64.b64decode(b64, validate=True)
        if len(raw) != size * dt.itemsize:
            raise CodecError("array data does not match its shape")
        return np.frombuffer(raw, dtype=dt).reshape(shape).astype(dt.newbyteorder("="))
    raise CodecError("malformed value")


# --------------------------------------------------------------------------------------------
# Hardening. Each step is best effort and reports whether it was applied.
# --------------------------------------------------------------------------------------------


def set_limits(limits: dict[str, int]) -> None:
    """Set the resource limits (soft and hard) named in ``limits``: cpu (s), as, fsize, nofile,
    nproc, core. CPU gets one extra second of hard limit so SIGXCPU comes before SIGKILL."""
    import resource

    names = {
        "cpu": resource.RLIMIT_CPU,
        "as": resource.RLIMIT_AS,
        "fsize": resource.RLIMIT_FSIZE,
        "nofile": resource.RLIMIT_NOFILE,
        "nproc": resource.RLIMIT_NPROC,
        "core": resource.RLIMIT_CORE,
    }
    for name, value in limits.items():
        hard = value + 1 if name == "cpu" else value
        old_hard = resource.getrlimit(names[name])[1]
        if old_hard != resource.RLIM_INFINITY and old_hard < hard:  # keep the stricter one
            value, hard = min(value, old_hard), old_hard
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(names[name], (value, hard))


_LL_FS_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 5: (1 << 16) - 1}
_LL_FILE_RIGHTS = (1 << 0) | (1 << 1) | (1 << 2) | (1 << 14) | (1 << 15)
_LL_READ = (1 << 0) | (1 << 2) | (1 << 3)  # execute, read file, read dir


def _libc() -> Any:
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    libc.prctl.restype = ctypes.c_int
    return libc


def landlock(read: list[str], write: list[str]) -> bool:
    """Restrict the file system to reading ``read`` and reading/writing ``write`` (paths, each
    a folder or a file), deny TCP bind/connect (ABI >= 4) and signals or abstract sockets
    outside this process (ABI >= 6). False if Landlock is unavailable."""
    import ctypes

    if not sys.platform.startswith("linux"):
        return False
    libc = _libc()
    abi = libc.syscall(444, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    if abi < 1:
        return False
    fs = _LL_FS_ABI[max(k for k in _LL_FS_ABI if k <= abi)]
    attr = (ctypes.c_uint64 * 3)(fs, 3 if abi >= 4 else 0, 3 if abi >= 6 else 0)
    size = 24 if abi >= 6 else 16 if abi >= 4 else 8
    ruleset = libc.syscall(444, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        return False

    class PathBeneath(ctypes.Structure):
        _pack_ = 1
        _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]

    try:
        for paths, rights in ((read, _LL_READ), (write, fs)):
            for path in paths:
                try:
                    fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
                except OSError:
                    continue
                try:
                    allowed = rights if os.path.isdir(path) else rights & _LL_FILE_RIGHTS & fs
                    rule = PathBeneath(allowed, fd)
                    if libc.syscall(445, ruleset, 1, ctypes.byref(rule), 0) != 0:
                        return False
                finally:
                    os.close(fd)
        if libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
            return False
        return bool(libc.syscall(446, ruleset, 0) == 0)
    finally:
        os.close(ruleset)


# x86_64 system calls the submission never needs. Signals (kill, tkill, tgkill) are allowed only
# to this process itself; clone3 answers ENOSYS so libc falls back to clone, which is refused.
_X86_64_DENY = (
    41,  # socket
    56,
    57,
    58,  # clone, fork, vfork
    59,
    322,  # execve, execveat
    101,
    310,
    311,  # ptrace, process_vm_readv, process_vm_writev
    129,
    297,
    424,  # rt_sigqueueinfo, rt_tgsigqueueinfo, pidfd_send_signal
    155,
    161,
    165,
    166,
    272,
    308,  # pivot_root, chroot, mount, umount2, unshare, setns
    248,
    249,
    250,
    298,
    321,
    323,  # add_key, request_key, keyctl, perf_event_open, bpf, userfaultfd
    425,
    426,
    427,  # io_uring_setup, io_uring_enter, io_uring_register
)
_X86_64_SELF_ONLY = (62, 200, 234)  # kill, tkill, tgkill: first argument must be our pid
_X86_64_ENOSYS = (435,)  # clone3


def seccomp() -> bool:
    """Install the seccomp filter described above (x86_64 only). False if not applied."""
    import ctypes
    import platform

    if not sys.platform.startswith("linux") or platform.machine() != "x86_64":
        return False
    ld_abs, jeq, jge, ret = 0x20, 0x15, 0x35, 0x06
    allow, kill = 0x7FFF0000, 0x80000000
    eperm, enosys = 0x00050000 | 1, 0x00050000 | 38
    # Layout: header (4), one jeq per rule, then the returns: ALLOW, EPERM, ENOSYS, self-check.
    rules = (
        [(n, "eperm") for n in _X86_64_DENY]
        + [(n, "enosys") for n in _X86_64_ENOSYS]
        + [(n, "self") for n in _X86_64_SELF_ONLY]
    )
    prog: list[tuple[int, int, int, int]] = [
        (ld_abs, 0, 0, 4),  # A = arch
        (jeq, 1, 0, 0xC000003E),  # AUDIT_ARCH_X86_64
        (ret, 0, 0, kill),
        (ld_abs, 0, 0, 0),  # A = syscall number
        (jge, 0, 0, 0x40000000),  # x32 ABI: placeholder, patched below
    ]
    base = len(prog)
    tail = base + len(rules)
    target = {"allow": tail, "eperm": tail + 1, "enosys": tail + 2, "self": tail + 3}
    for i, (nr, what) in enumerate(rules):
        prog.append((jeq, target[what] - (base + i) - 1, 0, nr))
    prog[base - 1] = (jge, target["eperm"] - base, 0, 0x40000000)
    prog += [
        (ret, 0, 0, allow),
        (ret, 0, 0, eperm),
        (ret, 0, 0, enosys),
        (ld_abs, 0, 0, 16),  # A = low 32 bits of the first argument
        (jeq, 0, 1, os.getpid()),
        (ret, 0, 0, allow),
        (ret, 0, 0, eperm),
    ]

    class Filter(ctypes.Structure):
        _fields_ = [
            ("code", ctypes.c_uint16),
            ("jt", ctypes.c_uint8),
            ("jf", ctypes.c_uint8),
            ("k", ctypes.c_uint32),
        ]

    class Prog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_uint16), ("filter", ctypes.POINTER(Filter))]

    filters = (Filter * len(prog))(*[Filter(*ins) for ins in prog])
    fprog = Prog(len(prog), filters)
    libc = _libc()
    if libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
        return False
    return bool(libc.prctl(22, 2, ctypes.byref(fprog), 0, 0) == 0)  # PR_SET_SECCOMP, FILTER


def drop_capabilities() -> bool:
    """When running as root: empty the bounding, effective, permitted and inheritable
    capability sets, so root can neither raise its limits nor bypass file permissions."""
    import ctypes

    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        return False
    libc = _libc()
    for cap in range(64):
        libc.prctl(24, cap, 0, 0, 0)  # PR_CAPBSET_DROP; EINVAL past the last capability
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)
    data = (ctypes.c_uint32 * 6)()
    return bool(libc.capset(ctypes.byref(header), ctypes.byref(data)) == 0)


# --------------------------------------------------------------------------------------------
# Running the submission.
# --------------------------------------------------------------------------------------------


class _Deadline(BaseException):
    """Raised by the timer signal handler when a case runs out of time."""


class _Capture:
    """A stand-in for sys.stdout/sys.stderr that keeps the first ``cap`` characters."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.parts: list[str] = []
        self.kept = 0
        self.dropped = 0

    def write(self, text: str) -> int:
        text = str(text)
        room = self.cap - self.kept
        if room > 0:
            self.parts.append(text[:room])
            self.kept += min(room, len(text))
        self.dropped += max(0, len(text) - max(room, 0))
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def text(self) -> str:
        out = "".join(self.parts)
        return out + (f"\n… ({self.dropped} more characters)" if self.dropped else "")


class _Reporter:
    """Writes ``<nonce> <json>`` lines to the result fd."""

    def __init__(self, fd: int, nonce: str) -> None:
        self.fd = fd
        self.prefix = nonce.encode("ascii") + b" "

    def send(self, record: dict[str, Any]) -> None:
        line = self.prefix + json.dumps(record).encode("utf-8") + b"\n"
        view = memoryview(line)
        while view:
            try:
                view = view[os.write(self.fd, view) :]
            except InterruptedError:
                continue
            except OSError:
                os._exit(3)  # the channel is gone: nothing more to report


def _trim_traceback(exc: BaseException, filename: str) -> str:
    """The traceback restricted to frames of the submission, then the exception line."""
    import traceback

    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == filename]
    lines = traceback.StackSummary.from_list(frames).format() if frames else []
    lines += traceback.format_exception_only(type(exc), exc)
    text = "".join(lines)
    return text if len(text) <= 4000 else text[:4000] + "\n…"


def _describe(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return text[:500]


class Runner:
    """Runs the submission's cases, two timers per step (CPU time and the wall-clock backstop),
    reporting each outcome."""

    def __init__(self, header: dict[str, Any], report: _Reporter) -> None:
        import signal
        import time

        self.h = header
        self.report = report
        self.pid = os.getpid()
        self.filename = header["filename"]
        self.limit = float(header["time_limit"])
        self.wall = float(header.get("wall_limit", 10 * self.limit))
        self.grace = float(header.get("grace", 0.5))
        self.case: int | None = None
        self.deadline = {"cpu": 0.0, "wall": 0.0}
        self.fired = ""  # the clock whose limit expired first in this step
        self.armed = False
        self._signal = signal
        self._clock = {"cpu": time.process_time, "wall": time.perf_counter}

    def _tick(self, signum: int, frame: Any) -> None:
        if not self.armed:
            return  # a tick delivered just after the step ended
        spent = self._clock["cpu"]() >= self.deadline["cpu"]  # then the CPU limit is the reason
        clock = "cpu" if signum == self._signal.SIGPROF or spent else "wall"
        self.fired = self.fired or clock
        if self._clock[clock]() > self.deadline[clock] + self.grace:
            # The submission swallowed the time-out and kept going: give up on it.
            self.report.send({"event": "timeout", "case": self.case, "hard": True, "clock": clock})
            os._exit(4)
        raise _Deadline()

    def _arm(self) -> None:
        sig = self._signal
        self.fired = ""
        self.armed = True
        self.deadline = {"cpu": self._clock["cpu"]() + self.limit}
        self.deadline["wall"] = self._clock["wall"]() + self.wall
        sig.signal(sig.SIGPROF, self._tick)
        sig.signal(sig.SIGALRM, self._tick)
        sig.setitimer(sig.ITIMER_PROF, self.limit, 0.05)
        sig.setitimer(sig.ITIMER_REAL, self.wall, 0.05)

    def _disarm(self) -> None:
        self._signal.setitimer(self._signal.ITIMER_PROF, 0, 0)
        self._signal.setitimer(self._signal.ITIMER_REAL, 0, 0)
        self.armed = False

    def _guard(self) -> None:
        """A forked copy of this process must never report anything."""
        if os.getpid() != self.pid:
            os._exit(0)

    def load(self) -> Any:
        """Compile and execute the submission; the function, or None after reporting why."""
        import linecache

        source = self.h["source"]
        linecache.cache[self.filename] = (len(source), None, source.splitlines(True), self.filename)
        try:
            code = compile(source, self.filename, "exec", dont_inherit=True)
        except (SyntaxError, ValueError) as exc:
            self.report.send(
                {
                    "event": "syntax",
                    "error": _describe(exc),
                    "line": getattr(exc, "lineno", None),
                    "offset": getattr(exc, "offset", None),
                    "text": (getattr(exc, "text", None) or "")[:500],
                }
            )
            return None
        namespace: dict[str, Any] = {
            "__name__": "submission",
            "__file__": self.filename,
            "__builtins__": __builtins__,
        }
        outcome = self._call(lambda: exec(code, namespace))
        self._guard()
        if outcome["status"] != "returned":
            self.report.send({"event": "load", **outcome})
            return None
        func = namespace.get(self.h["function"])
        if not callable(func):
            self.report.send(
                {
                    "event": "missing",
                    "function": self.h["function"],
                    "found": type(func).__name__ if func is not None else None,
                }
            )
            return None
        return func

    def _call(self, thunk: Any) -> dict[str, Any]:
        import warnings

        out, err = _Capture(4000), _Capture(4000)
        saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = out, err
        caught: list[Any] = []
        result: dict[str, Any]
        start, cpu_start = self._clock["wall"](), self._clock["cpu"]()
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                self._arm()
                try:
                    value = thunk()
                finally:
                    self._disarm()
            if self.fired:
                result = {"status": "timeout", "clock": self.fired}
            else:
                result = {"status": "returned", "value": value}
        except _Deadline:
            result = {"status": "timeout", "clock": self.fired or "wall"}
        except MemoryError as exc:
            result = {"status": "oom", "error": _describe(exc)}
        except BaseException as exc:  # SystemExit and KeyboardInterrupt are the user's too
            result = {
                "status": "raised",
                "error": _describe(exc),
                "traceback": _trim_traceback(exc, self.filename),
            }
        finally:
            self._disarm()
            sys.stdout, sys.stderr = saved
        result["seconds"] = round(self._clock["wall"]() - start, 6)
        result["cpu"] = round(self._clock["cpu"]() - cpu_start, 6)
        result["stdout"] = out.text() + err.text()
        seen: list[str] = []
        for w in caught[:50]:
            where = f"line {w.lineno}: " if w.filename == self.filename else ""
            text = f"{where}{w.category.__name__}: {w.message}"[:300]
            if text not in seen:
                seen.append(text)
        result["warnings"] = seen[:5]
        return result

    def run(self, func: Any, cases: list[dict[str, Any]]) -> None:
        """Call ``func`` on each case; stop after the first time-out."""
        for index, case in enumerate(cases):
            self.case = index
            self.report.send({"event": "start", "case": index})
            args, kwargs = case["args"], case["kwargs"]
            outcome = self._call(lambda a=args, k=kwargs: func(*a, **k))
            self._guard()
            if outcome["status"] == "returned":
                try:
                    outcome["value"] = encode(outcome["value"])
                except CodecError as exc:
                    outcome = {**outcome, "status": "bad_return", "error": str(exc), "value": None}
                except MemoryError:
                    outcome = {**outcome, "status": "oom", "error": "MemoryError", "value": None}
            self.report.send({"event": "case", "case": index, **outcome})
            if outcome["status"] == "timeout":
                break


def _readable_stdlib(entries: list[str]) -> list[str]:
    """The standard library folders' entries, leaving out site-packages and dist-packages (which
    may hold the app itself when it is installed into the interpreter)."""
    out: list[str] = []
    for entry in entries:
        if not os.path.isdir(entry):
            out.append(entry)
            continue
        try:
            names = os.listdir(entry)
        except OSError:
            continue
        out += [
            os.path.join(entry, n) for n in names if n not in ("site-packages", "dist-packages")
        ]
    return out


def main() -> None:
    """Entry point: read the header, limit, harden, run, report."""
    header = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    report = _Reporter(int(header["result_fd"]), header["nonce"])
    set_limits(header["limits"])
    stdlib = [p for p in sys.path if p]
    sys.path[:] = [*stdlib, header["lib"]]
    try:
        import numpy  # noqa: F401

        cases = [
            {"args": decode(c["args"]), "kwargs": dict(decode(c["kwargs"]))}
            for c in header["cases"]
        ]
        encode(0.0)  # binds the codec's NumPy names before the submission can touch them
    except BaseException as exc:  # MemoryError under a too small RLIMIT_AS, say
        report.send({"event": "fatal", "error": f"cannot start: {_describe(exc)}"})
        os._exit(5)
    layers = ["rlimits"]
    if header.get("harden", True):
        if landlock(_readable_stdlib(stdlib) + header["read"], header["write"]):
            layers.append("landlock")
        if seccomp():
            layers.append("seccomp")
        if drop_capabilities():
            layers.append("no-capabilities")
    report.send({"event": "ready", "layers": layers})
    runner = Runner(header, report)
    func = runner.load()
    if func is not None:
        runner.run(func, cases)
    report.send({"event": "done"})
    os._exit(0)


if __name__ == "__main__":
    main()
