"""A parsed document's text, joined once.

spaCy rebuilds ``Doc.text`` from its tokens on every access (a Python object per token),
which cost each per-article stage that read it about as much as some whole stages. The
stages read it here instead: joined on first use, kept in the document's ``user_data``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["doc_text"]

_KEY = "onrecord.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per document (documents are not edited after parsing)."""
    kept = doc.user_data.get(_KEY)
    # Kept with the token count it was joined from: ``Span.as_doc(copy_user_data=True)``
    # copies user data into a shorter document, whose text this is not.
    if isinstance(kept, tuple) and kept[0] == len(doc):
        return str(kept[1])
    text = doc.text
    doc.user_data[_KEY] = (len(doc), text)
    return text
