"""The fine-tuned MiniLM encoder with its stance head, run with numpy alone: the accurate,
slow stance model, and the teacher the small one learns from."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from onrecord.about.wordpiece import PAD, WordPiece, encode_target, padded_batches

N_LABELS = 3
# Sentences are run in batches of similar length so that padding costs little.
BATCH = 32

F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]


def _layer_norm(x: F32, gamma: F32, beta: F32) -> F32:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    out: F32 = (x - mean) / np.sqrt(var + 1e-12) * gamma + beta
    return out


def _gelu(x: F32) -> F32:
    # The tanh form, which training uses too, so that inference needs no erf from scipy.
    inner = np.tanh(np.float32(0.7978845608) * (x + np.float32(0.044715) * x * x * x))
    return np.asarray(np.float32(0.5) * x * (np.float32(1.0) + inner), dtype=np.float32)


class EncoderModel:
    """The fine-tuned encoder and its head, run with numpy alone."""

    def __init__(self, arrays: dict[str, npt.NDArray[np.generic]]) -> None:
        def weight(name: str) -> F32:
            if name + ".q" in arrays:
                # Stored as int8 with one scale per output row to keep the file small.
                q = arrays[name + ".q"].astype(np.float32)
                scale = arrays[name + ".scale"].astype(np.float32)
                return np.ascontiguousarray(q * scale[:, None])
            return arrays[name].astype(np.float32)

        self.vocab = bytes(arrays["vocab"].tobytes()).decode("utf-8").split("\n")
        self.tokenizer = WordPiece(self.vocab)
        self.n_layers = int(arrays["n_layers"])
        self.n_heads = int(arrays["n_heads"])
        self.temperature = float(arrays["temperature"])
        self.tok = weight("tok.weight")
        self.pos = weight("pos.weight")
        self.emb_ln = (weight("ln.weight"), weight("ln.bias"))
        self.layers = []
        for i in range(self.n_layers):
            p = f"layers.{i}."
            self.layers.append(
                {
                    k: weight(p + k)
                    for k in (
                        "qkv.weight",
                        "qkv.bias",
                        "o.weight",
                        "o.bias",
                        "ln1.weight",
                        "ln1.bias",
                        "i.weight",
                        "i.bias",
                        "out.weight",
                        "out.bias",
                        "ln2.weight",
                        "ln2.bias",
                    )
                }
            )
            # Transposed once here so each matmul below reads memory in order.
            for k in ("qkv.weight", "o.weight", "i.weight", "out.weight"):
                self.layers[i][k] = np.ascontiguousarray(self.layers[i][k].T)
        self.head_w = np.ascontiguousarray(weight("head.weight").T)
        self.head_b = weight("head.bias")

    def logits(self, ids: I64, markers: I64) -> F32:
        batch, length = ids.shape
        mask = ids != PAD
        x = self.tok[ids] + self.pos[:length][None]
        x = _layer_norm(x, *self.emb_ln)
        bias = np.where(mask, 0.0, -1e9).astype(np.float32)[:, None, None, :]
        hidden = x.shape[-1]
        head = hidden // self.n_heads
        # Dense layers run on a 2-D (tokens, hidden) view: BLAS is far faster on one big matrix
        # than on a stack of small ones.
        x = x.reshape(batch * length, hidden)
        for lay in self.layers:
            qkv = x @ lay["qkv.weight"] + lay["qkv.bias"]
            qkv = qkv.reshape(batch, length, 3, self.n_heads, head).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]
            scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(head)) + bias
            scores -= scores.max(-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(-1, keepdims=True)
            attn = (scores @ v).transpose(0, 2, 1, 3).reshape(batch * length, hidden)
            x = _layer_norm(
                x + attn @ lay["o.weight"] + lay["o.bias"], lay["ln1.weight"], lay["ln1.bias"]
            )
            inner = _gelu(x @ lay["i.weight"] + lay["i.bias"])
            x = _layer_norm(
                x + inner @ lay["out.weight"] + lay["out.bias"], lay["ln2.weight"], lay["ln2.bias"]
            )
        x = x.reshape(batch, length, hidden)
        m = mask[..., None].astype(np.float32)
        mean = (x * m).sum(1) / m.sum(1)
        at_target = x[np.arange(batch), markers]
        out: F32 = np.concatenate([mean, at_target], -1) @ self.head_w + self.head_b
        return out

    def raw_logits(self, items: Sequence[tuple[str, int, int]]) -> F32:
        """Logits before the calibrating temperature, one row per ``(sentence, start, end)``."""
        encoded = [encode_target(self.tokenizer, s, a, b) for s, a, b in items]
        out = np.zeros((len(items), N_LABELS), dtype=np.float32)
        for chunk, ids in padded_batches(encoded, BATCH):
            markers = np.array([encoded[i][1] for i in chunk], dtype=np.int64)
            out[chunk] = self.logits(ids, markers)
        return out
