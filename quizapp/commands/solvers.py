"""``quizapp solvers [PREFIX]``: list the solver registry — the names banks may use."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``solvers`` subcommand."""
    p = subparsers.add_parser(
        "solvers",
        help="list the solvers numeric cards and drills can name",
        description="List the registered solvers with the first line of their documentation. "
        "Families: losses, gradients, kmeans, pca (reference solvers), mistakes (values of "
        "common wrong answers), helpers (derived inputs), explain (worked solutions).",
    )
    p.add_argument(
        "prefix",
        nargs="?",
        default="",
        help="only names starting with this, e.g. 'losses' or 'mistakes.huber'",
    )
    p.add_argument(
        "--json", action="store_true", help="print a JSON object {name: summary} instead of a table"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print ``name  summary`` per solver (sorted); 1 if nothing matches the prefix."""
    from solvers.registry import names, summary

    selected = [n for n in names() if n.startswith(args.prefix)]
    if not selected:
        print(f"no solver name starts with {args.prefix!r}")
        return 1
    rows = {n: summary(n) for n in selected}
    if args.json:
        import json

        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    width = max(len(n) for n in rows)
    for name, line in rows.items():
        print(f"{name:<{width}}  {line}")
    return 0
