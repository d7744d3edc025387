"""Every bad database is one line naming the URL (password masked), what is wrong and what to
do, with exit status 2 — never a traceback."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


def quizapp(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZAPP_")}
    env["QUIZAPP_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "quizapp", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def one_line_error(done: subprocess.CompletedProcess[str], *expected: str) -> str:
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    for part in expected:
        assert part in lines[0], lines[0]
    return lines[0]


def test_a_plain_path_is_an_sqlite_file_and_a_missing_folder_is_made(tmp_path: Path) -> None:
    db = tmp_path / "deep" / "er" / "study.db"
    done = quizapp(tmp_path / "home", "stats", "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert db.exists()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("nonsense://", "not a database URL"),
        ("mysql://me:secret@127.0.0.1/db", "mysql"),
        ("sqlite:////proc/forbidden/x.db", "/proc/forbidden"),
    ],
)
def test_unusable_urls(tmp_path: Path, url: str, expected: str) -> None:
    line = one_line_error(quizapp(tmp_path / "home", "stats", "--db", url), expected)
    assert "secret" not in line


def test_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("this is not a database\n" * 100)
    one_line_error(
        quizapp(tmp_path / "home", "stats", "--db", str(bogus)), "not a quizapp database"
    )


def test_a_database_from_a_newer_quizapp(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    assert quizapp(tmp_path / "home", "stats", "--db", str(db)).returncode == 0
    with sqlite3.connect(db) as con:
        con.execute("INSERT INTO schema_version (version) VALUES (999)")
    one_line_error(quizapp(tmp_path / "home", "stats", "--db", str(db)), "newer", "upgrade")


def test_an_unreachable_server_and_a_password_masked(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql+psycopg://me:hunter2@127.0.0.1:{port}/quizapp"
    line = one_line_error(
        quizapp(tmp_path / "home", "stats", "--db", url), "cannot reach the database server"
    )
    assert "hunter2" not in line and "***" in line


def test_a_server_that_wants_a_password(tmp_path: Path, pg_server: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP ROLE IF EXISTS guarded"))
        conn.execute(text("CREATE ROLE guarded LOGIN PASSWORD 'right'"))
    admin.dispose()
    host = pg_server.split("@", 1)[1]
    for url in (f"postgresql+psycopg://guarded@{host}", f"postgresql+psycopg://guarded:no@{host}"):
        line = one_line_error(quizapp(tmp_path / "home", "stats", "--db", url), "password")
        assert "PGPASSWORD" in line
