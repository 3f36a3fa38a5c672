"""onrecord's exceptions: one tree, so a caller can catch everything onrecord means to raise.

OnrecordError
├── InputError        an input file or record cannot be used (the reason says why)
├── ModelNotFound     no usable spaCy pipeline is installed
├── SettingError      an option or environment variable has an unusable value
├── StoreError        the corpus cannot be opened or written (the message says what to do)
└── CorrectionError   an analyst's correction is refused, and nothing was stored
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "Candidate",
    "CorrectionError",
    "InputError",
    "ModelNotFound",
    "OnrecordError",
    "SettingError",
    "StoreError",
]


class OnrecordError(Exception):
    """Base class of every error onrecord raises on purpose."""


class InputError(OnrecordError):
    """An input cannot be used; the message is the reason, shown next to its name."""


class ModelNotFound(OnrecordError):
    """No usable spaCy pipeline is installed."""


class StoreError(OnrecordError):
    """The corpus cannot be opened or used; the message says what to do."""


class SettingError(OnrecordError, ValueError):
    """A setting (an option, an environment variable) has a value that cannot be used.

    Also a ``ValueError``, which is what callers caught before it existed."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A person or organisation a name in a correction may mean, to retry by ``id``."""

    id: str
    name: str
    kind: str  # "person" | "organisation"
    mentions: int


RefusalKind = Literal["ambiguous", "unknown", "refused"]


class CorrectionError(OnrecordError):
    """A correction that cannot be made as asked; nothing of it was stored.

    ``kind`` says why: ``"ambiguous"``, a name that several entities answer to (the
    ``candidates``); ``"unknown"``, a name or id no one answers to (``candidates`` are
    the closest names, if any); ``"refused"``, anything else (a repeat, a merge of an
    entity with itself, an alias that separates nothing)."""

    def __init__(
        self, message: str, kind: RefusalKind = "refused", candidates: Sequence[Candidate] = ()
    ) -> None:
        super().__init__(message)
        self.message = message
        self.kind: RefusalKind = kind
        self.candidates = list(candidates)
