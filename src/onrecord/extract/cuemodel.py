"""The learned cue model: a logistic regression stored as feature weights in JSON.

Built by ``make train`` from PolNeAR train (see ``onrecord.extract.training.train``);
inference is a sum of weights, so the extractor needs no machine-learning library at run time.
"""

from __future__ import annotations

from .linear import LinearModel, load_model

# Kept under its old name: the cue model is one of the shipped linear models.
CueModel = LinearModel


def cue_model() -> LinearModel | None:
    """The shipped model, or None when the package ships none (hand lexicon only)."""
    return load_model("cue_model")
