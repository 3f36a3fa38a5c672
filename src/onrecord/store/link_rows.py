"""The rows a link result writes: people, organisations, aliases, roles, statements and
their reports."""

from __future__ import annotations

from typing import Any

from onrecord.link import LinkResult

__all__ = ["entity_rows", "statement_rows"]


def entity_rows(
    result: LinkResult,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The people, organisations, aliases and role rows of a link result."""
    people_rows: list[dict[str, Any]] = []
    org_rows: list[dict[str, Any]] = []
    alias_rows: list[dict[str, Any]] = []
    role_rows: list[dict[str, Any]] = []
    for e in result.entities:
        dates = {"first_reported": e.first_reported, "last_reported": e.last_reported}
        if e.kind == "person":
            people_rows.append(
                {
                    "id": e.id,
                    "name": e.name,
                    "affiliation": e.affiliation,
                    "mentions": e.mentions,
                    **dates,
                }
            )
            role_rows.extend(
                {
                    "person_id": e.id,
                    "role": r.role,
                    "affiliation": r.affiliation,
                    "first_reported": r.first_reported,
                    "last_reported": r.last_reported,
                    "mentions": r.mentions,
                }
                for r in e.roles
            )
        else:
            org_rows.append({"id": e.id, "name": e.name, "mentions": e.mentions, **dates})
        alias_rows.extend(
            {"owner_id": e.id, "alias": alias, "mentions": n} for alias, n in e.aliases.items()
        )
    return people_rows, org_rows, alias_rows, role_rows


def statement_rows(result: LinkResult) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The statement and report rows of a link result."""
    rows: list[dict[str, Any]] = []
    report_rows: list[dict[str, Any]] = []
    for s in result.statements:
        rows.append(
            {
                "id": s.id,
                "person_id": s.speaker_id if s.speaker_kind == "person" else None,
                "organisation_id": s.speaker_id if s.speaker_kind == "organisation" else None,
                "speaker": s.speaker,
                "words": s.words,
                "first_attribution_id": s.first.attribution_id,
                "first_article_id": s.first.article_id,
                "first_published": s.first.published,
                "first_outlet": s.first.outlet,
                "last_published": max((r.published or "" for r in s.reports), default="") or None,
                "report_count": len(s.reports),
                "outlet_count": len(s.outlets),
            }
        )
        report_rows.extend(
            {
                "statement_id": r.statement_id,
                "attribution_id": r.attribution_id,
                "article_id": r.article_id,
                "position": r.position,
                "published": r.published,
                "outlet": r.outlet,
                "quoted_by_id": r.quoted_by_id,
                "quoted_by_name": r.quoted_by_name,
            }
            for r in s.reports
        )
    return rows, report_rows
