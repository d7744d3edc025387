"""Versioned migrations: an old database upgrades in place and keeps its data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from quizapp.store import Store, migrations, tables


def make_v1_database(path: Path) -> None:
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        migrations.upgrade(conn, target=1)
        conn.exec_driver_sql(
            "INSERT INTO card_state VALUES ('losses.a', 2, NULL, 3.5, 5.1, "
            "'2026-01-10 08:00:00.000000', '2026-01-01 08:00:00.000000')"
        )
        conn.exec_driver_sql(
            "INSERT INTO review_log (card_id, reviewed_at, rating, duration_ms, answer, correct, "
            "lang, prev_state) VALUES ('losses.a', '2026-01-01 08:00:00.000000', 3, 1200, "
            "'mse', 1, 'en', NULL)"
        )
        conn.exec_driver_sql("INSERT INTO settings VALUES ('lang', '\"zh\"')")
    engine.dispose()


def test_v1_database_upgrades_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    make_v1_database(path)
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT max(version) FROM schema_version").fetchone() == (1,)
        assert "seed" not in [r[1] for r in raw.execute("PRAGMA table_info(review_log)")]

    store = Store.open(f"sqlite:///{path}")
    with store.engine.connect() as conn:
        assert migrations.current_version(conn) == migrations.LATEST == len(migrations.MIGRATIONS)
    state = store.scheduling("losses.a")
    assert state is not None and state.stability == 3.5 and state.due.tzinfo is not None
    (review,) = store.history("losses.a")
    assert (review.rating, review.answer, review.correct, review.seed) == (3, "mse", True, None)
    assert store.settings()["lang"] == "zh"
    store.save_drill_code("drill.mse", "def mse(): ...")  # a v2 table
    assert store.load_drill_code("drill.mse") == "def mse(): ..."
    store.close()


def test_migrated_schema_matches_the_models(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    make_v1_database(path)
    store = Store.open(f"sqlite:///{path}")
    inspector = inspect(store.engine)
    for table in tables.metadata.sorted_tables:
        migrated = {c["name"] for c in inspector.get_columns(table.name)}
        assert migrated == {c.name for c in table.columns}, table.name
        migrated_indexes = {tuple(i["column_names"]) for i in inspector.get_indexes(table.name)}
        model_indexes = {tuple(c.name for c in i.columns) for i in table.indexes}
        assert model_indexes <= migrated_indexes, table.name
    store.close()


def test_reopening_is_idempotent_and_newer_databases_are_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    Store.open(url).close()
    Store.open(url).close()
    with sqlite3.connect(tmp_path / "db.sqlite") as raw:
        assert [r[0] for r in raw.execute("SELECT version FROM schema_version")] == list(
            range(1, migrations.LATEST + 1)
        )
        raw.execute("INSERT INTO schema_version VALUES (99)")
    from quizapp.store.errors import SchemaTooNew

    with pytest.raises(SchemaTooNew, match="newer than this quizapp knows"):
        Store.open(url)


def test_sqlite_connections_use_wal_and_a_busy_timeout(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_default_database_lives_in_quizapp_home(home: Path) -> None:
    Store.open().close()
    assert (home / "quizapp.db").is_file()
