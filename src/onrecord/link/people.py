"""People and organisations across articles.

Rules, in order:

1. Full names ("Matthew Miller", "State Department spokesman Matthew Miller", "Antony J
   Blinken") are grouped by surname; within a surname, names whose first names match
   (identical, or close by rapidfuzz, or one a short form of the other) are one person,
   unless both carry affiliations that disagree.
2. A surname alone ("Miller") joins the full-name person with that surname whose
   role/affiliation agrees with it; with no role or affiliation to compare, it joins the
   only candidate, or the candidate named in full in the same article. Otherwise it stays
   apart: two Millers with different affiliations are never merged by a bare "Miller".
3. Organisations are grouped by ``org_key`` ("US Department of State" = "State
   Department").
4. Analysts' corrections (merge, split, rename) are applied last, in the order made
   (``onrecord.link.corrections``).

The rules read attributions' speakers and the names articles mention (``NameMention``)
alike: a person named in two articles and never quoted is still one person, and
"Secretary of State Antony J Blinken" in one article and "Antony Blinken" in another
meet under one key. A name mention is only ever a person. ``onrecord.link.entities``
turns the groups into entity records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from onrecord.link.records import Sighting
from onrecord.link.speaker_names import EntityKind, Speaker, fold, org_key

_SPOKES = {"spokesman": "spokesperson", "spokeswoman": "spokesperson"}


@dataclass(slots=True)
class Cluster:
    """Mentions (indices into the mention list) believed to be one entity."""

    kind: EntityKind
    members: list[int] = field(default_factory=list)
    name: str | None = None  # set by a rename


def _role_key(role: str) -> str:
    return " ".join(_SPOKES.get(w, w) for w in fold(role).split())


def affiliations_agree(a: str, b: str) -> bool:
    ka, kb = org_key(a), org_key(b)
    if not ka or not kb:
        return False
    return (
        ka == kb
        or f" {ka} " in f" {kb} "
        or f" {kb} " in f" {ka} "
        or (fuzz.token_set_ratio(ka, kb) >= 90)
    )


def roles_agree(a: str, b: str) -> bool:
    ka, kb = _role_key(a), _role_key(b)
    return bool(ka and kb) and (ka in kb or kb in ka or fuzz.token_set_ratio(ka, kb) >= 80)


def _first_names_match(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return (len(short) >= 3 and long.startswith(short)) or fuzz.ratio(a, b) >= 85


@dataclass(slots=True)
class _Profile:
    """What is known about a candidate person: for comparing a bare surname with it."""

    affiliations: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)

    def agrees(self, role: str | None, affiliation: str | None) -> bool | None:
        """True/False when there is something to compare, None when there is not."""
        if affiliation and self.affiliations:
            return any(affiliations_agree(affiliation, a) for a in self.affiliations)
        if role and self.roles:
            return any(roles_agree(role, r) for r in self.roles)
        return None


def cluster_mentions(
    mentions: Sequence[Sighting], parsed: Sequence[Speaker | None]
) -> list[Cluster]:
    """Group mentions into entities by the rules in the module docstring."""
    clusters: list[Cluster] = []
    orgs: dict[str, Cluster] = {}
    full: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    bare: list[int] = []
    for i, sp in enumerate(parsed):
        if sp is None:
            continue
        if sp.kind == "organisation":
            orgs.setdefault(sp.key, Cluster("organisation")).members.append(i)
        elif sp.full:
            full[sp.surname][sp.key].append(i)
        else:
            bare.append(i)
    clusters.extend(orgs[key] for key in sorted(orgs))

    people_by_surname: dict[str, list[tuple[Cluster, _Profile]]] = {}
    for surname in sorted(full):
        groups = _group_full_names(full[surname], mentions, parsed)
        people_by_surname[surname] = groups
        clusters.extend(cluster for cluster, _ in groups)
    clusters.extend(_place_bare_surnames(bare, mentions, parsed, people_by_surname))
    return clusters


def _context(mention: Sighting, sp: Speaker) -> tuple[str | None, str | None]:
    return mention.role or sp.role_hint, mention.affiliation or sp.affiliation_hint


def _group_full_names(
    by_key: dict[str, list[int]], mentions: Sequence[Sighting], parsed: Sequence[Speaker | None]
) -> list[tuple[Cluster, _Profile]]:
    keys = sorted(by_key)
    profiles = {key: _Profile() for key in keys}
    for key in keys:
        for i in by_key[key]:
            sp = parsed[i]
            assert sp is not None
            role, affiliation = _context(mentions[i], sp)
            if affiliation:
                profiles[key].affiliations.add(affiliation)
            if role:
                profiles[key].roles.add(role)
            profiles[key].articles.add(mentions[i].article_id)
    parent = {key: key for key in keys}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for n, a in enumerate(keys):
        for b in keys[n + 1 :]:
            if not _first_names_match(a.split()[0], b.split()[0]):
                continue
            pa, pb = profiles[a], profiles[b]
            clash = (
                pa.affiliations
                and pb.affiliations
                and not any(
                    affiliations_agree(x, y) for x in pa.affiliations for y in pb.affiliations
                )
            )
            if not clash:
                parent[find(b)] = find(a)
    merged: dict[str, tuple[Cluster, _Profile]] = {}
    for key in keys:
        root = find(key)
        cluster, profile = merged.setdefault(root, (Cluster("person"), _Profile()))
        cluster.members.extend(by_key[key])
        profile.affiliations |= profiles[key].affiliations
        profile.roles |= profiles[key].roles
        profile.articles |= profiles[key].articles
    return [merged[root] for root in sorted(merged)]


def _place_bare_surnames(
    bare: list[int],
    mentions: Sequence[Sighting],
    parsed: Sequence[Speaker | None],
    people_by_surname: dict[str, list[tuple[Cluster, _Profile]]],
) -> list[Cluster]:
    """Join bare surnames to full-name people; return clusters for those left alone."""
    alone: dict[str, dict[str | None, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i in bare:
        sp = parsed[i]
        assert sp is not None
        role, affiliation = _context(mentions[i], sp)
        candidates = people_by_surname.get(sp.surname, [])
        verdicts = [
            (cluster, profile, profile.agrees(role, affiliation)) for cluster, profile in candidates
        ]
        strong = [(c, p) for c, p, v in verdicts if v is True]
        open_ = [(c, p) for c, p, v in verdicts if v is None]
        pool = strong or open_
        chosen: Cluster | None = None
        if len(pool) == 1:
            chosen = pool[0][0]
        elif pool:
            here = [c for c, p in pool if mentions[i].article_id in p.articles]
            chosen = here[0] if len(here) == 1 else None
        if chosen is not None:
            chosen.members.append(i)
        else:
            alone[sp.surname][org_key(affiliation) if affiliation else None].append(i)
    clusters: list[Cluster] = []
    for surname in sorted(alone):
        groups = alone[surname]
        known = [key for key in groups if key is not None]
        if None in groups and len(known) == 1:  # nothing says the unplaced one differs
            groups[known[0]].extend(groups.pop(None))
        for key in sorted(groups, key=lambda k: k or ""):
            clusters.append(Cluster("person", sorted(groups[key])))
    return clusters
