"""Exchanges: one statement answering, rejecting, citing or repeating another.

A statement answers another when its speaker is someone else, it names the other's
speaker (by a name the corpus links to them, or by the country they speak for: "the
US", "Washington"), it comes on the same day or later, and the two share what they are
about: content words (names and countries aside: every statement in a story about
Pakistan says "Pakistan") or a topic. It *rejects* it when its act is ``deny``,
*answers* it otherwise. Speakers who speak for one country (their affiliation, else
their role, names it) do not answer each other, and naming by country needs the later
speaker's own side known (else "the US" may be their own). In one article, a reply is
reported after what it replies to, and a question is answered by the words after it of
the next other speaker (the one it was put to) that share a content word or a topic with
it, whether or not they name the one who asked.

A statement *repeats* an earlier one of the same speaker, first reported in another
article on a later date, that says nearly the same thing in other words (the statement
rules already fold the same words into one statement, so a repeat here is a
paraphrase, not a reprint). *Cites* links come from quotation
(``onrecord.link.quoting``): words of one speaker reported by another.

Each link keeps its evidence: the shared words, how the speaker was named, and the date
order, so a reader can judge it. These rules are deliberately strict: a missed answer
costs a reader less than an invented one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from onrecord.about.countries import countries_in
from onrecord.link.records import LATE
from onrecord.link.speaker_names import fold
from onrecord.link.units import content_stems

RELATIONS = ("answers", "rejects", "cites", "repeats")
# Answers must share this many content words with what they answer, or a topic and
# at least SHARED_WITH_TOPIC words; repeats a share of their words.
SHARED_WORDS = 3
SHARED_WITH_TOPIC = 2
REPEAT_OVERLAP = 0.4
# Institutions that speak for their country without naming it ("the State Department
# said"): only unambiguous ones, since "the foreign office" has one in every capital.
_INSTITUTION_SIDES = {
    "state department": "United States",
    "department of state": "United States",
    "pentagon": "United States",
    "white house": "United States",
}


@dataclass(frozen=True, slots=True)
class Said:
    """A statement as the exchange rules see it.

    ``named`` holds the folded ways its content names people, organisations and
    countries (its targets' texts and linked ids); ``speaker_names`` the folded ways the
    corpus writes its speaker (names and aliases) with the speaker's id.
    """

    statement_id: str
    speaker_id: str | None
    speaker: str | None
    date: str  # YYYY-MM-DD, or LATE when unknown
    act: str | None
    words: str
    named: frozenset[str] = frozenset()
    speaker_names: frozenset[str] = frozenset()
    sides: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    stems: frozenset[str] = field(default=frozenset(), compare=False)
    article_id: str | None = None  # of its first report
    position: int | None = None  # where its words start in that article
    # For a question: the speaker of the next words after it by someone else, in its
    # article (``next_speakers``): the one it is put to.
    answerer: str | None = None

    def content(self) -> frozenset[str]:
        return self.stems or content_words(self.words)


@dataclass(frozen=True, slots=True)
class Exchange:
    """``later`` answers, rejects, cites or repeats ``earlier``, with the evidence."""

    later: str
    earlier: str
    relation: str
    shared_words: tuple[str, ...]
    named: str | None  # how the later statement names the earlier speaker
    order: str  # "later", "same day" or "undated"
    score: float

    def evidence(self) -> dict[str, object]:
        return {"shared_words": list(self.shared_words), "named": self.named, "order": self.order}


@lru_cache(maxsize=1 << 14)
def sides_of(speaker: str | None, role: str | None, affiliation: str | None) -> frozenset[str]:
    """The countries a speaker speaks for: those their affiliation names, else their
    role, else their name ("envoy in Islamabad" of the "US" speaks for the US)."""
    for described in (affiliation, role, speaker):
        if not described:
            continue
        found = set(countries_in(described))
        folded = fold(described)
        found.update(side for name, side in _INSTITUTION_SIDES.items() if name in folded)
        if found:
            return frozenset(found)
    return frozenset()


def as_written(stems: Iterable[str], *texts: str) -> tuple[str, ...]:
    """Shared stems as a reader knows them: the first word of the texts (folded) with
    each stem ("interference" for "interferenc"), in alphabetical order."""
    wanted = set(stems)
    written: dict[str, str] = {}
    for text in texts:
        for token in _tokens(text):
            for found in content_stems([token]) & wanted:
                written.setdefault(found, token)
    return tuple(sorted(written.get(s, s) for s in wanted))


def _tokens(text: str) -> list[str]:
    return fold(text).replace("'s", "").replace("'", " ").split()


def content_words(text: str) -> frozenset[str]:
    """The stems of the words that carry meaning, possessives off ("Pakistan's")."""
    return content_stems(_tokens(text))


def named_in(text: str, target_texts: Iterable[str], target_ids: Iterable[str]) -> frozenset[str]:
    """What a statement names: its targets (folded), their linked ids, and the countries
    its words name (as country names, so they meet ``Said.sides``)."""
    named = {fold(t) for t in target_texts if t.strip()}
    named.update(target_ids)
    named.update(countries_in(text))
    named.update(countries_in(" ".join(target_texts)))
    return frozenset(n for n in named if n)


def exchange_between(later: Said, earlier: Said) -> Exchange | None:
    """The exchange from ``later`` to ``earlier``, if the rules find one."""
    if later.statement_id == earlier.statement_id:
        return None
    order = _order(later.date, earlier.date)
    if order is None:
        return None
    shared = later.content() & earlier.content()
    same_speaker = later.speaker_id is not None and later.speaker_id == earlier.speaker_id
    if same_speaker:
        smaller = min(len(later.content()), len(earlier.content())) or 1
        overlap = len(shared) / smaller
        if overlap < REPEAT_OVERLAP or len(shared) < SHARED_WORDS or order != "later":
            return None  # a repeat is dated after what it repeats
        if later.article_id is not None and later.article_id == earlier.article_id:
            return None  # one article saying a thing twice is not a repetition
        words = as_written(shared, later.words, earlier.words)
        return Exchange(
            later.statement_id, earlier.statement_id, "repeats", words, None, order,
            round(overlap, 3),
        )  # fmt: skip
    one_article = later.article_id is not None and later.article_id == earlier.article_id
    if one_article and _before(later, earlier):
        return None  # one article reports a reply after what it replies to
    # Names are not subjects: every statement in a story about Pakistan says "Pakistan".
    shared = shared - _name_words(earlier) - _name_words(later) - _country_words(later, earlier)
    common_topic = later.topics & earlier.topics
    if one_article and earlier.answerer is not None and later.speaker_id == earlier.answerer:
        if not (shared or common_topic):
            return None
        words = as_written(shared, later.words, earlier.words)
        return Exchange(  # an answer to a question, whatever its act
            later.statement_id, earlier.statement_id, "answers", words, None, order,
            float(len(shared) + 2 * len(common_topic)),
        )  # fmt: skip
    named = _how_named(later, earlier)
    if named is None or later.sides & earlier.sides:
        return None  # not addressed to them, or the same side speaking
    if len(shared) < SHARED_WORDS and not (common_topic and len(shared) >= SHARED_WITH_TOPIC):
        return None
    relation = "rejects" if later.act == "deny" else "answers"
    score = len(shared) + 2 * len(common_topic) + (2 if named == earlier.speaker_id else 1)
    words = as_written(shared, later.words, earlier.words)
    return Exchange(
        later.statement_id, earlier.statement_id, relation, words, named, order, float(score),
    )  # fmt: skip


def exchanges_for(said: Said, others: Iterable[Said], limit: int = 5) -> list[Exchange]:
    """What ``said`` answers or repeats among ``others``, and what among them answers or
    repeats it; the strongest first, at most ``limit`` each way."""
    back: list[Exchange] = []
    forth: list[Exchange] = []
    for other in others:
        if (found := exchange_between(said, other)) is not None:
            back.append(found)
        if (found := exchange_between(other, said)) is not None:
            forth.append(found)
    rank = _ranked
    return rank(back)[:limit] + rank(forth)[:limit]


def _ranked(found: list[Exchange]) -> list[Exchange]:
    return sorted(found, key=lambda e: (-e.score, e.later, e.earlier))


def _before(later: Said, earlier: Said) -> bool:
    return (
        later.position is not None
        and earlier.position is not None
        and (later.position < earlier.position)
    )


def is_question(words: str) -> bool:
    """Do the words ask a question?"""
    return "?" in words


def next_speakers(in_order: Sequence[tuple[str | None, str]]) -> list[str | None]:
    """For each statement of one article, (speaker id, words) in text order: for a
    question, the next other speaker after it (whom it was put to), else ``None``."""
    found: list[str | None] = []
    for n, (speaker, words) in enumerate(in_order):
        after = (s for s, _ in in_order[n + 1 :] if s is not None and s != speaker)
        found.append(next(after, None) if is_question(words) else None)
    return found


def _order(later: str, earlier: str) -> str | None:
    if later == LATE or earlier == LATE:
        return "undated"
    if later == earlier:
        return "same day"
    return "later" if later > earlier else None


def _how_named(later: Said, earlier: Said) -> str | None:
    """How ``later`` names ``earlier``'s speaker: their id, a name, or a country."""
    if earlier.speaker_id and earlier.speaker_id in later.named:
        return earlier.speaker_id
    for name in sorted(earlier.speaker_names):
        if name in later.named:
            return name
    if not later.sides:
        return None  # a speaker of no known side may be naming their own country
    for side in sorted(earlier.sides):
        if side in later.named:
            return side
    return None


def _country_words(*said: Said) -> frozenset[str]:
    """Words of the country names the statements use ("Pakistan's", "US")."""
    written = [w for one in said for forms in countries_in(one.words).values() for w in forms]
    return content_words(" ".join(written))


def _name_words(said: Said) -> frozenset[str]:
    """Words of the speaker's names: naming someone is not talking about the same thing."""
    names = [*said.speaker_names, *said.sides]
    return content_words(" ".join(names))
