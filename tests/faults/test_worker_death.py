"""Pool workers die with their parent (issue 12, item 6): each has Linux's parent-death
signal set, and a parent killed with SIGKILL leaves no worker behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from onrecord.run.pool import WorkerPool
from onrecord.run.workers import parent_death_signal

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux prctl")

SRC = Path(__file__).resolve().parents[2] / "src"
DRIVER = """
import sys, time
from onrecord.run.pool import WorkerPool
pool = WorkerPool(2, extract=False)
pool.start()
print(" ".join(str(p) for p in pool.worker_pids()), flush=True)
time.sleep(600)
"""


def test_every_worker_has_the_parent_death_signal() -> None:
    with WorkerPool(2, extract=False) as pool:
        pool.start()
        signals = {pool.call(parent_death_signal) for _ in range(6)}
    assert signals == {signal.SIGKILL}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split(")")[-1].split()[0] != "Z"


def test_workers_die_when_their_parent_is_killed() -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    parent = subprocess.Popen(
        [sys.executable, "-c", DRIVER], stdout=subprocess.PIPE, text=True, env=env
    )
    assert parent.stdout is not None
    workers = [int(pid) for pid in parent.stdout.readline().split()]
    assert len(workers) == 2 and all(_alive(pid) for pid in workers)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers)
