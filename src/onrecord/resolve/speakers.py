"""In-article speaker resolution: "he", "the spokesman", "Miller" → the named person.

``resolve_speakers(doc, attributions)`` fills ``source_text``, ``speaker``, ``role`` and
``affiliation`` of every attribution that has a source span, from what the article
itself says. Conventions:

- ``speaker`` is a person's full name as the article writes it, the first full form
  without a middle initial ("Mark Warner" over "Mark R. Warner"); a bare surname,
  "Senator Warner" or "he" resolve to it. Organisations keep their name as written
  minus a leading article ("the US State Department" → "US State Department").
- ``role`` and ``affiliation`` are split as ``onrecord.resolve.roles`` describes: "State
  Department Spokesperson Matthew Miller" gives role "Spokesperson", affiliation
  "State Department". A person's role is the first one the article gives them.
- Someone introduced only by a description ("a spokesman from Pakistan's interior
  ministry") has no name: later "he" and "the spokesman" resolve to that description,
  ``speaker`` stays None and ``role``/``affiliation`` carry what is known. A
  description is never used as a name.
- A document as source ("the letter detailed") resolves to its author when the article
  says whose it is ("Warner has written a letter", "in his letter, Senator Warner").
- "it" resolves to an organisation or a document, "they" only to a group known by its
  role ("officials"): a "they" after an organisation is more often its people.
- When the text does not settle it (a pronoun with no antecedent, two people equally
  plausible, a surname two people share) ``speaker`` stays None. Nothing is guessed.

The work is linear in the length of the article: one pass finds names, titles,
organisations and descriptions (``onrecord.resolve.mentions``, with ``names``, ``roles`` and
``layout``); one pass in text order resolves every mention against the ones before it,
looking back a few sentences at most for pronouns.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from onrecord.model import Attribution
from onrecord.nlp.doc_text import doc_text
from onrecord.resolve.mentions import SUBJECT_DEPS, find_mentions, is_definite, source_mention
from onrecord.resolve.references import PRONOUNS, Entity, MentionIndex, Pronoun, Reference
from onrecord.resolve.roles import Role, canonical_head, role_matches, words

__all__ = ["primary_role", "resolve_speakers"]

# Grammatical salience of a mention: the subject of a main clause is what a following
# "he" most often continues (centering), then other subjects, then objects.
_OTHER, _OBJECT, _SUBJECT, _MAIN = 0, 1, 2, 3
# How many sentences back a pronoun may reach; news prose rarely goes further.
_WINDOW = 3
# Verbs whose subject is the author of their object ("Warner has written a letter").
_AUTHORING_VERBS = words(
    """
    write writes wrote written writing send sends sent sending issue issues issued issuing
    release releases released releasing sign signs signed pen pens penned publish
    publishes published submit submits submitted file files filed draft drafted deliver
    delivered post posted make makes made give gave given
    """
)


@dataclass(frozen=True, slots=True)
class _Entry:
    """A resolved mention, as later mentions see it."""

    entity: Entity
    head: int
    sent: int
    weight: int
    source: bool = False  # the speaker of an attribution


def resolve_speakers(
    doc: Doc, attributions: list[Attribution], index: MentionIndex | None = None
) -> list[Attribution]:
    """Fill speaker, role and affiliation of each attribution with a source span.

    Returns the same list, its items updated in place. ``source_text`` is set to the
    source span's text when missing. See the module docstring for the conventions.
    ``index`` is ``find_mentions(doc)`` when the caller has it already (it is read for
    the people the article names, too); resolution adds the sources to it.
    """
    wanted = [a for a in attributions if a.source is not None]
    if not wanted:
        return attributions
    if index is None:
        index = find_mentions(doc)
    sources: list[tuple[Attribution, Reference | None]] = []
    text = doc_text(doc)
    for attribution in wanted:
        assert attribution.source is not None
        span = doc.char_span(
            attribution.source.start, attribution.source.end, alignment_mode="expand"
        )
        if attribution.source_text is None and attribution.source.end <= len(text):
            attribution.source_text = attribution.source.text(text)
        sources.append((attribution, source_mention(index, span) if span else None))
    _walk(index)
    for attribution, mention in sources:
        attribution.speaker, attribution.role, attribution.affiliation = _describe(mention)
    return attributions


def _walk(index: MentionIndex) -> None:
    """Resolve every mention in text order against the ones before it."""
    lay = index.layout
    mentions = {id(m): m for m in [*index.people.values(), *index.orgs.values()]}
    mentions.update((id(m), m) for m in index.others.values())
    history: list[_Entry] = []
    for mention in sorted(mentions.values(), key=lambda m: m.head):
        if mention.kind == "pronoun":
            mention.entity = _resolve_pronoun(index, mention.head, history)
        elif mention.kind == "description":
            mention.entity = _resolve_description(mention, history)
        elif mention.kind == "organisation" and mention.entity is None:
            mention.entity = _resolve_organisation_noun(index, mention, history)
        elif mention.kind == "document":
            author = _document_author(index, index.doc[mention.head], history)
            mention.entity = Entity("document", None, author=author)
        entity = mention.entity or _placeholder(index, mention)
        if entity is None or lay.quoted[mention.head] or lay.headline[mention.head]:
            continue
        weight = _weight(index.doc[mention.head])
        if mention.source:
            weight = max(weight, _SUBJECT)  # the previous speaker stays salient
        sent = lay.sentence[mention.head]
        history.append(_Entry(entity, mention.head, sent, weight, mention.source))


def _placeholder(index: MentionIndex, mention: Reference) -> Entity | None:
    """Someone unresolved who still takes part in the discourse: a surname two people
    share, a "he" left open. A following "he" then finds this unknown person instead of
    skipping over them to someone further back, which would be a guess."""
    pronoun = PRONOUNS.get(index.doc[mention.head].lower_)
    if mention.kind == "name" or (mention.kind == "pronoun" and pronoun and pronoun.person):
        return Entity("person", None, gender=pronoun.gender if pronoun else None)
    return None


def _resolve_pronoun(index: MentionIndex, at: int, history: list[_Entry]) -> Entity | None:
    """The antecedent of the pronoun at token ``at``, or None if the text leaves doubt.

    Looks back sentence by sentence and takes the nearest sentence with a compatible
    candidate; within it the highest grammatical rank wins. Two different entities at
    that rank, or an object-only candidate facing a subject a sentence further back,
    make it ambiguous.
    """
    tok = index.doc[at]
    pronoun = PRONOUNS.get(tok.lower_)
    if pronoun is None:
        return None
    sent = index.layout.sentence[at]
    # A main-clause "he" does not point to an object of its own sentence ("Addressing
    # the case of Imran Khan, he said"); one in a subordinate clause may ("few would have
    # called Mr. Obama an evangelist when he ran").
    subordinate = _weight(tok) < _MAIN
    by_distance: dict[int, list[_Entry]] = {}
    for entry in reversed(history):
        distance = sent - entry.sent
        if distance > _WINDOW:
            break
        if entry.head >= at or not _compatible(entry.entity, pronoun):
            continue
        if distance == 0 and entry.weight < _SUBJECT and not subordinate:
            continue
        by_distance.setdefault(distance, []).append(entry)
    for distance in sorted(by_distance):
        entries = by_distance[distance]
        best = max(e.weight for e in entries)
        top = {id(e.entity): e.entity for e in entries if e.weight == best}
        if len(top) > 1:
            return None
        winner = next(iter(top.values()))
        if best < _SUBJECT and distance > 0:
            # Only an object nearby: a subject further back competes with it, and wins
            # only if it is the speaker being reported ("Patel said … The briefing
            # covered Imran Khan. He added …"); any other rival leaves it open.
            rivals = [
                e
                for d, es in by_distance.items()
                if d > distance
                for e in es
                if e.weight >= _SUBJECT and e.entity is not winner
            ]
            if rivals:
                if len({id(e.entity) for e in rivals}) > 1 or not any(e.source for e in rivals):
                    return None
                winner = rivals[0].entity
        if pronoun.gender and winner.gender is None and winner.kind != "organisation":
            winner.gender = pronoun.gender  # later "she" will not pick this "he"
        return winner
    return None


def _compatible(entity: Entity, pronoun: Pronoun) -> bool:
    """Can the pronoun refer to the entity? "they" is left to groups: an organisation
    is "it" in most news prose, and a "they" after one is far more often its people."""
    if pronoun.person:
        return (
            entity.kind in ("person", "description")
            and not entity.plural
            and entity.gender in (None, pronoun.gender)
        )
    if pronoun.plural:
        return entity.kind in ("description", "group") and entity.plural
    return entity.kind in ("organisation", "document", "thing")


def _resolve_description(mention: Reference, history: list[_Entry]) -> Entity | None:
    """ "The spokesman" → the latest entity introduced with that role, or a new unnamed
    entity when none was; None when two entities with the role are equally recent."""
    role = mention.role
    assert role is not None
    if mention.definite:
        for entry in reversed(history):
            if not _has_role(entry.entity, role):
                continue
            rivals = any(
                e.sent == entry.sent and e.entity is not entry.entity and _has_role(e.entity, role)
                for e in history
            )
            if rivals:
                return None
            return entry.entity
    entity = Entity("description", None, plural=role.plural)
    entity.add_role(role)
    return entity


def _has_role(entity: Entity, role: Role) -> bool:
    return entity.kind != "organisation" and any(role_matches(role, r) for r in entity.roles)


def _resolve_organisation_noun(
    index: MentionIndex, mention: Reference, history: list[_Entry]
) -> Entity | None:
    """ "The ministry" → the latest organisation whose name ends in "ministry"; "the
    appeals court" only to one whose name has "appeals" in it."""
    if not mention.definite:
        return None
    noun = canonical_head(index.doc[mention.head].text)
    for entry in reversed(history):
        entity = entry.entity
        if (
            entity.kind == "organisation"
            and entity.head == noun
            and entity.name
            and mention.modifiers <= set(entity.name.lower().split())
        ):
            return entity
    return None


def _document_author(index: MentionIndex, doc_token: Token, history: list[_Entry]) -> Entity | None:
    """Whose letter (statement, report) it is: said of this mention, or of the latest
    earlier mention of the same document noun when this one is definite ("the letter")."""
    author = _author_of(index, doc_token, history)
    if author is not None or not is_definite(doc_token):
        return author
    earlier = index.documents.get(doc_token.lower_, [])
    for i in reversed(earlier[: bisect_left(earlier, doc_token.i)]):
        author = _author_of(index, index.doc[i], history)
        if author is not None:
            return author
    return None


def _author_of(index: MentionIndex, tok: Token, history: list[_Entry]) -> Entity | None:
    # "Warner's letter", "the State Department's statement"
    possessor = next((c for c in tok.children if c.dep_ == "poss"), None)
    if (
        possessor is not None
        and possessor.pos_ != "PRON"
        and (m := index.at(possessor.i)) is not None
        and m.entity is not None
    ):
        return m.entity
    # "a letter from Warner", "a statement issued by the ministry"
    for child in tok.children:
        by = child if child.lower_ in ("from", "by") else None
        if child.dep_ == "acl":
            by = next((c for c in child.children if c.dep_ == "agent"), None)
        if by is not None:
            for obj in by.children:
                if obj.dep_ == "pobj" and (m := index.at(obj.i)) and m.entity is not None:
                    return m.entity
    # "Warner has written a letter", "in a letter, Warner urged", "in his letter, ..."
    verb = None
    if tok.dep_ == "dobj" and tok.head.lower_ in _AUTHORING_VERBS:
        verb = tok.head
    elif tok.dep_ == "pobj" and tok.head.lower_ in ("in", "through", "via"):
        verb = tok.head.head if tok.head.head.pos_ in ("VERB", "AUX") else None
    if verb is not None:
        subject = _subject_of(index, verb)
        if subject is not None and (m := index.at(subject.i)) and m.entity is not None:
            return m.entity
    if possessor is not None and possessor.lower_ in PRONOUNS:
        return _resolve_pronoun(index, possessor.i, history)
    return None


def _describe(mention: Reference | None) -> tuple[str | None, str | None, str | None]:
    """speaker, role, affiliation for a resolved source mention."""
    if mention is None:
        return None, None, None
    entity = mention.entity
    if entity is None:
        if mention.kind == "description" and mention.role is not None:
            return None, mention.role.text, mention.role.affiliation
        return None, None, None
    return _describe_entity(entity)


def _describe_entity(entity: Entity | None) -> tuple[str | None, str | None, str | None]:
    if entity is None or entity.kind in ("group", "thing"):
        return None, None, None
    if entity.kind == "document":
        return _describe_entity(entity.author)  # "the letter detailed": its writer
    if entity.kind == "organisation":
        return entity.name, None, None
    role, affiliation = primary_role(entity.roles)
    return entity.name, role, affiliation


def primary_role(roles: list[Role]) -> tuple[str | None, str | None]:
    """The first role stated; its affiliation, else one stated later for the same office."""
    if not roles:
        return None, None
    first = roles[0]
    affiliation = first.affiliation or next(
        (r.affiliation for r in roles[1:] if r.affiliation and r.heads & first.heads), None
    )
    return first.text, affiliation


def _subject_of(index: MentionIndex, verb: Token) -> Token | None:
    """The subject of a verb, or of the verb it is coordinated with; the nearest one, and
    never a headline word the parser attached to the first sentence."""
    while True:
        subjects = [
            c for c in verb.children if c.dep_ in SUBJECT_DEPS and not index.layout.headline[c.i]
        ]
        if subjects:
            return min(subjects, key=lambda c: abs(c.i - verb.i))
        if verb.dep_ != "conj" or verb.head.i == verb.i:
            return None
        verb = verb.head


def _weight(tok: Token) -> int:
    """Grammatical rank of a mention: main-clause subject, subject, object, other.
    Conjuncts and appositives share the rank of what they attach to."""
    while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ in SUBJECT_DEPS:
        verb = tok.head
        while verb.dep_ == "conj" and verb.head.i != verb.i:
            verb = verb.head
        return _MAIN if verb.dep_ == "ROOT" else _SUBJECT
    if tok.dep_ == "pobj" and tok.head.dep_ == "agent":
        return _SUBJECT  # "made by Matthew Miller": the logical subject
    if tok.dep_ == "poss" and tok.head.dep_ in SUBJECT_DEPS:
        return _SUBJECT  # "The president's roots also came into play."
    if tok.dep_ in ("dobj", "attr", "dative", "oprd"):
        return _OBJECT
    return _OTHER
