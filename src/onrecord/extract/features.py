"""Features of a candidate cue word, shared by ``make train`` and the extractor.

The cue model is a logistic regression over these: the word form, its syntactic
frame, what kind of thing its subject is (a person, an organisation, a pronoun…), and
the shape of its complements. Subject kind is what lets the model generalise to cue
words it never saw in training: a named person doing something to a proposition
is usually an attribution in PolNeAR's sense.
"""

from __future__ import annotations

from spacy.tokens import Token

from .cues import NOMINAL, lemma_of
from .frames import frame_of

_PERSON_PRONOUNS = frozenset(["he", "she", "they", "i", "we", "you", "who"])
_SPEAKER_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def subject_kind(token: Token) -> str:
    """What the cue's subject is: an entity type, a person pronoun, a noun, or none."""
    current = token
    for _ in range(3):
        for child in current.children:
            if child.dep_ in ("nsubj", "nsubjpass", "agent"):
                if child.lower_ in _PERSON_PRONOUNS:
                    return "PRON"
                if child.ent_type_ in _SPEAKER_ENTS:
                    return child.ent_type_
                return child.pos_
        if (
            current.dep_ in ("conj", "xcomp", "advcl", "pcomp", "prep")
            and current.head is not current
        ):
            current = current.head
            continue
        break
    if token.pos_ == "NOUN":
        for child in token.children:
            if child.dep_ == "poss":
                return "POSS"
    return "NONE"


def cue_features(token: Token, quoted: bool) -> list[str]:
    lower = token.lower_
    frame = frame_of(token)
    subject = subject_kind(token)
    in_lexicon = lemma_of(lower) is not None or lower in NOMINAL
    preps = [c.lower_ for c in token.rights if c.dep_ in ("prep", "prt")][:1]
    features = [
        "bias",
        f"w={lower}",
        f"w={lower}|fr={frame}",
        f"fr={frame}",
        f"tag={token.tag_}",
        f"dep={token.dep_}",
        f"subj={subject}",
        f"subj={subject}|fr={frame}",
        f"lex={in_lexicon}|fr={frame}",
        f"lex={in_lexicon}|subj={subject}",
        f"suf={lower[-3:]}|tag={token.tag_}",
        f"headdep={token.head.dep_}|dep={token.dep_}",
    ]
    if preps:
        features.append(f"prep={preps[0]}")
        features.append(f"w={lower}|prep={preps[0]}")
    if any(c.dep_ == "neg" for c in token.children):
        features.append("neg")
    if quoted:
        features.append("in_quote")
    return features
