"""The new-card hint of the study queue, in one place.

Finding the next new cards must not check every reviewed card. The store keeps a
:class:`~quizapp.store.records.QueueHint` in ``store_meta``: each of the first ``length`` ids of
a library's introduction order has a stored state, except its ``holes``. :func:`new_cards` walks
from there (only the holes and the ids after the prefix are looked up, in growing chunks) and
moves the hint to just after the last card taken; an undo that deletes a state adds a hole
(:meth:`QueueHints._state_deleted`). A save is refused if the hint changed since it was read.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from quizapp.store import statements as st
from quizapp.store.base import StoreBase
from quizapp.store.records import QueueHint

if TYPE_CHECKING:
    from quizapp.bank.loader import Library
    from quizapp.store import Store

HOLES_MAX = 2000  # a queue hint with more holes than this is dropped


class QueueHints(StoreBase):
    """Reading and saving the hint, and its bookkeeping when a state is deleted."""

    def queue_hint(self) -> QueueHint:
        """The stored new-card hint (an empty one, ``length`` 0, if there is none)."""
        with self.engine.connect() as conn:
            row = conn.execute(st.GET_META, {"meta_key": "queue_hint"}).first()
        if row is None:
            return QueueHint()
        try:
            data = json.loads(row.data) if row.data else None
            if data is None:
                return QueueHint(version=row.number or 0)
            return QueueHint(
                int(data["length"]),
                str(data["digest"]),
                tuple(str(h) for h in data["holes"]),
                row.number or 0,
            )
        except (ValueError, TypeError, KeyError):
            return QueueHint(version=row.number or 0)

    def save_queue_hint(self, hint: QueueHint) -> bool:
        """Replace the stored hint by ``hint`` if the stored one is still at ``hint.version``
        (nothing changed it since it was read); True if saved."""
        if len(hint.holes) > HOLES_MAX:
            return False
        data = json.dumps({"length": hint.length, "digest": hint.digest, "holes": list(hint.holes)})
        with self.engine.begin() as conn:
            saved = conn.execute(st.SAVE_HINT, {"version": hint.version, "new_data": data})
            return bool(saved.rowcount)

    @staticmethod
    def _state_deleted(conn: Connection, card_id: str) -> None:
        """Bookkeeping of a deleted state, in the deleting transaction."""
        row = conn.execute(st.GET_META, {"meta_key": "queue_hint"}).first()
        data = None
        if row is not None and row.data:
            try:
                hint = json.loads(row.data)
                if card_id not in hint["holes"]:
                    hint["holes"].append(card_id)
                data = json.dumps(hint) if len(hint["holes"]) <= HOLES_MAX else None
            except (ValueError, TypeError, KeyError, AttributeError):
                data = None
        conn.execute(st.SET_META, {"meta_key": "queue_hint", "new_data": data})
        if conn.execute(st.HAS_LOG, {"card_id": card_id}).first() is not None:
            row = conn.execute(st.GET_META, {"meta_key": "stateless_logged"}).first()
            ids = set(json.loads(row.data)) if row is not None and row.data else set()
            ids.add(card_id)
            conn.execute(
                st.SET_META, {"meta_key": "stateless_logged", "new_data": json.dumps(sorted(ids))}
            )


def new_cards(
    store: Store,
    library: Library,
    now: datetime,
    budget: int,
    usable: Callable[[str], bool],
) -> list[str]:
    """The first ``budget`` ids of ``library``'s introduction order without a stored state
    ("new"), for which ``usable`` is true and that are neither suspended nor buried at ``now``.

    The stored hint says which ids of a library prefix have no state (its holes), so only those
    and the ids after the prefix are looked up, in growing chunks, until the budget is filled;
    the hint is then moved to just after the last card taken. Without a valid hint (a changed
    library, the first run) the lookup starts at the first card.
    """

    cards = library.cards
    order = library.order()
    hint = store.queue_hint()
    start, holes = 0, []
    if 0 < hint.length <= len(order) and library.prefix_digest(hint.length) == hint.digest:
        start = hint.length
        bound = cards[order[start]].position if start < len(order) else None
        holes = sorted(
            (
                h
                for h in set(hint.holes)
                if h in cards and (bound is None or cards[h].position < bound)
            ),
            key=lambda h: cards[h].position,
        )
    new: list[str] = []

    def take(candidates: list[str]) -> int:
        """Add the usable, not blocked ``candidates`` (ids without a state, in order) to
        ``new`` until the budget is full; returns how many of them were looked at."""
        looked = 0
        while looked < len(candidates) and len(new) < budget:
            batch = candidates[looked : looked + 2 * budget]
            wanted = [cid for cid in batch if usable(cid)]
            blocked = store.blocked(wanted, now) if wanted else set()
            ok = set(wanted) - blocked
            for cid in batch:
                looked += 1
                if cid in ok:
                    new.append(cid)
                    if len(new) == budget:
                        break
        return looked

    kept: list[str] = []  # the holes of the next hint, in order
    done = 0
    while done < len(holes) and len(new) < budget:
        batch = holes[done : done + 4 * budget]
        missing = store.without_state(batch)
        fresh = [h for h in batch if h in missing]
        kept += fresh
        take(fresh)
        done += len(batch)
    kept += holes[done:]  # not looked up: holes still, as far as we know
    before = len(kept)
    at: list[int] = []  # the index in ``order`` of each hole found after ``start``
    length, size = start, max(256, 8 * budget)
    while len(new) < budget and length < len(order):
        chunk = order[length : length + size]
        missing = store.without_state(chunk)
        fresh_at = [length + i for i, cid in enumerate(chunk) if cid in missing]
        looked = take([order[i] for i in fresh_at])
        if len(new) < budget:
            looked, length = len(fresh_at), length + len(chunk)
        else:  # end the hint just after the card that filled the budget
            length = fresh_at[looked - 1] + 1
        at += fresh_at[:looked]
        kept += [order[i] for i in fresh_at[:looked]]
        size = min(2 * size, 8192)
    if len(kept) > HOLES_MAX:  # end the hint before the first hole that does not fit
        length = at[HOLES_MAX - before] if before < HOLES_MAX else 0
        kept = kept[:HOLES_MAX]
    if length and (length, tuple(kept)) != (hint.length, hint.holes):
        store.save_queue_hint(
            QueueHint(length, library.prefix_digest(length), tuple(kept), hint.version)
        )
    return new
