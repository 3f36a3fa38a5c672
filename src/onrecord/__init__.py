"""onrecord: who said what, about what, when, and where it was reported."""

from onrecord.extract import extract, extract_many
from onrecord.model import Article, Attribution, Comment, Dateline, Origin, Problem, Removed, Span
from onrecord.nlp import load_pipeline

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Attribution",
    "Comment",
    "Dateline",
    "Origin",
    "Problem",
    "Removed",
    "Span",
    "__version__",
    "extract",
    "extract_many",
    "load_pipeline",
]
