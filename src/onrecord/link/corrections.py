"""Analysts' corrections, re-applied at every link so they survive re-ingesting.

Two kinds, applied at two moments:

- attribution corrections, before people are formed: ``reject`` (this attribution is
  wrong: it credits no one and belongs to no statement) and ``reassign`` (its speaker is
  the entity the analyst named). The latest one for an attribution wins, so a reassign
  after a reject reinstates it under the new speaker. Attribution ids are stable
  (``<article id>:<n>``), so they outlive a re-ingest.
- people corrections, after the rules of ``onrecord.link.people``, in the order they
  were made: ``merge``, ``split``, ``rename``, each finding the entities it names as
  ``onrecord.link.finding`` says.

A reassigned speaker the analyst named exactly (``Correction.resolved["speaker"]``) is
never read apart by the name rules: the attribution joins the entity named, found like
any other, at its correction's turn among the people corrections, so that it meets the
entity as it was when the correction was made; a speaker the correction creates is an
entity of that one name and kind. A reassign stored before names were resolved gives
the attribution the speaker string, which the rules read like any other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from onrecord.link.entities import written_forms
from onrecord.link.finding import find_entity
from onrecord.link.people import Cluster
from onrecord.link.records import Correction, Named, Sighting, StoredAttribution
from onrecord.link.speaker_names import fold

ATTRIBUTION_ACTIONS = ("reject", "reassign")
PEOPLE_ACTIONS = ("merge", "split", "rename")


@dataclass(slots=True)
class Review:
    """The attributions as the analysts left them (``None`` where one was rejected), how
    each attribution correction went, and the named speakers still to place: correction
    pk -> (attribution id, the entity named)."""

    attributions: list[StoredAttribution | None]
    status: dict[int, str] = field(default_factory=dict)
    to_place: dict[int, tuple[str, Named]] = field(default_factory=dict)


def review_attributions(
    mentions: Sequence[StoredAttribution], corrections: Sequence[Correction]
) -> Review:
    """Apply rejects and reassigns; the latest one for an attribution wins."""
    index = {m.attribution_id: i for i, m in enumerate(mentions)}
    review = Review(list(mentions))
    latest: dict[str, int] = {}  # attribution id -> its latest applied correction
    for correction in corrections:
        if correction.action not in ATTRIBUTION_ACTIONS:
            continue
        subject, pk = correction.subject, correction.pk
        named = correction.resolved.get("speaker")
        speaker = named.name if named else str(correction.argument.get("speaker") or "").strip()
        if subject not in index:
            review.status[pk] = f"not applied: no attribution {subject!r}"
            continue
        if correction.action == "reassign" and not speaker:
            review.status[pk] = "not applied: no speaker given"
            continue
        if subject in latest:
            review.status[latest[subject]] = f"superseded by correction {pk}"
            review.to_place.pop(latest[subject], None)
        latest[subject] = pk
        review.status[pk] = "applied"
        i = index[subject]
        # A reassigned attribution keeps only its words: the extracted role, affiliation
        # and source described the speaker the text seemed to name.
        if correction.action == "reject":
            review.attributions[i] = None
            continue
        review.attributions[i] = replace(
            mentions[i],
            speaker=speaker,
            role=None,
            affiliation=None,
            source_span=None,
            named_as=named.kind if named else None,
        )
        if named:
            review.to_place[pk] = (subject, named)
    return review


def apply_corrections(
    clusters: list[Cluster],
    items: Sequence[Sighting],
    corrections: Sequence[Correction],
    to_place: dict[int, tuple[int, Named]] | None = None,
) -> dict[int, str]:
    """Apply merges, splits and renames in order, placing the named speakers of
    ``to_place`` (correction pk -> (item index, entity named)) at their corrections'
    turns; say for each how it went."""
    status: dict[int, str] = {}
    created: dict[tuple[str, str], Cluster] = {}
    index = {_item_id(item): i for i, item in enumerate(items)}
    for correction in corrections:
        if to_place and correction.pk in to_place:
            item, named = to_place[correction.pk]
            status[correction.pk] = _place(clusters, items, index, item, named, created)
        elif correction.action in PEOPLE_ACTIONS:
            status[correction.pk] = _apply(clusters, items, index, correction)
    return status


def _item_id(item: Sighting) -> str:
    return item.attribution_id if isinstance(item, StoredAttribution) else item.mention_id


def _apply(
    clusters: list[Cluster],
    items: Sequence[Sighting],
    index: dict[str, int],
    correction: Correction,
) -> str:
    subject = correction.resolved.get("subject")
    target = find_entity(clusters, items, correction.subject, subject, index)
    if isinstance(target, str):
        return target
    if correction.action == "merge":
        other_name = str(correction.argument.get("other", ""))
        other = find_entity(clusters, items, other_name, correction.resolved.get("other"), index)
        if isinstance(other, str):
            return other
        if other is not target:
            target.members.extend(other.members)
            clusters.remove(other)
    elif correction.action == "split":
        alias = fold(str(correction.argument.get("alias", "")))
        moved = [
            i
            for i in target.members
            if any(fold(form) == alias for form in written_forms(items[i]))
        ]
        if not moved or len(moved) == len(target.members):
            return f"not applied: no separable mentions {alias!r}"
        target.members = [i for i in target.members if i not in set(moved)]
        clusters.append(Cluster(target.kind, moved, str(correction.argument["alias"])))
    elif correction.action == "rename":
        target.name = str(correction.argument.get("name") or target.name)
    return "applied"


def _place(
    clusters: list[Cluster],
    items: Sequence[Sighting],
    index: dict[str, int],
    item: int,
    named: Named,
    created: dict[tuple[str, str], Cluster],
) -> str:
    """Give item ``item`` to the entity named; one that is gone, or one the correction
    creates, is an entity of the name and kind the analyst gave."""
    if named.id is not None:
        target = find_entity(clusters, items, named.name, named, index)
        if isinstance(target, Cluster):
            target.members.append(item)
            return "applied"
    key = (named.kind, fold(named.name))
    cluster = created.get(key)
    if cluster is None or not any(c is cluster for c in clusters):
        cluster = Cluster(named.kind, [], named.name)
        clusters.append(cluster)
        created[key] = cluster
    cluster.members.append(item)
    if named.id is None:
        return "applied"
    return f"applied to a new {named.kind} {named.name!r}: {named.id} is no longer found"
