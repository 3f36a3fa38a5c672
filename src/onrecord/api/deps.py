"""What routes receive: the corpus, the security settings, pages and search filters.

The bounds live here once, so the API and the pages refuse the same things with the same
422 message.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import Depends, Query, Request

from onrecord.about import Topics
from onrecord.api.errors import BadRequest
from onrecord.api.security import Security
from onrecord.errors import OnrecordError
from onrecord.store import Corpus, Filters

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000
MAX_TEXT = 500
KindName = Literal["direct", "indirect", "mixed"]


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
    """Blank means "not given"; NUL characters are dropped, as no search can use them
    (SQLite's full-text query parser stops at one)."""
    if value is None:
        return None
    return value.replace("\x00", "").strip() or None


def build_filters(
    topics: Topics,
    q: str | None = None,
    speaker: str | None = None,
    affiliation: str | None = None,
    outlet: str | None = None,
    kind: str | None = None,
    topic: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> Filters:
    """``Filters`` from request values; blank means "not given"."""
    phrases: tuple[str, ...] = ()
    topic = clean_text(topic)
    if topic:
        try:
            _, phrases = topics.lookup(topic)
        except OnrecordError as exc:
            raise BadRequest(str(exc), {"known_topics": topics.names()}) from exc
    kind = clean_text(kind)
    if kind and kind not in ("direct", "indirect", "mixed"):
        raise BadRequest(f"Unknown kind {kind!r}: use direct, indirect or mixed")
    return Filters(
        q=clean_text(q),
        speaker=clean_text(speaker),
        affiliation=clean_text(affiliation),
        outlet=clean_text(outlet),
        kind=kind,
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
        topic_phrases=phrases,
    )


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
) -> Filters:
    if topic is not None and not topic.strip():
        raise BadRequest(f"'topic' must be one of: {', '.join(topics.names())}")
    return build_filters(
        topics,
        q,
        speaker,
        affiliation,
        outlet,
        kind,
        topic,
        parse_day(since, "since"),
        parse_day(until, "until"),
    )


def parse_day(value: str | None, name: str) -> date | None:
    """A form's date field: blank is none, anything else must be YYYY-MM-DD."""
    value = clean_text(value)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"'{name}' must be a date like 2024-03-31, not {value!r}") from None


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
) -> Filters:
    """The same filters from a web form, where empty fields arrive as empty strings."""
    return build_filters(
        topics,
        q,
        speaker,
        affiliation,
        outlet,
        kind,
        topic,
        parse_day(since, "since"),
        parse_day(until, "until"),
    )


ApiFilters = Annotated[Filters, Depends(api_filters)]
PageFilters = Annotated[Filters, Depends(page_filters)]
