"""``quizapp show ID``: one card, rendered as the user would see it, with its answer."""

from __future__ import annotations

import argparse
from typing import Any

from quizapp.commands.options import add_lang, common_options


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``show`` subcommand."""
    p = subparsers.add_parser(
        "show",
        parents=[common_options()],
        help="show one card with its answer",
        description="Show a card as studied, then its answer. For numeric cards, --seed picks "
        "the inputs (every review's seed is in the review log).",
    )
    p.add_argument("id", help="the card id")
    p.add_argument("--seed", type=int, default=0, help="inputs of numeric cards (default 0)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    add_lang(p, default="both")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the card; exit 1 if the id is unknown."""
    import difflib
    import json
    import sys

    from quizapp import render
    from quizapp.commands.options import library

    lib = library(args)
    card = lib.cards.get(args.id)
    if card is None:
        hint = difflib.get_close_matches(args.id, list(lib.cards), n=3)
        print(
            f"no card with id '{args.id}'"
            + (f"; did you mean: {', '.join(hint)}?" if hint else ""),
            file=sys.stderr,
        )
        return 1
    data: dict[str, object] = {
        "id": card.id,
        "deck": card.deck,
        "kind": card.kind,
        "tags": list(card.tags),
        "difficulty": card.difficulty,
    }
    if card.origin:
        data["origin"] = f"{card.origin.path}:{card.origin.line}"
    instance = None
    if card.kind == "numeric":
        from quizapp.grading import numeric

        instance = numeric.instantiate(card, args.seed)  # type: ignore[arg-type]
        data["seed"] = args.seed
        data["instance"] = instance.to_data()
    if args.json:
        if instance is None:
            data["texts"] = [t.to_data() for t in card.texts()]
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        return 0
    print(f"{card.id}  [{card.deck} · {card.kind} · {', '.join(card.tags)}]")
    if card.origin:
        print(f"  {card.origin.path}:{card.origin.line}")
    print()
    if instance is not None:
        print(numeric.render(instance, args.lang))
        return 0
    print(render.question(card, args.lang))
    print("\n---")
    print(render.text(_answer(card), args.lang))
    if card.explanation:
        print()
        print(render.text(card.explanation, args.lang))
    return 0


def _answer(card: object) -> Any:
    from quizapp.bank.model import Choice, Cloze, Drill, Flashcard, Order, Text
    from quizapp.grading import cloze, order

    match card:
        case Flashcard():
            return card.back
        case Cloze():
            return cloze.expected_text(card)
        case Choice():
            right = [o.text for o in card.options if o.correct]
            return Text(
                **{lang: "\n".join("✓ " + t.get(lang) for t in right) for lang in ("en", "zh")}
            )
        case Order():
            return order.check(
                card, tuple(range(len(card.steps))), list(range(len(card.steps)))
            ).expected
        case Drill():
            return Text(en=card.signature)
    return Text(en="")
