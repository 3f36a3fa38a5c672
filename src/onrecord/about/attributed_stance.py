"""The speaker's stance toward each statement's main target, read by the stance model
from the statement's own words."""

from __future__ import annotations

from collections.abc import Sequence

from onrecord.about.stance import stances
from onrecord.model import Attribution

__all__ = ["add_stances"]


def add_stances(text: str, attributions: Sequence[Attribution]) -> None:
    """Fill ``stance`` and ``stance_confidence`` of every attribution whose main target is
    written inside its content; the others (no target, or one only implied) keep None.

    The model reads the content as one sentence with the target marked, the setting it
    was trained in (NewsMTSC: a news sentence and a target in it)."""
    asked: list[tuple[Attribution, tuple[str, int, int]]] = []
    for attribution in attributions:
        if not attribution.targets or not attribution.content:
            continue
        start = min(s.start for s in attribution.content)
        end = max(s.end for s in attribution.content)
        target = attribution.targets[0].span
        if not (start <= target.start < target.end <= end):
            continue
        asked.append((attribution, (text[start:end], target.start - start, target.end - start)))
    for (attribution, _), found in zip(asked, stances([item for _, item in asked]), strict=True):
        attribution.stance = found.polarity
        attribution.stance_confidence = found.confidence
