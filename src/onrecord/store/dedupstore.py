"""Near-duplicate detection kept in the store, so memory does not grow with the corpus.

``StoredDuplicateIndex`` answers as ``onrecord.run.pipeline.DuplicateIndex`` does
(same MinHash, threshold and tie-break: the most similar canonical body, the one seen
first on a tie) but keeps nothing in the process: an exact copy is found by its content
hash (the article id) in ``dedup_signatures``; a near copy by its LSH bands, one indexed
row each in ``dedup_bands``, then verified on the stored signature. A later run, or a
second machine writing to the same database, sees every canonical body stored before.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy import Engine, func, insert, select

from onrecord.link.duplicates import CANDIDATE_MARGIN, NUM_PERM, THRESHOLD, Deduplicator
from onrecord.store.engine import read_transaction, write_transaction
from onrecord.store.schema import dedup_bands, dedup_signatures

if TYPE_CHECKING:
    from datasketch import MinHash


class StoredDuplicateIndex:
    """Canonical bodies and their LSH bands, in the corpus database."""

    def __init__(
        self, engine: Engine, threshold: float = THRESHOLD, num_perm: int = NUM_PERM
    ) -> None:
        self.engine = engine
        self.threshold = threshold
        self.num_perm = num_perm
        from datasketch import MinHashLSH  # brings scipy: imported when first used

        # The same banding (b bands of r rows) the in-memory index would choose.
        lsh = MinHashLSH(threshold=max(threshold - CANDIDATE_MARGIN, 0.1), num_perm=num_perm)
        self.bands, self.rows = lsh.b, lsh.r
        self._signer = Deduplicator(threshold, num_perm)

    def minhash(self, body_text: str) -> MinHash:
        return self._signer.minhash(body_text)

    def band_keys(self, signature: MinHash) -> list[int]:
        values = np.asarray(signature.hashvalues, dtype=np.uint64)
        keys = []
        for band in range(self.bands):
            chunk = values[band * self.rows : (band + 1) * self.rows].tobytes()
            digest = hashlib.blake2b(band.to_bytes(2, "big") + chunk, digest_size=8).digest()
            keys.append(int.from_bytes(digest, "big") >> 1)
        return keys

    def __contains__(self, key: object) -> bool:
        with read_transaction(self.engine) as conn:
            query = select(dedup_signatures.c.article_id).where(
                dedup_signatures.c.article_id == key
            )
            return conn.execute(query).first() is not None

    def check(self, key: str, body_text: str) -> str | None:
        return self.check_signature(key, None if key in self else self.minhash(body_text))

    def check_signature(self, key: str, signature: MinHash | None) -> str | None:
        """The canonical copy of article ``key`` (itself for an exact copy), or None,
        recording it as canonical. None will do as signature for a key already seen."""
        with write_transaction(self.engine) as conn:
            exact = select(dedup_signatures.c.article_id).where(
                dedup_signatures.c.article_id == key
            )
            if conn.execute(exact).first() is not None:
                return key
            if signature is None:
                raise ValueError(f"no signature for {key!r}, which is not in the index")
            bands = self.band_keys(signature)
            candidates = select(dedup_bands.c.article_id).where(dedup_bands.c.band.in_(bands))
            found = conn.execute(
                select(
                    dedup_signatures.c.article_id,
                    dedup_signatures.c.seen,
                    dedup_signatures.c.signature,
                ).where(dedup_signatures.c.article_id.in_(candidates.distinct()))
            ).all()
            mine = np.asarray(signature.hashvalues, dtype=np.uint64)
            best: tuple[float, int, str] | None = None
            for other, seen, blob in found:
                theirs = np.frombuffer(blob, dtype=np.uint64)
                score = float(np.count_nonzero(mine == theirs)) / len(mine)
                if score >= self.threshold and (
                    best is None or (score, -seen) > (best[0], -best[1])
                ):
                    best = (score, seen, str(other))
            if best is not None:
                return best[2]
            seen_next = conn.execute(
                select(func.coalesce(func.max(dedup_signatures.c.seen), -1) + 1)
            ).scalar_one()
            conn.execute(
                insert(dedup_signatures).values(
                    article_id=key, seen=int(seen_next), signature=mine.tobytes()
                )
            )
            conn.execute(
                insert(dedup_bands), [{"band": b, "article_id": key} for b in sorted(set(bands))]
            )
            return None

    def __len__(self) -> int:
        with read_transaction(self.engine) as conn:
            count = select(func.count()).select_from(dedup_signatures)
            return int(conn.execute(count).scalar_one())
