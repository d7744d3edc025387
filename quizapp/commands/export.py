"""``quizapp export OUT [--format apkg|csv|yaml] [--deck D] [--lang en|zh|both]``: your cards out
to Anki (see :mod:`quizapp.interop.export`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quizapp.commands.options import common_options

_SUFFIXES = {".apkg": "apkg", ".csv": "csv", ".txt": "csv", ".yaml": "yaml", ".yml": "yaml"}


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``export`` subcommand."""
    p = subparsers.add_parser(
        "export",
        parents=[common_options()],
        help="export cards to an Anki package, CSV or YAML",
        description="Export cards (built-in and your own; --deck to choose) as an Anki package "
        "(.apkg: Basic and Cloze notes, re-exporting updates the same notes in Anki), an "
        "Anki-ready CSV, or YAML banks (one file per deck; OUT is a folder when several decks "
        "are exported). The Anki CSV keeps every text raw, as Anki's importer needs it: a cell "
        "beginning with = + - or @ runs as a formula if the file is opened in a spreadsheet; "
        "use --for-spreadsheet for that.",
    )
    p.add_argument("out", type=Path, metavar="OUT", help="the file (or folder, for YAML) to write")
    p.add_argument(
        "--format",
        choices=("apkg", "csv", "yaml"),
        help="default: from OUT's extension (.apkg, .csv, .yaml)",
    )
    p.add_argument(
        "--for-spreadsheet",
        action="store_true",
        help="write a plain CSV for Excel/LibreOffice/Sheets instead (a header row, no Anki "
        "lines); a cell beginning with = + - @, tab or CR gets a leading ' so it is shown as "
        "text, never run as a formula (OWASP's advice against CSV injection)",
    )
    p.add_argument(
        "--deck",
        action="append",
        metavar="D",
        help="export only this deck (repeatable; default: every deck)",
    )
    p.add_argument(
        "--lang",
        choices=("en", "zh", "both"),
        default="both",
        help="language of the exported texts (default: both)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Export; 0 on success, 1 if nothing could be written, 2 on a usage error."""
    from quizapp.commands.options import library
    from quizapp.interop.candidates import InteropError
    from quizapp.interop.export import export_cards

    fmt = args.format or ("csv" if args.for_spreadsheet else _SUFFIXES.get(args.out.suffix.lower()))
    if args.for_spreadsheet and fmt != "csv":
        print(f"quizapp export: error: --for-spreadsheet writes a CSV, not {fmt}", file=sys.stderr)
        return 2
    if fmt is None:
        print(
            "quizapp export: error: give --format apkg|csv|yaml (OUT has no known extension)",
            file=sys.stderr,
        )
        return 2
    lib = library(args)
    unknown = [d for d in args.deck or () if d not in lib.decks]
    if unknown:
        print(
            f"quizapp export: error: unknown deck(s): {', '.join(unknown)} (known: "
            f"{', '.join(sorted(lib.decks))})",
            file=sys.stderr,
        )
        return 2
    cards = [c for c in lib.cards.values() if not args.deck or c.deck in args.deck]
    try:
        result = export_cards(
            cards, lib.decks, args.out, fmt, args.lang, spreadsheet=args.for_spreadsheet
        )
    except InteropError as exc:
        print(f"quizapp export: error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # never a traceback
        print(f"quizapp export: unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(result.kinds.items()))
    for path in result.files:
        print(f"wrote {path}")
    print(f"exported {sum(result.kinds.values())} card(s): {kinds}")
    for note in result.notes:
        print(f"note: {note}")
    return 0
