"""The topic taxonomy: labels with evidence, narrower topics, and users' TOML files."""

from __future__ import annotations

from pathlib import Path

import pytest

from onrecord.about import TopicMatch, load_topics
from onrecord.errors import InputError
from tests.about.conftest import Describe, by_cue

TAXONOMY = {
    "elections",
    "detention and arrests",
    "freedom of expression and the press",
    "assembly and association",
    "religious freedom",
    "due process and military courts",
    "transnational repression",
    "sovereignty and interference",
    "bilateral relations",
    "security and military",
    "human rights",
    "democracy",
}


def test_the_taxonomy_and_the_first_topics_are_there() -> None:
    topics = load_topics()
    assert set(topics.label_names()) >= TAXONOMY
    assert topics.broader["press freedom"] == "freedom of expression and the press"
    assert all(topics.descriptions[name] for name in TAXONOMY)


def test_labels_are_multiple_with_their_evidence() -> None:
    found = load_topics().label(
        "Police arrested three journalists at a protest and a military court sentenced them."
    )
    assert found == [
        TopicMatch("assembly and association", ("protest",)),
        TopicMatch("detention and arrests", ("arrested",)),
        TopicMatch("due process and military courts", ("military court", "sentenced")),
        TopicMatch("freedom of expression and the press", ("journalists",)),
        TopicMatch("security and military", ("military",)),
    ]


def test_narrower_topics_fold_into_the_taxonomy_and_widen_its_search() -> None:
    topics = load_topics()
    labels = [m.topic for m in topics.label("Pegasus spyware was found on the phone")]
    assert labels == ["human rights"]
    _, phrases = topics.lookup("Human Rights")
    assert "pegasus" in phrases and "torture" in phrases


def test_stock_phrases_are_no_evidence() -> None:
    assert load_topics().label("the minister told reporters on Monday") == []


def test_two_countries_mean_bilateral_relations(described: Describe) -> None:
    text = "Officials said the old spat between Mexico and the United States over trucks is over."
    attribution = by_cue(text, described(text), "said")
    assert "bilateral relations" in attribution.topics


def test_a_users_toml_file_extends_the_defaults(tmp_path: Path) -> None:
    extra = tmp_path / "mine.toml"
    extra.write_text(
        """
ignore = ["water cooler"]

[topics."water"]
description = "Dams, rivers and water treaties."
phrases = ["dam", "river water"]

[topics."Spyware"]
phrases = ["Paragon"]

[topics]
"internet shutdowns" = ["internet shutdown", "blackout"]
""",
        encoding="utf-8",
    )
    topics = load_topics(extra)
    assert "paragon" in [p.lower() for p in topics.lookup("spyware")[1]]
    assert topics.descriptions["water"] == "Dams, rivers and water treaties."
    labels = topics.label("A new dam, a blackout and Paragon; talk at the water cooler")
    assert [(m.topic, m.evidence) for m in labels] == [
        ("human rights", ("Paragon",)),
        ("internet shutdowns", ("blackout",)),
        ("water", ("dam",)),
    ]
    assert "elections" in topics.names()


def test_a_users_toml_file_can_replace_the_defaults(tmp_path: Path) -> None:
    mine = tmp_path / "only.toml"
    mine.write_text('replace = true\n[topics]\nwater = ["dam"]\n', encoding="utf-8")
    topics = load_topics(mine)
    assert topics.names() == ["water"]
    assert [m.topic for m in topics.label("the election and the dam")] == ["water"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[topics\n", "not valid TOML"),
        ('[topics]\nwater = "dam"\n', "neither"),
        ("[topics.water]\nphrases = [1]\n", "wrong kind"),
        ("title = 'no topics table'\n", r"\[topics\]"),
    ],
)
def test_a_bad_toml_file_says_what_is_wrong(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_topics(bad)
