"""Statements quoted by someone else: a later speaker repeating earlier words.

A later attribution by another speaker (or by no resolved speaker) becomes a report of
an earlier statement, with ``quoted_by`` set to its own speaker, when either rule holds:

1. Reuse of a run: the two share an unbroken run of ≥ 10 words, and the earlier speaker
   is an organisation or is named anywhere in the later article.
2. A quoted paraphrase: a fragment the later attribution puts inside quotation marks
   (all of it, for a direct quote with no marks in its words; indirect speech has none)
   has ≥ 6 content words, ≥ 80% of which, lightly stemmed, occur in one quote of the
   earlier statement; the two agree on negation (a "not" on one side only is another
   claim); and the later attribution's sentence names the earlier speaker. A person is
   named by a full name, by the surname when the article has the full name elsewhere,
   or by an organisation they speak for (an affiliation; organisation names compared as
   ``org_key`` compares them, so "US Department of State" names the "State
   Department"; a country is no such organisation, it is named in most sentences about
   it). An organisation is named by any of its names.

Rule 2 is what catches reuse at one remove: a letter quoting, as a department's, words
its spokesman said a year earlier, slightly reworded. Words in quotation marks are
offered as someone else's words, which is why the rule reads only them; the naming
keeps a shared phrase ("peaceful assembly") by an unrelated speaker from being taken
for a quotation.

Both rules need the later report to come after the statement's first one (in report
order: dated reports by date, undated ones after them in the order they were stored)
and in an article that does not already report the statement. The later attribution
still keeps its own statement.

Rule 2 finds its candidates by prefix filtering: a quote holding 80% of a fragment's n
content words must hold one of any n - ⌈0.8 n⌉ + 1 of them, so only the postings of the
fragment's rarest words are read.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from unicodedata import normalize

from onrecord.extract import find_quotes
from onrecord.link.records import Entity, Report, Statement, StoredAttribution
from onrecord.link.speaker_names import fold, is_institution, org_forms, parse_speaker
from onrecord.link.units import (
    SHARED_RUN_WORDS,
    STOPWORDS,
    Unit,
    content_stems,
    negated,
    shared_run,
    stem,
)

FRAGMENT_MIN_WORDS = 6
FRAGMENT_SHARE = 0.8
# Words before the first shared word that may negate it: "did not include".
_NEGATION_REACH = 3
# How far to look for the ends of the sentence around an attribution, in characters.
_SENTENCE_REACH = 600
# A sentence ends at a line break, or at . ! ? (and any closing marks) before a space,
# unless the full stop ends an initial ("U.S.", "J.") or a usual abbreviation.
_SENTENCE_END = re.compile(
    r"\n|(?<![A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bJr)(?<!\bSr)(?<!\bMrs)"
    r"[.!?][\"'”’)]*\s"
)

# A double mark of any style, a single opening one, or a straight single mark where a
# word starts.
_OPENING_MARK = re.compile(r"[\"“”„«»‘‹›]|(?:^|[\s(\[{—–/-])'(?=\S)")


@dataclass(frozen=True, slots=True)
class Fragment:
    """Words an attribution puts inside quotation marks, as rule 2 compares them."""

    stems: frozenset[str]
    negated: bool


def add_quotes(
    units: Sequence[Unit],
    shingle_pairs: Iterable[tuple[int, int]],
    mentions: Sequence[StoredAttribution],
    speaker_of: Sequence[str | None],
    statements: list[Statement],
    entities: dict[str, Entity],
    article_text: Callable[[str], str],
) -> None:
    """Add the reports both rules find to ``statements`` (module docstring).

    Only ``statements`` receive reports: a unit whose statement is not among them is
    read as a later quote of theirs, never as a source. That is what lets the store
    find one statement's quotes from its own reports and the attributions whose words
    are related to them (``onrecord.store.quotelink``)."""
    owner = {r.attribution_id: s for s in statements for r in s.reports}
    own_articles = {s.id: {r.article_id for r in s.reports} for s in statements}
    found: dict[str, set[int]] = defaultdict(set)

    def may_quote(statement: Statement, i: int) -> bool:
        later = mentions[i]
        return (
            later.order > statement.first.order
            and later.article_id not in own_articles[statement.id]
            and i not in found[statement.id]
        )

    for a, b in sorted(shingle_pairs):
        ua, ub = units[a], units[b]
        if ua.speaker == ub.speaker or shared_run(ua, ub) < SHARED_RUN_WORDS:
            continue
        for source, later in ((ua, ub), (ub, ua)):
            statement = _owner(owner, source, mentions)
            if statement is None:
                continue
            entity = entities[statement.speaker_id]
            for i in later.members:
                if may_quote(statement, i) and (
                    entity.kind == "organisation"
                    or _named_in(entity, article_text(mentions[i].article_id))
                ):
                    found[statement.id].add(i)
    named: dict[tuple[str, int], bool] = {}  # one statement's quotes share a speaker
    for source, i in paraphrase_pairs(units, mentions, speaker_of):
        statement = _owner(owner, source, mentions)
        if statement is None or not may_quote(statement, i):
            continue
        key = (statement.speaker_id, i)
        if key not in named:
            named[key] = _named_near(entities[statement.speaker_id], mentions[i], article_text)
        if named[key]:
            found[statement.id].add(i)
    for statement in statements:
        # One report per article, the first of its quotes, whatever order they were found in.
        hits = sorted(found.get(statement.id, ()), key=lambda i: mentions[i].order)
        seen = own_articles[statement.id]
        for i in hits:
            if mentions[i].article_id not in seen:
                seen.add(mentions[i].article_id)
                statement.reports.append(_quoted(statement, mentions[i], entities, speaker_of[i]))


def _owner(
    owner: dict[str, Statement], source: Unit, mentions: Sequence[StoredAttribution]
) -> Statement | None:
    if source.speaker is None:
        return None
    return owner.get(mentions[source.members[0]].attribution_id)


def _quoted(
    statement: Statement,
    later: StoredAttribution,
    entities: dict[str, Entity],
    speaker: str | None,
) -> Report:
    """A report of ``statement`` by attribution ``later``, quoted by its speaker."""
    quoter = entities.get(speaker or "")
    by = (quoter.id, quoter.name) if quoter else (None, later.speaker or later.source_text)
    return Report(
        statement.id, later.attribution_id, later.article_id, 0, later.published, later.outlet, *by
    )


def paraphrase_pairs(
    units: Sequence[Unit], mentions: Sequence[StoredAttribution], speaker_of: Sequence[str | None]
) -> Iterator[tuple[Unit, int]]:
    """(earlier unit, later attribution) pairs whose words meet rule 2, before naming
    is checked: the later one has a quoted fragment the unit holds, another speaker
    said the unit, and said it first."""
    postings: dict[str, list[int]] = defaultdict(list)
    for n, unit in enumerate(units):
        if unit.speaker is not None:
            for word in unit.stems:
                postings[word].append(n)
    # Report order as integers: compared once per candidate, in the inner loop.
    by_order = sorted(range(len(mentions)), key=lambda i: mentions[i].order)
    rank = [0] * len(mentions)
    for r, i in enumerate(by_order):
        rank[i] = r
    first = [min(rank[i] for i in unit.members) for unit in units]
    # A quote reprinted by many outlets is looked up once.
    same_words: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, mention in enumerate(mentions):
        same_words[(mention.words, mention.kind)].append(i)
    for (words, kind), members in same_words.items():
        fragments = quoted_fragments(words, kind)
        if not fragments:
            continue
        latest = max(rank[i] for i in members)
        matched: set[int] = set()
        for fragment in fragments:
            need = math.ceil(FRAGMENT_SHARE * len(fragment.stems))
            rarest = sorted(fragment.stems, key=lambda w: (len(postings.get(w, ())), w))
            seen: set[int] = set()
            for w in rarest[: len(rarest) - need + 1]:
                for n in postings.get(w, ()):
                    if first[n] >= latest or n in seen or n in matched:
                        continue
                    seen.add(n)
                    shared = fragment.stems & units[n].stems
                    if len(shared) >= need and fragment.negated == _negated_near(units[n], shared):
                        matched.add(n)
        for n in sorted(matched):
            for i in members:
                if units[n].speaker != speaker_of[i] and first[n] < rank[i]:
                    yield units[n], i


@lru_cache(maxsize=65536)
def quoted_fragments(words: str, kind: str) -> tuple[Fragment, ...]:
    """The fragments of an attribution's words that rule 2 reads: each quotation in
    them with enough content words; a direct quote's words are one when they hold no
    marks (the marks then stand outside its span). Indirect speech quotes no one's
    words, by the extractor's own reading, and has none."""
    if kind == "indirect":
        return ()
    # Most reported speech has no mark that can open a quotation (an apostrophe inside a
    # word cannot): skip the character-by-character scan for it.
    marked = _OPENING_MARK.search(words) is not None
    pieces = [words[q.inner.start : q.inner.end] for q in find_quotes(words)] if marked else []
    if not pieces and kind == "direct":
        pieces = [words]
    found = []
    for piece in pieces:
        tokens = fold(piece).split()
        stems = content_stems(tokens)
        if len(stems) >= FRAGMENT_MIN_WORDS:
            found.append(Fragment(stems, negated(tokens)))
    return tuple(found)


def _negated_near(unit: Unit, shared: frozenset[str]) -> bool:
    """Is there a negation among the words of ``unit`` that the fragment matched (from
    a few words before the first of them to the last)?"""
    at = [k for k, t in enumerate(unit.tokens) if t not in STOPWORDS and stem(t) in shared]
    return negated(unit.tokens[max(0, at[0] - _NEGATION_REACH) : at[-1] + 1])


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or sentences) of ``text`` that hold ``[start, end)``."""
    low = max(0, start - _SENTENCE_REACH)
    left = low
    for match in _SENTENCE_END.finditer(text, low, start):
        left = match.end()
    right_match = _SENTENCE_END.search(text, max(end - 1, start), end + _SENTENCE_REACH)
    right = right_match.start() + 1 if right_match else min(len(text), end + _SENTENCE_REACH)
    return text[left:right]


def _named_near(
    entity: Entity, later: StoredAttribution, article_text: Callable[[str], str]
) -> bool:
    """Does the later attribution's sentence name the entity (rule 2)?"""
    text = article_text(later.article_id)
    if text and later.extent is not None:
        passage = _plain(sentence_around(text, *later.extent))
    else:
        passage = _plain(f"{later.source_text or ''} {later.words}")
    if entity.kind == "organisation":
        names = {_plain(form) for n in (entity.name, *entity.aliases) for form in org_forms(n)}
        return any(name in passage for name in names if name.strip() not in STOPWORDS)
    full, surnames = _person_names(entity)
    if any(name in passage for name in full):
        return True
    if any(surname in passage for surname in surnames):
        article = _plain(text)
        if any(name in article for name in full):
            return True
    affiliations = {entity.affiliation, *(r.affiliation for r in entity.roles)}
    forms = {form for a in affiliations if a and is_institution(a) for form in org_forms(a)}
    return any(_plain(form) in passage for form in forms)


def _plain(text: str) -> str:
    """Folded words without possessive endings, padded with spaces, so that " x y " in
    it finds the words x y ("Miller's finding" names Miller)."""
    return " " + " ".join(w.removesuffix("'s") for w in fold(text).split()) + " "


def _person_names(entity: Entity) -> tuple[set[str], set[str]]:
    """A person's full names (with and without middle initials) and surnames, each as
    ``_plain`` writes them."""
    full: set[str] = set()
    surnames: set[str] = set()
    for alias in (entity.name, *entity.aliases):
        speaker = parse_speaker(alias)
        if speaker is None or speaker.kind != "person":
            continue
        surnames.add(_plain(speaker.surname))
        if speaker.full:
            name = fold(speaker.name)
            full |= {_plain(name), _plain(" ".join(w for w in name.split() if len(w) > 1))}
    return full, surnames


def naming_forms(entity: Entity) -> frozenset[tuple[str, str]]:
    """Every name form the naming checks of both rules look for when ``entity`` is the
    earlier speaker (``_named_in``, ``_named_near``), as (check, folded words): a form
    read by one check is not the same as that form read by another ("Miller" as a
    surname is looked for only beside a full name; as a name of its own, anywhere). Two
    versions of an entity of one kind with the same forms are named in the same
    passages, so a change of names outside the difference of their forms changes no
    quote of its statements."""
    forms = {("named", fold(name)) for name in (entity.name, *entity.aliases)}
    if entity.kind == "organisation":
        forms |= {
            ("organisation", _plain(form))
            for n in (entity.name, *entity.aliases)
            for form in org_forms(n)
        }
    else:
        full, surnames = _person_names(entity)
        forms |= {("full", name) for name in full} | {("surname", name) for name in surnames}
        affiliations = {entity.affiliation, *(r.affiliation for r in entity.roles)}
        forms |= {
            ("affiliation", _plain(form))
            for a in affiliations
            if a and is_institution(a)
            for form in org_forms(a)
        }
    return frozenset((check, " ".join(form.split())) for check, form in forms if form.strip())


def may_name(text: str, forms: Collection[str]) -> bool:
    """Whether ``text`` may hold one of ``forms`` (the words of ``naming_forms``) where
    the naming checks look: never false when one of them would find it there.

    An ASCII word of the folded text is a run of the text's letters once decomposed,
    lowercased and stripped of what is not ASCII (with the typographic apostrophe read
    as ``fold`` reads it), so each word of an ASCII form is looked for there (folding a
    whole article cost ten times as much)."""
    if all(form.isascii() for form in forms):
        low = text if text.isascii() else _ascii_letters(text)
        low = low.lower()
    else:
        low = fold(text)
    return any(all(word in low for word in form.split()) for form in forms)


def _ascii_letters(text: str) -> str:
    decomposed = normalize("NFKD", text.replace("’", "'"))
    return decomposed.encode("ascii", "ignore").decode()


def _named_in(entity: Entity, text: str) -> bool:
    """Rule 1: is the entity named, by any of its names, anywhere in ``text``?"""
    folded = f" {fold(text)} "
    names = {entity.name, *entity.aliases}
    return any(f" {fold(name)} " in folded for name in names if fold(name))
