"""A change of a speaker's names is requoted only where a passage may name a form it
gained or lost (``quoting.naming_forms``, ``quoting.may_name``): the check must never
miss a passage the quoting rules would find the speaker named in."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from onrecord.link.quoting import _named_in, _plain, may_name, naming_forms
from onrecord.link.records import Entity, Role

MUELLER = Entity(
    "P1",
    "person",
    "José Müller",
    "State Department",
    3,
    None,
    None,
    aliases={"José Müller": 2, "J. Müller": 1},
    roles=[Role("spokesman", "State Department", None, None, 1)],
)
BUREAU = Entity("O1", "organisation", "US Department of State", None, 2, None, None)


def test_forms_hold_every_name_the_rules_look_for() -> None:
    forms = naming_forms(MUELLER)
    assert {"jose muller", "muller", "state department"} <= forms
    assert "state department" in naming_forms(BUREAU)
    renamed = Entity("P1", "person", "José Müller", "State Department", 3, None, None)
    assert naming_forms(MUELLER) ^ naming_forms(renamed) == {"j muller"}


def test_a_passage_is_found_through_accents_case_and_possessives() -> None:
    forms = naming_forms(MUELLER)
    assert may_name("Citing JOSÉ MÜLLER’s aide, the senator said…", forms)
    assert may_name("Citing Jose Muller's aide, the senator said...", forms)
    assert may_name("Ｍüller said", forms)  # a full-width letter folds to ASCII
    assert not may_name("The senator said the elections were flawed.", forms)


WORDS = st.sampled_from(
    [
        "José",
        "JOSÉ",
        "Müller",
        "Muller’s",
        "Mueller",
        "said",
        "the",
        "State",
        "Department",
        "J.",
        "de",
        "Ünal",
        "—",
        "“",
        "”",
        ",",
        "Jos",
        "é",
    ]
)


@settings(max_examples=300)
@given(st.lists(WORDS, max_size=12), st.sampled_from([" ", "", "\n", "-"]))
def test_may_name_is_never_false_where_a_rule_finds_the_name(words: list[str], glue: str) -> None:
    text = glue.join(words)
    forms = naming_forms(MUELLER)
    if _named_in(MUELLER, text) or any(form in _plain(text) for form in _forms_plain(MUELLER)):
        assert may_name(text, forms)


def _forms_plain(entity: Entity) -> list[str]:
    return [f" {form} " for form in naming_forms(entity)]
