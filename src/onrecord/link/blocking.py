"""Blocking keys: what can possibly join what, so a new item is linked against little.

Every rule of ``onrecord.link.people`` compares only items in one *block*: people
with one surname key (``p:<surname>``), organisations with one ``org_key``
(``o:<key>``). Statements of one speaker live in that speaker's block. The one thing
that crosses blocks is a quotation (``onrecord.link.quoting``): words of one speaker
reported as said by another. Two quotes can meet a quoting rule only if their texts are
*related*:

- rule 1 (5 consecutive 6-word shingles of the shorter quote all in the longer one,
  ``units.shared_run``) implies that the minimum of those 5, which winnowing with a
  window of 5 selects, is a shingle of the other quote: quotes are stored under all
  their shingles (``s`` keys) and their winnowed ones (``w``), and probe each with the
  other, whichever of the two is the shorter;
- rule 2 (a quoted fragment of n content stems, >= 80% of them in the other quote)
  implies that one of the fragment's first n - ceil(0.8 n) + 1 stems, in a fixed order
  (longest first, then alphabetical), is in the other quote: fragments are indexed
  under those prefix stems (``f`` keys) and quotes under all their stems (``u`` keys).

``related`` then checks the rules' word conditions (not their order or naming
conditions, so it finds a superset of the pairs that can quote each other). The store
keeps the keys in an indexed table (``onrecord.store.linkindex``).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable

from onrecord.link.quoting import FRAGMENT_SHARE, quoted_fragments
from onrecord.link.speaker_names import fold, parse_speaker
from onrecord.link.units import SHARED_RUN_WORDS, SHINGLE, STOPWORDS, content_stems

WINDOW = SHARED_RUN_WORDS - SHINGLE + 1  # 5 consecutive shingles make a 10-word run


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


def _retag(key: int) -> int:
    """The ``w`` key of a shingle, from its ``s`` key."""
    return stable_key("w", str(key))


def winnowed(tokens: list[str]) -> set[int]:
    """The minimum shingle key of every window of ``WINDOW`` consecutive shingles."""
    keys = _shingle_keys(tokens)
    if len(keys) < WINDOW:
        return set()
    return {min(keys[i : i + WINDOW]) for i in range(len(keys) - WINDOW + 1)}


def _prefix(stems: Iterable[str]) -> list[str]:
    ordered = sorted(stems, key=lambda s: (-len(s), s))
    need = math.ceil(FRAGMENT_SHARE * len(ordered))
    return ordered[: len(ordered) - need + 1]


def _stems(words: str) -> frozenset[str]:
    tokens = fold(words).split()
    return content_stems(t for t in tokens if t not in STOPWORDS)


def stored_keys(words: str, kind: str) -> set[int]:
    """The keys a quote is stored under."""
    tokens = fold(words).split()
    keys = {_retag(k) for k in winnowed(tokens)} | set(_shingle_keys(tokens))
    keys |= {stable_key("u", s) for s in _stems(words)}
    for fragment in quoted_fragments(words, kind):
        keys |= {stable_key("f", s) for s in _prefix(fragment.stems)}
    return keys


def probe_keys(words: str, kind: str) -> set[int]:
    """The keys to look up to find every stored quote ``related`` to this one."""
    tokens = fold(words).split()
    keys = winnowed(tokens) | {_retag(k) for k in _shingle_keys(tokens)}
    keys |= {stable_key("f", s) for s in _stems(words)}
    for fragment in quoted_fragments(words, kind):
        keys |= {stable_key("u", s) for s in _prefix(fragment.stems)}
    return keys


def _streak(a: list[int], b: set[int]) -> bool:
    streak = 0
    for key in a:
        streak = streak + 1 if key in b else 0
        if streak >= WINDOW:
            return True
    return False


def _rule1(a: list[str], b: list[str]) -> bool:
    """``shared_run >= 10`` either way round (it reads the shorter quote's shingles)."""
    ka, kb = _shingle_keys(a), _shingle_keys(b)
    return _streak(ka, set(kb)) or _streak(kb, set(ka))


def _rule2(later_words: str, later_kind: str, earlier_words: str) -> bool:
    stems = _stems(earlier_words)
    for fragment in quoted_fragments(later_words, later_kind):
        need = math.ceil(FRAGMENT_SHARE * len(fragment.stems))
        if len(fragment.stems & stems) >= need:
            return True
    return False


def related(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """May quotes ``a`` and ``b`` ((words, kind)) meet a quoting rule, either way round?"""
    ta, tb = fold(a[0]).split(), fold(b[0]).split()
    return _rule1(ta, tb) or _rule2(a[0], a[1], b[0]) or _rule2(b[0], b[1], a[0])
