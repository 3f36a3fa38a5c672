"""Cross-article linking: one entity per real person or organisation, one statement per
thing said, with its reports, lineage and the analysts' corrections applied.

``link_corpus`` is a pure function of the stored attributions, the people articles name
and the corrections; ``onrecord.store`` reads them and writes the result back.
"""

from onrecord.link.corrections import ATTRIBUTION_ACTIONS, PEOPLE_ACTIONS
from onrecord.link.entities import looks_like_id
from onrecord.link.linker import link_corpus
from onrecord.link.records import (
    Correction,
    Entity,
    LinkResult,
    Named,
    NameMention,
    Statement,
    StoredAttribution,
)
from onrecord.link.speaker_names import EntityKind, fold, org_key, parse_speaker

__all__ = [
    "ATTRIBUTION_ACTIONS",
    "PEOPLE_ACTIONS",
    "Correction",
    "Entity",
    "EntityKind",
    "LinkResult",
    "NameMention",
    "Named",
    "Statement",
    "StoredAttribution",
    "fold",
    "link_corpus",
    "looks_like_id",
    "org_key",
    "parse_speaker",
]
