"""Stance of a sentence toward one target span in it: negative (-1), neutral (0) or positive (1).

Two models read the same input (word pieces with the target marked, ``wordpiece``):
``small``, the default, which every extraction runs, and ``encoder``, the fine-tuned
MiniLM it learned from, more accurate and some fifty times slower
(``docs/benchmarks.md`` has both figures).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import IO, TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:  # numpy is imported where a model runs: commands that read no stances
    import numpy as np  # (corrections, searches) start a sixth of a second sooner
    import numpy.typing as npt

    F32 = npt.NDArray[np.float32]

LABELS: tuple[int, ...] = (-1, 0, 1)
ModelName = Literal["small", "encoder"]
MODEL_FILES: dict[ModelName, str] = {"small": "stance_small.npz", "encoder": "stance_minilm.npz"}
DEFAULT_MODEL: ModelName = "small"


@dataclass(frozen=True)
class Stance:
    """How a sentence treats its target: ``polarity`` in (-1, 0, 1) and its probability."""

    polarity: int
    confidence: float


class StanceModel(Protocol):
    temperature: float

    def raw_logits(self, items: Sequence[tuple[str, int, int]]) -> F32: ...


def probabilities(model: StanceModel, items: Sequence[tuple[str, int, int]]) -> F32:
    """Each item's calibrated probability of each label: logits over the model's
    temperature, then softmax."""
    import numpy as np

    z = model.raw_logits(items) / model.temperature
    z -= z.max(-1, keepdims=True)
    e = np.exp(z)
    probs: F32 = e / e.sum(-1, keepdims=True)
    return probs


_models: dict[ModelName, StanceModel] = {}
_lock = threading.Lock()


def read_model(f: IO[bytes]) -> StanceModel:
    """The model in an exported ``.npz`` file, of whichever kind it holds."""
    import numpy as np

    from onrecord.about.stance_encoder import EncoderModel
    from onrecord.about.stance_small import SmallModel

    with np.load(f, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    if "table.q" in arrays:
        return SmallModel(arrays)
    return EncoderModel(arrays)


def load_model(name: ModelName = DEFAULT_MODEL) -> StanceModel:
    """The packaged model ``name``, read once per process."""
    model = _models.get(name)
    if model is None:
        with _lock:
            model = _models.get(name)
            if model is None:
                ref = resources.files("onrecord.data").joinpath(MODEL_FILES[name])
                with ref.open("rb") as f:
                    model = _models[name] = read_model(f)
    return model


def use_model(path: str | os.PathLike[str], name: ModelName = DEFAULT_MODEL) -> None:
    """Serve stances of ``name`` from the model file at ``path`` rather than the packaged
    one, as the training scripts do to score the file they have just written."""
    with open(path, "rb") as f:
        model = read_model(f)
    with _lock:
        _models[name] = model


def stances(
    items: Sequence[tuple[str, int, int]], model: ModelName = DEFAULT_MODEL
) -> list[Stance]:
    """The stance of each ``(sentence, start, end)`` toward ``sentence[start:end]``."""
    if not items:
        return []
    probs = probabilities(load_model(model), items)
    best = probs.argmax(-1)
    return [Stance(LABELS[int(b)], float(p[b])) for b, p in zip(best, probs, strict=True)]


def stance_of(sentence: str, start: int, end: int, model: ModelName = DEFAULT_MODEL) -> Stance:
    """The stance of ``sentence`` toward its characters ``[start, end)``."""
    return stances([(sentence, start, end)], model)[0]
