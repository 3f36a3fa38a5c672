"""Entity records for the groups the person rules make: ids, names, aliases, roles.

An entity's ``mentions`` counts the places the corpus refers to them: every attribution
(a "he said" included) and every written name that is not already the source of one of
their attributions. Ids are hashes of what the entity was built from, so linking the
same corpus twice gives the same ids.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from onrecord.link.people import Cluster
from onrecord.link.records import LATE, Entity, NameMention, Role, Sighting, StoredAttribution
from onrecord.link.speaker_names import Speaker, fold, parse_speaker

# "P" (person) or "O" (organisation) and 12 hex digits of a hash: never a name.
ENTITY_ID = re.compile(r"[PO][0-9a-f]{12}")


def looks_like_id(text: str) -> bool:
    """Is ``text`` written as an entity id, rather than a name?"""
    return ENTITY_ID.fullmatch(text.strip()) is not None


def read_speaker(item: Sighting) -> Speaker | None:
    """How an item names its speaker: as the analyst named them, whole and with no role
    or affiliation in it ("Tariq bin Ziyad" stays that, not a "Ziyad" with a role "Tariq
    bin"), or as ``parse_speaker`` reads the text's words."""
    if isinstance(item, StoredAttribution) and item.named_as is not None and item.speaker:
        key = fold(item.speaker)
        surname = key.split()[-1] if item.named_as == "person" and key else ""
        return Speaker(item.named_as, item.speaker, key, surname, None, None)
    return parse_speaker(item.speaker)


def display_name(cluster: Cluster, mentions: Sequence[Sighting]) -> str:
    """The rename if any, else the most used name (full names preferred for people; on a
    tie, the form without a middle initial, as in-article resolution chooses)."""
    if cluster.name:
        return cluster.name
    names: Counter[str] = Counter()
    for i in cluster.members:
        item = mentions[i]
        sp = read_speaker(item)
        if sp is not None:  # a name an analyst gave counts as a full one
            chosen = isinstance(item, StoredAttribution) and item.named_as is not None
            names[sp.name] += 2 if sp.full or sp.kind == "organisation" or chosen else 1
    if not names:
        return "?"
    return min(names, key=lambda n: (-names[n], _has_initial(n), -len(n.split()), n))


def _has_initial(name: str) -> bool:
    return any(len(word.rstrip(".")) == 1 and word[:1].isupper() for word in name.split()[1:])


def build_entities(clusters: list[Cluster], mentions: Sequence[Sighting]) -> list[Entity]:
    """Entity records with deterministic ids, names, aliases, roles and dates."""
    entities: list[Entity] = []
    taken: set[str] = set()
    for cluster in clusters:
        if not cluster.members:
            continue
        members = [mentions[i] for i in cluster.members]
        key_source = _ident_source(members)
        weights = _weights(members)
        prefix = "P" if cluster.kind == "person" else "O"
        ident = prefix + hashlib.sha1(key_source.encode()).hexdigest()[:12]
        while ident in taken:  # two clusters from one split can share their smallest key
            ident = prefix + hashlib.sha1(ident.encode()).hexdigest()[:12]
        taken.add(ident)
        dates = sorted(m.date for m in members if m.date != LATE)
        affiliations = Counter(a for a in map(_affiliation, members) if a)
        entities.append(
            Entity(
                id=ident,
                kind=cluster.kind,
                name=display_name(cluster, mentions),
                affiliation=min(affiliations, key=lambda a: (-affiliations[a], a))
                if affiliations
                else None,
                mentions=sum(weights),
                first_reported=dates[0] if dates else None,
                last_reported=dates[-1] if dates else None,
                aliases=dict(Counter(form for m in members for form in _alias_forms(m))),
                roles=_roles(members, weights) if cluster.kind == "person" else [],
            )
        )
    return entities


def _alias_forms(item: Sighting) -> list[str]:
    if isinstance(item, NameMention):
        return list(item.variants) or [item.name]
    return [item.speaker] if item.speaker else []


def _affiliation(mention: Sighting) -> str | None:
    sp = read_speaker(mention)
    return mention.affiliation or (sp.affiliation_hint if sp else None)


def _roles(members: list[Sighting], weights: list[int]) -> list[Role]:
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    counts: Counter[tuple[str, str]] = Counter()
    for m, weight in zip(members, weights, strict=True):
        sp = read_speaker(m)
        role = m.role or (sp.role_hint if sp else None) or ""
        affiliation = m.affiliation or (sp.affiliation_hint if sp else None) or ""
        if (role or affiliation) and weight:
            found[(role, affiliation)].append(m.date)
            counts[(role, affiliation)] += weight
    roles = []
    for (role, affiliation), dates in sorted(found.items()):
        dated = sorted(d for d in dates if d != LATE)
        roles.append(
            Role(
                role,
                affiliation,
                dated[0] if dated else None,
                dated[-1] if dated else None,
                counts[(role, affiliation)],
            )
        )
    return roles


def written_forms(item: Sighting) -> list[str]:
    """The ways an item writes the name: an attribution's speaker, or the name and
    every variant of a name mention."""
    if isinstance(item, NameMention):
        return [item.name, *item.variants]
    return [item.speaker] if item.speaker else []


def _weights(members: list[Sighting]) -> list[int]:
    """How many places each member adds to the entity's mentions: one per attribution,
    and one per written name that is not the source of one of those attributions (so
    "Miller said" counts once, not twice)."""
    sources: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for m in members:
        if isinstance(m, StoredAttribution) and m.source_span is not None:
            sources[m.article_id].append(m.source_span)
    weights = []
    for m in members:
        if isinstance(m, StoredAttribution):
            weights.append(1)
            continue
        taken = sources.get(m.article_id, [])
        weights.append(
            sum(1 for a, b in m.spans if not any(a < end and start < b for start, end in taken))
        )
    return weights


def _ident_source(members: list[Sighting]) -> str:
    """What an entity's id is derived from: the attributions the text credits them with
    when there are any, so adding name mentions to a corpus does not change the ids of
    people who speak; else the names written; else (an entity an analyst made) the
    attributions analysts gave them. An attribution an analyst gives an entity never
    changes its id."""
    said = [m for m in members if isinstance(m, StoredAttribution)]
    if text := [m for m in said if m.named_as is None]:
        return min(f"{m.speaker}|{m.affiliation or ''}|{m.attribution_id}" for m in text)
    if named := [m for m in members if isinstance(m, NameMention)]:
        return min(f"{m.name}|{m.affiliation or ''}|{m.mention_id}" for m in named)
    return min(f"{m.speaker}|{m.affiliation or ''}|{m.attribution_id}" for m in said)
