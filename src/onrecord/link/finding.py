"""Which entity a correction names, among the entities of one link.

A correction made through the store names each entity exactly (``Named``): its id, kind
and name when the correction was made, and a few of its attributions or name mentions,
its *anchors*. Ids cannot find it again: they come from an entity's earliest attribution,
so a growing corpus changes them. Anchors can: attribution and mention ids never change,
and the rules keep an entity's items together as the corpus grows. Every later link
finds the entity:

1. as the entity of that kind holding most of the anchors (and more of them than any
   other entity does);
2. else by name: the one entity of that kind whose display name or any written form
   folds to the name it had then (or to the name typed);
3. else nowhere, and the correction's status says why.

A correction stored before ``Named`` existed is found by the name typed, the same way,
whatever the kind.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from onrecord.link.entities import display_name, written_forms
from onrecord.link.people import Cluster
from onrecord.link.records import Named, Sighting
from onrecord.link.speaker_names import fold


def find_entity(
    clusters: Sequence[Cluster],
    items: Sequence[Sighting],
    typed: str,
    named: Named | None,
    index: Mapping[str, int],
) -> Cluster | str:
    """The cluster the correction means, or why there is none (a status). ``index``
    gives the place in ``items`` of each item id."""
    live = [c for c in clusters if c.members]
    if named is not None and named.anchors:
        found = _anchored(live, named, index)
        if found is not None:
            return found
    names = [named.name, typed] if named is not None else [typed]
    ambiguous = 0
    for name in dict.fromkeys(n for n in names if fold(n)):
        pool = [c for c in called(live, items, name) if named is None or c.kind == named.kind]
        if len(pool) == 1:
            return pool[0]
        ambiguous = max(ambiguous, len(pool))
    label = f"{named.name!r} ({named.id})" if named and named.id else repr(typed)
    if ambiguous:
        return f"not applied: {ambiguous} entities answer to {label}"
    return f"not applied: no one named {label}"


def _anchored(clusters: list[Cluster], named: Named, index: Mapping[str, int]) -> Cluster | None:
    wanted = {index[a] for a in named.anchors if a in index}
    votes: Counter[int] = Counter()
    for n, cluster in enumerate(clusters):
        if cluster.kind == named.kind:
            votes[n] = sum(1 for i in cluster.members if i in wanted)
    ranked = [(count, n) for n, count in votes.most_common(2) if count]
    if not ranked or (len(ranked) == 2 and ranked[0][0] == ranked[1][0]):
        return None
    return clusters[ranked[0][1]]


def called(clusters: Sequence[Cluster], items: Sequence[Sighting], name: str) -> list[Cluster]:
    """The clusters whose display name, or any way their items write the name, folds to
    ``name``."""
    wanted = fold(name)
    return [
        cluster
        for cluster in clusters
        if fold(display_name(cluster, items)) == wanted
        or any(fold(form) == wanted for i in cluster.members for form in written_forms(items[i]))
    ]
