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
from collections.abc import Iterable
from pathlib import Path

from spacy.tokens import Doc

from onrecord.extract.cuespan import MAX_STEPS, extension_features
from onrecord.extract.features import cue_features
from onrecord.extract.frames import is_candidate
from onrecord.extract.quotes import find_quotes, quoted_token_indices
from onrecord.nlp import load_pipeline
from onrecord.polnear import GoldDocument, parse_split, read_split

VERSION = "cue_model.v1"
# Inverse regularisation strength, chosen on PolNeAR dev.
REGULARISATION_C = 0.5
CUE_SPAN_VERSION = "cue_span.v1"
CUE_SPAN_C = 1.0
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


def _write(path: Path, version: str, trained_on: str, weights: dict[str, float]) -> None:
    payload = {"version": version, "trained_on": trained_on, "weights": weights}
    path.write_text(json.dumps(payload, sort_keys=True, indent=0) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
