"""Placeholder, replaced by in-article speaker resolution."""

from __future__ import annotations

from spacy.tokens import Doc

from onrecord.model import Attribution


def resolve_speakers(doc: Doc, attributions: list[Attribution]) -> list[Attribution]:
    return attributions
