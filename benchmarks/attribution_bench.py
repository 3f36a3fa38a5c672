"""Attribution quality and speed on PolNeAR dev.

Quality: ``onrecord extract --format jsonl`` over ``polnear/dev/text``, scored by
``score_attributions.py`` (read from the benchmark folder, never copied here).
Speed: words per second of the extractor (parse + extraction + speaker resolution)
next to bare spaCy ``nlp.pipe`` with the full ``en_core_web_sm`` pipeline, on the same
texts, in the same process, interleaved and repeated so that both see the same noisy
machine; the best round of each counts. ``--cli`` also times both as a user runs them, each
a fresh process with its start-up: ``onrecord extract DIR --format jsonl`` against a Python
process that loads the same spaCy package and runs ``nlp.pipe`` over the same texts.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from onrecord.article import extract_many
from onrecord.nlp import load_pipeline


def quality(data: Path) -> dict[str, object]:
    """Run the CLI on the dev texts and score its JSONL with the benchmark's scorer."""
    dev = data / "polnear" / "dev"
    with tempfile.TemporaryDirectory() as folder:
        predictions = Path(folder) / "dev.jsonl"
        with predictions.open("w", encoding="utf-8") as out:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "onrecord",
                    "extract",
                    str(dev / "text"),
                    "--format",
                    "jsonl",
                ],
                check=True,
                stdout=out,
            )
        scorer = [sys.executable, str(data / "score_attributions.py"), str(dev), str(predictions)]
        table = subprocess.run(scorer, check=True, capture_output=True, text=True).stdout
        figures = json.loads(
            subprocess.run([*scorer, "--json"], check=True, capture_output=True, text=True).stdout
        )
    return {"table": table, "figures": figures}


def speed(data: Path, rounds: int = 3) -> dict[str, float]:
    """Words per second: bare full spaCy pipeline vs the extractor, interleaved."""
    texts = [
        p.read_text(encoding="utf-8") for p in sorted((data / "polnear/dev/text").glob("*.txt"))
    ]
    words = sum(len(text.split()) for text in texts)
    bare = load_pipeline(full=True)
    trimmed = load_pipeline()
    # warm both up so one-time costs (vocab growth, lazy imports) count for neither
    list(bare.pipe(texts[:5]))
    list(extract_many(texts[:5], nlp=trimmed))
    best_bare = best_onrecord = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for _doc in bare.pipe(texts, batch_size=32):
            pass
        best_bare = min(best_bare, time.perf_counter() - started)
        started = time.perf_counter()
        for _attributions in extract_many(texts, nlp=trimmed, batch_size=32):
            pass
        best_onrecord = min(best_onrecord, time.perf_counter() - started)
    return {
        "texts": len(texts),
        "words": words,
        "bare_spacy_wps": words / best_bare,
        "onrecord_wps": words / best_onrecord,
        "ratio": best_bare / best_onrecord,
    }


_BARE_SPACY = """
import sys
from pathlib import Path
import spacy
from onrecord.nlp.loading import model_name
nlp = spacy.load(model_name())
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
for _doc in nlp.pipe(texts, batch_size=32):
    pass
"""


def cli_speed(data: Path, rounds: int = 3) -> dict[str, float]:
    """Seconds of a fresh process each, start-up included, best of ``rounds``, interleaved."""
    folder = str(data / "polnear/dev/text")
    commands = {
        "bare_spacy_process_s": [sys.executable, "-c", _BARE_SPACY, folder],
        "onrecord_extract_cli_s": [
            sys.executable,
            "-m",
            "onrecord",
            "extract",
            folder,
            "--format",
            "jsonl",
        ],
    }
    best = dict.fromkeys(commands, float("inf"))
    for _ in range(rounds):
        for name, command in commands.items():
            started = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            best[name] = min(best[name], time.perf_counter() - started)
    return {
        **{k: round(v, 2) for k, v in best.items()},
        "ratio": round(best["bare_spacy_process_s"] / best["onrecord_extract_cli_s"], 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/bench"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cli", action="store_true", help="also time both as fresh processes")
    args = parser.parse_args()
    print(quality(args.data)["table"])
    print(json.dumps(speed(args.data, args.rounds), indent=2))
    if args.cli:
        print(json.dumps(cli_speed(args.data, args.rounds), indent=2))


if __name__ == "__main__":
    main()
