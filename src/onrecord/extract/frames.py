"""The syntactic frame a candidate cue word stands in, shared by training and extraction.

The same word is a cue in one frame and not in another: "called [for a ban]" reports,
"called [him]" does not always; "shows [that…]" reports, "shows" without a complement
rarely does. Rates are therefore learned per (word form, frame).
"""

from __future__ import annotations

from spacy.tokens import Token

CLAUSE = "clause"  # has a clausal complement: said [that…], urged [them to…]
PARENTHETICAL = "parenthetical"  # hangs off the clause it reports: "…, he said"
OBJECT = "object"  # takes a noun phrase: denied [the allegations]
BARE = "bare"  # none of the above
FRAMES = (CLAUSE, PARENTHETICAL, OBJECT, BARE)

COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp"})
OBJECT_DEPS = frozenset({"dobj", "attr", "oprd"})
CANDIDATE_POS = frozenset({"VERB", "AUX", "NOUN"})


def is_candidate(token: Token) -> bool:
    """Words that can be cues: verbs (not auxiliaries) and nouns."""
    return token.pos_ in CANDIDATE_POS and token.dep_ not in ("aux", "auxpass")


def frame_of(token: Token) -> str:
    for child in token.children:
        if child.dep_ in COMPLEMENT_DEPS or (child.dep_ == "ccomp" and child.i < token.i):
            return CLAUSE
        if child.dep_ in ("acl", "relcl") and token.pos_ == "NOUN" and _has_that(child):
            return CLAUSE
    if token.dep_ in ("parataxis", "ccomp") and token.head is not token:
        has_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
        if has_subject and token.head.pos_ in ("VERB", "AUX", "ADJ", "NOUN"):
            return PARENTHETICAL
    for child in token.children:
        if child.dep_ in OBJECT_DEPS:
            return OBJECT
        if child.dep_ == "prep" and any(g.dep_ == "pobj" for g in child.children):
            return OBJECT
    return BARE


def _has_that(clause: Token) -> bool:
    return any(g.dep_ == "mark" and g.lower_ == "that" for g in clause.children)
