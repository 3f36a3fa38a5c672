"""Others quoting a statement: the quotation pass that follows the relinking of groups.

A statement's quoted reports (``onrecord.link.quoting``) depend on the statement (its
own reports, its speaker) and on the attributions whose words are *related* to its own
(``blocking.related``): only those can meet a quoting rule. The index keeps related
words in quote groups (``t:`` nodes of ``link_nodes``), apart from the speakers' blocks.
So a statement's quotes are recomputed from indexed lookups: its own attributions, the
words in their quote groups, the attributions with those words, and the people and
organisations speaking them. The statements to recompute after a change are those whose
own reports changed, and those with words in a quote group the change touched (the words
of every attribution whose speaker or statement changed, or whose speaker's names
changed, and every newly related quote); nothing else can gain or lose a quote.

The rules run as in a full link (``link.statements.add_quoted_reports``), over the
statements being recomputed and the attributions that may quote them, so a statement
gets the quotes one ``link_corpus`` over the whole corpus gives it (the boilerplate cap
on shingles counts quotes among those read, one of the documented tie-breaks).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, func, select, update

from onrecord.link import StoredAttribution
from onrecord.link.corrections import review_attributions
from onrecord.link.quoting import may_name
from onrecord.link.statements import add_quoted_reports, own_statement
from onrecord.store.grouplink import (
    _attribution_select,
    attribution_corrections,
    stored_entities,
    sync_statements,
    text_reader,
    to_attribution,
)
from onrecord.store.linkindex import chunks, group_nodes, groups_of
from onrecord.store.schema import articles, attributions, link_items, statement_reports

STATEMENTS_PER_PASS = 500  # statements recomputed at once: bounds what is held


def requote(
    conn: Connection,
    statement_ids: Iterable[str],
    texts: Iterable[str],
    titles: dict[str, str] | None = None,
    reformed: Iterable[tuple[str, frozenset[str], set[str]]] = (),
) -> int:
    """Recompute the quoted reports of ``statement_ids`` and of every statement with
    words in the quote groups of ``texts``; return the number of rows written.

    ``titles`` and ``reformed`` are what ``grouplink.Relinked`` says of speakers who
    kept their id under other names: their quotes of others take the new name, and
    their statements are requoted where a passage may name one of the forms they gained
    or lost (the rest would find the same quotes: nothing else of them changed)."""
    written = retitle(conn, titles or {})
    texts = set(texts)
    for speaker, forms, spoken in reformed:
        texts |= naming_texts(conn, speaker, forms, spoken)
    wanted = set(statement_ids) | statements_saying(conn, quote_group_texts(conn, texts))
    ordered = sorted(wanted)
    for start in range(0, len(ordered), STATEMENTS_PER_PASS):
        written += _requote(conn, ordered[start : start + STATEMENTS_PER_PASS])
    return written


def retitle(conn: Connection, titles: dict[str, str]) -> int:
    """Give the quotes made by each speaker in ``titles`` its new name (a quote's
    attribution is the quoting speaker's own)."""
    written = 0
    for ident, name in sorted(titles.items()):
        for column in (attributions.c.person_id, attributions.c.organisation_id):
            own = select(attributions.c.id).where(column == ident)
            written += conn.execute(
                update(statement_reports)
                .where(
                    statement_reports.c.attribution_id.in_(own),
                    statement_reports.c.quoted_by_id == ident,
                    statement_reports.c.quoted_by_name.is_distinct_from(name),
                )
                .values(quoted_by_name=name)
            ).rowcount
    return written


def naming_texts(
    conn: Connection, speaker: str, forms: frozenset[str], spoken: set[str]
) -> set[str]:
    """The words, among those related to ``spoken`` (what ``speaker`` says), of others'
    attributions whose passages may name one of ``forms`` (``quoting.may_name``): only
    there can a quote of the speaker's words depend on those forms. The speaker's own
    reports quote no one of its own, and are most of the related words' reports."""
    related = quote_group_texts(conn, spoken)
    named: dict[str, bool] = {}  # by article
    found: set[str] = set()
    query = select(
        link_items.c.text_id,
        attributions.c.article_id,
        attributions.c.source_text,
        attributions.c.content_text,
    ).join(attributions, attributions.c.id == link_items.c.item_id)
    others = func.coalesce(attributions.c.person_id, attributions.c.organisation_id, "") != speaker
    for part in chunks(sorted(related)):
        rows = conn.execute(query.where(link_items.c.text_id.in_(part), others)).all()
        unread = sorted({r.article_id for r in rows} - named.keys())
        for ids in chunks(unread):
            texts = select(articles.c.id, articles.c.text).where(articles.c.id.in_(ids))
            named.update((i, not text or may_name(text, forms)) for i, text in conn.execute(texts))
        for text_id, article_id, source, words in rows:
            # Without a text, or without its place in it, a passage is the source and words.
            if text_id not in found and (
                named.get(article_id, True) or may_name(f"{source or ''} {words or ''}", forms)
            ):
                found.add(text_id)
    return found


def quote_group_texts(conn: Connection, texts: Iterable[str]) -> set[str]:
    """Every text in the quote groups of ``texts`` (a text related to none is in none)."""
    grps = groups_of(conn, (f"t:{t}" for t in texts))
    _, found = group_nodes(conn, sorted(grps))
    return set(found)


def statements_saying(conn: Connection, texts: Iterable[str]) -> set[str]:
    """The statements whose own reports carry any of ``texts``."""
    found: set[str] = set()
    for part in chunks(sorted(set(texts))):
        found.update(
            conn.execute(
                select(attributions.c.statement_id)
                .join(link_items, link_items.c.item_id == attributions.c.id)
                .where(link_items.c.text_id.in_(part), attributions.c.statement_id.is_not(None))
                .distinct()
            ).scalars()
        )
    return found


def _requote(conn: Connection, statement_ids: list[str]) -> int:
    # An inner join: SQLite cannot drive an outer one from the words' index.
    query = _attribution_select().add_columns(link_items.c.text_id)
    query = query.join(link_items, link_items.c.item_id == attributions.c.id)
    own: dict[str, Any] = {}
    for part in chunks(statement_ids):
        own.update(
            (r.id, r) for r in conn.execute(query.where(attributions.c.statement_id.in_(part)))
        )
    related = quote_group_texts(conn, {r.text_id for r in own.values() if r.text_id})
    rows = dict(own)
    for part in chunks(sorted(related)):
        rows.update((r.id, r) for r in conn.execute(query.where(link_items.c.text_id.in_(part))))
    found = sorted(rows.values(), key=lambda r: (r.article_id, r.seq))
    # Rejected attributions quote no one; a reassigned one is quoted by its new speaker.
    review = review_attributions(
        [to_attribution(r) for r in found], attribution_corrections(conn, [r.id for r in found])
    )
    mentions: list[StoredAttribution] = []
    speaker_of: list[str | None] = []
    for row, reviewed in zip(found, review.attributions, strict=True):
        if reviewed is not None:
            mentions.append(reviewed)
            speaker_of.append(row.person_id or row.organisation_id)
    entities = stored_entities(conn, {s for s in speaker_of if s})
    by_statement: dict[str, tuple[str, list[StoredAttribution]]] = {}
    for mention, speaker in zip(mentions, speaker_of, strict=True):
        row = own.get(mention.attribution_id)
        if row is not None and speaker in entities:
            by_statement.setdefault(row.statement_id, (speaker, []))[1].append(mention)
    said = [
        own_statement(statement_id, sorted(said_by, key=lambda m: m.order), entities[speaker])
        for statement_id, (speaker, said_by) in sorted(by_statement.items())
    ]
    add_quoted_reports(said, mentions, speaker_of, entities, text_reader(conn))
    return sync_statements(conn, said)
