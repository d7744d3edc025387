"""Reading a bank or import source safely: regular files only (a device or FIFO is refused,
checked on a non-blocking descriptor so it cannot hang), never past a size limit. Free of YAML,
so a cached bank is loaded without importing the parser."""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_BANK_BYTES = 64 << 20


class FileRefused(ValueError):
    """A file that is not read: not a regular file, or larger than the limit. ``reason`` says
    why without the path; ``str()`` is ``"<path>: <reason>"``, a one-line message."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def _refusal(path: Path, mode: int, size: int, limit: int | None) -> FileRefused | None:
    if stat.S_ISDIR(mode):
        return FileRefused(path, "a folder, not a file")
    if not stat.S_ISREG(mode):
        return FileRefused(path, "not a regular file (a device, pipe or socket); give a file")
    if limit is not None and size > limit:
        return FileRefused(path, f"larger than {limit >> 20} MB; not read")
    return None


def require_regular_file(path: Path) -> None:
    """Raise :class:`FileRefused` unless ``path`` is a regular file (after symlinks);
    OSError when it cannot be looked at."""
    st = os.stat(path)
    refused = _refusal(path, st.st_mode, st.st_size, None)
    if refused is not None:
        raise refused


def read_file_bytes(path: Path, limit: int = MAX_BANK_BYTES) -> bytes:
    """The bytes of the regular file ``path``, never more than ``limit`` of them read.

    Raises :class:`FileRefused` for a folder, anything that is not a regular file (checked on the
    opened descriptor, opened without blocking, so a FIFO cannot hang the caller) and a file
    over ``limit`` bytes (also one that grows past it while read); OSError when it cannot be
    opened or read.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        refused = _refusal(path, st.st_mode, st.st_size, limit)
        if refused is not None:
            raise refused
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise FileRefused(path, f"larger than {limit >> 20} MB; not read")
    return data
