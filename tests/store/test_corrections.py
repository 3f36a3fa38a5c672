"""Corrections name exactly one entity, are refused (and not stored) otherwise, can be
undone, and survive re-ingesting and relinking; on both backends."""

from __future__ import annotations

from typing import Any

import pytest
from corpus_factory import MILLER_1, MILLER_2, STEPHEN_MILLER, Quote, make_article
from sqlalchemy import select

from onrecord.store import Corpus, CorrectionError, Filters, PersonView
from onrecord.store.engine import read_transaction
from onrecord.store.schema import attributions

# A person written "Barack Obama" and "Obama", and an organisation written "OBAMA" (a
# short all-capitals name reads as one): "Obama" folds to a name of each.
OBAMA = make_article(
    "WASHINGTON, May 1 - Former president Barack Obama said the vote must be free and "
    'fair. "We will not accept a stolen election," Obama told reporters. Posters signed '
    'OBAMA declared "Hope is on the ballot again this year" across the city.',
    [
        Quote(
            "the vote must be free and fair",
            "Barack Obama",
            "said",
            "Barack Obama",
            kind="indirect",
        ),
        Quote("We will not accept a stolen election", "Obama", "told", "Obama"),
        Quote("Hope is on the ballot again this year", "OBAMA", "declared", "OBAMA"),
    ],
    published="2024-05-01",
    outlet="Dawn",
)
ELECTION = make_article(
    "ISLAMABAD, May 2 - Results will be announced within a week, the Chief Commissioner "
    'of Pakistan said. "We will appeal the ruling," Ziyad said. "The count was delayed by '
    'heavy rain in the north," an official said. "Turnout was higher than in any previous '
    'vote," a spokesman added. "Every ballot will be counted twice over," the commission '
    "stated.",
    [
        Quote(
            "Results will be announced within a week",
            "the Chief Commissioner of Pakistan",
            "said",
            "Chief Commissioner of Pakistan",
            kind="indirect",
        ),
        Quote("We will appeal the ruling", "Ziyad", "said", "Ziyad"),
        Quote("The count was delayed by heavy rain in the north", "an official", "said", None),
        Quote("Turnout was higher than in any previous vote", "a spokesman", "added", None),
        Quote("Every ballot will be counted twice over", "the commission", "stated", None),
    ],
    published="2024-05-02",
    outlet="Reuters",
)
COUNT, TURNOUT, BALLOT = (f"{ELECTION.id}:{n}" for n in (2, 3, 4))


def _entity(corpus: Corpus, name: str, kind: str | None = None) -> PersonView:
    [found] = [p for p in corpus.people() if p.name == name and kind in (None, p.kind)]
    return found


def _linked(corpus: Corpus, attribution: str) -> tuple[str | None, str | None, str | None]:
    a = attributions.c
    with read_transaction(corpus.engine) as conn:
        row = conn.execute(
            select(a.person_id, a.organisation_id, a.statement_id).where(a.id == attribution)
        ).one()
    return row.person_id, row.organisation_id, row.statement_id


def _people(corpus: Corpus) -> list[tuple[str, str, str, int]]:
    return sorted((p.id, p.kind, p.name, p.mentions) for p in corpus.people())


def _refused(corpus: Corpus, *args: Any) -> CorrectionError:
    before = corpus.corrections()
    with pytest.raises(CorrectionError) as refused:
        corpus.correct(*args)
    assert corpus.corrections() == before  # a refusal stores nothing
    return refused.value


def test_a_name_of_a_person_and_an_organisation_is_refused_the_id_works(
    corpus: Corpus,
) -> None:
    corpus.add([OBAMA])
    person = _entity(corpus, "Barack Obama", "person")
    organisation = _entity(corpus, "OBAMA", "organisation")
    assert "Obama" in person.aliases
    before = _people(corpus)

    ambiguous = _refused(corpus, "merge", "Barack Obama", {"other": "Obama"})
    assert ambiguous.kind == "ambiguous" and "'Obama'" in ambiguous.message
    assert [(c.id, c.name, c.kind, c.mentions) for c in ambiguous.candidates] == [
        (person.id, "Barack Obama", "person", 2),
        (organisation.id, "OBAMA", "organisation", 1),
    ]
    assert _refused(corpus, "rename", "obama", {"name": "X"}).kind == "ambiguous"
    assert _people(corpus) == before

    already = _refused(corpus, "merge", "Barack Obama", {"other": person.id})
    assert already.kind == "refused" and "already one person" in already.message
    made = corpus.correct("rename", person.id, {"name": "Barack H. Obama"})
    assert made[-1].status == "applied"
    assert made[-1].resolved == {
        "subject": {"id": person.id, "kind": "person", "name": "Barack Obama"}
    }
    assert _entity(corpus, "Barack H. Obama").id == person.id
    assert _entity(corpus, "OBAMA").id == organisation.id  # untouched


def test_merge_by_person_id(corpus: Corpus) -> None:
    corpus.add([OBAMA, ELECTION])
    person, ziyad = _entity(corpus, "Barack Obama"), _entity(corpus, "Ziyad")
    made = corpus.correct("merge", person.id, {"other": "Ziyad"})
    assert made[-1].status == "applied"
    assert made[-1].resolved["other"] == {"id": ziyad.id, "kind": "person", "name": "Ziyad"}
    joined = _entity(corpus, "Barack Obama")
    assert {"Obama", "Ziyad"} <= set(joined.aliases)
    assert joined.statements == person.statements + ziyad.statements
    assert "Ziyad" not in {p.name for p in corpus.people()}
    corpus.link()  # a full relink finds the same person by the id the merge named
    assert _entity(corpus, "Barack Obama").aliases == joined.aliases
    assert corpus.corrections()[-1].status == "applied"


def test_unknown_names_and_ids_are_refused_with_suggestions(corpus: Corpus) -> None:
    corpus.add([OBAMA, ELECTION])
    unknown = _refused(corpus, "rename", "Nobody Atall", {"name": "X"})
    assert unknown.kind == "unknown" and "Nobody Atall" in unknown.message
    assert _refused(corpus, "merge", "P000000000000", {"other": "Ziyad"}).kind == "unknown"
    assert _refused(corpus, "reject", "no-such-article:3", {}).kind == "unknown"
    typo = _refused(corpus, "reassign", COUNT, {"speaker": "Barak Obama"})
    assert typo.kind == "unknown" and "create" in typo.message
    assert "Barack Obama" in [c.name for c in typo.candidates]
    split = _refused(corpus, "split", "Barack Obama", {"alias": "Nobody"})
    assert split.kind == "refused" and "no separable mentions" in split.message
    assert corpus.corrections() == []


def test_a_repeated_correction_is_refused_until_undone(corpus: Corpus) -> None:
    corpus.add([OBAMA, ELECTION])
    corpus.correct("rename", "Ziyad", {"name": "Ziyad Khan"})
    repeat = _refused(corpus, "rename", "Ziyad", {"name": "Ziyad Khan"})
    assert "#1 already does this" in repeat.message
    corpus.correct("reject", COUNT, {})
    _refused(corpus, "reject", COUNT, {})
    corpus.undo(2)
    corpus.correct("reject", COUNT, {})  # undone, it can be made again
    assert [(c.action, c.status) for c in corpus.corrections()] == [
        ("rename", "applied"),
        ("reject", "undone by correction 3"),
        ("undo", "applied"),
        ("reject", "applied"),
    ]


def test_a_correction_made_again_after_a_later_one_reversed_it_is_a_change(
    corpus: Corpus,
) -> None:
    corpus.add([OBAMA, ELECTION])
    ziyad = _entity(corpus, "Ziyad")
    corpus.correct("rename", "Ziyad", {"name": "Ziyad Khan"})
    corpus.correct("rename", "Ziyad Khan", {"name": "Ziyad"})  # renamed back
    corpus.correct("rename", "Ziyad", {"name": "Ziyad Khan"})  # and forth again
    assert _entity(corpus, "Ziyad Khan").id == ziyad.id
    # Nothing later concerns #3: the same rename once more is a repeat.
    assert (
        "#3 already does this"
        in _refused(corpus, "rename", "Ziyad", {"name": "Ziyad Khan"}).message
    )

    corpus.correct("reject", COUNT, {})
    corpus.correct("reassign", COUNT, {"speaker": "Ziyad Khan"})
    assert _linked(corpus, COUNT)[0] == ziyad.id
    corpus.correct("reject", COUNT, {})  # the reassign overtook the first reject
    assert _linked(corpus, COUNT) == (None, None, None)
    _refused(corpus, "reject", COUNT, {})
    # A rename of someone else does not overtake #3.
    corpus.correct("rename", "Barack Obama", {"name": "Barack H. Obama"})
    assert (
        "#3 already does this"
        in _refused(corpus, "rename", "Ziyad", {"name": "Ziyad Khan"}).message
    )
    corpus.link()  # a full relink applies the same
    assert _entity(corpus, "Ziyad Khan").id == ziyad.id
    assert _linked(corpus, COUNT) == (None, None, None)
    assert [c.status for c in corpus.corrections()] == [
        *["applied"] * 3,
        "superseded by correction 5",
        "superseded by correction 6",
        "applied",
        "applied",
    ]


def _said_by(corpus: Corpus, name: str) -> set[str]:
    return {
        r.attribution_id for rec in corpus.person(name) for s in rec.statements for r in s.reports
    }


def _found_everywhere(corpus: Corpus, name: str, kind: str, attribution: str) -> None:
    """The attribution is the named entity's, in its statement, search, page and timeline."""
    entity = _entity(corpus, name)
    assert entity.kind == kind and entity.statements == 1
    person_id, organisation_id, statement_id = _linked(corpus, attribution)
    assert (person_id if kind == "person" else organisation_id) == entity.id
    assert statement_id is not None
    [found] = corpus.search_statements(Filters(speaker=name))
    assert found.id == statement_id and found.speaker == name
    assert [r.attribution_id for r in found.reports] == [attribution]
    assert _said_by(corpus, name) == {attribution}
    assert [r.attribution_id for r in corpus.timeline(Filters(speaker=name))] == [attribution]


def test_reassign_to_names_no_one_has_creates_them_as_written(corpus: Corpus) -> None:
    corpus.add([OBAMA, ELECTION])
    # "Chief Commissioner of Pakistan" is a title: it names no person "Pakistan".
    assert not [p for p in corpus.people() if p.name == "Pakistan"]
    refused = _refused(corpus, "reassign", COUNT, {"speaker": "al-Hassan"})
    assert refused.kind == "unknown"
    corpus.correct("reassign", COUNT, {"speaker": "al-Hassan", "create": "person"})
    corpus.correct(
        "reassign",
        TURNOUT,
        {"speaker": "Election Commission of Pakistan", "create": "organisation"},
    )
    corpus.correct("reassign", BALLOT, {"speaker": "Tariq bin Ziyad", "create": "person"})
    assert [c.status for c in corpus.corrections()] == ["applied"] * 3

    def check() -> None:
        _found_everywhere(corpus, "al-Hassan", "person", COUNT)
        _found_everywhere(corpus, "Election Commission of Pakistan", "organisation", TURNOUT)
        _found_everywhere(corpus, "Tariq bin Ziyad", "person", BALLOT)
        assert _entity(corpus, "Tariq bin Ziyad").roles == []  # no role "Tariq bin"
        # Not read as a person "Pakistan" whom the commission's words would then join.
        assert not [p for p in corpus.people() if p.name == "Pakistan"]
        assert _said_by(corpus, "Ziyad") == {f"{ELECTION.id}:1"}

    check()
    corpus.add([ELECTION])  # the same article again: nothing new
    check()
    corpus.link()  # the full recomputation
    check()
    assert [c.status for c in corpus.corrections()] == ["applied"] * 3


def test_reassign_names_an_existing_speaker_by_id_or_only_name(corpus: Corpus) -> None:
    corpus.add([OBAMA, ELECTION])
    organisation = _entity(corpus, "OBAMA", "organisation")
    ziyad = _entity(corpus, "Ziyad")
    corpus.correct("reassign", COUNT, {"speaker_id": organisation.id})
    corpus.correct("reassign", TURNOUT, {"speaker": "ziyad"})
    assert _linked(corpus, COUNT)[1] == organisation.id
    assert _linked(corpus, TURNOUT)[0] == ziyad.id
    assert _entity(corpus, "Ziyad").roles == ziyad.roles
    assert _refused(corpus, "reassign", BALLOT, {"speaker": "Obama"}).kind == "ambiguous"
    taken = _refused(corpus, "reassign", BALLOT, {"speaker": "Ziyad", "create": "person"})
    assert taken.kind == "refused" and [c.id for c in taken.candidates] == [ziyad.id]
    corpus.link()
    assert _linked(corpus, COUNT)[1] == organisation.id
    assert _linked(corpus, TURNOUT)[0] == ziyad.id


def test_undo_restores_what_was_there_and_is_in_the_audit_list(corpus: Corpus) -> None:
    corpus.add([OBAMA, ELECTION])
    people, linked = _people(corpus), {a: _linked(corpus, a) for a in (COUNT, TURNOUT)}
    corpus.correct("merge", "Barack Obama", {"other": "Ziyad"})
    corpus.correct("reject", TURNOUT, {})
    corpus.correct("reassign", COUNT, {"speaker": "al-Hassan", "create": "person"})
    assert _people(corpus) != people
    for pk in (3, 2, 1):
        corpus.undo(pk, by="ana", note="too hasty")
    assert _people(corpus) == people
    assert {a: _linked(corpus, a) for a in (COUNT, TURNOUT)} == linked
    made = corpus.corrections()
    assert [(c.pk, c.action, c.subject, c.status) for c in made] == [
        (1, "merge", "Barack Obama", "undone by correction 6"),
        (2, "reject", TURNOUT, "undone by correction 5"),
        (3, "reassign", COUNT, "undone by correction 4"),
        (4, "undo", "3", "applied"),
        (5, "undo", "2", "applied"),
        (6, "undo", "1", "applied"),
    ]
    assert "already undone by #4" in _refused(corpus, "undo", "3", {}).message
    assert "itself an undo" in _refused(corpus, "undo", "4", {}).message
    assert _refused(corpus, "undo", "99", {}).kind == "unknown"
    corpus.link()  # relinks re-apply what is left: nothing
    assert _people(corpus) == people
    assert [c.status for c in corpus.corrections()] == [c.status for c in made]


def test_undo_brings_back_an_earlier_verdict(corpus: Corpus) -> None:
    corpus.add([OBAMA, ELECTION])
    ziyad = _entity(corpus, "Ziyad")
    corpus.correct("reassign", COUNT, {"speaker": "Ziyad"})
    corpus.correct("reject", COUNT, {})
    assert _linked(corpus, COUNT) == (None, None, None)
    corpus.undo(2)
    assert _linked(corpus, COUNT)[0] == ziyad.id
    assert [c.status for c in corpus.corrections()] == [
        "applied",
        "undone by correction 3",
        "applied",
    ]


def test_a_correction_finds_its_entity_after_its_id_changed(corpus: Corpus) -> None:
    corpus.add([MILLER_1, MILLER_2, STEPHEN_MILLER])
    matthew, stephen = _entity(corpus, "Matthew Miller"), _entity(corpus, "Stephen Miller")
    # Two people called "Matthew Miller": from now on that name says neither.
    corpus.correct("rename", stephen.id, {"name": "Matthew Miller"})
    corpus.correct("rename", matthew.id, {"name": "Matt Miller"})
    assert _entity(corpus, "Matt Miller").id == matthew.id
    # An earlier report of Matthew's: his id, derived from his first report, changes.
    earlier = make_article(
        'WASHINGTON - "We are watching closely," Matthew Miller said.',
        [
            Quote(
                "We are watching closely",
                "Matthew Miller",
                "said",
                "Matthew Miller",
                affiliation="State Department",
            )
        ],
        published="2024-03-01",
        outlet="AP",
        ident="0" * 24,
    )
    corpus.add([earlier])
    moved = _entity(corpus, "Matt Miller")
    assert moved.id != matthew.id  # found by the reports it was made on, not by its id
    assert _said_by(corpus, "Matt Miller") >= {f"{earlier.id}:0", f"{MILLER_1.id}:0"}
    assert _entity(corpus, "Matthew Miller").id == stephen.id
    corpus.link()
    assert _entity(corpus, "Matt Miller").id == moved.id
    assert [c.status for c in corpus.corrections()] == ["applied", "applied"]
