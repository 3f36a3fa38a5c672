"""What an article mentions, found in one pass before speaker resolution.

People are grouped by name into one entity each, with the roles the article states
for them (titles before the name, appositions, "X is the spokesman"); organisations
are grouped by name; descriptions ("the spokesman", "a spokesman from Pakistan's
interior ministry"), subject pronouns and documents are mentions waiting to be
resolved. ``onrecord.resolve.speakers`` walks them in text order.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from onrecord.resolve.layout import layout
from onrecord.resolve.name_runs import (
    PARTICLES,
    first_name_gender,
    has_evidence,
    is_initial,
    name_parts,
    name_runs,
    name_token,
    run_head,
)
from onrecord.resolve.references import (
    DOCUMENT_NOUNS,
    PRONOUNS,
    Entity,
    MentionIndex,
    Reference,
)
from onrecord.resolve.roles import (
    HONORIFICS,
    ORG_HEADS,
    TITLE_HEADS,
    canonical_head,
    gender_of_word,
    phrase_tokens,
    role_from_tokens,
    span_text,
    strip_article,
    strip_possessive,
    title_before,
    words,
)

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_NOMINAL = frozenset({"PROPN", "NOUN", "PRON"})
_BE_FORMS = frozenset({"is", "was", "are", "were", "'s", "’s"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_RELATIVES = words("who that which")


def find_mentions(doc: Doc) -> MentionIndex:
    """Every name, organisation, description and subject pronoun in the article."""
    mentions = MentionIndex(doc, layout(doc))
    _find_people(mentions)
    _find_organisations(mentions)
    _find_descriptions_and_pronouns(mentions)
    return mentions


def _find_people(index: MentionIndex) -> None:
    """Name mentions, grouped into one entity per person, with the roles stated for them.

    Full names ("Mark Warner", "Mark R. Warner") are grouped by first and last name,
    first over the whole article, so a surname used before the full name ("Miller
    said … Matthew Miller") still finds it. A surname shared by two people stays
    unresolved.
    """
    doc, lay = index.doc, index.layout
    runs = name_runs(doc)
    by_key: dict[tuple[str, str], Entity] = {}
    by_last = index.surnames
    for start, end in runs:
        parts = name_parts(doc[start:end])
        if len(parts) >= 2 and not lay.headline[start] and has_evidence(doc, start, end):
            key = (parts[0].lower(), parts[-1].lower())
            if key not in by_key:
                by_key[key] = Entity("person", None, gender=first_name_gender(parts[0]))
                by_last.setdefault(key[1], []).append(by_key[key])
    extra = _names_tagged_otherwise(doc, runs, by_last)
    # "Mr. Obama" is not the one full name "Michelle Obama": a surname after an honorific
    # that no namesake of that gender carries is a person of its own.
    for start, end in runs:
        parts = name_parts(doc[start:end])
        gender = HONORIFICS.get(doc[start - 1].lower_) if start > 0 else None
        if len(parts) == 1 and gender and not lay.headline[start]:
            namesakes = by_last.setdefault(parts[0].lower(), [])
            if namesakes and not _namesakes(doc, start, namesakes):
                namesakes.append(Entity("person", None, gender=gender))
    for start, end in sorted(runs + extra):
        parts = name_parts(doc[start:end])
        if not parts:
            continue
        entity: Entity | None
        if len(parts) >= 2:
            entity = by_key.get((parts[0].lower(), parts[-1].lower()))
            if entity is None:
                continue
        else:
            namesakes = _namesakes(doc, start, by_last.get(parts[0].lower(), []))
            if len(namesakes) > 1:
                entity = None  # "Khan" with two Khans in the article: refuse
            elif namesakes:
                entity = namesakes[0]
            elif not lay.headline[start] and has_evidence(doc, start, end):
                entity = Entity("person", None, gender=first_name_gender(parts[0]))
                by_last[parts[0].lower()] = [entity]
            else:
                continue
        head = run_head(doc, start, end)
        mention = Reference("name", head.i, entity)
        for i in range(start, end):
            index.people[i] = mention
        if entity is not None and not lay.headline[start]:
            _add_alias(entity, doc[start:end], parts)
            entity.spans.append((start, end))
            _collect_roles(index, entity, start, end, head)


def _names_tagged_otherwise(
    doc: Doc, runs: list[tuple[int, int]], surnames: dict[str, list[Entity]]
) -> list[tuple[int, int]]:
    """Names the tagger took for organisations or places ("Warner noted", "Von der Leyen
    said", tagged ORG), recognised because they end in a known surname."""
    in_run = {i for start, end in runs for i in range(start, end)}
    found: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ == "PERSON" or any(i in in_run for i in range(ent.start, ent.end)):
            continue
        if not all(name_token(t) or t.lower_ in PARTICLES for t in ent):
            continue
        parts = name_parts(ent)
        if parts and parts[-1].lower() in surnames:
            found.append((ent.start, ent.end))
    return found


def _collect_roles(index: MentionIndex, entity: Entity, start: int, end: int, head: Token) -> None:
    """Roles stated around a name: a title before it, an apposition after or before it,
    or a copula ("Miller is the spokesman")."""
    doc = index.doc
    honorific = doc[start - 1] if start > 0 else None
    if honorific is not None and honorific.lower_ in HONORIFICS and entity.gender is None:
        entity.gender = gender_of_word(honorific.text)
    title = title_before(doc, start)
    if title:
        entity.add_role(role_from_tokens(title))
        index.consumed.update(t.i for t in title)
        for tok in title:  # a source span may be headed by its title ("the spokesman X")
            index.people.setdefault(tok.i, index.people[start])
    phrases: list[list[Token]] = []
    for child in head.rights:
        if child.dep_ == "appos" and child.i >= end:
            phrases.append(phrase_tokens(child))
    if head.dep_ == "appos" and head.head.i < start and head.head.lower_ in TITLE_HEADS:
        phrases.append([t for t in phrase_tokens(head.head) if t.i < start])
    if head.dep_ in SUBJECT_DEPS and head.head.lower_ in _BE_FORMS:
        phrases.extend(phrase_tokens(c) for c in head.head.rights if c.dep_ == "attr")
    for phrase in phrases:
        role = role_from_tokens(phrase)
        if role is not None:
            entity.add_role(role)
            index.consumed.update(t.i for t in phrase)


def _find_organisations(index: MentionIndex) -> None:
    """Named organisations and places (ORG and GPE entities), one entity per name."""
    for ent in index.doc.ents:
        if ent.label_ not in ("ORG", "GPE") or "\n" in ent.text:
            continue
        if any(t.i in index.people for t in ent):
            continue
        mention = Reference("organisation", ent.root.i, _organisation(index, ent))
        for t in ent:
            index.orgs[t.i] = mention


def _find_descriptions_and_pronouns(index: MentionIndex) -> None:
    """Subjects that stand for a person without naming one: "he", "the spokesman",
    "a spokesman from Pakistan's interior ministry" (and possessors: "the president's
    roots"); organisation nouns as subjects ("the ministry said"); other noun subjects
    for "it" and "they"; and where each document noun ("letter") occurs."""
    doc, lay = index.doc, index.layout
    for tok in doc:
        if tok.lower_ in DOCUMENT_NOUNS and tok.pos_ == "NOUN":
            index.documents.setdefault(tok.lower_, []).append(tok.i)
        possessor = tok.dep_ == "poss" and tok.lower_ in TITLE_HEADS  # "the president's"
        if not (tok.dep_ in SUBJECT_DEPS or possessor) or lay.quoted[tok.i] or lay.headline[tok.i]:
            continue
        if tok.i in index.people or tok.i in index.orgs or tok.i in index.consumed:
            continue
        mention = _new_mention(index, tok, None) or _other_noun(tok)
        if mention is None or (possessor and mention.kind != "description"):
            continue
        pronoun = PRONOUNS.get(tok.lower_)
        if mention.kind == "pronoun" and not (pronoun and pronoun.person):
            continue  # "they", "it" as subjects are resolved only when they are sources
        if mention.kind == "description" and not _determined(tok):
            continue  # a bare "Justice must be done" is not a person
        index.others[tok.i] = mention


def _other_noun(tok: Token) -> Reference | None:
    """A common noun subject that is no person or organisation ("the vote", "members"),
    for "it" and "they" to find instead of something further back."""
    if tok.pos_ != "NOUN":
        return None
    plural = tok.tag_ == "NNS"
    entity = Entity("group" if plural else "thing", None, plural=plural)
    return Reference("group" if plural else "thing", tok.i, entity)


def _new_mention(index: MentionIndex, head: Token, span: Span | None) -> Reference | None:
    """A mention for ``head`` that is not a name: pronoun, description, document,
    organisation noun. ``span`` bounds the phrase when it comes from a source span."""
    low = head.lower_
    if low in PRONOUNS and head.pos_ == "PRON":
        return Reference("pronoun", head.i)
    if low in DOCUMENT_NOUNS and head.pos_ == "NOUN":
        return Reference("document", head.i, definite=is_definite(head))
    phrase = _phrase(head, span)
    if low in TITLE_HEADS and head.pos_ in ("NOUN", "PROPN"):
        if any(c.dep_ == "appos" and c.i in index.people for c in head.children):
            return None  # "US envoy in Islamabad, Donald Blome": the role of a name
        role = role_from_tokens(phrase)
        if role is not None:
            return Reference("description", head.i, role=role, definite=is_definite(head))
    if low in ORG_HEADS and head.pos_ in ("NOUN", "PROPN"):
        # The name is what stands before the noun ("Pakistan's interior ministry"); what
        # follows it is a clause about it ("a union representing flight attendants").
        name = [t for t in phrase if t.i <= head.i]
        if any(t.pos_ == "PROPN" or t.ent_type_ in ("GPE", "NORP", "ORG") for t in name):
            return Reference("organisation", head.i, _organisation(index, name))
        mention = Reference("organisation", head.i, None, definite=is_definite(head))
        mention.modifiers = frozenset(
            t.lower_ for t in name if t.i < head.i and t.dep_ in ("compound", "amod")
        )
        return mention
    return None


def source_mention(index: MentionIndex, span: Span) -> Reference:
    """The mention an attribution's source span stands for, created when the passes
    above did not find one (objects, possessives, documents)."""
    head = _span_head(span)
    bound: Span | None = span
    if head.lower_ in _RELATIVES and head.head.dep_ == "relcl":
        head, bound = head.head.head, None  # "Donna Rawlings, who watched": Donna Rawlings
    if any(c.dep_ == "conj" and span.start <= c.i < span.end for c in head.children):
        several = Reference("other", head.i, source=True)  # "Trump and the Obama administration"
        index.others[head.i] = several
        return several
    mention = index.at(head.i)
    if mention is not None and mention.kind == "organisation" and head.i in index.orgs:
        # Named as this span writes it, not as the tagger cut the entity.
        written = [t for t in span if index.orgs.get(t.i) is mention]
        mention = Reference("organisation", head.i, _organisation(index, written))
        index.others[head.i] = mention
    if mention is None and head.dep_ in ("appos", "compound") and head.head.i in index.people:
        mention = index.people[head.head.i]  # "Vedant Patel, [the deputy spokesperson]"
    if mention is None or mention.kind != "name":
        mention = _name_in_span(index, span, head) or mention
    if mention is None:
        mention = _new_mention(index, head, bound)
    if mention is None:
        mention = _unknown_name(index, span, head)
    if mention.kind != "name" and mention.kind != "organisation":
        index.others[mention.head] = mention
    mention.source = True
    return mention


def _unknown_name(index: MentionIndex, span: Span, head: Token) -> Reference:
    """A source the extractor found that no pass above took for a person or an
    organisation ("Von der Leyen said", tagged ORG; "Politifact"): a known surname,
    else the name as written, as an organisation if the tagger says it is one."""
    if not (head.pos_ == "PROPN" and head.text[:1].isupper()):
        return Reference("other", head.i)
    name = [t for t in _phrase(head, span) if t.i <= head.i and t.tag_ != "POS"]
    parts = name_parts(t for t in name if t.pos_ == "PROPN")
    namesakes = index.surnames.get(parts[-1].lower(), []) if parts else []
    if len(namesakes) == 1:
        return Reference("name", head.i, namesakes[0])
    if namesakes:
        return Reference("name", head.i, None)
    if head.ent_type_ in ("ORG", "GPE", "NORP", "FAC", "LOC"):
        return Reference("organisation", head.i, _organisation(index, name))
    written = strip_article(span_text(name))
    return Reference("name", head.i, Entity("person", written, name_rank=2))


def _name_in_span(index: MentionIndex, span: Span, head: Token) -> Reference | None:
    """The one person named in a source span, when the span is about them: "United
    States Senator Mark R. Warner", "the spokesman Matthew Miller"; not "the spokesman
    for Senator Warner", "Warner's letter" or "he".
    """
    if head.lower_ not in TITLE_HEADS:
        return None  # "the Clinton campaign", "Warner's letter", "he"
    named = {id(m): m for t in span if (m := index.people.get(t.i)) is not None}
    if len(named) != 1:
        return None
    mention = next(iter(named.values()))
    tok = index.doc[mention.head]
    if not span.start <= tok.i < span.end:
        return None
    while tok.i != head.i and span.start <= tok.head.i < span.end and tok.head.i != tok.i:
        if tok.dep_ in ("pobj", "poss"):
            return None
        tok = tok.head
    return mention


def _namesakes(doc: Doc, start: int, namesakes: list[Entity]) -> list[Entity]:
    """People a surname can mean; an honorific narrows them ("Mrs. Clinton" is not Bill)."""
    if not namesakes or start == 0:
        return namesakes
    gender = HONORIFICS.get(doc[start - 1].lower_)
    if gender is None:
        return namesakes
    return [e for e in namesakes if e.gender in (None, gender)]


def _add_alias(entity: Entity, tokens: Span, parts: list[str]) -> None:
    text = tokens.text
    if text not in entity.aliases:
        entity.aliases.append(text)
    # The first full name without an initial, else the first full name, else a surname.
    rank = 2 if len(parts) < 2 else 1 if any(is_initial(t.text) for t in tokens) else 0
    if rank < entity.name_rank:
        entity.name, entity.name_rank = text, rank


def _organisation(index: MentionIndex, tokens: Iterable[Token]) -> Entity:
    toks = [t for t in tokens if not t.is_space]
    text = strip_possessive(strip_article(span_text(toks)))
    key = text.lower()
    entity = index.org_entities.get(key)
    if entity is None:
        head = canonical_head(toks[-1].text) if toks else ""
        if toks and toks[-1].tag_ == "POS" and len(toks) > 1:
            head = canonical_head(toks[-2].text)
        entity = Entity("organisation", text, head=head)
        index.org_entities[key] = entity
    return entity


def _phrase(head: Token, span: Span | None) -> list[Token]:
    tokens = phrase_tokens(head)
    if span is not None:
        tokens = [t for t in tokens if span.start <= t.i < span.end]
    return tokens


def _determined(tok: Token) -> bool:
    """Has a determiner or possessor, or is plural: "the spokesman", "officials"."""
    return tok.tag_ in ("NNS", "NNPS") or any(c.dep_ in ("det", "poss") for c in tok.lefts)


def is_definite(tok: Token) -> bool:
    for child in tok.lefts:
        if child.dep_ == "det":
            return child.lower_ in _DEFINITE
        if child.dep_ == "poss":
            return True
    return tok.tag_ not in ("NNS", "NNPS")


def _span_head(span: Span) -> Token:
    """The nominal a source span is about: its syntactic top, or the subject of a verb
    when the span also covers the cue ("he said")."""
    tokens = [t for t in span if not (t.is_space or t.is_punct)] or list(span)
    inside = {t.i for t in tokens}
    tops = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    for tok in tops:
        if tok.pos_ in _NOMINAL:
            return tok
    for tok in tops:
        for child in tok.children:
            if child.dep_ in SUBJECT_DEPS and child.i in inside:
                return child
    return next((t for t in tokens if t.pos_ in _NOMINAL), tokens[0])
