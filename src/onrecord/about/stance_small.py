"""The small stance model: two convolutions over word pieces, read around the target.

It learned from the fine-tuned encoder's outputs on a large transfer set
(``training/stance_small.py``) and costs a few hundredths of the encoder's time, which is
what lets every extraction read a stance. Inputs are the encoder's: word pieces with the
target between markers (``wordpiece.encode_target``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from onrecord.about.wordpiece import (
    PAD,
    TARGET_CLOSE,
    WordPiece,
    encode_target,
    padded_batches,
)

F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]
# Many short sequences per matrix product: numpy's per-call overhead then costs little.
BATCH = 256


def relu(x: F32) -> F32:
    return np.maximum(x, np.float32(0.0))


def gelu(x: F32) -> F32:
    inner = np.tanh(np.float32(0.7978845608) * (x + np.float32(0.044715) * x * x * x))
    return np.asarray(np.float32(0.5) * x * (np.float32(1.0) + inner), dtype=np.float32)


def target_bounds(ids: Sequence[int], opened: int) -> tuple[int, int]:
    """Positions of the target's open and close markers (the last piece when the window
    around a very long target cut its close marker off)."""
    try:
        return opened, ids.index(TARGET_CLOSE, opened)
    except ValueError:
        return opened, len(ids) - 1


def relative_positions(opened: I64, closed: I64, length: int, reach: int) -> I64:
    """Each piece's distance to its row's target (0 inside it and on its markers), clipped
    to ``reach`` and shifted to be an index: the model reads words by how near they are."""
    t = np.arange(length)[None, :]
    near: I64 = (
        np.clip(t - opened[:, None], -reach, 0) + np.clip(t - closed[:, None], 0, reach) + reach
    )
    return near


def _shift(x: F32, by: int) -> F32:
    """``x`` moved ``by`` steps along time (positive: later steps see earlier ones), with
    zeros where nothing moves in, as a zero-padded convolution reads."""
    out = np.zeros_like(x)
    if by > 0:
        out[:, by:] = x[:, :-by]
    else:
        out[:, :by] = x[:, -by:]
    return out


class SmallModel:
    """Inference of the exported student with numpy alone."""

    def __init__(self, arrays: dict[str, npt.NDArray[np.generic]]) -> None:
        def f32(name: str) -> F32:
            return np.ascontiguousarray(arrays[name].astype(np.float32))

        self.vocab = bytes(arrays["vocab"].tobytes()).decode("utf-8").split("\n")
        self.tokenizer = WordPiece(self.vocab)
        self.temperature = float(arrays["temperature"])
        self.reach = int(arrays["reach"])
        self.act = gelu if str(arrays["activation"]) == "gelu" else relu
        # The word-piece table, already projected to the model's width; stored as int8
        # with one scale per row to keep the file small.
        self.table = np.ascontiguousarray(
            arrays["table.q"].astype(np.float32) * arrays["table.scale"].astype(np.float32)[:, None]
        )
        self.rel = f32("rel")
        self.convs = [
            (f32(f"conv{i}.weight"), f32(f"conv{i}.bias"), int(arrays[f"conv{i}.dilation"]))
            for i in range(int(arrays["n_convs"]))
        ]
        self.query_w, self.query_b = f32("query.weight"), f32("query.bias")
        self.hidden_w, self.hidden_b = f32("hidden.weight"), f32("hidden.bias")
        self.out_w, self.out_b = f32("out.weight"), f32("out.bias")

    def logits(self, ids: I64, rel: I64, target: F32) -> F32:
        """Raw logits of a padded batch: ``target`` is 1 on the target's pieces."""
        batch, length = ids.shape
        mask = (ids != PAD).astype(np.float32)[..., None]
        x = (self.table[ids] + self.rel[rel]) * mask
        for weight, bias, dilation in self.convs:
            windows = np.concatenate([_shift(x, dilation), x, _shift(x, -dilation)], -1)
            # On a 2-D view: numpy's matmul of a 3-D stack is many times slower than BLAS.
            h = windows.reshape(batch * length, -1) @ weight + bias
            x = (x + self.act(h).reshape(x.shape)) * mask
        t = target[..., None]
        at_target = (x * t).sum(1) / np.maximum(t.sum(1), 1.0)
        peak = np.where(mask > 0, x, np.float32(-1e4)).max(1)
        query = at_target @ self.query_w + self.query_b
        scores = (x @ query[:, :, None])[..., 0] / np.float32(np.sqrt(x.shape[-1]))
        scores = np.where(mask[..., 0] > 0, scores, np.float32(-1e9))
        scores -= scores.max(-1, keepdims=True)
        weights = np.exp(scores)
        weights /= weights.sum(-1, keepdims=True)
        attended = (weights[:, None, :] @ x)[:, 0]
        pooled = np.concatenate([at_target, peak, attended], -1)
        out: F32 = self.act(pooled @ self.hidden_w + self.hidden_b) @ self.out_w + self.out_b
        return out

    def raw_logits(self, items: Sequence[tuple[str, int, int]]) -> F32:
        encoded = [encode_target(self.tokenizer, s, a, b) for s, a, b in items]
        out = np.zeros((len(items), self.out_b.shape[0]), dtype=np.float32)
        for chunk, ids in padded_batches(encoded, BATCH):
            bounds = np.array([target_bounds(*encoded[i]) for i in chunk], dtype=np.int64)
            rel = relative_positions(bounds[:, 0], bounds[:, 1], ids.shape[1], self.reach)
            target = ((rel == self.reach) & (ids != PAD)).astype(np.float32)
            out[chunk] = self.logits(ids, rel, target)
        return out
