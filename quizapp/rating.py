"""The one rating type of every answer: Again, Hard, Good, Easy.

The numbers are FSRS's (``fsrs.Rating``) and those kept in ``review_log.rating``; the study
engine hands them to the scheduler. Defined here, not taken from ``fsrs``, so that showing a
rating (the TUI's first screen, the line mode) does not import the scheduler.
"""

from __future__ import annotations

from enum import IntEnum


class Rating(IntEnum):
    """How an answer went: 1 Again (forgotten), 2 Hard, 3 Good, 4 Easy."""

    Again = 1
    Hard = 2
    Good = 3
    Easy = 4
