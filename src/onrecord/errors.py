"""onrecord's exceptions.

OnrecordError
├── InputError        an input file or record cannot be used (the reason says why)
└── ModelNotFound     no spaCy pipeline is installed (defined in onrecord.nlp)
"""

from __future__ import annotations


class OnrecordError(Exception):
    """Base class of every error onrecord raises on purpose."""


class InputError(OnrecordError):
    """An input cannot be used; the message is the reason, shown next to its name."""
