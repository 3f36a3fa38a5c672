"""`make train` pins OpenBLAS's kernels, so the shipped models are the same bytes on
every x86_64 machine (`onrecord/extract/training/kernels.py`)."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import sys
from onrecord.extract.training.kernels import kernels_pinned, rerun_pinned
if not kernels_pinned():
    rerun_pinned("probe", sys.argv[1:])
import numpy, threadpoolctl
pools = threadpoolctl.threadpool_info()
kinds = {i["architecture"] for i in pools if i["internal_api"] == "openblas"}
print(",".join(sorted(kinds)), *sys.argv[1:])
"""


@pytest.mark.skipif(platform.machine().lower() not in ("x86_64", "amd64"), reason="x86_64 only")
def test_a_training_run_restarts_itself_with_the_haswell_kernels(tmp_path: Path) -> None:
    (tmp_path / "probe.py").write_text(PROBE, encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if k != "OPENBLAS_CORETYPE"}
    environment["PYTHONPATH"] = os.pathsep.join([str(tmp_path), *sys.path])
    done = subprocess.run(
        [sys.executable, "-m", "probe", "--data", "x"],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    # the arguments survive the restart, and OpenBLAS loaded with the pinned kernels
    assert done.stdout.split() == ["Haswell", "--data", "x"]


def test_make_train_pins_the_kernels() -> None:
    makefile = (Path(__file__).parents[2] / "Makefile").read_text(encoding="utf-8")
    assert "train: export OPENBLAS_CORETYPE = Haswell" in makefile
