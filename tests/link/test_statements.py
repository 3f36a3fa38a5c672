"""The candidates of a speaker's paraphrases: every pair the rule can join is among them."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from onrecord.link.statements import (
    PARAPHRASE_JACCARD,
    PARAPHRASE_MIN_WORDS,
    _at_least,
    _paraphrase_pairs,
)
from onrecord.link.units import Unit

# A small vocabulary, so that random quotes overlap often, some of them above the line.
WORDS = [f"w{n}" for n in range(14)]


def _unit(words: frozenset[str]) -> Unit:
    return Unit("P1", " ".join(sorted(words)), sorted(words), [], set(), words)


def _paraphrases(units: list[Unit]) -> set[tuple[int, int]]:
    """The pairs the paraphrase rule joins, by comparing every pair."""
    return {
        (a, b)
        for a, b in combinations(range(len(units)), 2)
        if min(len(units[a].content), len(units[b].content)) >= PARAPHRASE_MIN_WORDS
        and len(units[a].content & units[b].content)
        >= PARAPHRASE_JACCARD * len(units[a].content | units[b].content)
    }


@settings(max_examples=300, deadline=None)
@given(st.lists(st.frozensets(st.sampled_from(WORDS), min_size=3, max_size=12), max_size=40))
def test_every_paraphrase_pair_is_a_candidate(quotes: list[frozenset[str]]) -> None:
    units = [_unit(words) for words in quotes]
    candidates = _paraphrase_pairs(units, list(range(len(units))))
    assert _paraphrases(units) <= candidates
    assert all(a < b for a, b in candidates)


def test_the_prefix_is_counted_without_floating_point_error() -> None:
    # 0.6 * 5 is 3.0000000000000004: rounded up it would be 4 and the prefix one word
    # short, which misses pairs exactly at the line.
    assert [_at_least(0.6, n) for n in (5, 10, 15, 7)] == [3, 6, 9, 5]


def test_quotes_with_nothing_rare_in_common_are_not_compared() -> None:
    # 60 quotes sharing two common words and nothing else: no pair is near the line,
    # and none is a candidate, where comparing all pairs would make 1,770.
    units = [
        _unit(frozenset({"pakistan", "election", f"a{n}", f"b{n}", f"c{n}"})) for n in range(60)
    ]
    assert _paraphrase_pairs(units, list(range(60))) == set()
    near = [*units, _unit(frozenset({"pakistan", "election", "a7", "b7", "x"}))]
    assert _paraphrase_pairs(near, list(range(61))) == {(7, 60)}
