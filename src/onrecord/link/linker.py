"""Link a corpus: one entity per real person or organisation, one statement per thing said.

``link_corpus`` is a pure function of the stored attributions, the people articles name
and the analysts' corrections (``onrecord.store`` reads them and writes the result back),
so linking the same corpus twice gives the same people, statements and ids. The rules
live in ``onrecord.link.people`` and ``onrecord.link.statements``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from onrecord.link.corrections import apply_corrections, review_attributions
from onrecord.link.entities import build_entities
from onrecord.link.people import cluster_mentions
from onrecord.link.records import (
    Correction,
    LinkResult,
    NameMention,
    Sighting,
    StoredAttribution,
)
from onrecord.link.speaker_names import Speaker, parse_speaker
from onrecord.link.statements import link_statements

__all__ = ["link_corpus"]


def link_corpus(
    mentions: Sequence[StoredAttribution],
    corrections: Sequence[Correction] = (),
    article_text: Callable[[str], str] = lambda _article_id: "",
    names: Sequence[NameMention] = (),
    quotes: bool = True,
) -> LinkResult:
    """People, organisations and statements for ``mentions`` (attributions) and
    ``names`` (people the articles name).

    ``article_text`` gives an article's text by id; it is read only to check that a
    quoted speaker is named in the article, or the sentence, quoting them. Without
    ``quotes``, statements have only their speakers' own reports: the store adds the
    reports of others quoting them separately (``onrecord.store.quotelink``).
    """
    review = review_attributions(mentions, corrections)
    reviewed, status = review.attributions, review.status
    rejected = [m.attribution_id for m, r in zip(mentions, reviewed, strict=True) if r is None]
    mentions = [m for m in reviewed if m is not None]
    items: list[Sighting] = [*mentions, *names]
    # A speaker an analyst named is placed by their correction, not by the name rules.
    parsed = [None if m.named_as else parse_speaker(m.speaker) for m in mentions]
    parsed += [_person(parse_speaker(n.name)) for n in names]
    clusters = cluster_mentions(items, parsed)
    index = {m.attribution_id: i for i, m in enumerate(mentions)}
    to_place = {pk: (index[ident], named) for pk, (ident, named) in review.to_place.items()}
    status |= apply_corrections(clusters, items, corrections, to_place)
    clusters = [cluster for cluster in clusters if cluster.members]
    entities = build_entities(clusters, items)
    entity_of: list[str | None] = [None] * len(items)
    for cluster, entity in zip(clusters, entities, strict=True):
        for i in cluster.members:
            entity_of[i] = entity.id
    by_id = {entity.id: entity for entity in entities}
    speaker_of = entity_of[: len(mentions)]
    statements = link_statements(mentions, speaker_of, by_id, article_text, quotes)
    speaker_by_attribution = {
        m.attribution_id: s for m, s in zip(mentions, speaker_of, strict=True)
    }
    own_statement: dict[str, str] = {}
    for statement in statements:
        for report in statement.reports:  # quotes by others are reports, not members
            if speaker_by_attribution[report.attribution_id] == statement.speaker_id:
                own_statement[report.attribution_id] = statement.id
    assignments: dict[str, tuple[str | None, str | None, str | None]] = {}
    for mention, entity_id in zip(mentions, speaker_of, strict=True):
        kind = by_id[entity_id].kind if entity_id else None
        assignments[mention.attribution_id] = (
            entity_id if kind == "person" else None,
            entity_id if kind == "organisation" else None,
            own_statement.get(mention.attribution_id),
        )
    for attribution_id in rejected:  # wrong, say the analysts: no speaker, no statement
        assignments[attribution_id] = (None, None, None)
    named: dict[str, str | None] = {}
    for name, entity_id in zip(names, entity_of[len(mentions) :], strict=True):
        # A correction can merge a person into an organisation: then the name has none.
        person = entity_id if entity_id and by_id[entity_id].kind == "person" else None
        named[name.mention_id] = person
    entities.sort(key=lambda e: (e.kind, e.name.lower(), e.id))
    return LinkResult(entities, statements, assignments, status, named)


def _person(speaker: Speaker | None) -> Speaker | None:
    """A name mention is always of a person: a name the speaker rules would read as an
    organisation is left out rather than made one."""
    return speaker if speaker is not None and speaker.kind == "person" else None
