"""Exchanges at read time: what one statement answers, and what answers it.

Exchanges are not stored: statement ids change as earlier reports arrive and people are
merged, and an exchange is only ever wanted beside one statement. So a statement page
finds its candidates in indexed lookups, each with a ``LIMIT``:

- statements whose targets name this one's speaker (any of their names, or the linked
  id) or the country they speak for: those that may answer it, or that it answers
  about its own side;
- statements by the people and organisations it names: those it may answer;
- other statements of its speaker: those it may repeat;
- reports with ``quoted_by``: one speaker citing another's words.

The rules (``onrecord.link.exchanges``) then pick the exchanges among them. The cost
is that of a few indexed reads and at most ``CANDIDATES`` statements per lookup,
whatever the size of the corpus.

Analysts confirm or remove an exchange with an ``exchange`` correction. It names the
two statements by attributions (their first reports when it was made), since those ids
outlive re-ingest and relinks: ``subject`` is the later one, ``argument`` holds
``earlier``, ``verdict`` (``confirm`` or ``remove``) and, for a confirmed link the
rules do not find, its ``relation``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, func, select

from onrecord.about.countries import countries_in, country_names
from onrecord.link import looks_like_id
from onrecord.link.exchanges import (
    RELATIONS,
    Said,
    as_written,
    content_words,
    exchanges_for,
    is_question,
    named_in,
    sides_of,
)
from onrecord.link.records import LATE
from onrecord.store.about_rows import load_about, target_key
from onrecord.store.linkindex import chunks
from onrecord.store.schema import (
    aliases,
    attribution_targets,
    attributions,
    corrections,
    person_roles,
    statement_reports,
    statements,
)

CANDIDATES = 100  # statements read per lookup
SHOWN = 8  # exchanges shown each way
EXCHANGE = "exchange"
VERDICTS = ("confirm", "remove")
IN_LIST = 500
BATCH_MOST = 2_000  # index entries read per query, at most, by _naming


@dataclass(frozen=True, slots=True)
class Brief:
    """A statement as an exchange shows it."""

    id: str
    speaker: str
    speaker_id: str | None
    words: str
    date: str | None
    outlet: str | None
    attribution_id: str  # its first report: what a correction of the link names


@dataclass(slots=True)
class ExchangeView:
    """One exchange beside a statement: ``later`` answers (rejects, cites, repeats)
    ``earlier``; ``verdict`` is an analyst's, when one was given."""

    relation: str
    later: Brief
    earlier: Brief
    shared_words: list[str] = field(default_factory=list)
    named: str | None = None
    order: str = "undated"
    score: float = 0.0
    verdict: str | None = None
    correction: int | None = None

    def evidence(self) -> dict[str, Any]:
        return {"shared_words": self.shared_words, "named": self.named, "order": self.order}


def statement_exchanges(conn: Connection, statement_id: str) -> list[ExchangeView] | None:
    """The exchanges of one statement, earliest first (``None``: no such statement)."""
    said = _load(conn, [statement_id])
    if statement_id not in said:
        return None
    this = said[statement_id]
    every = _load(conn, sorted(_candidates(conn, this) - {statement_id}))
    strongest = exchanges_for(this.said, [o.said for o in every.values()], limit=SHOWN)
    every[statement_id] = this
    found: dict[tuple[str, str], ExchangeView] = {}
    for e in strongest:
        found[(e.later, e.earlier)] = ExchangeView(
            e.relation, every[e.later].brief, every[e.earlier].brief, list(e.shared_words),
            e.named, e.order, e.score,
        )  # fmt: skip
    cited = _citations(conn, statement_id)
    every.update(_load(conn, {s for pair in cited for s in pair} - set(every)))
    for later, earlier in sorted(cited):
        if (later, earlier) not in found and later in every and earlier in every:
            quoted, source = every[later].said, every[earlier].said
            words = as_written(quoted.content() & source.content(), quoted.words, source.words)
            found[(later, earlier)] = ExchangeView(
                "cites", every[later].brief, every[earlier].brief, list(words),
                order=_order(every, later, earlier),
            )  # fmt: skip
    _apply_verdicts(conn, this, found, every)
    return sorted(found.values(), key=_date_order)


# -- loading ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Loaded:
    said: Said
    brief: Brief
    attribution_ids: set[str]
    target_keys: set[str]


def _load(conn: Connection, ids: Iterable[str]) -> dict[str, _Loaded]:
    """Statements as the rules see them, read in a few queries per chunk."""
    found: dict[str, _Loaded] = {}
    for part in chunks(sorted(set(ids))):
        rows = conn.execute(
            select(
                statements.c.id,
                statements.c.person_id,
                statements.c.organisation_id,
                statements.c.speaker,
                statements.c.words,
                statements.c.first_attribution_id,
                statements.c.first_article_id,
                statements.c.first_published,
                statements.c.first_outlet,
            ).where(statements.c.id.in_(part))
        ).all()
        firsts = [r.first_attribution_id for r in rows]
        about = load_about(conn, firsts)
        details = {
            r.id: r
            for r in conn.execute(
                select(
                    attributions.c.id, attributions.c.act, attributions.c.role,
                    attributions.c.affiliation, attributions.c.content_start,
                ).where(attributions.c.id.in_(firsts))
            )
        }  # fmt: skip
        speakers = {r.person_id or r.organisation_id for r in rows} - {None}
        names = _speaker_names(conn, speakers)
        roles = _roles(conn, speakers)
        members: dict[str, set[str]] = defaultdict(set)
        for sid, aid in conn.execute(
            select(statement_reports.c.statement_id, statement_reports.c.attribution_id).where(
                statement_reports.c.statement_id.in_(part),
                statement_reports.c.quoted_by_name.is_(None),
            )
        ):
            members[sid].add(aid)
        addressed = _addressed(
            conn, {(r.first_article_id, r.person_id or r.organisation_id) for r in rows}
        )
        for r in rows:
            detail = details.get(r.first_attribution_id)
            what = about.get(r.first_attribution_id)
            targets = what.targets if what else []
            speaker_id = r.person_id or r.organisation_id
            role = detail.role if detail else None
            affiliation = detail.affiliation if detail else None
            said = Said(
                statement_id=r.id,
                speaker_id=speaker_id,
                speaker=r.speaker,
                date=(r.first_published or "")[:10] or LATE,
                act=detail.act if detail else None,
                words=r.words,
                named=named_in(r.words, [t.text for t in targets], [t.id for t in targets if t.id])
                | {target_key(t.text) for t in targets}
                | addressed.get((r.first_article_id, speaker_id), frozenset()),
                speaker_names=frozenset(
                    names.get(speaker_id or "", set()) | {target_key(r.speaker)}
                ),
                sides=sides_of(r.speaker, role, affiliation).union(
                    *(sides_of(None, *held) for held in roles.get(speaker_id or "", []))
                ),
                topics=frozenset(what.topics if what else ()),
                stems=content_words(r.words),
                article_id=r.first_article_id,
                position=detail.content_start if detail else None,
                answerer=_asked(conn, r, detail) if is_question(r.words) else None,
            )
            brief = Brief(
                r.id, r.speaker, speaker_id, r.words, r.first_published, r.first_outlet,
                r.first_attribution_id,
            )  # fmt: skip
            keys = {target_key(t.text) for t in targets} - {""}
            found[r.id] = _Loaded(said, brief, members[r.id] | {r.first_attribution_id}, keys)
    return found


def _addressed(
    conn: Connection, pairs: set[tuple[str, str | None]]
) -> dict[tuple[str, str | None], frozenset[str]]:
    """Whom each speaker names anywhere in an article (their statements' targets), by
    (article, speaker): "rejected the US remarks" in one sentence addresses the US in
    the speaker's next one too."""
    wanted = {p for p in pairs if p[1]}
    a = attributions
    said: dict[tuple[str, str | None], list[str]] = defaultdict(list)
    for part in chunks(sorted({article for article, _ in wanted})):
        for row in conn.execute(
            select(a.c.id, a.c.article_id, a.c.person_id, a.c.organisation_id).where(
                a.c.article_id.in_(part)
            )
        ):
            key = (row.article_id, row.person_id or row.organisation_id)
            if key in wanted:
                said[key].append(row.id)
    about = load_about(conn, [ident for ids in said.values() for ident in ids])
    found: dict[tuple[str, str | None], frozenset[str]] = {}
    for key, ids in said.items():
        named: set[str] = set()
        for ident in ids:
            for t in about[ident].targets:
                named |= _target_names(t.text)
                if t.id:
                    named.add(t.id)
        found[key] = frozenset(named)
    return found


@lru_cache(maxsize=1 << 15)
def _target_names(text: str) -> frozenset[str]:
    """How a target names someone: its words as compared, and the countries in it."""
    return frozenset({target_key(text), *countries_in(text)}) - {""}


def _asked(conn: Connection, statement: Any, first: Any) -> str | None:
    """Whom a question was put to: the next other speaker in its first article."""
    if first is None or first.content_start is None:
        return None
    a = attributions
    speaker = func.coalesce(a.c.person_id, a.c.organisation_id)
    found = conn.execute(
        select(speaker)
        .where(
            a.c.article_id == statement.first_article_id,
            a.c.content_start > first.content_start,
            speaker.is_not(None),
            speaker != (statement.person_id or statement.organisation_id or ""),
        )
        .order_by(a.c.content_start)
        .limit(1)
    ).scalar()
    return str(found) if found else None


def _roles(conn: Connection, ids: set[str]) -> dict[str, list[tuple[str, str]]]:
    """People's roles across the corpus (role, affiliation), their most reported first:
    what side a spokesman speaks for is often said in another article."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for part in chunks(sorted(i for i in ids if i.startswith("P"))):
        rows = conn.execute(
            select(
                person_roles.c.person_id, person_roles.c.role, person_roles.c.affiliation,
                person_roles.c.mentions,
            ).where(person_roles.c.person_id.in_(part))
        ).all()  # fmt: skip
        for row in sorted(rows, key=lambda r: (-r.mentions, r.role, r.affiliation)):
            if len(found[row.person_id]) < 20:
                found[row.person_id].append((row.role, row.affiliation))
    return found


def _speaker_names(conn: Connection, ids: set[str]) -> dict[str, set[str]]:
    """Each speaker's names, as ``target_key`` writes them; a speaker known by a great
    many spellings keeps its most used."""
    found: dict[str, set[str]] = defaultdict(set)
    for part in chunks(sorted(ids)):
        rows = conn.execute(
            select(aliases.c.owner_id, aliases.c.alias, aliases.c.mentions).where(
                aliases.c.owner_id.in_(part)
            )
        ).all()
        for owner, alias, _ in sorted(rows, key=lambda r: (-r.mentions, r.alias)):
            if len(found[owner]) < 50 and (key := target_key(alias)):
                found[owner].add(key)
    return found


# -- candidates --------------------------------------------------------------------------


def _candidates(conn: Connection, this: _Loaded) -> set[str]:
    said = this.said
    t = attribution_targets
    keys = set(said.speaker_names)
    for side in said.sides:
        keys |= {target_key(name) for name in country_names(side)}
    keys.discard("")
    found: set[str] = set()
    if keys:
        found |= _naming(conn, t.c.folded, keys)
    if said.speaker_id:
        found |= _naming(conn, t.c.entity_id, {said.speaker_id})
        column = (
            statements.c.person_id
            if said.speaker_id.startswith("P")
            else statements.c.organisation_id
        )
        found |= set(
            conn.execute(
                select(statements.c.id).where(column == said.speaker_id).limit(CANDIDATES)
            ).scalars()
        )
    # Statements about what this one is about: a side answering the other about their
    # country names the country, not the spokesman ("the US remarks").
    if this.target_keys:
        found |= _naming(conn, t.c.folded, this.target_keys)
    named_ids = [n for n in said.named if looks_like_id(n)]
    named_texts = sorted(n for n in said.named if not looks_like_id(n))
    if named_texts:
        named_ids += list(
            conn.execute(
                select(aliases.c.owner_id)
                .where(aliases.c.alias.in_(named_texts[:IN_LIST]))
                .distinct()
                .limit(CANDIDATES)
            ).scalars()
        )
    for ident in sorted(set(named_ids) - {said.speaker_id}):
        column = statements.c.person_id if ident.startswith("P") else statements.c.organisation_id
        found |= set(
            conn.execute(select(statements.c.id).where(column == ident).limit(CANDIDATES)).scalars()
        )
    return {s for s in found if s}


def _naming(conn: Connection, column: Any, values: set[str]) -> set[str]:
    """The first ``CANDIDATES`` statements with a target whose ``column`` (``folded`` or
    ``entity_id``) is one of ``values``, in that column's index order.

    SQLite reads them in one ``SELECT DISTINCT ... LIMIT``, which it stops as soon as
    it has enough. PostgreSQL has no streaming DISTINCT: it walks every attribution in
    statement order instead, probing its targets (seconds on a large corpus). There we
    read the index in batches that grow, each a plain ordered ``LIMIT`` it stops early,
    and keep the distinct statements until we have enough: the statements SQLite finds
    (PostgreSQL's order under a C locale being SQLite's). Not batches on SQLite too: the
    rows of statements already found would all come back to Python."""
    t, a = attribution_targets, attributions
    if conn.dialect.name == "sqlite":
        distinct = (
            select(a.c.statement_id)
            .join(t, t.c.attribution_id == a.c.id)
            .where(a.c.statement_id.is_not(None), column.in_(sorted(values)))
            .distinct()
            .limit(CANDIDATES)
        )
        return set(conn.execute(distinct).scalars())
    batch = select(column, t.c.attribution_id, a.c.statement_id).join(
        a, a.c.id == t.c.attribution_id
    )
    batch = batch.where(a.c.statement_id.is_not(None)).order_by(column, t.c.attribution_id)
    found: set[str] = set()
    rest = sorted(values)
    part_read: tuple[str, str] | None = None  # a value read up to an attribution
    after: str | None = None  # values up to this one are read, as the database orders them
    size = min(2 * CANDIDATES, BATCH_MOST)
    while len(found) < CANDIDATES and rest:
        if part_read is None:
            query = batch.where(column.in_(rest))
            if after is not None:  # its collation, which may not be Python's order
                query = query.where(column > after)
        else:
            query = batch.where(column == part_read[0], t.c.attribution_id > part_read[1])
        rows = conn.execute(query.limit(size)).all()
        for row in rows:
            if len(found) == CANDIDATES:
                break
            found.add(row.statement_id)
        if len(rows) < size:
            if part_read is None:
                break
            part_read = None
        else:
            part_read = (rows[-1][0], rows[-1].attribution_id)
            after = part_read[0]
        size = min(2 * size, BATCH_MOST)
    return found


def _citations(conn: Connection, statement_id: str) -> set[tuple[str, str]]:
    """(later, earlier) statement pairs where one quotes the other's words: reports of
    this statement by someone else, and this statement's own words reported as another's."""
    r, a = statement_reports, attributions
    quoting = (
        select(a.c.statement_id, r.c.statement_id)
        .join(a, a.c.id == r.c.attribution_id)
        .where(r.c.quoted_by_name.is_not(None), a.c.statement_id.is_not(None))
    )
    pairs = set(conn.execute(quoting.where(r.c.statement_id == statement_id).limit(CANDIDATES)))
    pairs |= set(conn.execute(quoting.where(a.c.statement_id == statement_id).limit(CANDIDATES)))
    return {(later, earlier) for later, earlier in pairs if later != earlier}


# -- verdicts ----------------------------------------------------------------------------


def _apply_verdicts(
    conn: Connection,
    this: _Loaded,
    found: dict[tuple[str, str], ExchangeView],
    known: dict[str, _Loaded],
) -> None:
    """Analysts' confirmations and removals, the latest for each pair winning. A
    confirmed link the rules no longer find is still shown, as confirmed."""
    rows = conn.execute(
        select(corrections.c.pk, corrections.c.subject, corrections.c.argument)
        .where(corrections.c.action == EXCHANGE, corrections.c.undone_by.is_(None))
        .order_by(corrections.c.pk)
    ).all()
    mine = this.attribution_ids
    owner = {aid: sid for sid, loaded in known.items() for aid in loaded.attribution_ids}
    for pk, subject, argument in rows:
        args = json.loads(argument)
        earlier_attr = str(args.get("earlier") or "")
        if subject not in mine and earlier_attr not in mine:
            continue
        other_attr = earlier_attr if subject in mine else subject
        other = owner.get(other_attr) or _statement_of(conn, other_attr)
        if other is None or other == this.said.statement_id:
            continue
        if other not in known:
            known.update(_load(conn, [other]))
        pair = (
            (this.said.statement_id, other) if subject in mine else (other, this.said.statement_id)
        )
        verdict = args.get("verdict")
        if verdict == "remove":
            found.pop(pair, None)
            continue
        view = found.get(pair)
        if view is None:
            relation = args.get("relation") if args.get("relation") in RELATIONS else "answers"
            view = ExchangeView(
                str(relation), known[pair[0]].brief, known[pair[1]].brief,
                order=_order(known, *pair),
            )  # fmt: skip
            found[pair] = view
        view.verdict, view.correction = "confirmed", pk


def _statement_of(conn: Connection, attribution_id: str) -> str | None:
    return conn.execute(
        select(attributions.c.statement_id).where(attributions.c.id == attribution_id)
    ).scalar()


# -- helpers -----------------------------------------------------------------------------


def _order(known: dict[str, _Loaded], later: str, earlier: str) -> str:
    a, b = known[later].said.date, known[earlier].said.date
    if LATE in (a, b):
        return "undated"
    return "same day" if a == b else "later"


def _date_order(view: ExchangeView) -> tuple[str, str, str]:
    return ((view.earlier.date or LATE)[:10], (view.later.date or LATE)[:10], view.later.id)
