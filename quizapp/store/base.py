"""Opening the store: the engine (:mod:`quizapp.store.engine`), the schema brought up to date
(:mod:`quizapp.store.migrations`). The parts of :class:`quizapp.store.Store` build on this base.
"""

from __future__ import annotations

from quizapp.store import migrations
from quizapp.store import statements as st
from quizapp.store.engine import make_engine
from quizapp.store.errors import database_url, explain


class StoreBase:
    """A migrated database at ``url`` and its engine (:meth:`quizapp.store.Store.open` is the
    usual way in)."""

    def __init__(self, url: str) -> None:
        self.url = url = database_url(url)
        self._sql_recall: bool | None = None  # can SQL compute retrievability? (summarize)
        try:
            self.engine = make_engine(url)
            with self.engine.begin() as conn:
                migrations.upgrade(conn)
        except Exception as error:  # every failure to open is one line for the user
            raise explain(error, url) from None

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()

    def _counter(self, key: str) -> int:
        with self.engine.connect() as conn:
            row = conn.execute(st.GET_META, {"meta_key": key}).first()
        return int(row.number or 0) if row is not None else 0
