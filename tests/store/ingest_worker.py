"""Ingest the reproducible stream of small articles into a corpus, printing each batch.

Run as a subprocess by test_reliability.py: ``python ingest_worker.py DB COUNT BATCH``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus_factory import small_article

from onrecord.store import AddStats, open_corpus, store_articles


def main() -> None:
    db, count, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    corpus = open_corpus(db)

    def progress(stats: AddStats) -> None:
        print(f"batch {stats.batches}", flush=True)

    stats = store_articles(corpus, (small_article(n) for n in range(count)), batch, progress)
    print(f"done {stats.articles_added} {stats.already_done}", flush=True)
    corpus.close()


if __name__ == "__main__":
    main()
