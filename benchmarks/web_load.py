"""How ``onrecord serve`` holds up: concurrent readers of a mix of distinct pages.

    python benchmarks/web_load.py --data ../shared/bench [--articles 10000] [--clients 20]
                                  [--seconds 30] [--workdir DIR]

Builds (or reuses, in ``--workdir``) a SQLite corpus of ``--articles`` articles by
replaying the PolNeAR train texts with varied ids, outlets and dates (the store
benchmark's builder, ``store_bench.replay``), starts ``onrecord serve`` on a free loopback
port, and runs ``--clients`` concurrent clients (httpx, asyncio) for ``--seconds``
seconds, each requesting in turn a search, a person, a statement, an article and the
home page. The pages are many and distinct, drawn (with a fixed seed) from the corpus
itself: searches for words its statements use, alone or with a speaker, outlet, kind,
date range, topic, act or sort, and for the targets its statements are most often about
(alone or with an act or topic); the 200 most mentioned people; statements and articles
from all over the lists. So the server's per-version caches (totals, facets, the home page)
help only as much as real users repeating one another would. Only loopback is ever
contacted. ``--workers`` is passed to ``onrecord serve`` (worker processes; one per core).

Reported: requests per second, median and p95 latency (overall and per kind of page),
and the error count (any status other than 200, or a failed request), which must be 0;
to read them against, each page's latency on an idle server ("unloaded"); and the
server's CPU time per request, which holds whatever else the machine runs. The load
clients run on the same machine as the server and take their share of its cores.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from onrecord.store import open_corpus, store_articles
from store_bench import extract_all, find_texts, replay

KINDS = ("search", "person", "statement", "article", "home")
# Timed on the idle server only: a statement's exchange thread, a page of its own that
# an analyst opens from some statements, not from every one.
IDLE_ONLY = ("exchanges",)
PEOPLE = 200  # the most mentioned people
PAGES = 300  # statements and articles, each
SEARCHES = 300
OUTLETS = ("Reuters", "AP", "BBC", "Al Jazeera", "Politico")
TOPICS = ("elections", "human rights", "press freedom", "counter-terrorism")
FILTERS = (
    {},
    {},
    {"kind": "direct"},
    {"kind": "indirect"},
    {"sort": "reports"},
    {"sort": "earliest"},
    {"since": "2016-03-01", "until": "2016-06-30"},
    {"topic": "elections"},
    {"act": "concern"},
    {"act": "urge"},
)


def _postgres_database(server: str, name: str) -> tuple[str, bool]:
    """The URL of database ``name`` on the PostgreSQL ``server``, and whether it existed."""
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not found:
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}", bool(found)


def _drop_postgres_database(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def build_corpus(
    data_dir: Path, db: Path, articles: int, postgres: str | None = None
) -> dict[str, Any]:
    """The corpus at ``db`` (or, given a PostgreSQL server URL, in a database of that
    server named after ``db``), built unless it already holds ``articles`` articles."""
    url = str(db)
    if postgres:
        name = "onrecord_" + db.stem.replace("-", "_")
        url, existed = _postgres_database(postgres, name)
    else:
        existed = db.exists()
    if existed:
        corpus = open_corpus(url)
        have = corpus.stats().articles
        corpus.close()
        if have >= articles:
            return {"built": False, "articles": have, "db": url}
        if postgres:
            _drop_postgres_database(postgres, name)
            url, _ = _postgres_database(postgres, name)
        else:
            for leftover in db.parent.glob(db.name + "*"):
                leftover.unlink()
    paths = find_texts(data_dir)
    attributions, seconds, source = extract_all(paths)
    started = time.perf_counter()
    corpus = open_corpus(url)
    store_articles(corpus, replay(paths, attributions, articles))
    stats = corpus.stats()
    corpus.close()
    return {
        "built": True,
        "db": url,
        "articles": stats.articles,
        "attributions_from": source,
        "extract_seconds": round(seconds, 1),
        "store_seconds": round(time.perf_counter() - started, 1),
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    db: Path | str, port: int, log: Path, workers: int = 1, threads: int | None = None
) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "onrecord", "serve", "--db", str(db), "--port", str(port),
               "--log-level", "warning", "--workers", str(workers)]  # fmt: skip
    if threads is not None:
        command += ["--threads", str(threads)]
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


def targets(client: httpx.Client, seed: int = 15) -> dict[str, list[str]]:
    """Distinct paths of each kind, drawn from the corpus (through ``client``, which may
    be a ``TestClient``) with a fixed seed."""
    rng = random.Random(seed)

    def _get(path: str, **params: Any) -> Any:
        return client.get(path, params=params).json()

    people = _get("/api/people", limit=PEOPLE)["items"]
    if not people:
        raise SystemExit("the corpus has no people: nothing to load-test")
    statements: list[dict[str, Any]] = []
    for offset in range(0, 5000, 500):
        statements += _get("/api/statements", limit=500, offset=offset)["items"]
    total = _get("/api/articles", limit=1)["total"]
    articles = [
        _get("/api/articles", limit=1, offset=rng.randrange(total))["items"][0]["id"]
        for _ in range(PAGES)
    ]
    words = sorted({w.strip(".,;:!?\"'()").lower() for s in statements for w in s["words"].split()})
    words = [w for w in words if len(w) >= 5 and w.isalpha()]
    # What statements are about: the main targets the corpus names most often.
    named = Counter(
        s["targets"][0]["text"] for s in statements if s.get("targets") and s["targets"][0]
    )
    abouts = [text for text, _ in named.most_common(50)] or ["Pakistan"]
    searches: set[str] = set()
    while len(searches) < SEARCHES:
        spec: dict[str, str] = {"q": rng.choice(words), **rng.choice(FILTERS)}
        roll = rng.random()
        if roll < 0.15:
            spec["outlet"] = rng.choice(OUTLETS)
        elif roll < 0.3:
            spec = {"speaker": rng.choice(people[:60])["name"], **rng.choice(FILTERS)}
        elif roll < 0.35:
            spec = {"topic": rng.choice(TOPICS)}
        elif roll < 0.45:
            spec = {"about": rng.choice(abouts), **rng.choice([{}, *FILTERS[-3:]])}
        searches.add(f"/search?{urlencode(spec)}")
    picked = rng.sample(statements, min(PAGES, len(statements)))
    return {
        "search": sorted(searches),
        "person": [f"/people/{p['id']}" for p in people],
        "statement": [f"/statements/{s['id']}" for s in picked],
        "article": [f"/articles/{a}" for a in articles],
        "home": ["/"],
        "exchanges": [f"/statements/{s['id']}/exchanges" for s in picked],
    }


async def _client(
    n: int,
    base: str,
    paths: dict[str, list[str]],
    until: float,
    record: list[tuple[str, float, int]],
) -> None:
    rng = random.Random(n)
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        turn = n
        while time.monotonic() < until:
            kind = KINDS[turn % len(KINDS)]
            path = rng.choice(paths[kind])
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


def spread(paths: list[str], each: int | None) -> list[str]:
    """``each`` of ``paths`` taken evenly along the list (it is sorted: its first or last
    ones alone would all be one kind of search)."""
    if each is None or each >= len(paths):
        return paths
    return [paths[i * len(paths) // each] for i in range(each)]


def _one_at_a_time(base: str, paths: dict[str, list[str]], each: int = 20) -> dict[str, Any]:
    """A few pages of each kind once, one request at a time, on an idle server (each
    page's first request, so nothing it needs is cached yet): what one analyst waits."""
    rows: list[tuple[str, float, int]] = []
    with httpx.Client(base_url=base, timeout=60) as client:
        for kind in (*KINDS, *IDLE_ONLY):
            for path in spread(paths[kind], each):
                started = time.perf_counter()
                status = client.get(path).status_code
                rows.append((kind, time.perf_counter() - started, status))
    kinds = (*KINDS, *IDLE_ONLY)
    return {kind: _summary([r for r in rows if r[0] == kind], None) for kind in kinds}


async def _load(
    base: str, paths: dict[str, list[str]], clients: int, seconds: float
) -> dict[str, Any]:
    record: list[tuple[str, float, int]] = []
    started = time.monotonic()
    until = started + seconds
    await asyncio.gather(*(_client(n, base, paths, until, record) for n in range(clients)))
    elapsed = time.monotonic() - started
    result = _summary(record, elapsed)
    result["seconds"] = round(elapsed, 1)
    result["by_page"] = {
        kind: _summary([r for r in record if r[0] == kind], elapsed) for kind in KINDS
    }
    return result


def _total_cpu(processes: list[psutil.Process]) -> float:
    """User + system CPU seconds of ``processes`` so far (those gone are skipped)."""
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def _database_cpu_seconds() -> float:
    """CPU time of the PostgreSQL processes on this machine (0 when there are none)."""
    found = psutil.process_iter(["name"])
    return _total_cpu([p for p in found if p.info["name"] in ("postgres", "postmaster")])


def _cpu_seconds(pid: int) -> float:
    """CPU time of the server and its worker processes so far."""
    root = psutil.Process(pid)
    return _total_cpu([root, *root.children(recursive=True)])


def run(
    data_dir: str | Path = "../shared/bench",
    articles: int = 10_000,
    clients: int = 20,
    seconds: float = 30.0,
    workdir: str | Path | None = None,
    workers: int = 2,
    postgres: str | None = None,
    threads: int | None = None,
) -> dict[str, Any]:
    """Build or reuse the corpus, serve it, load it; returns the figures."""
    folder = Path(workdir or tempfile.mkdtemp(prefix="onrecord-web-load-"))
    folder.mkdir(parents=True, exist_ok=True)
    corpus = build_corpus(Path(data_dir), folder / f"web-{articles}.db", articles, postgres)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(corpus["db"], port, folder / "server.log", workers, threads)
    try:
        with httpx.Client(base_url=base, timeout=120) as client:
            paths = targets(client)
        baseline = _one_at_a_time(base, paths)
        cpu_before = _cpu_seconds(server.pid)
        clients_cpu_before = time.process_time()
        database_cpu_before = _database_cpu_seconds()
        load = asyncio.run(_load(base, paths, clients, seconds))
        clients_cpu = time.process_time() - clients_cpu_before
        database_cpu = _database_cpu_seconds() - database_cpu_before
        cpu = _cpu_seconds(server.pid) - cpu_before
        # The machine may be shared: the server's own CPU time per request says what the
        # pages cost whatever else runs, and so what two free cores would serve.
        load["server_cpu_seconds"] = round(cpu, 1)
        if load.get("requests"):
            per_request = 1000 * cpu / load["requests"]
            load["server_cpu_ms_per_request"] = round(per_request, 2)
            load["requests_per_second_on_2_free_cores"] = round(2000 / per_request, 1)
            # The clients run on the same cores: what they take is not the server's.
            load["clients_cpu_ms_per_request"] = round(1000 * clients_cpu / load["requests"], 2)
            if postgres:  # a local server's processes (backends that ended are not counted)
                per_query = 1000 * database_cpu / load["requests"]
                load["database_cpu_ms_per_request"] = round(per_query, 2)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    return {
        "corpus": corpus,
        "clients": clients,
        "server_workers": workers,
        "server_threads": threads,
        "distinct_pages": {kind: len(found) for kind, found in paths.items()},
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
    parser.add_argument("--workers", type=int, default=2, help="onrecord serve --workers")
    parser.add_argument("--threads", type=int, help="onrecord serve --threads (its default: 2)")
    parser.add_argument(
        "--postgres",
        help="a PostgreSQL server URL (postgresql://user@host:port): the corpus is built "
        "into its database onrecord_web_ARTICLES instead of a SQLite file",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 200 or not 1 <= args.seconds <= 600:
        parser.error("--clients must be 1–200 and --seconds 1–600")
    result = run(
        args.data,
        args.articles,
        args.clients,
        args.seconds,
        args.workdir,
        args.workers,
        args.postgres,
        args.threads,
    )
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")
    if result.get("errors"):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
