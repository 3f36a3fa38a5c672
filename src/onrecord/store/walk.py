"""Walking the statements in page order instead of reading every match first.

A search for a common target or topic ("Donald Trump", "elections") matches thousands of
reports: reading them all to sort their statements costs tens of milliseconds, while so
many statements match that walking them latest first (an index) and checking each one's
reports against the target or topic (a primary-key look-up per report) fills a page
after a few hundred. Which is cheaper depends on how many statements match, known from
the search's total (kept per corpus version with its facets): the walk is taken when it
would look at fewer statements than a quarter of those that match. Only searches by
target and topic label alone are walked: their check is one indexed look-up.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import ColumnElement, Connection, exists, or_

from onrecord.store.about_filters import about_keys, plain_topic
from onrecord.store.filters import Filters
from onrecord.store.schema import attribution_targets, attribution_topics, statement_reports

# Orders an index gives ("earliest" puts the undated last: that is a sort of them all).
WALKED_SORTS = ("latest", "reports")
WALK_SHARE = 4  # walk when it looks at fewer than 1/WALK_SHARE of the matching statements


def worth_walking(f: Filters, end: int, matching: int, statements: int) -> bool:
    """Whether the first ``end`` statements of the search ``f``, which ``matching`` of the
    corpus's ``statements`` match, are found cheaper by walking them in page order."""
    if not matching or f.sort not in WALKED_SORTS or not _about_alone(f):
        return False
    # About end * statements / matching statements are walked to find ``end`` matches.
    return end * statements * WALK_SHARE <= matching * matching


def _about_alone(f: Filters) -> bool:
    """Whether ``f`` searches only by target and/or topic (and sorts)."""
    rest = replace(f, about=None, topic=None, topic_label=None, topic_phrases=(), sort="latest")
    return rest == Filters() and bool(f.about or f.topic_label)


def walk_terms(conn: Connection, f: Filters) -> list[ColumnElement[bool]] | None:
    """Terms over ``statement_reports`` checking each report's attribution against
    ``f``'s target and topic, one indexed look-up each; None when ``f``'s topic has no
    such check (a narrower topic's phrases, attributions without labels)."""
    terms: list[ColumnElement[bool]] = []
    own = statement_reports.c.attribution_id
    if f.about:
        keys, ids = about_keys(conn, f.about)
        t = attribution_targets
        named = t.c.folded.in_(sorted(keys))
        terms.append(
            exists().where(
                t.c.attribution_id == own, or_(named, t.c.entity_id.in_(ids)) if ids else named
            )
        )
    if f.topic_label is not None:
        if not plain_topic(conn, f):
            return None
        p = attribution_topics
        terms.append(exists().where(p.c.attribution_id == own, p.c.topic == f.topic_label))
    return terms
