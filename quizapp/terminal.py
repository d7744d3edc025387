"""Keeping text from banks and imports from driving the user's terminal.

Card text comes from files anyone can write: an imported CSV, an Anki package, a stranger's
bank. Printed raw, an ESC or C1 sequence in it could set the clipboard (OSC 52), clear the
screen, retitle the window or forge output. :func:`visible` shows every control character but
newline and tab as its ``\\uXXXX`` escape — readable text, and inside a JSON string the same
character — and :class:`SafeStream` applies it to everything written to a stream. The stored
text is never changed; only what reaches the terminal is.
"""

from __future__ import annotations

import re
from typing import TextIO

# C0 controls but \t and \n, DEL, C1 controls; the bidirectional overrides and isolates, which
# can make a line read differently from what it holds.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def visible(text: str) -> str:
    """``text`` with every control character except newline and tab (and the Unicode
    direction overrides) replaced by its ``\\uXXXX`` escape; a CR becomes ``\\u000d``."""
    return _CONTROL.sub(_escape, text)


class SafeStream:
    """A text stream that writes :func:`visible` text to the stream it wraps."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        """Write ``text`` made visible; returns ``len(text)`` (what the caller gave)."""
        self._stream.write(visible(text))
        return len(text)

    def writelines(self, lines: list[str]) -> None:
        """Write each line made visible."""
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)
