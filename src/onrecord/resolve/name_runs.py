"""Where an article names people: runs of capitalised words that can be a name, the
words of a name that identify a person, and the pronoun a first name points to.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib.resources import files

from spacy.tokens import Doc, Token

from onrecord.resolve.roles import (
    HONORIFICS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    Gender,
    title_before,
    words,
)

PARTICLES = words("von van der den de del della da di du dos bin ibn")
_SUFFIXES = words("jr jr. sr sr.")


@cache
def _first_names() -> dict[str, Gender]:
    """data/first_names.txt: first names that almost always take "he" or "she"."""
    names: dict[str, Gender] = {}
    text = files("onrecord").joinpath("data", "first_names.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        gender, _, rest = line.partition(" ")
        if gender in ("f", "m"):
            names.update(dict.fromkeys(rest.lower().split(), "f" if gender == "f" else "m"))
    return names


def first_name_gender(name: str) -> Gender | None:
    """The gender a first name points to, used only to rule out the other pronoun."""
    return _first_names().get(name.lower())


def name_token(tok: Token) -> bool:
    """Can this token be part of a person's name: a capitalised proper noun that is no
    office, honorific or acronym."""
    text = tok.text
    if tok.tag_ not in ("NNP", "NNPS") or not text[:1].isupper():
        return False
    low = tok.lower_
    if low in TITLE_HEADS or low in TITLE_MODIFIERS or low in HONORIFICS:
        return False
    # Acronyms ("PTI", "COAS") are organisations, not names; initials ("R.") are.
    return is_initial(text) or not (len(text) > 1 and text.isupper())


def is_initial(text: str) -> bool:
    return len(text.rstrip(".")) == 1 and text[:1].isupper()


def _alone_in_ent(tok: Token) -> bool:
    """True unless the token is part of a longer named entity ("Warner Bros")."""
    if tok.ent_iob_ == "O":
        return True
    nxt = tok.nbor() if tok.i + 1 < len(tok.doc) else None
    return tok.ent_iob_ == "B" and (nxt is None or nxt.ent_iob_ != "I")


def name_runs(doc: Doc) -> list[tuple[int, int]]:
    """Maximal runs of capitalised proper nouns that can be a person's name.

    Tokens of places and organisations start no run ("Pakistan Donald Blome" gives
    "Donald Blome"), but a one-token one may end it, since the tagger sometimes takes a
    surname for a place ("Antony J Blinken", "Blinken" tagged GPE). Lowercase particles
    stay inside a name ("Ursula von der Leyen"), and after an honorific any capitalised
    word is one ("Mr. King", not the office).
    """
    runs: list[tuple[int, int]] = []
    i, n = 0, len(doc)
    while i < n:
        tok = doc[i]
        after_honorific = i > 0 and doc[i - 1].lower_ in HONORIFICS and tok.text[:1].isupper()
        if not after_honorific and not (name_token(tok) and tok.ent_type_ in ("", "PERSON")):
            i += 1
            continue
        j = i + 1
        while j < n:
            nxt = doc[j]
            k = j
            while k < n and doc[k].lower_ in PARTICLES:
                k += 1
            if k > j and k < n and name_token(doc[k]):
                j = k  # "von der" before "Leyen"
                continue
            tagged = nxt.ent_iob_ == "I" and nxt.ent_type_ == "PERSON" and nxt.is_title
            if not name_token(nxt) and not tagged:
                break  # an office word inside a tagged name is a surname: "Larry King"
            if nxt.ent_type_ not in ("", "PERSON") and not (
                _alone_in_ent(nxt) and (j + 1 >= n or not name_token(doc[j + 1]))
            ):
                break
            j += 1
        runs.append((i, j))
        i = j
    return runs


def name_parts(tokens: Iterable[Token]) -> list[str]:
    """The words that identify a person: no initials, particles or "Jr."."""
    return [
        t.text
        for t in tokens
        if not is_initial(t.text) and t.lower_ not in PARTICLES and t.lower_ not in _SUFFIXES
    ]


def has_evidence(doc: Doc, start: int, end: int) -> bool:
    """Is this run a person's name: tagged PERSON, or after a title or honorific?"""
    if any(doc[i].ent_type_ == "PERSON" for i in range(start, end)):
        return True
    if start > 0 and doc[start - 1].lower_ in HONORIFICS:
        return True
    return bool(title_before(doc, start))


def run_head(doc: Doc, start: int, end: int) -> Token:
    """The token of a name that the parse attaches to the rest of the sentence."""
    for i in range(end - 1, start - 1, -1):
        if not start <= doc[i].head.i < end or doc[i].head.i == i:
            return doc[i]
    return doc[end - 1]
