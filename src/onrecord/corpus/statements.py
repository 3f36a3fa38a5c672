"""Statements across articles: the same words, reported again and again.

Two attributions of the same speaker are one statement when their quoted words, folded
(lowercase, no punctuation), are

* the same, or nearly (rapidfuzz ratio ≥ 90: a changed word, "U.S." for "US");
* one inside the other: ≥ 80% of the shorter one's 6-word shingles occur in the longer
  one (the shorter must have ≥ 6 words), or both share an unbroken run of ≥ 10 words
  (a fragment reused inside a longer quote);
* a paraphrase by word choice: Jaccard ≥ 0.6 over content words (both ≥ 5 of them).

Candidates come from an inverted index of 6-word shingles and, for speakers with many
distinct quotes, from MinHash LSH (datasketch) over content words, so the work grows with
the number of near pairs rather than with the square of a speaker's quotes.

Quoted by someone else: when a later attribution by another speaker (or by no resolved
speaker) shares an unbroken run of ≥ 10 words with an earlier statement, and the earlier
speaker is an organisation or is named in the later article, the
later attribution is recorded as a report of the earlier statement with ``quoted_by`` set
to its own speaker. The later attribution still keeps its own statement.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from datasketch import MinHash, MinHashLSH
from rapidfuzz import fuzz

from onrecord.corpus.names import fold
from onrecord.corpus.records import Entity, Mention, Report, Statement

SHINGLE = 6
NEAR_EXACT = 90.0
CONTAINMENT = 0.8
PARAPHRASE_JACCARD = 0.6
PARAPHRASE_MIN_WORDS = 5
SHARED_RUN_WORDS = 10
BRUTE_FORCE_UNITS = 40  # below this many distinct quotes per speaker, compare all pairs
COMMON_SHINGLE = 200  # a shingle in more distinct quotes than this is boilerplate
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "we",
        "our",
        "us",
        "you",
        "your",
        "he",
        "his",
        "him",
        "she",
        "her",
        "they",
        "their",
        "them",
        "i",
        "me",
        "my",
        "not",
        "no",
        "will",
        "would",
        "should",
        "could",
        "can",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "so",
        "than",
        "then",
        "there",
        "here",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "some",
        "such",
        "very",
        "also",
        "into",
        "about",
        "over",
    ]
)


@dataclass(slots=True)
class _Unit:
    """Distinct folded words of one speaker (or of no speaker), with their mentions."""

    speaker: str | None
    text: str
    tokens: list[str]
    sequence: list[int]  # shingle hashes in text order, for shared runs
    shingles: set[int]
    content: frozenset[str]
    members: list[int] = field(default_factory=list)


def _shingles(tokens: list[str]) -> list[int]:
    return [hash(tuple(tokens[i : i + SHINGLE])) for i in range(len(tokens) - SHINGLE + 1)]


def _contained(a: _Unit, b: _Unit) -> bool:
    short, long = (a, b) if len(a.shingles) <= len(b.shingles) else (b, a)
    if not short.shingles:
        return False
    return len(short.shingles & long.shingles) >= CONTAINMENT * len(short.shingles)


def shared_run(a: _Unit, b: _Unit) -> int:
    """The longest run of words the two quotes share, counted in words (0 if < 6)."""
    short, long = (a, b) if len(a.sequence) <= len(b.sequence) else (b, a)
    best = streak = 0
    for shingle in short.sequence:
        streak = streak + 1 if shingle in long.shingles else 0
        best = max(best, streak)
    return best + SHINGLE - 1 if best else 0


def same_statement(a: _Unit, b: _Unit) -> bool:
    """The rules of the module docstring, for two quotes by one speaker."""
    if fuzz.ratio(a.text, b.text) >= NEAR_EXACT or _contained(a, b):
        return True
    if shared_run(a, b) >= SHARED_RUN_WORDS:
        return True
    if min(len(a.content), len(b.content)) < PARAPHRASE_MIN_WORDS:
        return False
    return len(a.content & b.content) >= PARAPHRASE_JACCARD * len(a.content | b.content)


def _units(mentions: Sequence[Mention], speaker_of: Sequence[str | None]) -> list[_Unit]:
    units: dict[tuple[str | None, str], _Unit] = {}
    for i, mention in enumerate(mentions):
        text = fold(mention.words)
        if not text:
            continue
        unit = units.get((speaker_of[i], text))
        if unit is None:
            tokens = text.split()
            content = frozenset(t for t in tokens if t not in STOPWORDS)
            sequence = _shingles(tokens)
            unit = _Unit(speaker_of[i], text, tokens, sequence, set(sequence), content)
            units[(speaker_of[i], text)] = unit
        unit.members.append(i)
    return [units[key] for key in sorted(units, key=lambda k: (k[0] or "", k[1]))]


def _shingle_pairs(units: Sequence[_Unit]) -> set[tuple[int, int]]:
    postings: dict[int, list[int]] = defaultdict(list)
    for n, unit in enumerate(units):
        for shingle in unit.shingles:
            postings[shingle].append(n)
    pairs: set[tuple[int, int]] = set()
    for posting in postings.values():
        if 1 < len(posting) <= COMMON_SHINGLE:
            for x, a in enumerate(posting):
                pairs.update((a, b) for b in posting[x + 1 :])
    return pairs


def _lsh_pairs(units: Sequence[_Unit], group: list[int]) -> set[tuple[int, int]]:
    eligible = [n for n in group if len(units[n].content) >= PARAPHRASE_MIN_WORDS]
    hashes = MinHash.bulk(
        [[w.encode() for w in sorted(units[n].content)] for n in eligible], num_perm=64
    )
    lsh = MinHashLSH(threshold=PARAPHRASE_JACCARD - 0.1, num_perm=64)
    for n, minhash in zip(eligible, hashes, strict=True):
        lsh.insert(n, minhash, check_duplication=False)
    pairs: set[tuple[int, int]] = set()
    for n, minhash in zip(eligible, hashes, strict=True):
        pairs.update((min(n, m), max(n, m)) for m in lsh.query(minhash) if m != n)
    return pairs


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def link_statements(
    mentions: Sequence[Mention],
    speaker_of: Sequence[str | None],
    entities: dict[str, Entity],
    article_text: Callable[[str], str],
) -> list[Statement]:
    """Statements with their reports, from mentions and each mention's entity id."""
    units = _units(mentions, speaker_of)
    shingle_pairs = _shingle_pairs(units)
    by_speaker: dict[str, list[int]] = defaultdict(list)
    for n, unit in enumerate(units):
        if unit.speaker is not None:
            by_speaker[unit.speaker].append(n)
    candidates = {p for p in shingle_pairs if units[p[0]].speaker == units[p[1]].speaker}
    for group in by_speaker.values():
        if len(group) <= BRUTE_FORCE_UNITS:
            candidates.update((a, b) for x, a in enumerate(group) for b in group[x + 1 :])
        else:
            candidates |= _lsh_pairs(units, group)
    joined = _UnionFind(len(units))
    for a, b in sorted(candidates):
        if units[a].speaker is not None and same_statement(units[a], units[b]):
            joined.union(a, b)
    components: dict[int, list[int]] = defaultdict(list)
    for n, unit in enumerate(units):
        if unit.speaker is not None:
            components[joined.find(n)].extend(unit.members)
    statements = [
        _statement(sorted(members, key=lambda i: mentions[i].order), mentions, speaker_of, entities)
        for members in components.values()
    ]
    _add_quotes(units, shingle_pairs, mentions, statements, entities, article_text)
    order = {m.attribution_id: m.order for m in mentions}
    for statement in statements:
        statement.reports.sort(key=lambda r: order[r.attribution_id])
        for position, report in enumerate(statement.reports):
            report.position = position
    statements.sort(key=lambda st: (st.first.order, st.id))
    return statements


def _statement(
    members: list[int],
    mentions: Sequence[Mention],
    speaker_of: Sequence[str | None],
    entities: dict[str, Entity],
) -> Statement:
    first = mentions[members[0]]
    entity = entities[speaker_of[members[0]] or ""]
    ident = "S" + hashlib.sha1(first.attribution_id.encode()).hexdigest()[:12]
    return Statement(
        id=ident,
        speaker_id=entity.id,
        speaker_kind=entity.kind,
        speaker=entity.name,
        words=first.words,
        first=first,
        reports=[_report(ident, mentions[i]) for i in members],
    )


def _report(
    statement_id: str, m: Mention, by: tuple[str | None, str | None] = (None, None)
) -> Report:
    return Report(statement_id, m.attribution_id, m.article_id, 0, m.published, m.outlet, *by)


def _add_quotes(
    units: Sequence[_Unit],
    pairs: Iterable[tuple[int, int]],
    mentions: Sequence[Mention],
    statements: list[Statement],
    entities: dict[str, Entity],
    article_text: Callable[[str], str],
) -> None:
    """Reports of earlier statements quoted by other speakers (module docstring)."""
    owner: dict[str, Statement] = {r.attribution_id: s for s in statements for r in s.reports}
    added: set[tuple[str, str]] = set()
    for a, b in sorted(pairs):
        ua, ub = units[a], units[b]
        if ua.speaker == ub.speaker or shared_run(ua, ub) < SHARED_RUN_WORDS:
            continue
        for source, quoting in ((ua, ub), (ub, ua)):
            if source.speaker is None:
                continue
            statement = owner[mentions[source.members[0]].attribution_id]
            entity = entities[source.speaker]
            for i in quoting.members:
                later = mentions[i]
                if later.order <= statement.first.order:
                    continue
                if later.article_id in {r.article_id for r in statement.reports}:
                    continue
                if (statement.id, later.attribution_id) in added:
                    continue
                if entity.kind != "organisation" and not _named_in(
                    entity, article_text(later.article_id)
                ):
                    continue
                quoter = entities.get(quoting.speaker or "")
                if quoter is not None:
                    by: tuple[str | None, str | None] = (quoter.id, quoter.name)
                else:
                    by = (None, later.speaker or later.source_text)
                statement.reports.append(_report(statement.id, later, by))
                added.add((statement.id, later.attribution_id))


def _named_in(entity: Entity, text: str) -> bool:
    folded = f" {fold(text)} "
    names = {entity.name, *entity.aliases}
    return any(f" {fold(name)} " in folded for name in names if fold(name))
