"""The records of in-article resolution: entities, the references to them, and the
per-article index that looks them up by token."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from spacy.tokens import Doc

from onrecord.resolve.layout import Layout
from onrecord.resolve.roles import Gender, Role, words

__all__ = [
    "DOCUMENT_NOUNS",
    "PRONOUNS",
    "Entity",
    "EntityKind",
    "MentionIndex",
    "MentionKind",
    "Pronoun",
    "Reference",
]

# "description": an unnamed person or group known by a role ("a spokesman", "officials");
# "group" and "thing": other plural and singular nouns, kept only so that "they" and
# "it" can find them and decline to resolve to a speaker.
EntityKind = Literal["person", "organisation", "description", "document", "group", "thing"]
MentionKind = Literal[
    "name", "organisation", "description", "pronoun", "document", "group", "thing", "other"
]


@dataclass(frozen=True, slots=True)
class Pronoun:
    gender: Gender | None
    person: bool  # refers to a person ("he") or to an organisation or group ("it")
    plural: bool


PRONOUNS: dict[str, Pronoun] = {
    **dict.fromkeys(("he", "him", "his", "himself"), Pronoun("m", True, False)),
    **dict.fromkeys(("she", "her", "hers", "herself"), Pronoun("f", True, False)),
    **dict.fromkeys(("they", "them", "their", "themselves"), Pronoun(None, False, True)),
    **dict.fromkeys(("it", "its", "itself"), Pronoun(None, False, False)),
}
# Things said or written, whose author is their speaker: "the letter detailed", "the
# State Department's concerns highlight".
DOCUMENT_NOUNS = words(
    """
    letter statement report memo memorandum note communique communiqué release readout
    resolution document filing complaint lawsuit petition study survey editorial
    declaration ruling verdict judgment judgement order tweet post email message
    remarks comments concerns stance position assessment announcement warning criticism
    """
)


@dataclass(eq=False, slots=True)
class Entity:
    """Someone or something mentioned: a person, an organisation, or a description
    ("a spokesman from Pakistan's interior ministry") standing for an unnamed person."""

    kind: EntityKind
    name: str | None
    head: str = ""  # organisations: the noun "the ministry" would match
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    gender: Gender | None = None
    plural: bool = False
    name_rank: int = 3  # persons: 0 full name, 1 with initials, 2 one word
    author: Entity | None = None  # documents: who wrote or issued it
    spans: list[tuple[int, int]] = field(default_factory=list)  # persons: token ranges named

    def add_role(self, role: Role | None) -> None:
        if role is None or any(
            (r.text, r.affiliation) == (role.text, role.affiliation) for r in self.roles
        ):
            return
        self.roles.append(role)
        if self.gender is None:
            self.gender = role.gender


@dataclass(eq=False, slots=True)
class Reference:
    """One place that refers to an entity; ``head`` is its syntactic head token."""

    kind: MentionKind
    head: int
    entity: Entity | None = None
    role: Role | None = None  # what a description mention itself says
    definite: bool = True
    source: bool = False
    modifiers: frozenset[str] = frozenset()  # "the appeals court": {"appeals"}


@dataclass(slots=True)
class MentionIndex:
    """Everything found in one article before the walk, looked up by token."""

    doc: Doc
    layout: Layout
    people: dict[int, Reference] = field(default_factory=dict)  # every token of a name
    orgs: dict[int, Reference] = field(default_factory=dict)  # every token of the name
    others: dict[int, Reference] = field(default_factory=dict)  # by head token
    consumed: set[int] = field(default_factory=set)  # tokens of titles and appositions
    org_entities: dict[str, Entity] = field(default_factory=dict)
    surnames: dict[str, list[Entity]] = field(default_factory=dict)  # lowercased
    documents: dict[str, list[int]] = field(default_factory=dict)  # "letter" → positions

    def at(self, i: int) -> Reference | None:
        return self.people.get(i) or self.orgs.get(i) or self.others.get(i)
