"""``quizapp drill``: coding drills in your own editor, graded in a sandbox (like rustlings).

``list`` the drills, ``start`` one (writes the starter file, or your saved code), ``check`` a file
(exit 0 all passed, 1 some failed, 2 usage error), ``watch`` a file (re-check on every save until
all pass), ``hint`` (the next one), ``solution`` (the reference; counts as giving up).

A passing check ends the attempt with a review of the drill card, rated by
:func:`quizapp.study.drill_rating` (first check, no hint -> Good; after failed checks or hints
-> Hard; solution shown -> Again; ``--rating`` overrides). The attempt is the study engine's
(:meth:`quizapp.study.Study.start_drill` and the methods after it), kept in the database like the
code of every check, so the TUI and the line mode see the same attempt and a drill resumes where
it was left.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp.commands.options import add_lang, common_options

if TYPE_CHECKING:
    from quizapp.bank.loader import Library
    from quizapp.bank.model import Drill
    from quizapp.grading.drill import DrillResult
    from quizapp.store import Store
    from quizapp.study import Rating, Study

USAGE = 2
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
        q: argparse.ArgumentParser = sub.add_parser(
            name, parents=[common], help=help_, description=help_
        )
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
    from quizapp.study import Study

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
        return handler(_Context(args, lib, db, lang, Study(db, lib)), card)
    finally:
        db.close()


@dataclass
class _Context:
    """What every subcommand needs: the arguments, the cards, the store, the language and the
    study engine that owns the drill's attempt."""

    args: argparse.Namespace
    lib: Library
    db: Store
    lang: str
    study: Study


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


# --- list / start / hint / solution -------------------------------------------------------


def _list(db: Store, lib: Library, lang: str) -> int:
    from datetime import UTC, datetime

    from quizapp.render import bi, format_interval

    states = db.all_scheduling()
    now = datetime.now(UTC)
    drills = [c for c in lib.cards.values() if c.kind == "drill"]
    width = max((len(c.id) for c in drills), default=10)
    for card in drills:
        state = states.get(card.id)
        if state is None:
            when = bi(lang, "new", "新")
        elif state.due <= now:
            when = bi(lang, "due", "待复习")
        else:
            when = bi(
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
    from quizapp.render import bi, text

    args, lang = ctx.args, ctx.lang
    path: Path = args.path or _default_path(card)
    saved = ctx.db.load_drill_code(card.id)
    ctx.study.start_drill(card.id, fresh=True)
    print(text(card.title, lang))
    print()
    print(text(card.statement, lang))
    print()
    print(f"    {card.signature}")
    print()
    if path.exists() and not args.force:
        print(
            bi(
                lang,
                f"{path} exists; left as it is (use --force to overwrite).",
                f"{path} 已存在，保持不变（用 --force 覆盖）。",
            )
        )
    else:
        path.write_text(saved if saved is not None else card.starter, encoding="utf-8")
        if saved is not None:
            print(
                bi(lang, f"Wrote your saved code to {path}.", f"已把你上次保存的代码写入 {path}。")
            )
        else:
            print(bi(lang, f"Wrote the starter code to {path}.", f"已把初始代码写入 {path}。"))
    print(
        bi(
            lang,
            f"Check it with:  quizapp drill check {card.id} {path}",
            f"检查：  quizapp drill check {card.id} {path}",
        )
    )
    print(
        bi(
            lang,
            f"Or re-check on every save:  quizapp drill watch {card.id} {path}",
            f"或者每次保存自动检查：  quizapp drill watch {card.id} {path}",
        )
    )
    return 0


def _hint(ctx: _Context, card: Drill) -> int:
    from quizapp.render import bi, text

    lang = ctx.lang
    shown = ctx.study.drill_hint(card)
    if shown is None:
        print(
            bi(
                lang,
                "No more hints. `quizapp drill solution "
                f"{card.id}` shows the reference solution (recorded as Again).",
                f"没有更多提示了。`quizapp drill solution {card.id}` 可以查看参考答案"
                "（记为“重来”）。",
            )
        )
        return 0
    number, hint = shown
    print(bi(lang, f"Hint {number}/{len(card.hints)}:", f"提示 {number}/{len(card.hints)}："))
    print(text(hint, lang))
    return 0


def _solution(ctx: _Context, card: Drill) -> int:
    from quizapp.render import worked_solution
    from quizapp.study import drill_rating

    code, attempt = ctx.study.drill_solution(card)
    print(worked_solution(card.id, code, ctx.lang))
    if not attempt.recorded:
        rating = ctx.args.rating or drill_rating(attempt)
        print(_record(ctx, card, rating, code=None, correct=False, seed=None)["text"])
    return 0


# --- check / watch --------------------------------------------------------------------------


def _read_source(path: Path, lang: str) -> str | None:
    from quizapp.render import bi

    try:
        data = path.read_bytes()
    except OSError as exc:
        print(
            bi(lang, f"cannot read {path}: {exc.strerror}", f"无法读取 {path}：{exc.strerror}"),
            file=sys.stderr,
        )
        return None
    if len(data) > MAX_SOURCE:
        print(
            bi(
                lang,
                f"{path} is larger than {MAX_SOURCE // 1024} KiB",
                f"{path} 超过 {MAX_SOURCE // 1024} KiB",
            ),
            file=sys.stderr,
        )
        return None
    return data.decode("utf-8", "replace")


def _check(ctx: _Context, card: Drill) -> int:
    from quizapp.render import format_result

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
    from quizapp.render import bi, format_result

    args, lang = ctx.args, ctx.lang
    print(
        bi(
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
                print(bi(lang, "Waiting for the next save…", "等待下一次保存……"))
        if args.max_checks is not None and checks >= args.max_checks:
            return 1
        time.sleep(args.interval)


def _grade_and_record(
    ctx: _Context, card: Drill, source: str
) -> tuple[DrillResult, dict[str, Any] | None]:
    """Grade, save the code, count the check in the attempt and record a review if it ends."""
    from quizapp.render import bi
    from quizapp.study import drill_rating

    args, lang = ctx.args, ctx.lang
    before = ctx.study.start_drill(card.id, fresh=False)
    result, attempt = ctx.study.check_drill(card, source, seed=args.seed, filename=args.file.name)
    recorded = None
    if before.recorded:
        if result.passed:
            recorded = {
                "text": bi(
                    lang,
                    "(Not recorded: this attempt was already recorded.)",
                    "（未记录：本次练习已经记录过了。）",
                )
            }
    elif result.passed:
        rating = args.rating or drill_rating(attempt)
        recorded = _record(ctx, card, rating, code=source, correct=True, seed=result.seed)
    return result, recorded


def _record(
    ctx: _Context,
    card: Drill,
    rating: Rating | int,
    *,
    code: str | None,
    correct: bool,
    seed: int | None,
) -> dict[str, Any]:
    """Record the review that ends the drill's attempt; returns what was recorded, with a line
    of text saying so."""
    from quizapp.render import RATING_NAMES, bi, format_interval

    study = ctx.study
    attempt = study.start_drill(card.id, fresh=False)
    rec = study.record(
        card.id,
        rating,
        answer=code,
        correct=correct,
        duration_ms=study.drill_duration_ms(attempt),
        lang=ctx.lang,
        seed=seed,
    )
    interval = format_interval(rec.due - study.clock())
    name = RATING_NAMES[rec.rating].get(ctx.lang)
    line = bi(
        ctx.lang,
        f"Recorded as {name}; next review in {interval}.",
        f"已记为“{name}”；{interval} 后复习。",
    )
    return {"rating": int(rec.rating), "due": rec.due.isoformat(), "text": line}
