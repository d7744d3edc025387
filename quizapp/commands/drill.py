"""``quizapp drill``: coding drills in your own editor, graded in a sandbox (like rustlings).

``list`` the drills, ``start`` one (writes the starter file, or your saved code), ``check`` a file
(exit 0 all passed, 1 some failed, 2 usage error), ``watch`` a file (re-check on every save until
all pass), ``hint`` (the next one), ``solution`` (the reference; counts as giving up).

A passing check ends the attempt with a review of the drill card: first check, no hint -> Good;
after failed checks or hints -> Hard; solution shown -> Again (``--rating`` overrides). The
attempt (checks, hints) is kept between commands in ``$QUIZAPP_HOME/drill-attempts.json``; the
code of every check is saved in the database so a drill resumes where it was left.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp.bank.model import Text
from quizapp.commands.options import add_lang, common_options

if TYPE_CHECKING:
    from quizapp.bank.loader import Library
    from quizapp.bank.model import Drill
    from quizapp.grading.drill import Attempt, CaseReport, DrillResult
    from quizapp.store import Store

USAGE = 2
STALE_SECONDS = 6 * 3600  # a finished attempt older than this starts a new one
MAX_SOURCE = 256 * 1024


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``drill`` and its subcommands."""
    common = common_options()
    p = subparsers.add_parser(
        "drill",
        parents=[common],
        help="coding drills graded on hidden test cases",
        description="Write a function in your editor; quizapp runs it on hidden, randomized "
        "cases in a sandbox and compares with a reference solution.",
    )
    sub = p.add_subparsers(dest="drill_command", metavar="SUBCOMMAND", required=True)

    def add(name: str, help_: str) -> argparse.ArgumentParser:
        q = sub.add_parser(name, parents=[common], help=help_, description=help_)
        add_lang(q)
        q.set_defaults(func=run)
        return q

    add("list", "list the drills")
    q = add("start", "write the starter file (or your saved code) and show the problem")
    q.add_argument("id", help="drill id, e.g. drill.mse")
    q.add_argument("path", nargs="?", type=Path, help="file to write (default: ./<function>.py)")
    q.add_argument("--force", action="store_true", help="overwrite an existing file")
    for name, help_ in (
        ("check", "grade a file once"),
        ("watch", "re-grade the file on every save until all cases pass"),
    ):
        q = add(name, help_)
        q.add_argument("id", help="drill id")
        q.add_argument("file", type=Path, help="your Python file")
        q.add_argument("--seed", type=int, default=None, help="seed of the random cases")
        q.add_argument(
            "--rating",
            type=int,
            choices=(1, 2, 3, 4),
            default=None,
            help="record this rating instead of the suggested one",
        )
        if name == "check":
            q.add_argument("--json", action="store_true", help="print the result as JSON")
        else:
            q.add_argument("--interval", type=float, default=0.5, help=argparse.SUPPRESS)
            q.add_argument("--max-checks", type=int, default=None, help=argparse.SUPPRESS)
    q = add("hint", "show the next hint")
    q.add_argument("id", help="drill id")
    q = add("solution", "show the reference solution (records the drill as Again)")
    q.add_argument("id", help="drill id")
    q.add_argument(
        "--rating",
        type=int,
        choices=(1, 2, 3, 4),
        default=None,
        help="record this rating instead of Again",
    )


def run(args: argparse.Namespace) -> int:
    """Dispatch to the subcommand; 2 on a usage error (unknown drill, unreadable file)."""
    from quizapp.commands.options import library, store

    lib = library(args, quiet=True)
    db = store(args)
    try:
        lang = args.lang or str(db.settings().get("lang", "en"))
        if args.drill_command == "list":
            return _list(db, lib, lang)
        card = _find(lib, args.id)
        if card is None:
            return USAGE
        handler = {
            "start": _start,
            "check": _check,
            "watch": _watch,
            "hint": _hint,
            "solution": _solution,
        }[args.drill_command]
        return handler(_Context(args, lib, db, lang), card)
    finally:
        db.close()


@dataclass
class _Context:
    """What every subcommand needs: the arguments, the cards, the store, the language."""

    args: argparse.Namespace
    lib: Library
    db: Store
    lang: str


def _find(lib: Library, card_id: str) -> Drill | None:
    card = lib.cards.get(card_id)
    if card is None or card.kind != "drill":
        drills = [c for c in lib.cards if lib.cards[c].kind == "drill"]
        import difflib

        close = difflib.get_close_matches(card_id, drills, n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        print(f"unknown drill {card_id!r}{hint}; `quizapp drill list` shows them", file=sys.stderr)
        return None
    return card  # type: ignore[return-value]


def _t(lang: str, en: str, zh: str) -> str:
    return Text(en=en, zh=zh).get(lang)


# --- list / start / hint / solution -------------------------------------------------------


def _list(db: Store, lib: Library, lang: str) -> int:
    from datetime import UTC, datetime

    from quizapp.study import format_interval

    states = db.all_scheduling()
    now = datetime.now(UTC)
    drills = [c for c in lib.cards.values() if c.kind == "drill"]
    width = max((len(c.id) for c in drills), default=10)
    for card in drills:
        state = states.get(card.id)
        if state is None:
            when = _t(lang, "new", "新")
        elif state.due <= now:
            when = _t(lang, "due", "待复习")
        else:
            when = _t(
                lang,
                f"in {format_interval(state.due - now)}",
                f"{format_interval(state.due - now)} 后",
            )
        title = card.title.get(lang).replace("\n", " / ")  # type: ignore[attr-defined]
        print(f"{card.id:<{width}}  {card.deck:<10} {'★' * card.difficulty:<5} {when:<8} {title}")
    return 0


def _default_path(card: Drill) -> Path:
    return Path(f"{card.function}.py")


def _start(ctx: _Context, card: Drill) -> int:
    from quizapp.render import text

    args, lang = ctx.args, ctx.lang
    path: Path = args.path or _default_path(card)
    saved = ctx.db.load_drill_code(card.id)
    attempts = _Attempts()
    attempt = attempts.get(card.id, fresh=True)
    attempts.put(attempt)
    print(text(card.title, lang))
    print()
    print(text(card.statement, lang))
    print()
    print(f"    {card.signature}")
    print()
    if path.exists() and not args.force:
        print(
            _t(
                lang,
                f"{path} exists; left as it is (use --force to overwrite).",
                f"{path} 已存在，保持不变（用 --force 覆盖）。",
            )
        )
    else:
        path.write_text(saved if saved is not None else card.starter, encoding="utf-8")
        if saved is not None:
            print(
                _t(lang, f"Wrote your saved code to {path}.", f"已把你上次保存的代码写入 {path}。")
            )
        else:
            print(_t(lang, f"Wrote the starter code to {path}.", f"已把初始代码写入 {path}。"))
    print(
        _t(
            lang,
            f"Check it with:  quizapp drill check {card.id} {path}",
            f"检查：  quizapp drill check {card.id} {path}",
        )
    )
    print(
        _t(
            lang,
            f"Or re-check on every save:  quizapp drill watch {card.id} {path}",
            f"或者每次保存自动检查：  quizapp drill watch {card.id} {path}",
        )
    )
    return 0


def _hint(ctx: _Context, card: Drill) -> int:
    from quizapp.render import text

    lang = ctx.lang
    attempts = _Attempts()
    attempt = attempts.get(card.id)
    if attempt.hints >= len(card.hints):
        print(
            _t(
                lang,
                "No more hints. `quizapp drill solution "
                f"{card.id}` shows the reference solution (recorded as Again).",
                f"没有更多提示了。`quizapp drill solution {card.id}` 可以查看参考答案"
                "（记为“重来”）。",
            )
        )
        return 0
    hint = card.hints[attempt.hints]
    attempt.hints += 1
    attempts.put(attempt)
    print(
        _t(
            lang,
            f"Hint {attempt.hints}/{len(card.hints)}:",
            f"提示 {attempt.hints}/{len(card.hints)}：",
        )
    )
    print(text(hint, lang))
    return 0


def _solution(ctx: _Context, card: Drill) -> int:
    from quizapp.grading.drill import AGAIN, reference_code

    lang = ctx.lang
    attempts = _Attempts()
    attempt = attempts.get(card.id)
    bar = "=" * 72
    print(bar)
    print(_t(lang, f"REFERENCE SOLUTION — {card.id}", f"参考答案 — {card.id}"))
    print(bar)
    print(reference_code(card).rstrip())
    print(bar)
    attempt.solution_seen = True
    if not attempt.recorded:
        print(
            _record(
                ctx, card, attempt, ctx.args.rating or AGAIN, code=None, correct=False, seed=None
            )["text"]
        )
    attempts.put(attempt)
    return 0


# --- check / watch --------------------------------------------------------------------------


def _read_source(path: Path, lang: str) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(
            _t(lang, f"cannot read {path}: {exc.strerror}", f"无法读取 {path}：{exc.strerror}"),
            file=sys.stderr,
        )
        return None
    if len(data) > MAX_SOURCE:
        print(
            _t(
                lang,
                f"{path} is larger than {MAX_SOURCE // 1024} KiB",
                f"{path} 超过 {MAX_SOURCE // 1024} KiB",
            ),
            file=sys.stderr,
        )
        return None
    return data.decode("utf-8", "replace")


def _check(ctx: _Context, card: Drill) -> int:
    args, lang = ctx.args, ctx.lang
    source = _read_source(args.file, lang)
    if source is None:
        return USAGE
    result, recorded = _grade_and_record(ctx, card, source)
    if args.json:
        data = result.to_dict()
        data["recorded"] = recorded
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(format_result(result, lang))
        if recorded:
            print(recorded["text"])
    return 0 if result.passed else 1


def _watch(ctx: _Context, card: Drill) -> int:
    """Poll the file's mtime and size; grade after every change until all cases pass."""
    args, lang = ctx.args, ctx.lang
    print(
        _t(
            lang,
            f"Watching {args.file} — save to re-check, Ctrl-C to stop.",
            f"正在监视 {args.file}——保存即重新检查，Ctrl-C 退出。",
        )
    )
    last: tuple[int, int] | None = None
    checks = 0
    while True:
        try:
            st = args.file.stat()
            stamp = (st.st_mtime_ns, st.st_size)
        except OSError:
            stamp = None
        if stamp is not None and stamp != last:
            last = stamp
            source = _read_source(args.file, lang)
            if source is not None:
                result, recorded = _grade_and_record(ctx, card, source)
                checks += 1
                print()
                print(format_result(result, lang))
                if result.passed:
                    if recorded:
                        print(recorded["text"])
                    return 0
                print(_t(lang, "Waiting for the next save…", "等待下一次保存……"))
        if args.max_checks is not None and checks >= args.max_checks:
            return 1
        time.sleep(args.interval)


def _grade_and_record(
    ctx: _Context, card: Drill, source: str
) -> tuple[DrillResult, dict[str, Any] | None]:
    """Grade, save the code, count the check in the attempt and record a review if it ends."""
    from quizapp.grading.drill import grade

    args, lang = ctx.args, ctx.lang
    result = grade(card, source, seed=args.seed, filename=args.file.name)
    ctx.db.save_drill_code(card.id, source)
    attempts = _Attempts()
    attempt = attempts.get(card.id)
    recorded = None
    if attempt.recorded:
        if result.passed:
            recorded = {
                "text": _t(
                    lang,
                    "(Not recorded: this attempt was already recorded.)",
                    "（未记录：本次练习已经记录过了。）",
                )
            }
    elif result.status != "error":
        attempt.checked(result.passed)
        if result.passed:
            rating = args.rating or attempt.rating(True)
            recorded = _record(
                ctx, card, attempt, rating, code=source, correct=True, seed=result.seed
            )
    attempts.put(attempt)
    return result, recorded


def _record(
    ctx: _Context,
    card: Drill,
    attempt: Attempt,
    rating: int,
    *,
    code: str | None,
    correct: bool,
    seed: int | None,
) -> dict[str, Any]:
    """Record the review that ends ``attempt``; returns what was recorded, with a line of
    text saying so."""
    from quizapp.study import RATING_NAMES, Study, format_interval

    study = Study(ctx.db, ctx.lib)
    rec = study.record(
        card.id,
        rating,
        answer=code,
        correct=correct,
        duration_ms=attempt.duration_ms(),
        lang=ctx.lang,
        seed=seed,
    )
    attempt.recorded = True
    interval = format_interval(rec.due - study.clock())
    name = RATING_NAMES[rating].get(ctx.lang)
    line = _t(
        ctx.lang,
        f"Recorded as {name}; next review in {interval}.",
        f"已记为“{name}”；{interval} 后复习。",
    )
    return {"rating": rating, "due": rec.due.isoformat(), "text": line}


class _Attempts:
    """The open attempts, one per drill, in ``$QUIZAPP_HOME/drill-attempts.json``."""

    def __init__(self) -> None:
        from quizapp import paths

        self.path = paths.home() / "drill-attempts.json"
        try:
            self.data: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.data = {}

    def get(self, card_id: str, *, fresh: bool = False) -> Attempt:
        """The attempt at ``card_id``: the open one, or a new one (``fresh``: new if the
        stored one is finished)."""
        from quizapp.grading.drill import Attempt

        raw = self.data.get(card_id)
        if isinstance(raw, dict):
            attempt = Attempt.from_dict(raw)
            stale = time.time() - attempt.started > STALE_SECONDS
            if not (attempt.recorded and (fresh or stale)):
                return attempt
        return Attempt(card_id)

    def put(self, attempt: Attempt) -> None:
        self.data[attempt.card_id] = attempt.to_dict()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.data, indent=1), encoding="utf-8")
        tmp.replace(self.path)


# --- rendering ------------------------------------------------------------------------------

_STATUS_NAMES: dict[str, Text] = {
    "passed": Text(en="passed", zh="通过"),
    "wrong": Text(en="wrong answer", zh="答案错误"),
    "bad_return": Text(en="wrong type or shape", zh="返回类型或形状不对"),
    "raised": Text(en="raised an exception", zh="抛出异常"),
    "timeout": Text(en="time limit exceeded", zh="超时"),
    "oom": Text(en="out of memory", zh="内存超限"),
    "crashed": Text(en="crashed", zh="进程崩溃"),
    "not_run": Text(en="not run", zh="未运行"),
    "skipped": Text(en="skipped (drill error)", zh="跳过（练习本身有误）"),
}


def format_result(result: DrillResult, lang: str, *, max_failures: int = 3) -> str:
    """The result as text for a terminal: a summary line, then the first failing cases with
    input, expected and returned values, the message, the recognized mistake, the traceback and
    what the case printed."""
    from quizapp.render import text

    lines: list[str] = []
    if result.status in ("passed", "failed"):
        ok, total = result.counts
        mark = "✓" if result.passed else "✗"
        lines.append(
            _t(
                lang,
                f"{mark} {ok}/{total} cases passed  (seed {result.seed}, {result.seconds:.2f} s)",
                f"{mark} 通过 {ok}/{total} 个用例（seed {result.seed}，{result.seconds:.2f} 秒）",
            )
        )
    else:
        lines.append("✗ " + text(result.message, lang))
        if result.detail:
            lines += ["    " + ln for ln in result.detail.rstrip().splitlines()]
    failures = result.failures
    for case in failures[:max_failures]:
        lines += _case_lines(case, lang)
    if len(failures) > max_failures:
        more = len(failures) - max_failures
        lines.append(
            _t(lang, f"… and {more} more failing case(s).", f"……还有 {more} 个用例未通过。")
        )
    not_run = sum(c.status == "not_run" for c in result.cases)
    if not_run:
        lines.append(
            _t(
                lang,
                f"{not_run} case(s) not run after a time-out or a crash.",
                f"超时或崩溃之后，有 {not_run} 个用例没有运行。",
            )
        )
    if result.output.strip():
        lines.append(_t(lang, "Output outside the cases:", "用例之外的输出："))
        lines += ["    " + ln for ln in result.output.rstrip().splitlines()[:20]]
    return "\n".join(lines)


def _case_lines(case: CaseReport, lang: str) -> list[str]:
    from quizapp.render import text

    kind = _t(lang, case.kind, {"fixed": "固定", "random": "随机"}.get(case.kind, case.kind))
    head = _t(lang, f"case {case.index + 1} ({kind}): ", f"用例 {case.index + 1}（{kind}）：")
    out = ["", head + _STATUS_NAMES[case.status].get(lang)]
    pad = "    "
    out.append(pad + _t(lang, "input:    ", "输入：    ") + case.inputs)
    if case.status in ("wrong", "bad_return") and case.got:
        out.append(pad + _t(lang, "expected: ", "期望：    ") + case.expected)
        out.append(pad + _t(lang, "got:      ", "实际：    ") + case.got)
    if case.message is not None:
        out.append(pad + text(case.message, lang).replace("\n", "\n" + pad))
    if case.mistake is not None:
        out.append(pad + _t(lang, "Looks like: ", "看起来是：") + text(case.mistake, lang))
    if case.traceback:
        out += [pad + ln for ln in case.traceback.rstrip().splitlines()]
    for w in case.warnings:
        out.append(pad + _t(lang, "warning: ", "警告：") + w)
    if case.stdout.strip():
        out.append(pad + _t(lang, "printed:", "打印输出："))
        out += [pad + "  " + ln for ln in case.stdout.rstrip().splitlines()[:10]]
    return out
