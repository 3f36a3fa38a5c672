"""Throughput per core: bare spaCy against ``onrecord ingest`` on 1 and N workers and Dask.

    python benchmarks/scale_bench.py --data ../shared/bench [--texts 160] [--rounds 2]

On the same PolNeAR train texts (the first ``--texts`` in name order, read in place),
in the same run, interleaved round by round so a busy machine weighs on every figure
alike, it measures words per second (whitespace words of the input files) for:

- ``spacy``: bare ``nlp.pipe`` of the full ``en_core_web_sm`` (``load_pipeline(full=True)``)
  over the raw texts, pipeline already loaded;
- ``workers_1``: ``onrecord ingest --workers 1`` (read, clean, dedup, extract, store in a
  fresh SQLite corpus, link), pipeline already loaded;
- ``workers_N``: the same on a pool of N worker processes, pool already started;
- ``dask_N``: the same on a Dask ``LocalCluster`` of N single-threaded worker processes,
  cluster already started and its workers' pipelines loaded;
- ``spacy_N``: bare ``nlp.pipe`` in N independent processes, each on its share of the
  texts: the most any engine could get from N processes on this machine, as it is
  loaded at the time (``ceiling`` in the result).

Those are steady-state figures. The machine may be shared, so each run also records the
CPU seconds its processes used (main process and workers, psutil) and the load average:
``words_per_cpu_second`` shows what an engine costs apart from how many cores it got,
and ``cores_used`` how many it got. Starting up is measured apart (``startup_seconds``), and
one ``end_to_end`` round times the real command (``onrecord ingest``, a new process each)
from start to exit. Peak resident memory of each worker process (and of the main
process) is sampled with psutil every 0.1 s.

Targets: workers_1 >= 0.9 x spacy; workers_N >= 1.7 x workers_1; dask_N >= 1.5 x workers_1.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import psutil

from onrecord.nlp import load_pipeline
from onrecord.run import Summary, ingest_dask, ingest_parallel
from onrecord.run.cluster import cluster_client, warm_cluster
from onrecord.run.pool import WorkerPool
from onrecord.store import open_corpus, store_articles

TARGETS = {"workers_1/spacy": 0.9, "workers_N/workers_1": 1.7, "dask_N/workers_1": 1.5}
ONRECORD = Path(sys.executable).with_name("onrecord")


def find_texts(data_dir: Path, limit: int) -> list[Path]:
    for folder in (data_dir / "polnear" / "train" / "text", data_dir / "train" / "text", data_dir):
        found = sorted(folder.glob("*.txt"))
        if found:
            return found[:limit]
    raise SystemExit(f"no PolNeAR train texts under {data_dir}")


class PeakMemory:
    """Samples the resident memory of some processes in the background; keeps the peak."""

    def __init__(
        self, pids: Callable[[], list[int]], peaks: dict[int, int], every: float = 0.1
    ) -> None:
        self.pids = pids
        self.every = every
        self.peaks = peaks
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                pids = self.pids()
            except Exception:  # the pool or cluster is between two states
                pids = []
            for pid in pids:
                try:
                    rss = psutil.Process(pid).memory_info().rss
                except psutil.Error:
                    continue
                self.peaks[pid] = max(self.peaks.get(pid, 0), rss)
            self._stop.wait(self.every)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def megabytes(peaks: dict[int, int]) -> list[float]:
    return sorted(round(v / 2**20, 1) for v in peaks.values())


@contextmanager
def fresh_corpus() -> Iterator[Any]:
    with tempfile.TemporaryDirectory() as folder:
        corpus = open_corpus(str(Path(folder) / "bench.db"))
        try:
            yield corpus
        finally:
            corpus.close()


def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            times = psutil.Process(pid).cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def run(
    data_dir: str | Path,
    *,
    texts: int = 160,
    rounds: int = 2,
    workers: int = 2,
    end_to_end: bool = True,
) -> dict[str, Any]:
    """Measure every configuration ``rounds`` times, interleaved; returns the figures."""
    paths = find_texts(Path(data_dir), texts)
    raw = [p.read_text(encoding="utf-8") for p in paths]
    words = sum(len(t.split()) for t in raw)
    names = ["spacy", f"spacy_{workers}", "workers_1", f"workers_{workers}", f"dask_{workers}"]
    seconds: dict[str, list[float]] = {name: [] for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    load: dict[str, list[float]] = {name: [] for name in names}
    peaks: dict[str, dict[int, int]] = {name: {} for name in names}
    startup: dict[str, float] = {}
    main = os.getpid()

    full = load_pipeline(full=True)
    load_pipeline()  # what --workers 1 uses, loaded once like the pool's and cluster's
    shares = [raw[i::workers] for i in range(workers)]
    with (
        WorkerPool(workers) as pool,
        cluster_client(workers=workers) as client,
        ProcessPoolExecutor(workers, get_context("spawn"), initializer=_load_full) as bare,
    ):
        for future in [bare.submit(time.sleep, 0.5) for _ in range(workers)]:
            future.result()
        bare_pids = [p.pid for p in getattr(bare, "_processes", {}).values()]
        startup["pool"] = round(timed(pool.start), 1)
        startup["dask_cluster"] = round(timed(lambda: warm_cluster(client)), 1)
        dask_pids = list(client.run(os.getpid).values())

        def pool_run() -> None:
            with fresh_corpus() as corpus:
                store_articles(corpus, pool.run(_documents(paths), Summary()))

        def dask_run() -> None:
            with tempfile.TemporaryDirectory() as stage, fresh_corpus() as corpus:
                items = ingest_dask(paths, stage=Path(stage), client=client)
                store_articles(corpus, items)

        def one_run() -> None:
            with fresh_corpus() as corpus:
                store_articles(corpus, ingest_parallel(paths, workers=1))

        runs: dict[str, tuple[Callable[[], object], Callable[[], list[int]]]] = {
            "spacy": (lambda: list(full.pipe(raw, batch_size=32)), lambda: [main]),
            f"spacy_{workers}": (lambda: list(bare.map(_parse, shares)), lambda: bare_pids),
            "workers_1": (one_run, lambda: [main]),
            f"workers_{workers}": (pool_run, pool.worker_pids),
            f"dask_{workers}": (dask_run, lambda: dask_pids),
        }
        for number in range(rounds):
            for name in names if number % 2 == 0 else reversed(names):
                task, pids = runs[name]
                involved = sorted({main, *pids()})
                before = cpu_seconds(involved)
                with PeakMemory(pids, peaks[name]):
                    seconds[name].append(timed(task))
                cpu[name].append(cpu_seconds(involved) - before)
                load[name].append(os.getloadavg()[0])
                print(f"round {number + 1} {name}: {seconds[name][-1]:.1f} s", file=sys.stderr)
    rates = {name: round(words / statistics.median(s)) for name, s in seconds.items()}
    ratios = {
        "ceiling": rates[f"spacy_{workers}"] / rates["spacy"],
        "workers_1/spacy": rates["workers_1"] / rates["spacy"],
        "workers_N/workers_1": rates[f"workers_{workers}"] / rates["workers_1"],
        "dask_N/workers_1": rates[f"dask_{workers}"] / rates["workers_1"],
    }
    result: dict[str, Any] = {
        "texts": len(paths),
        "words": words,
        "workers": workers,
        "rounds": rounds,
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "seconds": {k: [round(x, 2) for x in v] for k, v in seconds.items()},
        "words_per_second": rates,
        "words_per_second_per_core": {
            "spacy": rates["spacy"],
            f"spacy_{workers}": round(rates[f"spacy_{workers}"] / workers),
            "workers_1": rates["workers_1"],
            f"workers_{workers}": round(rates[f"workers_{workers}"] / workers),
            f"dask_{workers}": round(rates[f"dask_{workers}"] / workers),
        },
        "ratios": {k: round(v, 2) for k, v in ratios.items()},
        "cpu_seconds": {k: [round(x, 1) for x in v] for k, v in cpu.items()},
        "words_per_cpu_second": {k: round(words / statistics.median(v)) for k, v in cpu.items()},
        "cores_used": {
            k: round(statistics.median(c / w for c, w in zip(cpu[k], seconds[k], strict=True)), 2)
            for k in names
        },
        "load_average_1min_after_each_run": {k: [round(x, 2) for x in v] for k, v in load.items()},
        "targets": {k: {"target": t, "met": ratios[k] >= t} for k, t in TARGETS.items()},
        # one figure per process: the main process, or each worker
        "peak_rss_mb": {name: megabytes(p) for name, p in peaks.items()},
        "startup_seconds": startup,
    }
    if end_to_end:
        result["end_to_end"] = _end_to_end(paths, words, workers)
    return result


def _load_full() -> None:
    load_pipeline(full=True)


def _parse(texts: list[str]) -> int:
    return len(list(load_pipeline(full=True).pipe(texts, batch_size=32)))


def _documents(paths: list[Path]) -> Iterator[Any]:
    from onrecord.ingest import read_inputs

    yield from read_inputs(paths)


def _end_to_end(paths: list[Path], words: int, workers: int) -> dict[str, Any]:
    """The real command, one new process per configuration: startup and model loading
    included, so these are lower than the steady-state figures."""
    out: dict[str, Any] = {}
    configs = {
        "workers_1": ["--workers", "1"],
        f"workers_{workers}": ["--workers", str(workers)],
        f"dask_{workers}": ["--engine", "dask", "--workers", str(workers)],
    }
    with tempfile.TemporaryDirectory() as folder:
        listing = Path(folder) / "inputs"
        listing.mkdir()
        for path in paths:  # links, so the command reads the shared texts in place
            (listing / path.name).symlink_to(path.resolve())
        for name, options in configs.items():
            db = Path(folder) / f"{name}.db"
            command = [str(ONRECORD), "ingest", str(listing), "--db", str(db), *options]
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True)
            elapsed = time.perf_counter() - start
            if done.returncode != 0:
                raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr}")
            out[name] = {"seconds": round(elapsed, 1), "words_per_second": round(words / elapsed)}
            print(f"end to end {name}: {elapsed:.1f} s", file=sys.stderr)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="../shared/bench", help="folder with polnear/train")
    parser.add_argument("--texts", type=int, default=160, help="how many texts (name order)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-end-to-end", action="store_true", help="skip the CLI round")
    parser.add_argument("--json", type=Path, help="also write the result here")
    args = parser.parse_args(argv)
    result = run(
        args.data,
        texts=args.texts,
        rounds=args.rounds,
        workers=args.workers,
        end_to_end=not args.no_end_to_end,
    )
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
