"""SQLAlchemy 2.0 ORM models: the current schema (``migrations.py`` builds it step by step).

The database holds only what belongs to the user: scheduling state and marks per card id, the
review log, settings and drill code. Card text lives in the banks. Times are stored as naive UTC
and returned as aware UTC datetimes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Boolean, DateTime, Float, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime, stored naive (portable across SQLite and server databases)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use aware UTC times")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


class CardState(Base):
    """FSRS state of a card that has been reviewed at least once (no row = new card)."""

    __tablename__ = "card_state"

    card_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    state: Mapped[int] = mapped_column(Integer)  # fsrs.State: 1 learning, 2 review, 3 relearning
    step: Mapped[int | None] = mapped_column(Integer)
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CardMark(Base):
    """What the user did to a card besides reviewing it: suspend, bury until, flag."""

    __tablename__ = "card_mark"

    card_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    buried_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)


class ReviewLog(Base):
    """One answer. ``prev_state`` is the card's FSRS state before it (JSON; NULL when the card
    was new), so undo restores it exactly."""

    __tablename__ = "review_log"
    __table_args__ = (Index("ix_review_log_card_time", "card_id", "reviewed_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    card_id: Mapped[str] = mapped_column(String(200))
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    rating: Mapped[int] = mapped_column(Integer)  # 1 again, 2 hard, 3 good, 4 easy
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    answer: Mapped[str | None] = mapped_column(Text)
    correct: Mapped[bool | None] = mapped_column(Boolean)
    lang: Mapped[str] = mapped_column(String(8))
    prev_state: Mapped[str | None] = mapped_column(Text)
    seed: Mapped[int | None] = mapped_column(Integer)  # inputs of numeric cards and drills


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON


class DrillCode(Base):
    """The user's latest code for a drill, so it resumes where it was left."""

    __tablename__ = "drill_code"

    card_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    code: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SchemaVersion(Base):
    __tablename__ = "schema_version"

    version: Mapped[int] = mapped_column(Integer, primary_key=True)
