"""Sentence hints for the pipelines of languages other than English, set before the parser.

The small French parser starts a sentence at an opening guillemet's first word ("«" left
alone on a line), at the comma after a closing mark ("”, a indiqué …") and at "et" in
the middle of a clause. A word that follows an opening mark, a closing mark or comma,
or a lowercase word not preceded by a sentence's end or a line break, does not start a
sentence in news prose; the parser is told so and keeps every other decision.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["SENTENCE_HINTS_COMPONENT", "sentence_hints"]

SENTENCE_HINTS_COMPONENT = "onrecord_sentence_hints"
_OPENING = frozenset("«“„(")
_NEVER_FIRST = frozenset({",", ";", ":", ")", "»", "”", "."})
_ENDS = frozenset({".", "!", "?", "…", "»", "”", '"'})


@Language.component(SENTENCE_HINTS_COMPONENT)
def sentence_hints(doc: Doc) -> Doc:
    """Mark the tokens that cannot open a sentence (see the module's docstring)."""
    previous = None  # the last token that is not whitespace
    for token in doc:
        if token.is_space:
            continue
        if previous is not None and token.is_sent_start is not True:
            lowercase = token.text[:1].islower()
            after_end = previous.text in _ENDS
            if (
                previous.text in _OPENING
                or token.text in _NEVER_FIRST
                or (lowercase and not after_end)
            ):
                token.is_sent_start = False
        previous = token
    return doc
