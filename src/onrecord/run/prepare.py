"""The per-document stages and deduplication: ``prepare``, sign, and ``settle`` in order.

``prepare(raw)`` is a pure function of one ``RawDocument`` (decode, clean, metadata,
language check), so it can run in a process pool or as a Dask task. Deduplication is the
one step that needs the articles seen before; it runs in input order in one place
(``settle``), whatever runs the other stages, so the same inputs give the same canonical
copies in one process, in a pool or on a cluster.

The articles seen before are those of the corpus the run writes into when there is one
(``corpus.duplicates``, a ``StoredDuplicateIndex``: nothing held per article, and a later
run sees them), else those of this run, in memory (``DuplicateIndex``).
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

from onrecord.clean import article_from_html, article_from_text
from onrecord.clean.text import decode_text_noted
from onrecord.errors import InputError
from onrecord.ingest import RawDocument
from onrecord.ingest.depth import MAX_HTML_DEPTH, nesting_depth
from onrecord.link.duplicates import Deduplicator
from onrecord.model import Article, Problem, note
from onrecord.run.summary import Summary
from onrecord.store import input_id_for
from onrecord.store.dedupstore import body_text
from onrecord.store.textsafe import make_storable, storable

if TYPE_CHECKING:
    from datasketch import MinHash

__all__ = [
    "CapturedArticle",
    "Deduplicating",
    "DuplicateIndex",
    "Settled",
    "Signed",
    "body_text",
    "canonicals",
    "prepare",
    "prepare_noted",
    "prepare_signed",
    "prepared",
    "settle",
]


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


def prepare(raw: RawDocument) -> Article | Problem:
    """One document to one ``Article`` (no attributions yet), or the reason it cannot be.

    Articles in every language are kept; extraction is decided per language later. Notes on what was
    changed to keep the article are dropped here; ``prepare_noted`` returns them.
    """
    return prepare_noted(raw)[-1]


def prepare_noted(raw: RawDocument) -> list[Article | Problem]:
    """``prepare``, with the notes on the document first (bytes that were not valid in
    its encoding, characters no store can hold), then the article or the problem."""
    notes: list[Problem] = []
    if isinstance(raw.content, str):  # from JSONL, where "\u0000" and "\ud800" are valid
        content, replaced = storable(raw.content)
        if replaced:
            shown = ", ".join(str(o) for o in replaced[:8])
            notes.append(note(raw.where, f"{len(replaced)} character(s) no store can hold "
                                         f"(NUL, lone surrogate) replaced by U+FFFD in the "
                                         f"input, at offset(s) {shown}"))  # fmt: skip
            raw = replace(raw, content=content)
    elif raw.media_type == "text/html" and b"\x00" in raw.content and not _wide(raw):
        # the HTML parser stops reading at a NUL byte: the rest of the page would be lost
        count = raw.content.count(b"\x00")
        notes.append(note(raw.where, f"{count} NUL byte(s) in the HTML read as spaces"))
        raw = replace(raw, content=raw.content.replace(b"\x00", b" "))
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
            text, decoding = decode_text_noted(raw.content)
            if decoding is not None:
                notes.append(note(raw.where, decoding))
            article = article_from_text(text, raw.origin, hints=raw.hints)
    except InputError as exc:
        return [*notes, Problem(raw.where, _true_reason(raw, str(exc)))]
    except Exception as exc:  # one malformed document must never end a batch
        why = f"could not be processed ({type(exc).__name__}: {exc})"
        return [*notes, Problem(raw.where, storable(why)[0])]
    changed = make_storable(article)
    if changed is not None:
        notes.append(note(raw.where, changed))
    if raw.captured:
        values = {f.name: getattr(article, f.name) for f in fields(Article)}
        return [*notes, CapturedArticle(**values, captured=raw.captured)]
    return [*notes, article]


def _wide(raw: RawDocument) -> bool:
    """Whether the page is in UTF-16 or UTF-32, where NUL bytes are part of characters."""
    head = raw.content[:4] if isinstance(raw.content, bytes) else b""
    declared = (raw.charset or "").lower()
    return (
        head.startswith((b"\xff\xfe", b"\xfe\xff")) or "utf-16" in declared or "utf-32" in declared
    )


def _true_reason(raw: RawDocument, reason: str) -> str:
    """The reason an HTML page gave no text, when it is the parser's depth limit: lxml
    silently drops everything nested deeper, which then reads as an empty page."""
    if raw.media_type != "text/html":
        return reason
    depth = nesting_depth(raw.content)
    if depth <= MAX_HTML_DEPTH:
        return reason
    return (
        f"HTML nested {depth} elements deep, more than the {MAX_HTML_DEPTH} levels the "
        f"HTML parser reads (the text below that depth is lost): {reason}"
    )


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

    def check_many(self, items: Sequence[tuple[str, MinHash | None]]) -> list[str | None]:
        return [self.check_signature(key, signature) for key, signature in items]

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
        from datasketch import LeanMinHash  # brings scipy: imported when first used

        lean = LeanMinHash(signature)
        self._order[key] = len(self._order)
        self._hashes[key] = lean
        self._lsh.insert(key, lean)
        return None


class Deduplicating(Protocol):
    """What ``settle`` needs of a near-duplicate index: ``DuplicateIndex`` (in memory) or
    ``onrecord.store.dedupstore.StoredDuplicateIndex`` (in the corpus)."""

    def minhash(self, body_text: str) -> MinHash: ...

    def __contains__(self, key: object) -> bool: ...

    def check_many(self, items: Sequence[tuple[str, MinHash | None]]) -> list[str | None]: ...


def canonicals(index: Deduplicating, signed: Signed) -> list[str | None]:
    """The canonical copy of each article of a chunk (None: it is canonical), in order,
    looked up together; problems are passed over."""
    return index.check_many([(a.id, sig) for a, sig in signed if isinstance(a, Article)])


@dataclass(frozen=True, slots=True)
class Settled:
    """What ``settle`` decided for one article."""

    keep: bool  # False: its input is already stored
    duplicate_of: str | None = None


def settle(
    canonical: str | None,
    input_id: str,
    counts: Summary,
    skip: Container[str],
    language: str | None = None,
) -> Settled:
    """Whether an article's input is still to do, given its canonical copy (found by
    ``canonicals``).

    Called once per article, in input order. An input already stored still goes through
    the index, so a later copy of it is linked to it exactly as in a run that had not
    been stopped.
    """
    if input_id in skip:
        counts.resumed += 1
        return Settled(keep=False)
    counts.read += 1
    counts.languages[language or "und"] += 1
    if canonical is not None:
        counts.duplicates += 1
    return Settled(keep=True, duplicate_of=canonical)


def prepared(
    documents: Iterable[RawDocument | Problem],
    *,
    counts: Summary,
    skip: Container[str] = frozenset(),
    index: Deduplicating | None = None,
) -> Iterator[Article | Problem]:
    """Prepare every document in order: articles with duplicates linked, and problems.
    ``index``: the corpus's (``corpus.duplicates``), else one in memory for the run."""
    seen = index if index is not None else DuplicateIndex()
    for item in documents:
        results = [item] if isinstance(item, Problem) else prepare_noted(item)
        for result in results:
            if isinstance(result, Problem):
                counts.skip(result)
                yield result
                continue
            # an exact copy (same id) needs no signature
            signature = None if result.id in seen else seen.minhash(body_text(result))
            [canonical] = seen.check_many([(result.id, signature)])
            settled = settle(canonical, input_id_for(result), counts, skip, result.language)
            if settled.keep:
                result.duplicate_of = settled.duplicate_of
                yield result


Signed = list[tuple[Article | Problem, "MinHash | None"]]


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
        for result in [document] if isinstance(document, Problem) else prepare_noted(document):
            signature = None if isinstance(result, Problem) else signer.minhash(body_text(result))
            out.append((result, signature))
    return out
