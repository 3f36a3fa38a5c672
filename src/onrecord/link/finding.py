"""Which entity a correction names, among the entities of one link.

A correction made through the store names each entity exactly (``Named``: its id, kind
and name when the correction was made). Every later link finds it again:

1. by that id, when an entity still has it. Ids come from an entity's earliest
   attribution (``entities.entity_ids``), so they hold across relinks and re-ingests,
   but an entity that gains an earlier attribution, or loses that one, gets a new id;
2. else by name: the one entity of the same kind whose display name or any written form
   folds to the name it had then (or to the name typed);
3. else nowhere, and the correction's status says why.

A correction stored before ``Named`` existed is found by the name typed, the same way,
whatever the kind.
"""

from __future__ import annotations

from collections.abc import Sequence

from onrecord.link.entities import display_name, entity_ids, written_forms
from onrecord.link.people import Cluster
from onrecord.link.records import Named, Sighting
from onrecord.link.speaker_names import fold


def find_entity(
    clusters: Sequence[Cluster], items: Sequence[Sighting], typed: str, named: Named | None
) -> Cluster | str:
    """The cluster the correction means, or why there is none (a status)."""
    live = [c for c in clusters if c.members]
    if named is not None and named.id is not None:
        for cluster, ident in zip(live, entity_ids(live, items), strict=True):
            if ident == named.id:
                return cluster
    names = [named.name, typed] if named is not None else [typed]
    ambiguous = 0
    for name in dict.fromkeys(n for n in names if fold(n)):
        pool = [c for c in called(live, items, name) if named is None or c.kind == named.kind]
        if len(pool) == 1:
            return pool[0]
        ambiguous = max(ambiguous, len(pool))
    if ambiguous:
        return f"not applied: {typed!r} names {ambiguous} entities"
    return f"not applied: no one named {typed!r}"


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
