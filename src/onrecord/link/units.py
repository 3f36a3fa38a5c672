"""Quotes as the statement rules compare them: folded words, shingles, content words.

A ``Unit`` is one distinct folded text of one speaker (or of no resolved speaker), with
the attributions that carry it; the rules in ``statements`` and ``quoting`` compare
units rather than attributions, so a quote reprinted a thousand times is compared once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from onrecord.link.records import StoredAttribution
from onrecord.link.speaker_names import fold


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SHINGLE = 6
SHARED_RUN_WORDS = 10  # an unbroken run this long is the same words, whoever says them
STOPWORDS = _words(
    """
    a an the and or but of to in on at for with by from as is are was were be been being
    it its this that these those we our us you your he his him she her they their them i
    me my not no will would should could can has have had do does did so than then there
    here which who whom what when where why how all any some such very also into about
    over
    """
)
# Words that turn a claim into its opposite. Stopwords for telling what a quote is about,
# but two quotes that differ in them do not say the same thing.
NEGATIONS = _words("not no never nor neither without cannot none nothing")
# Endings stripped before comparing content words across speakers, longest first, so
# that "restrictions"/"restricted" and "included"/"including" meet. Deliberately light:
# a stem keeps at least four letters, so short words are never conflated.
_ENDINGS = ("ing", "ed", "es", "s", "e")
_MIN_STEM = 4


@dataclass(slots=True)
class Unit:
    """Distinct folded words of one speaker (or of no speaker), with their mentions."""

    speaker: str | None
    text: str
    tokens: list[str]
    sequence: list[int]  # shingle hashes in text order, for shared runs
    shingles: set[int]
    content: frozenset[str]
    members: list[int] = field(default_factory=list)
    stems: frozenset[str] = frozenset()  # stemmed content words, for the quoting rules


def shingles(tokens: list[str]) -> list[int]:
    return [hash(tuple(tokens[i : i + SHINGLE])) for i in range(len(tokens) - SHINGLE + 1)]


@lru_cache(maxsize=1 << 17)
def stem(word: str) -> str:
    """A light stem: one common ending off, when at least four letters remain."""
    for ending in _ENDINGS:
        if ending == "s" and word.endswith("ss"):
            continue  # "press", "address": not plurals
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


def content_stems(tokens: Iterable[str]) -> frozenset[str]:
    """The stems of the words that carry meaning (no stopwords, no numbers alone)."""
    return frozenset(stem(t) for t in set(tokens) if t not in STOPWORDS and not t.isdigit())


def negated(tokens: Sequence[str]) -> bool:
    return any(t in NEGATIONS or t.endswith("n't") for t in tokens)


def make_units(
    mentions: Sequence[StoredAttribution], speaker_of: Sequence[str | None]
) -> list[Unit]:
    """One unit per distinct (speaker, folded words), in a fixed order."""
    units: dict[tuple[str | None, str], Unit] = {}
    for i, mention in enumerate(mentions):
        text = fold(mention.words)
        if not text:
            continue
        unit = units.get((speaker_of[i], text))
        if unit is None:
            tokens = text.split()
            content = frozenset(t for t in tokens if t not in STOPWORDS)
            sequence = shingles(tokens)
            unit = Unit(
                speaker_of[i],
                text,
                tokens,
                sequence,
                set(sequence),
                content,
                stems=content_stems(content),
            )
            units[(speaker_of[i], text)] = unit
        unit.members.append(i)
    return [units[key] for key in sorted(units, key=lambda k: (k[0] or "", k[1]))]


def shared_run(a: Unit, b: Unit) -> int:
    """The longest run of words the two quotes share, counted in words (0 if < 6)."""
    short, long = (a, b) if len(a.sequence) <= len(b.sequence) else (b, a)
    best = streak = 0
    for shingle in short.sequence:
        streak = streak + 1 if shingle in long.shingles else 0
        best = max(best, streak)
    return best + SHINGLE - 1 if best else 0
