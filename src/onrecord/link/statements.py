"""Statements across articles: the same words, reported again and again.

Two attributions of the same speaker are one statement when their quoted words, folded
(lowercase, no punctuation), are

* the same, or nearly (rapidfuzz ratio ≥ 90: a changed word, "U.S." for "US");
* one inside the other: ≥ 80% of the shorter one's 6-word shingles occur in the longer
  one (the shorter must have ≥ 6 words), or both share an unbroken run of ≥ 10 words
  (a fragment reused inside a longer quote);
* a paraphrase by word choice: Jaccard ≥ 0.6 over content words (both ≥ 5 of them).

Candidates come from an inverted index of 6-word shingles and, for speakers with many
distinct quotes, from one of content words read with prefix filtering, so the work grows
with the number of near pairs rather than with the square of a speaker's quotes. The
second misses no paraphrase, as MinHash LSH, used before, could.

A statement's reports are in report order: dated reports by date (same-day ones by
article id), then undated ones in the order their articles were stored, since nothing in
them says which came first. Its first report, and so ``first_published``, is the
earliest dated one when there is one. Its id comes from the first report in an order
that ignores ingest order, so ids never depend on it.

Words quoted by someone else are reports of the earlier statement too, with
``quoted_by`` set: ``onrecord.link.quoting`` has those rules.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz

from onrecord.link.quoting import add_quotes
from onrecord.link.records import Entity, Report, Statement, StoredAttribution
from onrecord.link.units import SHARED_RUN_WORDS, Unit, make_units, shared_run

NEAR_EXACT = 90.0
CONTAINMENT = 0.8
PARAPHRASE_JACCARD = 0.6
PARAPHRASE_MIN_WORDS = 5
BRUTE_FORCE_UNITS = 40  # below this many distinct quotes per speaker, compare all pairs
COMMON_SHINGLE = 200  # a shingle in more distinct quotes than this is boilerplate


def _contained(a: Unit, b: Unit) -> bool:
    short, long = (a, b) if len(a.shingles) <= len(b.shingles) else (b, a)
    if not short.shingles:
        return False
    return len(short.shingles & long.shingles) >= CONTAINMENT * len(short.shingles)


def same_statement(a: Unit, b: Unit) -> bool:
    """The rules of the module docstring, for two quotes by one speaker."""
    if fuzz.ratio(a.text, b.text) >= NEAR_EXACT or _contained(a, b):
        return True
    if shared_run(a, b) >= SHARED_RUN_WORDS:
        return True
    if min(len(a.content), len(b.content)) < PARAPHRASE_MIN_WORDS:
        return False
    return len(a.content & b.content) >= PARAPHRASE_JACCARD * len(a.content | b.content)


def _shingle_pairs(units: Sequence[Unit]) -> set[tuple[int, int]]:
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


def _paraphrase_pairs(units: Sequence[Unit], group: list[int]) -> set[tuple[int, int]]:
    """Every pair of ``group`` whose content words may be a paraphrase (Jaccard ≥
    ``PARAPHRASE_JACCARD``), and few others: prefix filtering over an inverted index.

    With each quote's words ordered rarest first, two sets with Jaccard ≥ t share a word
    among the first ``|s| - ceil(t·|s|) + 1`` of each (Bayardo et al., "Scaling up all
    pairs similarity search", 2007). So the pairs are exact, unlike LSH's, and the
    postings read are those of rare words, which few quotes share.
    """
    eligible = [n for n in group if len(units[n].content) >= PARAPHRASE_MIN_WORDS]
    frequency = Counter(word for n in eligible for word in units[n].content)
    postings: dict[str, list[int]] = defaultdict(list)
    pairs: set[tuple[int, int]] = set()
    for n in eligible:
        words = sorted(units[n].content, key=lambda word: (frequency[word], word))
        for word in words[: len(words) - _at_least(PARAPHRASE_JACCARD, len(words)) + 1]:
            pairs.update((m, n) for m in postings[word])
            postings[word].append(n)
    return pairs


def _at_least(share: float, size: int) -> int:
    """The fewest of ``size`` words that make ``share`` of them (0.6 of 5 is 3, not 4:
    ``0.6 * 5`` is 3.0000000000000004 in floating point)."""
    return math.ceil(round(share * size, 9))


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
    mentions: Sequence[StoredAttribution],
    speaker_of: Sequence[str | None],
    entities: dict[str, Entity],
    article_text: Callable[[str], str],
    quotes: bool = True,
) -> list[Statement]:
    """Statements with their reports, from mentions and each mention's entity id;
    without ``quotes``, only the speakers' own reports (no one quoting them)."""
    units = make_units(mentions, speaker_of)
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
            candidates |= _paraphrase_pairs(units, group)
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
    if quotes:
        add_quotes(units, shingle_pairs, mentions, speaker_of, statements, entities, article_text)
    number_reports(statements, mentions)
    statements.sort(key=lambda st: (st.first.order, st.id))
    return statements


def add_quoted_reports(
    statements: list[Statement],
    mentions: Sequence[StoredAttribution],
    speaker_of: Sequence[str | None],
    entities: dict[str, Entity],
    article_text: Callable[[str], str],
) -> None:
    """Add to ``statements`` (their own reports only) the reports of others quoting them,
    among ``mentions`` (their own reports' attributions and the attributions that may
    quote them, each spoken by ``speaker_of``), as ``link_statements`` adds them."""
    units = make_units(mentions, speaker_of)
    add_quotes(
        units, _shingle_pairs(units), mentions, speaker_of, statements, entities, article_text
    )
    number_reports(statements, mentions)


def number_reports(statements: list[Statement], mentions: Sequence[StoredAttribution]) -> None:
    """Put each statement's reports in report order and number them."""
    order = {m.attribution_id: m.order for m in mentions}
    for statement in statements:
        statement.reports.sort(key=lambda r: order[r.attribution_id])
        for position, report in enumerate(statement.reports):
            report.position = position


def _statement(
    members: list[int],
    mentions: Sequence[StoredAttribution],
    speaker_of: Sequence[str | None],
    entities: dict[str, Entity],
) -> Statement:
    said_by = [mentions[i] for i in members]
    anchor = min(said_by, key=lambda m: m.canonical)
    ident = "S" + hashlib.sha1(anchor.attribution_id.encode()).hexdigest()[:12]
    return own_statement(ident, said_by, entities[speaker_of[members[0]] or ""])


def own_statement(ident: str, said_by: Sequence[StoredAttribution], entity: Entity) -> Statement:
    """Statement ``ident`` of ``entity`` with its own reports only, ``said_by`` in report
    order (the store rebuilds stored statements so, to add who quoted them)."""
    first = said_by[0]
    return Statement(
        id=ident,
        speaker_id=entity.id,
        speaker_kind=entity.kind,
        speaker=entity.name,
        words=first.words,
        first=first,
        reports=[_report(ident, m) for m in said_by],
    )


def _report(
    statement_id: str, m: StoredAttribution, by: tuple[str | None, str | None] = (None, None)
) -> Report:
    return Report(statement_id, m.attribution_id, m.article_id, 0, m.published, m.outlet, *by)
