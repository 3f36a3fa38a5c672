"""Near-duplicate detection kept in the store, so memory does not grow with the corpus.

``StoredDuplicateIndex`` answers as ``onrecord.run.prepare.DuplicateIndex`` does (same
MinHash, threshold and tie-break: the most similar canonical body, the one seen first on
a tie) but keeps only the bodies not yet stored in the process: an exact copy is found by
its content hash (the article id) in ``dedup_signatures``; a near copy by its LSH bands,
one indexed row each in ``dedup_bands`` (primary key ``(band, article_id)``), then
verified on the stored signature. A later run, or a second machine writing to the same
database, sees every canonical body stored before.

A body found canonical is *pending* until its article is written: ``record`` writes its
rows in the transaction that writes the article (``store.write.write_batch``), so a
killed ingest never leaves a body in the index whose article is not in the corpus (the
next run would take that article for an exact copy of itself, and neither store nor
extract it). Pending bodies are the articles in flight between deduplication and the
store, a bounded window; ``committed`` forgets them once their batch is in. A body whose
article is never stored (its Dask chunk failed) stays pending to the end of the run, so
later copies in the run still name it, as with the in-memory index; the next run stores
it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import Connection, Engine, exists, func, insert, select

from onrecord.link.duplicates import CANDIDATE_MARGIN, NUM_PERM, THRESHOLD, Deduplicator
from onrecord.model import Article, Span
from onrecord.store.engine import read_transaction, write_transaction
from onrecord.store.schema import articles, dedup_bands, dedup_signatures

if TYPE_CHECKING:
    import numpy as np
    from datasketch import MinHash

    Values = np.ndarray  # a MinHash's hash values, uint64

__all__ = ["Body", "StoredDuplicateIndex", "band_keys", "body_text", "catch_up", "record"]


@dataclass(frozen=True, slots=True)
class Body:
    """A canonical body the index knows: stored (``order`` (0, seen)) or pending in this
    process (``order`` (1, n)); pending ones were all seen after every stored one."""

    article_id: str
    order: tuple[int, int]
    values: Values
    bands: tuple[int, ...]


def body_text(article: Article) -> str:
    """The body as deduplication reads it: its spans joined by newlines."""
    return _joined(article.text, article.body)


def _joined(text: str, body: Iterable[Span]) -> str:
    return "\n".join(span.text(text) for span in body)


@cache
def _banding() -> tuple[int, int]:
    """(bands, rows per band) the in-memory index chooses at the default threshold. Fixed
    for the store, whatever threshold verifies: every run must band alike."""
    from datasketch import MinHashLSH  # brings scipy: imported when first used

    lsh = MinHashLSH(threshold=max(THRESHOLD - CANDIDATE_MARGIN, 0.1), num_perm=NUM_PERM)
    return lsh.b, lsh.r


# Odd 64-bit constants: one multiplier per row of a band, and one for the band number.
_ROW_MIX = (
    0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
    0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9,
)  # fmt: skip


@cache
def _row_mix() -> np.ndarray:
    # numpy is imported where hashing starts, not with the store: a command that never
    # ingests (a correction, a query) starts faster without it
    import numpy as np

    return np.array(_ROW_MIX, dtype=np.uint64)


def band_keys(values: Values) -> tuple[int, ...]:
    """One 63-bit key per LSH band (its number and its hash values, mixed): two bodies
    sharing a key are candidates, as in ``MinHashLSH``. Sorted, without repeats. In
    numpy, all bands at once: hashing band by band cost more than the lookup itself. A
    collision only adds a candidate, which the signature then rules out."""
    import numpy as np

    bands, rows = _banding()
    row_mix = _row_mix()
    grid = values[: bands * rows].reshape(bands, rows).astype(np.uint64)
    with np.errstate(over="ignore"):  # arithmetic modulo 2**64, on purpose
        mixed = (grid * row_mix[:rows]).sum(axis=1, dtype=np.uint64)
        mixed ^= np.arange(1, bands + 1, dtype=np.uint64) * row_mix[rows % len(row_mix)]
        # splitmix64's finaliser, so that nearby sums land far apart
        mixed ^= mixed >> np.uint64(30)
        mixed *= np.uint64(0xBF58476D1CE4E5B9)
        mixed ^= mixed >> np.uint64(27)
        mixed *= np.uint64(0x94D049BB133111EB)
        mixed ^= mixed >> np.uint64(31)
    return tuple(sorted({int(key) >> 1 for key in mixed}))


def _values(signature: MinHash) -> Values:
    import numpy as np

    return np.asarray(signature.hashvalues, dtype=np.uint64)


def similarity(mine: Values, theirs: Values) -> float:
    """MinHash's Jaccard estimate (``MinHash.jaccard``): the share of equal values."""
    return float((mine == theirs).sum()) / len(mine)


class _Wanted(NamedTuple):
    """One article to look up: its key, and its signature's values and bands if any."""

    key: str
    values: Values | None
    bands: tuple[int, ...]

    @classmethod
    def of(cls, key: str, signature: MinHash | None) -> _Wanted:
        if signature is None:
            return cls(key, None, ())
        values = _values(signature)
        return cls(key, values, band_keys(values))


class StoredDuplicateIndex:
    """Canonical bodies and their LSH bands in the corpus database, plus the bodies found
    canonical in this process whose articles are not stored yet."""

    def __init__(
        self, engine: Engine, threshold: float = THRESHOLD, num_perm: int = NUM_PERM
    ) -> None:
        self.engine = engine
        self.threshold = threshold
        self.num_perm = num_perm
        self._signer: Deduplicator | None = None  # made when first signing: it brings scipy
        self._pending: dict[str, Body] = {}
        self._pending_bands: dict[int, list[str]] = {}
        self._counter = 0
        self._caught_up = False

    def minhash(self, body_text: str) -> MinHash:
        if self._signer is None:
            self._signer = Deduplicator(self.threshold, self.num_perm)
        return self._signer.minhash(body_text)

    def __contains__(self, key: object) -> bool:
        if key in self._pending:
            return True
        with read_transaction(self.engine) as conn:
            query = select(dedup_signatures.c.article_id).where(
                dedup_signatures.c.article_id == key
            )
            return conn.execute(query).first() is not None

    def check(self, key: str, body_text: str) -> str | None:
        return self.check_signature(key, None if key in self else self.minhash(body_text))

    def check_signature(self, key: str, signature: MinHash | None) -> str | None:
        """The canonical copy of article ``key`` (itself for an exact copy), or None,
        noting it as canonical (pending). None will do as signature for a key seen."""
        return self.check_many([(key, signature)])[0]

    def check_many(self, items: Sequence[tuple[str, MinHash | None]]) -> list[str | None]:
        """``check_signature`` for each ``(key, signature)`` in order, a later one seeing
        the earlier ones. Two queries for the lot, whatever its size: the runners
        settle a chunk at a time, and a round trip per article would cost more than
        the lookup (on PostgreSQL over a network, far more)."""
        wanted = [_Wanted.of(key, sig) for key, sig in items]
        stored, found = self._lookup(wanted)
        out: list[str | None] = []
        for key, values, bands in wanted:
            if key in self._pending or key in stored:
                out.append(key)
                continue
            if values is None:
                raise ValueError(f"no signature for {key!r}, which is not in the index")
            out.append(self._best(values, bands, found))
            if out[-1] is None:
                self._note(key, values, bands)
        return out

    def _lookup(self, wanted: Sequence[_Wanted]) -> tuple[set[str], dict[int, list[Body]]]:
        """The keys already stored, and the stored bodies in the bands of the others, by
        band. Both through primary keys: ``dedup_signatures.article_id`` and
        ``dedup_bands (band, article_id)``."""
        import numpy as np

        keys = [key for key, _, _ in wanted if key not in self._pending]
        if not keys:
            return set(), {}
        if not self._caught_up:  # a corpus stored before the index was kept in it
            catch_up(self.engine)
            self._caught_up = True
        bands = sorted({band for _, _, held in wanted for band in held})
        with read_transaction(self.engine) as conn:
            column = dedup_signatures.c.article_id
            stored = set(conn.execute(select(column).where(column.in_(keys))).scalars())
            # Two steps, each through a primary key. One join let PostgreSQL hash the
            # whole signatures table (a scan per chunk, growing with the corpus).
            hits = conn.execute(
                select(dedup_bands.c.band, dedup_bands.c.article_id).where(
                    dedup_bands.c.band.in_(bands)
                )
            ).all()
            ids = sorted({str(article_id) for _, article_id in hits})
            signed: dict[str, Body] = {}
            if ids:
                query = select(
                    dedup_signatures.c.article_id,
                    dedup_signatures.c.seen,
                    dedup_signatures.c.signature,
                ).where(dedup_signatures.c.article_id.in_(ids))
                for article_id, seen, blob in conn.execute(query):
                    values = np.frombuffer(blob, dtype=np.uint64)
                    signed[str(article_id)] = Body(str(article_id), (0, seen), values, ())
        found: dict[int, list[Body]] = {}
        for band, article_id in hits:
            body = signed.get(str(article_id))
            if body is not None:
                found.setdefault(band, []).append(body)
        return stored, found

    def _best(
        self, values: Values, bands: tuple[int, ...], found: Mapping[int, list[Body]]
    ) -> str | None:
        """The most similar canonical body at or above the threshold, the one seen first
        on a tie; stored ones were all seen before pending ones."""
        candidates: dict[str, Body] = {}
        for band in bands:
            for body in found.get(band, ()):
                candidates[body.article_id] = body
            for article_id in self._pending_bands.get(band, ()):
                candidates[article_id] = self._pending[article_id]
        best: tuple[float, tuple[int, int], str] | None = None
        for body in candidates.values():
            score = similarity(values, body.values)
            if score >= self.threshold and (
                best is None or (score, _negated(body.order)) > (best[0], _negated(best[1]))
            ):
                best = (score, body.order, body.article_id)
        return best[2] if best is not None else None

    def _note(self, key: str, values: Values, bands: tuple[int, ...]) -> None:
        self._pending[key] = Body(key, (1, self._counter), values, bands)
        self._counter += 1
        for band in bands:
            self._pending_bands.setdefault(band, []).append(key)

    def pending(self, key: str) -> Values | None:
        """The signature of a body found canonical in this process and not yet stored."""
        body = self._pending.get(key)
        return body.values if body is not None else None

    def committed(self, keys: Iterable[str]) -> None:
        """Forget the pending bodies of articles whose batch has been committed (stored
        now, or stored before by another writer). Call only after the commit: a batch
        rolled back must leave them pending."""
        for key in keys:
            body = self._pending.pop(key, None)
            if body is None:
                continue
            for band in body.bands:
                held = self._pending_bands[band]
                held.remove(key)
                if not held:
                    del self._pending_bands[band]

    def held(self) -> int:
        """Bodies held in this process (pending): the in-flight window, not the corpus."""
        return len(self._pending)

    def __len__(self) -> int:
        with read_transaction(self.engine) as conn:
            count = select(func.count()).select_from(dedup_signatures)
            return int(conn.execute(count).scalar_one()) + len(self._pending)


@cache
def _default_signer() -> Deduplicator:
    """One per process: making one works out LSH bands, which costs more than signing."""
    return Deduplicator()


def _negated(order: tuple[int, int]) -> tuple[int, int]:
    return (-order[0], -order[1])


def record(
    conn: Connection,
    articles: Sequence[Article],
    index: StoredDuplicateIndex | None = None,
) -> int:
    """Write the canonical bodies of newly stored articles (``duplicate_of`` None) in the
    caller's transaction, the one that writes the articles, in order: their signature
    as the index found it (``index.pending``), else signed here (articles stored with
    ``Corpus.add`` or ``onrecord load``, deduplicated elsewhere). Returns how many."""
    canonical = {a.id: a for a in articles if a.duplicate_of is None}
    if not canonical:
        return 0
    column = dedup_signatures.c.article_id
    known = set(conn.execute(select(column).where(column.in_(list(canonical)))).scalars())
    sign = index.minhash if index is not None else _default_signer().minhash
    bodies: list[tuple[str, Values]] = []
    for key, article in canonical.items():
        if key in known:
            continue
        values = index.pending(key) if index is not None else None
        bodies.append((key, values if values is not None else _values(sign(body_text(article)))))
    _write_bodies(conn, bodies)
    return len(bodies)


def _write_bodies(conn: Connection, bodies: Sequence[tuple[str, Values]]) -> None:
    """Signature and band rows, ``seen`` in the order given, after every body stored."""
    if not bodies:
        return
    seen = int(
        conn.execute(select(func.coalesce(func.max(dedup_signatures.c.seen), -1) + 1)).scalar_one()
    )
    conn.execute(
        insert(dedup_signatures),
        [
            {"article_id": key, "seen": seen + offset, "signature": values.tobytes()}
            for offset, (key, values) in enumerate(bodies)
        ],
    )
    conn.execute(
        insert(dedup_bands),
        [{"band": b, "article_id": key} for key, values in bodies for b in band_keys(values)],
    )


# Articles signed per transaction when indexing a corpus stored before the index was kept.
CATCH_UP_CHUNK = 500


def catch_up(engine: Engine) -> int:
    """Index the canonical articles stored without their bodies (by a version that kept
    the index in memory), in the order they were stored; returns how many. Each chunk
    commits alone: the articles are already in, so what is indexed stays right if the
    run stops, and the next call goes on. One scan when there is nothing to do."""
    done = 0
    after = 0
    missing = ~exists().where(dedup_signatures.c.article_id == articles.c.id)
    while True:
        with write_transaction(engine) as conn:
            rows = conn.execute(
                select(articles.c.pk, articles.c.id, articles.c.text, articles.c.body)
                .where(articles.c.pk > after, articles.c.duplicate_of.is_(None), missing)
                .order_by(articles.c.pk)
                .limit(CATCH_UP_CHUNK)
            ).all()
            if not rows:
                return done
            signer = _default_signer()
            bodies = []
            for _, key, text, body in rows:
                spans = [Span.from_json(span) for span in json.loads(body)]
                bodies.append((str(key), _values(signer.minhash(_joined(text, spans)))))
            _write_bodies(conn, bodies)
        done += len(rows)
        after = rows[-1][0]
