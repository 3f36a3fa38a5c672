"""One entry point over an article's attributions: their targets, act and topics.

``about_attributions(doc, attributions)`` fills ``targets``, ``act`` and ``topics`` of
each attribution and leaves ``stance`` and ``stance_confidence`` to the stance model
(``about/stance.py``), which reads the main target this stage puts first. ``describe``
gives the same for one attribution together with the evidence: the words that decided
the act and the words that triggered each topic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from onrecord.about.acts import ActFound, find_act
from onrecord.about.targets import Found, find_targets
from onrecord.about.topics import TopicMatch, Topics, load_topics
from onrecord.model import Attribution

__all__ = ["About", "about_attributions", "describe"]


@dataclass(frozen=True, slots=True)
class About:
    """What one attribution is about, with the evidence for each part."""

    targets: list[Found]
    act: ActFound
    topics: list[TopicMatch]


def describe(
    doc: Doc, attribution: Attribution, topics: Topics | None = None, index: Any = None
) -> About:
    """Targets, act and topics of one attribution, with their evidence.

    ``index`` is the article's ``onrecord.resolve.find_mentions(doc)`` when the caller
    has it (after ``resolve_speakers``, pronouns it resolved are used too).
    """
    tagger = topics or load_topics()
    text = doc.text
    content = " ".join(span.text(text) for span in attribution.content)
    return About(
        targets=find_targets(doc, attribution, index),
        act=find_act(doc, attribution),
        topics=tagger.label(content),
    )


def about_attributions(
    doc: Doc,
    attributions: list[Attribution],
    topics: Topics | None = None,
    index: Any = None,
) -> list[Attribution]:
    """Fill targets (main first), act and topics of each attribution; stance stays None.

    Returns the same list, its items updated in place, like ``resolve_speakers``.
    """
    tagger = topics or load_topics()
    for attribution in attributions:
        about = describe(doc, attribution, tagger, index)
        attribution.targets = [found.target for found in about.targets]
        attribution.act = about.act.act
        attribution.topics = [match.topic for match in about.topics]
    return attributions
