"""spaCy's attribute-ruler patterns, matched with array operations: the same annotations,
in a tenth of the time.

The ``attribute_ruler`` of the English pipelines runs a ``Matcher`` of about 180 token
patterns (the tag map, auxiliaries, pronoun morphology) over every token: 2.3 s of a
20 s parse of 160 news texts here, as much as the parser. Every one of those patterns
tests one or two tokens for exact values, ``IN``, ``NOT_IN`` or ``REGEX`` on ``TAG``,
``LOWER``, ``DEP`` or ``IS_SPACE``, so numpy can test each over a whole document at once.
The matches are handed to the ruler's own ``set_annotations``, so the annotations are
spaCy's: ``tests/extract/test_attribute_rules.py`` checks that the match lists are the
ruler's own on the example corpus and on PolNeAR. A pipeline with a pattern this does
not understand (another model, say) keeps its ruler.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray
from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import StringStore
from spacy.tokens import Doc

__all__ = ["ArrayAttributeRuler", "Unsupported", "use_array_rules"]

COMPONENT = "onrecord_attribute_rules"
_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_ARRAY_ATTRS = [TAG, LOWER, DEP, IS_SPACE]

Column = NDArray[np.uint64]
Mask = NDArray[np.bool_]
Match = tuple[int, int, int, int]  # (rule, match id, start, end), as the ruler sorts them


class Unsupported(ValueError):
    """A pattern uses something the array matcher does not do."""


@dataclass(frozen=True, slots=True)
class _Test:
    """One attribute test of one pattern token, over a column of a document's array."""

    column: int
    test: Callable[[Column], Mask]


@dataclass(frozen=True, slots=True)
class _Pattern:
    rule: int
    match_id: int
    tokens: tuple[tuple[_Test, ...], ...]


class ArrayAttributeRuler:
    """The ``match`` of an ``AttributeRuler``, done with numpy; its annotations set by the
    ruler itself."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        strings = ruler.vocab.strings
        self.patterns: list[_Pattern] = []
        for rule, entry in enumerate(ruler.patterns):  # the matcher's key is str(rule)
            for pattern in cast(list[list[dict[str, Any]]], entry["patterns"]):
                tokens = tuple(_compile(token, strings) for token in pattern)
                self.patterns.append(_Pattern(rule, strings[str(rule)], tokens))

    def __call__(self, doc: Doc) -> Doc:
        self.ruler.set_annotations(doc, self.match(doc))  # type: ignore[no-untyped-call]
        return doc

    def match(self, doc: Doc) -> list[Match]:
        """The matches ``AttributeRuler.match`` finds, in its order."""
        if len(doc) == 0:
            return []
        array = doc.to_array(_ARRAY_ATTRS).astype(np.uint64, copy=False)
        found: set[Match] = set()
        for pattern in self.patterns:
            width = len(pattern.tokens)
            if width > len(doc):
                continue
            starts = np.ones(len(doc) - width + 1, dtype=bool)
            for offset, tests in enumerate(pattern.tokens):
                for test in tests:
                    starts &= test.test(array[:, test.column])[offset : offset + len(starts)]
            for start in np.flatnonzero(starts).tolist():
                found.add((pattern.rule, pattern.match_id, start, start + width))
        return sorted(found)


def _compile(token: dict[str, Any], strings: StringStore) -> tuple[_Test, ...]:
    tests = []
    for name, spec in token.items():
        if name not in _COLUMNS:
            raise Unsupported(f"attribute {name!r}")
        tests.append(_Test(_COLUMNS[name], _predicate(name, spec, strings)))
    return tuple(tests)


def _predicate(name: str, spec: Any, strings: StringStore) -> Callable[[Column], Mask]:
    if name == "IS_SPACE":
        if not isinstance(spec, bool):
            raise Unsupported(f"IS_SPACE {spec!r}")
        wanted = np.uint64(int(spec))
        return lambda column: column == wanted
    if isinstance(spec, str):
        value = np.uint64(_hash(spec, strings))
        return lambda column: column == value
    if not isinstance(spec, dict) or len(spec) != 1:
        raise Unsupported(f"{name} {spec!r}")
    ((op, argument),) = spec.items()
    if op in ("IN", "NOT_IN"):
        values = np.array([_hash(v, strings) for v in argument], dtype=np.uint64)
        if op == "IN":
            return lambda column: np.isin(column, values)
        return lambda column: ~np.isin(column, values)
    if op == "REGEX":
        return _regex(re.compile(argument), strings)
    raise Unsupported(f"{name} {op}")


def _regex(pattern: re.Pattern[str], strings: StringStore) -> Callable[[Column], Mask]:
    """As the Matcher does: ``re.search`` on the string; remembered per string."""
    seen: dict[int, bool] = {}

    def test(column: Column) -> Mask:
        values = np.unique(column)
        hits = []
        for value in values.tolist():
            hit = seen.get(value)
            if hit is None:
                hit = seen[value] = bool(pattern.search(strings[value] if value else ""))
            if hit:
                hits.append(value)
        return np.isin(column, np.array(hits, dtype=np.uint64))

    return test


def _hash(value: str, strings: StringStore) -> int:
    return 0 if value == "" else int(strings.add(value))


@Language.factory(COMPONENT)
def _make(nlp: Language, name: str) -> ArrayAttributeRuler:
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    return ArrayAttributeRuler(ruler)


def use_array_rules(nlp: Language) -> bool:
    """Put the array matcher in the place of ``nlp``'s attribute ruler, if it can do all
    of the ruler's patterns; says whether it did."""
    ruler = nlp.get_pipe("attribute_ruler") if "attribute_ruler" in nlp.pipe_names else None
    if not isinstance(ruler, AttributeRuler):
        return False
    try:
        nlp.add_pipe(COMPONENT, after="attribute_ruler")  # compiles the patterns, once
    except Unsupported:
        return False
    nlp.remove_pipe("attribute_ruler")
    return True
