"""What the API returns and accepts: pydantic models, which also make ``/openapi.json``.

Spans are ``[start, end]`` character offsets into the article's original text (end
exclusive), exactly as ``Article.to_json`` and the exports write them.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SpanOut = tuple[int, int]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorInfo(Model):
    status: int
    message: str
    detail: Any = None


class ErrorBody(Model):
    """The one error shape: 404, 422, 401 and 403 all look like this."""

    error: ErrorInfo


class Review(Model):
    """An analyst's verdict on one attribution: marked wrong, or given another speaker."""

    correction_id: int
    action: Literal["reject", "reassign"]
    by: str
    at: str
    speaker: str | None = None
    note: str | None = None


class TargetOut(Model):
    """Someone or something a statement is about, where the article names it."""

    text: str
    span: SpanOut = Field(description="In the statement's content, or in its sentence")
    type: str = Field(description="person, organisation, country, event, group or issue")
    id: str | None = Field(description="The linked person or organisation, when recorded")


class AboutOut(Model):
    """What an attribution is about (``onrecord.about``)."""

    act: str | None = Field(
        default=None, description="urge, concern, support, assure, deny, inform or cite"
    )
    stance: int | None = Field(
        default=None, description="Toward the main target: -1 against, 0 neutral, 1 in favour"
    )
    stance_confidence: float | None = None
    targets: list[TargetOut] = Field(default_factory=list, description="Main target first")
    topics: list[str] = Field(default_factory=list, description="Topic labels")


class AttributionOut(AboutOut):
    id: str
    article_id: str
    seq: int
    kind: str
    source: SpanOut | None
    cue: SpanOut | None
    content: list[SpanOut]
    source_text: str | None
    cue_text: str | None
    content_text: str
    speaker: str | None = Field(description="The speaker as resolved in this article")
    role: str | None
    affiliation: str | None
    confidence: float
    method: str
    person_id: str | None
    organisation_id: str | None
    entity_name: str | None = Field(description="The linked person or organisation")
    statement_id: str | None
    review: Review | None = None


class ArticleSummary(Model):
    id: str
    title: str | None
    published: str | None
    outlet: str | None
    url: str | None
    path: str | None
    language: str | None
    duplicate_of: str | None
    attributions: int


class RemovedOut(Model):
    span: SpanOut
    reason: str


class CommentOut(Model):
    author: str | None
    text: str
    span: SpanOut | None


class OriginOut(Model):
    path: str | None
    url: str | None
    record_id: str | None
    line: int | None


class ArticleDetail(Model):
    id: str
    title: str | None
    published: str | None
    outlet: str | None
    agency: str | None
    language: str | None
    dateline: dict[str, str | None] | None
    origin: OriginOut
    duplicate_of: str | None
    text: str
    body: list[SpanOut]
    removed: list[RemovedOut]
    comments: list[CommentOut]
    attributions: list[AttributionOut]


class ReportOut(AboutOut):
    """One article reporting a statement, and what its attribution is about."""

    attribution_id: str
    article_id: str
    position: int
    published: str | None
    outlet: str | None
    title: str | None
    words: str
    content: list[SpanOut]
    speaker: str | None
    quoted_by: str | None
    review: Review | None = None


class StatementOut(AboutOut):
    """Words one speaker said, with every report in date order (its lineage); what it is
    about is what its first report's attribution is about."""

    id: str
    speaker: str
    speaker_id: str
    speaker_kind: Literal["person", "organisation", "unknown"]
    words: str
    first_published: str | None
    first_outlet: str | None
    first_article_id: str
    report_count: int
    outlet_count: int
    reports: list[ReportOut]

    def marked_wrong(self) -> bool:
        """Every report of it has been marked wrong by an analyst (known only when every
        report is loaded: a list's card holds the first few)."""
        return (
            bool(self.reports)
            and len(self.reports) == self.report_count
            and all(r.review is not None and r.review.action == "reject" for r in self.reports)
        )


class RoleOut(Model):
    role: str
    affiliation: str
    first_reported: str | None
    last_reported: str | None
    mentions: int


class PersonOut(Model):
    id: str
    kind: Literal["person", "organisation"]
    name: str
    affiliation: str | None
    mentions: int
    statements: int
    first_reported: str | None
    last_reported: str | None
    aliases: list[str]
    roles: list[RoleOut]


class PersonDetail(PersonOut):
    """A person or organisation with a page of their statements (latest first)."""

    statement_list: list[StatementOut]
    limit: int
    offset: int
    articles: int = Field(description="Articles in which they are quoted as the speaker")


class AboutGroupOut(Model):
    """A speaker's statements about one main target (the latest of them)."""

    target: str | None = Field(
        description="The main target as the articles write it; null for the statements "
        "about any other target, or none"
    )
    entity_id: str | None = Field(description="The person or organisation the target names")
    count: int = Field(description="Statements in the group, in all")
    statements: list[StatementOut]


class PersonAbout(PersonOut):
    """A person or organisation with their statements grouped by what they are about,
    biggest groups first, the "other" group last."""

    articles: int = Field(description="Articles in which they are quoted as the speaker")
    groups: list[AboutGroupOut]


class ArticlePage(Model):
    items: list[ArticleSummary]
    limit: int
    offset: int
    total: int


class StatementPage(Model):
    items: list[StatementOut]
    limit: int
    offset: int
    has_more: bool


class AttributionPage(Model):
    items: list[AttributionOut]
    limit: int
    offset: int
    total: int


class PersonPage(Model):
    items: list[PersonOut]
    limit: int
    offset: int
    total: int


class ArticleHitOut(Model):
    id: str
    title: str | None
    published: str | None
    outlet: str | None
    origin: str | None


class FacetValueOut(Model):
    value: str = Field(description="A value the matching filter takes")
    count: int = Field(description="Matching statements with it")


class SearchOut(Model):
    statements: StatementPage
    articles: list[ArticleHitOut]
    total: int = Field(description="Statements matching, in all")
    facets: dict[str, list[FacetValueOut]] = Field(
        description="speaker, organisation (affiliation), outlet, kind, act, topic, year"
    )


class TimelineEntry(AboutOut):
    statement_id: str
    attribution_id: str
    article_id: str
    published: str | None
    outlet: str | None
    title: str | None
    speaker: str | None
    words: str
    quoted_by: str | None


class MonthCount(Model):
    month: str
    count: int


class TimelineOut(Model):
    entries: list[TimelineEntry]
    months: list[MonthCount]
    undated: int
    truncated: bool = Field(description="More reports follow this page")
    total: int = Field(description="Reports matching, in all")
    limit: int
    offset: int


class AffiliationMonth(Model):
    month: str
    affiliation: str
    count: int


class StatsOut(Model):
    articles: int
    attributions: int
    people: int
    organisations: int
    statements: int
    reports: int
    problems: int
    corrections: int
    outlets: dict[str, int]
    speakers: int
    linked: bool
    statements_per_month: list[AffiliationMonth]
    undated_statements: int


class CorrectionOut(Model):
    """A correction as made (``subject``, ``argument``: what was typed), what its names
    meant when it was made (``resolved``, by role: ``{"id", "kind", "name"}``), and how
    the last link applied it (``status``: "applied", "superseded by correction N",
    "undone by correction N", or "not applied: ..." when what it named is gone)."""

    id: int
    at: str
    by: str
    action: str
    subject: str
    argument: dict[str, Any]
    note: str | None
    status: str | None
    resolved: dict[str, Any] = Field(default_factory=dict)


class StatementBrief(Model):
    """A statement as an exchange shows it; ``attribution_id`` is its first report."""

    id: str
    speaker: str
    speaker_id: str | None
    words: str
    date: str | None
    outlet: str | None
    attribution_id: str


class ExchangeEvidence(Model):
    """Why the rules link two statements: the content words they share (compared by
    stem, shown as first written; names and countries aside), how the later one names
    the earlier speaker (their id, a name, or the country they speak for), and the date
    order."""

    shared_words: list[str]
    named: str | None
    order: Literal["later", "same day", "undated"]


class ExchangeOut(Model):
    """``later`` answers, rejects, cites or repeats ``earlier``. ``verdict`` is
    "confirmed" when an analyst confirmed it (``correction_id``); removed links are not
    listed."""

    relation: Literal["answers", "rejects", "cites", "repeats"]
    later: StatementBrief
    earlier: StatementBrief
    evidence: ExchangeEvidence
    score: float
    verdict: Literal["confirmed"] | None = None
    correction_id: int | None = None


class ExchangeList(Model):
    """A statement's exchanges, earliest first: those it takes part in either way."""

    statement_id: str
    items: list[ExchangeOut]


Name = Annotated[str, Field(min_length=1, max_length=300, pattern=r"\S")]
Note = Annotated[str | None, Field(max_length=2000)]
Analyst = Annotated[str | None, Field(max_length=120, description="Who makes the correction")]


class _Correction(Model):
    subject: Name
    note: Note = None
    by: Analyst = None

    def argument(self) -> dict[str, str]:
        """The argument the store records for this action."""
        return {}


class MergeIn(_Correction):
    """``subject`` and ``other`` are the same person. People and organisations are named
    by id (``P847daeb166f8``) or by a name or alias only one of them answers to."""

    action: Literal["merge"]
    other: Name

    def argument(self) -> dict[str, str]:
        return {"other": self.other.strip()}


class SplitIn(_Correction):
    """The mentions written ``alias`` are not ``subject``."""

    action: Literal["split"]
    alias: Name

    def argument(self) -> dict[str, str]:
        return {"alias": self.alias.strip()}


class RenameIn(_Correction):
    """Call ``subject`` ``name`` from now on."""

    action: Literal["rename"]
    name: Name

    def argument(self) -> dict[str, str]:
        return {"name": self.name.strip()}


class RejectIn(_Correction):
    """The attribution ``subject`` (``<article id>:<n>``) is wrong."""

    action: Literal["reject"]


EntityId = Annotated[str, Field(pattern=r"^\s*[PO][0-9a-f]{12}\s*$", examples=["P847daeb166f8"])]


class ReassignIn(_Correction):
    """The attribution ``subject`` was said by someone else than whom the text says:
    ``speaker_id``, a person's or organisation's id, or ``speaker``, a name only one of
    them answers to (one of the two: both, or neither, is a 409). A name no one answers
    to is a new speaker only with ``create`` (``person`` or ``organisation``); it is
    taken as written, never read apart."""

    action: Literal["reassign"]
    speaker: Name | None = None
    speaker_id: EntityId | None = None
    create: Literal["person", "organisation"] | None = None

    def argument(self) -> dict[str, str]:
        given = {"speaker": self.speaker, "speaker_id": self.speaker_id, "create": self.create}
        return {k: v.strip() for k, v in given.items() if v}


class ExchangeIn(_Correction):
    """Confirm or remove the exchange from statement ``subject`` (the later one) to
    ``earlier``; statements by id, or by an attribution id of theirs. A confirmed link
    the rules do not find is shown with ``relation`` (default "answers")."""

    action: Literal["exchange"]
    earlier: Name
    verdict: Literal["confirm", "remove"]
    relation: Literal["answers", "rejects", "cites", "repeats"] | None = None

    def argument(self) -> dict[str, str]:
        given = {"earlier": self.earlier.strip(), "verdict": self.verdict}
        return given | ({"relation": self.relation} if self.relation else {})


class UndoIn(_Correction):
    """Withdraw correction ``subject`` (its number); the undo is a correction of its own."""

    action: Literal["undo"]
    subject: Annotated[str, Field(pattern=r"^\s*\d{1,18}\s*$", examples=["3"])]


CorrectionIn = Annotated[
    MergeIn | SplitIn | RenameIn | RejectIn | ReassignIn | UndoIn | ExchangeIn,
    Field(discriminator="action"),
]
AnyCorrection = MergeIn | SplitIn | RenameIn | RejectIn | ReassignIn | UndoIn | ExchangeIn
