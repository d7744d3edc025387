"""What an importer reads out of a file: card candidates, the parts it did not understand, and the
errors that stop an import. Readers (:mod:`.notes`, :mod:`.csvfile`, :mod:`.anki`) produce a
:class:`Parsed`; :mod:`.importing` turns candidates into cards."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


class InteropError(Exception):
    """A file cannot be imported or exported at all (unreadable, wrong format, corrupt …).
    ``str(error)`` is a complete message for the user; nothing has been written."""


@dataclass
class Candidate:
    """One card read from a source, before it gets an id.

    ``kind`` is ``flashcard`` (``fields``: ``front``, ``back``) or ``cloze`` (``fields``:
    ``text``); texts are plain (no HTML), math as ``$...$``, all in language ``lang``. ``key`` is
    the stable identity in the source (an Anki note guid, or the normalized front text), from
    which the card id is derived so a re-import finds it again. ``where`` locates it for reports
    (``line 12``, ``note 1795791627222``)."""

    kind: str
    fields: dict[str, str]
    lang: str
    key: str
    where: str
    line: int | None = None
    tags: list[str] = field(default_factory=list)
    explanation: str | None = None
    source: str | None = None
    deck: str | None = None
    deck_name: str | None = None
    card_id: str | None = None
    difficulty: int | None = None
    #: the source's review history of this card (Anki packages exported with scheduling):
    #: ``(reviewed_at, rating 1-4, duration_ms)``, oldest first, already filtered as Anki's
    #: FSRS filters it (see :mod:`quizapp.memory.revlog`)
    history: tuple[tuple[datetime, int, int], ...] = ()

    @property
    def prompt(self) -> str:
        """The front (or cloze text)."""
        return self.fields.get("front") or self.fields.get("text") or ""


@dataclass
class Rejected:
    """Something in the source that did not become a card, and why."""

    where: str
    text: str
    reason: str
    line: int | None = None


@dataclass
class Parsed:
    """The result of reading one file. ``default_deck`` is the deck id used for candidates
    without their own ``deck`` when ``--deck`` is not given (the file stem, slugified);
    ``media`` counts media references that were skipped; ``info`` holds notes for the report."""

    format: str
    default_deck: str
    candidates: list[Candidate] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    media: int = 0
    info: list[str] = field(default_factory=list)
