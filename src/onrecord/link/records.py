"""The records the cross-article linker reads and produces.

The linker is a pure function of the attributions (as ``StoredAttribution``), the people articles
name (as ``NameMention``) and the analysts' corrections: the same corpus always links
the same way, whatever order it was ingested in. The one exception is the order of
reports that have no date: nothing in them says which came first, so they follow the
order they were stored in (``ingested``), after every dated report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from onrecord.link.speaker_names import EntityKind

LATE = "9999-99-99"  # sorts an undated report after every dated one


@dataclass(frozen=True, slots=True)
class StoredAttribution:
    """One stored attribution, as the linker sees it.

    ``ingested`` is the article's place in the store (its row number), read only to
    order undated reports; ``source_span`` is where the source is written, and
    ``extent`` the stretch of text from the first to the last of source, cue and
    content (character offsets into the article's text).
    """

    attribution_id: str
    article_id: str
    seq: int
    published: str | None
    outlet: str | None
    speaker: str | None
    role: str | None
    affiliation: str | None
    words: str
    kind: str
    source_text: str | None = None
    ingested: int = 0
    source_span: tuple[int, int] | None = None
    extent: tuple[int, int] | None = None
    # Set when an analyst named the speaker (a reassign): ``speaker`` is then the name
    # of an entity of this kind, exactly as named, and is never read apart by the rules.
    named_as: EntityKind | None = None

    @property
    def date(self) -> str:
        """The report's date (YYYY-MM-DD), or ``LATE`` when the article has none."""
        return self.published[:10] if self.published else LATE

    @property
    def order(self) -> tuple[str, int, str, int]:
        """Report order: dated reports by date, then undated ones as they were stored.
        Same-day reports go by article id, which does not depend on ingest order."""
        stored = self.ingested if self.date == LATE else 0
        return (self.date, stored, self.article_id, self.seq)

    @property
    def canonical(self) -> tuple[str, str, int]:
        """An order that never depends on ingest order, for deriving stable ids."""
        return (self.date, self.article_id, self.seq)


@dataclass(frozen=True, slots=True)
class NameMention:
    """A person one article names (a stored ``model.Mention``), as the linker sees it."""

    mention_id: str
    article_id: str
    seq: int
    published: str | None
    outlet: str | None
    name: str
    variants: tuple[str, ...]
    role: str | None
    affiliation: str | None
    spans: tuple[tuple[int, int], ...]
    ingested: int = 0

    @property
    def speaker(self) -> str:
        """The name, under the attribute the person rules read for attributions."""
        return self.name

    @property
    def date(self) -> str:
        return self.published[:10] if self.published else LATE


# What the person rules group: things said and names written.
Sighting = StoredAttribution | NameMention


@dataclass(frozen=True, slots=True)
class Named:
    """The entity a name in a correction meant when the correction was made: its id
    then (None for one the correction creates), its kind, its name, and a few of its
    attributions or name mentions (their ids, which never change) to find it by."""

    id: str | None
    kind: EntityKind
    name: str
    anchors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Correction:
    """An analyst's fix, re-applied at every link.

    People: ``merge``: subject and ``argument["other"]`` are one; ``split``: the
    mentions written ``argument["alias"]`` are not ``subject``; ``rename``: call
    ``subject`` ``argument["name"]``. Attributions (``subject`` is the attribution id):
    ``reject``: it is wrong; ``reassign``: ``argument["speaker"]`` said it.

    ``resolved`` holds what the names meant when it was made, by role (``"subject"``,
    ``"other"``, ``"speaker"``); corrections made before it existed have none and are
    found by name alone.
    """

    pk: int
    action: str
    subject: str
    argument: dict[str, Any]
    resolved: dict[str, Named] = field(default_factory=dict)


@dataclass(slots=True)
class Role:
    role: str
    affiliation: str
    first_reported: str | None
    last_reported: str | None
    mentions: int


@dataclass(slots=True)
class Entity:
    """A person or an organisation across the corpus."""

    id: str
    kind: EntityKind
    name: str
    affiliation: str | None
    mentions: int
    first_reported: str | None
    last_reported: str | None
    aliases: dict[str, int] = field(default_factory=dict)
    roles: list[Role] = field(default_factory=list)


@dataclass(slots=True)
class Report:
    """One article reporting a statement; ``quoted_by`` is set when the words are
    quoted by someone other than the statement's speaker."""

    statement_id: str
    attribution_id: str
    article_id: str
    position: int
    published: str | None
    outlet: str | None
    quoted_by_id: str | None = None
    quoted_by_name: str | None = None


@dataclass(slots=True)
class Statement:
    """Words one speaker said, with every report of them in date order."""

    id: str
    speaker_id: str
    speaker_kind: EntityKind
    speaker: str
    words: str
    first: StoredAttribution
    reports: list[Report]

    @property
    def outlets(self) -> set[str]:
        return {r.outlet for r in self.reports if r.outlet}


@dataclass(slots=True)
class LinkResult:
    """Everything the linker derives, ready to be written to the store."""

    entities: list[Entity]
    statements: list[Statement]
    # attribution id → (person id, organisation id, statement id)
    assignments: dict[str, tuple[str | None, str | None, str | None]]
    # correction pk → how it was applied ("applied" or why not)
    correction_status: dict[int, str]
    # name mention id → person id (None when the name was left out of every person)
    named: dict[str, str | None] = field(default_factory=dict)
