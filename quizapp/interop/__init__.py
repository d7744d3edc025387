"""Interop: getting cards in and out of quizapp.

- :mod:`quizapp.bank.write` appends cards to a user bank without touching a byte of what is
  already there (used by ``quizapp add``, the importers and the TUI's add-card form).
- :mod:`.carddata` builds the YAML shape of one card, from plain values or from a model card.
- :mod:`.notes`, :mod:`.csvfile` and :mod:`.anki` read Markdown/plain notes, CSV/TSV (with Anki's
  ``#key:value`` header lines) and Anki packages into import candidates; :mod:`.importing` turns
  candidates into cards (stable ids, duplicates, validation) and writes them.
- :mod:`.export` writes cards as an Anki package, CSV or YAML.
- :mod:`.text` holds the small text helpers they share (HTML to text, CJK detection, math
  delimiters, slugs).

Nothing here imports NumPy at module level.
"""
