"""``IngestOptions``: every setting of an ingestion run in one record, whatever runs it."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from spacy.language import Language


__all__ = ["DEFAULT_BATCH", "Engine", "IngestOptions"]

DEFAULT_BATCH = 32

# inline: this process; processes: a pool on this machine; dask: a Dask cluster.
Engine = Literal["inline", "processes", "dask"]


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """How to ingest: what to extract with, how big the batches are, where to run.

    ``nlp`` (a loaded pipeline) is used by the inline engine only; the others load
    ``model`` in each worker. ``workers`` is the pool's or the local cluster's size
    (default: every core). ``scheduler``, ``stage`` and ``client`` are for Dask: the
    cluster to use (else a local one), the folder for Parquet parts, or a client the
    caller already has. ``min_confidence`` leaves out attributions less likely to be
    right than that (their ``confidence`` is a calibrated probability).
    """

    extract: bool = True
    model: str | None = None
    nlp: Language | None = None
    batch_size: int = DEFAULT_BATCH
    max_bytes: int | None = None
    workers: int | None = None
    scheduler: str | None = None
    stage: Path | None = None
    client: Any = None
    min_confidence: float | None = None  # attributions less sure than this are left out

    def with_settings(self, **settings: Any) -> IngestOptions:
        """A copy with the named settings changed; an unknown name is a ``TypeError``
        (as a misspelt keyword argument would be)."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(settings) - known)
        if unknown:
            raise TypeError(f"unknown ingest setting(s): {', '.join(unknown)}")
        return replace(self, **settings) if settings else self
