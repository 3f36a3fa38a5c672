"""The about fields on Attribution: serialised only when set, and back again."""

from __future__ import annotations

import json

from spacy.language import Language

from onrecord.about import about_attributions
from onrecord.extract import find_attributions
from onrecord.model import Attribution, Span, Target
from onrecord.resolve import find_mentions, resolve_speakers
from tests.about.conftest import Describe, by_cue


def test_round_trip_with_targets_stance_act_and_topics() -> None:
    attribution = Attribution(
        content=[Span(10, 40)],
        cue=Span(5, 9),
        source=Span(0, 4),
        kind="indirect",
        targets=[
            Target("Pakistan", Span(10, 18), "country"),
            Target("Imran Khan", Span(30, 40), "person", id="p-17"),
        ],
        stance=-1,
        stance_confidence=0.8125,
        act="deny",
        topics=["sovereignty and interference"],
    )
    record = json.loads(json.dumps(attribution.to_json()))
    assert record["targets"] == [
        {"text": "Pakistan", "span": [10, 18], "type": "country", "id": None},
        {"text": "Imran Khan", "span": [30, 40], "type": "person", "id": "p-17"},
    ]
    assert (record["stance"], record["stance_confidence"], record["act"]) == (-1, 0.812, "deny")
    assert record["topics"] == ["sovereignty and interference"]
    back = Attribution.from_json(record)
    assert back.targets == attribution.targets
    assert (back.stance, back.act, back.topics) == (-1, "deny", ["sovereignty and interference"])


def test_nothing_is_emitted_until_the_stage_runs() -> None:
    record = Attribution([Span(0, 3)], None, None, "direct").to_json("abcdef")
    assert not {"targets", "stance", "stance_confidence", "act", "topics"} & set(record)
    back = Attribution.from_json(record)
    assert (back.targets, back.stance, back.act, back.topics) == ([], None, None, [])


def test_the_stage_fills_targets_act_topics_and_stance(described: Describe) -> None:
    text = "The US State Department urged Pakistan to release the detained journalists."
    attribution = by_cue(text, described(text), "urged")
    assert attribution.act == "urge" and attribution.targets
    assert attribution.topics == ["detention and arrests", "freedom of expression and the press"]
    # "urged Pakistan to release": the stance toward Pakistan is read by the small model.
    assert attribution.stance in (-1, 0, 1)
    assert attribution.stance_confidence is not None and 1 / 3 <= attribution.stance_confidence <= 1
    again = Attribution.from_json(json.loads(json.dumps(attribution.to_json(text))))
    assert again.targets == attribution.targets and again.act == "urge"


def test_the_stage_can_leave_stance_to_a_later_step(nlp: Language) -> None:
    text = "The senator said the governor was a reckless, dishonest coward."
    doc = nlp(text)
    index = find_mentions(doc)
    found = about_attributions(
        doc, resolve_speakers(doc, find_attributions(doc), index), index=index, stance=False
    )
    attribution = by_cue(text, found, "said")
    assert attribution.targets
    assert attribution.stance is None and attribution.stance_confidence is None
    with_stance = about_attributions(doc, found, index=index)
    assert by_cue(text, with_stance, "said").stance == -1
