"""Targets, acts and topics against the hand-checked set, and what the stage costs.

Quality: every statement of ``benchmarks/about_gold.jsonl`` (document id + content
offsets into PolNeAR dev texts, annotated by the rules in docs/about.md) is found among
the extractor's attributions of its text and described by ``onrecord.about``; printed are
main-target precision/recall (a match is a predicted main target whose span, or the place
in the content that refers to it, overlaps the gold span), act accuracy with per-act
precision/recall, and topic micro precision/recall.

Speed (``--speed``): parse, extraction with speaker resolution, and the about stage (targets,
act, topics and the small stance model) timed
separately over the dev texts, in one loop so that all three see the same noisy machine;
the ratio is the throughput of parse + extraction + about against the parse alone.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

from onrecord.about import ACTS, about_attributions, describe, doc_view, load_topics
from onrecord.extract import find_attributions
from onrecord.model import Attribution, Span
from onrecord.nlp import load_pipeline
from onrecord.resolve import find_mentions, resolve_speakers

GOLD = Path(__file__).with_name("about_gold.jsonl")


def _overlaps(a: Span, b: list[int]) -> bool:
    return a.start < b[1] and b[0] < a.end


def _pr(hit: int, predicted: int, gold: int) -> dict[str, float]:
    return {
        "precision": round(hit / predicted, 3) if predicted else 0.0,
        "recall": round(hit / gold, 3) if gold else 0.0,
    }


def split(gold: list[dict[str, Any]], part: str) -> list[dict[str, Any]]:
    """ "tune": the statements of every other document (sorted by id), the only ones whose
    errors were looked at while tuning the rules; "held-out": the rest; "all": both."""
    docs = sorted({record["doc"] for record in gold})
    tune = set(docs[::2])
    if part == "all":
        return gold
    return [r for r in gold if (r["doc"] in tune) == (part == "tune")]


def quality(data: Path, part: str = "all") -> dict[str, Any]:
    lines = GOLD.read_text("utf-8").splitlines()
    gold = split([json.loads(line) for line in lines if line.strip()], part)
    texts = data / "polnear" / "dev" / "text"
    nlp, topics = load_pipeline(), load_topics()
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for record in gold:
        by_doc.setdefault(record["doc"], []).append(record)
    target = Counter[str]()
    acts, topic_counts, missing = Counter[tuple[str, str]](), Counter[str](), 0
    for name, records in by_doc.items():
        doc = nlp((texts / f"{name}.txt").read_text(encoding="utf-8"))
        index = find_mentions(doc)
        found = resolve_speakers(doc, find_attributions(doc), index)
        view = doc_view(doc)
        by_content = {tuple(tuple(s.to_json()) for s in a.content): a for a in found}
        for record in records:
            key = tuple(tuple(s) for s in record["content"])
            attribution = by_content.get(key)
            if attribution is None:  # the extractor changed: describe the bare content
                missing += 1
                spans = [Span.from_json(s) for s in record["content"]]
                attribution = Attribution(spans, None, None, "indirect")
            about = describe(doc, attribution, topics, index, view)
            wanted = record["target"]
            main = about.targets[0] if about.targets else None
            target["gold"] += wanted is not None
            target["predicted"] += main is not None
            if wanted and main:
                placed = (main.target.span, main.anchor)
                if any(_overlaps(s, wanted["span"]) for s in placed):
                    target["hit"] += 1
                    target["type_hit"] += main.target.type == wanted["type"]
            acts[(record["act"], about.act.act)] += 1
            got = {m.topic for m in about.topics}
            want = set(record["topics"])
            topic_counts["hit"] += len(got & want)
            topic_counts["predicted"] += len(got)
            topic_counts["gold"] += len(want)
    total = sum(acts.values())
    per_act = {
        act: {
            **_pr(
                acts[(act, act)],
                sum(n for (_, p), n in acts.items() if p == act),
                sum(n for (g, _), n in acts.items() if g == act),
            ),
            "gold": sum(n for (g, _), n in acts.items() if g == act),
        }
        for act in ACTS
    }
    return {
        "part": part,
        "statements": total,
        "not_found_by_extractor": missing,
        "main_target": {
            **_pr(target["hit"], target["predicted"], target["gold"]),
            "type_accuracy_of_matches": round(target["type_hit"] / target["hit"], 3)
            if target["hit"]
            else 0.0,
        },
        "act_accuracy": round(sum(n for (g, p), n in acts.items() if g == p) / total, 3),
        "acts": per_act,
        "topics_micro": _pr(topic_counts["hit"], topic_counts["predicted"], topic_counts["gold"]),
    }


def speed(data: Path, limit: int = 100) -> dict[str, float]:
    """Seconds spent parsing, extracting (with resolution) and in the about stage."""
    paths = sorted((data / "polnear" / "dev" / "text").glob("*.txt"))[:limit]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    nlp, topics = load_pipeline(), load_topics()
    list(nlp.pipe(texts[:3]))  # warm up: one-time costs count for no stage
    parse = extract = about = 0.0
    statements = 0
    for text in texts:
        started = time.perf_counter()
        doc = nlp(text)
        parsed = time.perf_counter()
        index = find_mentions(doc)
        found = resolve_speakers(doc, find_attributions(doc), index)
        extracted = time.perf_counter()
        about_attributions(doc, found, topics, index)
        finished = time.perf_counter()
        parse += parsed - started
        extract += extracted - parsed
        about += finished - extracted
        statements += len(found)
    return {
        "texts": len(texts),
        "statements": statements,
        "parse_s": round(parse, 2),
        "extract_s": round(extract, 2),
        "about_s": round(about, 3),
        "throughput_vs_parse_with_about": round(parse / (parse + extract + about), 3),
        "throughput_vs_parse_without_about": round(parse / (parse + extract), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/bench"))
    parser.add_argument("--speed", action="store_true", help="also time the stages")
    parser.add_argument("--part", choices=("all", "tune", "held-out"), default="all")
    args = parser.parse_args()
    print(json.dumps(quality(args.data, args.part), indent=2))
    if args.speed:
        print(json.dumps(speed(args.data), indent=2))


if __name__ == "__main__":
    main()
