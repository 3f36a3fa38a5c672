"""A quotation links a statement to a later report without joining the two speakers'
blocks: a change to the quoting speaker relinks the quoter's block alone and still
updates the quote, and new reports of either side keep it."""

from __future__ import annotations

from typing import Any

from corpus_factory import Quote, make_article
from sqlalchemy import select

from onrecord.store import Corpus, store_articles
from onrecord.store.engine import read_transaction
from onrecord.store.schema import link_nodes, statement_reports, statements

MILLER_TEXT = (
    "State Department spokesman Matthew Miller said the elections included undue "
    "restrictions on freedoms of expression, association, and peaceful assembly."
)
MILLER_WORDS = MILLER_TEXT[MILLER_TEXT.index("the elections") : -1]
WARNER_TEXT = (
    'Citing the US Department of State, Senator Mark Warner said the elections "included '
    'undue restrictions on freedoms of expression, association, and peaceful assembly."'
)
WARNER_WORDS = (
    'the elections "included undue restrictions on freedoms of expression, association, '
    'and peaceful assembly."'
)


def _miller(ident: str, published: str) -> Any:
    return make_article(
        MILLER_TEXT,
        [
            Quote(
                MILLER_WORDS,
                "State Department spokesman Matthew Miller",
                "said",
                "Matthew Miller",
                "spokesman",
                "State Department",
                kind="indirect",
            )
        ],
        published,
        "Dawn",
        ident=ident,
    )


def _warner(ident: str, published: str, text: str = WARNER_TEXT) -> Any:
    return make_article(
        text,
        [
            Quote(
                WARNER_WORDS, "Senator Mark Warner", "said", "Mark Warner", "Senator", kind="mixed"
            )
        ],
        published,
        "Reuters",
        ident=ident,
    )


def _quotes(corpus: Corpus) -> list[tuple[str, str, str | None]]:
    """(speaker, article, quoted by) of every report made by someone else."""
    with read_transaction(corpus.engine) as conn:
        rows = conn.execute(
            select(
                statements.c.speaker,
                statement_reports.c.article_id,
                statement_reports.c.quoted_by_name,
            )
            .join(statements, statements.c.id == statement_reports.c.statement_id)
            .where(statement_reports.c.quoted_by_name.is_not(None))
        )
        return sorted(tuple(r) for r in rows)


def _groups(corpus: Corpus) -> dict[str, set[str]]:
    with read_transaction(corpus.engine) as conn:
        found: dict[str, set[str]] = {}
        for node, grp in conn.execute(select(link_nodes.c.node, link_nodes.c.grp)):
            found.setdefault(grp, set()).add(node)
        return found


def test_a_quote_links_reports_not_blocks(corpus: Corpus) -> None:
    store_articles(corpus, [_miller("m1", "2024-02-09"), _warner("w1", "2025-01-24")])
    assert _quotes(corpus) == [("Matthew Miller", "w1", "Mark Warner")]
    groups = _groups(corpus)
    miller = next(g for g, nodes in groups.items() if "b:p:miller" in nodes)
    assert groups[miller] == {"b:p:miller"}, "the quote must not join the senator's block"
    assert any(nodes and all(n.startswith("t:") for n in nodes) for nodes in groups.values())

    # A correction of the quoting senator relinks his block alone, and the quote follows.
    corpus.correct("rename", "Mark Warner", {"name": "Mark R. Warner"}, by="test")
    assert _quotes(corpus) == [("Matthew Miller", "w1", "Mark R. Warner")]

    # Later reports on either side: one more quote, the first statement unchanged.
    store_articles(corpus, [_warner("w2", "2025-02-01"), _miller("m2", "2024-02-10")])
    assert _quotes(corpus) == [
        ("Matthew Miller", "w1", "Mark R. Warner"),
        ("Matthew Miller", "w2", "Mark R. Warner"),
    ]


def test_a_quote_made_before_the_statement_is_found_when_the_statement_arrives(
    corpus: Corpus,
) -> None:
    # Ingest order is not report order: the senator's article is stored first.
    store_articles(corpus, [_warner("w1", "2025-01-24")])
    assert _quotes(corpus) == []
    store_articles(corpus, [_miller("m1", "2024-02-09")])
    assert _quotes(corpus) == [("Matthew Miller", "w1", "Mark Warner")]
    corpus.link()
    assert _quotes(corpus) == [("Matthew Miller", "w1", "Mark Warner")]


SAM_TEXT = "Sam Miller said the briefing would resume on Monday after the holiday."
CITING_TEXT = (
    'Citing Sam Miller, Senator Mark Warner said the elections "included undue '
    'restrictions on freedoms of expression, association, and peaceful assembly."'
)


def _miller_alone(ident: str, published: str) -> Any:
    """Miller's words with no affiliation: only one of his names can name him."""
    return make_article(
        "Matthew Miller said" + MILLER_TEXT[MILLER_TEXT.index(" the elections") :],
        [Quote(MILLER_WORDS, "Matthew Miller", "said", "Matthew Miller", kind="indirect")],
        published,
        "Dawn",
        ident=ident,
    )


def _sam(ident: str, published: str) -> Any:
    words = SAM_TEXT[SAM_TEXT.index("the briefing") : -1]
    return make_article(
        SAM_TEXT, [Quote(words, "Sam Miller", "said", "Sam Miller")], published, "AP", ident=ident
    )


def test_a_name_a_correction_gives_or_takes_finds_or_drops_the_quote_it_names(
    corpus: Corpus,
) -> None:
    # The senator cites "Sam Miller", a name an analyst knows is Matthew Miller's: a
    # quote of Matthew Miller's words once the two are one person. Miller keeps his id,
    # his name and his statement (more reports call him Matthew), so the quote is found
    # only through the passages that hold the name the merge added.
    store_articles(
        corpus,
        [
            _miller_alone("m1", "2024-02-09"),
            _miller_alone("m2", "2024-02-10"),
            _miller_alone("m3", "2024-02-11"),
            _sam("a1", "2024-03-01"),
            _warner("w1", "2025-01-24", CITING_TEXT),
        ],
    )
    assert _quotes(corpus) == []
    corpus.correct("merge", "Matthew Miller", {"other": "Sam Miller"}, by="test")
    merged = _quotes(corpus)
    assert merged == [("Matthew Miller", "w1", "Mark Warner")]
    corpus.link()
    assert _quotes(corpus) == merged, "incremental and full relink must agree"

    corpus.correct("split", "Matthew Miller", {"alias": "Sam Miller"}, by="test")
    assert _quotes(corpus) == []
    corpus.link()
    assert _quotes(corpus) == []
