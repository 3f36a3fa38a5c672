"""Analysts' corrections through the API and the pages: who, when, what.

Every correction goes through ``Corpus.correct``, which checks it, records it and
re-links, so every page shows the result at once and every later link re-applies it:
people-level ones (merge, split, rename) change the people list; attribution-level ones
(``reject``: this attribution is wrong; ``reassign``: its speaker is someone else) take
the attribution off its speaker's statements, or give it to the analyst's speaker;
``undo`` withdraws one. The audit trail is one list. Attribution ids are stable
(``<article id>:<n>``, the article id being a hash of its text), so re-ingesting the
same articles keeps every correction pointing at the same attribution.

A correction the store refuses stores nothing and is an error of the one shape: 404
when a name or id is unknown (``detail.candidates``: the closest names), 409 when a
name is ambiguous (``detail.candidates``: every entity it names, to retry by id) or
the correction is at odds with the corpus (a repeat, a merge of one with itself).
"""

from __future__ import annotations

import os
from dataclasses import asdict

from onrecord.api.errors import ApiError, Conflict, NotFound
from onrecord.api.schemas import AnyCorrection, CorrectionOut
from onrecord.errors import CorrectionError
from onrecord.store import Corpus
from onrecord.store.views import CorrectionRecord

DEFAULT_ANALYST = "analyst"


def analyst(by: str | None) -> str:
    name = (by or "").strip()
    return name or os.environ.get("ONRECORD_ANALYST") or DEFAULT_ANALYST


def record(corpus: Corpus, change: AnyCorrection) -> CorrectionOut:
    """Check a correction against the corpus, store it, and return it as stored."""
    by = analyst(change.by)
    try:
        made = corpus.correct(
            change.action, change.subject.strip(), change.argument(), by, change.note
        )
    except CorrectionError as exc:
        raise refusal(exc) from exc
    stored = corpus.correction_record(made[-1].pk)
    assert stored is not None  # just written, and corrections are never deleted
    return _out(stored)


def refusal(exc: CorrectionError) -> ApiError:
    """The API error for a refused correction, with the entities to choose from."""
    detail = {"reason": exc.kind, "candidates": [asdict(c) for c in exc.candidates]}
    if exc.kind == "unknown":
        return NotFound(exc.message, detail)
    return Conflict(exc.message, detail)


def _out(record: CorrectionRecord) -> CorrectionOut:
    return CorrectionOut(**asdict(record))


def list_all(
    corpus: Corpus, newest_first: bool = False, limit: int | None = None, offset: int = 0
) -> list[CorrectionOut]:
    return [_out(r) for r in corpus.correction_list(newest_first, limit, offset)]
