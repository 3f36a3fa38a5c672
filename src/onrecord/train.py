"""``make train``: learn the cue lexicon from PolNeAR's *training* split.

For every candidate word (verb or noun) in the training texts, parsed with the same
pipeline the extractor uses, count how often the annotators marked it as (part of) a
cue, per lowercased form and syntactic frame. The smoothed rates go to
``onrecord/data/cues.json``. Deterministic: the same data and pipeline give the same
file. Never run it on the dev split: dev is where the thresholds are tuned and scored.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from onrecord.extract.frames import frame_of, is_candidate
from onrecord.nlp import load_pipeline
from onrecord.polnear import read_split

VERSION = "cues.v1"
# Forms seen fewer times than this are too rare to trust.
MIN_COUNT = 3
# Additive smoothing towards zero: a form needs evidence to count as a cue.
PRIOR_WEIGHT = 1.0


def learn_rates(folder: Path, batch_size: int = 32) -> dict[str, dict[str, float]]:
    documents = read_split(folder)
    nlp = load_pipeline()
    positives: dict[tuple[str, str], int] = defaultdict(int)
    totals: dict[tuple[str, str], int] = defaultdict(int)
    texts = (document.text for document in documents)
    for document, doc in zip(documents, nlp.pipe(texts, batch_size=batch_size), strict=True):
        cue_chars = _cue_characters(document.attributions)
        for token in doc:
            if not is_candidate(token):
                continue
            frame = frame_of(token)
            is_cue = token.idx in cue_chars
            for key in ((token.lower_, frame), (token.lower_, "*")):
                totals[key] += 1
                positives[key] += is_cue
    rates: dict[str, dict[str, float]] = defaultdict(dict)
    for (form, frame), total in sorted(totals.items()):
        if total >= MIN_COUNT and positives[(form, frame)]:
            rates[form][frame] = round(positives[(form, frame)] / (total + PRIOR_WEIGHT), 4)
    return dict(rates)


def _cue_characters(attributions: tuple) -> set[int]:  # type: ignore[type-arg]
    chars: set[int] = set()
    for attribution in attributions:
        for start, end in attribution.cue:
            chars.update(range(start, end))
    return chars


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True, help="PolNeAR train split folder")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.data.name == "dev":
        parser.error("refusing to train on the dev split")
    rates = learn_rates(args.data)
    payload = {"version": VERSION, "trained_on": args.data.name, "rates": rates}
    args.out.write_text(json.dumps(payload, sort_keys=True, indent=0) + "\n", encoding="utf-8")
    print(f"{len(rates)} cue forms written to {args.out}")


if __name__ == "__main__":
    main()
