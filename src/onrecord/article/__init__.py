"""The per-article chain, start to finish: parse, extract, resolve, say what it is about.

What `onrecord extract`, `onrecord ingest` and the runners call for each document; a
pure function of the text, so it runs the same in one process, a pool or on Dask.
"""

from onrecord.article.analysis import (
    ANALYSED,
    NOT_ANALYSED,
    Analysis,
    LanguageAnalysis,
    analysable_languages,
    analyse,
    analyse_doc,
    analyse_in,
    analyse_many,
    analyse_many_in,
    extract_doc,
    extract_many,
    extract_text,
)

__all__ = [
    "ANALYSED",
    "NOT_ANALYSED",
    "Analysis",
    "LanguageAnalysis",
    "analysable_languages",
    "analyse",
    "analyse_doc",
    "analyse_in",
    "analyse_many",
    "analyse_many_in",
    "extract_doc",
    "extract_many",
    "extract_text",
]
