"""Opening the store: the engine (:mod:`quizapp.store.engine`), the schema brought up to date
(:mod:`quizapp.store.migrations`). The parts of :class:`quizapp.store.Store` build on this base.
"""

from __future__ import annotations

from quizapp.store import migrations
from quizapp.store import statements as st
from quizapp.store.engine import make_engine


class StoreBase:
    """A migrated database at ``url`` and its engine (:meth:`quizapp.store.Store.open` is the
    usual way in)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sql_recall: bool | None = None  # can SQL compute retrievability? (summarize)
        with self.engine.begin() as conn:
            migrations.upgrade(conn)

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()

    def _counter(self, key: str) -> int:
        with self.engine.connect() as conn:
            row = conn.execute(st.GET_META, {"meta_key": key}).first()
        return int(row.number or 0) if row is not None else 0
