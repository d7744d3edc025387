"""SQLAlchemy 2.0 ORM classes mapped onto the Core tables of :mod:`quizapp.store.tables` (the
current schema; ``migrations.py`` builds it step by step).

The store itself works on Core and never imports this module on its own paths (importing the
ORM costs ~0.1 s at start-up); it is here for ad-hoc ORM queries (``Store.session``) and for
code that wants typed rows. The tables are defined once, in ``tables.py``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import DeclarativeBase, Mapped

from quizapp.store import tables
from quizapp.store.tables import UTCDateTime

__all__ = [
    "Base",
    "CardMark",
    "CardState",
    "DrillCode",
    "ReviewLog",
    "SchemaVersion",
    "Setting",
    "StoreMeta",
    "UTCDateTime",
]


class Base(DeclarativeBase):
    metadata = tables.metadata


class CardState(Base):
    """FSRS state of a card that has been reviewed at least once (no row = new card)."""

    __table__ = tables.card_state

    card_id: Mapped[str]
    state: Mapped[int]  # fsrs.State: 1 learning, 2 review, 3 relearning
    step: Mapped[int | None]
    stability: Mapped[float | None]
    difficulty: Mapped[float | None]
    due: Mapped[datetime]
    last_review: Mapped[datetime | None]


class CardMark(Base):
    """What the user did to a card besides reviewing it: suspend, bury until, flag."""

    __table__ = tables.card_mark

    card_id: Mapped[str]
    suspended: Mapped[bool]
    buried_until: Mapped[datetime | None]
    flagged: Mapped[bool]


class ReviewLog(Base):
    """One answer. ``prev_state`` is the card's FSRS state before it (JSON; NULL when the card
    was new), so undo restores it exactly."""

    __table__ = tables.review_log

    id: Mapped[int]
    card_id: Mapped[str]
    reviewed_at: Mapped[datetime]
    rating: Mapped[int]  # 1 again, 2 hard, 3 good, 4 easy
    duration_ms: Mapped[int | None]
    answer: Mapped[str | None]
    correct: Mapped[bool | None]
    lang: Mapped[str]
    prev_state: Mapped[str | None]
    seed: Mapped[int | None]  # inputs of numeric cards and drills


class Setting(Base):
    __table__ = tables.settings

    key: Mapped[str]
    value: Mapped[str]  # JSON


class DrillCode(Base):
    """The user's latest code for a drill, so it resumes where it was left."""

    __table__ = tables.drill_code

    card_id: Mapped[str]
    code: Mapped[str]
    updated_at: Mapped[datetime]


class StoreMeta(Base):
    """The store's own bookkeeping (see :data:`quizapp.store.tables.store_meta`)."""

    __table__ = tables.store_meta

    key: Mapped[str]
    number: Mapped[int | None]
    data: Mapped[str | None]


class SchemaVersion(Base):
    __table__ = tables.schema_version

    version: Mapped[int]
