"""Attribution extraction: cue, source and content spans of who said what in a parsed text.

``find_attributions(doc)`` finds direct quotes, indirect speech and mixed attributions
in a spaCy ``Doc``; speakers are resolved by the next stage, ``onrecord.resolve``,
whose ``extract_text`` and ``analyse`` run the whole per-article chain.
"""

from typing import TYPE_CHECKING, Any

from onrecord.extract.quotes import Quote, find_quotes

if TYPE_CHECKING:
    from onrecord.extract.rules import METHOD, find_attributions


def __getattr__(name: str) -> Any:
    # The rules read spaCy's parse, and importing spaCy takes 0.4 s: only code that
    # extracts should pay for it, not the linker, which reads quotation marks alone.
    if name in ("METHOD", "find_attributions"):
        from onrecord.extract import rules

        return getattr(rules, name)
    raise AttributeError(f"module 'onrecord.extract' has no attribute {name!r}")


__all__ = ["METHOD", "Quote", "find_attributions", "find_quotes"]
