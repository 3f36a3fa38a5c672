"""A corpus that grows: time and memory of each batch's write + incremental link.

    python benchmarks/growth_bench.py [--target 200000] [--batch 1000] [--db URL]
        [--probe-at 10000] [--out docs/growth.json] [--plot docs/growth.png]

Articles are the PolNeAR train texts with their gold attributions replayed with varied
ids, outlets and dates (``tests/store/polnear_replay.py``; ~23.6 attributions an
article, as the extractor finds), so extraction is left out and the store is measured
alone. Each batch of ``--batch`` articles is stored and linked (``store_articles``);
its seconds (write and link apart) and the process's peak resident memory during it
(``VmHWM``, reset before each batch through ``/proc/self/clear_refs``) are recorded.
When the corpus reaches ``--probe-at`` articles, one new article is stored and linked
(against the same into an empty corpus), and one correction of each kind is made.

``--db`` is a PostgreSQL base URL (a fresh database is made under it); without it, a
SQLite file in a temporary folder.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "store"))

import polnear_replay

from onrecord.store import Corpus, open_corpus, store_articles


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def reset_peak() -> None:
    # Not Linux, or not allowed: the peak then covers the whole run.
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def fresh(db: str | None) -> str:
    if not db:
        return str(Path(tempfile.mkdtemp(prefix="onrecord-growth-")) / "growth.db")
    import psycopg

    name = f"growth_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{db}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{db}/{name}"


def one_article(corpus: Corpus, n: int) -> float:
    started = time.perf_counter()
    store_articles(corpus, [polnear_replay.replayed(n)])
    return time.perf_counter() - started


def corrections(corpus: Corpus, attribution: str) -> dict[str, float]:
    specs: list[tuple[str, str, dict[str, str]]] = [
        # "Trump" alone names several people: a correction names one exactly.
        ("merge", "Donald Trump", {"other": "Mr. Trump"}),
        ("split", "Donald Trump", {"alias": "Mr. Trump"}),
        ("rename", "Hillary Clinton", {"name": "Hillary Rodham Clinton"}),
        ("reject", attribution, {}),
        ("reassign", attribution, {"speaker": "Bernie Sanders"}),
    ]
    timings = {}
    for action, subject, argument in specs:
        started = time.perf_counter()
        corpus.correct(action, subject, argument, by="bench")
        timings[action] = round(time.perf_counter() - started, 3)
    return timings


def run(target: int, batch: int, db: str | None, probe_at: int) -> dict[str, Any]:
    result: dict[str, Any] = {"backend": "postgresql" if db else "sqlite", "batches": []}
    for attempt in range(2):  # the first warms the process up (caches, compiled queries)
        empty = open_corpus(fresh(db))
        result["one_article_empty_s"] = round(one_article(empty, 10**7 + attempt), 3)
        empty.close()
    corpus = open_corpus(fresh(db))
    stored = 0
    while stored < target:
        reset_peak()
        started = time.perf_counter()
        stats = store_articles(
            corpus, (polnear_replay.replayed(n) for n in range(stored, stored + batch)), 250
        )
        seconds = time.perf_counter() - started
        link = stats.link.seconds if stats.link else 0.0
        stored += batch
        row = {
            "articles": stored,
            "seconds": round(seconds, 2),
            "write_s": round(seconds - link, 2),
            "link_s": round(link, 2),
            "peak_mb": round(peak_mb(), 1),
        }
        result["batches"].append(row)
        print(json.dumps(row), flush=True)
        if stored == probe_at:
            result["probe_at"] = stored
            result["one_article_s"] = round(one_article(corpus, 10**7 + 2), 3)
            attribution = f"{polnear_replay.replayed(3).id}:0"
            result["corrections_s"] = corrections(corpus, attribution)
            print(json.dumps({k: result[k] for k in ("one_article_s", "corrections_s")}))
    corpus.close()
    first, last = result["batches"][0]["seconds"], result["batches"][-1]["seconds"]
    result["last_over_first"] = round(last / first, 2)
    result["peak_mb"] = max(b["peak_mb"] for b in result["batches"])
    return result


def plot(results: list[dict[str, Any]], out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    for res in results:
        xs = [b["articles"] for b in res["batches"]]
        name = f"{res['backend']}, {res['label']}" if "label" in res else res["backend"]
        left.plot(xs, [b["seconds"] for b in res["batches"]], label=f"{name}: total")
        left.plot(xs, [b["link_s"] for b in res["batches"]], "--", label=f"{name}: link")
        right.plot(xs, [b["peak_mb"] for b in res["batches"]], label=name)
    left.set(xlabel="articles stored", ylabel="seconds per batch", title="write + link per batch")
    right.set(xlabel="articles stored", ylabel="MB", title="peak resident memory per batch")
    right.axhline(500, color="grey", linestyle=":")
    for ax in (left, right):
        ax.legend()
        ax.set_ylim(bottom=0)
    fig.tight_layout()
    fig.savefig(out, dpi=100)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--target", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--db", default=None, help="PostgreSQL base URL (else SQLite)")
    parser.add_argument("--probe-at", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=None, help="append the result (JSON lines)")
    parser.add_argument("--plot", type=Path, default=None, help="plot every result in --out")
    parser.add_argument("--label", default=None, help="what this run measures, for the plot")
    args = parser.parse_args()
    if args.target:
        result = run(args.target, args.batch, args.db, args.probe_at)
        if args.label:
            result["label"] = args.label
        print(json.dumps({k: v for k, v in result.items() if k != "batches"}))
        if args.out:
            with args.out.open("a") as out:
                out.write(json.dumps(result) + "\n")
    if args.plot and args.out:
        results = [json.loads(line) for line in args.out.read_text().splitlines() if line]
        plot(results, args.plot)


if __name__ == "__main__":
    main()
