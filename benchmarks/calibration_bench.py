"""How far the extractor's confidence can be trusted, on PolNeAR dev.

Every candidate the judge scores (``rules.find_drafts`` at the judge's floor) gets its
calibrated probability; the candidates over each threshold are scored with the
benchmark's scorer, and each reported attribution counts as right when the scorer
pairs it with a gold attribution whose source agrees. Prints precision and recall at
thresholds 0.3, 0.5, 0.7 and the shipped default, the expected calibration error and
a 10-bin reliability table at the default threshold.

    PYTHONPATH=src python benchmarks/calibration_bench.py --data ../shared/bench
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from error_analysis import load_scorer, pairs
from onrecord.extract.judge import judge_model
from onrecord.extract.quotes import find_quotes
from onrecord.extract.rules import CANDIDATE_FLOOR, find_drafts
from onrecord.extract.training.polnear import parse_split, read_split
from onrecord.nlp import load_pipeline

BINS = 10


def scored_candidates(data: Path, cache: Path | None) -> tuple[Any, dict[str, Any], dict[str, Any]]:
    """The scorer, its gold, and per document (probability, fixed, scorer attribution)."""
    scorer = load_scorer(data)
    folder = data / "polnear" / "dev"
    judge = judge_model()
    if judge is None:
        raise SystemExit("no judge shipped: run `make train`")
    documents = read_split(folder)
    parsed = parse_split(documents, load_pipeline(), cache)
    gold = scorer.read_gold(str(folder))
    found: dict[str, Any] = {}
    for document, doc in zip(documents, parsed, strict=True):
        text = doc.text
        drafts = find_drafts(doc, text, find_quotes(text), CANDIDATE_FLOOR)
        probabilities = judge.probabilities(doc, text, drafts)
        found[document.name] = [
            (
                probability,
                draft.fixed,
                scorer.Attribution(
                    scorer.normalize_spans(
                        text, [(draft.source.start, draft.source.end)] if draft.source else []
                    ),
                    scorer.normalize_spans(text, [(draft.cue.start, draft.cue.end)]),
                    scorer.normalize_spans(text, [(s.start, s.end) for s in draft.content]),
                ),
            )
            for draft, probability in zip(drafts, probabilities, strict=True)
        ]
    return scorer, gold, found


def at_threshold(
    scorer: Any, gold: dict[str, Any], found: dict[str, Any], threshold: float
) -> tuple[dict[str, Any], list[tuple[float, bool]]]:
    """Scorer figures for what the extractor reports at ``threshold``, and each reported
    attribution's probability with whether it is right."""
    reported = {
        name: [item for item in items if item[0] >= threshold or item[1]]
        for name, items in found.items()
    }
    result = scorer.score(
        gold, {name: [a for _, _, a in items] for name, items in reported.items()}
    )
    outcomes: list[tuple[float, bool]] = []
    for name, doc in gold.items():
        gold_items = [a for a in doc.attributions if a.content]
        items = reported.get(name, [])
        right = {pi: agrees for _, pi, agrees in pairs(doc, gold_items, [a for *_, a in items])}
        outcomes.extend((p, right.get(i, False)) for i, (p, _, _) in enumerate(items))
    return result, outcomes


def reliability(
    outcomes: list[tuple[float, bool]],
) -> tuple[float, list[tuple[str, int, float, float]]]:
    """Expected calibration error and the rows (bin, count, mean confidence, accuracy)."""
    rows = []
    error = 0.0
    for b in range(BINS):
        members = [(p, ok) for p, ok in outcomes if min(int(p * BINS), BINS - 1) == b]
        if not members:
            rows.append((f"{b / BINS:.1f}-{(b + 1) / BINS:.1f}", 0, 0.0, 0.0))
            continue
        confidence = sum(p for p, _ in members) / len(members)
        accuracy = sum(ok for _, ok in members) / len(members)
        error += len(members) / len(outcomes) * abs(confidence - accuracy)
        rows.append((f"{b / BINS:.1f}-{(b + 1) / BINS:.1f}", len(members), confidence, accuracy))
    return error, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/bench"))
    parser.add_argument("--cache", type=Path, help="keep the dev parse here between runs")
    args = parser.parse_args()
    scorer, gold, found = scored_candidates(args.data, args.cache)
    judge = judge_model()
    assert judge is not None
    default = judge.threshold
    header = f"{'P':>7}{'R':>7}{'F1':>7}{'cont F1':>9}{'dir R':>7}{'ind R':>7}{'ECE':>7}"
    print(f"{'threshold':<16}{header}")
    for threshold in sorted({0.3, 0.5, 0.7, default}):
        result, outcomes = at_threshold(scorer, gold, found, threshold)
        level = result["attribution_level"]["attribution"]
        summary = result["summary"]
        error, _ = reliability(outcomes)
        label = f"{threshold:.2f}" + (" (default)" if threshold == default else "")
        print(
            f"{label:<16}{level['precision']:>7.3f}{level['recall']:>7.3f}{level['f1']:>7.3f}"
            f"{summary['content_f1']:>9.3f}{summary['direct_attribution_recall']:>7.3f}"
            f"{summary['indirect_attribution_recall']:>7.3f}{error:>7.3f}"
        )
    _, outcomes = at_threshold(scorer, gold, found, default)
    error, rows = reliability(outcomes)
    print(f"\nReliability at the default threshold {default} (ECE {error:.3f})")
    print(f"{'bin':<10}{'n':>6}{'mean p':>9}{'right':>8}")
    for label, count, confidence, accuracy in rows:
        print(f"{label:<10}{count:>6}{confidence:>9.3f}{accuracy:>8.3f}")
    _, everything = at_threshold(scorer, gold, found, 0.0)
    error, _ = reliability(everything)
    print(f"\nECE over every candidate (threshold 0): {error:.3f} (n={len(everything)})")


if __name__ == "__main__":
    main()
