"""onrecord's exceptions: one tree, so a caller can catch everything onrecord means to raise.

OnrecordError
├── InputError        an input file or record cannot be used (the reason says why)
├── ModelNotFound     no usable spaCy pipeline is installed
├── SettingError      an option or environment variable has an unusable value
└── StoreError        the corpus cannot be opened or written (the message says what to do)
"""

from __future__ import annotations

__all__ = ["InputError", "ModelNotFound", "OnrecordError", "SettingError", "StoreError"]


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
