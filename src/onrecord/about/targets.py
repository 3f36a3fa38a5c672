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

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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
    TRANSPARENT,
)
from onrecord.model import Attribution, Span, Target, TargetType

if TYPE_CHECKING:  # spaCy types only: importing the package should not load spaCy
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as DocSpan

__all__ = ["DocView", "Found", "content_tokens", "doc_view", "find_targets", "main_verb"]

PARTICIPANTS = frozenset({"person", "organisation", "country", "group"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_OBJECTS = frozenset({"dobj", "attr", "dative", "oprd", "pobj", "acomp", "appos", "conj"})
# Score offsets (lower is more central): events and issues come 2.5 behind people,
# organisations, countries and groups at the same depth; the speaker's own mention comes
# after someone else named up to one step from the main verb, before events and issues
# that are objects (docs/about.md, main target rules 2 to 4).
_THINGS, _SPEAKER = 2.5, 4.4
_DETERMINING = frozenset({"det", "poss", "compound", "amod", "nummod"})
# Words a description may carry that its person's stated role need not ("the former PM").
_LOOSE = frozenset({"the", "a", "an", "former", "then", "current", "new", "'s", "’s"})


@dataclass(frozen=True, slots=True)
class Found:
    """A target and where the content refers to it (the pronoun, for an implied one)."""

    target: Target
    anchor: Span


@dataclass(frozen=True, slots=True)
class DocView:
    """What target finding reads of the whole article, computed once per article:
    spaCy rebuilds ``doc.ents`` and the noun chunks on every access."""

    ents: tuple[DocSpan, ...]
    chunks: tuple[DocSpan, ...]
    chunk_starts: tuple[int, ...]


def doc_view(doc: Doc) -> DocView:
    chunks = tuple(doc.noun_chunks)
    return DocView(tuple(doc.ents), chunks, tuple(c.start for c in chunks))


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
    """The top of the content's largest piece of parse (its main verb, or the head of a
    content that is a noun phrase); a clause hanging outside the content ("as he issued a
    statement") is a smaller piece."""
    inside = {t.i for t in tokens}
    tops = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    if not tops:
        return None
    sizes = {t.i: 0 for t in tops}
    for tok in tokens:
        top = tok
        while top.i not in sizes:
            top = top.head
        sizes[top.i] += 1
    return max(tops, key=lambda t: (sizes[t.i], t.pos_ in ("VERB", "AUX"), -t.i))


def find_targets(
    doc: Doc, attribution: Attribution, index: Any = None, view: DocView | None = None
) -> list[Found]:
    """The targets of one attribution, most central first (see the module docstring).

    ``index`` is the article's ``MentionIndex`` when the caller has it (names and the
    roles stated for people come from it); without it names stay as written. ``view``
    is ``doc_view(doc)``, worth passing when an article has several attributions.
    """
    tokens = content_tokens(doc, attribution)
    if not tokens:
        return []
    view = view or doc_view(doc)
    inside = {t.i for t in tokens}
    verb = main_verb(tokens)
    candidates = _candidates(doc, view, tokens, inside)
    for candidate in candidates:
        candidate.score = _score(candidate, verb, inside)
        _resolve(doc, view, candidate, attribution, index)
        if _is_speaker(candidate, attribution, verb):
            # The speaker as subject comes after others; elsewhere it is background.
            candidate.score = _SPEAKER if candidate.score <= 1.0 else candidate.score + 10
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


def _candidates(doc: Doc, view: DocView, tokens: list[Token], inside: set[int]) -> list[_Candidate]:
    by_head: dict[int, _Candidate] = {}
    first, last = tokens[0].i, tokens[-1].i
    for ent in _between(view.ents, first, last):
        kind = ENTITY_TYPES.get(ent.label_)
        # "European deployments", "Syrian refugees": an adjective names no target itself.
        adjective = ent.root.dep_ == "amod" or ent.root.pos_ == "ADJ"
        if kind and not adjective and ent.start in inside and ent.end - 1 in inside:
            by_head[ent.root.i] = _Candidate(ent.start, ent.end, ent.root, kind)  # type: ignore[arg-type]
    lo = bisect_left(view.chunk_starts, first)
    hi = bisect_right(view.chunk_starts, last)
    for chunk in view.chunks[max(0, lo - 1) : hi]:  # the one before may reach into the content
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


def _between(ents: tuple[DocSpan, ...], first: int, last: int) -> list[DocSpan]:
    return [e for e in ents if e.start >= first and e.end - 1 <= last]


def _chunk_type(head: Token) -> TargetType | None:
    low = head.lower_
    if head.pos_ == "PRON":
        if low in FIRST_PERSON:
            return None  # the speaker's own "I" and "we": what they say is about others
        if low in PERSON_PRONOUNS:
            return "person"
        if low in GROUP_PRONOUNS:
            return "group"
        if low in THING_PRONOUNS:
            return None if _expletive(head) else "issue"
        # "that is likely": a demonstrative subject stands for what was said before
        demonstrative = low in ("that", "this", "which")
        return "issue" if demonstrative and head.dep_ in _SUBJECTS else None
    if (
        low in RELATIVES
        or low in NOT_TARGETS
        or low in TRANSPARENT
        or head.like_num
        or head.pos_ not in ("NOUN", "PROPN")
    ):
        return None
    plural = head.tag_ in ("NNS", "NNPS")
    if low in GROUP_HEADS or (plural and low.rstrip("s") in PERSON_HEADS):
        return "group"
    if low in PERSON_HEADS:
        # "the job of president", "become president": an office, not someone
        if head.pos_ == "NOUN" and not any(c.dep_ in _DETERMINING for c in head.children):
            return None
        return "person"
    if low in ORGANISATION_HEADS:
        return "organisation"
    if low in EVENT_HEADS:
        return "event"
    return "issue"


def _expletive(tok: Token) -> bool:
    """ "it was too early to tell", "it is clear that": an "it" that stands for nothing."""
    verb = tok.head
    return (
        tok.dep_ in _SUBJECTS
        and any(c.dep_ in ("xcomp", "ccomp") for c in verb.children)
        and (any(c.dep_ in ("acomp", "attr") for c in verb.children))
    )


def _score(candidate: _Candidate, verb: Token | None, inside: set[int]) -> float:
    """Lower is more central: subject 0, a noun-phrase content's head 0.5, the subject's
    possessor 1, object 2, deeper 3 and on; events and issues 2.5 behind people,
    organisations, countries and groups at the same depth."""
    if verb is None:
        return 3.0 + _THINGS
    tok, depth = candidate.head, 0
    while tok.i != verb.i and tok.head.i != tok.i and tok.head.i in inside:
        if tok.head.i == verb.i:
            break
        tok = tok.head
        depth += _hop(tok)
    if candidate.head.i == verb.i:
        base = 0.5  # a content that is a noun phrase: its head
    elif tok.head.i == verb.i and verb.lower_ in TRANSPARENT and tok.lower_ == "of":
        base = 0.5 + depth  # "his series of tweets": the tweets are the head
    elif tok.head.i == verb.i:
        if tok.dep_ in _SUBJECTS:
            base = 0.0 if depth == 0 else 1.0 if depth == 1 else 3.0 + depth
        elif tok.dep_ in _OBJECTS or tok.dep_ in ("prep", "xcomp", "ccomp", "advcl"):
            base = 2.0 if depth <= 1 else 3.0 + depth
        else:
            base = 3.0 + depth
    elif tok.i < verb.i and tok.head.i not in inside:
        base = 0.0 if depth == 0 else 1.0  # "[Pakistan] to release …": whom a cue urges
    else:
        base = 3.0 + depth
    return base + (0.0 if candidate.type in PARTICIPANTS else _THINGS)


def _hop(tok: Token) -> int:
    """How far a token on the way up to the main verb moves a target from the centre:
    a noun one step ("the arrest of X"), a nested clause one, a relative clause two
    (what it says is background); prepositions and "percent of" nothing."""
    if tok.dep_ == "relcl":
        return 2
    if tok.pos_ in ("VERB", "AUX") and tok.dep_ in ("ccomp", "xcomp", "advcl", "acl", "pcomp"):
        return 1 if tok.dep_ != "pcomp" else 0
    if tok.pos_ in ("NOUN", "PROPN", "PRON") and tok.lower_ not in TRANSPARENT:
        return 1
    return 0


def _is_speaker(candidate: _Candidate, attribution: Attribution, verb: Token | None) -> bool:
    """The speaker's own mention: the speaker's name, or in reported speech the
    speaker's "he" or "she" as the subject of the main verb."""
    head = candidate.head
    if attribution.speaker and candidate.text == attribution.speaker:
        return True
    if verb is None or head.head.i != verb.i or head.dep_ not in _SUBJECTS:
        return False
    return (
        head.lower_ in PERSON_PRONOUNS
        and attribution.kind != "direct"
        and attribution.source is not None
        and candidate.text is None
    )


def _resolve(
    doc: Doc, view: DocView, candidate: _Candidate, attribution: Attribution, index: Any
) -> None:
    """The name behind a name, description or pronoun, where the article makes it clear."""
    head = candidate.head
    low = head.lower_
    if head.pos_ == "PRON":
        # The sentence first, so that an implied target gets the span that names it.
        if low in THING_PRONOUNS:
            _antecedent(doc, view, candidate, ("ORG", "GPE"))
        elif low in GROUP_PRONOUNS:
            _antecedent(doc, view, candidate, ("ORG", "GPE", "NORP"))
        elif low in PERSON_PRONOUNS and head.dep_ in _SUBJECTS and attribution.kind != "direct":
            if attribution.speaker:
                candidate.text = attribution.speaker  # "he said he…": the speaker himself
            else:
                _antecedent(doc, view, candidate, ("PERSON",))
        if candidate.text is not None:
            return
    if index is not None:
        ref = index.at(head.i)
        entity = getattr(ref, "entity", None)
        name = getattr(entity, "name", None)
        if name and getattr(entity, "kind", "") in ("person", "organisation"):
            candidate.text = name
            if getattr(ref, "kind", "") == "name":
                candidate.type = "person"  # the tagger's "Machado" GPE is a person's name
            return
    if candidate.type == "person" and index is not None:
        name = _described(doc[candidate.start : candidate.end], index)
        if name:
            candidate.text = name


def _antecedent(doc: Doc, view: DocView, candidate: _Candidate, labels: tuple[str, ...]) -> None:
    """ "it" → Pakistan: the subject of the pronoun's sentence, else the nearest entity
    before it in that sentence or the one before, when it has one of ``labels``."""
    head = candidate.head
    sent = head.sent
    since = doc[sent.start - 1].sent.start if sent.start else 0
    window = [e for e in _between(view.ents, since, head.i - 1) if e.label_ in labels]
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
