"""In-article resolution: "he", "the spokesman", "Miller" → the named person, with role.

Resolution is the last per-article stage, so this package's face also runs the whole
chain for one article: ``extract_text`` (attributions with speakers) and ``analyse``
(those and the people the article names).
"""

from onrecord.resolve.analysis import (
    Analysis,
    analyse,
    analyse_doc,
    analyse_many,
    extract_doc,
    extract_many,
    extract_text,
)
from onrecord.resolve.mentions import find_mentions
from onrecord.resolve.named_people import named_people
from onrecord.resolve.speakers import resolve_speakers

__all__ = [
    "Analysis",
    "analyse",
    "analyse_doc",
    "analyse_many",
    "extract_doc",
    "extract_many",
    "extract_text",
    "find_mentions",
    "named_people",
    "resolve_speakers",
]
