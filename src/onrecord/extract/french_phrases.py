"""Sources in French sentences: the noun phrase before or after a cue, and the name a
source is written with (or, for "il"/"elle", the person the sentence before names).

The small French pipeline's dependency arcs are often wrong around quotation marks and
inversions ("», a-t-il précisé", "estime le député"), while its part-of-speech tags hold
up, so noun phrases are read along the surface: determiners, nouns, names, adjectives
and "de" between them, with an appositive name after a comma ("la porte-parole du
ministère, Claire Vautrin"). The parse's subject is used when it is there.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from .french_cues import AUXILIARIES, CLITIC_SUBJECTS, TIME_WORDS
from .quotes import Quote

__all__ = [
    "appositive_end",
    "clitic_subject",
    "np_after",
    "np_extent",
    "speaker_name",
    "subject_before",
]

TokenRange = tuple[int, int]

NP_POS = frozenset({"DET", "NOUN", "PROPN", "ADJ", "NUM"})
OF = frozenset({"de", "d'", "d’", "du", "des"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass", "expl:subj"})
# Between a subject and its verb: "n'a pas", "lui a", "s'est", "a également".
_BETWEEN = frozenset({"ne", "n'", "n’", "pas", "lui", "leur", "nous", "vous", "y", "en"})
_PRONOUN_SUBJECTS = CLITIC_SUBJECTS | {"je", "j'", "j’", "nous", "vous", "ce", "c'", "c’"}
_RELATIVE = frozenset({"qui"})
_NAME_LABELS = ("PER", "ORG", "MISC", "LOC")
# Furthest a source may stand from its cue, in tokens, past fillers ("pour sa part").
MAX_REACH = 10


def _np_token(token: Token) -> bool:
    if token.pos_ == "VERB" and _title_participle(token):
        return True
    return token.pos_ in NP_POS and token.lower_ not in TIME_WORDS and token.text not in "«»“”"


def _title_participle(token: Token) -> bool:
    """ "la ministre déléguée Agnès Ferrand": a participle inside a title, between a noun
    and more of the name."""
    doc = token.doc
    return (
        "Part" in token.morph.get("VerbForm", [])
        and 0 < token.i < len(doc) - 1
        and doc[token.i - 1].pos_ == "NOUN"
        and doc[token.i + 1].pos_ in ("PROPN", "NOUN", "ADJ")
    )


def appositive_end(doc: Doc, comma: int, end: int) -> int | None:
    """ "…Hélène Garnier, membre de la commission, …": where a bare appositive that
    opens at ``comma`` closes (its closing comma's index), or None."""
    if comma + 1 >= end or doc[comma].text != "," or doc[comma + 1].pos_ not in ("NOUN", "ADJ"):
        return None
    for i in range(comma + 1, end):
        if doc[i].text == ",":
            return i
        if doc[i].pos_ in ("VERB", "AUX") or doc[i].text in ".;:!?«»“”":
            return None
    return None


def np_extent(doc: Doc, start: int, end: int) -> int:
    """Where the noun phrase opening at ``start`` ends (exclusive), not past ``end``."""
    i = start
    while i < end:
        token = doc[i]
        if token.pos_ == "DET" and i > start and doc[i - 1].lower_ not in OF:
            break  # "pour sa part le député": a determiner opens the next phrase
        if _np_token(token) or (
            token.lower_ in OF and i > start and i + 1 < end and _np_token(doc[i + 1])
        ):
            i += 1
        elif token.text == "," and i > start and i + 1 < end and doc[i + 1].pos_ == "PROPN":
            # an appositive name: ", Claire Vautrin" (the closing comma stays out)
            j = i + 1
            while j < end and doc[j].pos_ == "PROPN":
                j += 1
            if j < end and doc[j].text not in ",.;:!?)" and not doc[j].is_space:
                break
            i = j
        else:
            break
    return i


def clitic_subject(doc: Doc, tokens: range) -> TokenRange | None:
    """The inverted pronoun among ``tokens``: "-il" in "a-t-il dit", "-elle" in "ajoute-t-elle"."""
    for i in tokens:
        text = doc[i].lower_
        if text.startswith("-") and text[1:] in CLITIC_SUBJECTS:
            return i, i + 1
    return None


def np_after(doc: Doc, start: int, end: int) -> TokenRange | None:
    """The first bare noun phrase from ``start``, past adverbs, dates and prepositional
    phrases: "a déclaré mardi à la presse le ministre" → "le ministre"."""
    i = start
    limit = min(end, start + MAX_REACH)
    while i < limit:
        token = doc[i]
        if token.is_space or token.pos_ == "ADV" or token.lower_ in TIME_WORDS or token.text == ",":
            i += 1
        elif token.pos_ == "ADP" or token.lower_ in OF | {"au", "aux"}:
            i = np_extent(doc, i + 1, end)  # "à la presse", "pour sa part", "lors du point"
        elif _np_token(token) and token.pos_ != "ADJ":
            stop = np_extent(doc, i, end)
            return (i, stop) if stop > i else None
        else:
            return None
    return None


def subject_before(doc: Doc, cue: int, sentence: SpacySpan) -> TokenRange | None:
    """The subject of the verb ``cue`` standing before it: the parse's, else the noun
    phrase that ends just before the verb and its auxiliaries."""
    for child in doc[cue].children:
        if child.dep_ in SUBJECT_DEPS and child.i < cue and child.i >= sentence.start:
            return _antecedent(doc, child.i, sentence) or _subject_span(doc, child, cue)
    i = cue - 1
    while i >= sentence.start and (
        doc[i].lower_ in AUXILIARIES | _BETWEEN or doc[i].pos_ == "ADV" or doc[i].is_space
    ):
        i -= 1
    if i < sentence.start:
        return None
    if doc[i].lower_ in _PRONOUN_SUBJECTS:
        return i, i + 1
    if doc[i].lower_ in _RELATIVE:
        return _antecedent(doc, i, sentence)
    end = i + 1
    while i >= sentence.start and (
        _np_token(doc[i]) or (doc[i].lower_ in OF and i + 1 < end and i - 1 >= sentence.start)
    ):
        i -= 1
    start = i + 1
    while start < end and doc[start].lower_ in OF:
        start += 1
    return (start, end) if start < end else None


def _subject_span(doc: Doc, subject: Token, cue: int) -> TokenRange:
    """The subject's words up to the verb, cut where the noun phrase stops."""
    start = subject.left_edge.i
    if subject.pos_ == "PRON":
        return subject.i, subject.i + 1
    stop = np_extent(doc, start, cue)
    return start, max(stop, subject.i + 1)


def _antecedent(doc: Doc, relative: int, sentence: SpacySpan) -> TokenRange | None:
    """ "…, le ministre, qui a affirmé que…": the phrase "qui" stands for."""
    if doc[relative].lower_ not in _RELATIVE:
        return None
    i = relative - 1
    while i >= sentence.start and (doc[i].text == "," or doc[i].is_space):
        i -= 1
    end = i + 1
    while i >= sentence.start and (_np_token(doc[i]) or doc[i].lower_ in OF):
        i -= 1
    start = i + 1
    return (start, end) if start < end else None


def speaker_name(doc: Doc, source: TokenRange, quotes: list[Quote], first_char: int) -> str | None:
    """The name the source is written with: a person's name in it, else an
    organisation or place that heads it; "il"/"elle" → the last person named in the
    sentence before ``first_char``; None when the text names no one."""
    start, end = source
    words = doc[start:end]
    if len(words) == 1 and words[0].lower_.lstrip("-") in ("il", "elle"):
        return _previous_person(doc, quotes, first_char)
    named = [e for e in doc.ents if e.start >= start and e.end <= end and _is_name(e)]
    for label in _NAME_LABELS:
        for entity in named:
            head_first = label == "PER" or entity.start == _after_determiner(doc, start, end)
            if entity.label_ == label and head_first:
                return entity.text
    head = _after_determiner(doc, start, end)
    stop = head
    while stop < end and doc[stop].pos_ == "PROPN":
        stop += 1
    return doc[head:stop].text if stop > head else None


def _after_determiner(doc: Doc, start: int, end: int) -> int:
    while start < end and doc[start].pos_ == "DET":
        start += 1
    return start


def _is_name(entity: SpacySpan) -> bool:
    return entity.text[:1].isupper() and any(t.pos_ == "PROPN" for t in entity)


def _previous_person(doc: Doc, quotes: list[Quote], first_char: int) -> str | None:
    """The last person named, outside quotation marks, in the nearest sentence before
    ``first_char`` that has words outside them; None when it names no one."""
    sentences = [s for s in doc.sents if s.end_char <= first_char]
    for sentence in reversed(sentences):
        outside = [t for t in sentence if t.is_alpha and not _quoted(t.idx, quotes)]
        if not outside:
            continue
        people = [
            e
            for e in doc.ents
            if e.label_ == "PER"
            and sentence.start <= e.start
            and e.end <= sentence.end
            and _is_name(e)
            and not _quoted(e.start_char, quotes)
        ]
        return people[-1].text if people else None
    return None


def _quoted(char: int, quotes: list[Quote]) -> bool:
    return any(q.start < char < q.end for q in quotes)
