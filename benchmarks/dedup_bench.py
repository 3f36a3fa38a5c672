"""Near-duplicates in memory or in the store: peak memory of an ingest, and the cost of
deduplication per article.

    python benchmarks/dedup_bench.py [--articles 5000 20000] [--workers 2] [--db URL]
        [--out docs/dedup.json]

Each configuration is a fresh process that ingests ``N`` distinct articles into a new
corpus as ``onrecord ingest --no-extract --workers W`` does (the same ``ingest`` and
``store_articles`` calls; parsing would run in the workers only, so it is left out):

- ``memory``: the index as it was, ``DuplicateIndex`` in the ingesting process, no rows;
- ``stored``: the corpus's ``StoredDuplicateIndex`` (``corpus.duplicates``).

Articles: PolNeAR train texts, each made of the first 400 characters of one text and
of another (a distinct pair for each article), so every body is its own canonical copy
and the in-memory index holds all of them. Recorded: the process's peak resident memory
(``VmHWM``), wall seconds, and the time spent in the index's lookups (``check_many``,
a chunk of 8 at a time) and in writing the bodies' rows (``dedupstore.record``, in each
batch's transaction), per article: wall time, and the CPU time of the ingesting thread
(``thread_time``), which load from other programs does not inflate.

``--db`` is a PostgreSQL base URL (a fresh database is made under it for each run);
without it, a SQLite file in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

POLNEAR = Path("/work/shared/bench/polnear/train/text")

DRIVER = """
import json, sys, time
from onrecord.run import IngestOptions, Summary, ingest
from onrecord.run import prepare
from onrecord.store import dedupstore, open_corpus, store_articles

mode, inputs, db, workers = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
spent = {"lookup": 0.0, "record": 0.0, "lookup_cpu": 0.0, "record_cpu": 0.0, "looked_up": 0}

def timed(function, key):
    def wrapper(*args, **kwargs):
        start, cpu = time.perf_counter(), time.thread_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[key] += time.perf_counter() - start
            spent[key + "_cpu"] += time.thread_time() - cpu
    return wrapper

def counted(function):
    def wrapper(self, items):
        spent["looked_up"] += len(items)
        return function(self, items)
    return wrapper

for kind in (prepare.DuplicateIndex, dedupstore.StoredDuplicateIndex):
    kind.check_many = timed(counted(kind.check_many), "lookup")
if mode == "memory":  # as before: no rows
    dedupstore.record = lambda conn, articles, index=None: 0
else:
    dedupstore.record = timed(dedupstore.record, "record")
corpus = open_corpus(db)
summary = Summary()
start = time.perf_counter()
items = ingest(
    [inputs], IngestOptions(extract=False, workers=workers), engine="processes",
    summary=summary, skip=corpus.stored_inputs(),
    index=corpus.duplicates if mode == "stored" else None,
)
stats = store_articles(corpus, items, 32)
seconds = time.perf_counter() - start
held = corpus.duplicates.held()
corpus.close()
with open("/proc/self/status") as status:
    peak = next(line for line in status if line.startswith("VmHWM:"))
print(json.dumps({
    "mode": mode, "articles": stats.articles_added, "duplicates": summary.duplicates,
    "peak_mb": round(int(peak.split()[1]) / 1024, 1), "seconds": round(seconds, 1),
    "lookup_us": round(1e6 * spent["lookup"] / max(spent["looked_up"], 1), 1),
    "lookup_cpu_us": round(1e6 * spent["lookup_cpu"] / max(spent["looked_up"], 1), 1),
    "record_us": round(1e6 * spent["record"] / max(stats.articles_added, 1), 1),
    "record_cpu_us": round(1e6 * spent["record_cpu"] / max(stats.articles_added, 1), 1),
    "held_after": held,
}))
"""


def write_inputs(out: Path, count: int) -> Path:
    """``count`` distinct articles as JSONL: halves of two texts, a pair each."""
    texts = [p.read_text(encoding="utf-8")[:400] for p in sorted(POLNEAR.glob("*.txt"))]
    size = len(texts)
    with out.open("w", encoding="utf-8") as handle:
        for n in range(count):
            first, second = n % size, (n // size + 1 + n) % size
            body = f"{texts[first]}\n\n{texts[second]}"
            record = {"text": body, "url": f"https://example.org/pair/{n}"}
            handle.write(json.dumps(record) + "\n")
    return out


def fresh(db: str | None, folder: Path) -> str:
    if not db:
        return str(folder / f"dedup-{uuid.uuid4().hex[:8]}.db")
    import psycopg

    name = f"dedup_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{db}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{db}/{name}"


def run(mode: str, inputs: Path, db: str, workers: int) -> dict[str, Any]:
    command = [sys.executable, "-c", DRIVER, mode, str(inputs), db, str(workers)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[5_000, 20_000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--db", help="PostgreSQL base URL (default: SQLite files)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="onrecord-dedup-"))
    results = []
    for count in args.articles:
        inputs = write_inputs(folder / f"{count}.jsonl", count)
        for mode in ("memory", "stored"):
            result = run(mode, inputs, fresh(args.db, folder), args.workers)
            result["backend"] = "postgresql" if args.db else "sqlite"
            print(json.dumps(result), flush=True)
            results.append(result)
    if args.out:
        args.out.write_text("".join(json.dumps(r) + "\n" for r in results), encoding="utf-8")


if __name__ == "__main__":
    main()
