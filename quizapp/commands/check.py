"""``quizapp check CARD_ID ANSWER...``: check answers against one card exactly as a study session
would (``Study.present`` with the seed, then ``Study.check``), without recording anything."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from quizapp.commands.options import add_lang, common_options

if TYPE_CHECKING:
    from quizapp.bank.loader import Library
    from quizapp.bank.model import Card, Text


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``check`` subcommand."""
    p = subparsers.add_parser(
        "check",
        parents=[common_options()],
        help="check answers against one card as a study session would",
        description="Check each ANSWER against the card and print the verdict: right or wrong, "
        "why (sign flipped, off by a power of ten, a known confusion …) and the expected "
        "answer. Nothing is recorded. A cloze with several blanks takes one ANSWER with the "
        "blanks separated by ';'. Put answers that begin with '-' after '--'. Exit status 0 "
        "if every answer is accepted, 1 otherwise.",
    )
    p.add_argument("id", metavar="CARD_ID", help="the card id")
    p.add_argument("answers", nargs="+", metavar="ANSWER", help="an answer, as typed")
    p.add_argument(
        "--seed",
        type=int,
        default=0,
        help="the presentation: numeric inputs, option and step order (default 0)",
    )
    p.add_argument("--json", action="store_true", help="one JSON object per answer, in a list")
    add_lang(p, default="both")
    p.set_defaults(func=run)


def find_card(lib: Library, card_id: str) -> Card | None:
    """The card with ``card_id``, or None after printing a one-line error with close ids."""
    import difflib
    import sys

    card = lib.cards.get(card_id)
    if card is None:
        hint = difflib.get_close_matches(card_id, list(lib.cards), n=3)
        print(
            f"no card with id '{card_id}'"
            + (f"; did you mean: {', '.join(hint)}?" if hint else ""),
            file=sys.stderr,
        )
    return card


def _shown(text: Text | None, lang: str) -> Any:
    """A text for JSON: a string in ``en``/``zh``, ``{"en", "zh"}`` for ``both``."""
    if text is None:
        return None
    return text.to_data() if lang == "both" else text.get(lang)


def run(args: argparse.Namespace) -> int:
    """Print each answer's verdict; 0 if all were accepted, 1 otherwise (or unknown card)."""
    import json
    import sys

    from quizapp import render
    from quizapp.commands.options import library
    from quizapp.grading.verdict import AnswerError
    from quizapp.store import Store
    from quizapp.study import Study

    lib = library(args)
    card = find_card(lib, args.id)
    if card is None:
        return 1
    if card.kind in ("flashcard", "drill"):
        how = "they are self-rated" if card.kind == "flashcard" else "use `quizapp drill check`"
        print(f"{card.id} is a {card.kind}: {card.kind}s are not checked here ({how})")
        return 1
    store = Store.open("sqlite://")  # an empty in-memory database: nothing is recorded
    try:
        study = Study(store, lib)
        presented = study.present(card, seed=args.seed)
        results: list[dict[str, Any]] = []
        lines: list[str] = []
        for answer in args.answers:
            try:
                verdict = study.check(presented, answer)
            except AnswerError as exc:  # not an answer: a session would ask again
                results.append(
                    {
                        "card": card.id,
                        "answer": answer,
                        "correct": None,
                        "expected": None,
                        "diagnosis": _shown(exc.message, args.lang),
                    }
                )
                lines.append(f"> {answer}\n? {render.text(exc.message, args.lang)}")
                continue
            results.append(
                {
                    "card": card.id,
                    "answer": answer,
                    "correct": verdict.correct,
                    "expected": _shown(verdict.expected, args.lang),
                    "diagnosis": _shown(verdict.diagnosis, args.lang),
                }
            )
            lines.append(f"> {answer}\n{render.verdict(verdict, args.lang)}")
        if args.json:
            print(json.dumps(results, ensure_ascii=False, indent=2))
        else:
            instance_q = study.instance(presented).question if card.kind == "numeric" else None
            print(f"{card.id}  (seed {args.seed})")
            print(
                render.question(
                    card, args.lang, order=presented.order, instance_question=instance_q
                )
            )
            for line in lines:
                print()
                print(line)
        sys.stdout.flush()
    finally:
        store.close()
    return 0 if all(r["correct"] for r in results) else 1
