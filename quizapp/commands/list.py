"""``quizapp list``: the cards, filtered by deck and kind, as text or JSON."""

from __future__ import annotations

import argparse

from quizapp.commands.options import add_lang, common_options


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``list`` subcommand."""
    p = subparsers.add_parser("list", parents=[common_options()], help="list the cards")
    p.add_argument("--deck", action="append", default=[], help="only this deck (repeatable)")
    p.add_argument("--kind", action="append", default=[], help="only this kind (repeatable)")
    p.add_argument("--tag", action="append", default=[], help="only cards with this tag")
    p.add_argument("--json", action="store_true", help="JSON lines: one card per line")
    add_lang(p, default="en")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print one line per card: id, deck, kind and the prompt's first line."""
    import json

    from quizapp import render
    from quizapp.commands.options import library

    lib = library(args)
    for card in lib.cards.values():
        if args.deck and card.deck not in args.deck:
            continue
        if args.kind and card.kind not in args.kind:
            continue
        if args.tag and not set(args.tag) & set(card.tags):
            continue
        if args.json:
            print(
                json.dumps(
                    {
                        "id": card.id,
                        "deck": card.deck,
                        "kind": card.kind,
                        "tags": list(card.tags),
                        "difficulty": card.difficulty,
                        "prompt": card.prompt.to_data(),
                    },
                    ensure_ascii=False,
                )
            )
        else:
            first = render.text(card.prompt, args.lang).split("\n", 1)[0]
            print(f"{card.id}\t{card.deck}\t{card.kind}\t{first[:80]}")
    return 0
