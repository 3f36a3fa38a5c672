"""Which of a verb's right-hand dependents make up the content of an object-frame cue.

"endorsed [Trump] during a prime-time speech", "thanked [Trump] on Twitter [for backing
his priority]", "cited [the figure] at last week's forum": PolNeAR marks the object and
the complements that carry what was said, not the time, place or occasion of saying
it. Each dependent (object, prepositional phrase, clause) is judged on its own by a
learned model (``content_tail``, ``make train``), so the content may come in pieces.
"""

from __future__ import annotations

from spacy.tokens import Token

from .linear import LinearModel, load_model

MODEL = "content_tail"
# Entity types that mark the circumstances of saying rather than what was said.
_CIRCUMSTANCE = frozenset({"DATE", "TIME", "GPE", "LOC", "FAC", "EVENT"})


def _object_of(dependent: Token) -> Token:
    """The noun a preposition governs, or the dependent itself."""
    for child in dependent.children:
        if child.dep_ in ("pobj", "pcomp"):
            return child
    return dependent


def dependent_features(verb: Token, dependent: Token, order: int, after_object: bool) -> list[str]:
    """Features of ``dependent`` as a possible piece of the content of ``verb``."""
    dep = dependent.dep_
    word = dependent.lower_ if dep == "prep" else "-"
    inner = _object_of(dependent)
    ent = inner.ent_type_ or "-"
    if ent not in _CIRCUMSTANCE and ent != "-":
        ent = "ENT"
    left = dependent.left_edge.i
    comma = left > 0 and dependent.doc[left - 1].is_punct
    size = dependent.right_edge.i - dependent.left_edge.i + 1
    return [
        "bias",
        f"dep={dep}",
        f"dep={dep}|w={word}",
        f"dep={dep}|order={min(order, 3)}",
        f"dep={dep}|after_obj={after_object}",
        f"w={word}|after_obj={after_object}",
        f"v={verb.lower_}|dep={dep}",
        f"v={verb.lower_}|w={word}",
        f"w={word}|inner={inner.lower_}",
        f"w={word}|ent={ent}",
        f"w={word}|pos={inner.pos_}",
        f"comma={comma}|dep={dep}",
        f"size={min(size.bit_length(), 5)}|dep={dep}",
    ]


def content_dependents(
    verb: Token, dependents: list[Token], model: LinearModel | None = None
) -> list[Token]:
    """The dependents (in order) that belong to the content; without a shipped model,
    all of them, as the rules took them. The first is kept when the model takes none:
    an object-frame cue has some content or is no candidate."""
    model = model or load_model(MODEL)
    if model is None or not dependents:
        return dependents
    kept = []
    after_object = False
    for order, dependent in enumerate(dependents):
        features = dependent_features(verb, dependent, order, after_object)
        if model.probability(features) >= 0.5:
            kept.append(dependent)
        after_object = after_object or dependent.dep_ != "prep"
    return kept or dependents[:1]
