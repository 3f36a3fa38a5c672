"""The indexes the read path needs (lists in date or report order, counts per speaker).

Declared here, on the tables of ``onrecord.store.schema``, so the schema module stays as
the linker's branch keeps it; migrations ``0003_read_indexes`` and ``0007_read_path``
create them.
"""

from __future__ import annotations

from sqlalchemy import Index

from onrecord.store.schema import (
    attributions,
    organisations,
    people,
    statement_reports,
    statements,
)

READ_INDEXES = (
    # Latest (or earliest) statements first, without sorting every statement.
    Index("ix_statements_first_published", statements.c.first_published),
    Index("ix_statements_report_count", statements.c.report_count),
    # A person's page: their statements in date order.
    Index("ix_statements_person_first", statements.c.person_id, statements.c.first_published),
    Index(
        "ix_statements_organisation_first",
        statements.c.organisation_id,
        statements.c.first_published,
    ),
    # How many articles quote someone, read from the index alone.
    Index("ix_attributions_person_article", attributions.c.person_id, attributions.c.article_id),
    Index(
        "ix_attributions_organisation_article",
        attributions.c.organisation_id,
        attributions.c.article_id,
    ),
    # Most mentioned first, on the home page and the people list.
    Index("ix_people_mentions", people.c.mentions),
    Index("ix_organisations_mentions", organisations.c.mentions),
    # A search by words, targets or topic goes from the matching attributions to their
    # reports: the statement, date and outlet it needs (for the list, the total and the
    # facets) are read from this index alone, not from each report's row (0007).
    Index(
        "ix_statement_reports_attribution_cover",
        statement_reports.c.attribution_id,
        statement_reports.c.statement_id,
        statement_reports.c.published,
        statement_reports.c.outlet,
    ),
)
