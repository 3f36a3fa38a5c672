"""Where the extractor goes wrong on PolNeAR dev: every error classified, with counts.

Pairs predictions with gold exactly as ``score_attributions.py`` does (greedy
one-to-one by Dice of content tokens, Dice >= 0.5; the scorer is loaded from the
benchmark folder, never copied here), then puts every gold attribution that is not
recovered, every prediction that is not right, and every cue of a right pair into one
class. Prints three tables: recall-side errors, precision-side errors, cue spans.

    PYTHONPATH=src python benchmarks/error_analysis.py --data ../shared/bench
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

from spacy.tokens import Doc

from onrecord.article import extract_doc
from onrecord.extract.cues import NOMINAL, is_speech_verb, lemma_of
from onrecord.extract.training.polnear import parse_split, read_split
from onrecord.model import Attribution
from onrecord.nlp import load_pipeline

PRONOUNS = frozenset(
    ["he", "she", "they", "it", "i", "we", "you", "who", "which", "that", "this", "these", "those"]
)
MARKS = frozenset('"“”«»')


def load_scorer(data: Path) -> ModuleType:
    """The benchmark's own scorer module, imported from the data folder."""
    path = data / "score_attributions.py"
    spec = importlib.util.spec_from_file_location("score_attributions", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["score_attributions"] = module  # its dataclasses look themselves up here
    spec.loader.exec_module(module)
    return module


def pairs(doc: Any, gold: list[Any], pred: list[Any]) -> list[tuple[int, int, bool]]:
    """The scorer's greedy pairing, keeping the prediction index: (gold, pred, agrees)."""
    gold_content = [doc.tokens(a.content) for a in gold]
    pred_content = [doc.tokens(a.content) for a in pred]
    gold_source = [doc.tokens(a.source) for a in gold]
    pred_source = [doc.tokens(a.source) for a in pred]
    candidates = []
    for gi, g_tokens in enumerate(gold_content):
        for pi, p_tokens in enumerate(pred_content):
            common = len(g_tokens & p_tokens)
            size = len(g_tokens) + len(p_tokens)
            if common and 4 * common >= size:
                if gold[gi].source and pred[pi].source:
                    agrees = bool(gold_source[gi] & pred_source[pi])
                else:
                    agrees = not gold[gi].source and not pred[pi].source
                candidates.append((-2 * common / size, not agrees, gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    result = []
    for _dice, disagrees, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        result.append((gi, pi, not disagrees))
    return result


def _overlaps(a: tuple[tuple[int, int], ...], b: tuple[tuple[int, int], ...]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def _cue_word(parsed: Doc, cue: tuple[tuple[int, int], ...]) -> Any:
    if not cue:
        return None
    span = parsed.char_span(cue[0][0], cue[0][1], alignment_mode="expand")
    if span is None or not len(span):
        return None
    words = [t for t in span if t.pos_ in ("VERB", "NOUN", "AUX")] or list(span)
    return words[-1] if words[-1].pos_ != "AUX" else words[0]


def _source_class(gold: Any, pred: Any, text: str) -> str:
    if not pred.source:
        return "wrong source: none predicted"
    if not gold.source:
        return "wrong source: gold has none"
    words = " ".join(text[s:e] for s, e in gold.source).lower().split()
    if len(words) == 1 and words[0] in PRONOUNS:
        return "wrong source: gold is a pronoun"
    return "wrong source: other phrase"


def _missed_class(doc: Any, parsed: Doc, gold: Any) -> str:
    text = doc.text
    cue_text = " ".join(text[s:e] for s, e in gold.cue).strip().lower()
    if not cue_text or not any(ch.isalnum() for ch in cue_text):
        return "missed: no word cue (punctuation, layout)"
    if any(_inside_quote(text, s) for s, _ in gold.cue):
        return "missed: cue inside a quotation"
    if cue_text.startswith("according"):
        return "missed cue: according to"
    word = _cue_word(parsed, gold.cue)
    if word is None:
        return "missed cue: other"
    lower = word.lower_
    if word.pos_ == "NOUN":
        return "missed cue: noun" + (" (lexicon)" if lower in NOMINAL else "")
    if word.pos_ in ("VERB", "AUX"):
        if is_speech_verb(lower):
            return "missed cue: verb of saying"
        if lemma_of(lower) is not None:
            return "missed cue: other lexicon verb"
        return "missed cue: verb not in lexicon"
    return "missed cue: other word class"


def _inside_quote(text: str, at: int) -> bool:
    """Whether ``at`` stands inside double quotation marks in its paragraph (rough)."""
    start = text.rfind("\n", 0, at) + 1
    marks = sum(1 for ch in text[start:at] if ch in MARKS)
    return marks % 2 == 1


def _false_class(parsed: Doc, pred: Any, gold: list[Any], doc: Any) -> str:
    if any(_overlaps(pred.cue, g.cue) for g in gold):
        return "content boundary (cue right)"
    tokens = doc.tokens(pred.content)
    if any(tokens & doc.tokens(g.content) for g in gold):
        return "content overlaps gold under another cue"
    word = _cue_word(parsed, pred.cue)
    if word is None:
        return "false attribution: layout line"
    lower = word.lower_
    if word.pos_ == "NOUN":
        return "false attribution: noun cue"
    if lower == "according":
        return "false attribution: according to"
    if is_speech_verb(lower):
        return "false attribution: verb of saying"
    if lemma_of(lower) is not None:
        return "false attribution: thinking/wanting verb"
    return "false attribution: non-speech verb"


def _cue_class(doc: Any, gold: Any, pred: Any) -> str:
    if gold.cue == pred.cue:
        return "exact"
    if not gold.cue:
        return "gold has no cue"
    g = {i for s, e in gold.cue for i in range(s, e)}
    p = {i for s, e in pred.cue for i in range(s, e)}
    if p < g:
        gold_text = " ".join(doc.text[s:e] for s, e in gold.cue)
        pred_text = " ".join(doc.text[s:e] for s, e in pred.cue)
        if gold_text.rstrip(":") == pred_text:
            return "shorter: gold adds a colon"
        return "shorter: gold adds words (aux, adverb, time…)"
    if g < p:
        return "longer than gold"
    if g & p:
        return "overlapping"
    return "different word"


def analyse(
    scorer: ModuleType, gold: dict[str, Any], parsed: dict[str, Doc], predictions: dict[str, Any]
) -> tuple[Counter[str], Counter[str], Counter[str], dict[str, int]]:
    recall: Counter[str] = Counter()
    precision: Counter[str] = Counter()
    cues: Counter[str] = Counter()
    totals = {"gold": 0, "pred": 0}
    for name, doc in gold.items():
        gold_items = [a for a in doc.attributions if a.content]
        pred_items = [a for a in predictions.get(name, []) if a.content]
        totals["gold"] += len(gold_items)
        totals["pred"] += len(pred_items)
        matched = pairs(doc, gold_items, pred_items)
        by_gold = {gi: (pi, agrees) for gi, pi, agrees in matched}
        by_pred = {pi: (gi, agrees) for gi, pi, agrees in matched}
        for gi, g in enumerate(gold_items):
            if gi in by_gold:
                pi, agrees = by_gold[gi]
                cues[_cue_class(doc, g, pred_items[pi])] += 1
                recall["right" if agrees else _source_class(g, pred_items[pi], doc.text)] += 1
            elif any(_overlaps(p.cue, g.cue) for p in pred_items):
                recall["content boundary (cue found)"] += 1
            elif any(doc.tokens(g.content) & doc.tokens(p.content) for p in pred_items):
                recall["content found in part under another cue"] += 1
            else:
                recall[_missed_class(doc, parsed[name], g)] += 1
        for pi, p in enumerate(pred_items):
            if pi in by_pred:
                gi, agrees = by_pred[pi]
                precision["right" if agrees else "wrong source"] += 1
            else:
                precision[_false_class(parsed[name], p, gold_items, doc)] += 1
    return recall, precision, cues, totals


def table(title: str, counts: Counter[str], total: int) -> str:
    lines = [f"{title:<52}{'n':>6}{'share':>8}"]
    for label, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        lines.append(f"{label:<52}{n:>6}{n / total:>8.1%}")
    lines.append(f"{'total':<52}{total:>6}")
    return "\n".join(lines)


def predictions_for(
    scorer: ModuleType, gold: dict[str, Any], docs: dict[str, Doc]
) -> dict[str, list[Any]]:
    """The extractor's attributions, normalised the way the scorer reads them."""
    result = {}
    for name, parsed in docs.items():
        text = parsed.text
        result[name] = [_as_scored(scorer, text, a) for a in extract_doc(parsed)]
    return result


def _as_scored(scorer: ModuleType, text: str, attribution: Attribution) -> Any:
    def spans(items: list[Any]) -> Any:
        return scorer.normalize_spans(text, [(s.start, s.end) for s in items])

    return scorer.Attribution(
        spans([attribution.source] if attribution.source else []),
        spans([attribution.cue] if attribution.cue else []),
        spans(attribution.content),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/bench"))
    parser.add_argument("--split", default="dev")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/onrecord-cache"))
    args = parser.parse_args()
    scorer = load_scorer(args.data)
    folder = args.data / "polnear" / args.split
    documents = read_split(folder)
    parsed = parse_split(documents, load_pipeline(), args.cache)
    docs = {d.name: p for d, p in zip(documents, parsed, strict=True)}
    gold = scorer.read_gold(str(folder))
    predictions = predictions_for(scorer, gold, docs)
    recall, precision, cues, totals = analyse(scorer, gold, docs, predictions)
    print(table("Gold attributions (recall side)", recall, totals["gold"]))
    print()
    print(table("Predicted attributions (precision side)", precision, totals["pred"]))
    print()
    print(table("Cue spans of content-matched pairs", cues, sum(cues.values())))


if __name__ == "__main__":
    main()
