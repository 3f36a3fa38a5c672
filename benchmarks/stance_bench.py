"""Stance toward a target on NewsMTSC dev, for both stance models, as a user runs them.

    .venv/bin/python benchmarks/stance_bench.py --data ../shared/bench

For each model (``small``, which every extraction runs, and ``encoder``, the fine-tuned
MiniLM behind ``--precise-stance``): ``onrecord stance dev.jsonl --model M`` is run as a
command, its lines scored by the shared ``score_stance.py``, and the model's own time is
measured in this process over the same sentences (three rounds, the best kept, after one
warm-up call), which gives sentences and words per second on one process. Also printed:
the model file's size and the expected calibration error of its confidences.

Cost grows with the number of statements read: one stance per statement whose main target
is in its words, nothing per corpus.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

from onrecord.about.stance import MODEL_FILES, ModelName, stances
from onrecord.about.training.metrics import expected_calibration_error

ONRECORD = Path(sys.executable).with_name("onrecord")


def score(data: Path, model: ModelName) -> dict[str, object]:
    dev = data / "newsmtsc" / "dev.jsonl"
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "pred.jsonl"
        subprocess.run(
            [str(ONRECORD), "stance", str(dev), "--model", model, "--out", str(pred)],
            check=True,
            capture_output=True,
        )
        scored = subprocess.run(
            [
                sys.executable,
                str(data / "newsmtsc" / "score_stance.py"),
                str(dev),
                str(pred),
                "--json",
            ],
            check=True,
            capture_output=True,
            text=True,
        )
    result: dict[str, object] = json.loads(scored.stdout)
    return result


def timing(data: Path, model: ModelName) -> dict[str, float]:
    rows = [json.loads(line) for line in (data / "newsmtsc" / "dev.jsonl").open() if line.strip()]
    items = [(r["sentence"], r["from"], r["to"]) for r in rows]
    words = sum(len(r["sentence"].split()) for r in rows)
    stances(items[:8], model)  # the file is read once per process
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        found = stances(items, model)
        best = min(best, time.perf_counter() - started)
    gold = [r["polarity"] for r in rows]
    return {
        "seconds": round(best, 3),
        "sentences_per_s": round(len(items) / best, 1),
        "words_per_s": round(words / best),
        "ece": round(expected_calibration_error(found, gold), 4),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=Path("../shared/bench"))
    args = ap.parse_args()
    for model in ("small", "encoder"):
        size = resources.files("onrecord.data").joinpath(MODEL_FILES[model]).read_bytes()
        scores = score(args.data, model)
        figures = timing(args.data, model)
        print(
            f"{model:8s} macro-F1 {scores['macro_f1']:.3f}  accuracy {scores['accuracy']:.3f}  "
            f"ECE {figures['ece']:.3f}  file {len(size) / 1e6:.1f} MB  "
            f"{figures['sentences_per_s']:.0f} sentences/s, {figures['words_per_s']:.0f} words/s "
            "(one process)"
        )


if __name__ == "__main__":
    main()
