"""Blocking keys: what can possibly join what, so a new item is linked against little.

Every rule of ``onrecord.link.people`` compares only items in one *block*: people
with one surname key (``p:<surname>``), organisations with one ``org_key``
(``o:<key>``). Statements of one speaker live in that speaker's block. The one thing
that crosses blocks is a quotation (``onrecord.link.quoting``): words of one speaker
reported as said by another. Two quotes can meet a quoting rule only if they share at
least ``MIN_SHARED`` (5) keys of one kind:

- rule 1 (5 consecutive 6-word shingles of the shorter quote all in the longer one,
  ``units.shared_run``): 5 shared shingles (``s`` keys on both sides);
- rule 2 (a quoted fragment of n >= 6 content stems, >= 80% of them in the other
  quote): 5 of the fragment's stems (``f`` keys) among the other's stems (``u`` keys).

The store keeps the keys in an indexed table (``onrecord.store.linkindex``), counts
the keys a new quote shares with each stored one, and ``related`` checks the rules'
word conditions on those with enough (not their order or naming conditions, so it finds
a superset of the pairs that can quote each other).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from functools import lru_cache

from onrecord.link.quoting import FRAGMENT_MIN_WORDS, FRAGMENT_SHARE, quoted_fragments
from onrecord.link.speaker_names import fold, parse_speaker
from onrecord.link.units import SHARED_RUN_WORDS, SHINGLE, STOPWORDS, content_stems

WINDOW = SHARED_RUN_WORDS - SHINGLE + 1  # 5 consecutive shingles make a 10-word run
# Fewest keys of one kind two related quotes share: WINDOW shingles, or 80% of a
# fragment of at least 6 stems.
MIN_SHARED = min(WINDOW, math.ceil(FRAGMENT_SHARE * FRAGMENT_MIN_WORDS))


def block_of(speaker: str | None, person_only: bool = False) -> str | None:
    """The block a speaker string (or, ``person_only``, a written name) belongs to."""
    sp = parse_speaker(speaker)
    if sp is None:
        return None
    if sp.kind == "organisation":
        return None if person_only else f"o:{sp.key}"
    return f"p:{sp.surname}"


def text_id(words: str, kind: str) -> str:
    """A stable id for a quote's words as written (marks matter to rule 2)."""
    return hashlib.blake2b(f"{kind}\x00{words}".encode(), digest_size=10).hexdigest()


def stable_key(tag: str, value: str) -> int:
    """A 63-bit key that is the same in every process (``hash`` is salted per process)."""
    digest = hashlib.blake2b(f"{tag}:{value}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def _shingle_keys(tokens: list[str]) -> list[int]:
    return [
        stable_key("w", " ".join(tokens[i : i + SHINGLE])) for i in range(len(tokens) - SHINGLE + 1)
    ]


def _stems(words: str) -> frozenset[str]:
    tokens = fold(words).split()
    return content_stems(t for t in tokens if t not in STOPWORDS)


def _fragment_stems(words: str, kind: str) -> set[str]:
    return {stem for f in quoted_fragments(words, kind) for stem in f.stems}


def stored_keys(words: str, kind: str) -> dict[int, str]:
    """The keys a quote is stored under, each with its kind."""
    keys = {key: "s" for key in _shingle_keys(fold(words).split())}
    keys.update((stable_key("u", s), "u") for s in _stems(words))
    keys.update((stable_key("f", s), "f") for s in _fragment_stems(words, kind))
    return keys


def probe_keys(words: str, kind: str) -> dict[int, str]:
    """The keys to look up to find every stored quote ``related`` to this one, each with
    the kind of match it counts towards ("s" shingles, "e" as the earlier quote, "l" as
    the later)."""
    keys = {key: "s" for key in _shingle_keys(fold(words).split())}
    keys.update((stable_key("f", s), "e") for s in _stems(words))
    keys.update((stable_key("u", s), "l") for s in _fragment_stems(words, kind))
    return keys


@dataclass(frozen=True, slots=True)
class _Quote:
    """What ``related`` compares, computed once per distinct quote."""

    shingles: tuple[int, ...]  # in text order (process-local hashes: never stored)
    shingle_set: frozenset[int]
    stems: frozenset[str]
    fragments: tuple[tuple[frozenset[str], int], ...]  # (stems, how many must match)


@lru_cache(maxsize=1 << 16)
def _quote(words: str, kind: str) -> _Quote:
    tokens = fold(words).split()
    grams = tuple(hash(tuple(tokens[i : i + SHINGLE])) for i in range(len(tokens) - SHINGLE + 1))
    fragments = tuple(
        (f.stems, math.ceil(FRAGMENT_SHARE * len(f.stems))) for f in quoted_fragments(words, kind)
    )
    return _Quote(grams, frozenset(grams), _stems(words), fragments)


def _streak(a: tuple[int, ...], b: frozenset[int]) -> bool:
    streak = 0
    for key in a:
        streak = streak + 1 if key in b else 0
        if streak >= WINDOW:
            return True
    return False


def _fragment_in(later: _Quote, earlier: _Quote) -> bool:
    return any(len(stems & earlier.stems) >= need for stems, need in later.fragments)


def related(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """May quotes ``a`` and ``b`` ((words, kind)) meet a quoting rule, either way round?
    (Rule 1 reads the shorter quote's shingles, ``units.shared_run``: both are tried.)"""
    qa, qb = _quote(*a), _quote(*b)
    return (
        _streak(qa.shingles, qb.shingle_set)
        or _streak(qb.shingles, qa.shingle_set)
        or _fragment_in(qa, qb)
        or _fragment_in(qb, qa)
    )
