"""Attribution extraction: cue, source and content spans of who said what in a parsed text.

``find_attributions(doc)`` finds direct quotes, indirect speech and mixed attributions
in a spaCy ``Doc``; speakers are resolved by the next stage, ``onrecord.resolve``,
whose ``extract_text`` and ``analyse`` run the whole per-article chain.
"""

from onrecord.extract.quotes import Quote, find_quotes
from onrecord.extract.rules import METHOD, find_attributions

__all__ = ["METHOD", "Quote", "find_attributions", "find_quotes"]
