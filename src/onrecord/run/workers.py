"""Worker processes' plumbing: how many to start, and making sure they die with their parent."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import time

__all__ = ["default_workers", "die_with_parent", "parent_death_signal", "watch_parent"]

# prctl options (linux/prctl.h)
PR_SET_PDEATHSIG = 1
PR_GET_PDEATHSIG = 2


def default_workers() -> int:
    """The cores this process may use (its CPU affinity, not the machine's count)."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+
    count = counter() if counter is not None else None
    if count is None and hasattr(os, "sched_getaffinity"):
        count = len(os.sched_getaffinity(0))
    return max(1, count or os.cpu_count() or 1)


def die_with_parent() -> None:
    """Ask Linux to kill this process the moment its parent exits (``PR_SET_PDEATHSIG``):
    whatever the caller does, a killed or crashed parent never leaves workers behind
    holding a pipeline in memory. A worker's parent is the forkserver, which exits as
    soon as the process that started it is gone. Elsewhere ``watch_parent`` does it by polling.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no libc prctl (a static or unusual build)
        return
    if os.getppid() == 1:  # the parent died before the call: nothing will signal us
        os._exit(1)


def parent_death_signal() -> int:
    """The signal this process gets when its parent exits (0: none); for checks."""
    if not sys.platform.startswith("linux"):
        return 0
    value = ctypes.c_int(0)
    ctypes.CDLL(None).prctl(PR_GET_PDEATHSIG, ctypes.byref(value), 0, 0, 0)
    return value.value


def watch_parent(parent: int) -> None:
    """Exit when the process that drives the pool is gone (killed with SIGKILL, say): a
    worker waiting on its task queue holds that queue's writing end too, so it would
    never see it close, and would wait for ever with its pipeline in memory."""
    while True:
        time.sleep(1.0)
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:  # the id is in use by another user's process: gone too
            os._exit(1)
