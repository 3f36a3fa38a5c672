"""One entry point over an article's attributions: their targets, act, topics and stance.

``about_attributions(doc, attributions)`` fills ``targets``, ``act`` and ``topics`` of
each attribution, then ``stance`` and ``stance_confidence`` from the small stance model
(``about/stance.py``), which reads the main target this stage puts first. ``describe``
gives targets, act and topics for one attribution together with the evidence: the words
that decided the act and the words that triggered each topic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from onrecord.about.acts import ActFound, find_act
from onrecord.about.attributed_stance import add_stances
from onrecord.about.countries import countries_in
from onrecord.about.targets import DocView, Found, doc_view, find_targets
from onrecord.about.topics import TopicMatch, Topics, load_topics
from onrecord.model import Attribution
from onrecord.nlp.doc_text import doc_text

if TYPE_CHECKING:  # spaCy types only: importing the package should not load spaCy
    from spacy.tokens import Doc

__all__ = ["BILATERAL", "About", "about_attributions", "describe"]

BILATERAL = "bilateral relations"


@dataclass(frozen=True, slots=True)
class About:
    """What one attribution is about, with the evidence for each part."""

    targets: list[Found]
    act: ActFound
    topics: list[TopicMatch]


def describe(
    doc: Doc,
    attribution: Attribution,
    topics: Topics | None = None,
    index: Any = None,
    view: DocView | None = None,
) -> About:
    """Targets, act and topics of one attribution, with their evidence.

    ``index`` is the article's ``onrecord.resolve.find_mentions(doc)`` when the caller
    has it (after ``resolve_speakers``, pronouns it resolved are used too); ``view`` is
    ``doc_view(doc)``, computed once per article by ``about_attributions``.
    """
    tagger = topics or load_topics()
    content = " ".join(_text(doc, span.start, span.end) for span in attribution.content)
    return About(
        targets=find_targets(doc, attribution, index, view),
        act=find_act(doc, attribution, index),
        topics=_with_two_countries(tagger, content, tagger.label(content)),
    )


def _with_two_countries(tagger: Topics, content: str, found: list[TopicMatch]) -> list[TopicMatch]:
    """A statement naming two countries ("the spat between Mexico and the United States")
    is about their relations, whatever its words: add that topic, the names as evidence."""
    if BILATERAL not in tagger.phrases or any(m.topic == BILATERAL for m in found):
        return found
    countries = countries_in(content)
    if len(countries) < 2:
        return found
    evidence = tuple(word for words in countries.values() for word in words)
    return sorted([*found, TopicMatch(BILATERAL, evidence)], key=lambda m: m.topic.lower())


def about_attributions(
    doc: Doc,
    attributions: list[Attribution],
    topics: Topics | None = None,
    index: Any = None,
    stance: bool = True,
) -> list[Attribution]:
    """Fill targets (main first), act and topics of each attribution, and (with
    ``stance``) the stance toward the main target where it is written in the content
    (None elsewhere).

    Returns the same list, its items updated in place, like ``resolve_speakers``.
    """
    tagger = topics or load_topics()
    view = doc_view(doc)
    for attribution in attributions:
        about = describe(doc, attribution, tagger, index, view)
        attribution.targets = [found.target for found in about.targets]
        attribution.act = about.act.act
        attribution.topics = [match.topic for match in about.topics]
    if stance:
        add_stances(doc_text(doc), attributions)
    return attributions


def _text(doc: Doc, start: int, end: int) -> str:
    """The text at character offsets, without ``doc.text`` (rebuilt on every access)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.text if span is not None else ""
