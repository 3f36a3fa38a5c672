"""The speaker's stance toward each statement's main target, read by the stance model
from the statement's own words."""

from __future__ import annotations

from collections.abc import Sequence

from onrecord.about.stance import DEFAULT_MODEL, ModelName, stances
from onrecord.model import Attribution

__all__ = ["add_stances", "stance_items", "target_in_content"]


def target_in_content(content: tuple[int, int], target: tuple[int, int]) -> bool:
    """Whether a target span lies inside the stretch of an attribution's words, where the
    model can read it (an implied target is written elsewhere)."""
    return content[0] <= target[0] < target[1] <= content[1]


def stance_items(
    text: str, attributions: Sequence[Attribution]
) -> list[tuple[int, tuple[str, int, int]]]:
    """``(index, (content, start, end))`` for every attribution whose main target is written
    inside its content: the content read as one sentence, the target's offsets in it.

    This is the setting the model was trained in (NewsMTSC: a news sentence and a target in
    it); attributions without a target, or with one only implied, are left out."""
    asked: list[tuple[int, tuple[str, int, int]]] = []
    for i, attribution in enumerate(attributions):
        if not attribution.targets or not attribution.content:
            continue
        start = min(s.start for s in attribution.content)
        end = max(s.end for s in attribution.content)
        target = attribution.targets[0].span
        if not target_in_content((start, end), (target.start, target.end)):
            continue
        asked.append((i, (text[start:end], target.start - start, target.end - start)))
    return asked


def add_stances(
    text: str, attributions: Sequence[Attribution], model: ModelName = DEFAULT_MODEL
) -> None:
    """Fill ``stance`` and ``stance_confidence`` of every attribution with a main target in
    its content (``stance_items``), read by ``model``; the others keep None."""
    asked = stance_items(text, attributions)
    found_all = stances([item for _, item in asked], model)
    for (i, _), found in zip(asked, found_all, strict=True):
        attributions[i].stance = found.polarity
        # To the precision records carry (``to_json``), so a record read back is equal.
        attributions[i].stance_confidence = round(found.confidence, 3)
