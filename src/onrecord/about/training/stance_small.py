"""Train the small stance model by distillation from the fine-tuned encoder.

    python -m onrecord.about.training.stance_small --data ../shared/bench \\
        --transfer build/stance_transfer.jsonl --out src/onrecord/data/stance_small.npz

The transfer set (``transfer.py``: NewsMTSC train plus PolNeAR train sentences, each with
the encoder's logits) is built first if its file is missing. The student imitates the
encoder's softened outputs on all of it and NewsMTSC's hand labels where there are some;
a seeded tenth of NewsMTSC train is held out to fit the temperature that calibrates its
confidences. NewsMTSC dev is only scored. Needs torch (``make train``).
"""

from __future__ import annotations

import argparse
import math
import random
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from onrecord.about import stance
from onrecord.about.stance_encoder import EncoderModel
from onrecord.about.stance_small import relative_positions, target_bounds
from onrecord.about.training import transfer
from onrecord.about.training.metrics import expected_calibration_error, fit_temperature, macro_f1
from onrecord.about.training.stance import write_arrays
from onrecord.about.wordpiece import WordPiece, encode_target

WIDTH = 64
REACH = 20
DILATIONS = (1, 2)
ACTIVATION = "gelu"
EPOCHS = 12
LR = 2e-3
BATCH = 64
# Distillation temperature: softened teacher outputs carry how close the other labels were.
SOFT = 2.0
SEED = 13
CALIBRATION_SHARE = 0.1


class Student(nn.Module):
    def __init__(
        self, pieces: np.ndarray, width: int = WIDTH, activation: str = ACTIVATION
    ) -> None:
        super().__init__()
        self.width = width
        self.activation = activation
        self.pieces = nn.Embedding.from_pretrained(  # type: ignore[no-untyped-call]
            torch.from_numpy(pieces), freeze=True
        )
        self.project = nn.Linear(pieces.shape[1], width)
        self.rel = nn.Embedding(2 * REACH + 1, width)
        self.convs = nn.ModuleList(
            nn.Conv1d(width, width, 3, padding=d, dilation=d) for d in DILATIONS
        )
        self.query = nn.Linear(width, width)
        self.hidden = nn.Linear(3 * width, width)
        self.out = nn.Linear(width, len(stance.LABELS))
        self.drop = nn.Dropout(0.2)

    def forward(self, ids: torch.Tensor, rel: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        mask = (ids != 0).float()[..., None]
        x = (self.project(self.pieces(ids)) + self.rel(rel)) * mask
        x = self.drop(x)
        for conv in self.convs:
            h = conv(x.transpose(1, 2)).transpose(1, 2)
            x = (x + self.act(h)) * mask
        t = target[..., None]
        at_target = (x * t).sum(1) / t.sum(1).clamp(min=1.0)
        peak = torch.where(mask > 0, x, torch.full_like(x, -1e4)).max(1).values
        query = self.query(at_target)
        scores = torch.einsum("btd,bd->bt", x, query) / math.sqrt(self.width)
        scores = scores.masked_fill(mask[..., 0] == 0, -1e9)
        attended = torch.einsum("bt,btd->bd", scores.softmax(-1), x)
        pooled = self.drop(torch.cat([at_target, peak, attended], -1))
        logits: torch.Tensor = self.out(self.act(self.hidden(pooled)))
        return logits

    def act(self, x: torch.Tensor) -> torch.Tensor:
        return F.relu(x) if self.activation == "relu" else F.gelu(x, approximate="tanh")


# Word pieces with the target's open and close marker positions.
Encoded = tuple[list[int], tuple[int, int]]


def encode(tokenizer: WordPiece, items: Sequence[tuple[str, int, int]]) -> list[Encoded]:
    out = []
    for sentence, start, end in items:
        ids, opened = encode_target(tokenizer, sentence, start, end)
        out.append((ids, target_bounds(ids, opened)))
    return out


def batch_tensors(rows: Sequence[Encoded]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """The same inputs ``SmallModel.raw_logits`` builds, as tensors."""
    width = max(len(ids) for ids, _ in rows)
    ids = torch.zeros(len(rows), width, dtype=torch.long)
    for i, (pieces, _) in enumerate(rows):
        ids[i, : len(pieces)] = torch.tensor(pieces)
    bounds = np.array([b for _, b in rows], dtype=np.int64)
    rel = torch.from_numpy(relative_positions(bounds[:, 0], bounds[:, 1], width, REACH))
    target = ((rel == REACH) & (ids != 0)).float()
    return ids, rel, target


def logits_of(model: Student, rows: Sequence[Encoded]) -> np.ndarray:
    model.eval()
    out = np.zeros((len(rows), len(stance.LABELS)), dtype=np.float32)
    order = sorted(range(len(rows)), key=lambda i: len(rows[i][0]))
    with torch.no_grad():
        for first in range(0, len(order), 256):
            chunk = order[first : first + 256]
            out[chunk] = model(*batch_tensors([rows[i] for i in chunk])).numpy()
    return out


def train(
    model: Student,
    rows: Sequence[Encoded],
    teacher: np.ndarray,
    gold: Sequence[int | None],
    report: object = None,
    epochs: int = EPOCHS,
) -> None:
    params = [p for p in model.parameters() if p.requires_grad]
    steps = epochs * ((len(rows) + BATCH - 1) // BATCH)
    opt = torch.optim.AdamW(params, lr=LR, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=LR, total_steps=steps, pct_start=0.1)
    soft = torch.from_numpy(teacher / SOFT).softmax(-1)
    rng = random.Random(SEED)
    for epoch in range(epochs):
        model.train()
        order = list(range(len(rows)))
        rng.shuffle(order)
        span = BATCH * 50
        chunks = [
            sorted(order[i : i + span], key=lambda j: len(rows[j][0]))
            for i in range(0, len(order), span)
        ]
        batches = [c[i : i + BATCH] for c in chunks for i in range(0, len(c), BATCH)]
        rng.shuffle(batches)
        total = 0.0
        for batch in batches:
            logits = model(*batch_tensors([rows[j] for j in batch]))
            log_probs = (logits / SOFT).log_softmax(-1)
            loss = F.kl_div(log_probs, soft[batch], reduction="batchmean") * SOFT * SOFT
            labelled = [k for k, j in enumerate(batch) if gold[j] is not None]
            if labelled:
                wanted = torch.tensor([stance.LABELS.index(gold[batch[k]]) for k in labelled])  # type: ignore[arg-type]
                loss = loss + F.cross_entropy(logits[labelled], wanted) * len(labelled) / len(batch)
            loss.backward()  # type: ignore[no-untyped-call]
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            total += float(loss.detach())
        if callable(report):
            report(epoch, total / len(batches))


def quantise_rows(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scale = np.maximum(np.abs(w).max(1), 1e-12) / 127.0
    return np.round(w / scale[:, None]).astype(np.int8), scale.astype(np.float32)


def export(model: Student, vocab: Sequence[str], temperature: float, out: Path) -> None:
    with torch.no_grad():
        table = model.project(model.pieces.weight).numpy()
    q, scale = quantise_rows(table)
    arrays: dict[str, np.ndarray] = {
        "vocab": np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8),
        "temperature": np.array(temperature, dtype=np.float32),
        "reach": np.array(REACH),
        "activation": np.array(model.activation),
        "n_convs": np.array(len(DILATIONS)),
        "table.q": q,
        "table.scale": scale,
        "rel": model.rel.weight.detach().numpy(),
    }
    for i, (conv, d) in enumerate(zip(model.convs, DILATIONS, strict=True)):
        assert isinstance(conv, nn.Conv1d)
        # (out, in, k) -> (k * in, out): rows in the order [x[t-d], x[t], x[t+d]].
        w = conv.weight.detach().permute(2, 1, 0).reshape(-1, model.width).numpy()
        arrays[f"conv{i}.weight"] = w
        arrays[f"conv{i}.bias"] = conv.bias.detach().numpy()  # type: ignore[union-attr]
        arrays[f"conv{i}.dilation"] = np.array(d)
    for name in ("query", "hidden", "out"):
        layer = getattr(model, name)
        arrays[f"{name}.weight"] = layer.weight.detach().numpy().T.copy()
        arrays[f"{name}.bias"] = layer.bias.detach().numpy()
    write_arrays(out, arrays)


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, required=True, help="../shared/bench")
    ap.add_argument("--transfer", type=Path, default=Path("build/stance_transfer.jsonl"))
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--width", type=int, default=WIDTH)
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    ap.add_argument("--activation", choices=("relu", "gelu"), default=ACTIVATION)
    args = ap.parse_args(argv)
    started = time.time()
    torch.set_num_threads(args.threads)
    torch.manual_seed(SEED)
    if not args.transfer.exists():
        transfer.build(
            args.data / "newsmtsc" / "train.jsonl",
            args.data / "polnear" / "train" / "text",
            args.transfer,
        )
    examples, teacher = transfer.read(args.transfer)
    encoder = stance.load_model("encoder")
    assert isinstance(encoder, EncoderModel)
    tokenizer = encoder.tokenizer
    rows = encode(tokenizer, [(e.sentence, e.start, e.end) for e in examples])

    labelled = [i for i, e in enumerate(examples) if e.gold is not None]
    rng = random.Random(SEED)
    rng.shuffle(labelled)
    held = sorted(labelled[: int(len(labelled) * CALIBRATION_SHARE)])
    held_set = set(held)
    fit = [i for i in range(len(examples)) if i not in held_set]

    dev = transfer.newsmtsc_examples(transfer.read_rows(args.data / "newsmtsc" / "dev.jsonl"))
    dev_rows = encode(tokenizer, [(e.sentence, e.start, e.end) for e in dev])
    dev_gold = [e.gold for e in dev]

    model = Student(encoder.tok, args.width, args.activation)

    def report(epoch: int, loss: float) -> None:
        pred = [stance.LABELS[int(k)] for k in logits_of(model, dev_rows).argmax(1)]
        f1 = macro_f1(dev_gold, pred)  # type: ignore[arg-type]
        took = time.time() - started
        print(f"epoch {epoch + 1}: loss {loss:.4f}, dev macro-F1 {f1:.4f} ({took:.0f} s)")

    train(
        model,
        [rows[i] for i in fit],
        teacher[fit],
        [examples[i].gold for i in fit],
        report,
        args.epochs,
    )
    held_logits = logits_of(model, [rows[i] for i in held])
    labels = np.array([stance.LABELS.index(examples[i].gold) for i in held])  # type: ignore[arg-type]
    temperature = fit_temperature(held_logits, labels)
    export(model, encoder.vocab, temperature, args.out)
    size = args.out.stat().st_size / 1e6
    print(f"wrote {args.out} ({size:.1f} MB), temperature {temperature:.3f}")

    # Score through the shipped numpy path, so the figure is the one users get.
    stance.use_model(args.out, "small")
    found = stance.stances([(e.sentence, e.start, e.end) for e in dev], "small")
    gold = [int(g) for g in dev_gold if g is not None]
    print(f"dev macro-F1 {macro_f1(gold, [s.polarity for s in found]):.4f} (numpy)")
    print(f"dev ECE {expected_calibration_error(found, gold):.4f}")
    print(f"trained in {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
