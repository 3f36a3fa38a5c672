"""Furniture taken out of a page's HTML tree before trafilatura reads it.

News CMSs mark standfirsts, summary boxes, pull quotes and newsletter boxes by class, but
the class names come in many spellings: ``standfirst``, ``article-summary``,
``Story_dek__9xLm2`` (CSS modules), ``pullQuote``. Each class is split into words (at
``-``, ``_`` and lower-to-upper case changes) and matched word for word, so ``dek``
matches ``Story_dek__9xLm2`` but not ``desktop``. Newsletter boxes are also found by
what they hold: a short block around a form asking for an e-mail address.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["prune_furniture"]

_FURNITURE = (
    "standfirst", "dek", "deck", "strapline", "excerpt", "article summary", "story summary",
    "summary box", "key points", "keypoints", "key takeaways", "pullquote", "pull quote",
    "newsletter",
)  # fmt: skip
_NAMES = tuple(f" {name} " for name in _FURNITURE)
_CLASS_WORD = re.compile(r"[_\-\s]+|(?<=[a-z])(?=[A-Z])")
# A furniture block holds at most this much text; a larger one (an article wrapper whose
# class happens to say "newsletter") is left for trafilatura to judge.
_MAX_TEXT = 600


def prune_furniture(tree: Any) -> Any:
    """The tree with furniture elements removed (in place), for ``bare_extraction``."""
    doomed = [el for el in tree.iter() if isinstance(el.tag, str) and _is_furniture(el)]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()  # keeps the text that follows the element
    return tree


def _is_furniture(element: Any) -> bool:
    if element.tag in ("html", "body", "article", "main"):
        return False
    classes = element.get("class") or ""
    if classes and _named(classes) and _short(element):
        return True
    return (element.tag == "form" and _asks_email(element)) or _wraps_email_form(element)


def _named(classes: str) -> bool:
    words = f" {' '.join(w for w in _CLASS_WORD.split(classes) if w).lower()} "
    return any(name in words for name in _NAMES)


def _short(element: Any) -> bool:
    return len(" ".join(element.text_content().split())) <= _MAX_TEXT


def _asks_email(form: Any) -> bool:
    return any(
        (field.get("type") or "").lower() == "email" or "mail" in (field.get("name") or "")
        for field in form.iter("input")
    )


def _wraps_email_form(element: Any) -> bool:
    """A short block whose form asks for an e-mail address: a sign-up box."""
    return any(child.tag == "form" and _asks_email(child) for child in element) and _short(element)
