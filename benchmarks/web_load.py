"""How ``onrecord serve`` holds up: concurrent readers of search and person pages.

    python benchmarks/web_load.py --data ../shared/bench [--articles 10000] [--clients 20]
                                  [--seconds 30] [--workdir DIR]

Builds (or reuses, in ``--workdir``) a SQLite corpus of ``--articles`` articles by
replaying the PolNeAR train texts with varied ids, outlets and dates (the store
benchmark's builder, ``store_bench.replay``), starts ``onrecord serve`` on a free loopback
port, and runs ``--clients`` concurrent clients (httpx, asyncio) for ``--seconds``
seconds, each requesting in turn a search page (``/search?...``) and a person page
(``/people/<id>``) chosen from fixed lists. Only loopback is ever contacted.
``--workers`` is passed to ``onrecord serve`` (worker processes; one per core).

Reported: requests per second, median and p95 latency (overall and per kind of page),
and the error count (any status other than 200, or a failed request), which must be 0;
and, to read them against, each page's latency on an idle server ("unloaded"). The load
clients run on the same machine as the server and take their share of its cores.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from onrecord.store import open_corpus, store_articles
from store_bench import extract_all, find_texts, replay

SEARCHES: list[dict[str, str]] = [
    {"q": "campaign"},
    {"q": "immigration"},
    {"q": "Trump"},
    {"q": "Clinton emails"},
    {"q": '"middle class"'},
    {"q": "tax plan"},
    {"q": "debate", "kind": "direct"},
    {"q": "polls"},
    {"speaker": "Trump"},
    {"speaker": "Clinton", "q": "Wall Street"},
    {"topic": "elections"},
    {"q": "voters", "outlet": "Reuters"},
    {"q": "Republican", "since": "2016-03-01", "until": "2016-06-30"},
    {"affiliation": "campaign"},
]
PEOPLE = 40  # the most quoted people, whose pages are the heaviest


def build_corpus(data_dir: Path, db: Path, articles: int) -> dict[str, Any]:
    """The corpus at ``db``, built unless it already holds ``articles`` articles."""
    if db.exists():
        corpus = open_corpus(str(db))
        have = corpus.stats().articles
        corpus.close()
        if have >= articles:
            return {"built": False, "articles": have}
        for leftover in db.parent.glob(db.name + "*"):
            leftover.unlink()
    paths = find_texts(data_dir)
    attributions, seconds, source = extract_all(paths)
    started = time.perf_counter()
    corpus = open_corpus(str(db))
    store_articles(corpus, replay(paths, attributions, articles))
    stats = corpus.stats()
    corpus.close()
    return {
        "built": True,
        "articles": stats.articles,
        "attributions_from": source,
        "extract_seconds": round(seconds, 1),
        "store_seconds": round(time.perf_counter() - started, 1),
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: Path, port: int, log: Path, workers: int = 1) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "onrecord", "serve", "--db", str(db), "--port", str(port),
               "--log-level", "warning", "--workers", str(workers)]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "ONRECORD_TOKEN"}
    with log.open("ab") as out:
        process = subprocess.Popen(command, stdout=out, stderr=out, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"onrecord serve exited:\n{log.read_text()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=5).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit(f"onrecord serve did not answer in 120 s:\n{log.read_text()}")


def targets(base: str) -> tuple[list[str], list[str]]:
    """Search page and person page paths to request."""
    searches = [f"/search?{urlencode(spec)}" for spec in SEARCHES]
    people = httpx.get(f"{base}/api/people", params={"limit": PEOPLE}, timeout=60).json()
    pages = [f"/people/{p['id']}" for p in people["items"]]
    if not pages:
        raise SystemExit("the corpus has no people: nothing to load-test")
    return searches, pages


async def _client(
    n: int, base: str, paths: list[list[str]], until: float, record: list[tuple[str, float, int]]
) -> None:
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        turn = n
        while time.monotonic() < until:
            kind = "search" if turn % 2 == 0 else "person"
            pool = paths[turn % 2]
            path = pool[(turn // 2) % len(pool)]
            turn += 1
            started = time.perf_counter()
            try:
                status = (await client.get(path)).status_code
            except httpx.HTTPError:
                status = 0
            record.append((kind, time.perf_counter() - started, status))


def _summary(rows: list[tuple[str, float, int]], seconds: float | None) -> dict[str, Any]:
    latencies = sorted(t for _, t, _ in rows)
    if not latencies:
        return {"requests": 0}
    rate = {"requests_per_second": round(len(rows) / seconds, 1)} if seconds else {}
    return {
        "requests": len(rows),
        **rate,
        "median_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))] * 1000, 1),
        "max_ms": round(latencies[-1] * 1000, 1),
        "errors": sum(1 for _, _, status in rows if status != 200),
    }


def _one_at_a_time(base: str, paths: list[str]) -> dict[str, Any]:
    """Every page once, one request at a time (after one warm-up pass): the latency of a
    page on an idle server, to read the loaded figures against."""
    rows: list[tuple[str, float, int]] = []
    with httpx.Client(base_url=base, timeout=60) as client:
        for path in paths:
            client.get(path)
        for path in paths:
            started = time.perf_counter()
            status = client.get(path).status_code
            kind = "search" if path.startswith("/search") else "person"
            rows.append((kind, time.perf_counter() - started, status))
    kinds = ("search", "person")
    return {kind: _summary([r for r in rows if r[0] == kind], None) for kind in kinds}


async def _load(base: str, paths: list[list[str]], clients: int, seconds: float) -> dict[str, Any]:
    record: list[tuple[str, float, int]] = []
    started = time.monotonic()
    until = started + seconds
    await asyncio.gather(*(_client(n, base, paths, until, record) for n in range(clients)))
    elapsed = time.monotonic() - started
    result = _summary(record, elapsed)
    result["seconds"] = round(elapsed, 1)
    result["by_page"] = {
        kind: _summary([r for r in record if r[0] == kind], elapsed)
        for kind in ("search", "person")
    }
    return result


def run(
    data_dir: str | Path = "../shared/bench",
    articles: int = 10_000,
    clients: int = 20,
    seconds: float = 30.0,
    workdir: str | Path | None = None,
    workers: int = 1,
) -> dict[str, Any]:
    """Build or reuse the corpus, serve it, load it; returns the figures."""
    folder = Path(workdir or tempfile.mkdtemp(prefix="onrecord-web-load-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / f"web-{articles}.db"
    corpus = build_corpus(Path(data_dir), db, articles)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(db, port, folder / "server.log", workers)
    try:
        searches, people = targets(base)
        baseline = _one_at_a_time(base, searches + people)
        load = asyncio.run(_load(base, [searches, people], clients, seconds))
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    return {
        "corpus": {**corpus, "db": str(db)},
        "clients": clients,
        "server_workers": workers,
        "search_pages": len(searches),
        "person_pages": len(people),
        "unloaded": baseline,
        **load,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="../shared/bench", help="folder holding polnear/")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workdir", help="where the corpus is built and kept for reuse")
    parser.add_argument("--workers", type=int, default=1, help="onrecord serve --workers")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 200 or not 1 <= args.seconds <= 600:
        parser.error("--clients must be 1–200 and --seconds 1–600")
    result = run(args.data, args.articles, args.clients, args.seconds, args.workdir, args.workers)
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")
    if result.get("errors"):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
