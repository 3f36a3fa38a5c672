"""What the read path hands out: stored rows turned into records in this one place.

The API and the pages convert these records to their own models; they never see a row.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from onrecord.model import Article, Target


@dataclass(slots=True)
class ArticleSummary:
    """One line of the article list."""

    id: str
    title: str | None
    published: str | None
    outlet: str | None
    url: str | None
    path: str | None
    language: str | None
    duplicate_of: str | None
    attributions: int


@dataclass(slots=True)
class AttributionView:
    """One stored attribution, with the name of the entity it is linked to and the cue's
    words cut from the article text."""

    id: str
    article_id: str
    seq: int
    kind: str
    source_start: int | None
    source_end: int | None
    cue_start: int | None
    cue_end: int | None
    content: list[tuple[int, int]]
    source_text: str | None
    content_text: str
    speaker: str | None
    role: str | None
    affiliation: str | None
    confidence: float
    method: str
    person_id: str | None
    organisation_id: str | None
    statement_id: str | None
    entity_name: str | None = None
    cue_words: str | None = None
    # What it is about (``onrecord.about``); targets and topics are filled in by
    # ``browse.with_about``.
    act: str | None = None
    stance: int | None = None
    stance_confidence: float | None = None
    targets: list[Target] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)


def spans(value: str | list[Any]) -> list[tuple[int, int]]:
    """``[[start, end], ...]`` stored as JSON text, as tuples."""
    items = json.loads(value) if isinstance(value, str) else value
    return [(int(s), int(e)) for s, e in items]


def attribution_view(row: Mapping[Any, Any]) -> AttributionView:
    return AttributionView(
        id=row["id"],
        article_id=row["article_id"],
        seq=row["seq"],
        kind=row["kind"],
        source_start=row["source_start"],
        source_end=row["source_end"],
        cue_start=row["cue_start"],
        cue_end=row["cue_end"],
        content=spans(row["content"]),
        source_text=row["source_text"],
        content_text=row["content_text"],
        speaker=row["speaker"],
        role=row["role"],
        affiliation=row["affiliation"],
        confidence=row["confidence"],
        method=row["method"],
        person_id=row["person_id"],
        organisation_id=row["organisation_id"],
        statement_id=row["statement_id"],
        entity_name=row.get("entity_name"),
        cue_words=row.get("cue_words"),
        act=row.get("act"),
        stance=row.get("stance"),
        stance_confidence=row.get("stance_confidence"),
    )


@dataclass(slots=True)
class ReviewView:
    """The latest analyst's verdict (reject or reassign) on one attribution."""

    correction_id: int
    action: str
    by: str
    at: str
    speaker: str | None
    note: str | None


@dataclass(slots=True)
class CorrectionRecord:
    """One stored correction, as the audit trail shows it."""

    id: int
    at: str
    by: str
    action: str
    subject: str
    argument: dict[str, Any]
    note: str | None
    status: str | None
    # What the names meant when it was made, by role ("subject", "other", "speaker"):
    # {"id", "kind", "name"}; the id is None for a speaker the correction created.
    resolved: dict[str, Any] = field(default_factory=dict)


def meant(resolved: str | None) -> dict[str, dict[str, str | None]]:
    """What a correction's names meant, by role, as shown: id, kind and name (the
    anchors and blocks it also keeps are for the linker)."""
    found = json.loads(resolved) if resolved else {}
    return {
        role: {k: entry.get(k) for k in ("id", "kind", "name")} for role, entry in found.items()
    }


def correction_record(row: Any) -> CorrectionRecord:
    argument = json.loads(row.argument) if row.argument else {}
    return CorrectionRecord(
        id=row.pk,
        at=row.at,
        by=row.by,
        action=row.action,
        subject=row.subject,
        argument=argument if isinstance(argument, dict) else {"value": argument},
        note=row.note,
        status=row.status,
        resolved=meant(row.resolved),
    )


def review_view(row: Any) -> ReviewView:
    argument = json.loads(row.argument) if row.argument else {}
    named = (json.loads(row.resolved) if row.resolved else {}).get("speaker")
    speaker = argument.get("speaker") if isinstance(argument, dict) else None
    return ReviewView(
        correction_id=row.pk,
        action=row.action,
        by=row.by,
        at=row.at,
        speaker=named["name"] if named else speaker,
        note=row.note,
    )


@dataclass(slots=True)
class ArticleRecord:
    """An article with its attributions (in article order) and their reviews."""

    article: Article
    attributions: list[AttributionView]
    reviews: dict[str, ReviewView] = field(default_factory=dict)


@dataclass(slots=True)
class Page:
    """A page of a list that can grow, with the size of the whole list when it is known."""

    items: list[Any]
    limit: int
    offset: int
    total: int | None = None
    has_more: bool = False


@dataclass(slots=True)
class StatementsResult:
    """A page of statements with the verdicts on their reports."""

    statements: list[Any]  # StatementView
    reviews: dict[str, ReviewView]
    limit: int
    offset: int
    has_more: bool
    total: int | None = None


@dataclass(slots=True)
class EntityRecord:
    """A person or organisation, a page of their statements, and how many articles
    quote them."""

    entity: Any  # PersonView
    statements: StatementsResult
    articles: int


@dataclass(slots=True)
class EntityAbout:
    """A person or organisation, their statements grouped by main target
    (``about_groups.AboutGroup``), the verdicts on those statements' reports, and how
    many articles quote them."""

    entity: Any  # PersonView
    groups: list[Any]  # AboutGroup
    reviews: dict[str, ReviewView]
    articles: int
