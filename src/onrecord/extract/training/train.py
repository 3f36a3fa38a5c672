"""``make train``: learn the cue model from PolNeAR's *training* split.

Every candidate word (verb or noun) in the training texts, parsed with the pipeline
the extractor uses, is an example; it is positive when the annotators marked it as
(part of) a cue. A logistic regression over ``extract.features.cue_features`` is
fitted with scikit-learn and written as plain feature weights to
``onrecord/data/cue_model.json``. Deterministic: the same data and pipeline give the
same file. Never train on the dev split: dev is where thresholds are tuned and scored.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from bisect import bisect_right
from collections.abc import Iterable
from pathlib import Path

from spacy.tokens import Doc, Token

from onrecord.extract import linear
from onrecord.extract.cuespan import MAX_STEPS, extension_features
from onrecord.extract.features import cue_features
from onrecord.extract.frames import OBJECT, frame_of, is_candidate
from onrecord.extract.judge import Sentences, context_flags, judge_features
from onrecord.extract.linear import LinearModel
from onrecord.extract.objecttail import dependent_features
from onrecord.extract.quotes import find_quotes, quoted_token_indices
from onrecord.extract.rules import CANDIDATE_FLOOR, cue_particles, find_drafts, object_dependents
from onrecord.extract.training.kernels import kernels_pinned, rerun_pinned
from onrecord.extract.training.polnear import (
    GoldAttribution,
    GoldDocument,
    parse_split,
    read_split,
)
from onrecord.extract.trees import TreeEnsemble
from onrecord.nlp import load_pipeline

VERSION = "cue_model.v1"
# Inverse regularisation strength, chosen on PolNeAR dev.
REGULARISATION_C = 0.5
CUE_SPAN_VERSION = "cue_span.v1"
CUE_SPAN_C = 1.0
CONTENT_TAIL_VERSION = "content_tail.v1"
TAIL_C = 0.5
JUDGE_VERSION = "judge.v2"
# LightGBM settings of the judge's trees, chosen by out-of-fold log-loss on train: the
# smallest of the settings tried within 0.001 of the best (0.3474 here; 600 trees of 31
# leaves 0.3475, 1000 of 15 0.3473). Run time grows with trees x leaves.
# Deterministic with a fixed seed and thread count: the file is the same every run.
JUDGE_TREES: dict[str, object] = {
    "objective": "binary",
    "learning_rate": 0.1,
    "num_leaves": 15,
    "min_data_in_leaf": 20,
    "feature_fraction": 0.5,
    "lambda_l2": 1.0,
    "seed": 0,
    "deterministic": True,
    "force_col_wise": True,
    "num_threads": 2,
    "verbose": -1,
}
JUDGE_ROUNDS = 300
# Calibrated probability below which a candidate is not reported; chosen on PolNeAR dev.
JUDGE_THRESHOLD = 0.33
# Cross-fitting folds (documents dealt round-robin).
FOLDS = 5
_WORD = re.compile(r"\S+")
# Weights smaller than this change no decision; dropping them keeps the file small.
MIN_WEIGHT = 1e-3


def examples(
    documents: list[GoldDocument], docs: Iterable[Doc]
) -> tuple[list[list[str]], list[int]]:
    """Feature lists and labels for every candidate cue word."""
    features: list[list[str]] = []
    labels: list[int] = []
    for document, doc in zip(documents, docs, strict=True):
        cue_chars = {
            char
            for attribution in document.attributions
            for start, end in attribution.cue
            for char in range(start, end)
        }
        quoted = quoted_token_indices(doc, find_quotes(doc.text))
        for token in doc:
            if is_candidate(token):
                features.append(cue_features(token, token.i in quoted))
                labels.append(int(token.idx in cue_chars))
    return features, labels


def cue_span_examples(
    documents: list[GoldDocument], docs: Iterable[Doc]
) -> tuple[list[list[str]], list[int]]:
    """Each gold cue grown from its head word as the extractor grows it: every next word
    on either side is an example, inside the gold cue or not; the walk stops at the
    first word outside, as the extractor's does."""
    features: list[list[str]] = []
    labels: list[int] = []
    for document, doc in zip(documents, docs, strict=True):
        for attribution in document.attributions:
            if len(attribution.cue) != 1:
                continue
            span = doc.char_span(*attribution.cue[0], alignment_mode="expand")
            if span is None or not len(span):
                continue
            heads = [t for t in span if is_candidate(t) and not span.start <= t.head.i < span.end]
            heads = heads or [t for t in span if t.lower_ == "according"]
            if not heads:
                continue
            head = heads[0]
            sentence = head.sent
            for side, direction in (("L", -1), ("R", 1)):
                i = head.i
                for step in range(1, MAX_STEPS + 1):
                    i += direction
                    if not sentence.start <= i < sentence.end:
                        break
                    inside = span.start <= i < span.end
                    features.append(extension_features(head, doc[i], side, step))
                    labels.append(int(inside))
                    if not inside:
                        break
    return features, labels


def content_tail_examples(
    documents: list[GoldDocument], docs: Iterable[Doc]
) -> tuple[list[list[str]], list[int]]:
    """For each gold cue whose head verb takes an object (and no particle), every
    right-hand dependent the extractor weighs, positive when most of its words lie in
    the gold content."""
    features: list[list[str]] = []
    labels: list[int] = []
    for document, doc in zip(documents, docs, strict=True):
        for attribution in document.attributions:
            head = _cue_head(doc, attribution)
            if head is None or head.pos_ == "NOUN" or frame_of(head) != OBJECT:
                continue
            if cue_particles(head):
                continue
            content = {c for start, end in attribution.content for c in range(start, end)}
            after_object = False
            for order, dependent in enumerate(object_dependents(head)):
                words = [
                    t
                    for t in doc[dependent.left_edge.i : dependent.right_edge.i + 1]
                    if not t.is_punct
                ]
                inside = sum(1 for t in words if t.idx in content)
                features.append(dependent_features(head, dependent, order, after_object))
                labels.append(int(2 * inside >= len(words) > 0))
                after_object = after_object or dependent.dep_ != "prep"
    return features, labels


def _cue_head(doc: Doc, attribution: GoldAttribution) -> Token | None:
    """The word a one-piece gold cue hangs from, as the extractor would find it."""
    if len(attribution.cue) != 1:
        return None
    span = doc.char_span(*attribution.cue[0], alignment_mode="expand")
    if span is None or not len(span):
        return None
    heads = [t for t in span if is_candidate(t) and not span.start <= t.head.i < span.end]
    return heads[0] if heads else None


def _word_bounds(text: str) -> tuple[list[int], list[int]]:
    """Starts and ends of the scorer's tokens: maximal runs of non-whitespace."""
    bounds = [match.span() for match in _WORD.finditer(text)]
    return [start for start, _ in bounds], [end for _, end in bounds]


def _words_of(
    bounds: tuple[list[int], list[int]], spans: Iterable[tuple[int, int]]
) -> frozenset[int]:
    starts, ends = bounds
    found: set[int] = set()
    for start, end in spans:
        i = bisect_right(ends, start)
        while i < len(starts) and starts[i] < end:
            found.add(i)
            i += 1
    return frozenset(found)


def is_right(
    bounds: tuple[list[int], list[int]],
    gold: list[tuple[frozenset[int], frozenset[int]]],
    content: list[tuple[int, int]],
    source: tuple[int, int] | None,
) -> bool:
    """Whether some gold attribution matches as the scorer pairs them: content Dice at
    least 0.5 and sources sharing a word, or both absent."""
    words = _words_of(bounds, content)
    source_words = _words_of(bounds, [source]) if source else frozenset()
    for gold_content, gold_source in gold:
        common = len(words & gold_content)
        same_source = bool(gold_source) == bool(source_words) and (
            not gold_source or bool(gold_source & source_words)
        )
        if common and 4 * common >= len(words) + len(gold_content) and same_source:
            return True
    return False


def judge_examples(
    documents: list[GoldDocument], docs: list[Doc]
) -> tuple[list[list[str]], list[int]]:
    """Every candidate the rules make at the judge's cue-rate floor, labelled right or
    not; the cue model in use is whatever ``linear.override`` has set."""
    features: list[list[str]] = []
    labels: list[int] = []
    for document, doc in zip(documents, docs, strict=True):
        text = doc.text
        bounds = _word_bounds(text)
        gold = [
            (_words_of(bounds, a.content), _words_of(bounds, a.source))
            for a in document.attributions
            if a.content
        ]
        drafts = find_drafts(doc, text, find_quotes(text), CANDIDATE_FLOOR)
        sentences = Sentences(doc)
        for draft, flags in zip(drafts, context_flags(drafts), strict=True):
            features.append(judge_features(doc, text, draft, flags, sentences))
            content = [(span.start, span.end) for span in draft.content]
            source = (draft.source.start, draft.source.end) if draft.source else None
            labels.append(int(is_right(bounds, gold, content, source)))
    return features, labels


def train_judge(
    documents: list[GoldDocument], docs: list[Doc], folds: int = FOLDS
) -> dict[str, object]:
    """The judge with its calibration, cross-fitted: candidates of each fold come from a
    cue model that never saw that fold, and the calibration maps out-of-fold scores."""
    from sklearn.isotonic import IsotonicRegression

    fold_of = [i % folds for i in range(len(documents))]
    by_fold: list[tuple[list[list[str]], list[int]]] = []
    for fold in range(folds):
        rest = [i for i, f in enumerate(fold_of) if f != fold]
        held = [i for i, f in enumerate(fold_of) if f == fold]
        cue_x, cue_y = examples([documents[i] for i in rest], [docs[i] for i in rest])
        linear.override("cue_model", LinearModel(fit(cue_x, cue_y), f"fold{fold}"))
        tail_x, tail_y = content_tail_examples(
            [documents[i] for i in rest], [docs[i] for i in rest]
        )
        linear.override("content_tail", LinearModel(fit(tail_x, tail_y, TAIL_C), f"fold{fold}"))
        by_fold.append(judge_examples([documents[i] for i in held], [docs[i] for i in held]))
    linear.clear_overrides()
    raw: list[float] = []
    truth: list[int] = []
    for fold in range(folds):
        train_x = [row for f in range(folds) if f != fold for row in by_fold[f][0]]
        train_y = [label for f in range(folds) if f != fold for label in by_fold[f][1]]
        raw.extend(fit_trees(train_x, train_y, "oof").scores(by_fold[fold][0]).tolist())
        truth.extend(by_fold[fold][1])
    isotonic = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
    isotonic.fit(raw, truth)
    all_x = [row for part in by_fold for row in part[0]]
    all_y = [label for part in by_fold for label in part[1]]
    trees = fit_trees(all_x, all_y, JUDGE_VERSION)
    print(f"{len(all_y)} candidates ({sum(all_y)} right), {len(trees.split)} judge splits")
    return {
        "version": JUDGE_VERSION,
        "trees": trees.to_json(),
        "calibration": {
            "raw": [round(float(x), 6) for x in isotonic.X_thresholds_],
            "calibrated": [round(float(y), 6) for y in isotonic.y_thresholds_],
        },
        "threshold": JUDGE_THRESHOLD,
    }


def fit_trees(features: list[list[str]], labels: list[int], version: str) -> TreeEnsemble:
    """Boosted trees over yes/no features (``JUDGE_TREES``), checked against LightGBM's
    own scores before they are returned."""
    import lightgbm
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer

    vectorizer = DictVectorizer(dtype=np.float32)
    matrix = vectorizer.fit_transform([dict.fromkeys(row, 1) for row in features]).tocsr()
    booster = lightgbm.train(
        JUDGE_TREES, lightgbm.Dataset(matrix, np.asarray(labels)), JUDGE_ROUNDS
    )
    names = [str(name) for name in vectorizer.get_feature_names_out()]
    trees = TreeEnsemble.from_lightgbm(booster.dump_model(), names, version)
    theirs = booster.predict(matrix, raw_score=True)
    ours = trees.scores(features)
    if not np.allclose(ours, theirs, atol=1e-6):
        raise RuntimeError("the exported trees do not score as LightGBM does")
    return trees


def fit(
    features: list[list[str]], labels: list[int], c: float = REGULARISATION_C
) -> dict[str, float]:
    """Fitted weights per feature name (the intercept folded into ``bias``)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([dict.fromkeys(row, 1) for row in features])
    matrix = matrix.tocsr()
    matrix.indices = matrix.indices.astype("int32")
    matrix.indptr = matrix.indptr.astype("int32")
    model = LogisticRegression(C=c, solver="liblinear", max_iter=1000, random_state=0)
    model.fit(matrix, labels)
    weights = {
        name: round(float(weight), 4)
        for name, weight in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(weight) >= MIN_WEIGHT
    }
    weights["bias"] = round(weights.get("bias", 0.0) + float(model.intercept_[0]), 4)
    return weights


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True, help="PolNeAR train split folder")
    parser.add_argument(
        "--out", type=Path, required=True, help="the cue model; others go next to it"
    )
    parser.add_argument("--cache", type=Path, help="keep the parse here between runs")
    args = parser.parse_args(argv)
    if args.data.name == "dev":
        parser.error("refusing to train on the dev split")
    documents = read_split(args.data)
    nlp = load_pipeline()
    docs = parse_split(documents, nlp, args.cache)
    features, labels = examples(documents, docs)
    weights = fit(features, labels)
    _write(args.out, VERSION, args.data.name, weights)
    print(f"{len(labels)} examples ({sum(labels)} cues), {len(weights)} weights -> {args.out}")
    features, labels = cue_span_examples(documents, docs)
    weights = fit(features, labels, CUE_SPAN_C)
    out = args.out.parent / "cue_span.json"
    _write(out, CUE_SPAN_VERSION, args.data.name, weights)
    print(f"{len(labels)} cue extensions ({sum(labels)} taken), {len(weights)} weights -> {out}")
    cue_span = LinearModel(weights, CUE_SPAN_VERSION)
    features, labels = content_tail_examples(documents, docs)
    weights = fit(features, labels, TAIL_C)
    out = args.out.parent / "content_tail.json"
    _write(out, CONTENT_TAIL_VERSION, args.data.name, weights)
    print(f"{len(labels)} object dependents ({sum(labels)} in content) -> {out}")
    # the judge's candidates must be cut with the cue spans just fitted, whatever is shipped
    # (each fold's object contents and cue rates come from models that never saw the fold)
    linear.override("cue_span", cue_span)
    payload = train_judge(documents, docs)
    out = args.out.parent / "judge.json"
    _write_judge(out, args.data.name, payload)
    print(f"judge -> {out}")


def _write_judge(path: Path, trained_on: str, payload: dict[str, object]) -> None:
    payload = {**payload, "trained_on": trained_on}
    path.write_text(json.dumps(payload, sort_keys=True, indent=0) + "\n", encoding="utf-8")


def _write(path: Path, version: str, trained_on: str, weights: dict[str, float]) -> None:
    payload = {"version": version, "trained_on": trained_on, "weights": weights}
    path.write_text(json.dumps(payload, sort_keys=True, indent=0) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if not kernels_pinned():
        rerun_pinned("onrecord.extract.training.train", sys.argv[1:])
    main()
