"""How far a cue reaches beyond its head word: "has also said", "did not respond", "said:".

PolNeAR cues take in the auxiliaries, negation, adverbs, particles and prepositions
around the cue word, and a colon that opens a quote. Which neighbours belong is learned
(``cue_span`` model, ``make train``): the span grows one word at a time to the left
and to the right of the head while the model says the next word is part of the cue.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .linear import LinearModel, load_model

MODEL = "cue_span"
# The longest reach on either side; PolNeAR cues rarely run further.
MAX_STEPS = 4


def _relation(head: Token, token: Token) -> str:
    if token.head.i == head.i:
        return "child"
    if head.head.i == token.i:
        return "parent"
    if head.left_edge.i <= token.i <= head.right_edge.i and head.is_ancestor(token):
        return "desc"
    return "other"


def extension_features(head: Token, token: Token, side: str, step: int) -> list[str]:
    """Features of ``token`` as the next word of the cue headed by ``head``."""
    relation = _relation(head, token)
    lower = token.lower_
    return [
        "bias",
        f"side={side}",
        f"rel={relation}|side={side}",
        f"dep={token.dep_}|side={side}",
        f"dep={token.dep_}|rel={relation}|side={side}",
        f"w={lower}|side={side}",
        f"w={lower}|dep={token.dep_}",
        f"tag={token.tag_}|side={side}",
        f"hpos={head.pos_}|dep={token.dep_}|side={side}",
        f"hw={head.lower_}|w={lower}",
        f"htag={head.tag_}|dep={token.dep_}",
        f"step={min(step, 3)}|side={side}",
        f"ent={token.ent_type_ or '-'}|side={side}",
        f"punct={token.is_punct}|w={lower if token.is_punct else '-'}|side={side}",
        f"next={_next_char(token)}|side={side}",
    ]


def _next_char(token: Token) -> str:
    """What follows the word: a quotation mark after "said:" tells a colon cue."""
    doc = token.doc
    if token.i + 1 < len(doc):
        first = doc[token.i + 1].text[:1]
        return "quote" if first in "\"“'‘«" else ("alpha" if first.isalpha() else "other")
    return "end"


def extend_cue(
    doc: Doc,
    cue: list[int],
    sentence: tuple[int, int],
    model: LinearModel | None = None,
    source: tuple[int, int] | None = None,
) -> list[int]:
    """The cue's token indices grown by the neighbours the model takes in; the head word
    stays first, as callers read it there. The cue stops where its ``source`` begins or
    ends: a word is the speaker or part of the cue, never both."""
    model = model or load_model(MODEL)
    if model is None or not cue:
        return cue
    head = doc[cue[0]]
    first, last = sentence
    if source is not None:
        if source[1] <= min(cue):
            first = max(first, source[1])
        elif source[0] > max(cue):
            last = min(last, source[0])
    start, end = min(cue), max(cue) + 1
    taken: list[int] = []
    for step in range(1, MAX_STEPS + 1):
        i = start - 1
        if i < first or model.probability(extension_features(head, doc[i], "L", step)) < 0.5:
            break
        taken.append(i)
        start = i
    for step in range(1, MAX_STEPS + 1):
        i = end
        if i >= last or model.probability(extension_features(head, doc[i], "R", step)) < 0.5:
            break
        taken.append(i)
        end = i + 1
    return [*cue, *sorted(set(taken) - set(cue))]
