"""Grading a coding drill: build its cases, run the submission in the sandbox, compare.

A drill card (:class:`quizapp.bank.model.Drill`) names a function and its signature, a reference
solver, fixed edge cases and a seeded generator of random cases. :func:`grade` builds the cases
(fixed first, then ``random_cases`` drawn from ``seed``, ``seed + 1`` …), computes the expected
values with the reference solver in this process, runs the submission on all cases in ONE
sandboxed process (:mod:`quizapp.grading.sandbox`) and compares the returned data here
(:mod:`quizapp.grading.drill_compare`). The submission never sees the solver or the expected
values. An attempt and the rating it earns belong to the study engine
(:meth:`quizapp.study.Study.start_drill`).
"""

from __future__ import annotations

import ast
import copy
import inspect
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Literal

from quizapp.bank.model import Drill, Text
from quizapp.grading import drill_compare, sandbox

CaseVerdict = Literal[
    "passed", "wrong", "bad_return", "raised", "timeout", "oom", "crashed", "not_run", "skipped"
]
DrillStatus = Literal["passed", "failed", "syntax_error", "load_error", "missing_function", "error"]


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter of a drill's signature: its name, annotation text and whether it has a
    default value."""

    name: str
    annotation: str | None = None
    has_default: bool = False


@cache
def parse_signature(signature: str) -> tuple[str, tuple[Param, ...]]:
    """The function name and parameters of ``"name(a: T, b=1) -> R"``; ValueError if it does
    not parse as a Python signature (positional-or-keyword parameters only)."""
    try:
        tree = ast.parse(f"def {signature.strip()}:\n    pass\n")
    except SyntaxError as exc:
        raise ValueError(f"not a Python signature: {signature!r} ({exc.msg})") from None
    fn = tree.body[0]
    if len(tree.body) != 1 or not isinstance(fn, ast.FunctionDef):
        raise ValueError(f"not a Python signature: {signature!r}")
    a = fn.args
    if a.posonlyargs or a.vararg or a.kwonlyargs or a.kwarg:
        raise ValueError("only plain parameters (no /, *, *args, **kwargs) are supported")
    first_default = len(a.args) - len(a.defaults)
    params = tuple(
        Param(p.arg, ast.unparse(p.annotation) if p.annotation else None, i >= first_default)
        for i, p in enumerate(a.args)
    )
    return fn.name, params


def fields_problems(fields: Mapping[str, Any]) -> list[str]:
    """Problems of a drill that the schema cannot see: the signature, the function name, the
    case arguments, the comparator. ``fields`` are the :class:`Drill` fields by name (the bank
    loader's, before the card is built); missing ones take the dataclass defaults."""
    f = {**_DEFAULTS, **fields}
    try:
        name, params = parse_signature(f["signature"])
    except ValueError as exc:
        return [str(exc)]
    problems: list[str] = []
    if name != f["function"]:
        problems.append(f"the signature names {name!r} but function is {f['function']!r}")
    names = {p.name for p in params}
    required = {p.name for p in params if not p.has_default}
    for i, case in enumerate(f["fixed_cases"]):
        unknown = set(case) - names
        if unknown:
            problems.append(f"fixed case {i + 1}: {', '.join(sorted(unknown))} is not a parameter")
        if required - set(case):
            problems.append(
                f"fixed case {i + 1}: no value for " + ", ".join(sorted(required - set(case)))
            )
    if set(f["case_args"]) - names:
        problems.append(
            "cases.args: " + ", ".join(sorted(set(f["case_args"]) - names)) + " is not a parameter"
        )
    if f["random_cases"]:
        available = set(f["case_args"]) or set(f["case_inputs"]) & names
        if required - available:
            problems.append(
                "random cases give no value for " + ", ".join(sorted(required - available))
            )
    problems += drill_compare.spec_problems(f["compare"])
    return problems


_DEFAULTS: dict[str, Any] = {
    "fixed_cases": (),
    "case_args": {},
    "case_inputs": {},
    "random_cases": 10,
    "compare": {"type": "allclose"},
}


def card_problems(card: Drill) -> list[str]:
    """:func:`fields_problems` of a built card."""
    return fields_problems(
        {
            k: getattr(card, k)
            for k in (
                "signature",
                "function",
                "fixed_cases",
                "case_args",
                "case_inputs",
                "random_cases",
                "compare",
            )
        }
    )


# --- cases --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Case:
    """One case: ``args`` maps parameter names to values as the function receives them."""

    index: int
    kind: Literal["fixed", "random"]
    args: dict[str, Any]
    seed: int | None = None


def _convert(value: Any, annotation: str | None) -> Any:
    """A case value as the function receives it, guided by the parameter's annotation: lists
    become NumPy arrays (``list[np.ndarray]``: a list of arrays), ``float``/``int`` are cast."""
    import numpy as np

    note = (annotation or "").replace(" ", "")
    if note.startswith(("list[", "List[")) and "ndarray" in note:
        return [np.asarray(v) for v in value]
    if note == "float":
        return float(value)
    if note == "int":
        return int(value)
    if isinstance(value, list | tuple) or "ndarray" in note:
        return np.asarray(value)
    return value


def build_cases(card: Drill, seed: int) -> list[Case]:
    """The fixed cases, then ``card.random_cases`` cases drawn with seeds ``seed``, ``seed+1``…
    Raises ValueError (from the generator or a bad signature) when the drill itself is broken."""
    from quizapp.grading.generate import generate_inputs, resolve_args

    _, params = parse_signature(card.signature)
    notes = {p.name: p.annotation for p in params}
    cases: list[Case] = []
    for raw in card.fixed_cases:
        args = {k: _convert(copy.deepcopy(v), notes.get(k)) for k, v in raw.items()}
        cases.append(Case(len(cases), "fixed", args))
    mapping = dict(card.case_args) or {p.name: p.name for p in params if p.name in card.case_inputs}
    for i in range(card.random_cases):
        values = generate_inputs(card.case_inputs, seed + i)
        raw_args = resolve_args(mapping, values)
        args = {k: _convert(v, notes.get(k)) for k, v in raw_args.items()}
        cases.append(Case(len(cases), "random", args, seed + i))
    return cases


def call_args(card: Drill, args: dict[str, Any]) -> tuple[list[Any], dict[str, Any]]:
    """How the submission is called: parameters in signature order, positionally while none is
    missing, by keyword after a gap (an omitted parameter keeps the submission's default)."""
    _, params = parse_signature(card.signature)
    positional: list[Any] = []
    keywords: dict[str, Any] = {}
    for p in params:
        if p.name not in args:
            continue
        if keywords or len(positional) != params.index(p):
            keywords[p.name] = args[p.name]
        else:
            positional.append(args[p.name])
    return positional, keywords


def _solver(name: str) -> Callable[..., Any]:
    from solvers.registry import get

    return get(name)


def _resolve(extra: dict[str, Any], args: dict[str, Any]) -> dict[str, Any]:
    """``extra`` arguments resolved against the function's: a string names one of its
    parameters, a list of strings a list of them; anything else is a literal."""
    from quizapp.grading.generate import resolve_args

    return resolve_args(extra, args)


def _select(value: Any, output: tuple[int | str, ...]) -> Any:
    if not output:
        return value
    picked = [getattr(value, o) if isinstance(o, str) else value[o] for o in output]
    return picked[0] if len(picked) == 1 else tuple(picked)


def expected_value(card: Drill, case: Case) -> Any:
    """The reference solver's value on ``case`` (its ``output`` items), as plain data."""
    args = {**copy.deepcopy(case.args), **_resolve(card.solver_args, case.args)}
    return _plain(_select(_quietly(card.solver, args), card.output))


def _quietly(solver: str, args: dict[str, Any]) -> Any:
    """Call a registered solver with NumPy's floating-point warnings silenced (a mistake
    solver may well take log(0) on an edge case; that is not the user's business)."""
    import warnings

    import numpy as np

    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _solver(solver)(**args)


def _plain(value: Any) -> Any:
    """Solver results in the form a submission is expected to return: NamedTuples become
    tuples; arrays, lists and numbers stay."""
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# --- results ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseReport:
    """The verdict on one case, with what a user needs to fix it: the input, expected and
    returned values (short renderings), a message, the recognized mistake if any, and for
    errors the trimmed traceback; plus what the case printed and the warnings it raised."""

    index: int
    kind: str
    status: CaseVerdict
    seed: int | None = None
    inputs: str = ""
    expected: str = ""
    got: str = ""
    message: Text | None = None
    mistake: Text | None = None
    traceback: str = ""
    stdout: str = ""
    warnings: tuple[str, ...] = ()
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (``message``/``mistake`` as ``{en, zh}``)."""
        return {
            "index": self.index,
            "kind": self.kind,
            "status": self.status,
            "seed": self.seed,
            "input": self.inputs,
            "expected": self.expected,
            "got": self.got,
            "message": self.message.to_data() if self.message else None,
            "mistake": self.mistake.to_data() if self.mistake else None,
            "traceback": self.traceback,
            "stdout": self.stdout,
            "warnings": list(self.warnings),
            "seconds": self.seconds,
        }


@dataclass(frozen=True, slots=True)
class DrillResult:
    """The outcome of grading one submission. ``status`` is ``passed`` only when every case
    that ran passed; ``syntax_error``/``load_error``/``missing_function`` mean no case ran
    (``message`` and ``detail`` say why, ``line`` points at a syntax error); ``error`` means no
    verdict could be reached: the drill itself is broken (its reference failed), the sandbox
    failed, or only the wall-clock backstop stopped the run ("timed out (machine busy?)": a check
    to repeat, neither a pass nor a failure)."""

    card_id: str
    status: DrillStatus
    cases: tuple[CaseReport, ...] = ()
    message: Text | None = None
    detail: str = ""
    line: int | None = None
    seed: int = 0
    seconds: float = 0.0
    layers: tuple[str, ...] = ()
    output: str = ""

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    @property
    def counts(self) -> tuple[int, int]:
        """``(passed cases, graded cases)`` — skipped cases are not graded."""
        graded = [c for c in self.cases if c.status != "skipped"]
        return sum(c.status == "passed" for c in graded), len(graded)

    @property
    def failures(self) -> list[CaseReport]:
        return [c for c in self.cases if c.status not in ("passed", "skipped", "not_run")]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form printed by ``quizapp drill check --json``."""
        ok, total = self.counts
        return {
            "card": self.card_id,
            "status": self.status,
            "passed": ok,
            "total": total,
            "seed": self.seed,
            "seconds": self.seconds,
            "sandbox": list(self.layers),
            "message": self.message.to_data() if self.message else None,
            "detail": self.detail,
            "line": self.line,
            "output": self.output,
            "cases": [c.to_dict() for c in self.cases],
        }


def new_seed() -> int:
    """A fresh seed for the random cases of one check."""
    return random.SystemRandom().randrange(1, 2**31 - 10_000)


def grade(
    card: Drill,
    source: str,
    *,
    seed: int | None = None,
    limits: sandbox.Limits | None = None,
    filename: str | None = None,
) -> DrillResult:
    """Grade ``source`` (the user's module) on the drill's cases; see the module docstring.

    ``seed`` fixes the random cases (a fresh one when None; it is in the result so a check can
    be repeated). ``limits`` default to the sandbox defaults with the card's ``time_limit``.
    """
    started = time.monotonic()
    seed = new_seed() if seed is None else seed
    limits = limits or sandbox.Limits(time_per_case=card.time_limit)
    filename = filename or f"{card.function}.py"
    base: dict[str, Any] = {"card_id": card.id, "seed": seed}
    try:
        cases = build_cases(card, seed)
    except (ValueError, TypeError, KeyError) as exc:
        return DrillResult(status="error", message=_broken(exc), **base)
    runnable: list[Case] = []
    expected: dict[int, Any] = {}
    skipped: dict[int, CaseReport] = {}
    for case in cases:
        try:
            expected[case.index] = expected_value(card, case)
            runnable.append(case)
        except Exception as exc:  # the reference rejects this case: a problem of the drill
            skipped[case.index] = CaseReport(
                case.index,
                case.kind,
                "skipped",
                case.seed,
                _summary(case.args),
                message=_broken(exc),
            )
    if not runnable:
        return DrillResult(
            status="error",
            cases=tuple(skipped.values()),
            message=Text(en="The drill has no usable case.", zh="这道练习没有可用的测试用例。"),
            **base,
        )
    run = sandbox.run(
        source,
        card.function,
        [call_args(card, c.args) for c in runnable],
        filename=filename,
        limits=limits,
    )
    base.update(layers=run.layers, output=run.output)
    if run.status != "ran":
        result = _not_run(run, base, limits, card.function)
    else:
        reports = dict(skipped)
        for case, outcome in zip(runnable, run.cases, strict=True):
            reports[case.index] = _judge(card, case, expected[case.index], outcome, limits)
        ordered = tuple(reports[i] for i in sorted(reports))
        busy = {
            case.index
            for case, outcome in zip(runnable, run.cases, strict=True)
            if outcome.status == "timeout" and outcome.clock == "wall"
        }
        result = _verdict(ordered, busy, base)
    return replace(result, seconds=round(time.monotonic() - started, 3))


def _verdict(reports: tuple[CaseReport, ...], busy: set[int], base: dict[str, Any]) -> DrillResult:
    """``passed`` when every case passed; ``failed`` when a case failed on its merits; ``error``
    (no verdict) when the only trouble is in ``busy``, the cases (by index) that the wall-clock
    backstop stopped."""
    trouble = [r for r in reports if r.status not in ("passed", "skipped", "not_run")]
    if not trouble and all(r.status != "not_run" for r in reports):
        return DrillResult(status="passed", cases=reports, **base)
    if trouble and all(r.index in busy for r in trouble):
        return DrillResult(status="error", cases=reports, message=_BUSY, **base)
    return DrillResult(status="failed", cases=reports, **base)


_BUSY = Text(
    en="Timed out (machine busy?): no verdict this time. Check again; if it happens again on an "
    "idle machine, look for code that sleeps or waits.",
    zh="超时（机器太忙？）：这次没有得出结果。请再检查一次；如果机器空闲时仍然超时，"
    "看看代码里有没有 sleep 或在等待什么。",
)


def _broken(exc: BaseException) -> Text:
    return Text(
        en=f"The drill itself is broken: {type(exc).__name__}: {exc}",
        zh=f"这道练习本身有问题：{type(exc).__name__}: {exc}",
    )


def _not_run(
    run: sandbox.SandboxRun, base: dict[str, Any], limits: sandbox.Limits, function: str
) -> DrillResult:
    if run.cause in ("busy", "startup"):  # only the wall clock ran out: no verdict
        return DrillResult(status="error", detail=run.traceback, message=_BUSY, **base)
    if run.status == "syntax_error":
        where = f" (line {run.line})" if run.line else ""
        zh_where = f"（第 {run.line} 行）" if run.line else ""
        detail = run.text + (
            "\n" + " " * max((run.offset or 1) - 1, 0) + "^" if run.text and run.offset else ""
        )
        return DrillResult(
            status="syntax_error",
            line=run.line,
            detail=detail,
            message=Text(
                en=f"Syntax error{where}: {run.error}", zh=f"语法错误{zh_where}：{run.error}"
            ),
            **base,
        )
    if run.status == "load_error":
        why = _load_reason(run, limits)
        return DrillResult(
            status="load_error",
            detail=run.traceback,
            message=Text(en=f"Your module failed to load: {why.en}", zh=f"模块加载失败：{why.zh}"),
            **base,
        )
    if run.status == "missing_function":
        name = function
        message = (
            Text(
                en=f"Nothing to grade: '{name}' is a {run.detail}, not a function.",
                zh=f"无法评测：'{name}' 是 {run.detail}，不是函数。",
            )
            if run.cause == "not_callable"
            else Text(
                en=f"Nothing to grade: no function named '{name}'.",
                zh=f"无法评测：没有名为 '{name}' 的函数。",
            )
        )
        return DrillResult(status="missing_function", message=message, **base)
    if run.cause == "exited":
        ended = sandbox.exit_text(run.exit_code)
        message = Text(
            en=f"The sandbox stopped before it was ready ({ended.en}).",
            zh=f"沙箱在就绪之前就退出了（{ended.zh}）。",
        )
    else:
        what = run.detail.removeprefix("cannot start: ") or run.error
        message = Text(en=f"The sandbox failed: {what}", zh=f"沙箱运行失败：{what}")
    return DrillResult(status="error", detail=run.output, message=message, **base)


def _load_reason(run: sandbox.SandboxRun, limits: sandbox.Limits) -> Text:
    """Why the module's top level did not load (``run.cause``), in both languages."""
    seconds, mib = f"{limits.time_per_case:g}", limits.memory >> 20
    match run.cause:
        case "raised":
            return Text(en=f"it raised {run.detail}", zh=f"顶层代码抛出了异常 {run.detail}")
        case "timeout":
            return Text(
                en=f"its top-level code used more than {seconds} s of CPU time (an endless loop?)",
                zh=f"顶层代码的 CPU 时间超过了 {seconds} 秒的限制（死循环？）",
            )
        case "oom":
            return Text(
                en=f"its top-level code ran out of memory (the limit is {mib} MiB)",
                zh=f"顶层代码内存超限（上限 {mib} MiB）",
            )
    ended = sandbox.exit_text(run.exit_code)
    return Text(
        en=f"the process ended while loading it ({ended.en})",
        zh=f"加载模块时进程中止了（{ended.zh}）",
    )


def _judge(
    card: Drill, case: Case, expected: Any, outcome: sandbox.CaseRun, limits: sandbox.Limits
) -> CaseReport:
    common: dict[str, Any] = {
        "index": case.index,
        "kind": case.kind,
        "seed": case.seed,
        "inputs": _summary(case.args),
        "expected": _render(expected),
        "stdout": outcome.stdout,
        "warnings": outcome.warnings,
        "seconds": outcome.seconds,
    }
    if outcome.status != "returned":
        return CaseReport(
            status=_STATUS[outcome.status],
            traceback=outcome.traceback,
            message=_outcome_message(outcome, limits),
            **common,
        )
    got = outcome.value
    mismatch = drill_compare.compare(expected, got, card.compare)
    if mismatch is None:
        return CaseReport(status="passed", got=_render(got), **common)
    status: CaseVerdict = "wrong" if mismatch.kind == "value" else "bad_return"
    return CaseReport(
        status=status,
        got=_render(got),
        message=mismatch.message,
        mistake=_mistake(card, case, got) if status == "wrong" else None,
        **common,
    )


_STATUS: dict[str, CaseVerdict] = {
    "raised": "raised",
    "timeout": "timeout",
    "oom": "oom",
    "bad_return": "bad_return",
    "crashed": "crashed",
    "not_run": "not_run",
}


def _outcome_message(outcome: sandbox.CaseRun, limits: sandbox.Limits) -> Text:
    seconds = f"{limits.time_per_case:g}"
    mib = limits.memory >> 20
    match outcome.status:
        case "raised":
            return Text(en=f"Raised {outcome.error}", zh=f"抛出了异常 {outcome.error}")
        case "timeout" if outcome.clock == "wall":
            return Text(
                en=f"Timed out (machine busy?): no result after {limits.wall:g} s, with "
                f"{outcome.cpu_seconds:.2f} s of CPU time used.",
                zh=f"超时（机器太忙？）：{limits.wall:g} 秒内没有结果，"
                f"其间只用了 {outcome.cpu_seconds:.2f} 秒 CPU 时间。",
            )
        case "timeout":
            return Text(
                en=f"Used more than {seconds} s of CPU time (an endless loop?).",
                zh=f"CPU 时间超过了 {seconds} 秒的限制（死循环？）。",
            )
        case "oom":
            return Text(
                en=f"Ran out of memory (the limit is {mib} MiB): {outcome.error}",
                zh=f"内存超限（上限 {mib} MiB）：{outcome.error}",
            )
        case "bad_return":
            return Text(
                en=f"Returned a value that cannot be graded: {outcome.error}",
                zh=f"返回值无法评测：{outcome.error}",
            )
        case "crashed":
            ended = (
                sandbox.exit_text(outcome.exit_code)
                if outcome.exit_code is not None
                else Text(en="its report was malformed", zh="它的报告格式不对")
            )
            return Text(
                en=f"The process stopped during this case ({ended.en}). Do not exit or kill the "
                "interpreter from your function.",
                zh=f"这个用例运行时进程中止了（{ended.zh}）。函数里不要退出或杀掉解释器。",
            )
    return Text(
        en="Not run: an earlier case timed out or crashed the process.",
        zh="未运行：前面的用例超时或导致进程中止。",
    )


def _mistake(card: Drill, case: Case, got: Any) -> Text | None:
    """The label of the first of the card's known mistakes whose value ``got`` equals."""
    for m in card.mistakes:
        args = _resolve(m.call.args, case.args) if m.call.args else copy.deepcopy(case.args)
        try:
            value = _plain(_quietly(m.call.solver, args))
        except Exception:  # a mistake that does not apply to this case
            continue
        if drill_compare.compare(value, got, card.compare) is None:
            return m.label
    return None


def _render(value: Any, limit: int = 300) -> str:
    """A short, readable rendering of a value (arrays with numpy's printing, summarized)."""
    import numpy as np

    if isinstance(value, np.ndarray):
        text = np.array2string(
            value, precision=6, separator=", ", threshold=24, edgeitems=3, max_line_width=100
        )
        if value.ndim > 1 or "\n" in text:
            text = f"array{value.shape} " + " ".join(text.split())
    elif isinstance(value, list | tuple):
        inner = ", ".join(_render(v, limit) for v in value)
        text = f"[{inner}]" if isinstance(value, list) else f"({inner})"
    elif isinstance(value, float | np.floating):
        text = drill_compare.format_float(float(value))
    else:
        text = repr(value)
    return text if len(text) <= limit else text[:limit] + " …"


def _summary(args: dict[str, Any]) -> str:
    return ", ".join(f"{k} = {_render(v, 200)}" for k, v in args.items())


# --- the reference solution -----------------------------------------------------------------


def reference_code(card: Drill) -> str:
    """The reference solution shown on request: the card's ``solution``, else the source of the
    reference solver."""
    if card.solution:
        return card.solution
    try:
        return inspect.getsource(_solver(card.solver))
    except (OSError, TypeError, KeyError):
        return f"# reference solver: {card.solver}\n"
