"""The records the cross-article linker reads and produces.

The linker is a pure function of the attributions (as ``Mention``) and the analysts'
corrections: the same corpus always links the same way, whatever order it was ingested
in, which is what lets a re-run or a resumed run end in an identical corpus.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from onrecord.corpus.names import EntityKind

LATE = "9999-99-99"  # sorts an undated report after every dated one


@dataclass(frozen=True, slots=True)
class Mention:
    """One stored attribution, as the linker sees it."""

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

    @property
    def date(self) -> str:
        """The report's date (YYYY-MM-DD), or ``LATE`` when the article has none."""
        return self.published[:10] if self.published else LATE

    @property
    def order(self) -> tuple[str, str, int]:
        return (self.date, self.article_id, self.seq)


@dataclass(frozen=True, slots=True)
class Correction:
    """An analyst's fix to the people list, re-applied after every link.

    ``merge``: subject and ``argument["other"]`` are one; ``split``: the mentions written
    ``argument["alias"]`` are not ``subject``; ``rename``: call ``subject``
    ``argument["name"]``.
    """

    pk: int
    action: str
    subject: str
    argument: dict[str, Any]


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
    first: Mention
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
