"""``ingest``: the one entry point of an ingestion run, whatever engine runs it.

    for item in ingest(paths, IngestOptions(workers=4), engine="processes"):
        ...  # each input's Article (with attributions) or the Problem saying why not

Every engine yields the same items in the same order. ``inline`` runs every stage in
this process; ``processes`` spreads them over a pool on this machine
(``onrecord.run.pool``); ``dask`` over a Dask cluster (``onrecord.run.cluster``). The
inputs are read here, once, by ``onrecord.ingest.read_inputs``.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator
from pathlib import Path
from typing import Any

from onrecord.ingest import read_inputs
from onrecord.model import Article, Problem
from onrecord.run.options import Engine, IngestOptions
from onrecord.run.pipeline import Deduplicating, run_inline
from onrecord.run.pool import run_pool
from onrecord.run.summary import Summary

__all__ = ["ingest", "ingest_dask", "ingest_parallel"]


def ingest(
    paths: Iterable[str | Path],
    options: IngestOptions | None = None,
    *,
    engine: Engine = "inline",
    summary: Summary | None = None,
    skip: Container[str] = frozenset(),
    index: Deduplicating | None = None,
    **settings: Any,
) -> Iterator[Article | Problem]:
    """Articles (attributions found, duplicates linked) and problems, in input order.

    ``settings`` change single fields of ``options`` (``ingest(paths, extract=False)``).
    Inputs whose id (``onrecord.store.input_id_for``) is in ``skip`` (already stored)
    are left out before extraction but still take part in deduplication. ``index`` is
    the near-duplicate index to check against: for a run into a corpus, the corpus's
    (``corpus.duplicates``, whose pending bodies ``store_articles(corpus, ...)`` then
    records with their articles); by default one in memory, for this run only.
    ``summary``, if given, is filled in as the run goes.
    """
    chosen = (options or IngestOptions()).with_settings(**settings)
    counts = summary if summary is not None else Summary()
    documents = read_inputs(paths, chosen.max_bytes)
    if engine == "inline":
        items = run_inline(documents, chosen, counts, skip, index)
    elif engine == "processes":
        items = run_pool(documents, chosen, counts, skip, index)
    elif engine == "dask":
        # Dask and distributed take a second to import: only for a cluster run.
        from onrecord.run.cluster import run_cluster

        items = run_cluster(documents, chosen, counts, skip, index)
    else:
        raise ValueError(f"unknown engine {engine!r}: inline, processes or dask")
    if not chosen.min_confidence:
        return items
    return _confident(items, chosen.min_confidence, counts)


def _confident(
    items: Iterator[Article | Problem], floor: float, counts: Summary
) -> Iterator[Article | Problem]:
    """Each article with only the attributions at least ``floor`` sure, counted so.
    Applied after the engines, so every engine keeps exactly the same ones."""
    for item in items:
        if isinstance(item, Article) and item.attributions:
            kept = [a for a in item.attributions if a.confidence >= floor]
            counts.attributions -= len(item.attributions) - len(kept)
            item.attributions = kept
        yield item


def ingest_parallel(
    paths: Iterable[str | Path],
    *,
    summary: Summary | None = None,
    skip: Container[str] = frozenset(),
    index: Deduplicating | None = None,
    **settings: Any,
) -> Iterator[Article | Problem]:
    """``ingest(paths, engine="processes")``, with ``IngestOptions`` fields as keywords."""
    return ingest(paths, engine="processes", summary=summary, skip=skip, index=index, **settings)


def ingest_dask(
    paths: Iterable[str | Path],
    *,
    summary: Summary | None = None,
    skip: Container[str] = frozenset(),
    index: Deduplicating | None = None,
    **settings: Any,
) -> Iterator[Article | Problem]:
    """``ingest(paths, engine="dask")``, with ``IngestOptions`` fields as keywords."""
    return ingest(paths, engine="dask", summary=summary, skip=skip, index=index, **settings)
