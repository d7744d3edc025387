"""Data of older versions kept outside the database, moved in once.

Drill attempts used to live in ``$QUIZAPP_HOME/drill-attempts.json`` (one object per drill:
``started`` as a Unix time, ``checks``, ``failed_checks``, ``hints``, ``solution_seen``,
``recorded``). :func:`import_attempts_file` copies the attempts the store does not have yet and
renames the file to ``drill-attempts.json.migrated``, so it is read exactly once.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from quizapp.store import DrillAttempt


class AttemptStore(Protocol):
    """What moving attempts in needs of the store."""

    def drill_attempt(self, card_id: str) -> DrillAttempt | None: ...

    def save_drill_attempt(self, attempt: DrillAttempt) -> None: ...


ATTEMPTS_FILE = "drill-attempts.json"


def _attempt(card_id: str, raw: dict[str, object], now: datetime) -> DrillAttempt | None:
    """The stored form of one attempt of the old file; None if it is not one."""
    from quizapp.store import DrillAttempt

    def number(key: str) -> int:
        value = raw.get(key, 0)
        return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0

    started = raw.get("started")
    if not isinstance(started, int | float) or isinstance(started, bool):
        return None
    checks, failed = number("checks"), number("failed_checks")
    return DrillAttempt(
        card_id,
        datetime.fromtimestamp(float(started), UTC),
        checks=checks,
        failed_checks=failed,
        first_check_passed=None if checks == 0 else failed == 0,
        passed=checks > failed,
        hints=number("hints"),
        solution_seen=raw.get("solution_seen") is True,
        recorded_at=now if raw.get("recorded") is True else None,
    )


def import_attempts_file(store: AttemptStore, path: Path) -> int:
    """Copy the attempts of the old JSON file at ``path`` into ``store`` (an attempt the store
    already has wins), then rename the file to ``<name>.migrated``; returns how many were
    copied. A file that is not valid JSON is renamed all the same (nothing in it can be
    used)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        return 0
    except ValueError:
        data = {}
    now = datetime.now(UTC)
    copied = 0
    for card_id, raw in data.items() if isinstance(data, dict) else ():
        if not isinstance(raw, dict) or store.drill_attempt(str(card_id)) is not None:
            continue
        attempt = _attempt(str(card_id), raw, now)
        if attempt is not None:
            store.save_drill_attempt(attempt)
            copied += 1
    path.replace(path.with_name(path.name + ".migrated"))
    return copied
