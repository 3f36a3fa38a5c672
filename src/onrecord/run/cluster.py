"""More than one machine: the per-article stages as Dask tasks, staged as Parquet.

    options = IngestOptions(scheduler="tcp://host:8786", stage=Path("stage"))
    for item in ingest(paths, options, engine="dask"):
        ...  # the same items, in the same order, as inline; a LocalCluster if no scheduler

For each chunk of inputs the client submits two tasks: ``prepare_signed`` (decode, clean,
metadata and the MinHash signature of each body) and ``extract_chunk`` (extraction of
attributions and named people, then Parquet encoding). Between them, the client settles
duplicates and inputs already stored, in input order (``onrecord.run.pipeline.settle``),
so canonical copies are the same as in one process. Both tasks take their inputs as
data, not as the result of another task: the scheduler then gives each to whichever
worker is free, instead of to the one that prepared the chunk (which left workers idle
at the end of a run). Preparing goes first (``priority``), so the next chunks never
wait behind extraction; at most ``3 ×`` (threads in the cluster) chunks are in flight.

Each chunk becomes one part of the Parquet datasets in the stage folder
(``onrecord.run.stage``: articles, attributions, mentions, problems), which the client then
reads back, in input order, into ``Article`` records for the store. The part key is a
hash of what decides the part's content (inputs, article ids, duplicate links, model):
a part already staged is loaded, not computed again.

Workers send Parquet bytes back to the client, which writes the files, so the stage
folder need only be on the client's machine. A worker that dies is replaced by its
nanny and the scheduler reruns its tasks (up to ``distributed.scheduler.allowed-failures``
times); a chunk that still fails is reported as problems and not stored, so the next run
picks its inputs up again.

DOCS: docs/scale.md
"""

from __future__ import annotations

import hashlib
import logging
from collections import deque
from collections.abc import Container, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import dask
from distributed import Client, Future, LocalCluster, wait

from onrecord.ingest import RawDocument
from onrecord.model import Article, Problem
from onrecord.run.options import IngestOptions
from onrecord.run.pipeline import (
    Deduplicating,
    DuplicateIndex,
    Signed,
    Summary,
    canonicals,
    extract_texts,
    extraction_inputs,
    placed,
    prepare_signed,
    settle,
)
from onrecord.run.pool import CHUNK, default_workers
from onrecord.run.stage import STAGE_VERSION, decode_part, encode_part, part_files, write_part
from onrecord.store import input_id_for

__all__ = ["cluster_client", "extract_chunk", "run_cluster", "warm_cluster"]

_TRIM = "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"

# The items of a chunk to stage, each with its place in the chunk: problems, and the
# articles still to do with their duplicate links settled.
Kept = list[tuple[int, Article | Problem]]


def extract_chunk(
    items: Kept, extract: bool, model: str | None, batch_size: int
) -> dict[str, bytes]:
    """Task: extract the chunk's articles and encode the part as Parquet."""
    if not extract:
        return encode_part([item for _, item in items], [position for position, _ in items])
    from onrecord.nlp import load_pipeline

    batch = [item for _, item in items]
    todo = extraction_inputs(batch)
    results = extract_texts(todo, load_pipeline(model), batch_size) if todo else []
    finished = [(items[index][0], item) for index, item in placed(batch, results)]
    return encode_part([item for _, item in finished], [position for position, _ in finished])


@dataclass
class _Chunk:
    """One chunk of inputs on its way through the cluster, in input order."""

    places: list[str]
    prepared: Future[Any] | None
    key: str | None = None
    written: Future[Any] | None = None
    failed: list[Problem] = field(default_factory=list)

    @property
    def settled(self) -> bool:
        return self.key is not None or bool(self.failed)

    @property
    def ready(self) -> bool:
        """Settled, and its part staged or on its way back."""
        if self.failed:
            return True
        if self.key is None:
            return False
        return self.written is None or bool(self.written.done())  # type: ignore[no-untyped-call]


class _Run:
    def __init__(
        self,
        client: Client,
        stage: Path,
        counts: Summary,
        *,
        extract: bool,
        model: str | None,
        batch_size: int,
        skip: Container[str],
        index: Deduplicating | None = None,
    ) -> None:
        self.client = client
        self.stage = stage
        self.counts = counts
        self.extract = extract
        self.model = model
        self.batch_size = batch_size
        self.skip = skip
        self.index = index if index is not None else DuplicateIndex()
        threads = sum(client.nthreads().values()) or 1  # type: ignore[no-untyped-call]
        self.in_flight = max(4, 3 * threads)
        self.chunk = min(batch_size, CHUNK)

    def run(self, inputs: Iterable[RawDocument | Problem]) -> Iterator[Article | Problem]:
        source = iter(inputs)
        pending: deque[_Chunk] = deque()
        more = True
        while more or pending:
            while more and len(pending) < self.in_flight:
                documents = list(islice(source, self.chunk))
                if not documents:
                    more = False
                    break
                pending.append(self._submit(documents))
            for chunk in pending:  # settle in input order, as far as preparation has come
                if chunk.settled:
                    continue
                assert chunk.prepared is not None
                if not chunk.prepared.done():  # type: ignore[no-untyped-call]
                    break
                self._settle(chunk)
            head = pending[0] if pending else None
            if head is None:
                continue
            if head.ready:
                pending.popleft()
                yield from self._load(head)
                continue
            waiting = [head.written] if head.written is not None else []
            waiting += [c.prepared for c in pending if c.prepared is not None][:1]
            wait(waiting, return_when="FIRST_COMPLETED")  # type: ignore[no-untyped-call]

    def _submit(self, chunk: list[RawDocument | Problem]) -> _Chunk:
        # Higher priority than extraction: preparing is quick, and the chunk cannot be
        # settled, nor its extraction start, until it is done.
        prepared = self.client.submit(prepare_signed, chunk, pure=False, priority=1)
        return _Chunk([item.where for item in chunk], prepared)

    def _settle(self, chunk: _Chunk) -> None:
        """Link duplicates and drop inputs already stored, then send the chunk to be
        extracted. The articles go as data, not as a reference to the worker that
        prepared them, so the scheduler gives the task to whichever worker is free."""
        assert chunk.prepared is not None
        try:
            prepared: Signed = chunk.prepared.result()
        except Exception as exc:
            chunk.failed = [Problem(p, _cluster_failure(exc)) for p in chunk.places]
            return
        finally:
            chunk.prepared = None
        kept: Kept = []
        found = iter(canonicals(self.index, prepared))  # one lookup for the chunk
        for position, (item, _) in enumerate(prepared):
            if isinstance(item, Article):
                id_ = input_id_for(item)
                settled = settle(next(found), id_, self.counts, self.skip, item.language)
                if not settled.keep:
                    continue
                item.duplicate_of = settled.duplicate_of
            kept.append((position, item))
        chunk.key = self._part_key(kept)
        if all(path.exists() for path in part_files(self.stage, chunk.key).values()):
            return  # staged by an earlier run that stopped before storing it
        chunk.written = self.client.submit(
            extract_chunk, kept, self.extract, self.model, self.batch_size, pure=False, retries=1
        )

    def _part_key(self, kept: Kept) -> str:
        """A name for the part from what decides its content: the model, whether it is
        extracted, and each item kept (input, article id, duplicate link)."""
        digest = hashlib.sha256(f"{STAGE_VERSION}|{self.model}|{self.extract}".encode())
        for position, item in kept:
            if isinstance(item, Problem):
                digest.update(f"|{position}\x1f{item.where}\x1f{item.reason}".encode())
            else:
                link = item.duplicate_of or ""
                digest.update(
                    f"|{position}\x1f{input_id_for(item)}\x1f{item.id}\x1f{link}".encode()
                )
        return digest.hexdigest()[:24]

    def _load(self, chunk: _Chunk) -> Iterator[Article | Problem]:
        """Write the part the cluster sent back (if any), then read it into records."""
        if chunk.key is not None:
            files = part_files(self.stage, chunk.key)
            try:
                if chunk.written is not None:
                    write_part(files, chunk.written.result())
            except Exception as exc:
                chunk.failed = [Problem(p, _cluster_failure(exc)) for p in chunk.places]
        if chunk.failed:
            for problem in chunk.failed:
                self.counts.skip(problem)
            yield from chunk.failed
            return
        failed: set[int] = set()
        for position, item in decode_part(files):
            if isinstance(item, Problem):
                self.counts.skip(item)
                failed.add(position)
            elif self.extract and item.duplicate_of is None and position not in failed:
                self.counts.extracted += 1
                self.counts.attributions += len(item.attributions)
            yield item


def _cluster_failure(exc: BaseException) -> str:
    return (
        f"not processed: the cluster failed on its chunk ({type(exc).__name__}: {exc}); "
        "run the job again to retry it"
    )


@contextmanager
def cluster_client(scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client of the cluster at ``scheduler``, or of a ``LocalCluster`` started for the
    run with ``workers`` processes of one thread each (the parser is single-threaded,
    and processes keep one worker's memory away from another's).

    The local workers run without the ``MALLOC_TRIM_THRESHOLD_=65536`` Dask's nanny sets
    by default: parsing allocates and frees many small blocks, and returning memory to
    the system that eagerly made every worker 15-30 % slower here (docs/scale.md). Memory
    stays bounded by glibc's own adaptive threshold."""
    if scheduler:
        with Client(scheduler) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    with (
        dask.config.set({_TRIM: None}),
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers or default_workers(),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        yield client


def _load_pipeline(model: str | None) -> None:
    from onrecord.nlp import load_pipeline

    load_pipeline(model)


def warm_cluster(client: Client, model: str | None = None) -> None:
    """Load the pipeline on every worker at once, not on each one's first task."""
    client.run(_load_pipeline, model, on_error="ignore")


def run_cluster(
    documents: Iterable[RawDocument | Problem],
    options: IngestOptions,
    counts: Summary,
    skip: Container[str] = frozenset(),
    index: Deduplicating | None = None,
) -> Iterator[Article | Problem]:
    """The dask engine, staging each chunk as Parquet under ``options.stage`` (default
    ``onrecord-stage``). With ``options.client`` that client is used; else one is made
    for the run from ``options.scheduler`` (or a ``LocalCluster`` of ``options.workers``
    processes) and closed after it."""
    stage = options.stage or Path("onrecord-stage")
    stage.mkdir(parents=True, exist_ok=True)
    if options.client is not None:
        yield from _run(options.client, stage, counts, documents, options, skip, index)
        return
    with cluster_client(options.scheduler, options.workers) as own:
        yield from _run(own, stage, counts, documents, options, skip, index)


def _run(
    client: Client,
    stage: Path,
    counts: Summary,
    inputs: Iterable[RawDocument | Problem],
    options: IngestOptions,
    skip: Container[str],
    index: Deduplicating | None,
) -> Iterator[Article | Problem]:
    if options.extract:
        warm_cluster(client, options.model)
    run = _Run(
        client,
        stage,
        counts,
        extract=options.extract,
        model=options.model,
        batch_size=options.batch_size,
        skip=skip,
        index=index,
    )
    yield from run.run(inputs)
