"""From input paths to finished ``Article`` records: read, clean, describe, dedup, extract.

``prepare(raw)`` is the per-document stage: a pure function of one ``RawDocument``
(decode, clean, metadata, language check), so it can run in a process pool or as a
Dask task. Deduplication is the one step that needs the articles seen before; it runs
in order in ``ingest``. Attribution extraction runs over ``Article.body_mask()`` in
batches, so every offset it returns is an offset into the original text.

``ingest`` yields each article as soon as its batch is extracted, and each problem as
soon as it is found; a ``Summary`` passed in is filled as it goes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from spacy.language import Language

from onrecord.dedup import Deduplicator
from onrecord.errors import InputError
from onrecord.extract import extract_many
from onrecord.ingest import RawDocument, read_inputs
from onrecord.ingest.html import article_from_html
from onrecord.ingest.text import article_from_text, decode_text
from onrecord.metadata import guess_language
from onrecord.model import Article, Attribution, Problem
from onrecord.nlp import load_pipeline

__all__ = ["CapturedArticle", "Summary", "ingest", "prepare"]

DEFAULT_BATCH = 32


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
    """Counts for one ingestion run, and every input that was skipped with its reason."""

    read: int = 0
    duplicates: int = 0
    extracted: int = 0
    attributions: int = 0
    skipped: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        parts = [f"{self.read} article(s) read"]
        if self.duplicates:
            parts.append(f"{self.duplicates} duplicate(s) linked")
        if self.extracted:
            parts.append(f"{self.attributions} attribution(s) in {self.extracted} article(s)")
        if self.skipped:
            parts.append(f"{len(self.skipped)} input(s) skipped")
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
) -> Iterator[Article | Problem]:
    """Articles (with attributions, duplicates linked) and problems, in input order.

    ``extract=False`` stops after deduplication. ``nlp`` is loaded on first use when
    not given. ``max_bytes`` is the input size limit (see ``onrecord.ingest``).
    """
    counts = summary if summary is not None else Summary()
    seen = Deduplicator()
    pending: list[Article] = []
    pipeline: list[Language] = [nlp] if nlp is not None else []
    for item in read_inputs(paths, max_bytes):
        result = item if isinstance(item, Problem) else prepare(item)
        if isinstance(result, Problem):
            counts.skipped.append(result)
            yield result
            continue
        counts.read += 1
        body = "\n".join(span.text(result.text) for span in result.body)
        canonical = seen.check(result.id, body)
        if canonical is not None:
            result.duplicate_of = canonical
            counts.duplicates += 1
        pending.append(result)
        waiting = sum(1 for a in pending if a.duplicate_of is None)
        if not extract or waiting >= batch_size:
            yield from _flush(pending, pipeline, extract, batch_size, counts)
            pending = []
    yield from _flush(pending, pipeline, extract, batch_size, counts)


def _flush(
    articles: list[Article],
    pipeline: list[Language],
    extract: bool,
    batch_size: int,
    counts: Summary,
) -> Iterator[Article | Problem]:
    todo = [a for a in articles if a.duplicate_of is None]
    failed: dict[int, Problem] = {}
    if extract and todo:
        if not pipeline:
            pipeline.append(load_pipeline())
        for article, found in zip(todo, _extract(todo, pipeline[0], batch_size), strict=True):
            if isinstance(found, Problem):
                failed[id(article)] = found
                continue
            article.attributions = found
            counts.extracted += 1
            counts.attributions += len(found)
    for article in articles:
        if id(article) in failed:
            counts.skipped.append(failed[id(article)])
            yield failed[id(article)]
        yield article


def _extract(
    articles: list[Article], nlp: Language, batch_size: int
) -> list[list[Attribution] | Problem]:
    """Attributions per article; if the batch fails, article by article, keeping reasons."""
    masks = [a.body_mask() for a in articles]
    try:
        return list(extract_many(masks, nlp=nlp, batch_size=batch_size))
    except Exception:
        pass
    results: list[list[Attribution] | Problem] = []
    for article, mask in zip(articles, masks, strict=True):
        try:
            results.extend(extract_many([mask], nlp=nlp))
        except Exception as exc:
            where = article.origin.path or article.origin.url or article.id
            results.append(Problem(where, f"attribution extraction failed ({exc!r})"))
    return results
