"""``quizapp schema``: print the JSON Schema of the bank format for editors."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``schema`` subcommand."""
    p = subparsers.add_parser(
        "schema",
        help="print the JSON Schema of bank files",
        description="Print the JSON Schema (draft 2020-12) of bank "
        "format v1; save it and point your editor's YAML support at it.",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the schema as indented JSON."""
    import json

    from quizapp.bank.schema import bank_schema

    print(json.dumps(bank_schema(), indent=2, ensure_ascii=False))
    return 0
