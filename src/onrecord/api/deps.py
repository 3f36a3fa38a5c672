"""What routes receive: the corpus, the security settings, pages and search filters.

The bounds live here once, so the API and the pages refuse the same things with the same
422 message.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Depends, Query, Request

from onrecord.about import Topics
from onrecord.api.errors import BadRequest
from onrecord.api.security import Security
from onrecord.store import Corpus, Filters, filters

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000
MAX_TEXT = 500
KindName = Literal["direct", "indirect", "mixed"]
# Spelled out so /openapi.json lists them (``onrecord.about.ACTS``; a test keeps the two
# the same); the store's filter builder checks them again for the pages and the CLI.
ActName = Literal["urge", "concern", "support", "assure", "deny", "inform", "cite"]
StanceName = Literal["negative", "neutral", "positive", "-1", "0", "1"]


def get_corpus(request: Request) -> Corpus:
    corpus: Corpus = request.app.state.corpus
    return corpus


def get_security(request: Request) -> Security:
    security: Security = request.app.state.security
    return security


def get_topics(request: Request) -> Topics:
    topics: Topics = request.app.state.topics
    return topics


def guard_read(request: Request) -> None:
    get_security(request).require_read(request)


CorpusDep = Annotated[Corpus, Depends(get_corpus)]
SecurityDep = Annotated[Security, Depends(get_security)]
TopicsDep = Annotated[Topics, Depends(get_topics)]

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"At most this many (1–{MAX_LIMIT})")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Skip this many")]
Text = Annotated[str | None, Query(max_length=MAX_TEXT)]


def clean_text(value: str | None) -> str | None:
    return filters.clean_text(value)


def build_filters(topics: Topics, **values: Any) -> Filters:
    """``Filters`` from request values (blank means "not given"), checked by the store's
    one filter builder; what it refuses is a 422."""
    try:
        return filters.build_filters(topics, **values)
    except filters.FilterError as exc:
        raise BadRequest(str(exc), exc.detail) from exc


# A date is YYYY-MM-DD and nothing else (a date type would also take "0.0" as a Unix
# timestamp); parse_day then refuses impossible dates such as 2024-02-30.
Day = Annotated[
    str | None,
    Query(
        pattern=r"^\d{4}-\d{2}-\d{2}$",
        description="YYYY-MM-DD, inclusive",
        json_schema_extra={"format": "date"},
    ),
]


SortName = Literal["latest", "earliest", "reports"]


def api_filters(
    topics: TopicsDep,
    q: Annotated[str | None, Query(max_length=MAX_TEXT, description='Words or "phrases"')] = None,
    speaker: Annotated[str | None, Query(max_length=MAX_TEXT, description="Name or alias")] = None,
    affiliation: Text = None,
    outlet: Text = None,
    kind: KindName | None = None,
    topic: Annotated[str | None, Query(max_length=100, description="A topic name")] = None,
    since: Day = None,
    until: Day = None,
    sort: Annotated[
        SortName | None, Query(description="latest or earliest first, or most reported")
    ] = None,
    min_confidence: Annotated[
        float | None,
        Query(ge=0, le=1, description="Only attributions at least this sure (probability)"),
    ] = None,
    about: Annotated[
        str | None,
        Query(
            max_length=MAX_TEXT,
            description="About this: a target's words, or a person or organisation by any name",
        ),
    ] = None,
    act: Annotated[ActName | None, Query(description="What the speaker does")] = None,
    stance: Annotated[
        StanceName | None,
        Query(description="Toward the main target: negative, neutral or positive (or -1, 0, 1)"),
    ] = None,
) -> Filters:
    if topic is not None and not topic.strip():
        raise BadRequest(f"'topic' must be one of: {', '.join(topics.names())}")
    return build_filters(
        topics,
        q=q,
        speaker=speaker,
        affiliation=affiliation,
        outlet=outlet,
        kind=kind,
        topic=topic,
        since=since,
        until=until,
        sort=sort,
        min_confidence=min_confidence,
        about=about,
        act=act,
        stance=stance,
    )


def parse_day(value: str | None, name: str) -> str | None:
    """A form's date field as YYYY-MM-DD: blank is none, anything else must be a date."""
    try:
        return filters.parse_day(value, name)
    except filters.FilterError as exc:
        raise BadRequest(str(exc)) from exc


def page_filters(
    topics: TopicsDep,
    q: Text = None,
    speaker: Text = None,
    affiliation: Text = None,
    outlet: Text = None,
    kind: Annotated[str | None, Query(max_length=20)] = None,
    topic: Annotated[str | None, Query(max_length=100)] = None,
    since: Annotated[str | None, Query(max_length=20)] = None,
    until: Annotated[str | None, Query(max_length=20)] = None,
    sort: Annotated[str | None, Query(max_length=20)] = None,
    min_confidence: Annotated[str | None, Query(max_length=20)] = None,
    about: Text = None,
    act: Annotated[str | None, Query(max_length=20)] = None,
    stance: Annotated[str | None, Query(max_length=20)] = None,
) -> Filters:
    """The same filters from a web form, where empty fields arrive as empty strings."""
    return build_filters(
        topics,
        q=q,
        speaker=speaker,
        affiliation=affiliation,
        outlet=outlet,
        kind=kind,
        topic=topic,
        since=since,
        until=until,
        sort=sort,
        min_confidence=min_confidence,
        about=about,
        act=act,
        stance=stance,
    )


ApiFilters = Annotated[Filters, Depends(api_filters)]
PageFilters = Annotated[Filters, Depends(page_filters)]
