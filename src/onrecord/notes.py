"""Notes: what a run changed in an input it kept, reported like a problem but not a skip.

A note is a ``Problem`` whose reason starts with ``NOTE_PREFIX``; it travels wherever
problems do (the CLI's stderr, the store's ``problems`` table, the Dask stage) with no
new column or type to carry, and ``is_note`` tells it apart from an input left out.
"""

from __future__ import annotations

from onrecord.model import Problem

__all__ = ["NOTE_PREFIX", "is_note", "note"]

NOTE_PREFIX = "kept, but "


def note(where: str, what: str) -> Problem:
    """A note on the input at ``where``: ``what`` says what was changed, and why."""
    return Problem(where, NOTE_PREFIX + what)


def is_note(problem: Problem) -> bool:
    return problem.reason.startswith(NOTE_PREFIX)
