"""The attribution judge: how likely a candidate attribution is right, calibrated.

Candidates come from the rules at a low cue rate (``rules.find_drafts``); boosted
trees over features of the finished candidate (its cue word and frame, the rules' cue
rate, what its source and content look like, whether it sits inside another
candidate's content) score each, and an isotonic map fitted on out-of-fold scores
over PolNeAR train turns the score into the probability that content and source both
match an annotated attribution. ``make train`` builds both (``judge.json``); run time
walks the trees with numpy (``trees.TreeEnsemble``) and calls ``numpy.interp``.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
from spacy.tokens import Doc

from onrecord.model import Span

from .attach import Draft
from .cues import NOMINAL, is_speech_verb, lemma_of
from .features import subject_kind
from .trees import TreeEnsemble

MODEL = "judge"
_PRONOUNS = frozenset(["he", "she", "they", "it", "i", "we", "you", "who", "which", "that"])
_CONTENT_OPENERS = frozenset(["that", "to", "whether", "if", "how", "what", "why", "when"])


@dataclass(frozen=True, slots=True)
class Judge:
    model: TreeEnsemble
    # Isotonic calibration: margin breakpoints and the probabilities they map to.
    raw: tuple[float, ...]
    calibrated: tuple[float, ...]
    # Candidates below this calibrated probability are not reported.
    threshold: float

    def probabilities(self, doc: Doc, text: str, drafts: list[Draft]) -> list[float]:
        if not drafts:
            return []
        sentences = Sentences(doc)
        raw = self.model.scores(
            [
                judge_features(doc, text, d, flags, sentences)
                for d, flags in zip(drafts, context_flags(drafts), strict=True)
            ]
        )
        return [float(p) for p in np.interp(raw, self.raw, self.calibrated)]

    def keep(self, doc: Doc, text: str, drafts: list[Draft]) -> list[Draft]:
        """The drafts the judge trusts, their confidence set to its probability.

        Layout lines and fixed phrases ("according to", "raised by") are kept whatever
        the score: rare in training, the judge underrates them (layout lines are 19 in
        20 right on PolNeAR dev at a mean probability of 0.37)."""
        kept = []
        for draft, probability in zip(drafts, self.probabilities(doc, text, drafts), strict=True):
            if probability >= self.threshold or draft.fixed:
                draft.confidence = probability
                kept.append(draft)
        return kept


def judge_model() -> Judge | None:
    """The shipped judge, or None when the package ships none (the rules decide)."""
    return _shipped()


@lru_cache(maxsize=1)
def _shipped() -> Judge | None:
    try:
        raw = resources.files("onrecord.data").joinpath(f"{MODEL}.json").read_text("utf-8")
    except FileNotFoundError:
        return None
    data = json.loads(raw)
    return Judge(
        TreeEnsemble.from_json(data["trees"]),
        tuple(data["calibration"]["raw"]),
        tuple(data["calibration"]["calibrated"]),
        float(data["threshold"]),
    )


def _bucket(n: int) -> int:
    """Powers of two: 0, 1, 2-3, 4-7, … as 0, 1, 2, 3, …"""
    return n.bit_length()


class Sentences:
    """Sentence bounds of a document, read once: ``Token.sent`` rescans every time."""

    def __init__(self, doc: Doc) -> None:
        bounds = [(s.start, s.end, s.root.i) for s in doc.sents]
        self.starts = [start for start, _, _ in bounds]
        self.bounds = bounds
        self.question = [
            any(doc[i].text == "?" for i in range(max(start, end - 2), end))
            for start, end, _ in bounds
        ]

    def index(self, token: int) -> int:
        return bisect_right(self.starts, token) - 1


def judge_features(
    doc: Doc,
    text: str,
    draft: Draft,
    flags: tuple[bool, bool, bool],
    sentences: Sentences,
) -> list[str]:
    """Features of a finished candidate; ``flags`` from ``context_flags``."""
    frame = draft.frame
    kind = draft.kind
    rate = min(int(draft.rate * 10), 9)
    features = [
        "bias",
        f"frame={frame}",
        f"kind={kind}",
        f"frame={frame}|kind={kind}",
        f"rate={rate}",
        f"rate={rate}|frame={frame}",
        f"rate={rate}|kind={kind}",
        f"confident={draft.confident}|frame={frame}",
        f"quoted={draft.quoted}|speech={draft.speech}",
        f"pieces={min(len(draft.content), 3)}",
    ]
    words = sum(len(text[s.start : s.end].split()) for s in draft.content)
    features.append(f"words={_bucket(words)}")
    features.append(f"words={_bucket(words)}|kind={kind}")
    first = text[draft.content[0].start : draft.content[0].end].split(None, 1)[0].lower()
    opener = first if first in _CONTENT_OPENERS else "other"
    features.append(f"opens={opener}|frame={frame}")
    cue = draft.cue
    if cue.end <= draft.content[0].start:
        position = "before"
    elif cue.start >= draft.content[-1].end:
        position = "after"
    else:
        position = "inside"
    features.append(f"cuepos={position}|frame={frame}")
    features.append(f"cuewords={min(len(text[cue.start : cue.end].split()), 4)}")
    features.extend(_source_features(doc, text, draft))
    features.extend(_context_features(flags))
    if draft.head >= 0:
        features.extend(_head_features(doc, draft, frame, kind, sentences))
        features.extend(_content_features(doc, draft, frame))
    return _with_pairs(features)


# Features whose pairs the judge weighs too. They were made for the linear judge, which
# could not learn on its own that a long content is good for a clause cue and bad for a
# nested one, or a pronoun source for a quote but not for an object; the trees are
# fitted with them as well (trees without them were not tried).
PAIRED = (
    "rate=", "kind=", "frame=", "src=", "words=", "cuepos=",
    "nested", "outer", "shares_content", "dep=", "croot=",
)  # fmt: skip


def _with_pairs(features: list[str]) -> list[str]:
    base = sorted(f for f in features if f.startswith(PAIRED) and "|" not in f)
    pairs = [f"{a}&{b}" for i, a in enumerate(base) for b in base[i + 1 :]]
    return features + pairs


def stem(word: str) -> str:
    """A rough stem, so that "endorses", "endorsed" and "endorsing" share what was
    learned about any of them (the pipeline runs no lemmatizer)."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _content_features(doc: Doc, draft: Draft, frame: str) -> list[str]:
    """What the content's first piece is headed by: a pronoun object ("criticised him")
    is rarely what PolNeAR marks, a clause or a named thing often is."""
    piece = draft.content[0]
    span = doc.char_span(piece.start, piece.end, alignment_mode="expand")
    if span is None or not len(span):
        return []
    root = span.root
    head = doc[draft.head]
    return [
        f"croot={root.pos_}|frame={frame}",
        f"crootdep={root.dep_}|frame={frame}",
        f"cent={root.ent_type_ or '-'}|frame={frame}",
        f"stem={stem(head.lower_)}|frame={frame}",
        f"stem={stem(head.lower_)}|croot={root.pos_}",
        f"stem={stem(head.lower_)}|cw={stem(root.lower_)}",
    ]


def _head_features(
    doc: Doc, draft: Draft, frame: str, kind: str, sentences: Sentences
) -> list[str]:
    head = doc[draft.head]
    lower = head.lower_
    lexicon = "speech" if is_speech_verb(lower) else ("lex" if lemma_of(lower) else "other")
    if head.pos_ == "NOUN":
        lexicon = "nominal" if lower in NOMINAL else "noun"
    sentence = sentences.index(head.i)
    features = [
        f"w={lower}",
        f"w={lower}|kind={kind}",
        f"w={lower}|frame={frame}",
        f"lexicon={lexicon}|frame={frame}",
        f"lexicon={lexicon}|kind={kind}",
        f"tag={head.tag_}",
        f"dep={head.dep_}",
        f"dep={head.dep_}|frame={frame}",
        f"subj={subject_kind(head)}|lexicon={lexicon}",
    ]
    if any(child.dep_ == "neg" for child in head.children):
        features.append("neg")
    if sentences.question[sentence]:
        features.append("question")
    if head.i == sentences.bounds[sentence][2]:
        features.append("root")
    return features


def _source_features(doc: Doc, text: str, draft: Draft) -> list[str]:
    if draft.source is None:
        return [f"src=none|frame={draft.frame}"]
    source_words = text[draft.source.start : draft.source.end].split()
    if len(source_words) == 1 and source_words[0].lower() in _PRONOUNS:
        kind = "pron"
    elif draft.source_tokens is not None:
        span = doc[draft.source_tokens[0] : draft.source_tokens[1]]
        root = span.root
        kind = root.ent_type_ or root.pos_
    else:
        kind = "line"
    return [
        f"src={kind}",
        f"src={kind}|frame={draft.frame}",
        f"srcwords={_bucket(len(source_words))}",
    ]


def context_flags(drafts: list[Draft]) -> list[tuple[bool, bool, bool]]:
    """For each draft, where it stands among the others: inside another's content
    (nested or misread), holding another's cue, or sharing content with a likelier one.
    Array operations, as a document can have a hundred candidates."""
    n = len(drafts)
    owner = np.array([i for i, d in enumerate(drafts) for _ in d.content], dtype=np.int64)
    starts = np.array([p.start for d in drafts for p in d.content], dtype=np.int64)
    ends = np.array([p.end for d in drafts for p in d.content], dtype=np.int64)
    cue_starts = np.array([d.cue.start for d in drafts], dtype=np.int64)
    cue_ends = np.array([d.cue.end for d in drafts], dtype=np.int64)
    rates = np.array([d.rate for d in drafts])
    # holds[i, k]: piece k (of another draft) contains the cue of draft i
    holds = (starts[None, :] <= cue_starts[:, None]) & (cue_ends[:, None] <= ends[None, :])
    holds &= owner[None, :] != np.arange(n)[:, None]
    nested = holds.any(axis=1)
    outer = np.zeros(n, dtype=bool)
    outer[owner[holds.any(axis=0)]] = True
    pieces = (starts[:, None] < ends[None, :]) & (starts[None, :] < ends[:, None])
    member = np.zeros((len(owner), n))
    member[np.arange(len(owner)), owner] = 1.0
    overlaps = (member.T @ pieces.astype(float) @ member) > 0
    shared = (overlaps & (rates[None, :] > rates[:, None])).any(axis=1)
    columns: list[list[bool]] = [np.asarray(c).tolist() for c in (nested, outer, shared)]
    flags = list(zip(*columns, strict=True))
    return flags


def _context_features(flags: tuple[bool, bool, bool]) -> list[str]:
    nested, outer, shared = flags
    features = []
    if nested:
        features.append("nested")
    if outer:
        features.append("outer")
    if shared:
        features.append("shares_content")
    return features


def _overlap(a: list[Span], b: list[Span]) -> bool:
    return any(x.start < y.end and y.start < x.end for x in a for y in b)
