"""Who and what a statement is about: its targets, most central first, typed and placed.

A candidate is a named entity or a noun phrase in the content. Candidates are ranked by
where they stand to the content's main verb (subject, the subject's possessor, object,
deeper) and by kind: people, organisations, countries and groups come before events and
issues, and the speaker talking about themselves ("he said he would never vote for
Clinton") gives way to an object that is someone else. Names, descriptions ("the PTI
founder") and pronouns ("it", "he") are resolved to the person or organisation the article
names where the resolver's mention index (``onrecord.resolve.find_mentions``) or the
sentence makes it clear; an implied target's span is where the sentence names it.
The rules are documented in docs/about.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token
from spacy.tokens import Span as DocSpan

from onrecord.about.words import (
    ENTITY_TYPES,
    EVENT_HEADS,
    FIRST_PERSON,
    GROUP_HEADS,
    GROUP_PRONOUNS,
    NOT_TARGETS,
    ORGANISATION_HEADS,
    PERSON_HEADS,
    PERSON_PRONOUNS,
    RELATIVES,
    THING_PRONOUNS,
)
from onrecord.model import Attribution, Span, Target, TargetType

__all__ = ["Found", "content_tokens", "find_targets", "main_verb"]

PARTICIPANTS = frozenset({"person", "organisation", "country", "group"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_OBJECTS = frozenset({"dobj", "attr", "dative", "oprd", "pobj", "acomp", "appos", "conj"})
# Score offsets: the speaker as subject comes after every other participant, and events
# and issues after the speaker (docs/about.md, main target rules 2 to 4).
_SPEAKER, _THINGS = 50.0, 100.0
# Words a description may carry that its person's stated role need not ("the former PM").
_LOOSE = frozenset({"the", "a", "an", "former", "then", "current", "new", "'s", "’s"})


@dataclass(frozen=True, slots=True)
class Found:
    """A target and where the content refers to it (the pronoun, for an implied one)."""

    target: Target
    anchor: Span


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    head: Token
    type: TargetType
    score: float = 0.0
    text: str | None = None  # the resolved name, when there is one
    at: tuple[int, int] | None = None  # where the sentence names an implied target


def content_tokens(doc: Doc, attribution: Attribution) -> list[Token]:
    """The tokens of an attribution's content, in text order."""
    seen: dict[int, Token] = {}
    for part in attribution.content:
        span = doc.char_span(part.start, part.end, alignment_mode="expand")
        if span is not None:
            seen.update((t.i, t) for t in span if not t.is_space)
    return [seen[i] for i in sorted(seen)]


def main_verb(tokens: list[Token]) -> Token | None:
    """The content's main verb: its topmost verb, else its topmost token."""
    inside = {t.i for t in tokens}
    tops = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    return next((t for t in tops if t.pos_ in ("VERB", "AUX")), tops[0] if tops else None)


def find_targets(doc: Doc, attribution: Attribution, index: Any = None) -> list[Found]:
    """The targets of one attribution, most central first (see the module docstring).

    ``index`` is the article's ``MentionIndex`` when the caller has it (names and the
    roles stated for people come from it); without it names stay as written.
    """
    tokens = content_tokens(doc, attribution)
    if not tokens:
        return []
    inside = {t.i for t in tokens}
    verb = main_verb(tokens)
    candidates = _candidates(doc, tokens, inside)
    for candidate in candidates:
        candidate.score = _score(candidate, verb, inside)
        _resolve(doc, candidate, attribution, index)
        if _is_speaker(candidate, attribution, verb):
            candidate.score = _SPEAKER  # after anyone else, before events and issues
    candidates.sort(key=lambda c: (c.score, c.start))
    found: list[Found] = []
    seen: set[str] = set()
    for c in candidates:
        written = doc[c.start : c.end]
        text = c.text or written.text
        if text.lower() in seen:
            continue
        seen.add(text.lower())
        anchor = Span(written.start_char, written.end_char)
        at = doc[c.at[0] : c.at[1]] if c.at else written
        found.append(Found(Target(text, Span(at.start_char, at.end_char), c.type), anchor))
    return found


def _candidates(doc: Doc, tokens: list[Token], inside: set[int]) -> list[_Candidate]:
    by_head: dict[int, _Candidate] = {}
    first, last = tokens[0].i, tokens[-1].i
    for ent in doc.ents:
        kind = ENTITY_TYPES.get(ent.label_)
        if kind and ent.start in inside and ent.end - 1 in inside:
            by_head[ent.root.i] = _Candidate(ent.start, ent.end, ent.root, kind)  # type: ignore[arg-type]
    span = doc[first : last + 1]
    for chunk in span.noun_chunks:
        head = chunk.root
        if head.i in by_head or head.i not in inside:
            continue
        kind = _chunk_type(head)
        if kind is not None:
            start = max(chunk.start, first)
            while start < head.i and doc[start].pos_ in ("DET", "PUNCT"):
                start += 1  # "the ad" and "ad" are one target; keep the words that say which
            by_head[head.i] = _Candidate(
                chunk.start if doc[chunk.start].pos_ == "DET" else start,
                min(chunk.end, last + 1),
                head,
                kind,
            )
    return list(by_head.values())


def _chunk_type(head: Token) -> TargetType | None:
    low = head.lower_
    if head.pos_ == "PRON":
        if low in PERSON_PRONOUNS or low in FIRST_PERSON:
            return "person"
        if low in GROUP_PRONOUNS:
            return "group"
        return "issue" if low in THING_PRONOUNS else None
    if (
        low in RELATIVES
        or low in NOT_TARGETS
        or head.like_num
        or head.pos_ not in ("NOUN", "PROPN")
    ):
        return None
    plural = head.tag_ in ("NNS", "NNPS")
    if low in GROUP_HEADS or (plural and low.rstrip("s") in PERSON_HEADS):
        return "group"
    if low in PERSON_HEADS:
        return "person"
    if low in ORGANISATION_HEADS:
        return "organisation"
    if low in EVENT_HEADS:
        return "event"
    return "issue"


def _score(candidate: _Candidate, verb: Token | None, inside: set[int]) -> float:
    """Lower is more central: subject 0, its possessor 1, object 2, deeper 3 and on;
    events and issues after every person, organisation, country and group."""
    base = 3.0
    tok, depth = candidate.head, 0
    while verb is not None and tok.i != verb.i and tok.head.i != tok.i and tok.head.i in inside:
        if tok.head.i == verb.i:
            break
        tok, depth = tok.head, depth + 1
    if verb is not None and tok.head.i == verb.i and tok.i != verb.i:
        if tok.dep_ in _SUBJECTS:
            base = 0.0 if depth == 0 else 1.0 if depth == 1 else 3.0 + depth
        elif tok.dep_ in _OBJECTS or tok.dep_ in ("prep", "xcomp", "ccomp"):
            base = 2.0 if depth <= 1 else 3.0 + depth
        else:
            base = 3.0 + depth
    elif verb is not None and candidate.head.i == verb.i:
        base = 0.5  # a content that is a noun phrase: its head
    elif verb is not None and tok.i < verb.i and tok.head.i not in inside:
        base = 0.0 if depth == 0 else 1.0  # "[Pakistan] to release …": whom a cue urges
    else:
        base = 3.0 + depth
    return base + (0.0 if candidate.type in PARTICIPANTS else _THINGS)


def _is_speaker(candidate: _Candidate, attribution: Attribution, verb: Token | None) -> bool:
    """The speaker as subject: "I", "we", or in reported speech the speaker's "he"."""
    head = candidate.head
    if verb is None or head.head.i != verb.i or head.dep_ not in _SUBJECTS:
        return False
    if head.lower_ in FIRST_PERSON:
        return True
    if attribution.speaker and candidate.text == attribution.speaker:
        return True
    return (
        head.lower_ in PERSON_PRONOUNS
        and attribution.kind != "direct"
        and attribution.source is not None
        and candidate.text is None
    )


def _resolve(doc: Doc, candidate: _Candidate, attribution: Attribution, index: Any) -> None:
    """The name behind a name, description or pronoun, where the article makes it clear."""
    head = candidate.head
    low = head.lower_
    if head.pos_ == "PRON":
        # The sentence first, so that an implied target gets the span that names it.
        if low in THING_PRONOUNS or low in GROUP_PRONOUNS:
            _antecedent(doc, candidate, ("ORG", "GPE", "NORP"))
        elif low in PERSON_PRONOUNS and head.dep_ in _SUBJECTS and attribution.kind != "direct":
            if attribution.speaker:
                candidate.text = attribution.speaker  # "he said he…": the speaker himself
            else:
                _antecedent(doc, candidate, ("PERSON",))
        if candidate.text is not None:
            return
    if index is not None:
        ref = index.at(head.i)
        entity = getattr(ref, "entity", None)
        name = getattr(entity, "name", None)
        if name and getattr(entity, "kind", "") in ("person", "organisation"):
            candidate.text = name
            return
    if candidate.type == "person" and index is not None:
        name = _described(doc[candidate.start : candidate.end], index)
        if name:
            candidate.text = name


def _antecedent(doc: Doc, candidate: _Candidate, labels: tuple[str, ...]) -> None:
    """ "it" → Pakistan: the subject of the pronoun's sentence, else the nearest entity
    before it in that sentence or the one before, when it has one of ``labels``."""
    head = candidate.head
    sent = head.sent
    window = [e for e in doc.ents if e.label_ in labels and e.end <= head.i]
    window = [e for e in window if e.start >= (doc[sent.start - 1].sent.start if sent.start else 0)]
    if not window:
        return
    subjects = [e for e in window if e.start >= sent.start and e.root.dep_ in _SUBJECTS]
    best: DocSpan = subjects[0] if subjects else window[-1]
    candidate.text = best.text
    candidate.at = (best.start, best.end)
    kind = ENTITY_TYPES.get(best.label_)
    if kind:
        candidate.type = kind  # type: ignore[assignment]


def _described(phrase: DocSpan, index: Any) -> str | None:
    """ "the PTI founder", "the former prime minister" → the one person the article gave
    that role, when exactly one has it."""
    words = {t.lower_ for t in phrase if not t.is_punct} - _LOOSE
    if not words:
        return None
    matches: dict[int, str] = {}
    for ref in index.people.values():
        entity = ref.entity
        if entity is None or not entity.name:
            continue
        for role in entity.roles:
            known = set(role.words) | {h for h in role.heads}
            if words <= known | {w.rstrip("s") for w in known}:
                matches[id(entity)] = entity.name
    return next(iter(matches.values())) if len(matches) == 1 else None
