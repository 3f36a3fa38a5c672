"""The main process of ``onrecord ingest`` keeps a bounded footprint: its peak resident
memory after 20,000 articles is that after 5,000, within a few megabytes.

The articles are PolNeAR train texts (read at test time from the shared benchmark
folder), cut to their first 700 characters and replayed with a line of their own, so
every copy has its own article id and input id and is stored as its own article. The
run uses two worker processes and ``--no-extract``: parsing happens in the workers, never
in the main process, so it would not change what is measured here, and it would add
some ten minutes on two cores. The near-duplicate index grows with the
number of distinct bodies (about 15 KB each, see docs/scale.md); the replays are copies
of the same 840 texts, so it is the same size in both runs and the difference measures
everything else: streaming, the window of chunks in flight, the store writes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.scale.builders import polnear_texts

# What the main process may hold beyond the interpreter, spaCy's modules and the
# near-duplicate index, whatever the number of articles.
GROWTH_MB = 16
# Measured at 187-194 MB here, flat from 5,000 to 20,000 articles.
PEAK_MB = 384

# The peak is the kernel's high-water mark of the process's own memory (VmHWM), not
# getrusage's ru_maxrss: Linux carries ru_maxrss over fork and exec, so a command started
# from a big test process would report that process's size (it read 509 MB, then
# 1,267 MB, as the suite before it grew).
DRIVER = """
import sys
from onrecord.cli import main
sys.argv = ["onrecord", *sys.argv[1:]]
try:
    main()
except SystemExit as stop:
    assert not stop.code, stop.code
with open("/proc/self/status") as status:
    peak = next(line for line in status if line.startswith("VmHWM:"))
print("PEAK", peak.split()[1])
"""


def replay(out: Path, count: int) -> Path:
    texts = [p.read_text(encoding="utf-8")[:700] for p in polnear_texts()]
    with out.open("w", encoding="utf-8") as handle:
        for n in range(count):
            paragraphs = texts[n % len(texts)].split("\n\n")
            paragraphs.insert(1, f"This copy was filed as number {n} in the archive replay.")
            record = {"text": "\n\n".join(paragraphs), "url": f"https://example.org/story/{n}"}
            handle.write(json.dumps(record) + "\n")
    return out


def peak_mb(inputs: Path, db: Path) -> float:
    command = [sys.executable, "-c", DRIVER, "ingest", str(inputs), "--db", str(db)]
    command += ["--no-extract", "--workers", "2"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "0 already there" in done.stderr
    kilobytes = int(done.stdout.split("PEAK")[-1])
    return kilobytes / 1024


@pytest.mark.skipif(not polnear_texts(1), reason="PolNeAR texts not found under /work/shared")
def test_main_process_memory_does_not_grow_with_the_number_of_articles(tmp_path: Path) -> None:
    small = peak_mb(replay(tmp_path / "5k.jsonl", 5_000), tmp_path / "5k.db")
    large = peak_mb(replay(tmp_path / "20k.jsonl", 20_000), tmp_path / "20k.db")
    print(f"peak resident memory: {small:.0f} MB for 5,000, {large:.0f} MB for 20,000")
    assert large < PEAK_MB
    assert large - small < GROWTH_MB
