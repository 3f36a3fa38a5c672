"""Relink a corpus from scratch, saying when it starts (run by test_growth_faults.py).

``python relink_worker.py DB``
"""

from __future__ import annotations

import sys

from onrecord.store import open_corpus


def main() -> None:
    corpus = open_corpus(sys.argv[1])
    print("start", flush=True)
    corpus.link()
    print("done", flush=True)
    corpus.close()


if __name__ == "__main__":
    main()
