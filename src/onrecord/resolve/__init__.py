"""In-article resolution: "he", "the spokesman", "Miller" → the named person, with role.

``onrecord.article`` runs the whole per-article chain, this stage included.
"""

from onrecord.resolve.mentions import find_mentions
from onrecord.resolve.named_people import named_people
from onrecord.resolve.speakers import resolve_speakers

__all__ = [
    "find_mentions",
    "named_people",
    "resolve_speakers",
]
