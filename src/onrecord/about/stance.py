"""Stance of a sentence toward one target span in it: negative (-1), neutral (0) or positive (1)."""

from __future__ import annotations

import os
import re
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import IO

import numpy as np
import numpy.typing as npt

MODEL_FILE = "stance_minilm.npz"
LABELS: tuple[int, ...] = (-1, 0, 1)

# Ids fixed by the BERT uncased vocabulary the encoder was pretrained with; the two unused
# slots serve as the markers that tell the encoder where the target starts and ends.
PAD, UNK, CLS, SEP = 0, 100, 101, 102
TARGET_OPEN, TARGET_CLOSE = 1, 2
MAX_TOKENS = 80
# Sentences are run in batches of similar length so that padding costs little.
BATCH = 32

F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Stance:
    """How a sentence treats its target: ``polarity`` in (-1, 0, 1) and its probability."""

    polarity: int
    confidence: float


_ASCII_WORDS = re.compile(r"[a-z0-9]+|[^a-z0-9\s]")


def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    # BERT treats every non-alphanumeric ASCII character as punctuation, "$" and "^" included.
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


class WordPiece:
    """The uncased BERT tokenizer (normaliser, pre-tokenizer, WordPiece), in plain Python.

    It reproduces the ``tokenizer.json`` shipped with all-MiniLM-L6-v2 so that inference
    needs no tokenizer library; the training script checks the two agree on the data.
    """

    def __init__(self, vocab: Sequence[str]) -> None:
        self.vocab = {piece: i for i, piece in enumerate(vocab)}
        self._word = lru_cache(maxsize=65536)(self._word_uncached)

    def _normalise(self, text: str) -> str:
        if text.isascii() and text.isprintable():
            return text.lower()
        out: list[str] = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD:
                continue
            cat = unicodedata.category(ch)
            if ch in "\t\n\r" or cat == "Zs":
                out.append(" ")
            elif cat in ("Cc", "Cf"):
                continue
            elif _is_cjk(cp):
                out.append(f" {ch} ")
            else:
                out.append(ch)
        lowered = "".join(out).lower()
        return "".join(
            c for c in unicodedata.normalize("NFD", lowered) if unicodedata.category(c) != "Mn"
        )

    def _word_uncached(self, word: str) -> tuple[int, ...]:
        if len(word) > 100:
            return (UNK,)
        ids: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                found = self.vocab.get(piece)
                if found is not None:
                    ids.append(found)
                    break
                end -= 1
            else:
                return (UNK,)
            start = end
        return tuple(ids)

    def encode(self, text: str) -> list[int]:
        ids: list[int] = []
        text = self._normalise(text)
        if text.isascii():
            # Most news text is ASCII, where a regex splits words from punctuation ~10x faster.
            for piece in _ASCII_WORDS.findall(text):
                ids.extend(self._word(piece))
            return ids
        for chunk in text.split():
            word: list[str] = []
            for ch in chunk:
                if _is_punctuation(ch):
                    if word:
                        ids.extend(self._word("".join(word)))
                        word = []
                    ids.extend(self._word(ch))
                else:
                    word.append(ch)
            if word:
                ids.extend(self._word("".join(word)))
        return ids


def encode_target(
    tokenizer: WordPiece, sentence: str, start: int, end: int
) -> tuple[list[int], int]:
    """Token ids with the target between markers, cut to a window around it, and the open
    marker's position, which the classifier reads."""
    if not 0 <= start <= end <= len(sentence):
        raise ValueError(f"target [{start}, {end}) is outside a sentence of {len(sentence)} chars")
    left = tokenizer.encode(sentence[:start])
    target = tokenizer.encode(sentence[start:end])
    right = tokenizer.encode(sentence[end:])
    body = [*left, TARGET_OPEN, *target, TARGET_CLOSE, *right]
    marker = len(left)
    room = MAX_TOKENS - 2
    if len(body) > room:
        # Keep the context nearest the target, where the stance toward it is expressed.
        first = max(0, min(marker - room // 2, len(body) - room))
        body = body[first : first + room]
        marker -= first
    return [CLS, *body, SEP], marker + 1


def _layer_norm(x: F32, gamma: F32, beta: F32) -> F32:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    out: F32 = (x - mean) / np.sqrt(var + 1e-12) * gamma + beta
    return out


def _gelu(x: F32) -> F32:
    # The tanh form, which training uses too, so that inference needs no erf from scipy.
    inner = np.tanh(np.float32(0.7978845608) * (x + np.float32(0.044715) * x * x * x))
    return np.asarray(np.float32(0.5) * x * (np.float32(1.0) + inner), dtype=np.float32)


class _Model:
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

    def probabilities(self, items: Sequence[tuple[str, int, int]]) -> F32:
        encoded = [encode_target(self.tokenizer, s, a, b) for s, a, b in items]
        probs = np.zeros((len(items), len(LABELS)), dtype=np.float32)
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i][0]))
        for first in range(0, len(order), BATCH):
            chunk = order[first : first + BATCH]
            width = max(len(encoded[i][0]) for i in chunk)
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            for row, i in enumerate(chunk):
                ids[row, : len(encoded[i][0])] = encoded[i][0]
            markers = np.array([encoded[i][1] for i in chunk], dtype=np.int64)
            z = self.logits(ids, markers) / self.temperature
            z -= z.max(-1, keepdims=True)
            e = np.exp(z)
            probs[chunk] = e / e.sum(-1, keepdims=True)
        return probs


_model: _Model | None = None
_lock = threading.Lock()


def _read(f: IO[bytes]) -> _Model:
    with np.load(f, allow_pickle=False) as npz:
        return _Model({k: npz[k] for k in npz.files})


def _load() -> _Model:
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                ref = resources.files("onrecord.data").joinpath(MODEL_FILE)
                with ref.open("rb") as f:
                    _model = _read(f)
    return _model


def use_model(path: str | os.PathLike[str]) -> None:
    """Serve stances from the model file at ``path`` rather than the packaged one, as the
    training script does to score the file it has just written."""
    global _model
    with open(path, "rb") as f, _lock:
        _model = _read(f)


def stances(items: Sequence[tuple[str, int, int]]) -> list[Stance]:
    """The stance of each ``(sentence, start, end)`` toward ``sentence[start:end]``."""
    if not items:
        return []
    probs = _load().probabilities(items)
    best = probs.argmax(-1)
    return [Stance(LABELS[int(b)], float(p[b])) for b, p in zip(best, probs, strict=True)]


def stance_of(sentence: str, start: int, end: int) -> Stance:
    """The stance of ``sentence`` toward its characters ``[start, end)``."""
    return stances([(sentence, start, end)])[0]
