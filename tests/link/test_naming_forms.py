"""A change of a speaker's names is requoted only where a passage may name a form it
gained or lost (``quoting.naming_forms``, ``quoting.may_name``): the check must never
miss a passage the quoting rules would find the speaker named in."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from onrecord.link.quoting import _named_in, _named_near, may_name, naming_forms
from onrecord.link.records import Entity, Role, StoredAttribution

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


def _person(*aliases: str) -> Entity:
    return Entity(
        "P2", "person", aliases[0], None, 1, None, None, aliases=dict.fromkeys(aliases, 1)
    )


def _changed_words(old: Entity, new: Entity) -> set[str]:
    return {words for _, words in naming_forms(old) ^ naming_forms(new)}


def test_forms_hold_every_name_the_rules_look_for() -> None:
    forms = naming_forms(MUELLER)
    assert {("full", "jose muller"), ("surname", "muller"), ("named", "j muller")} <= forms
    assert ("affiliation", "state department") in forms
    assert ("organisation", "state department") in naming_forms(BUREAU)
    renamed = Entity("P1", "person", "José Müller", "State Department", 3, None, None)
    assert _changed_words(MUELLER, renamed) == {"j muller"}


def test_a_form_read_by_another_check_is_a_change() -> None:
    # "Miller" was looked for only beside a full name; as an alias, anywhere.
    assert _changed_words(_person("Matthew Miller"), _person("Matthew Miller", "Miller")) == {
        "miller"
    }
    assert _changed_words(
        _person("Matthew J. Miller"), _person("Matthew J. Miller", "Matthew Miller")
    )


def test_a_passage_is_found_through_accents_case_apostrophes_and_possessives() -> None:
    forms = {words for _, words in naming_forms(MUELLER)}
    assert may_name("Citing JOSÉ MÜLLER’s aide, the senator said…", forms)
    assert may_name("Citing Jose Muller's aide, the senator said...", forms)
    assert may_name("Ｍüller said", forms)  # a full-width letter folds to ASCII
    assert may_name("“Daniel O’Brien said…”", {"daniel o'brien"})
    assert not may_name("The senator said the elections were flawed.", forms)


NAMES = ["Matthew Miller", "Miller", "Matthew J. Miller", "Dan O'Brien", "Daniel O’Brien",
         "José Müller", "J. Müller", "State Department", "US Department of State"]  # fmt: skip
WORDS = st.sampled_from(
    ["José", "JOSÉ", "Müller", "Muller’s", "Mueller", "said", "the", "State", "Department",
     "J.", "Matthew", "Miller", "Miller’s", "O’Brien", "O'Brien", "Daniel", "Dan", "US",
     "of", "—", "“", "”", ",", ".", "é"]
)  # fmt: skip


def _near(entity: Entity, text: str) -> bool:
    later = StoredAttribution("A", "a", 0, None, None, None, None, None, text, "direct",
                              extent=(0, len(text)))  # fmt: skip
    return _named_near(entity, later, lambda _: text)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True),
    st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True),
    st.sampled_from(["person", "organisation"]),
    st.lists(WORDS, max_size=14),
    st.sampled_from([" ", "\n", "-"]),
)
def test_where_the_rules_tell_two_versions_apart_may_name_says_so(
    before: list[str], after: list[str], kind: str, words: list[str], glue: str
) -> None:
    old, new = _person(*before), _person(*after)
    old.kind = new.kind = kind  # type: ignore[assignment]
    text = glue.join(words)
    if _named_in(old, text) != _named_in(new, text) or _near(old, text) != _near(new, text):
        assert may_name(text, _changed_words(old, new))
