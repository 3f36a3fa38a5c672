"""Analysts' corrections, re-applied at every link so they survive re-ingesting.

Two kinds, applied at two moments:

- attribution corrections, before people are formed: ``reject`` (this attribution is
  wrong: it credits no one and belongs to no statement) and ``reassign`` (its speaker is
  ``argument["speaker"]``, whatever the text seemed to say). The latest one for an
  attribution wins, so a reassign after a reject reinstates it under the new speaker.
  Attribution ids are stable (``<article id>:<n>``), so they outlive a re-ingest.
- people corrections, after the rules of ``onrecord.link.people``, in the order they
  were made: ``merge``, ``split``, ``rename``. A person is found by their display name
  first, then by any way the corpus writes their name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from onrecord.link.entities import display_name, written_forms
from onrecord.link.people import Cluster
from onrecord.link.records import Correction, Sighting, StoredAttribution
from onrecord.link.speaker_names import fold

ATTRIBUTION_ACTIONS = ("reject", "reassign")
PEOPLE_ACTIONS = ("merge", "split", "rename")


def review_attributions(
    mentions: Sequence[StoredAttribution], corrections: Sequence[Correction]
) -> tuple[list[StoredAttribution | None], dict[int, str]]:
    """The attributions as the analysts left them: ``None`` where one was rejected, the
    analyst's speaker where one was reassigned; and how each correction went."""
    index = {m.attribution_id: i for i, m in enumerate(mentions)}
    reviewed: list[StoredAttribution | None] = list(mentions)
    latest: dict[str, int] = {}  # attribution id -> its latest applied correction
    status: dict[int, str] = {}
    for correction in corrections:
        if correction.action not in ATTRIBUTION_ACTIONS:
            continue
        subject = correction.subject
        speaker = str(correction.argument.get("speaker") or "").strip()
        if subject not in index:
            status[correction.pk] = f"not applied: no attribution {subject!r}"
            continue
        if correction.action == "reassign" and not speaker:
            status[correction.pk] = "not applied: no speaker given"
            continue
        if subject in latest:
            status[latest[subject]] = f"superseded by correction {correction.pk}"
        latest[subject] = correction.pk
        status[correction.pk] = "applied"
        i = index[subject]
        # A reassigned attribution keeps only its words: the extracted role, affiliation
        # and source described the speaker the text seemed to name.
        if correction.action == "reject":
            reviewed[i] = None
        else:
            reviewed[i] = replace(
                mentions[i], speaker=speaker, role=None, affiliation=None, source_span=None
            )
    return reviewed, status


def apply_corrections(
    clusters: list[Cluster],
    mentions: Sequence[Sighting],
    corrections: Sequence[Correction],
) -> dict[int, str]:
    """Apply merges, splits and renames in order; say for each how it went."""
    status: dict[int, str] = {}
    for correction in corrections:
        if correction.action not in PEOPLE_ACTIONS:
            continue
        target = _find(clusters, mentions, correction.subject)
        if target is None:
            status[correction.pk] = f"not applied: no one named {correction.subject!r}"
            continue
        if correction.action == "merge":
            other_name = str(correction.argument.get("other", ""))
            other = _find(clusters, mentions, other_name)
            if other is None:
                status[correction.pk] = f"not applied: no one named {other_name!r}"
                continue
            if other is not target:
                target.members.extend(other.members)
                clusters.remove(other)
        elif correction.action == "split":
            alias = fold(str(correction.argument.get("alias", "")))
            moved = [
                i
                for i in target.members
                if any(fold(form) == alias for form in written_forms(mentions[i]))
            ]
            if not moved or len(moved) == len(target.members):
                status[correction.pk] = f"not applied: no separable mentions {alias!r}"
                continue
            target.members = [i for i in target.members if i not in set(moved)]
            clusters.append(Cluster(target.kind, moved, str(correction.argument["alias"])))
        elif correction.action == "rename":
            target.name = str(correction.argument.get("name") or target.name)
        status[correction.pk] = "applied"
    return status


def _find(clusters: list[Cluster], mentions: Sequence[Sighting], name: str) -> Cluster | None:
    """The entity called ``name``: by its display name first, then by any alias."""
    wanted = fold(name)
    for cluster in clusters:
        if fold(display_name(cluster, mentions)) == wanted:
            return cluster
    for cluster in clusters:
        if any(
            fold(form) == wanted for i in cluster.members for form in written_forms(mentions[i])
        ):
            return cluster
    return None
