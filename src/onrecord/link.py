"""Link a corpus: one entity per real person or organisation, one statement per thing said.

``link_corpus`` is a pure function of the stored attributions and the analysts'
corrections (``onrecord.store`` reads them and writes the result back), so linking the
same corpus twice gives the same people, statements and ids. The rules live in
``onrecord.corpus.people`` and ``onrecord.corpus.statements``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from onrecord.corpus.names import parse_speaker
from onrecord.corpus.people import apply_corrections, build_entities, cluster_mentions
from onrecord.corpus.records import Correction, Entity, LinkResult, Mention, Statement
from onrecord.corpus.statements import link_statements

__all__ = ["Correction", "Entity", "LinkResult", "Mention", "Statement", "link_corpus"]


def link_corpus(
    mentions: Sequence[Mention],
    corrections: Sequence[Correction] = (),
    article_text: Callable[[str], str] = lambda _article_id: "",
) -> LinkResult:
    """People, organisations and statements for ``mentions``.

    ``article_text`` gives an article's text by id; it is read only to check that a
    quoted person is named in the article quoting them.
    """
    parsed = [parse_speaker(m.speaker) for m in mentions]
    clusters = cluster_mentions(mentions, parsed)
    status = apply_corrections(clusters, mentions, corrections)
    clusters = [cluster for cluster in clusters if cluster.members]
    entities = build_entities(clusters, mentions)
    speaker_of: list[str | None] = [None] * len(mentions)
    for cluster, entity in zip(clusters, entities, strict=True):
        for i in cluster.members:
            speaker_of[i] = entity.id
    by_id = {entity.id: entity for entity in entities}
    statements = link_statements(mentions, speaker_of, by_id, article_text)
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
    entities.sort(key=lambda e: (e.kind, e.name.lower(), e.id))
    return LinkResult(entities, statements, assignments, status)
