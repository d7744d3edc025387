"""The card model: immutable, bilingual objects built by the loader from validated YAML.

Nothing here touches YAML, the database or the terminal. Every user-facing text is a
:class:`Text` holding English and/or Chinese; which one is shown is a view setting (``Lang``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Lang = Literal["en", "zh", "both"]
LANGS: tuple[str, ...] = ("en", "zh")
KINDS: tuple[str, ...] = ("flashcard", "cloze", "choice", "order", "numeric", "drill")


@dataclass(frozen=True, slots=True)
class Text:
    """A bilingual text. Either language may be missing in user banks (never both).

    ``get(lang)`` returns the text in ``lang``; when it is missing, the other language's text is
    returned prefixed with a visible marker such as ``[en] `` so the reader knows it is a fallback.
    ``get("both")`` returns English, a newline, then Chinese (only distinct ones).
    """

    en: str | None = None
    zh: str | None = None

    def get(self, lang: Lang | str) -> str:
        if lang == "both":
            parts = [p for p in (self.en, self.zh) if p]
            if len(parts) == 2 and parts[0] == parts[1]:
                parts = parts[:1]
            return "\n".join(parts)
        own = self.en if lang == "en" else self.zh
        if own:
            return own
        other_lang = "zh" if lang == "en" else "en"
        other = self.zh if lang == "en" else self.en
        return f"[{other_lang}] {other}" if other else ""

    def raw(self, lang: str) -> str | None:
        """The text in exactly ``lang`` (``en`` or ``zh``), or None; no fallback."""
        return self.en if lang == "en" else self.zh

    def items(self) -> list[tuple[str, str]]:
        """The (lang, text) pairs present, English first."""
        return [(lang, t) for lang, t in (("en", self.en), ("zh", self.zh)) if t]

    def to_data(self) -> dict[str, str]:
        """The YAML/JSON form: ``{"en": ..., "zh": ...}`` with missing languages left out."""
        return dict(self.items())


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a card was written: the bank file and the 1-based line and column of its entry."""

    path: Path
    line: int
    col: int
    builtin: bool


@dataclass(frozen=True, slots=True)
class Deck:
    """A deck groups cards; several files may contribute to one deck id."""

    id: str
    name: Text
    description: Text | None = None
    builtin: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Card:
    """Fields every card kind has. ``position`` is the card's order across all loaded banks
    (built-ins first, then user banks), which is the order new cards are introduced in."""

    id: str
    kind: str
    deck: str
    tags: tuple[str, ...] = ()
    difficulty: int = 3
    explanation: Text | None = None
    source: str | None = None
    origin: Origin | None = None
    position: int = 0

    def texts(self) -> list[Text]:
        """Every user-facing text of the card (used by search and content lint)."""
        out: list[Text] = []
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if isinstance(value, Text):
                out.append(value)
            elif isinstance(value, tuple):
                out.extend(v for v in value if isinstance(v, Text))
                out.extend(v.text for v in value if isinstance(v, ChoiceOption))
        return out

    @property
    def prompt(self) -> Text:
        """The text that asks the question (front, cloze text, question or statement)."""
        raise NotImplementedError


@dataclass(frozen=True, slots=True, kw_only=True)
class Flashcard(Card):
    """A self-rated question. ``points`` are the key points a full answer covers (empty when
    the author gave none); a mock interview scores the share of them the user covered."""

    front: Text
    back: Text
    points: tuple[Text, ...] = ()

    @property
    def prompt(self) -> Text:
        return self.front


@dataclass(frozen=True, slots=True, kw_only=True)
class Cloze(Card):
    """``text`` holds ``{{cN::answer}}`` / ``{{cN::answer::hint}}`` deletions in each language;
    ``accept`` maps a deletion name (``c1``) to extra accepted answers."""

    text: Text
    accept: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def prompt(self) -> Text:
        return self.text


@dataclass(frozen=True, slots=True)
class ChoiceOption:
    text: Text
    correct: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Choice(Card):
    question: Text
    options: tuple[ChoiceOption, ...]
    shuffle: bool = True

    @property
    def prompt(self) -> Text:
        return self.question

    @property
    def multiple(self) -> bool:
        """True when more than one option is correct ("select all that apply")."""
        return sum(o.correct for o in self.options) > 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Order(Card):
    """``steps`` are in the correct order; they are shown shuffled."""

    question: Text
    steps: tuple[Text, ...]

    @property
    def prompt(self) -> Text:
        return self.question


@dataclass(frozen=True, slots=True)
class SolverCall:
    """A call of a registered solver: ``args`` maps the solver's parameter names to the name of
    an input (a ``str``) or to a literal value."""

    solver: str
    args: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Mistake:
    """A named wrong answer: when the user's answer matches ``call``'s value, show ``label``."""

    id: str
    label: Text
    call: SolverCall


@dataclass(frozen=True, slots=True, kw_only=True)
class Numeric(Card):
    """A calculation with fresh inputs each review. ``inputs`` maps names to generator specs
    (plain dicts, see docs/bank-format.md) in generation order."""

    question: Text
    inputs: dict[str, dict[str, Any]]
    answer: SolverCall
    abs_tol: float = 1e-6
    rel_tol: float = 1e-6
    mistakes: tuple[Mistake, ...] = ()
    solution: Text | None = None

    @property
    def prompt(self) -> Text:
        return self.question


@dataclass(frozen=True, slots=True, kw_only=True)
class Drill(Card):
    """Write ``function``; graded in the sandbox against ``solver`` on generated and fixed cases.

    The function is called with its parameters (from ``signature``) taken from each case: a fixed
    case gives them directly; a random case draws ``case_inputs`` and maps them with
    ``case_args`` (parameter -> input name, list of input names, or literal; default: the input
    of the same name). The solver gets the same arguments by name plus ``solver_args``;
    ``output`` picks items of a tuple result (indexes or field names; empty = the whole result).
    ``compare`` is one comparator or a list of them, one per item of a tuple result. A
    ``mistakes`` entry whose value the submission returns on a failing case is named in the
    feedback. ``solution`` is the reference solution's code, shown on request.
    """

    title: Text
    statement: Text
    function: str
    signature: str
    starter: str
    solver: str
    hints: tuple[Text, ...] = ()
    case_inputs: dict[str, dict[str, Any]] = field(default_factory=dict)
    case_args: dict[str, Any] = field(default_factory=dict)
    random_cases: int = 10
    fixed_cases: tuple[dict[str, Any], ...] = ()
    solver_args: dict[str, Any] = field(default_factory=dict)
    output: tuple[int | str, ...] = ()
    compare: dict[str, Any] | list[dict[str, Any]] = field(
        default_factory=lambda: {"type": "allclose"}
    )
    time_limit: float = 2.0
    mistakes: tuple[Mistake, ...] = ()
    solution: str | None = None

    @property
    def prompt(self) -> Text:
        return self.statement


CARD_CLASSES: dict[str, type[Card]] = {
    "flashcard": Flashcard,
    "cloze": Cloze,
    "choice": Choice,
    "order": Order,
    "numeric": Numeric,
    "drill": Drill,
}
