"""One set of BLAS kernels on every machine that trains.

OpenBLAS picks its kernels by CPU when it loads. With AVX-512 it sums a dot product in
another order than with AVX2 alone, and scikit-learn's liblinear solver (which reaches
OpenBLAS through SciPy) then ends on weights that differ in the fourth decimal: on an
AMD EPYC machine `make train` wrote other `cue_model.json`, `cue_span.json` and
`judge.json` files than the machine that built the shipped ones. With the Haswell
kernels (AVX2, which every x86_64 CPU of the last decade has) pinned, both machines
write the same bytes.
"""

from __future__ import annotations

import os
import platform
import sys

VARIABLE = "OPENBLAS_CORETYPE"
CORE = "Haswell"


def kernels_pinned() -> bool:
    """Whether this process loaded OpenBLAS with the pinned kernels (or is not x86_64,
    where the Haswell kernels do not exist and the question does not arise)."""
    return platform.machine().lower() not in ("x86_64", "amd64") or os.environ.get(VARIABLE) == CORE


def rerun_pinned(module: str, argv: list[str]) -> None:
    """Run ``python -m module argv`` again in this process's place with the kernels
    pinned; the variable must be set before OpenBLAS loads, so it cannot be set here."""
    environment = {**os.environ, VARIABLE: CORE}
    os.execve(sys.executable, [sys.executable, "-m", module, *argv], environment)
