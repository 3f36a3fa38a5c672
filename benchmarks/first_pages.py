"""What the first visitors wait for after ``onrecord serve`` starts.

    python benchmarks/first_pages.py --db CORPUS.db [--wait 10] [--rounds 2]

Starts ``onrecord serve --workers 2`` on a free loopback port (as ``web_load.py`` does),
waits ``--wait`` seconds as a server that has just started would before its first
visitors, then times a word search and then the home page on four new connections
(each may land on either worker). Repeated ``--rounds`` times, each with a fresh server.
Run it with ``PYTHONPATH`` pointing at another checkout's ``src`` to compare two versions
side by side.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web_load import _free_port, start_server

CONNECTIONS = 4


def _timed(base: str, path: str, **params: str) -> float:
    with httpx.Client(base_url=base, timeout=120) as client:
        started = time.perf_counter()
        status = client.get(path, params=params).status_code
        if status != 200:
            raise SystemExit(f"{path}: {status}")
        return round(1000 * (time.perf_counter() - started), 1)


def run(db: str, wait: float, rounds: int) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    log = Path(tempfile.mkdtemp(prefix="onrecord-first-pages-")) / "server.log"
    for _ in range(rounds):
        port = _free_port()
        server = start_server(db, port, log, workers=2)
        try:
            time.sleep(wait)
            base = f"http://127.0.0.1:{port}"
            search = _timed(base, "/search", q="elections")
            home = [_timed(base, "/") for _ in range(CONNECTIONS)]
            found.append({"first_search_ms": search, "home_ms": home})
        finally:
            server.terminate()
            server.wait(timeout=15)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--wait", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    json.dump(run(args.db, args.wait, args.rounds), sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
