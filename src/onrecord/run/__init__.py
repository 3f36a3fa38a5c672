"""Running the stages: one process, a pool of worker processes, or a Dask cluster.

``ingest`` (one process), ``ingest_parallel`` (every core) and ``ingest_dask`` (a cluster)
yield the same items in the same order: each input's ``Article`` with its attributions,
or a ``Problem`` saying why it could not be used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from onrecord.run.pipeline import DEFAULT_BATCH, CapturedArticle, Summary, ingest
from onrecord.run.pool import default_workers, ingest_parallel

if TYPE_CHECKING:
    from onrecord.run.cluster import ingest_dask

__all__ = [
    "DEFAULT_BATCH",
    "CapturedArticle",
    "Summary",
    "default_workers",
    "ingest",
    "ingest_dask",
    "ingest_parallel",
]


def __getattr__(name: str) -> Any:
    # Dask and distributed take a second to import; load them only for a cluster run.
    if name == "ingest_dask":
        from onrecord.run.cluster import ingest_dask

        return ingest_dask
    raise AttributeError(f"module 'onrecord.run' has no attribute {name!r}")
