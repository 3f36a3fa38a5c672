"""Analysts' corrections through the API and the pages: who, when, what.

Every correction goes through ``Corpus.correct``, which records it and re-links, so
every page shows the result at once and every later link re-applies it: people-level
ones (merge, split, rename) change the people list; attribution-level ones (``reject``:
this attribution is wrong; ``reassign``: its speaker is someone else) take the
attribution off its speaker's statements, or give it to the analyst's speaker. The
audit trail is one list. Attribution ids are stable (``<article id>:<n>``, the article
id being a hash of its text), so re-ingesting the same articles keeps every correction
pointing at the same attribution.
"""

from __future__ import annotations

import os
from dataclasses import asdict

from onrecord.api.errors import Conflict, NotFound
from onrecord.api.schemas import AnyCorrection, CorrectionOut, MergeIn
from onrecord.link import ATTRIBUTION_ACTIONS
from onrecord.store import Corpus
from onrecord.store.views import CorrectionRecord

DEFAULT_ANALYST = "analyst"


def analyst(by: str | None) -> str:
    name = (by or "").strip()
    return name or os.environ.get("ONRECORD_ANALYST") or DEFAULT_ANALYST


def record(corpus: Corpus, change: AnyCorrection) -> CorrectionOut:
    """Check a correction against the corpus, store it, and return it as stored."""
    by = analyst(change.by)
    subject = change.subject.strip()
    if change.action in ATTRIBUTION_ACTIONS:
        _check_attribution(corpus, subject)
    else:
        _check_names(corpus, change, subject)
    made = corpus.correct(change.action, subject, change.argument(), by, change.note)
    stored = corpus.correction_record(made[-1].pk)
    assert stored is not None  # just written, and corrections are never deleted
    return _out(stored)


def _check_names(corpus: Corpus, change: AnyCorrection, subject: str) -> None:
    """A correction must name people exactly (the linker finds them by name or alias)."""
    other = change.other.strip() if isinstance(change, MergeIn) else ""
    if other and other.lower() == subject.lower():
        raise Conflict("A merge needs two different names")
    for name in [subject, other] if other else [subject]:
        if corpus.entity_by_name(name) is None:
            raise NotFound(
                f"No person or organisation called {name!r}: use a name or alias "
                "shown on a person page"
            )


def _check_attribution(corpus: Corpus, subject: str) -> None:
    if not corpus.attribution_exists(subject):
        raise NotFound(f"No attribution {subject!r}: use an id like '<article id>:0'")


def _out(record: CorrectionRecord) -> CorrectionOut:
    return CorrectionOut(**asdict(record))


def list_all(
    corpus: Corpus, newest_first: bool = False, limit: int | None = None, offset: int = 0
) -> list[CorrectionOut]:
    return [_out(r) for r in corpus.correction_list(newest_first, limit, offset)]
