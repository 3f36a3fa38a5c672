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

from onrecord.extract.features import cue_features
from onrecord.extract.frames import is_candidate
from onrecord.extract.quotes import find_quotes, quoted_token_indices
from onrecord.extract.training.polnear import GoldDocument, read_split
from onrecord.nlp import load_pipeline

VERSION = "cue_model.v1"
# Inverse regularisation strength, chosen on PolNeAR dev.
REGULARISATION_C = 0.5
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
    model = LogisticRegression(C=c, solver="liblinear", max_iter=1000)
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
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.data.name == "dev":
        parser.error("refusing to train on the dev split")
    documents = read_split(args.data)
    nlp = load_pipeline()
    docs = nlp.pipe((document.text for document in documents), batch_size=32)
    features, labels = examples(documents, docs)
    weights = fit(features, labels)
    payload = {"version": VERSION, "trained_on": args.data.name, "weights": weights}
    args.out.write_text(json.dumps(payload, sort_keys=True, indent=0) + "\n", encoding="utf-8")
    print(f"{len(labels)} examples ({sum(labels)} cues), {len(weights)} weights -> {args.out}")


if __name__ == "__main__":
    main()
