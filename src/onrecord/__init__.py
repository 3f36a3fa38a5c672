"""onrecord: who said what, about what, when, and where it was reported."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from onrecord.extract import analyse, analyse_many, extract, extract_many
from onrecord.model import (
    Article,
    Attribution,
    Comment,
    Dateline,
    Mention,
    Origin,
    Problem,
    Removed,
    Span,
)
from onrecord.nlp import load_pipeline

if TYPE_CHECKING:
    from onrecord.store import open_corpus

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Attribution",
    "Comment",
    "Dateline",
    "Mention",
    "Origin",
    "Problem",
    "Removed",
    "Span",
    "__version__",
    "analyse",
    "analyse_many",
    "extract",
    "extract_many",
    "load_pipeline",
    "open_corpus",
]


def __getattr__(name: str) -> Any:
    # The store pulls in SQLAlchemy and Alembic; load them only when a corpus is opened.
    if name == "open_corpus":
        from onrecord.store import open_corpus

        return open_corpus
    raise AttributeError(f"module 'onrecord' has no attribute {name!r}")
