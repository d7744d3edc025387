"""``quizapp add KIND [fields]``: write one card into ``$QUIZAPP_HOME/banks/<deck>.yaml``.

Every field has a flag; when stdin is a terminal, missing required fields are asked for, and
when it is not (a script, a pipe) they are a usage error (exit 2). The card is validated before
anything is written and appended without touching the rest of the file
(:mod:`quizapp.bank.write`).

Numeric inputs use a compact syntax (``--input``, see ``quizapp add --help``) or YAML
(``--inputs-yaml``); the solver's arguments default to the inputs of the same name.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from quizapp.commands.options import common_options

KINDS = ("flashcard", "cloze", "choice", "order", "numeric")
DEFAULT_DECK = "my-cards"
_REQUIRED = {
    "flashcard": ("front", "back"),
    "cloze": ("text",),
    "choice": ("question", "option", "correct"),
    "order": ("question", "step"),
    "numeric": ("question", "solver", "input"),
}
_ONLY_FOR = {
    "front": ("flashcard",),
    "back": ("flashcard",),
    "text": ("cloze",),
    "accept": ("cloze",),
    "question": ("choice", "order", "numeric"),
    "option": ("choice",),
    "correct": ("choice",),
    "no_shuffle": ("choice",),
    "step": ("order",),
    "solver": ("numeric",),
    "input": ("numeric",),
    "inputs_yaml": ("numeric",),
    "arg": ("numeric",),
    "tolerance": ("numeric",),
    "solution": ("numeric",),
}

EPILOG = """\
examples:
  quizapp add flashcard --deck ml --front "What does MSE measure?" --back "The mean squared error"
  quizapp add cloze --text "Adam keeps an {{c1::exponential moving average}} of gradients" \\
      --accept "c1=ema|moving average"
  quizapp add choice --question "Is k-means sensitive to initialisation?" \\
      --option Yes --option No --correct 1
  quizapp add order --question "Order the PCA steps" --step Center --step Covariance \\
      --step Eigendecomposition
  quizapp add numeric --question "MSE of y = {y_true} and ŷ = {y_pred}?" --solver losses.mse \\
      --input "y_true=vector:size=3,-2..2,decimals=1" \\
      --input "y_pred=vector:size=3,-2..2,decimals=1"
  quizapp add flashcard --lang zh --front "什么是梯度裁剪？" --back "..."

--input syntax:
  """


class UsageError(Exception):
    """A missing or malformed option: exit status 2."""


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``add`` subcommand."""
    from quizapp.interop.carddata import INPUT_SYNTAX

    p = subparsers.add_parser(
        "add",
        parents=[common_options()],
        help="add a card of your own",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Add a card to $QUIZAPP_HOME/banks/<deck>.yaml (created if missing; "
        "everything already in it is kept byte for byte). Missing fields are asked for when "
        "stdin is a terminal; otherwise they are an error (exit status 2).",
        epilog=EPILOG + INPUT_SYNTAX.replace("\n", "\n  "),
    )
    p.add_argument("kind", choices=KINDS, help="the kind of card")
    p.add_argument(
        "--deck",
        default=DEFAULT_DECK,
        help=f"deck id, also the bank file name (default: {DEFAULT_DECK})",
    )
    p.add_argument("--id", dest="card_id", help="card id (default: <deck>.<slug of the front>)")
    p.add_argument(
        "--lang",
        choices=("en", "zh"),
        default="en",
        help="the language of the texts you give (default: en)",
    )
    p.add_argument(
        "--tags",
        action="append",
        default=[],
        metavar="T[,T...]",
        help="tags, comma-separated (repeatable)",
    )
    p.add_argument(
        "--difficulty",
        type=int,
        choices=range(1, 6),
        metavar="1-5",
        help="how hard the card is (default 3)",
    )
    p.add_argument("--explanation", help="shown after the answer")
    p.add_argument("--source", help="where the fact comes from")
    p.add_argument("--front", help="flashcard: the question")
    p.add_argument("--back", help="flashcard: the answer")
    p.add_argument("--text", help="cloze: text with {{c1::answer}} or {{c1::answer::hint}}")
    p.add_argument(
        "--accept",
        action="append",
        default=[],
        metavar="cN=ALT|ALT",
        help="cloze: other accepted answers for deletion cN (repeatable)",
    )
    p.add_argument("--question", help="choice, order, numeric: the question")
    p.add_argument(
        "--option", action="append", default=[], help="choice: an option (repeatable, in order)"
    )
    p.add_argument(
        "--correct",
        action="append",
        default=[],
        metavar="N|TEXT",
        help="choice: a correct option, by 1-based number or by its text "
        "(repeatable; commas separate numbers: 1,3)",
    )
    p.add_argument(
        "--no-shuffle",
        action="store_true",
        help="choice: keep the options in order (e.g. 'all of the above')",
    )
    p.add_argument(
        "--step",
        action="append",
        default=[],
        help="order: a step, in the correct order (repeatable, at least 3)",
    )
    p.add_argument(
        "--solver", help="numeric: the solver computing the answer (`quizapp solvers` lists them)"
    )
    p.add_argument(
        "--input",
        action="append",
        default=[],
        metavar="NAME=TYPE:ITEMS",
        help="numeric: an input generator (repeatable; syntax below)",
    )
    p.add_argument(
        "--inputs-yaml",
        metavar="YAML|@FILE",
        help="numeric: the inputs as a YAML mapping (or @file.yaml)",
    )
    p.add_argument(
        "--arg",
        action="append",
        default=[],
        metavar="PARAM=VALUE",
        help="numeric: a solver argument: an input name or a number (default: "
        "each solver parameter takes the input of the same name)",
    )
    p.add_argument("--tolerance", metavar="abs=X,rel=Y", help="numeric: answer tolerance")
    p.add_argument(
        "--solution", help="numeric: worked solution ({name} = an input, {answer} = the answer)"
    )
    p.add_argument("--dry-run", action="store_true", help="print the card; write nothing")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Build, validate and append the card; 0 on success, 1 if it does not validate or cannot
    be written, 2 on a usage error."""
    from quizapp.bank.write import BankWriteError, is_valid_id

    try:
        if not is_valid_id(args.deck):
            raise UsageError(
                f"--deck {args.deck!r} is not a deck id (lower case a-z, 0-9, "
                "'.', '_', '-', starting with a letter or digit)"
            )
        _check_flags(args)
        _fill_missing(args)
        data = _build(args)
    except UsageError as exc:
        print(f"quizapp add: error: {exc}", file=sys.stderr)
        return 2
    try:
        return _write(args, data)
    except BankWriteError as exc:
        print(f"quizapp add: {exc.describe()}", file=sys.stderr)
        return 1


# --- fields ---------------------------------------------------------------------------------


def _check_flags(args: argparse.Namespace) -> None:
    for name, kinds in _ONLY_FOR.items():
        if getattr(args, name) not in (None, [], False) and args.kind not in kinds:
            flag = "--" + name.replace("_", "-")
            raise UsageError(f"{flag} is not used by {args.kind} cards")


def _missing(args: argparse.Namespace) -> list[str]:
    missing = []
    for name in _REQUIRED[args.kind]:
        if name == "input":
            if not args.input and not args.inputs_yaml:
                missing.append(name)
        elif not getattr(args, name):
            missing.append(name)
    return missing


def _fill_missing(args: argparse.Namespace) -> None:
    missing = _missing(args)
    if not missing:
        return
    if not sys.stdin.isatty():
        flags = ", ".join("--" + m for m in missing)
        raise UsageError(
            f"missing {flags} for a {args.kind} card (stdin is not a terminal, so "
            "nothing is asked; give them as options)"
        )
    ask = _Prompter()
    for name in missing:
        _PROMPTS[name](args, ask)


class _Prompter:
    """Reads answers from stdin, writing prompts to stdout."""

    def line(self, prompt: str, *, required: bool = True) -> str:
        while True:
            sys.stdout.write(prompt)
            sys.stdout.flush()
            raw = sys.stdin.readline()
            if not raw:
                raise UsageError("input ended before the card was complete")
            value = raw.rstrip("\r\n").strip()
            if value or not required:
                return value

    def lines(self, prompt: str, *, minimum: int = 1) -> list[str]:
        sys.stdout.write(prompt + " (one per line, an empty line to finish)\n")
        out: list[str] = []
        while True:
            value = self.line("> ", required=False)
            if not value:
                if len(out) >= minimum:
                    return out
                sys.stdout.write(f"at least {minimum} needed\n")
                continue
            out.append(value)

    def block(self, prompt: str) -> str:
        sys.stdout.write(prompt + " (an empty line to finish)\n")
        out: list[str] = []
        while True:
            sys.stdout.write("> ")
            sys.stdout.flush()
            raw = sys.stdin.readline()
            if not raw:
                raise UsageError("input ended before the card was complete")
            value = raw.rstrip("\r\n")
            if not value.strip():
                if out:
                    return "\n".join(out)
                continue
            out.append(value)


def _ask_input(args: argparse.Namespace, ask: _Prompter) -> None:
    from quizapp.interop.carddata import INPUT_SYNTAX

    sys.stdout.write(INPUT_SYNTAX + "\n")
    args.input = ask.lines("Inputs")


_PROMPTS: dict[str, Callable[[argparse.Namespace, _Prompter], None]] = {
    "front": lambda a, ask: setattr(a, "front", ask.line("Front (the question): ")),
    "back": lambda a, ask: setattr(a, "back", ask.block("Back (the answer)")),
    "text": lambda a, ask: setattr(
        a, "text", ask.line("Cloze text, e.g. 'Adam keeps an {{c1::moving average}}': ")
    ),
    "question": lambda a, ask: setattr(a, "question", ask.line("Question: ")),
    "option": lambda a, ask: setattr(a, "option", ask.lines("Options", minimum=2)),
    "correct": lambda a, ask: setattr(
        a,
        "correct",
        [ask.line("Correct option(s): number(s) like 1 or 1,3, or the option's text: ")],
    ),
    "step": lambda a, ask: setattr(a, "step", ask.lines("Steps in the correct order", minimum=3)),
    "solver": lambda a, ask: setattr(
        a, "solver", ask.line("Solver (`quizapp solvers` lists them): ")
    ),
    "input": _ask_input,
}


def _split_correct(values: list[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        parts = [p.strip() for p in value.split(",")]
        out += parts if all(p.isdigit() for p in parts) else [value]
    return out


def _build(args: argparse.Namespace) -> dict[str, Any]:
    from quizapp.interop.carddata import choice_options, make_card

    fields: dict[str, Any] = {}
    match args.kind:
        case "flashcard":
            fields = {"front": args.front, "back": args.back}
        case "cloze":
            fields = {"text": args.text, "accept": _accept(args.accept)}
        case "choice":
            try:
                options = choice_options(args.option, _split_correct(args.correct))
            except ValueError as exc:
                raise UsageError(str(exc)) from None
            fields = {"question": args.question, "options": options}
            if args.no_shuffle:
                fields["shuffle"] = False
        case "order":
            fields = {"question": args.question, "steps": list(args.step)}
        case "numeric":
            fields = _numeric_fields(args)
    tags = [t.strip() for value in args.tags for t in value.split(",") if t.strip()]
    return make_card(
        args.kind,
        fields,
        lang=args.lang,
        card_id=args.card_id,
        tags=tags,
        difficulty=args.difficulty,
        explanation=args.explanation,
        source=args.source,
    )


def _accept(values: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for value in values:
        name, eq, alts = value.partition("=")
        name = name.strip()
        if not eq or not name.startswith("c") or not name[1:].isdigit():
            raise UsageError(f"--accept {value!r}: expected cN=ALTERNATIVE|ALTERNATIVE")
        out.setdefault(name, []).extend(a.strip() for a in alts.split("|") if a.strip())
    return out


def _numeric_fields(args: argparse.Namespace) -> dict[str, Any]:
    from quizapp.interop.carddata import parse_input_spec

    inputs: dict[str, Any] = _inputs_yaml(args.inputs_yaml) if args.inputs_yaml else {}
    for spec in args.input:
        try:
            name, generator = parse_input_spec(spec)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        if name in inputs:
            raise UsageError(f"input {name!r} is given twice")
        inputs[name] = generator
    answer: dict[str, Any] = {"solver": args.solver, "args": _solver_args(args, inputs)}
    if args.tolerance:
        answer["tolerance"] = _tolerance(args.tolerance)
    return {
        "question": args.question,
        "inputs": inputs,
        "answer": answer,
        "solution": args.solution,
    }


def _inputs_yaml(value: str) -> dict[str, Any]:
    from quizapp.bank.yamlsafe import read_yaml

    where = Path(value[1:]) if value.startswith("@") else Path("--inputs-yaml")
    try:
        raw = where.read_bytes() if value.startswith("@") else value.encode("utf-8")
    except OSError as exc:
        raise UsageError(f"--inputs-yaml: cannot read {where}: {exc.strerror or exc}") from None
    doc, problems = read_yaml(where, raw)
    if doc is None or problems or not all(isinstance(v, dict) for v in doc.data.values()):
        detail = "; ".join(str(p) for p in problems) or "expected NAME: {type: ..., ...} lines"
        raise UsageError(f"--inputs-yaml is not a mapping of input generators: {detail}")
    return dict(doc.data)


def _tolerance(value: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in value.split(","):
        key, _, number = item.partition("=")
        try:
            if key.strip() not in ("abs", "rel"):
                raise ValueError
            out[key.strip()] = float(number)
        except ValueError:
            raise UsageError(f"--tolerance {value!r}: expected abs=X,rel=Y") from None
    return out


def _solver_args(args: argparse.Namespace, inputs: dict[str, Any]) -> dict[str, Any]:
    """``--arg`` values, then every other parameter of the solver named like an input."""
    import inspect

    from quizapp.interop.carddata import parse_scalar
    from solvers.registry import exists, get

    out: dict[str, Any] = {}
    for item in args.arg:
        param, eq, value = item.partition("=")
        if not eq or not param.strip():
            raise UsageError(f"--arg {item!r}: expected PARAM=VALUE")
        out[param.strip()] = parse_scalar(value.strip())
    if not exists(args.solver):
        return out  # the validator reports the unknown name, with a suggestion
    missing = []
    for p in inspect.signature(get(args.solver)).parameters.values():
        if p.name in out or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        if p.name in inputs:
            out[p.name] = p.name
        elif p.default is p.empty:
            missing.append(p.name)
    if missing:
        raise UsageError(
            f"solver {args.solver} needs {', '.join(missing)}: add an --input "
            "with that name, or --arg PARAM=INPUT_OR_NUMBER"
        )
    return out


# --- writing --------------------------------------------------------------------------------


def _write(args: argparse.Namespace, data: dict[str, Any]) -> int:
    from quizapp.bank.write import (
        BankWriteError,
        plan_append,
        taken_ids,
        user_bank_path,
        write,
    )

    path = user_bank_path(args.deck)
    plan = plan_append(path, [data], deck_id=args.deck, taken=taken_ids(args.bank))
    if args.kind == "numeric":
        problem = _try_numeric(plan.path, plan.new, plan.ids[0])
        if problem:
            raise BankWriteError(
                f"the card validates but computing an example fails: {problem}; nothing was written"
            )
    if args.dry_run:
        print(f"would add {plan.ids[0]} to {path}:\n{plan.added.strip(chr(10))}")
        return 0
    write(plan)
    print(f"added {plan.ids[0]} to {path}")
    return 0


def _try_numeric(path: Path, new: bytes, card_id: str) -> str | None:
    """Instantiate the new numeric card once (seed 0); the error message if it fails."""
    from quizapp.bank.loader import load_file
    from quizapp.grading.numeric import instantiate

    _, cards, _ = load_file(path, raw=new)
    card = next(c for c in cards if c.id == card_id)
    try:
        instantiate(card, 0)  # type: ignore[arg-type]
    except Exception as exc:  # a solver raising on these inputs: report, do not crash
        return f"{type(exc).__name__}: {exc}"
    return None
