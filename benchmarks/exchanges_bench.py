"""Exchanges against the hand-checked set: who answered, rejected, cited or repeated whom.

``benchmarks/exchanges_gold.jsonl`` lists, for the 21 PolNeAR dev texts of the about set,
every exchange with at least one side among that set's 164 statements, both sides being
attributions the extractor finds (content offsets), annotated by the rules in
``docs/exchanges-annotation.md``. Each text is parsed, its attributions extracted and
described (``onrecord.about``), and the exchange rules (``onrecord.link.exchanges``) run
over every ordered pair of them, as the store runs them over a statement's candidates;
the speaker's other words in the same article count towards whom a statement names, as
in the store. Scored are the predicted exchanges touching a statement of the set: a hit
has the gold pair in the gold order; the relation is scored on hits.

Within one article every pair is dated the same day, so "repeats" (a later date) and
"cites" from quotation (another article) cannot be predicted here: those gold links count
against recall, which is the honest figure for what the rules see in one article.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from onrecord.about import about_attributions, load_topics
from onrecord.about.countries import countries_in
from onrecord.extract import find_attributions
from onrecord.link import fold
from onrecord.link.exchanges import (
    Said,
    content_words,
    exchange_between,
    named_in,
    next_speakers,
    sides_of,
)
from onrecord.model import Attribution
from onrecord.nlp import load_pipeline
from onrecord.resolve import find_mentions, resolve_speakers
from onrecord.store.about_rows import target_key

GOLD = Path(__file__).with_name("exchanges_gold.jsonl")
UNITS = Path(__file__).with_name("about_gold.jsonl")
DAY = "2016-01-01"  # one article: every statement on one day


def _key(spans: Any) -> tuple[tuple[int, int], ...]:
    return tuple((int(s[0]), int(s[1])) for s in spans)


def _names(speaker: str) -> frozenset[str]:
    folded = fold(speaker)
    words = folded.split()
    return frozenset({folded, words[-1]} if words else set())


def _said(text: str, found: list[Attribution], doc_id: str) -> dict[tuple[Any, ...], Said]:
    """Each attribution as the rules see it, keyed by its content spans."""
    words = {id(a): " ".join(text[s.start : s.end] for s in a.content) for a in found}
    addressed: dict[str, set[str]] = defaultdict(set)  # as the store reads it: targets
    for a in found:
        if a.speaker:
            for t in a.targets:
                addressed[fold(a.speaker)] |= {target_key(t.text), *countries_in(t.text)}
    in_order = sorted(found, key=lambda a: a.content[0].start)
    asked = dict(
        zip(
            map(id, in_order),
            next_speakers([(fold(a.speaker or "") or None, words[id(a)]) for a in in_order]),
            strict=True,
        )
    )
    said = {}
    for a in found:
        key = _key(s.to_json() for s in a.content)
        speaker = a.speaker or a.source_text or ""
        targets = [t.text for t in a.targets]
        said[key] = Said(
            statement_id=repr(key),
            speaker_id=fold(speaker) or None,
            speaker=speaker,
            date=DAY,
            act=a.act,
            words=words[id(a)],
            named=named_in(words[id(a)], targets, [])
            | {target_key(t) for t in targets}
            | frozenset(addressed.get(fold(speaker), ())),
            speaker_names=_names(speaker),
            sides=sides_of(speaker, a.role, a.affiliation),
            topics=frozenset(a.topics),
            stems=content_words(words[id(a)]),
            article_id=doc_id,
            position=a.content[0].start,
            answerer=asked[id(a)],
        )
    return said


def quality(data: Path, part: str = "all", show: bool = False) -> dict[str, Any]:
    rows = [json.loads(line) for line in GOLD.read_text("utf-8").splitlines() if line.strip()]
    checked = sorted({r["doc"] for r in rows if r.get("checked")})
    if part != "all":  # the about set's split: only "tune" errors are ever looked at
        tune = set(checked[::2])
        checked = [d for d in checked if (d in tune) == (part == "tune")]
    rows = [r for r in rows if r["doc"] in checked]
    gold = {
        (r["doc"], _key(r["later"]), _key(r["earlier"])): r["relation"]
        for r in rows
        if "relation" in r
    }
    units = {
        (r["doc"], _key(r["content"]))
        for line in UNITS.read_text("utf-8").splitlines()
        if line.strip() and (r := json.loads(line))
    }
    texts = data / "polnear" / "dev" / "text"
    nlp, topics = load_pipeline(), load_topics()
    predicted: dict[tuple[str, Any, Any], str] = {}
    extracted: set[tuple[str, Any]] = set()
    for name in checked:
        text = (texts / f"{name}.txt").read_text(encoding="utf-8")
        doc = nlp(text)
        index = find_mentions(doc)
        found = resolve_speakers(doc, find_attributions(doc), index)
        about_attributions(doc, found, topics, index)
        said = _said(text, found, name)
        extracted |= {(name, key) for key in said}
        for later_key, later in said.items():
            for earlier_key, earlier in said.items():
                touches = (name, later_key) in units or (name, earlier_key) in units
                if later_key == earlier_key or not touches:
                    continue
                if (link := exchange_between(later, earlier)) is not None:
                    predicted[(name, later_key, earlier_key)] = link.relation
                    if show:
                        right = (name, later_key, earlier_key) in gold
                        print(
                            "HIT " if right else "FALSE",
                            name[:40],
                            link.relation,
                            f"{later.speaker!r}: {later.words[:90]!r}",
                            f"<- {earlier.speaker!r}: {earlier.words[:90]!r}",
                            link.shared_words,
                            link.named,
                        )
    hits = set(predicted) & set(gold)
    unordered = {(d, *sorted((a, b))) for d, a, b in gold}
    either_way = {k for k in predicted if (k[0], *sorted(k[1:])) in unordered}
    unseen = sum((d, a) not in extracted or (d, b) not in extracted for d, a, b in gold)
    relation_right = sum(predicted[k] == gold[k] for k in hits)
    by_relation = Counter(gold.values())
    found_by_relation = Counter(gold[k] for k in hits)
    return {
        "documents": len(checked),
        "gold exchanges": len(gold),
        "predicted": len(predicted),
        "pairs right": len(hits),
        "precision": round(len(hits) / len(predicted), 3) if predicted else 0.0,
        "recall": round(len(hits) / len(gold), 3) if gold else 0.0,
        "precision, either order": round(len(either_way) / len(predicted), 3) if predicted else 0.0,
        "gold exchanges with a side the extractor no longer finds": unseen,
        "relation right (of pairs right)": f"{relation_right}/{len(hits)}",
        "recall by gold relation": {
            rel: f"{found_by_relation[rel]}/{n}" for rel, n in sorted(by_relation.items())
        },
        "predicted by relation": dict(Counter(predicted.values())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/bench"))
    parser.add_argument("--part", choices=("all", "tune", "held-out"), default="all")
    parser.add_argument("--show", action="store_true", help="print each predicted exchange")
    args = parser.parse_args()
    for name, value in quality(args.data, args.part, args.show).items():
        print(f"{name}: {value}")


if __name__ == "__main__":
    main()
