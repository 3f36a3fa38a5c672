"""Every core of one machine: the per-document stages in a pool of worker processes.

    for item in ingest(paths, IngestOptions(workers=4), engine="processes"):
        ...

The main process reads the inputs and sends them, a chunk at a time, to a
``ProcessPoolExecutor``. A worker prepares each document (decode, clean, metadata) and
computes the MinHash signature of its body; the main process then settles duplicates and
inputs already stored, in input order (``onrecord.run.pipeline.settle``), and sends
the body masks of the articles left to a worker, which parses them with ``nlp.pipe``
(each worker loads the spaCy pipeline once, in its initializer) and returns only the
attributions and named people. Results are put back in input order, so the output, and
the corpus built from it, is the same as with one process.

Memory stays bounded whatever the corpus size: inputs are streamed, and at most
``3 × workers`` chunks (of 8 documents) are in flight; the main process waits for the oldest before
reading more.

A worker that dies (killed, out of memory, a crash in native code) breaks the pool. The
runner starts a new pool and finishes the chunks that were in flight one at a time, so
a chunk that kills its worker again is known for certain; it is then split and each
document retried alone. A document that still kills its worker is recorded as a problem
(and, if it was already prepared, kept without attributions, as an extraction that
raised would be); the rest go on.

DOCS: docs/scale.md
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Container, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from functools import partial
from itertools import chain, islice
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from onrecord.ingest import RawDocument
from onrecord.model import Article, Problem, note
from onrecord.run.options import IngestOptions
from onrecord.run.pipeline import (
    DEFAULT_BATCH,
    Deduplicating,
    DuplicateIndex,
    Extractable,
    Signed,
    Summary,
    canonicals,
    extract_texts,
    extraction_inputs,
    merge,
    prepare_signed,
    run_inline,
    settle,
)
from onrecord.run.workers import default_workers, die_with_parent, watch_parent
from onrecord.store import input_id_for

if TYPE_CHECKING:
    from spacy.language import Language

    from onrecord.article import Analysis

__all__ = ["WorkerPool", "default_workers", "run_pool"]

T = TypeVar("T")
Document = RawDocument | Problem
Results: TypeAlias = "list[Analysis | Problem]"
# Documents per task: small enough that the last chunks of a run spread over all the
# workers, large enough that the cost of a task (about a millisecond) is nothing next to
# parsing (about 150 ms an article). ``batch_size`` still caps it.
CHUNK = 8
# A chunk that kills its worker this many times running alone is split; a document that
# does it this many times alone is given up on.
SOLO_TRIES = 2
# Consecutive pool restarts with no task finished in between, after which the runner
# stops: workers that cannot even start would otherwise be restarted for ever.
MAX_RESTARTS = 8

_worker_nlp: Language | None = None
_worker_error: Exception | None = None


def _start_worker(model: str | None, extract: bool, parent: int) -> None:
    """Pool initializer: die with the parent, and load the pipeline once per worker."""
    global _worker_nlp, _worker_error
    die_with_parent()
    threading.Thread(target=watch_parent, args=(parent,), daemon=True).start()
    if not extract:
        return
    from onrecord.nlp import load_pipeline

    try:
        _worker_nlp = load_pipeline(model)
    except Exception as exc:  # raised by each task instead: an initializer that raises
        _worker_error = exc  # breaks the pool, which would look like a crashed worker


def extract_in_worker(texts: list[Extractable], batch_size: int) -> Results:
    """Task: attributions for each ``(where, body mask)``, with the worker's pipeline."""
    if _worker_error is not None:
        raise _worker_error
    assert _worker_nlp is not None, "worker started without its initializer"
    return extract_texts(texts, _worker_nlp, batch_size)


def _context() -> multiprocessing.context.BaseContext:
    """forkserver where there is one (workers fork from a clean server process that has
    imported spaCy once), spawn elsewhere; never plain fork, which copies the parent's
    threads and open database connections."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["onrecord.run.pool"])
        return context
    return multiprocessing.get_context("spawn")


@dataclass
class _Job:
    """One chunk of inputs on its way through the pool, in input order."""

    documents: list[Document]
    prepared: Future[Signed]
    batch: list[Article | Problem] | None = None  # set once settled
    texts: list[Extractable] | None = None
    extracted: Future[Results] | None = None


def _ok(future: Future[Any] | None) -> bool:
    return (
        future is not None
        and future.done()
        and not future.cancelled()
        and future.exception() is None
    )


class WorkerPool:
    """A pool of worker processes fed in input order with a bounded window of chunks."""

    def __init__(
        self,
        workers: int,
        model: str | None = None,
        *,
        extract: bool = True,
        batch_size: int = DEFAULT_BATCH,
        in_flight: int | None = None,
    ) -> None:
        self.workers = workers
        self.model = model
        self.extract = extract
        self.batch_size = batch_size
        self.chunk = min(batch_size, CHUNK)
        self.in_flight = in_flight or 3 * workers
        self.restarts = 0
        self._restarts_in_row = 0
        self._executor = self._new_executor()

    def _new_executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=_context(),
            initializer=_start_worker,
            initargs=(self.model, self.extract, os.getpid()),
        )

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close(cancel=kind is not None)

    def close(self, cancel: bool = False) -> None:
        self._executor.shutdown(wait=True, cancel_futures=cancel)

    def start(self) -> None:
        """Start every worker now (each loads the pipeline), not on the first chunks."""
        hold = [self._executor.submit(time.sleep, 0.2) for _ in range(self.workers)]
        for future in hold:
            future.result()

    def call(self, task: Callable[..., T], *args: Any) -> T:
        """Run ``task(*args)`` in one of the workers and return its result (for checks of
        the workers' own state, such as ``parent_death_signal``)."""
        return self._executor.submit(task, *args).result()

    def worker_pids(self) -> list[int]:
        """Process ids of the live workers (for monitoring, and for tests that kill one)."""
        processes = getattr(self._executor, "_processes", None) or {}
        return [p.pid for p in processes.values() if p.is_alive()]

    def run(
        self,
        documents: Iterable[Document],
        counts: Summary,
        skip: Container[str] = frozenset(),
        index: Deduplicating | None = None,
    ) -> Iterator[Article | Problem]:
        """Every article and problem, in input order, with attributions filled in.
        ``index``: the corpus's (``corpus.duplicates``), else one in memory for the run."""
        self.index = index if index is not None else DuplicateIndex()
        self._counts = counts
        self._skip = skip
        source = iter(documents)
        window: deque[_Job] = deque()
        while chunk := list(islice(source, self.chunk)):
            window.append(_Job(chunk, self._submit(prepare_signed, chunk)))
            self._advance(window)
            while len(window) >= self.in_flight or (window and _done(window[0])):
                yield from self._finish(window.popleft(), window)
        while window:
            yield from self._finish(window.popleft(), window)

    def _submit(self, task: Callable[..., T], *args: Any) -> Future[T]:
        try:
            return self._executor.submit(task, *args)
        except BrokenProcessPool as exc:  # the pool broke since the last result was read
            failed: Future[T] = Future()
            failed.set_exception(exc)
            return failed

    def _advance(self, jobs: Iterable[_Job]) -> None:
        """Settle, in input order, every chunk whose preparation has come back, and send
        its articles to be extracted."""
        for job in jobs:
            if job.batch is None:
                if not _ok(job.prepared):
                    return
                self._settle(job, job.prepared.result())
                if job.texts:
                    job.extracted = self._submit(self._extract_task(), job.texts)

    def _settle(self, job: _Job, prepared: Signed) -> None:
        batch: list[Article | Problem] = []
        found = iter(canonicals(self.index, prepared))  # one lookup for the chunk
        for item, _ in prepared:
            if isinstance(item, Problem):
                self._counts.skip(item)
                batch.append(item)
                continue
            id_ = input_id_for(item)
            settled = settle(next(found), id_, self._counts, self._skip, item.language)
            if settled.keep:
                item.duplicate_of = settled.duplicate_of
                batch.append(item)
        job.batch = batch
        job.texts = extraction_inputs(batch) if self.extract else []

    def _extract_task(self) -> Callable[[list[Extractable]], Results]:
        return partial(extract_in_worker, batch_size=self.batch_size)

    def _wait(self, head: _Job, window: deque[_Job]) -> None:
        """Wait for the oldest chunk, settling the others as their preparation comes back,
        so the workers never sit idle behind it."""
        jobs = [head, *window]
        while True:
            self._advance(jobs)
            current = head.prepared if head.batch is None else head.extracted
            if current is None or current.done():
                return
            later = [j.prepared for j in window if j.batch is None and not j.prepared.done()]
            pending: list[Future[Any]] = [current, *later[:1]]
            wait(pending, return_when=FIRST_COMPLETED)

    def _finish(self, job: _Job, window: deque[_Job]) -> Iterator[Article | Problem]:
        self._wait(job, window)
        try:
            if job.batch is None:
                job.prepared.result()  # raises what broke it
            results = job.extracted.result() if job.extracted is not None else []
            self._restarts_in_row = 0
        except BrokenProcessPool:
            results = self._recover(job, window)
        assert job.batch is not None
        yield from merge(job.batch, results, self._counts) if self.extract else job.batch

    def _recover(self, head: _Job, window: deque[_Job]) -> Results:
        """A worker died: start a new pool and finish every chunk in flight, in order, one
        task at a time. Returns the oldest chunk's results."""
        self._restart()
        for job in [head, *window]:
            if job.batch is None:
                prepared = job.prepared.result() if _ok(job.prepared) else None
                self._settle(job, prepared or self._alone(prepare_signed, job.documents))
            if job.texts and not _ok(job.extracted):
                job.extracted = _resolved(self._alone(self._extract_task(), job.texts))
        return head.extracted.result() if head.extracted is not None else []

    def _restart(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
        if self._restarts_in_row >= MAX_RESTARTS:
            raise RuntimeError(
                f"worker processes died {MAX_RESTARTS} times running without finishing a "
                "task; is the machine out of memory?"
            )
        self._executor = self._new_executor()
        self.restarts += 1
        self._restarts_in_row += 1

    def _alone(self, task: Callable[[list[Any]], list[T]], items: list[Any]) -> list[T]:
        """Run ``task`` over ``items`` with nothing else in the pool; split on repeated
        deaths, and give up on a single item with a problem in its place."""
        for _ in range(SOLO_TRIES):
            try:
                done = self._executor.submit(task, items).result()
                self._restarts_in_row = 0
                return done
            except BrokenProcessPool:
                self._restart()
        if len(items) > 1:
            return [result for item in items for result in self._alone(task, [item])]
        reason = f"the worker process died on it {SOLO_TRIES} times"
        if task is prepare_signed:
            return [(Problem(items[0].where, reason), None)]  # type: ignore[list-item]
        # the article is kept without attributions, as after an extraction that raised
        return [note(items[0][0], f"without attributions: {reason}")]  # type: ignore[list-item]


def _resolved(value: T) -> Future[T]:
    future: Future[T] = Future()
    future.set_result(value)
    return future


def _done(job: _Job) -> bool:
    if job.batch is None:
        return False
    return job.extracted is None or job.extracted.done()


def run_pool(
    documents: Iterable[Document],
    options: IngestOptions,
    counts: Summary,
    skip: Container[str] = frozenset(),
    index: Deduplicating | None = None,
) -> Iterator[Article | Problem]:
    """The processes engine: the per-document work spread over ``options.workers``
    processes (default: every core). One worker, or inputs that fit in one batch (not
    worth starting a pool for), run in this process with the pipeline loaded once."""
    count = options.workers or default_workers()
    source = iter(documents)
    first = list(islice(source, options.batch_size + 1))
    if count <= 1 or len(first) <= options.batch_size:
        if options.extract and options.nlp is None:
            from onrecord.nlp import load_pipeline

            options = replace(options, nlp=load_pipeline(options.model))
        yield from run_inline(chain(first, source), options, counts, skip, index)
        return
    with WorkerPool(
        count, options.model, extract=options.extract, batch_size=options.batch_size
    ) as pool:
        yield from pool.run(chain(first, source), counts, skip, index)
