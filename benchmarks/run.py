"""``make bench``: every benchmark, one after another, each printing its own figures.

Each benchmark is a script of its own in this folder (runnable alone; its docstring
says how, and ``docs/benchmarks.md`` has the figures); this runner only sequences them
and passes the data folder.
Speed figures are ratios measured side by side inside one benchmark run: the machines
here are shared and noisy, so absolute times are for orientation only.
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent


def sections(
    data: Path, postgres: str | None = None, workdir: Path | None = None
) -> list[tuple[str, list[str]]]:
    """Each benchmark's title and command line; ``workdir`` keeps the web load's corpus
    for the corrections timed on it after."""
    work = workdir or Path(tempfile.mkdtemp(prefix="onrecord-bench-"))
    on_postgres = (
        [
            (
                "Web app under load (PostgreSQL)",
                ["web_load.py", "--data", str(data), "--postgres", postgres],
            )
        ]
        if postgres
        else []
    )
    return [
        (
            "Attribution quality and speed (PolNeAR dev)",
            ["attribution_bench.py", "--data", str(data), "--cli"],
        ),
        (
            "Attribution confidence: calibration on PolNeAR dev",
            ["calibration_bench.py", "--data", str(data)],
        ),
        ("Attribution errors by class (PolNeAR dev)", ["error_analysis.py", "--data", str(data)]),
        (
            "About what: targets, acts, topics (hand-checked set)",
            ["about_bench.py", "--data", str(data), "--part", "held-out", "--speed"],
        ),
        (
            "Stance toward a target (NewsMTSC dev), both models",
            ["stance_bench.py", "--data", str(data)],
        ),
        (
            "Exchanges: who answered whom (hand-checked set)",
            ["exchanges_bench.py", "--data", str(data), "--part", "held-out"],
        ),
        ("HTML body extraction (hand-checked fixture pages)", ["html_bench.py"]),
        ("HTML body extraction (aeb-dev, all 78 pages)", ["aeb_bench.py", "--data", str(data)]),
        ("Corpus store (SQLite)", ["store_bench.py", "--data", str(data)]),
        # 20 batches of 1,000; the full run is --target 200000 (hours, not minutes).
        ("Growing corpus (SQLite)", ["growth_bench.py", "--target", "20000"]),
        ("Near-duplicates in memory and in the store", ["dedup_bench.py", "--articles", "5000"]),
        ("Scale-out (process pool, Dask)", ["scale_bench.py", "--data", str(data)]),
        ("Web app under load", ["web_load.py", "--data", str(data), "--workdir", str(work)]),
        (
            "Corrections at 10,000 articles (the web load's corpus)",
            ["corrections_bench.py", "--db", str(work / "web-10000.db"), "--rounds", "3"],
        ),
        (
            "Corrections at 10,000 articles, each an `onrecord people` command",
            ["corrections_bench.py", "--db", str(work / "web-10000.db"), "--rounds", "2", "--cli"],
        ),
        *on_postgres,
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/bench"))
    parser.add_argument(
        "--only", nargs="*", help="run only sections whose script name contains one of these"
    )
    parser.add_argument(
        "--postgres",
        help="a PostgreSQL server URL: also run the benchmarks that take one against it",
    )
    args = parser.parse_args()
    memory = psutil.virtual_memory().total / 2**30
    print(
        f"machine: {platform.processor() or platform.machine()}, {psutil.cpu_count()} cores, "
        f"{memory:.0f} GiB, Python {platform.python_version()}"
    )
    failures = 0
    for title, (script, *script_args) in sections(args.data, args.postgres):
        if args.only and not any(part in script for part in args.only):
            continue
        path = HERE / script
        print(f"\n## {title}\n", flush=True)
        if not path.exists():
            print(f"(not built yet: {script})")
            continue
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(path), *script_args], check=False)
        print(f"\n({script} took {time.perf_counter() - started:.0f} s)", flush=True)
        failures += result.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
