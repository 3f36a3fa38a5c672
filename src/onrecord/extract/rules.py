"""Placeholder, replaced by the rule extractor."""

from __future__ import annotations

from spacy.tokens import Doc

from onrecord.model import Attribution


def find_attributions(doc: Doc) -> list[Attribution]:
    return []
