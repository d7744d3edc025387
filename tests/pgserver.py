"""A throwaway PostgreSQL server for the tests: its own cluster in a temp folder, loopback only,
a free port, its own socket folder, password authentication over TCP (as a real server has:
the tests of "a server that wants a password" need it), stopped when the tests end.

PostgreSQL refuses to run as root (CI runs as root), so there the cluster belongs to the
``postgres`` user and ``initdb``/``pg_ctl`` run through ``runuser -u postgres --``.
``QUIZAPP_TEST_PG_URL`` points the tests at a server that is already running instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PASSWORD = "quizapp-test"


def _bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for version in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (version / name).exists():
            return str(version / name)
    return None


def unavailable() -> str | None:
    """Why no server can be started here (None when one can)."""
    if os.environ.get("QUIZAPP_TEST_PG_URL"):
        return None
    if not (_bin("pg_ctl") and _bin("initdb")):
        return "PostgreSQL is not installed (no pg_ctl/initdb); `apt-get install postgresql`"
    if os.geteuid() == 0 and not shutil.which("runuser"):
        return "running as root without runuser, and PostgreSQL refuses to run as root"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install 'quizapp[postgres]')"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server() -> Iterator[str]:
    """Start a server and yield its SQLAlchemy URL (database ``postgres``, user ``postgres``)."""
    if url := os.environ.get("QUIZAPP_TEST_PG_URL"):
        yield url
        return
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    assert initdb and pg_ctl, unavailable()
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    root = Path(tempfile.mkdtemp(prefix="quizapp-pg-"))
    data, sockets = root / "data", root / "sockets"
    sockets.mkdir()
    if prefix:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
    port = _free_port()
    pwfile = root / "pw"
    pwfile.write_text(PASSWORD + "\n")
    if prefix:
        shutil.chown(pwfile, "postgres")
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE, "check": True}
    subprocess.run(
        [
            *prefix,
            initdb,
            "-D",
            str(data),
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            f"--pwfile={pwfile}",
        ],
        **quiet,  # type: ignore[call-overload]
    )
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {sockets} -c fsync=off"
    subprocess.run(
        [*prefix, pg_ctl, "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"],
        **quiet,  # type: ignore[call-overload]
    )
    try:
        yield f"postgresql+psycopg://postgres:{PASSWORD}@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*prefix, pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)
