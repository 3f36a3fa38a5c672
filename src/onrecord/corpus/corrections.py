"""Analysts' corrections to the people list: merge, split, rename.

Applied after the rules of ``onrecord.corpus.people``, in the order they were made, at
every link, so they survive re-ingesting and re-linking the corpus. A person is found
by their display name first, then by any way the corpus writes their name.
"""

from __future__ import annotations

from collections.abc import Sequence

from onrecord.corpus.entities import display_name, written_forms
from onrecord.corpus.names import fold
from onrecord.corpus.people import Cluster
from onrecord.corpus.records import Correction, Sighting


def apply_corrections(
    clusters: list[Cluster],
    mentions: Sequence[Sighting],
    corrections: Sequence[Correction],
) -> dict[int, str]:
    """Apply merges, splits and renames in order; say for each how it went."""
    status: dict[int, str] = {}
    for correction in corrections:
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
