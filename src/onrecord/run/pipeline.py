"""One process: extraction in batches, and putting the results back in input order.

Extraction (attributions, and the people each article names) runs over
``Article.body_mask()`` in batches, so every offset it returns is an offset into the
original text. The stages are exposed one by one for the parallel runners
(``onrecord.run.pool``, ``onrecord.run.cluster``): ``batches`` (group for ``nlp.pipe``),
``extraction_inputs``/``extract_texts`` (the work a worker does) and ``merge`` (put the
results back, in order, and count them). Reading, preparing and deduplicating are in
``onrecord.run.prepare``; the one entry point for every engine is ``onrecord.run.ingest``.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator
from typing import TYPE_CHECKING

from onrecord.ingest import RawDocument
from onrecord.model import Article, Problem, note
from onrecord.run.options import DEFAULT_BATCH, IngestOptions
from onrecord.run.prepare import (
    CapturedArticle,
    Deduplicating,
    DuplicateIndex,
    Settled,
    Signed,
    body_text,
    canonicals,
    prepare,
    prepare_signed,
    prepared,
    settle,
)
from onrecord.run.summary import KEPT_PROBLEMS, Summary

if TYPE_CHECKING:
    from spacy.language import Language

    from onrecord.article import Analysis

__all__ = [
    "DEFAULT_BATCH",
    "KEPT_PROBLEMS",
    "CapturedArticle",
    "Deduplicating",
    "DuplicateIndex",
    "Extractable",
    "Settled",
    "Signed",
    "Summary",
    "batches",
    "body_text",
    "canonicals",
    "extract_texts",
    "extraction_inputs",
    "merge",
    "placed",
    "prepare",
    "prepare_signed",
    "prepared",
    "run_inline",
    "settle",
]


def run_inline(
    documents: Iterable[RawDocument | Problem],
    options: IngestOptions,
    counts: Summary,
    skip: Container[str] = frozenset(),
    index: Deduplicating | None = None,
) -> Iterator[Article | Problem]:
    """The inline engine: every stage over documents already read, in this process."""
    items = prepared(documents, counts=counts, skip=skip, index=index)
    if not options.extract:
        yield from items
        return
    pipeline: list[Language] = [options.nlp] if options.nlp is not None else []
    for batch in batches(items, options.batch_size):
        todo = extraction_inputs(batch)
        if todo and not pipeline:
            from onrecord.nlp import load_pipeline  # spaCy: when there is text to parse

            pipeline.append(load_pipeline(options.model))
        results = extract_texts(todo, pipeline[0], options.batch_size) if todo else []
        yield from merge(batch, results, counts)


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


# What a worker needs of one article: where it came from, its body mask, its language.
Extractable = tuple[str, str, str]


def extraction_inputs(batch: Iterable[Article | Problem]) -> list[Extractable]:
    """``(where, body mask, language)`` of each article in the batch that needs
    extraction: all a worker needs, so the rest of the article never crosses a process
    boundary."""
    return [
        (where(a), a.body_mask(), a.language or "und")
        for a in batch
        if isinstance(a, Article) and needs_extraction(a)
    ]


def extract_texts(
    texts: list[Extractable], nlp: Language, batch_size: int
) -> list[Analysis | Problem]:
    """Attributions and named people per text, in the text's language: English with
    ``nlp``, another language with its own pipeline and rules where onrecord has both;
    elsewhere the article is kept, unanalysed, and its note says why."""
    results: list[Analysis | Problem | None] = [None] * len(texts)
    english = [i for i, (_, _, language) in enumerate(texts) if language == "en"]
    for i, result in zip(english, _extract_english([texts[i] for i in english], nlp, batch_size),
                         strict=True):  # fmt: skip
        results[i] = result
    others: dict[str, list[int]] = {}
    for i, (_, _, language) in enumerate(texts):
        if language != "en":
            others.setdefault(language, []).append(i)
    for language, places in others.items():
        for i, result in zip(places, _extract_other([texts[i] for i in places], language),
                             strict=True):  # fmt: skip
            results[i] = result
    return [result for result in results if result is not None]


def _extract_english(
    texts: list[Extractable], nlp: Language, batch_size: int
) -> list[Analysis | Problem]:
    """English texts (one over the pipeline's length limit in pieces); if the batch
    fails, text by text, keeping reasons. An article whose extraction fails is still
    kept, without attributions: its problem is a note."""
    if not texts:
        return []
    from onrecord.run.pieces import analyse_texts  # spaCy: when parsing, not on import

    masks = [mask for _, mask, _ in texts]
    try:
        return list(analyse_texts(masks, nlp, batch_size))
    except Exception:
        pass
    results: list[Analysis | Problem] = []
    for place, mask, _ in texts:
        try:
            results.extend(analyse_texts([mask], nlp, batch_size))
        except Exception as exc:
            results.append(note(place, f"without attributions: extraction failed ({exc!r})"))
    return results


def _extract_other(texts: list[Extractable], language: str) -> list[Analysis | Problem]:
    """Texts in one language other than English: analysed where a pipeline and rules
    for it are installed, otherwise a note saying so (the article itself is kept)."""
    from onrecord.article import analyse_many_in

    results: list[Analysis | Problem] = []
    try:
        for (place, _, _), found in zip(
            texts, analyse_many_in([mask for _, mask, _ in texts], language), strict=True
        ):
            if found.analysed:
                results.append((found.attributions, found.mentions))
            else:
                results.append(note(place, found.status))
    except Exception as exc:
        done = len(results)
        results.extend(
            note(place, f"without attributions: extraction failed ({exc!r})")
            for place, _, _ in texts[done:]
        )
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
