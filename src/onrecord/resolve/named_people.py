"""The people an article names, as ``model.Mention`` records.

Speaker resolution already groups an article's names into people (``onrecord.resolve.mentions``:
"Secretary of State Antony Blinken" and a later "Secretary Blinken" are one person).
This turns each of them into one record: the name resolution gives them (the string an
attribution's ``speaker`` would hold, so the cross-article linker can put mentions and
statements of one person together), every way the article writes the name, the first
role it states, and the character span of each place the name is written.

Only places outside headline lines count, as for resolution's aliases: a title-case
line is too often a list of names run together. A name that is part of someone else's
title ("Election" in "Chief Election Commissioner Sikander Sultan Raja") is no mention.
"""

from __future__ import annotations

from spacy.tokens import Doc

from onrecord.model import Mention, Span
from onrecord.resolve.references import Entity, MentionIndex
from onrecord.resolve.speakers import primary_role

__all__ = ["named_people"]


def named_people(index: MentionIndex) -> list[Mention]:
    """One ``Mention`` per named person in the article, in order of first mention."""
    doc = index.doc
    people: dict[int, Entity] = {}
    for mention in index.people.values():
        entity = mention.entity
        if entity is not None and entity.kind == "person" and entity.name:
            people.setdefault(id(entity), entity)
    found: list[Mention] = []
    for entity in people.values():
        ranges = [
            (start, end)
            for start, end in sorted(set(entity.spans))
            # Consumed tokens belong to the title or apposition of another name.
            if not all(i in index.consumed for i in range(start, end))
        ]
        if not ranges or entity.name is None:
            continue
        role, affiliation = primary_role(entity.roles)
        variants: list[str] = []
        for start, end in ranges:
            written = doc[start:end].text
            if written not in variants:
                variants.append(written)
        found.append(
            Mention(
                name=entity.name,
                variants=variants,
                role=role,
                affiliation=affiliation,
                spans=[_char_span(doc, start, end) for start, end in ranges],
            )
        )
    found.sort(key=lambda m: m.spans[0])
    return found


def _char_span(doc: Doc, start: int, end: int) -> Span:
    last = doc[end - 1]
    return Span(doc[start].idx, last.idx + len(last.text))
