"""What the corpus store costs on top of extraction, and how fast it searches.

    python benchmarks/store_bench.py --data ../shared/bench [--sizes 1000 10000] [--db URL]

Articles are made by replaying the PolNeAR train texts with varied ids, outlets and dates.
The texts are extracted once (``onrecord.extract.extract_many``), timed, and their
attributions replayed across the copies, so the store is measured apart from extraction.
If the extractor finds nothing at all, the PolNeAR gold spans are replayed instead (so the
store still sees a realistic number of attributions) and the result says so.

Reported: extraction seconds per article; for each size, ingest seconds (writing and
linking apart), store cost per article as a percentage of extraction per article, and the
store's size; at the largest size, the median and p95 latency of 20 typical searches.
Target: store cost under 10% of extraction.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from onrecord.about import load_topics
from onrecord.model import Article, Attribution, Origin, Span
from onrecord.store import Filters, open_corpus, store_articles

OUTLETS = ["Reuters", "AP", "Dawn", "The Hindu", "Al Jazeera", "BBC", "Politico", "NYT"]
QUERIES: list[dict[str, Any]] = [
    {"q": "campaign"},
    {"q": "immigration"},
    {"q": "Trump"},
    {"q": "Clinton emails"},
    {"q": '"middle class"'},
    {"q": "tax plan"},
    {"q": "debate"},
    {"q": "polls show"},
    {"speaker": "Trump"},
    {"speaker": "Clinton"},
    {"speaker": "Sanders", "q": "Wall Street"},
    {"topic": "elections"},
    {"topic": "human rights"},
    {"topic": "counter-terrorism", "since": "2016-01-01"},
    {"q": "voters", "outlet": "Reuters"},
    {"q": "Republican", "since": "2016-03-01", "until": "2016-06-30"},
    {"q": "security", "kind": "direct"},
    {"affiliation": "campaign"},
    {"q": "president", "speaker": "Obama"},
    {"q": 'NEAR( * - "unbalanced'},
]


def find_texts(data_dir: Path) -> list[Path]:
    for folder in (data_dir / "polnear" / "train" / "text", data_dir / "train" / "text", data_dir):
        texts = sorted(folder.glob("*.txt"))
        if texts:
            return texts
    raise SystemExit(f"no PolNeAR texts under {data_dir}")


def gold_attributions(text_path: Path) -> list[Attribution]:
    """The first annotator's attributions for one PolNeAR text (brat standoff)."""
    folder = text_path.parent.parent / "attributions"
    annotations = sorted(folder.glob(f"{text_path.stem}_*.ann"))
    if not annotations:
        return []
    spans: dict[str, list[Span]] = {}
    found = []
    for line in annotations[0].read_text("utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            offsets = parts[1].split(" ", 1)[1]
            spans[parts[0]] = [Span(*map(int, p.split())) for p in offsets.split(";")]
        elif line.startswith("E") and len(parts) >= 2:
            roles = dict(arg.split(":", 1) for arg in parts[1].split()[1:])
            content = [s for key, t in roles.items() if key.startswith("Content") for s in spans[t]]
            if not content:
                continue
            source = spans[roles["Source"]][0] if "Source" in roles else None
            found.append((content, spans[roles["Cue"]][0] if "Cue" in roles else None, source))
    text = text_path.read_text("utf-8")
    return [
        Attribution(
            content=c,
            cue=cue,
            source=s,
            kind="indirect",
            source_text=s.text(text) if s else None,
            speaker=s.text(text) if s else None,
        )
        for c, cue, s in found
    ]


def extract_all(paths: list[Path]) -> tuple[list[list[Attribution]], float, str]:
    from onrecord.article import extract_many

    texts = [p.read_text("utf-8") for p in paths]
    started = time.perf_counter()
    extracted = list(extract_many(texts))
    seconds = time.perf_counter() - started
    if sum(map(len, extracted)) == 0:
        return [gold_attributions(p) for p in paths], seconds, "gold (extractor found none)"
    return extracted, seconds, "extractor"


def replay(
    paths: list[Path], attributions: list[list[Attribution]], count: int
) -> Iterator[Article]:
    texts = [p.read_text("utf-8") for p in paths]
    for n in range(count):
        i, copy = n % len(paths), n // len(paths)
        text = texts[i]
        day = 1 + (n * 7) % 28
        yield Article(
            id=hashlib.sha256(f"{copy}:{paths[i].name}".encode()).hexdigest()[:32],
            origin=Origin(path=f"bench/{copy}/{paths[i].name}"),
            text=text,
            body=[Span(0, len(text))],
            title=text.split("\n", 1)[0][:120],
            published=f"{2015 + copy % 3}-{1 + n % 12:02d}-{day:02d}",
            outlet=OUTLETS[(i + copy) % len(OUTLETS)],
            language="en",
            attributions=attributions[i],
        )


def search_latency(url: str) -> dict[str, float]:
    corpus = open_corpus(url)
    topics = load_topics()
    timings = []
    for spec in QUERIES:
        spec = dict(spec)
        phrases = topics.lookup(spec.pop("topic"))[1] if "topic" in spec else ()
        filters = Filters(**spec, topic_phrases=phrases)
        started = time.perf_counter()
        corpus.search_statements(filters, limit=50)
        timings.append(time.perf_counter() - started)
    corpus.close()
    timings.sort()
    return {
        "median_ms": round(statistics.median(timings) * 1000, 2),
        "p95_ms": round(timings[int(0.95 * (len(timings) - 1))] * 1000, 2),
        "max_ms": round(timings[-1] * 1000, 2),
    }


def run(
    data_dir: str | Path,
    sizes: tuple[int, ...] = (1000, 10000),
    db: str | None = None,
    workdir: str | Path | None = None,
    batch_size: int = 200,
) -> dict[str, Any]:
    """Measure; ``db`` is a PostgreSQL base URL (one fresh database per size) or None
    for SQLite files in ``workdir``."""
    paths = find_texts(Path(data_dir))
    attributions, extract_seconds, source = extract_all(paths)
    per_article_extract = extract_seconds / len(paths)
    result: dict[str, Any] = {
        "texts": len(paths),
        "attributions_per_text": round(sum(map(len, attributions)) / len(paths), 1),
        "attributions_from": source,
        "extract_seconds_per_article": round(per_article_extract, 4),
        "sizes": {},
    }
    folder = Path(workdir or tempfile.mkdtemp(prefix="onrecord-bench-"))
    url = ""
    for size in sizes:
        url = _fresh(db, folder, size)
        corpus = open_corpus(url)
        started = time.perf_counter()
        stats = store_articles(corpus, replay(paths, attributions, size), batch_size)
        total = time.perf_counter() - started
        link = stats.link.seconds if stats.link else 0.0
        size_bytes = corpus.stats().size_bytes
        corpus.close()
        per_article = total / size
        result["sizes"][str(size)] = {
            "ingest_seconds": round(total, 2),
            "write_seconds": round(total - link, 2),
            "link_seconds": round(link, 2),
            "store_ms_per_article": round(per_article * 1000, 3),
            "store_cost_pct_of_extraction": round(100 * per_article / per_article_extract, 2),
            "store_bytes": size_bytes,
        }
    result["search_at"] = sizes[-1]
    result["search"] = search_latency(url)
    return result


def _fresh(db: str | None, folder: Path, size: int) -> str:
    if not db:
        path = folder / f"bench-{size}.db"
        for leftover in folder.glob(path.name + "*"):
            leftover.unlink()
        return str(path)
    import psycopg

    name = f"onrecord_bench_{size}"
    with psycopg.connect(f"{db}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{db}/{name}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="../shared/bench", help="folder holding polnear/")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--db", help="PostgreSQL server URL (default: SQLite files)")
    parser.add_argument("--workdir", help="where the SQLite files go (default: a temp folder)")
    parser.add_argument("--batch-size", type=int, default=200)
    args = parser.parse_args(argv)
    result = run(args.data, tuple(args.sizes), args.db, args.workdir, args.batch_size)
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
