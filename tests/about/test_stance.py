"""Both stance models: clear cases, the target offsets, and their scores on NewsMTSC dev."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from onrecord.about.stance import ModelName, Stance, stance_of, stances

# Dev macro-F1 of the shipped models: small 0.770, encoder 0.793. The floors leave a
# margin for float differences across BLAS builds.
DEV_FLOORS: dict[ModelName, float] = {"small": 0.76, "encoder": 0.77}
MODELS = pytest.mark.parametrize("model", ["small", "encoder"])
NEWSMTSC = Path(__file__).absolute().parents[2].parent / "shared" / "bench" / "newsmtsc"


def span(sentence: str, target: str) -> tuple[str, int, int]:
    start = sentence.index(target)
    return sentence, start, start + len(target)


@MODELS
def test_clearly_negative(model: ModelName) -> None:
    found = stance_of(
        *span(
            "The senator was condemned by colleagues as a corrupt liar who betrayed his voters.",
            "The senator",
        ),
        model=model,
    )
    assert found.polarity == -1


@MODELS
def test_clearly_positive(model: ModelName) -> None:
    found = stance_of(
        *span(
            "Supporters praised the mayor as a brilliant, honest leader who rescued the schools.",
            "the mayor",
        ),
        model=model,
    )
    assert found.polarity == 1


@MODELS
def test_neutral_report(model: ModelName) -> None:
    found = stance_of(
        *span(
            "The minister will travel to Brussels on Tuesday for a meeting on fishing quotas.",
            "The minister",
        ),
        model=model,
    )
    assert found.polarity == 0


@MODELS
def test_the_target_offsets_decide_whose_stance(model: ModelName) -> None:
    sentence = (
        "Smith praised the firefighters for their courage, while blasting the governor "
        "as a reckless coward."
    )
    heroes, villain = stances(
        [span(sentence, "the firefighters"), span(sentence, "the governor")], model
    )
    assert heroes.polarity == 1
    assert villain.polarity == -1


@MODELS
def test_batch_matches_single_and_confidence_is_a_probability(model: ModelName) -> None:
    items = [
        span(
            "Critics slammed the company for its disastrous, dishonest handling of the spill.",
            "the company",
        ),
        span("The report was published on Monday.", "The report"),
    ]
    batch = stances(items, model)
    one_by_one = [stance_of(*item, model=model) for item in items]
    assert all(
        a.polarity == b.polarity and abs(a.confidence - b.confidence) < 1e-4
        for a, b in zip(batch, one_by_one, strict=True)
    )
    for found in batch:
        assert isinstance(found, Stance)
        assert found.polarity in (-1, 0, 1)
        assert 1 / 3 <= found.confidence <= 1.0
    assert stances([], model) == []


def test_offsets_outside_the_sentence_are_refused() -> None:
    with pytest.raises(ValueError):
        stance_of("Short.", 3, 40)


@MODELS
def test_long_and_unusual_text_still_gets_a_stance(model: ModelName) -> None:
    filler = " and then, as everyone knew, nothing much happened" * 30
    sentence = "Ms. Ünal, 東京 correspondent, hailed the deal 😀" + filler + "."
    found = stance_of(*span(sentence, "the deal"), model=model)
    assert found.polarity in (-1, 0, 1)
    assert stance_of("", 0, 0, model=model).polarity in (-1, 0, 1)


@pytest.mark.skipif(not (NEWSMTSC / "dev.jsonl").exists(), reason="NewsMTSC dev split not present")
@MODELS
def test_newsmtsc_dev_macro_f1(model: ModelName) -> None:
    with (NEWSMTSC / "dev.jsonl").open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    found = stances([(r["sentence"], r["from"], r["to"]) for r in rows], model)
    f1s = []
    for c in (-1, 0, 1):
        tp = sum(1 for r, s in zip(rows, found, strict=True) if r["polarity"] == c == s.polarity)
        fp = sum(1 for r, s in zip(rows, found, strict=True) if r["polarity"] != c == s.polarity)
        fn = sum(1 for r, s in zip(rows, found, strict=True) if r["polarity"] == c != s.polarity)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    assert sum(f1s) / 3 > DEV_FLOORS[model]
