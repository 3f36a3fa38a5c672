"""The transfer set a small stance model learns from: news sentences with a target marked,
each with the fine-tuned encoder's logits, so the small model can imitate the large one on
far more text than NewsMTSC's hand labels cover.

Its sentences come from NewsMTSC train (with their gold labels) and from PolNeAR **train**
texts: every statement content with a main target inside it, exactly as extraction asks
(``stance_items``), and sentences with a named person, organisation, country or group,
one target each. PolNeAR dev is never read.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

# Entity kinds that NewsMTSC's targets are (people mostly, then groups and organisations).
TARGET_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
PER_SENTENCE = 2
SEED = 13


@dataclass(frozen=True)
class Example:
    sentence: str
    start: int
    end: int
    # -1, 0 or 1 for a hand-labelled NewsMTSC row, None for text only the encoder labels.
    gold: int | None
    source: str


def read_rows(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def newsmtsc_examples(rows: Sequence[dict[str, object]]) -> list[Example]:
    return [
        Example(
            str(r["sentence"]),
            int(str(r["from"])),
            int(str(r["to"])),
            int(str(r["polarity"])),
            "newsmtsc",
        )
        for r in rows
    ]


def polnear_examples(text_dir: Path, limit: int = 0) -> Iterator[Example]:
    """Statement contents and entity sentences of the PolNeAR texts in ``text_dir``."""
    from onrecord.about import about_attributions, load_topics
    from onrecord.about.attributed_stance import stance_items
    from onrecord.extract import find_attributions
    from onrecord.nlp import load_pipeline
    from onrecord.resolve import find_mentions, resolve_speakers

    paths = sorted(text_dir.glob("*.txt"))
    if limit:
        paths = paths[:limit]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    nlp, topics = load_pipeline(), load_topics()
    rng = random.Random(SEED)
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=16), strict=True):
        index = find_mentions(doc)
        found = resolve_speakers(doc, find_attributions(doc), index)
        # Only the targets are read here: the small model is what this set will rebuild.
        about_attributions(doc, found, topics, index, stance=False)
        for _, (content, start, end) in stance_items(text, found):
            yield Example(content, start, end, None, "polnear-content")
        for sent in doc.sents:
            if not 6 <= len(sent) <= 70:
                continue
            ents = [e for e in sent.ents if e.label_ in TARGET_LABELS]
            for ent in rng.sample(ents, min(PER_SENTENCE, len(ents))):
                base = sent.start_char
                yield Example(
                    sent.text, ent.start_char - base, ent.end_char - base, None, "polnear-sentence"
                )


def teacher_logits(examples: Sequence[Example]) -> npt.NDArray[np.float32]:
    """The shipped encoder's raw logits (before its temperature) for every example."""
    from onrecord.about import stance

    model = stance.load_model("encoder")
    return model.raw_logits([(e.sentence, e.start, e.end) for e in examples])


def write(path: Path, examples: Sequence[Example], logits: npt.NDArray[np.float32]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for e, z in zip(examples, logits, strict=True):
            row = {
                "sentence": e.sentence,
                "from": e.start,
                "to": e.end,
                "gold": e.gold,
                "source": e.source,
                "teacher": [round(float(v), 4) for v in z],
            }
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def read(path: Path) -> tuple[list[Example], npt.NDArray[np.float32]]:
    examples: list[Example] = []
    logits: list[list[float]] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            examples.append(Example(r["sentence"], r["from"], r["to"], r["gold"], r["source"]))
            logits.append(r["teacher"])
    return examples, np.array(logits, dtype=np.float32)


def build(newsmtsc_train: Path, polnear_train_text: Path, out: Path, limit: int = 0) -> None:
    """Write the transfer set with the encoder's logits to ``out`` (JSON lines)."""
    with newsmtsc_train.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    seen: set[tuple[str, int, int]] = set()
    examples: list[Example] = []
    for e in [*newsmtsc_examples(rows), *polnear_examples(polnear_train_text, limit)]:
        key = (e.sentence, e.start, e.end)
        if key not in seen and e.sentence[e.start : e.end].strip():
            seen.add(key)
            examples.append(e)
    write(out, examples, teacher_logits(examples))


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--newsmtsc", type=Path, required=True)
    ap.add_argument("--polnear", type=Path, required=True, help="PolNeAR train text folder")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--limit", type=int, default=0)
    a = ap.parse_args()
    build(a.newsmtsc, a.polnear, a.out, a.limit)
