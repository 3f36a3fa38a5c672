"""From input paths to finished ``Article`` records: read, clean, describe, dedup, extract.

``prepare(raw)`` is the per-document stage: a pure function of one ``RawDocument``
(decode, clean, metadata, language check), so it can run in a process pool or as a
Dask task. Deduplication is the one step that needs the articles seen before; it runs
in input order in one place (``settle``), whatever runs the other stages, so the same
inputs give the same canonical copies in one process, in a pool or on a cluster.
Extraction (attributions, and the people each article names) runs over
``Article.body_mask()`` in batches, so every offset it returns is an offset into the
original text.

The stages are also exposed one by one for the parallel runners (``onrecord.run.pool``,
``onrecord.run.cluster``): ``prepare_signed`` (prepare, plus the MinHash signature),
``prepared`` (prepare, dedup, resume, in order), ``batches``
(group for ``nlp.pipe``), ``extraction_inputs``/``extract_texts`` (the work a worker
does) and ``merge`` (put the results back, in order, and count them).

``ingest`` yields each article as soon as its batch is extracted, and each problem as
soon as it is found; a ``Summary`` passed in is filled as it goes.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import Any

from datasketch import LeanMinHash, MinHash
from spacy.language import Language

from onrecord.article import Analysis, analyse_many
from onrecord.clean import article_from_html, article_from_text, decode_text, guess_language
from onrecord.errors import InputError
from onrecord.ingest import RawDocument, read_inputs
from onrecord.model import Article, Problem
from onrecord.nlp import load_pipeline
from onrecord.run.dedup import Deduplicator
from onrecord.store import input_id_for

__all__ = [
    "CapturedArticle",
    "DuplicateIndex",
    "Settled",
    "Summary",
    "batches",
    "extract_texts",
    "extraction_inputs",
    "ingest",
    "ingest_documents",
    "merge",
    "placed",
    "prepare",
    "prepare_signed",
    "prepared",
    "settle",
]

DEFAULT_BATCH = 32
# Problems a Summary keeps for the caller to look at; it counts them all.
KEPT_PROBLEMS = 100


@dataclass(slots=True)
class CapturedArticle(Article):
    """An article read from a web archive, with its capture time (``WARC-Date``).

    ``Article`` has no field for when a page was captured; this keeps it, and adds
    ``captured`` to the JSON record.
    """

    captured: str | None = None

    def to_json(self) -> dict[str, Any]:
        record = Article.to_json(self)
        record["captured"] = self.captured
        return record


@dataclass(slots=True)
class Summary:
    """Counts for one ingestion run, and the latest inputs skipped with their reasons.

    Every problem also flows out of the run in its place (the CLI prints it, the store
    records it), so the summary keeps only the last ``KEPT_PROBLEMS``: a run over
    millions of inputs does not grow with its failures."""

    read: int = 0
    duplicates: int = 0
    extracted: int = 0
    attributions: int = 0
    resumed: int = 0
    skipped: int = 0
    problems: deque[Problem] = field(default_factory=lambda: deque(maxlen=KEPT_PROBLEMS))

    def skip(self, problem: Problem) -> None:
        self.skipped += 1
        self.problems.append(problem)

    def __str__(self) -> str:
        parts = [f"{self.read} article(s) read"]
        if self.duplicates:
            parts.append(f"{self.duplicates} duplicate(s) linked")
        if self.extracted:
            parts.append(f"{self.attributions} attribution(s) in {self.extracted} article(s)")
        if self.resumed:
            parts.append(f"{self.resumed} already stored")
        if self.skipped:
            parts.append(f"{self.skipped} input(s) skipped")
        return ", ".join(parts)


def prepare(raw: RawDocument) -> Article | Problem:
    """One document to one ``Article`` (no attributions yet), or the reason it cannot be.

    Non-English articles are skipped with the language check's reason.
    """
    try:
        if raw.media_type == "text/html":
            article = article_from_html(
                raw.content,
                url=raw.url,
                path=raw.origin.path,
                record_id=raw.origin.record_id,
                charset=raw.charset,
                hints=raw.hints,
            )
            article.origin.line = raw.origin.line
        else:
            article = article_from_text(decode_text(raw.content), raw.origin, hints=raw.hints)
    except InputError as exc:
        return Problem(raw.where, str(exc))
    except Exception as exc:  # one malformed document must never end a batch
        return Problem(raw.where, f"could not be processed ({type(exc).__name__}: {exc})")
    if article.language != "en":
        language = guess_language("\n".join(s.text(article.text) for s in article.body))
        return Problem(raw.where, f"not English, skipped ({language.reason})")
    if raw.captured:
        values = {f.name: getattr(article, f.name) for f in fields(Article)}
        return CapturedArticle(**values, captured=raw.captured)
    return article


def ingest(
    paths: Iterable[str | Path],
    *,
    nlp: Language | None = None,
    extract: bool = True,
    batch_size: int = DEFAULT_BATCH,
    max_bytes: int | None = None,
    summary: Summary | None = None,
    skip: Container[str] = frozenset(),
) -> Iterator[Article | Problem]:
    """Articles (with attributions, duplicates linked) and problems, in input order.

    ``extract=False`` stops after deduplication. ``nlp`` is loaded on first use when
    not given. ``max_bytes`` is the input size limit (see ``onrecord.ingest``). Inputs
    whose id (``input_id_for``) is in ``skip`` (already stored) are left out before
    extraction, but still take part in deduplication (see ``settle``).
    """
    yield from ingest_documents(
        read_inputs(paths, max_bytes),
        nlp=nlp,
        extract=extract,
        batch_size=batch_size,
        summary=summary,
        skip=skip,
    )


def ingest_documents(
    documents: Iterable[RawDocument | Problem],
    *,
    nlp: Language | None = None,
    extract: bool = True,
    batch_size: int = DEFAULT_BATCH,
    summary: Summary | None = None,
    skip: Container[str] = frozenset(),
) -> Iterator[Article | Problem]:
    """``ingest`` over documents already read (``read_inputs``), in this process."""
    counts = summary if summary is not None else Summary()
    items = prepared(documents, counts=counts, skip=skip)
    if not extract:
        yield from items
        return
    pipeline: list[Language] = [nlp] if nlp is not None else []
    for batch in batches(items, batch_size):
        todo = extraction_inputs(batch)
        if todo and not pipeline:
            pipeline.append(load_pipeline())
        results = extract_texts(todo, pipeline[0], batch_size) if todo else []
        yield from merge(batch, results, counts)


class DuplicateIndex(Deduplicator):
    """``Deduplicator`` that also takes a MinHash computed elsewhere (on a worker), keeps
    the compact ``LeanMinHash`` of each canonical body, and breaks ties between equally
    similar candidates by the order they were seen, so the choice never depends on set
    iteration order (which changes with the process's hash seed)."""

    def __post_init__(self) -> None:
        Deduplicator.__post_init__(self)
        self._order: dict[str, int] = {}

    def check(self, key: str, body_text: str) -> str | None:
        return self.check_signature(key, self.minhash(body_text))

    def __contains__(self, key: object) -> bool:
        return key in self._hashes

    def check_signature(self, key: str, signature: MinHash | None) -> str | None:
        """As ``check``, with the signature given; None will do for a key already seen."""
        if key in self._hashes:
            return key
        if signature is None:
            raise ValueError(f"no signature for {key!r}, which is not in the index")
        best: tuple[float, int, str] | None = None
        for other in self._lsh.query(signature):
            score = float(signature.jaccard(self._hashes[other]))
            rank = (score, -self._order[other], str(other))
            if score >= self.threshold and (best is None or rank[:2] > best[:2]):
                best = rank
        if best is not None:
            return best[2]
        lean = LeanMinHash(signature)
        self._order[key] = len(self._order)
        self._hashes[key] = lean
        self._lsh.insert(key, lean)
        return None


def body_text(article: Article) -> str:
    """The body as deduplication reads it: its spans joined by newlines."""
    return "\n".join(span.text(article.text) for span in article.body)


@dataclass(frozen=True, slots=True)
class Settled:
    """What ``settle`` decided for one article."""

    keep: bool  # False: its input is already stored
    duplicate_of: str | None = None


def settle(
    index: DuplicateIndex,
    article_id: str,
    input_id: str,
    signature: MinHash | None,
    counts: Summary,
    skip: Container[str],
) -> Settled:
    """Find the canonical copy of an article, and whether its input is still to do.

    Called once per article, in input order. An input already stored still goes through
    the index, so a later copy of it is linked to it exactly as in a run that had not
    been stopped.
    """
    canonical = index.check_signature(article_id, signature)
    if input_id in skip:
        counts.resumed += 1
        return Settled(keep=False)
    counts.read += 1
    if canonical is not None:
        counts.duplicates += 1
    return Settled(keep=True, duplicate_of=canonical)


def prepared(
    documents: Iterable[RawDocument | Problem],
    *,
    counts: Summary,
    skip: Container[str] = frozenset(),
) -> Iterator[Article | Problem]:
    """Prepare every document in order: articles with duplicates linked, and problems."""
    index = DuplicateIndex()
    for item in documents:
        result = item if isinstance(item, Problem) else prepare(item)
        if isinstance(result, Problem):
            counts.skip(result)
            yield result
            continue
        # an exact copy (same id) needs no signature
        signature = None if result.id in index else index.minhash(body_text(result))
        settled = settle(index, result.id, input_id_for(result), signature, counts, skip)
        if settled.keep:
            result.duplicate_of = settled.duplicate_of
            yield result


Signed = list[tuple[Article | Problem, MinHash | None]]


@cache
def _signer() -> DuplicateIndex:
    """One per process: building the LSH index works out its bands numerically, which
    costs more than signing a whole chunk."""
    return DuplicateIndex()


def prepare_signed(documents: Iterable[RawDocument | Problem]) -> Signed:
    """``prepare`` each document and compute its body's MinHash signature: the part of
    reading and deduplicating that needs no other document, for a worker to do."""
    signer = _signer()
    out: Signed = []
    for document in documents:
        result = document if isinstance(document, Problem) else prepare(document)
        signature = None if isinstance(result, Problem) else signer.minhash(body_text(result))
        out.append((result, signature))
    return out


def needs_extraction(item: Article | Problem) -> bool:
    return isinstance(item, Article) and item.duplicate_of is None


def batches(
    items: Iterable[Article | Problem], batch_size: int
) -> Iterator[list[Article | Problem]]:
    """Consecutive runs of items holding ``batch_size`` articles to extract.

    Duplicates and problems ride along in their place; a run of them alone is closed
    at a few batches' length, so a folder of copies never piles up in memory.
    """
    batch: list[Article | Problem] = []
    waiting = 0
    for item in items:
        batch.append(item)
        waiting += needs_extraction(item)
        if waiting >= batch_size or len(batch) >= 4 * batch_size:
            yield batch
            batch, waiting = [], 0
    if batch:
        yield batch


def where(article: Article) -> str:
    return article.origin.path or article.origin.url or article.id


def extraction_inputs(batch: Iterable[Article | Problem]) -> list[tuple[str, str]]:
    """``(where, body mask)`` of each article in the batch that needs extraction: all a
    worker needs, so the rest of the article never crosses a process boundary."""
    return [
        (where(a), a.body_mask()) for a in batch if isinstance(a, Article) and needs_extraction(a)
    ]


def extract_texts(
    texts: list[tuple[str, str]], nlp: Language, batch_size: int
) -> list[Analysis | Problem]:
    """Attributions and named people per text; if the batch fails, text by text,
    keeping reasons."""
    masks = [mask for _, mask in texts]
    try:
        return list(analyse_many(masks, nlp=nlp, batch_size=batch_size))
    except Exception:
        pass
    results: list[Analysis | Problem] = []
    for place, mask in texts:
        try:
            results.extend(analyse_many([mask], nlp=nlp))
        except Exception as exc:
            results.append(Problem(place, f"attribution extraction failed ({exc!r})"))
    return results


def placed(
    batch: list[Article | Problem], results: list[Analysis | Problem]
) -> Iterator[tuple[int, Article | Problem]]:
    """Each item of the batch, by its index, with its extraction results put back; an
    article whose extraction failed comes just after the problem saying why (which has
    the same index)."""
    found = iter(results)
    for index, item in enumerate(batch):
        if isinstance(item, Article) and needs_extraction(item):
            result = next(found)
            if isinstance(result, Problem):
                yield index, result
            else:
                item.attributions, item.mentions = result
        yield index, item


def merge(
    batch: list[Article | Problem],
    results: list[Analysis | Problem],
    counts: Summary,
) -> Iterator[Article | Problem]:
    """The batch in order with each article's attributions and mentions (or its problem)
    put back, counted."""
    failed = -1
    for index, item in placed(batch, results):
        if item is not batch[index]:  # the problem an extraction met
            assert isinstance(item, Problem)
            counts.skip(item)
            failed = index
        elif isinstance(item, Article) and needs_extraction(item) and index != failed:
            counts.extracted += 1
            counts.attributions += len(item.attributions)
        yield item
