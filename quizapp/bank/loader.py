"""Loading bank files into a :class:`Library` of immutable cards, reporting every problem.

Pipeline per file: read (:mod:`yamlsafe`) -> schema (:mod:`validate`) -> build cards and run the
checks a schema cannot express (:mod:`checks`). Then across files: duplicate ids. A file with a
syntax error contributes nothing; a card with a problem is left out while the rest of its file
loads, so one typo never locks a user out of studying. ``quizapp validate`` reports everything.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp import paths
from quizapp.bank.model import (
    CARD_CLASSES,
    Card,
    ChoiceOption,
    Deck,
    Mistake,
    Origin,
    SolverCall,
    Text,
)
from quizapp.bank.problems import Problem

# Parsing needs YAML, the schema and the checks; a library read from the cache of parsed banks
# needs none of them, so they are imported where a file is parsed (start-up time).
if TYPE_CHECKING:
    from quizapp.bank.validate import Path_, SchemaValidator
    from quizapp.bank.yamlsafe import Document

_validator: SchemaValidator | None = None


def _schema_validator() -> SchemaValidator:
    global _validator
    if _validator is None:
        from quizapp.bank.schema import bank_schema
        from quizapp.bank.validate import SchemaValidator

        _validator = SchemaValidator(bank_schema())
    return _validator


@dataclass
class Library:
    """Every loaded card by id (in introduction order, which is ascending ``position``), the
    decks, and the problems found."""

    cards: dict[str, Card] = field(default_factory=dict)
    decks: dict[str, Deck] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    _memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def _memoized(self, name: str, compute: Callable[[], Any]) -> Any:
        """A value derived from the card ids, kept until cards are added or removed."""
        key = (len(self.cards), next(reversed(self.cards), None))
        if self._memo.get("") != key:
            self._memo.clear()
            self._memo[""] = key
        if name not in self._memo:
            self._memo[name] = compute()
        return self._memo[name]

    def order(self) -> list[str]:
        """The card ids in introduction order (a shared list: do not modify it)."""
        return self._memoized("order", lambda: list(self.cards))  # type: ignore[no-any-return]

    def sorted_ids(self) -> list[str]:
        """The card ids in ascending order (a shared list: do not modify it)."""
        return self._memoized("sorted", lambda: sorted(self.cards))  # type: ignore[no-any-return]

    def ids_by_deck(self) -> dict[str, list[str]]:
        """The card ids of each deck, in introduction order (shared lists: do not modify)."""

        def group() -> dict[str, list[str]]:
            groups: dict[str, list[str]] = {}
            for card_id, card in self.cards.items():
                groups.setdefault(card.deck, []).append(card_id)
            return groups

        return self._memoized("decks", group)  # type: ignore[no-any-return]

    def prefix_digest(self, length: int) -> str:
        """A digest of the first ``length`` card ids in introduction order: two libraries
        whose first ``length`` ids are the same, in the same order, have the same digest."""
        memo: dict[int, Any] = self._memoized("digests", dict)
        if length not in memo:
            order = self.order()
            done = max((n for n in memo if n <= length), default=0)
            hasher = memo[done].copy() if done else hashlib.blake2b(digest_size=16)
            if length > done:
                hasher.update(("\n".join(order[done:length]) + "\n").encode())
            memo[length] = hasher
        return memo[length].hexdigest()  # type: ignore[no-any-return]

    @property
    def tags(self) -> list[str]:
        """Every tag used, sorted."""
        return sorted({t for c in self.cards.values() for t in c.tags})


class _FileBuilder:
    """Builds the cards of one validated document, collecting problems with their positions."""

    def __init__(self, doc: Document, builtin: bool, problems: list[Problem]) -> None:
        self.doc = doc
        self.builtin = builtin
        self.problems = problems
        deck = doc.data.get("deck") or {}
        self.language: str = deck.get("language", "en")
        self.card_ok = True

    def problem(self, path: Path_, message: str) -> None:
        line, col = self.doc.mark(path)
        self.problems.append(Problem(self.doc.path, line, col, message))
        self.card_ok = False

    def text(self, value: Any, path: Path_) -> Text:
        if isinstance(value, str):
            result = Text(**{self.language: value})
        else:
            result = Text(en=value.get("en"), zh=value.get("zh"))
        if self.builtin and (not result.en or not result.zh):
            missing = "zh" if result.en else "en"
            self.problem(path, f"built-in banks need both languages: '{missing}' is missing")
        return result

    def deck(self) -> Deck:
        data = self.doc.data.get("deck") or {}
        deck_id = data.get("id") or self.doc.path.stem.lower()
        name = self.text(data["name"], ("deck", "name")) if "name" in data else Text(en=deck_id)
        desc = data.get("description")
        return Deck(
            id=deck_id,
            name=name,
            description=self.text(desc, ("deck", "description")) if desc else None,
            builtin=self.builtin,
        )

    def card(self, data: dict[str, Any], index: int, deck_id: str, position: int) -> Card | None:
        self.card_ok = True
        path: Path_ = ("cards", index)
        kind = data["kind"]
        common: dict[str, Any] = {
            "id": data["id"],
            "kind": kind,
            "deck": deck_id,
            "tags": tuple(data.get("tags", ())),
            "difficulty": data.get("difficulty", 3),
            "explanation": self.text(data["explanation"], (*path, "explanation"))
            if "explanation" in data
            else None,
            "source": data.get("source"),
            "origin": Origin(self.doc.path, *self.doc.mark(path), self.builtin),
            "position": position,
        }
        fields = getattr(self, f"_{kind}")(data, path)
        if fields is None:
            return None
        from quizapp.bank import checks

        for problem in checks.check_card(kind, data, fields):
            self.problem((*path, *problem[0]), problem[1])
        if not self.card_ok:
            return None
        return CARD_CLASSES[kind](**common, **fields)

    def _flashcard(self, d: dict[str, Any], p: Path_) -> dict[str, Any]:
        return {
            "front": self.text(d["front"], (*p, "front")),
            "back": self.text(d["back"], (*p, "back")),
            "points": tuple(
                self.text(t, (*p, "points", i)) for i, t in enumerate(d.get("points") or ())
            ),
        }

    def _cloze(self, d: dict[str, Any], p: Path_) -> dict[str, Any]:
        accept = {k: tuple(v) for k, v in (d.get("accept") or {}).items()}
        return {"text": self.text(d["text"], (*p, "text")), "accept": accept}

    def _choice(self, d: dict[str, Any], p: Path_) -> dict[str, Any]:
        options = tuple(
            ChoiceOption(
                self.text(o["text"], (*p, "options", i, "text")), bool(o.get("correct", False))
            )
            for i, o in enumerate(d["options"])
        )
        return {
            "question": self.text(d["question"], (*p, "question")),
            "options": options,
            "shuffle": d.get("shuffle", True),
        }

    def _order(self, d: dict[str, Any], p: Path_) -> dict[str, Any]:
        steps = tuple(self.text(s, (*p, "steps", i)) for i, s in enumerate(d["steps"]))
        return {"question": self.text(d["question"], (*p, "question")), "steps": steps}

    def _numeric(self, d: dict[str, Any], p: Path_) -> dict[str, Any]:
        answer = d["answer"]
        tol = answer.get("tolerance") or {}
        mistakes = self._mistakes(d, p)
        fields: dict[str, Any] = {
            "question": self.text(d["question"], (*p, "question")),
            "inputs": dict(d["inputs"]),
            "answer": SolverCall(answer["solver"], dict(answer.get("args") or {})),
            "mistakes": mistakes,
            "solution": self.text(d["solution"], (*p, "solution")) if "solution" in d else None,
        }
        if "abs" in tol:
            fields["abs_tol"] = float(tol["abs"])
        if "rel" in tol:
            fields["rel_tol"] = float(tol["rel"])
        return fields

    def _mistakes(self, d: dict[str, Any], p: Path_) -> tuple[Mistake, ...]:
        return tuple(
            Mistake(
                m["id"],
                self.text(m["label"], (*p, "mistakes", i, "label")),
                SolverCall(m["solver"], dict(m.get("args") or {})),
            )
            for i, m in enumerate(d.get("mistakes") or ())
        )

    def _drill(self, d: dict[str, Any], p: Path_) -> dict[str, Any]:
        cases = d["cases"]
        fields: dict[str, Any] = {
            "title": self.text(d["title"], (*p, "title")),
            "statement": self.text(d["statement"], (*p, "statement")),
            "function": d["function"],
            "signature": d["signature"],
            "starter": d["starter"],
            "solver": d["solver"],
            "hints": tuple(
                self.text(h, (*p, "hints", i)) for i, h in enumerate(d.get("hints") or ())
            ),
            "case_inputs": dict(cases.get("inputs") or {}),
            "case_args": dict(cases.get("args") or {}),
            "random_cases": cases.get("random", 10),
            "fixed_cases": tuple(cases.get("fixed") or ()),
            "solver_args": dict(d.get("solver_args") or {}),
            "output": tuple(d.get("output") or ()),
            "mistakes": self._mistakes(d, p),
            "solution": d.get("solution"),
        }
        if "compare" in d:
            fields["compare"] = d["compare"]
        if "time_limit" in d:
            fields["time_limit"] = float(d["time_limit"])
        return fields


def load_file(
    path: Path, *, builtin: bool = False, raw: bytes | None = None, start: int = 0
) -> tuple[Deck | None, list[Card], list[Problem]]:
    """Load one bank file: its deck, the cards without problems, and every problem found.

    Cards get ``position = start + index in the file``, their order of introduction.
    """
    from quizapp.bank.yamlsafe import read_yaml

    doc, problems = read_yaml(path, raw)
    if doc is None:
        return None, [], problems
    bad_cards: set[int] = {_card_index(doc, p) for p in problems}

    def report(p: Path_, message: str) -> None:
        if len(p) >= 2 and p[0] == "cards" and isinstance(p[1], int):
            bad_cards.add(p[1])
        elif p[:1] == ("cards",) or not p or p[0] in ("deck", "format"):
            bad_cards.add(-1)  # a file-level problem: nothing of this file loads
        line, col = doc.mark(p)
        problems.append(Problem(path, line, col, message))

    _schema_validator().validate(doc.data, report)
    if -1 in bad_cards or not isinstance(doc.data.get("cards"), list):
        return None, [], problems
    builder = _FileBuilder(doc, builtin, problems)
    deck = builder.deck()
    cards: list[Card] = []
    for index, data in enumerate(doc.data["cards"]):
        if index in bad_cards:
            continue
        card = builder.card(data, index, deck.id, start + index)
        if card is not None:
            cards.append(card)
    return deck, cards, problems


def load_file_cached(
    path: Path, *, builtin: bool = False, start: int = 0
) -> tuple[Deck | None, list[Card], list[Problem]]:
    """:func:`load_file` through the cache of parsed banks (:mod:`quizapp.bank.cache`): an
    unchanged file is not parsed again. Same result, problems included."""
    from quizapp.bank import cache
    from quizapp.bank.files import FileRefused, read_file_bytes

    try:
        raw = read_file_bytes(path)
    except (OSError, FileRefused):
        return load_file(path, builtin=builtin, start=start)  # reports why it cannot be read
    loaded = cache.load(path, raw, builtin)
    if loaded is None:
        loaded = load_file(path, builtin=builtin, raw=raw)
        cache.store(path, raw, builtin, loaded)
    if start:
        for card in loaded[1]:
            object.__setattr__(card, "position", start + card.position)  # frozen: rebased
    return loaded


def _card_index(doc: Document, problem: Problem) -> int:
    """The index of the card a problem is in (by line), or -1 for the file's header."""
    cards = next((v for k, v in doc.root.value if k.value == "cards"), None)
    if cards is None or not hasattr(cards, "value") or not isinstance(cards.value, list):
        return -1
    index = -1
    for i, node in enumerate(cards.value):
        if node.start_mark.line + 1 <= problem.line:
            index = i
    return index


def bank_files(
    extra: Iterable[Path] = (), *, include_builtin: bool = True, include_user: bool = True
) -> list[tuple[Path, bool]]:
    """The bank files to load, as ``(path, builtin)``: built-ins (``content/*/*.yaml``), then
    ``$QUIZAPP_HOME/banks/*.yaml``, then each extra path (a file, or a folder searched
    recursively for ``*.yaml``/``*.yml``)."""
    files: list[tuple[Path, bool]] = []
    if include_builtin:
        files += [(f, True) for f in paths.builtin_bank_files()]
    if include_user:
        user_dir = paths.user_banks_dir()
        if user_dir.is_dir():
            files += [(f, False) for f in sorted(user_dir.glob("*.y*ml"))]
    for item in extra:
        if item.is_dir():
            files += [(f, False) for f in sorted(item.rglob("*.y*ml"))]
        else:
            files.append((item, False))
    seen: set[Path] = set()
    unique = []
    for f, builtin in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append((f, builtin))
    return unique


def load_library(
    extra: Sequence[Path] = (), *, include_builtin: bool = True, include_user: bool = True
) -> Library:
    """Load every bank (see :func:`bank_files`) into one library.

    A card id defined twice is reported at both places; the first definition is kept.
    """
    library = Library()
    where: dict[str, Card] = {}
    position = 0
    for path, builtin in bank_files(
        extra, include_builtin=include_builtin, include_user=include_user
    ):
        deck, cards, problems = load_file_cached(path, builtin=builtin, start=position)
        position += 1_000_000
        library.files.append(path)
        library.problems += problems
        if deck is None:
            continue
        known = library.decks.get(deck.id)
        if known is None or (known.name.en == deck.id and deck.name.en != deck.id):
            library.decks[deck.id] = deck
        for card in cards:
            first = where.get(card.id)
            if first is not None:
                from quizapp.bank import checks

                library.problems += checks.duplicate_id_problems(first, card)
                continue
            where[card.id] = card
            library.cards[card.id] = card
    library.problems.sort()
    return library
