"""Running the stages: one process, a pool of worker processes, or a Dask cluster.

``ingest(paths, IngestOptions(...), engine=...)`` is the one entry point; every engine
(``inline``, ``processes``, ``dask``) yields the same items in the same order: each
input's ``Article`` with its attributions, or a ``Problem`` saying why it could not be
used. ``ingest_parallel`` and ``ingest_dask`` are the same call with the engine fixed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from onrecord.run.entry import ingest, ingest_dask, ingest_parallel
    from onrecord.run.options import DEFAULT_BATCH, Engine, IngestOptions
    from onrecord.run.pool import default_workers
    from onrecord.run.prepare import CapturedArticle
    from onrecord.run.summary import Summary

__all__ = [
    "DEFAULT_BATCH",
    "CapturedArticle",
    "Engine",
    "IngestOptions",
    "Summary",
    "default_workers",
    "ingest",
    "ingest_dask",
    "ingest_parallel",
]

# Where each name lives. They load on first use: ``entry`` brings the cleaner and the
# store, which ``onrecord extract`` (through ``onrecord.run.pieces``) never needs.
_HOMES = {
    "ingest": "onrecord.run.entry",
    "ingest_dask": "onrecord.run.entry",
    "ingest_parallel": "onrecord.run.entry",
    "DEFAULT_BATCH": "onrecord.run.options",
    "Engine": "onrecord.run.options",
    "IngestOptions": "onrecord.run.options",
    "default_workers": "onrecord.run.pool",
    "CapturedArticle": "onrecord.run.prepare",
    "Summary": "onrecord.run.summary",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'onrecord.run' has no attribute {name!r}")
