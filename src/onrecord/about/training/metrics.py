"""Scores the stance trainers and the stance benchmark share, with numpy alone (the
benchmark runs where torch is not installed)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from onrecord.about.stance import LABELS, Stance


def fit_temperature(logits: np.ndarray, labels: np.ndarray) -> float:
    """The temperature minimising held-out log loss; a grid is enough for one parameter."""
    best, best_loss = 1.0, float("inf")
    for t in np.exp(np.linspace(np.log(0.25), np.log(4.0), 401)):
        z = logits / t
        z = z - z.max(1, keepdims=True)
        loss = float(-(z[np.arange(len(z)), labels] - np.log(np.exp(z).sum(1))).mean())
        if loss < best_loss:
            best, best_loss = float(t), loss
    return best


def macro_f1(gold: Sequence[int], pred: Sequence[int]) -> float:
    scores = []
    for c in LABELS:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p != c)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def expected_calibration_error(
    found: Sequence[Stance], gold: Sequence[int], bins: int = 10
) -> float:
    conf = np.array([s.confidence for s in found])
    right = np.array([s.polarity == g for s, g in zip(found, gold, strict=True)], dtype=float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    total = 0.0
    for lo, hi in itertools.pairwise(edges):
        inside = (conf > lo) & (conf <= hi)
        if inside.any():
            total += inside.mean() * abs(conf[inside].mean() - right[inside].mean())
    return total
