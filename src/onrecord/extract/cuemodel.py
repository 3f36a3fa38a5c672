"""The learned cue model: a logistic regression stored as feature weights in JSON.

Built by ``make train`` from PolNeAR train (see ``onrecord.extract.training.train``);
inference is a sum of weights, so the extractor needs no machine-learning library at run time.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class CueModel:
    weights: dict[str, float]
    version: str

    def probability(self, features: list[str]) -> float:
        score = sum(self.weights.get(feature, 0.0) for feature in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))


@lru_cache(maxsize=1)
def cue_model() -> CueModel | None:
    """The shipped model, or None when the package ships none (hand lexicon only)."""
    try:
        raw = resources.files("onrecord.data").joinpath("cue_model.json").read_text("utf-8")
    except FileNotFoundError:
        return None
    data = json.loads(raw)
    return CueModel(data["weights"], data.get("version", "unknown"))
