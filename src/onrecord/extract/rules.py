"""Attributions from the dependency parse: cue, source and content for each cue.

One candidate per cue token. Verb cues take their source from the subject (or the
agent of a passive, or the subject they share with the verb they hang off) and their
content from the clausal complement, or from the clause they themselves interrupt
("…, he said"). "according to X" and nominal cues ("his assertion that…") have their
own frames. Quotations found in the raw text are merged in afterwards (``attach``).
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from onrecord.model import Attribution
from onrecord.nlp.doc_text import doc_text

from .attach import Draft, build_drafts, to_attributions
from .candidate import Candidate
from .cuemodel import cue_model
from .cues import NOMINAL, PARTICLES, lemma_of
from .cuespan import extend_cue
from .features import cue_features
from .frames import BARE, CLAUSE, OBJECT, PARENTHETICAL, frame_of, is_candidate
from .judge import judge_model
from .objecttail import content_dependents
from .quotes import ALL_MARKS, Quote, find_quotes, quoted_token_indices

METHOD = "onrecord.rules.v1"

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp"})
# Verbs that can hang off another verb and share its subject: "…, adding that", "and warned".
SHARES_SUBJECT = frozenset({"conj", "xcomp", "advcl", "acomp"})
# Verbs whose "it" subject stands for the clause that follows ("it seems that…").
RAISING = frozenset({"seem", "seems", "seemed", "appear", "appears", "appeared"})
# Participles that report through their agent: "the concerns raised by the ministry".
REPORTED_BY = frozenset({"voiced", "raised", "expressed", "made", "issued", "echoed", "stated"})
# What follows the object and still belongs to it: "of…", "as…", "to…", "for…".
OBJECT_TAIL_DEPS = frozenset({"dobj", "attr", "oprd", "dative", "prep", "xcomp", "ccomp", "acomp"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
EDGE_PUNCT = frozenset(",;:—–-()[]")
# Frames of noun cues by what they govern (``noun_content``).
NOMINAL_CLAUSE = "nominal"
NOMINAL_INFINITIVE = "nominal_to"
NOMINAL_TOPIC = "nominal_topic"
TOPIC_PREPOSITIONS = frozenset(
    {"about", "of", "for", "on", "over", "against", "toward", "towards", "regarding"}
)
# The lowest cue rate accepted in each frame; tuned on PolNeAR dev.
MIN_RATE = {CLAUSE: 0.3, PARENTHETICAL: 0.4, OBJECT: 0.4, BARE: 0.4}
# The lowest cue rate of a candidate when the judge decides; below it nearly nothing
# is an attribution (measured on PolNeAR train), and every candidate costs time.
CANDIDATE_FLOOR = 0.05
# The rate given to a hand-lexicon reporting verb that introduces a clause.
LEXICON_RATE = 0.5


def find_attributions(doc: Doc) -> list[Attribution]:
    """All attributions in a parsed document, speakers not yet resolved.

    With the attribution judge shipped, candidates come down to a low cue rate and the
    judge keeps those it trusts, its calibrated probability as their confidence;
    without it, the rules' thresholds decide and the confidence is the cue rate.
    """
    text = doc_text(doc)
    quotes = find_quotes(text)
    judge = judge_model()
    floor = CANDIDATE_FLOOR if judge is not None else None
    drafts = find_drafts(doc, text, quotes, floor)
    if judge is not None:
        drafts = judge.keep(doc, text, drafts)
    return to_attributions(text, drafts, quotes, METHOD)


def find_drafts(doc: Doc, text: str, quotes: list[Quote], floor: float | None) -> list[Draft]:
    """Every candidate attribution with its quotes merged in; ``floor`` is the lowest cue
    rate of a candidate with content of its own (None: the rules' thresholds)."""
    quoted = quoted_token_indices(doc, quotes)
    candidates: list[Candidate] = []
    for sent in doc.sents:
        for candidate in _sentence_candidates(doc, sent, floor):
            if candidate.frame != "according":
                _extend(doc, candidate, (sent.start, sent.end))
            if candidate.cue[0] not in quoted:
                candidate.source = _source_outside_quotes(doc, sent, candidate, quoted)
            candidates.append(candidate)
    return build_drafts(doc, text, candidates, quotes)


def _extend(doc: Doc, candidate: Candidate, sentence: tuple[int, int]) -> None:
    """Grow the cue over its auxiliaries, negation, adverbs… (``cuespan``); words it
    takes in leave the content."""
    extended = extend_cue(doc, candidate.cue, sentence, source=candidate.source)
    if len(extended) > len(candidate.cue):
        added = extended[len(candidate.cue) :]
        candidate.content = [p for p in _without(candidate.content, added, None) if p[1] > p[0]]
        candidate.cue = extended


def _source_outside_quotes(
    doc: Doc, sent: SpacySpan, candidate: Candidate, quoted: set[int]
) -> tuple[int, int] | None:
    """The parser sometimes takes a word of the quote as the subject ('"Full panic mode,"
    Wimes said'); the speaker then stands right next to the cue, outside the quotes."""
    source = candidate.source
    if source is not None and _quotes_inside_name(doc, source, quoted):
        return source
    if source is None or any(i in quoted for i in range(*source)):
        between = _speaker_after_quote(doc, sent, candidate.cue[0], quoted)
        if between is not None:
            candidate.content = [p for p in _without(candidate.content, [], between) if p[1] > p[0]]
            return between
    if source is None or not any(i in quoted for i in range(*source)):
        return source
    cue = candidate.cue[0]
    content_tokens = {i for start, end in candidate.content for i in range(start, end)}
    for chunk in doc.noun_chunks:
        if chunk.start < sent.start or chunk.end > sent.end:
            continue
        near = chunk.end in (cue, cue - 1) or chunk.start in (cue + 1, cue + 2)
        clear = not any(i in quoted or i in content_tokens for i in range(chunk.start, chunk.end))
        if near and clear:
            root = chunk.root
            start, end = root.left_edge.i, root.right_edge.i + 1
            if any(i in quoted or i == cue for i in range(start, end)):
                start, end = chunk.start, chunk.end
            return start, end
    return None


# Relative pronouns opening a relative clause: "which", "who", "whom", "that".
RELATIVE_TAGS = frozenset({"WDT", "WP"})
# "Be" alone reports nothing ("The goal is to…"), whatever the cue model makes of it:
# 6 of PolNeAR train's 19,833 cues are a bare form of it. Forms, not lemmas: the
# pipeline runs without its lemmatizer.
BE_FORMS = frozenset({"be", "is", "was", "are", "were", "been", "being", "am", "'re", "’re"})
# A nickname quoted inside a name ('Del. Marcia "Cia" Price') is this short at most.
NICKNAME_TOKENS = 4
# Words that can open a speaker's phrase standing between a quote and its cue.
SPEAKER_OPENERS = frozenset({"PROPN", "NOUN", "DET", "ADJ", "PRON"})
MAX_SPEAKER_TOKENS = 16


def _quotes_inside_name(doc: Doc, source: tuple[int, int], quoted: set[int]) -> bool:
    """Whether the source's only quoted words are short runs inside it, with its own
    words on both sides and its head outside them: a nickname, not a quote's words."""
    start, end = source
    runs: list[tuple[int, int]] = []
    for i in range(start, end):
        if i in quoted:
            if runs and runs[-1][1] == i:
                runs[-1] = (runs[-1][0], i + 1)
            else:
                runs.append((i, i + 1))
    if not runs:
        return False
    heads = [doc[i] for i in range(start, end) if not start <= doc[i].head.i < end]
    inner = all(
        run_start > start and run_end < end and run_end - run_start <= NICKNAME_TOKENS
        for run_start, run_end in runs
    )
    return inner and bool(heads) and all(h.i not in quoted for h in heads)


def _speaker_after_quote(
    doc: Doc, sent: SpacySpan, cue: int, quoted: set[int]
) -> tuple[int, int] | None:
    """'"…,” Flynn, a top Trump surrogate, said': the words between a closing quote mark
    and the cue are the speaker, whatever the parse made of them (it often hangs them
    inside the quote as an apposition)."""
    end = cue
    while end > sent.start and doc[end - 1].is_punct and end - 1 not in quoted:
        end -= 1
    start = end
    while start > sent.start and start - 1 not in quoted:
        start -= 1
    if start == sent.start or start == end or end - start > MAX_SPEAKER_TOKENS:
        return None
    mark = doc[start - 1]
    if not (mark.is_quote or mark.text in ALL_MARKS):
        return None
    words = [doc[i] for i in range(start, end)]
    if words[0].pos_ not in SPEAKER_OPENERS or words[0].is_punct:
        return None
    if any(w.pos_ in ("VERB", "AUX", "ADP", "SCONJ") for w in words):
        return None
    if not any(w.pos_ in ("PROPN", "NOUN", "PRON") for w in words):
        return None
    return start, end


def _sentence_candidates(doc: Doc, sent: SpacySpan, floor: float | None) -> Iterable[Candidate]:
    for token in sent:
        lower = token.lower_
        if lower == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            candidate = _according_to(doc, sent, token)
        elif not is_candidate(token) or lower in BE_FORMS:
            continue
        elif token.pos_ == "NOUN":
            candidate = _nominal_cue(doc, token, floor)
        else:
            candidate = _verb_cue(doc, sent, token, floor)
        if candidate is not None:
            yield candidate


def cue_rate(token: Token, frame: str, quoted: bool = False) -> float:
    """How likely this word is a cue here: the learned cue model when one is shipped,
    with the hand lexicon as a floor for reporting verbs that introduce a clause."""
    model = cue_model()
    learned = model.probability(cue_features(token, quoted)) if model else None
    in_lexicon = token.pos_ != "NOUN" and lemma_of(token.lower_) is not None
    if in_lexicon and frame in (CLAUSE, PARENTHETICAL):
        return max(learned or 0.0, LEXICON_RATE)
    if frame == OBJECT and cue_particles(token):
        return max(learned or 0.0, LEXICON_RATE)
    return learned or 0.0


def _verb_cue(doc: Doc, sent: SpacySpan, verb: Token, floor: float | None) -> Candidate | None:
    if verb.dep_ == "acl" and verb.lower_ in REPORTED_BY and verb.head.pos_ in ("NOUN", "PROPN"):
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if agent is not None:
            return _reported_by(verb, agent)
    frame = frame_of(verb)
    rate = cue_rate(verb, frame)
    if rate < _floor(frame, floor):
        return None
    if frame == CLAUSE:
        content = _clausal_content(verb)
    elif frame == PARENTHETICAL:
        content = _interrupted_content(verb, sent)
    elif frame == OBJECT:
        content = _object_content(verb)
    else:
        content = []  # a quote may still attach: 'He said: "…"'
    cue = [verb.i, *cue_particles(verb)]
    source = _source_of(verb)
    if source is None:
        source = _inverted_speaker(doc, sent, verb)
    pieces = [piece for piece in _without(content or [], cue, source) if piece[1] > piece[0]]
    if frame in (CLAUSE, OBJECT):
        pieces = [_without_trailing_aside(doc, piece) for piece in pieces]
    return Candidate(
        cue=cue,
        source=source,
        content=pieces,
        confidence=rate,
        frame=frame,
        confident=rate >= MIN_RATE[frame],
    )


def _inverted_speaker(doc: Doc, sent: SpacySpan, verb: Token) -> tuple[int, int] | None:
    """'Said Ellis: “…”', 'Added the minister, “…”': a reporting verb opening its
    sentence, its speaker right after it (the parser makes the verb part of the name)."""
    if verb.i != sent.start or lemma_of(verb.lower_) is None:
        return None
    end = verb.i + 1
    while end < sent.end and doc[end].pos_ in ("PROPN", "NOUN", "DET", "ADJ", "PART"):
        if doc[end].is_quote or doc[end].text in ALL_MARKS:
            break
        end += 1
    if end == verb.i + 1 or end >= sent.end or end - verb.i > MAX_SPEAKER_TOKENS:
        return None
    after = doc[end]
    if after.text not in (":", ",") and not (after.is_quote or after.text in ALL_MARKS):
        return None
    if not any(doc[i].pos_ in ("PROPN", "NOUN") for i in range(verb.i + 1, end)):
        return None
    return verb.i + 1, end


def _floor(frame: str, floor: float | None) -> float:
    """The lowest cue rate that makes a candidate: the rules' own threshold, or ``floor``
    when the attribution judge (``judge.py``) decides. A bare verb has no content of its
    own and can only claim a quote, so it keeps the rules' threshold."""
    if frame == BARE or floor is None:
        return MIN_RATE[frame]
    return min(floor, MIN_RATE[frame])


def _reported_by(verb: Token, agent: Token) -> Candidate:
    """ "The allegations, voiced by spokesman Matthew Miller, point to…": the agent speaks,
    and what was said is the clause the allegations are the subject of."""
    pobjs = [c for c in agent.children if c.dep_ == "pobj"]
    if pobjs:
        source = _subtree_range(pobjs[0])
    else:  # "voiced by as spokesman Miller": the parser lost the object; take the rest
        start = agent.i + 1
        while start <= verb.right_edge.i and verb.doc[start].dep_ in ("prep", "punct"):
            start += 1
        source = (start, verb.right_edge.i + 1)
    noun = verb.head
    if noun.dep_ in SUBJECT_DEPS and noun.head is not noun:
        outer = _subtree_range(noun.head)
    else:
        outer = _subtree_range(noun)
    own = _subtree_range(verb)
    content = [(outer[0], own[0]), (own[1], outer[1])]
    return Candidate(
        cue=[verb.i, agent.i],
        source=source,
        content=[piece for piece in content if piece[1] > piece[0]],
        confidence=LEXICON_RATE,
        frame=PARENTHETICAL,
        fixed=True,
    )


def cue_particles(verb: Token) -> list[int]:
    """Tokens that belong to a multi-word cue: "called for", "expressed concern"."""
    wanted = PARTICLES.get(verb.lower_, ())
    return [child.i for child in verb.rights if child.lower_ in wanted and child.i - verb.i <= 2]


def _subtree_range(token: Token) -> tuple[int, int]:
    return token.left_edge.i, token.right_edge.i + 1


def _clausal_content(verb: Token) -> list[tuple[int, int]] | None:
    """The complement clause: "said [that the US would…]", "urged [Pakistan to respect…]".

    A clause fronted before the cue ('"We urge…," Patel said, highlighting…') is what
    was said; a second complement after the cue is then the parser's misreading.
    """
    for child in verb.lefts:
        if child.dep_ == "ccomp" and _quoted_clause(child):
            return [_subtree_range(child)]
    for child in verb.rights:
        if child.dep_ in COMPLEMENT_DEPS:
            start, end = _subtree_range(child)
            # "urged Pakistan to respect": the object belongs to what was urged
            for obj in verb.rights:
                if child.dep_ == "xcomp" and obj.dep_ == "dobj" and obj.i < start:
                    start = obj.left_edge.i
            return [(start, end)]
    for child in verb.lefts:
        if child.dep_ == "ccomp":
            return [_subtree_range(child)]
    return None


def _quoted_clause(clause: Token) -> bool:
    """Whether a clause is quoted: it opens on a quote mark, or closes on one. A quote
    of several sentences reaches the cue's sentence without its opening mark
    ('"… . The American people do not agree with Trump," Sanders said')."""
    if clause.left_edge.text in ALL_MARKS:
        return True
    doc = clause.doc
    after = clause.right_edge.i + 1
    while after < len(doc) and doc[after].text in (",", "."):
        after += 1
    return after < clause.head.i and doc[after].text in ALL_MARKS


def _without_trailing_aside(doc: Doc, piece: tuple[int, int]) -> tuple[int, int]:
    """Content without a non-restrictive relative clause at its end ('acknowledged the
    reality of climate change, which makes him an outlier'): set off by a comma, it is
    the writer describing what was spoken of, and PolNeAR leaves it out. (A participle
    clause after a comma, '…, arguing that…', was tried the same way: no gain on PolNeAR
    train or dev.)"""
    start, end = piece
    for token in doc[start + 2 : end]:
        comma = token.left_edge.i - 1
        if comma <= start or doc[comma].text != "," or token.right_edge.i + 1 < end:
            continue
        if token.dep_ != "relcl" or token.left_edge.tag_ not in RELATIVE_TAGS:
            continue
        # '…attacks on dissidents, which may have involvement of the state': a clause
        # with a modal carries a claim of its own, so it stays (no change on PolNeAR)
        if any(child.tag_ == "MD" for child in token.children):
            continue
        return start, comma
    return piece


def _interrupted_content(verb: Token, sent: SpacySpan) -> list[tuple[int, int]] | None:
    """ "The case is internal, he remarked": the cue hangs off the clause it reports."""
    if verb.dep_ not in ("parataxis", "ccomp", "advcl") or verb.head == verb:
        return None
    head = verb.head
    if head.pos_ not in ("VERB", "AUX", "ADJ", "NOUN"):
        return None
    start, end = _subtree_range(head)
    own_start, own_end = _subtree_range(verb)
    pieces = [(start, own_start), (own_end, end)]
    return [p for p in pieces if p[1] > p[0]]


def _object_content(verb: Token) -> list[tuple[int, int]] | None:
    """ "accused [the government of attempting…]", "likened [RT to the BBC]": the object
    and the complements that carry what was said (``objecttail``), not the time or place
    of saying it. In a multi-word cue ("called for", "expressed concern over") the
    content is what the particle governs, with whatever follows the verb."""
    particles = cue_particles(verb)
    dependents = object_dependents(verb)
    if particles:
        pieces = [_subtree_range(child) for child in dependents]
        for particle in particles:
            for grandchild in verb.doc[particle].rights:
                if grandchild.dep_ in ("pobj", "prep", "acl", "ccomp", "xcomp"):
                    pieces.append(_subtree_range(grandchild))
        if not pieces:
            return None
        return [(min(p[0] for p in pieces), max(p[1] for p in pieces))]
    if not dependents:
        return None
    kept = set(content_dependents(verb, dependents))
    runs: list[tuple[int, int]] = []
    joined = False  # kept neighbours make one piece, with whatever stands between them
    for dependent in dependents:
        if dependent in kept:
            start, end = _subtree_range(dependent)
            runs.append((runs.pop()[0], end) if joined else (start, end))
        joined = dependent in kept
    return runs


def object_dependents(verb: Token) -> list[Token]:
    """The verb's right-hand dependents that may hold its content: objects, complements
    and prepositional phrases, particles of a multi-word cue left out."""
    particles = set(cue_particles(verb))
    return [
        child
        for child in verb.rights
        if child.dep_ in OBJECT_TAIL_DEPS and child.i not in particles
    ]


def _source_of(verb: Token) -> tuple[int, int] | None:
    """The subject of the cue verb, following shared subjects up the tree.

    A relative pronoun is the source as written ("officials, who said…"); resolution
    later maps it to its antecedent. A passive cue has no source of its own ("X was
    told"), but a verb it hangs off lends its subject whatever its voice ("she was
    whisked off after saying…"). Object-control verbs lend their object: "prompted
    NATO to order", "led the journalist to fear".
    """
    current = verb
    for _ in range(4):
        for child in current.children:
            if child.dep_ == "agent":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return _subtree_range(pobj)
        for child in current.children:
            if child.dep_ in SUBJECT_DEPS:
                if child.dep_ == "nsubjpass" and current.i == verb.i:
                    return None
                if _impersonal(current, child):
                    return None
                return _noun_phrase(child)
        if current.dep_ == "xcomp" and current.head is not current:
            controller = next(
                (c for c in current.head.children if c.dep_ == "dobj" and c.i < current.i), None
            )
            if controller is not None and controller.pos_ in ("PROPN", "NOUN"):
                return _noun_phrase(controller)
        if current.dep_ in SHARES_SUBJECT and current.head is not current:
            current = current.head
            continue
        # "responded by saying that…": the subject of the verb the preposition hangs off
        if current.dep_ == "pcomp" and current.head.dep_ == "prep":
            current = current.head.head
            continue
        if current.dep_ in ("relcl", "acl") and current.head.pos_ in ("NOUN", "PROPN"):
            return _noun_phrase(current.head)
        return None
    return None


def _impersonal(verb: Token, subject: Token) -> bool:
    """ "It is apparent that…", "it appeared that…": an "it" that stands for the clause
    after it, not for anyone who speaks."""
    if subject.lower_ != "it":
        return False
    return subject.dep_ == "expl" or verb.pos_ == "AUX" or verb.lower_ in RAISING


def _noun_phrase(head: Token) -> tuple[int, int]:
    """The subject's phrase without a trailing relative clause about the speech act."""
    start, end = _subtree_range(head)
    for child in head.rights:
        if child.dep_ in ("relcl", "acl") and child.i > head.i:
            end = min(end, child.left_edge.i)
    return start, end


def _according_to(doc: Doc, sent: SpacySpan, according: Token) -> Candidate | None:
    to = doc[according.i + 1]
    pobjs = [child for child in to.children if child.dep_ == "pobj"]
    if not pobjs:
        return None
    source = _subtree_range(pobjs[0])
    phrase = (according.i, max(source[1], to.i + 1))
    pieces = [(sent.start, phrase[0]), (phrase[1], sent.end)]
    return Candidate(
        cue=[according.i, to.i],
        source=source,
        content=[p for p in pieces if p[1] > p[0]],
        confidence=0.8,
        frame="according",
        fixed=True,
    )


def _nominal_cue(doc: Doc, noun: Token, floor: float | None) -> Candidate | None:
    """ "his assertion that the vote was rigged", "their plan to cut taxes", "her disdain
    for the nominee": content is the noun's clause, infinitive or prepositional object
    (``noun_content``); the cue model decides which nouns report."""
    found = noun_content(noun)
    # the shape test is cheap and rules out most nouns before the model is asked
    if found is None:
        return None
    content, frame = found
    # the hand lexicon vouches for its nouns only before a "that" clause
    lexicon = frame == NOMINAL_CLAUSE and noun.lower_ in NOMINAL
    rate = 1.0 if lexicon else cue_rate(noun, CLAUSE)
    if rate < _floor(CLAUSE, floor):
        return None
    # "a question about Dar's statement in the Assembly that…": the parser may hang the
    # clause on an earlier noun; the nominal cue nearest the clause owns it.
    if frame == NOMINAL_CLAUSE:
        for i in range(content[0][0] - 1, noun.i, -1):
            if doc[i].pos_ == "NOUN" and doc[i].lower_ in NOMINAL:
                noun = doc[i]
                break
    source = None
    for child in noun.lefts:
        if child.dep_ == "poss":
            source = _subtree_range(child)
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ == "by":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    source = _subtree_range(pobj)
    head = noun.head
    if source is None and head.pos_ in ("PROPN", "PRON") and head.i < noun.i:
        # "Trump claims that…" tagged as a noun phrase: the name before it speaks
        source = (head.left_edge.i, head.i + 1)
    return Candidate(
        cue=[noun.i],
        source=source,
        content=content,
        confidence=min(rate, 0.5),
        frame=frame,
        confident=rate >= MIN_RATE[CLAUSE],
    )


def noun_content(noun: Token) -> tuple[list[tuple[int, int]], str] | None:
    """What a noun would report, and in which frame: a "that" clause ("the claim that…"),
    else the first infinitive ("a plan to…", "their decision to…") or object of a
    preposition that names a topic or target ("concerns about…", "disdain for…", "an
    assessment of…") after it. A "that" clause wins wherever it stands: "Dar's statement
    in the Assembly that…" reports the clause, not the Assembly."""
    other: tuple[list[tuple[int, int]], str] | None = None
    for child in noun.rights:
        if child.dep_ in ("acl", "ccomp", "relcl"):
            marks = [g.lower_ for g in child.children if g.dep_ in ("mark", "aux")]
            if "that" in marks:
                return [_subtree_range(child)], NOMINAL_CLAUSE
            if other is None and child.dep_ == "acl" and "to" in marks:
                other = [_subtree_range(child)], NOMINAL_INFINITIVE
        if other is None and child.dep_ == "prep" and child.lower_ in TOPIC_PREPOSITIONS:
            objects = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
            if objects:
                other = [_subtree_range(objects[0])], NOMINAL_TOPIC
    return other


def _without(
    pieces: list[tuple[int, int]], cue: list[int], source: tuple[int, int] | None
) -> list[tuple[int, int]]:
    """Cut the cue and source tokens out of the content ranges."""
    holes = sorted([(i, i + 1) for i in cue] + ([source] if source else []))
    result: list[tuple[int, int]] = []
    for start, end in pieces:
        cursor = start
        for hole_start, hole_end in holes:
            if hole_end <= cursor or hole_start >= end:
                continue
            if hole_start > cursor:
                result.append((cursor, hole_start))
            cursor = max(cursor, hole_end)
        if cursor < end:
            result.append((cursor, end))
    return result
