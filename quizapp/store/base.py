"""Opening the store: the engine (:mod:`quizapp.store.engine`), the schema brought up to date
(:mod:`quizapp.store.migrations`) and data older versions left beside the database moved in
(:mod:`quizapp.store.legacy`). The parts of :class:`quizapp.store.Store` build on this base.
"""

from __future__ import annotations

from typing import Self

from quizapp import paths
from quizapp.store import migrations
from quizapp.store import statements as st
from quizapp.store.engine import make_engine
from quizapp.store.legacy import ATTEMPTS_FILE


class StoreBase:
    """A migrated database at ``url`` and its engine; :meth:`open` is the usual way in."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sql_recall: bool | None = None  # can SQL compute retrievability? (summarize)
        with self.engine.begin() as conn:
            migrations.upgrade(conn)

    @classmethod
    def open(cls, url: str | None = None) -> Self:
        """Open (creating and migrating as needed) the database at ``url``; None means
        ``QUIZAPP_DB`` or ``sqlite:///$QUIZAPP_HOME/quizapp.db``. Drill attempts an older
        version left in ``$QUIZAPP_HOME`` are moved in (once, see :mod:`quizapp.store.legacy`)."""
        store = cls(url or paths.default_db_url())
        legacy = paths.home() / ATTEMPTS_FILE
        if legacy.is_file():
            from quizapp.store.legacy import import_attempts_file

            import_attempts_file(store, legacy)
        return store

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()

    def _counter(self, key: str) -> int:
        with self.engine.connect() as conn:
            row = conn.execute(st.GET_META, {"meta_key": key}).first()
        return int(row.number or 0) if row is not None else 0
