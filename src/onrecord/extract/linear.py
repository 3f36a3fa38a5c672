"""Shipped linear models (logistic regressions over named features) read from JSON.

``make train`` writes each as ``{"version", "trained_on", "weights"}`` with the
intercept under ``bias``; inference is a sum of weights and a logistic, so run time
needs no machine-learning library. A missing file means the model is not shipped.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class LinearModel:
    weights: dict[str, float]
    version: str

    def score(self, features: list[str]) -> float:
        get = self.weights.get
        return sum(get(feature, 0.0) for feature in features)

    def probability(self, features: list[str]) -> float:
        return sigmoid(self.score(features))


def sigmoid(score: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))


# Models set by training code (cross-fitting) in place of the shipped files.
_OVERRIDES: dict[str, LinearModel | None] = {}


def override(name: str, model: LinearModel | None) -> None:
    """Use ``model`` for ``name`` in this process (training only); None ships nothing."""
    _OVERRIDES[name] = model


def clear_overrides() -> None:
    _OVERRIDES.clear()


def load_model(name: str) -> LinearModel | None:
    """The model ``onrecord/data/<name>.json``, or None when the package ships none."""
    if name in _OVERRIDES:
        return _OVERRIDES[name]
    return _shipped(name)


@lru_cache(maxsize=8)
def _shipped(name: str) -> LinearModel | None:
    try:
        raw = resources.files("onrecord.data").joinpath(f"{name}.json").read_text("utf-8")
    except FileNotFoundError:
        return None
    data = json.loads(raw)
    return LinearModel(data["weights"], data.get("version", "unknown"))
