"""Running the stages: one process, a pool of worker processes, or a Dask cluster.

``ingest(paths, IngestOptions(...), engine=...)`` is the one entry point; every engine
(``inline``, ``processes``, ``dask``) yields the same items in the same order: each
input's ``Article`` with its attributions, or a ``Problem`` saying why it could not be
used. ``ingest_parallel`` and ``ingest_dask`` are the same call with the engine fixed.
"""

from __future__ import annotations

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
