"""The records that flow through onrecord.

Every span is a pair of character offsets into the *original* text of one document
(end exclusive), so any extracted statement can be shown in the text it came from.
Records serialise to plain JSON with ``to_json`` and come back with ``from_json``;
the JSONL that ``onrecord extract`` and ``onrecord ingest`` write is exactly that.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["direct", "indirect", "mixed"]
KINDS: tuple[Kind, ...] = ("direct", "indirect", "mixed")


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Character offsets ``[start, end)`` into one document's original text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def text(self, source: str) -> str:
        return source[self.start : self.end]

    def to_json(self) -> list[int]:
        return [self.start, self.end]

    @classmethod
    def from_json(cls, value: list[int] | tuple[int, int]) -> Span:
        return cls(int(value[0]), int(value[1]))


def _span_or_none(value: Any) -> Span | None:
    return None if value is None else Span.from_json(value)


TargetType = Literal["person", "organisation", "country", "event", "group", "issue"]
TARGET_TYPES: tuple[TargetType, ...] = (
    "person",
    "organisation",
    "country",
    "event",
    "group",
    "issue",
)


@dataclass(slots=True)
class Target:
    """Someone or something a statement is about, with where the article names it.

    ``span`` is in the statement's content, or in its sentence when the content only
    implies the target ("it" → Pakistan); ``id`` is the linked person or organisation in
    the corpus, filled by the linking stage.
    """

    text: str
    span: Span
    type: TargetType
    id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "span": self.span.to_json(), "type": self.type, "id": self.id}

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> Target:
        return cls(record["text"], Span.from_json(record["span"]), record["type"], record.get("id"))


@dataclass(slots=True)
class Attribution:
    """One thing someone said, claimed, urged or reported, with its spans.

    ``source`` is the mention in the text ("he", "the spokesman", "Miller"), absent when
    the text names no one; ``speaker`` is the person or organisation it resolves to in
    this article, left empty when the text does not allow a resolution.
    """

    content: list[Span]
    cue: Span | None
    source: Span | None
    kind: Kind
    source_text: str | None = None
    speaker: str | None = None
    role: str | None = None
    affiliation: str | None = None
    confidence: float = 0.5
    method: str = ""
    # What it is about (``onrecord.about``): the main target first; stance toward it
    # (-1, 0, 1); the act (urge, concern, support, assure, deny, inform, cite); topics.
    targets: list[Target] = field(default_factory=list)
    stance: int | None = None
    stance_confidence: float | None = None
    act: str | None = None
    topics: list[str] = field(default_factory=list)

    def content_text(self, text: str) -> str:
        return " … ".join(span.text(text) for span in self.content)

    def to_json(self, text: str | None = None) -> dict[str, Any]:
        record: dict[str, Any] = {
            "source": self.source.to_json() if self.source else None,
            "cue": self.cue.to_json() if self.cue else None,
            "content": [span.to_json() for span in self.content],
            "kind": self.kind,
            "source_text": self.source_text,
            "speaker": self.speaker,
            "role": self.role,
            "affiliation": self.affiliation,
            "confidence": round(self.confidence, 3),
            "method": self.method,
        }
        if text is not None:
            record["cue_text"] = self.cue.text(text) if self.cue else None
            record["content_text"] = self.content_text(text)
        # Emitted only when set, so records of a run without the about stage stay as
        # they were for every JSONL consumer.
        if self.targets:
            record["targets"] = [target.to_json() for target in self.targets]
        if self.stance is not None:
            record["stance"] = self.stance
        if self.stance_confidence is not None:
            record["stance_confidence"] = round(self.stance_confidence, 3)
        if self.act is not None:
            record["act"] = self.act
        if self.topics:
            record["topics"] = list(self.topics)
        return record

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> Attribution:
        return cls(
            content=[Span.from_json(span) for span in record.get("content") or []],
            cue=_span_or_none(record.get("cue")),
            source=_span_or_none(record.get("source")),
            kind=record.get("kind", "indirect"),
            source_text=record.get("source_text"),
            speaker=record.get("speaker"),
            role=record.get("role"),
            affiliation=record.get("affiliation"),
            confidence=float(record.get("confidence", 0.5)),
            method=record.get("method", ""),
            targets=[Target.from_json(t) for t in record.get("targets") or []],
            stance=record.get("stance"),
            stance_confidence=record.get("stance_confidence"),
            act=record.get("act"),
            topics=list(record.get("topics") or []),
        )


@dataclass(slots=True)
class Mention:
    """A person the article names: one record per person, however often named.

    ``name`` is the name speaker resolution gives them, the same string an attribution's
    ``speaker`` holds when they speak in this article; ``variants`` are the ways the
    article writes the name, in order of first use ("Antony Blinken", "Blinken");
    ``role`` and ``affiliation`` are the first role the article states for them, split
    as ``onrecord.resolve.roles`` describes; ``spans`` are the places the name is written, in
    text order. Pronouns and descriptions ("he", "the spokesman") are not mentions here:
    the attributions they are sources of already record them.
    """

    name: str
    variants: list[str] = field(default_factory=list)
    role: str | None = None
    affiliation: str | None = None
    spans: list[Span] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "variants": list(self.variants),
            "role": self.role,
            "affiliation": self.affiliation,
            "spans": [span.to_json() for span in self.spans],
        }

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> Mention:
        return cls(
            name=record["name"],
            variants=list(record.get("variants") or []),
            role=record.get("role"),
            affiliation=record.get("affiliation"),
            spans=[Span.from_json(span) for span in record.get("spans") or []],
        )


@dataclass(slots=True)
class Comment:
    """A reader comment, kept apart from the article body."""

    author: str | None
    text: str
    span: Span | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "author": self.author,
            "text": self.text,
            "span": self.span.to_json() if self.span else None,
        }

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> Comment:
        return cls(record.get("author"), record["text"], _span_or_none(record.get("span")))


@dataclass(slots=True)
class Removed:
    """A stretch of the original text that is not article body, and why."""

    span: Span
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"span": self.span.to_json(), "reason": self.reason}

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> Removed:
        return cls(Span.from_json(record["span"]), record["reason"])


@dataclass(slots=True)
class Origin:
    """Where an article came from: a file, a URL, a record inside a WARC or JSONL file."""

    path: str | None = None
    url: str | None = None
    record_id: str | None = None
    line: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "url": self.url, "record_id": self.record_id, "line": self.line}

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> Origin:
        return cls(
            record.get("path"), record.get("url"), record.get("record_id"), record.get("line")
        )


@dataclass(slots=True)
class Dateline:
    """The place and date an article opens with ("Washington, Jan 24", "NEW YORK:")."""

    place: str
    date_text: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"place": self.place, "date_text": self.date_text}


@dataclass(slots=True)
class Article:
    """One news article: the original text, where its body is, and what it says:
    ``attributions`` (who said what) and ``mentions`` (the people it names)."""

    id: str
    origin: Origin
    text: str
    body: list[Span] = field(default_factory=list)
    title: str | None = None
    published: str | None = None
    dateline: Dateline | None = None
    agency: str | None = None
    outlet: str | None = None
    language: str | None = None
    comments: list[Comment] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    duplicate_of: str | None = None
    attributions: list[Attribution] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def body_mask(self) -> str:
        """The original text with everything outside the body blanked out.

        Same length as ``text``, so offsets into it are offsets into the original;
        newlines are kept so paragraphs stay apart for the sentence splitter.
        """
        if not self.body:
            return "".join("\n" if ch == "\n" else " " for ch in self.text)
        pieces: list[str] = []
        cursor = 0
        for span in sorted(self.body):
            if span.start > cursor:
                pieces.append(_blank(self.text[cursor : span.start]))
            pieces.append(self.text[max(cursor, span.start) : span.end])
            cursor = max(cursor, span.end)
        pieces.append(_blank(self.text[cursor:]))
        return "".join(pieces)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "origin": self.origin.to_json(),
            "title": self.title,
            "published": self.published,
            "dateline": self.dateline.to_json() if self.dateline else None,
            "agency": self.agency,
            "outlet": self.outlet,
            "language": self.language,
            "text": self.text,
            "body": [span.to_json() for span in self.body],
            "comments": [comment.to_json() for comment in self.comments],
            "removed": [item.to_json() for item in self.removed],
            "duplicate_of": self.duplicate_of,
            "attributions": [a.to_json(self.text) for a in self.attributions],
            "mentions": [m.to_json() for m in self.mentions],
        }

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> Article:
        dateline = record.get("dateline")
        return cls(
            id=record["id"],
            origin=Origin.from_json(record.get("origin") or {}),
            text=record["text"],
            body=[Span.from_json(span) for span in record.get("body") or []],
            title=record.get("title"),
            published=record.get("published"),
            dateline=Dateline(dateline["place"], dateline.get("date_text")) if dateline else None,
            agency=record.get("agency"),
            outlet=record.get("outlet"),
            language=record.get("language"),
            comments=[Comment.from_json(c) for c in record.get("comments") or []],
            removed=[Removed.from_json(r) for r in record.get("removed") or []],
            duplicate_of=record.get("duplicate_of"),
            attributions=[Attribution.from_json(a) for a in record.get("attributions") or []],
            mentions=[Mention.from_json(m) for m in record.get("mentions") or []],
        )


def _blank(text: str) -> str:
    return "".join("\n" if ch == "\n" else " " for ch in text)


@dataclass(frozen=True, slots=True)
class Problem:
    """An input that could not be used, and why: reported, never dropped silently."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"

    def to_json(self) -> dict[str, str]:
        return {"where": self.where, "reason": self.reason}


# The id of an article is a hash of its normalised body, so ingesting the same input
# twice gives the same ids, and trivial differences (curly vs straight quotes, spacing,
# case) do not change it.
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def normalise_body(text: str) -> str:
    """Body text reduced to lowercase words separated by single spaces."""
    folded = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    return " ".join(_TOKEN.findall(folded))


def article_id(body_text: str) -> str:
    """A stable 16-hex-digit id: the SHA-256 of the normalised body."""
    return hashlib.sha256(normalise_body(body_text).encode("utf-8")).hexdigest()[:16]


# A note is a ``Problem`` whose reason starts with ``NOTE_PREFIX``: what a run changed in an
# input it kept. It travels wherever problems do (stderr, the store's ``problems`` table,
# the Dask stage) with no new column or type, and ``is_note`` tells it from a skip.
NOTE_PREFIX = "kept, but "


def note(where: str, what: str) -> Problem:
    """A note on the input at ``where``: ``what`` says what was changed, and why."""
    return Problem(where, NOTE_PREFIX + what)


def is_note(problem: Problem) -> bool:
    return problem.reason.startswith(NOTE_PREFIX)
