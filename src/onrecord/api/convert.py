"""Store records to the API's models, in one place so pages and API agree."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any, Literal

from onrecord.api.schemas import (
    ArticleDetail,
    AttributionOut,
    CommentOut,
    ExchangeEvidence,
    ExchangeOut,
    OriginOut,
    PersonOut,
    RemovedOut,
    ReportOut,
    Review,
    RoleOut,
    SpanOut,
    StatementBrief,
    StatementOut,
)
from onrecord.model import Article, Target
from onrecord.store import ExchangeView, PersonView, ReportView, StatementView
from onrecord.store.views import (
    ArticleRecord,
    AttributionView,
    ReviewView,
    StatementsResult,
    spans,
)


def _span(start: int | None, end: int | None) -> SpanOut | None:
    return None if start is None or end is None else (start, end)


def targets(found: Sequence[Target]) -> list[dict[str, Any]]:
    """Targets as the ``TargetOut`` values their model builds: a page of statements with
    every report carries a thousand targets or more, and pydantic builds nested models
    from plain values far faster than from models made one by one."""
    return [
        {"text": t.text, "span": (t.span.start, t.span.end), "type": t.type, "id": t.id}
        for t in found
    ]


def about(view: Any) -> dict[str, Any]:
    """The about fields of a record that has them (a report, an attribution view)."""
    if view is None:
        return {}
    return {
        "act": view.act,
        "stance": view.stance,
        "stance_confidence": view.stance_confidence,
        "targets": targets(view.targets),
        "topics": list(view.topics),
    }


def review(view: ReviewView | None) -> Review | None:
    if view is None:
        return None
    return Review(
        correction_id=view.correction_id,
        action="reject" if view.action == "reject" else "reassign",
        by=view.by,
        at=view.at,
        speaker=view.speaker,
        note=view.note,
    )


def attribution(
    row: AttributionView, text: str | None = None, verdict: ReviewView | None = None
) -> AttributionOut:
    """An attribution; ``text`` (the article's) gives the cue's words."""
    cue = _span(row.cue_start, row.cue_end)
    return AttributionOut(
        id=row.id,
        article_id=row.article_id,
        seq=row.seq,
        kind=row.kind,
        source=_span(row.source_start, row.source_end),
        cue=cue,
        content=list(row.content),
        source_text=row.source_text,
        cue_text=(text[cue[0] : cue[1]] if text is not None else row.cue_words) if cue else None,
        content_text=row.content_text,
        speaker=row.speaker,
        role=row.role,
        affiliation=row.affiliation,
        confidence=row.confidence,
        method=row.method,
        person_id=row.person_id,
        organisation_id=row.organisation_id,
        entity_name=row.entity_name,
        statement_id=row.statement_id,
        review=review(verdict),
        **about(row),
    )


def article(found: ArticleRecord) -> ArticleDetail:
    record: Article = found.article
    rows, reviews = found.attributions, found.reviews
    return ArticleDetail(
        id=record.id,
        title=record.title,
        published=record.published,
        outlet=record.outlet,
        agency=record.agency,
        language=record.language,
        dateline=record.dateline.to_json() if record.dateline else None,
        origin=OriginOut(**record.origin.to_json()),
        duplicate_of=record.duplicate_of,
        text=record.text,
        body=[(s.start, s.end) for s in record.body],
        removed=[
            RemovedOut(span=(r.span.start, r.span.end), reason=r.reason) for r in record.removed
        ],
        comments=[
            CommentOut(
                author=c.author, text=c.text, span=(c.span.start, c.span.end) if c.span else None
            )
            for c in record.comments
        ],
        attributions=[attribution(r, record.text, reviews.get(r.id)) for r in rows],
    )


def speaker_kind(speaker_id: str) -> Literal["person", "organisation", "unknown"]:
    if speaker_id.startswith("P"):
        return "person"
    if speaker_id.startswith("O"):
        return "organisation"
    return "unknown"


def report(view: ReportView, reviews: dict[str, ReviewView]) -> ReportOut:
    return ReportOut(
        attribution_id=view.attribution_id,
        article_id=view.article_id,
        position=view.position,
        published=view.published,
        outlet=view.outlet,
        title=view.title,
        words=view.words,
        content=spans(view.content),
        speaker=view.speaker,
        quoted_by=view.quoted_by,
        review=review(reviews.get(view.attribution_id)),
        **about(view),
    )


def statement(view: StatementView, reviews: dict[str, ReviewView]) -> StatementOut:
    return StatementOut(
        id=view.id,
        speaker=view.speaker,
        speaker_id=view.speaker_id,
        speaker_kind=speaker_kind(view.speaker_id),
        words=view.words,
        first_published=view.first_published,
        first_outlet=view.first_outlet,
        first_article_id=view.first_article_id,
        report_count=view.report_count,
        outlet_count=view.outlet_count,
        reports=[report(r, reviews) for r in view.reports],
        **about(view.first_report),
    )


def statements(found: StatementsResult) -> list[StatementOut]:
    return [statement(v, found.reviews) for v in found.statements]


def person(view: PersonView) -> PersonOut:
    return PersonOut(
        id=view.id,
        kind="person" if view.kind == "person" else "organisation",
        name=view.name,
        affiliation=view.affiliation,
        mentions=view.mentions,
        statements=view.statements,
        first_reported=view.first_reported,
        last_reported=view.last_reported,
        aliases=list(view.aliases),
        roles=[
            RoleOut(
                role=r.role,
                affiliation=r.affiliation,
                first_reported=r.first_reported,
                last_reported=r.last_reported,
                mentions=r.mentions,
            )
            for r in view.roles
        ],
    )


def exchange(view: ExchangeView) -> ExchangeOut:
    return ExchangeOut(
        relation=view.relation,  # type: ignore[arg-type]
        later=StatementBrief(**asdict(view.later)),
        earlier=StatementBrief(**asdict(view.earlier)),
        evidence=ExchangeEvidence(**view.evidence()),
        score=view.score,
        verdict=view.verdict,  # type: ignore[arg-type]
        correction_id=view.correction,
    )
