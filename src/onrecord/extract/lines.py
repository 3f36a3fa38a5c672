"""Attributions laid out as lines rather than sentences.

Vox-pop lists and transcripts put the speaker first and the words after a dash or a
colon: ``Karen Bobadilla ― “Donald Trump started…”``, ``WALLACE: But, Governor…``.
The parser makes little of these, so they are matched on the raw lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from onrecord.model import Span

_NAME = r"[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*|\s(?:de|van|von|da|del|bin|al)){0,5}"
_DASH_LINE = re.compile(rf"^(?P<name>{_NAME})\s*(?P<cue>[―—–])\s*(?P<content>[“”\"«‘].+)$", re.M)
_DASH_AFTER = re.compile(
    rf"^(?P<content>[“”\"«‘][^\n]+[”“\"»’])[\s\xa0]*(?P<cue>[―—–])"
    rf"[\s\xa0]*(?P<name>{_NAME})\.?[ \t]*$",
    re.M,
)
# Transcript speakers are written in capitals: "WALLACE:", "SEN. KAINE:"; a transcript
# quoted paragraph by paragraph opens each turn with a quote mark ('"PENCE: Well…').
_TRANSCRIPT_LINE = re.compile(
    r"^[\"“]?(?P<name>[A-Z][A-Z.'’ -]{1,40}[A-Z.])(?P<cue>:)\s+(?P<content>\S.+)$", re.M
)
# A headline that gives the speaker and the claim: "Pence: Flowers Won't Be at Debate".
_HEADLINE = re.compile(
    rf"\A[\s\xa0]*(?P<name>{_NAME})(?P<cue>:)[ \t\xa0]+(?P<content>\S[^\n]*)$", re.M
)
# Labels of a headline's kind, not speakers ("Exclusive: …", "Watch: …").
HEADLINE_LABELS = frozenset(
    [
        "analysis",
        "breaking",
        "commentary",
        "editorial",
        "exclusive",
        "explainer",
        "factbox",
        "fact-check",
        "interview",
        "live",
        "opinion",
        "photos",
        "podcast",
        "q&a",
        "quiz",
        "recap",
        "review",
        "timeline",
        "update",
        "video",
        "watch",
    ]
)
# Labels of more than one word ("The Latest: …" opens the news agencies' running stories).
HEADLINE_PHRASES = frozenset(["the latest", "in pictures", "in brief", "fact check", "news"])
HEADLINE_MIN_WORDS = 3


@dataclass(frozen=True, slots=True)
class LineAttribution:
    source: Span
    cue: Span
    content: Span


def find_line_attributions(text: str) -> Iterator[LineAttribution]:
    for pattern in (_DASH_LINE, _DASH_AFTER, _TRANSCRIPT_LINE, _HEADLINE):
        for match in pattern.finditer(text):
            if pattern is _HEADLINE and not _speaker_headline(match):
                continue
            content_end = match.end("content")
            while content_end > match.start("content") and text[content_end - 1].isspace():
                content_end -= 1
            name_end = match.end("name")
            last_word = text[match.start("name") : name_end].rsplit(None, 1)[-1]
            if last_word.endswith(".") and len(last_word) > 3:  # a full stop, not "Jr."
                name_end -= 1
            yield LineAttribution(
                source=Span(match.start("name"), name_end),
                cue=Span(match.start("cue"), match.end("cue")),
                content=Span(match.start("content"), content_end),
            )


def _speaker_headline(match: re.Match[str]) -> bool:
    """A headline's "Name: claim", not a label ("Exclusive: …") or a one-word tag."""
    name = match.group("name").lower()
    return (
        name.split()[0] not in HEADLINE_LABELS
        and name not in HEADLINE_PHRASES
        and len(match.group("content").split()) >= HEADLINE_MIN_WORDS
    )
