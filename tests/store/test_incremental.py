"""Incremental linking gives what a full relink gives, whatever the order and batches.

PolNeAR train texts with gold attributions (``polnear_replay``), replayed as ~2,000
distinct articles, are stored in three orders, in three batches each, with corrections
between the batches; the links after the last batch must equal those of ``onrecord
relink`` on the same database, those of the other orders, and those of the one-pass
``link_corpus`` over the whole corpus.

Documented tie-breaks, where incremental and full linking may differ (none occurs in
these corpora; ``TIE_BREAKS`` lists them for the docs and this test):
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import polnear_replay
import pytest
from sqlalchemy import select

from onrecord.link import link_corpus
from onrecord.store import Corpus, CorrectionError, open_corpus, store_articles
from onrecord.store.engine import read_transaction
from onrecord.store.grouplink import _attribution_select, _name_select, to_attribution, to_name
from onrecord.store.link_rows import entity_rows, statement_rows
from onrecord.store.schema import (
    aliases,
    attributions,
    corrections,
    mentions,
    organisations,
    people,
    person_roles,
    statement_reports,
    statements,
)

TIE_BREAKS = [
    # 1. Reports with no date follow dated ones in the order their articles were stored,
    #    so their positions depend on ingest order (as they always have).
    "undated reports are ordered by when their article was stored",
    # 2. A shingle in more than 200 distinct quotes is boilerplate to the statement
    #    rules; the count is taken within a block group (a speaker's own statements), or
    #    among a statement's words and those related to them (who quoted it), not the
    #    whole corpus.
    "the 200-quote boilerplate cap on shingles counts quotes within what is linked at once",
    # 3. A correction finds its person among the groups its names point to (where the
    #    name would be placed, and the people called or written that way when it was
    #    made), not among every person of the corpus.
    "a correction naming someone only by a form that parses elsewhere finds no one",
]
COUNT = 2000
DERIVED = (people, organisations, aliases, person_roles, statements, statement_reports)

pytestmark = pytest.mark.skipif(not polnear_replay.available(), reason="no PolNeAR data")


def snapshot(corpus: Corpus) -> dict[str, list[tuple[Any, ...]]]:
    """Everything the linker derives, in a comparable form."""
    with read_transaction(corpus.engine) as conn:
        found = {
            t.name: sorted(tuple(map(str, r)) for r in conn.execute(select(t))) for t in DERIVED
        }
        found["assigned"] = sorted(
            tuple(map(str, r))
            for r in conn.execute(
                select(
                    attributions.c.id,
                    attributions.c.person_id,
                    attributions.c.organisation_id,
                    attributions.c.statement_id,
                )
            )
        )
        found["named"] = sorted(
            tuple(map(str, r)) for r in conn.execute(select(mentions.c.id, mentions.c.person_id))
        )
        found["corrections"] = [
            tuple(map(str, r))
            for r in conn.execute(
                select(corrections.c.action, corrections.c.subject, corrections.c.status).order_by(
                    corrections.c.pk
                )
            )
        ]
    return found


def one_pass(corpus: Corpus) -> dict[str, list[tuple[Any, ...]]]:
    """What ``link_corpus`` over the whole corpus at once derives, in the same form."""
    from onrecord.store.grouplink import text_reader, to_correction

    with read_transaction(corpus.engine) as conn:
        said = sorted(conn.execute(_attribution_select()), key=lambda r: (r.article_id, r.seq))
        named = sorted(conn.execute(_name_select()), key=lambda r: (r.article_id, r.seq))
        fixes = [  # as the linker reads them; undone ones are no longer applied
            to_correction(r)
            for r in conn.execute(select(corrections).order_by(corrections.c.pk))
            if r.undone_by is None
        ]
        result = link_corpus(
            [to_attribution(r) for r in said], fixes, text_reader(conn), [to_name(r) for r in named]
        )
    people_rows, org_rows, alias_rows, role_rows = entity_rows(result)
    st_rows, report_rows = statement_rows(result)
    tables = dict(
        zip(
            [t.name for t in DERIVED],
            [people_rows, org_rows, alias_rows, role_rows, st_rows, report_rows],
            strict=True,
        )
    )
    found = {
        name: sorted(tuple(str(row[c.name]) for c in table.columns) for row in tables[name])
        for name, table in zip(tables, DERIVED, strict=True)
    }
    found["assigned"] = sorted(
        (r.id, *map(str, result.assignments.get(r.id, (None, None, None)))) for r in said
    )
    return found


def _corrections(corpus: Corpus, stage: int, said: str) -> None:
    """Stage 1, then stage 2, between the batches. Corrections name people by names only
    one entity answers to ("Trump" alone names several, so it is refused); ``said`` is an
    attribution stored before stage 2 in every order."""
    if stage == 1:
        with pytest.raises(CorrectionError, match="'Trump' names"):
            corpus.correct("merge", "Donald Trump", {"other": "Trump"})
        corpus.correct("merge", "Donald Trump", {"other": "Mr. Trump"})
        corpus.correct("merge", "Ted Cruz", {"other": "Marco Rubio"})  # across blocks
        corpus.correct("rename", "Hillary Clinton", {"name": "Hillary Rodham Clinton"})
    else:
        corpus.correct("split", "Donald Trump", {"alias": "Mr. Trump"})
        corpus.correct("undo", "2", {})  # the merge across blocks
        corpus.correct("reject", said, {})
        corpus.correct("reassign", said, {"speaker": "Bernie Sanders"})
        corpus.correct("reassign", said, {"speaker": "al-Hassan", "create": "person"})
        # Refused last: a refusal after storing takes a number on PostgreSQL (a sequence).
        with pytest.raises(CorrectionError, match="no separable mentions 'bill clinton'"):
            corpus.correct("split", "Hillary Rodham Clinton", {"alias": "Bill Clinton"})
        with pytest.raises(CorrectionError, match="Nobody Atall"):
            corpus.correct("merge", "Nobody Atall", {"other": "Donald Trump"})


def grow(url: str, order: list[int], said: int) -> Corpus:
    corpus = open_corpus(url)
    third = len(order) // 3
    for stage, part in enumerate((order[:third], order[third : 2 * third], order[2 * third :])):
        store_articles(corpus, (polnear_replay.replayed(n) for n in part), batch_size=250)
        if stage < 2:
            _corrections(corpus, stage + 1, f"{polnear_replay.replayed(said).id}:0")
    return corpus


def test_incremental_equals_full_relink_in_any_order(new_db: Callable[[], str]) -> None:
    forward = list(range(COUNT))
    shuffled = forward[:]
    random.Random(7).shuffle(shuffled)
    orders = (forward, forward[::-1], shuffled)
    # An article stored in the first two thirds of every order, with an attribution.
    early = [set(o[: 2 * (COUNT // 3)]) for o in orders]
    said = next(
        n for n in forward if all(n in e for e in early) and polnear_replay.replayed(n).attributions
    )
    results = []
    for order in orders:
        corpus = grow(new_db(), order, said)
        incremental = snapshot(corpus)
        assert incremental["people"] and incremental["statement_reports"]
        corpus.link()  # the full recomputation, streamed group by group
        assert snapshot(corpus) == incremental
        results.append(incremental)
        if order is forward:
            whole = one_pass(corpus)
            for name, rows in whole.items():
                assert incremental[name] == rows, name
        corpus.close()
    assert results[0] == results[1] == results[2]
    # The refused corrections (an ambiguous name, an alias that separates nothing, an
    # unknown name) were not stored.
    assert [row[:2] for row in results[0]["corrections"]] == [
        ("merge", "Donald Trump"),
        ("merge", "Ted Cruz"),
        ("rename", "Hillary Clinton"),
        ("split", "Donald Trump"),
        ("undo", "2"),
        ("reject", f"{polnear_replay.replayed(said).id}:0"),
        ("reassign", f"{polnear_replay.replayed(said).id}:0"),
        ("reassign", f"{polnear_replay.replayed(said).id}:0"),
    ]
    statuses = [status for _, _, status in results[0]["corrections"]]
    assert statuses == [
        "applied",
        "undone by correction 5",  # a merge across two blocks, undone
        "applied",
        "applied",
        "applied",
        "superseded by correction 7",  # the reject, by the reassign after it
        "superseded by correction 8",  # that reassign, by the next
        "applied",  # to someone the correction made
    ]
