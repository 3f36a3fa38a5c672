"""``onrecord relink`` on a Dask cluster: the block groups linked as tasks.

A full relink has three steps (``onrecord.store.linkstore``): rebuild the link index,
link every block group, then drop what nothing points to and recompute who quoted
whom. Block groups are independent (nothing outside a group changes the people and
statements inside it, and a group writes only its own rows), so the middle step, where
the work is, runs as one task per run of groups, each opening the corpus and writing
in a transaction of its own; the first and last steps run on the client.

Each task writes in its own transaction, so a relink stopped halfway leaves some groups
relinked and the others as they were: every group consistent, and the next relink (or
the same one run again) gives the links of a relink run in one go. The corpus must be
reachable from every worker under the same URL (a PostgreSQL server, or a SQLite file
on a shared disk; SQLite serialises the tasks' writes, so it gains from the workers'
linking, not from their writing).
"""

from __future__ import annotations

import time

from distributed import as_completed

from onrecord.run.cluster import cluster_client
from onrecord.store import Corpus, open_corpus
from onrecord.store.engine import write_transaction
from onrecord.store.grouplink import relink_groups
from onrecord.store.linkstore import LinkStats, finish_relink, group_runs, start_relink

__all__ = ["relink_on_cluster"]


def relink_on_cluster(
    corpus: Corpus, scheduler: str | None = None, workers: int | None = None
) -> LinkStats:
    """Recompute every link of ``corpus`` with the groups linked on a Dask cluster (the
    one at ``scheduler``, or a ``LocalCluster`` of ``workers`` processes)."""
    started = time.perf_counter()
    with write_transaction(corpus.engine) as conn:
        groups = start_relink(conn)
    written = 0
    with cluster_client(scheduler, workers) as client:
        futures = [
            client.submit(link_groups, corpus.url, run, pure=False) for run in group_runs(groups)
        ]
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            written += int(future.result())
    with write_transaction(corpus.engine) as conn:
        stats = finish_relink(conn, started, written, len(groups))
    return stats


def link_groups(url: str, groups: list[str]) -> int:
    """One task: link ``groups`` of the corpus at ``url`` in one write transaction."""
    corpus = open_corpus(url)
    try:
        with write_transaction(corpus.engine) as conn:
            return relink_groups(conn, groups).rows_written
    finally:
        corpus.close()
