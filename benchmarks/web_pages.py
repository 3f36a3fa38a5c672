"""What each page of the web load mix costs in CPU, timed in one process.

    python benchmarks/web_pages.py --db CORPUS.db [--each N] [--profile KIND | --searches]
        [--wall]

Serves the app in-process (``TestClient``, no network, no other worker), draws the same
distinct pages as ``web_load.py`` (same seed; all of them, or ``--each`` spread over each
kind's list), and times each page's first request with
``time.process_time()``: what a page costs the server, whatever else the machine runs.
``--wall`` times it by the clock instead, for PostgreSQL, whose work runs in the
database server's processes (run it on an otherwise idle machine).
Per-version aggregates shared by every page (the topic filters' statements, the home
page) are warmed first; the page's own totals and facets are not. ``--profile KIND``
prints the cProfile of that kind's pages instead; ``--searches`` times the search pages
alone, grouped by the filters they use.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parent))

from onrecord.api import create_app
from web_load import KINDS, spread, targets

CLOCK = time.process_time  # ``--wall``: time.perf_counter


def time_pages(client: TestClient, paths: list[str]) -> list[float]:
    """Milliseconds of each page's request by ``CLOCK`` (each must answer 200)."""
    spent = []
    for path in paths:
        started = CLOCK()
        status = client.get(path).status_code
        spent.append(1000 * (CLOCK() - started))
        if status != 200:
            raise SystemExit(f"{path}: {status}")
    return spent


def _profiled(profiler: cProfile.Profile) -> None:
    """Profiles what FastAPI runs in its worker threads (the routes and dependencies),
    which a profiler of the calling thread would not see."""
    import fastapi.routing
    from starlette.concurrency import run_in_threadpool

    def call(func: Any, *args: Any, **kwargs: Any) -> Any:
        profiler.enable()
        try:
            return func(*args, **kwargs)
        finally:
            profiler.disable()

    async def in_threadpool(func: Any, *args: Any, **kwargs: Any) -> Any:
        return await run_in_threadpool(call, func, *args, **kwargs)

    fastapi.routing.run_in_threadpool = in_threadpool  # type: ignore[assignment]


def by_filters(paths: list[str], spent: list[float]) -> dict[str, dict[str, float]]:
    """Search pages' CPU grouped by the filters they use (``about&act``, ``q``, ...),
    costliest first."""
    groups: dict[str, list[float]] = {}
    for path, ms in zip(paths, spent, strict=True):
        query = path.partition("?")[2]
        key = "&".join(sorted(part.partition("=")[0] for part in query.split("&")))
        groups.setdefault(key, []).append(ms)
    ranked = sorted(groups.items(), key=lambda item: -sum(item[1]))
    return {
        key: {"pages": len(found), "mean_ms": round(statistics.mean(found), 1)}
        for key, found in ranked
    }


def run(
    db: str, each: int | None, profile: str | None = None, searches: bool = False
) -> dict[str, Any]:
    with TestClient(create_app(db)) as client:
        paths = targets(client)
        client.get("/")  # warm what every page shares
        client.get("/search?topic=elections")
        if searches:
            chosen = spread(paths["search"], each)
            return by_filters(chosen, time_pages(client, chosen))
        if profile:
            profiler = cProfile.Profile()
            _profiled(profiler)
            time_pages(client, spread(paths[profile], each))
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(45)
            stats.sort_stats("tottime").print_stats(25)
            return {}
        result = {}
        for kind in KINDS:
            spent = time_pages(client, spread(paths[kind], each))
            result[kind] = {
                "pages": len(spent),
                "mean_ms": round(statistics.mean(spent), 2),
                "median_ms": round(statistics.median(spent), 2),
                "p95_ms": round(sorted(spent)[int(0.95 * (len(spent) - 1))], 2),
            }
        mix = [result[k]["mean_ms"] for k in KINDS]
        result["mix_mean_ms"] = round(statistics.mean(mix), 2)
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--each", type=int, help="pages of each kind (default: all)")
    parser.add_argument("--profile", choices=KINDS)
    parser.add_argument(
        "--searches", action="store_true", help="search pages only, grouped by their filters"
    )
    parser.add_argument(
        "--wall", action="store_true", help="time by the clock, not this process's CPU"
    )
    args = parser.parse_args()
    if args.wall:
        global CLOCK
        CLOCK = time.perf_counter
    json.dump(run(args.db, args.each, args.profile, args.searches), sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
