"""From token-level candidates to Attributions: character spans, quotes, kinds.

Quotations are found in the raw text (``quotes.py``) because the parser cuts long
quotes into several sentences. A quote that overlaps a candidate's content becomes
part of it whole; a quote with no content of its own joins the nearest cue in its
own sentence or in the short sentence next to it ("…," he said. / He said: "…").
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc

from onrecord.model import Attribution, Kind, Span

from .candidate import Candidate
from .cues import is_speech_verb
from .frames import OBJECT
from .lines import find_line_attributions
from .quotes import ALL_MARKS, Quote

_TRIM = frozenset(" \t\n\r,;:—–-()[]")
# How far (characters) a cue in a neighbouring sentence may be from a quote it claims.
NEIGHBOUR_REACH = 120
# '"A," he said on Monday. "B."': what may stand between a cue and the quote it continues.
MAX_CUE_TAIL = 25
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# What may stand right before a quote that opens its sentence.
SENTENCE_ENDS = frozenset(".!?:;\n") | ALL_MARKS
# Characters of distance a non-speech cue is handicapped by when claiming a quote.
NON_SPEECH_PENALTY = 200


def attach_quotes(
    doc: Doc, text: str, candidates: list[Candidate], quotes: list[Quote], method: str
) -> list[Attribution]:
    """Attributions from the candidates, quotes merged in, confidence as the rules rate."""
    return to_attributions(text, build_drafts(doc, text, candidates, quotes), quotes, method)


def build_drafts(
    doc: Doc, text: str, candidates: list[Candidate], quotes: list[Quote]
) -> list[Draft]:
    """Candidates as character spans with the quotes merged in, duplicates and drafts
    without content dropped."""
    drafts = [_draft(doc, text, candidate) for candidate in candidates]
    # A cue inside a quotation ("I think…") is part of what the quoted speaker said.
    drafts = [d for d in drafts if not _inside_any(d.cue, quotes)]
    places = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in PLACE_LABELS]
    for line in find_line_attributions(text):
        if any(start < line.source.end and line.source.start < end for start, end in places):
            continue  # "NEW YORK: At the recent…" is a dateline, not a speaker's turn
        # the line frame wins over whatever the parser made of the same words
        drafts = [d for d in drafts if not _overlaps(d.cue, line.content)]
        drafts.append(Draft(line.cue, line.source, [line.content], 0.7, "line"))
        drafts[-1].quoted = drafts[-1].speech = drafts[-1].fixed = True
    sentences = [(sent.start_char, sent.end_char) for sent in doc.sents]
    for quote in quotes:
        leader = _cue_after_quote(drafts, quote, text)
        if leader is not None:
            leader.content = [quote.span]
            leader.led = True
    for quote in quotes:
        span = quote.span
        # 'Del. Marcia "Cia" Price said': a nickname in a speaker's name is no content
        if any(
            d.source and d.source.start < span.start and span.end < d.source.end for d in drafts
        ):
            continue
        owners = [d for d in drafts if any(_overlaps(p, span) for p in d.content)]
        # a line's words are the line: a transcript quoted paragraph by paragraph opens
        # each turn with a mark it never closes, and that "quote" would swallow the next
        if any(d.frame == "line" for d in owners):
            continue
        if owners:
            for owner in owners:
                if owner.frame == OBJECT:
                    owner.content = _after_colon(owner.content, quote, text)
                owner.content = _merge_spans([*owner.content, quote.span], text)
                owner.quoted = True
            continue
        nearest = _nearest_cue(drafts, quote, sentences, text)
        if nearest is not None:
            if nearest.frame == OBJECT and not nearest.quoted:
                # 'told reporters: "…"': the object was the audience, the quote is the content
                nearest.content = []
            nearest.content = _merge_spans([*nearest.content, quote.span], text)
            nearest.quoted = True
    kept = []
    seen: set[tuple[tuple[int, int], ...]] = set()
    for draft in drafts:
        if not draft.content:
            continue
        key = tuple((s.start, s.end) for s in draft.content)
        if key in seen:
            continue
        seen.add(key)
        draft.kind = _kind(draft.content, quotes)
        kept.append(draft)
    return kept


def to_attributions(
    text: str, drafts: list[Draft], quotes: list[Quote], method: str
) -> list[Attribution]:
    return [
        Attribution(
            content=draft.content,
            cue=draft.cue,
            source=draft.source,
            kind=draft.kind,
            source_text=draft.source.text(text) if draft.source else None,
            confidence=round(draft.confidence, 3),
            method=method,
        )
        for draft in drafts
    ]


class Draft:
    """An attribution in character spans, with what the rules knew when they made it."""

    __slots__ = (
        "confidence",
        "confident",
        "content",
        "cue",
        "fixed",
        "frame",
        "head",
        "kind",
        "led",
        "quoted",
        "rate",
        "source",
        "source_tokens",
        "speech",
    )

    def __init__(
        self, cue: Span, source: Span | None, content: list[Span], confidence: float, frame: str
    ) -> None:
        self.cue = cue
        self.source = source
        self.content = content
        self.confidence = confidence
        self.rate = confidence  # the rules' cue rate, kept when confidence is recalibrated
        self.frame = frame
        self.quoted = False
        self.speech = False
        self.confident = True  # the rules alone would keep it
        self.fixed = False  # a layout line or fixed phrase, kept whatever the judge says
        self.head = -1  # token index of the cue word; -1 for layout lines
        self.source_tokens: tuple[int, int] | None = None
        self.kind: Kind = "indirect"
        self.led = False  # its content is the quote that leads into it ('"…," X said')


def _draft(doc: Doc, text: str, candidate: Candidate) -> Draft:
    cue_tokens = sorted(candidate.cue)
    cue = Span(doc[cue_tokens[0]].idx, doc[cue_tokens[-1]].idx + len(doc[cue_tokens[-1]]))
    source = None
    # the parse can leave a source phrase empty ("…, who"); then there is none
    if candidate.source is not None and candidate.source[1] > candidate.source[0]:
        source = _trimmed_source(text, _char_range(doc, candidate.source))
    pieces = [_trimmed_content(text, _char_range(doc, piece)) for piece in candidate.content]
    content = _merge_spans([p for p in pieces if p is not None and _has_words(p, text)], text)
    draft = Draft(cue, source, content, candidate.confidence, candidate.frame)
    draft.speech = is_speech_verb(doc[candidate.cue[0]].lower_)  # the head word
    draft.head = candidate.cue[0]
    draft.confident = candidate.confident
    draft.fixed = candidate.fixed
    draft.source_tokens = candidate.source
    return draft


def _char_range(doc: Doc, tokens: tuple[int, int]) -> Span:
    last = doc[tokens[1] - 1]
    return Span(doc[tokens[0]].idx, last.idx + len(last))


def _trimmed(text: str, span: Span) -> Span | None:
    start, end = span.start, span.end
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return Span(start, end) if end > start else None


def _inside_any(span: Span, quotes: list[Quote]) -> bool:
    return any(q.start < span.start and span.end <= q.end for q in quotes)


def _trimmed_content(text: str, span: Span) -> Span | None:
    """Content without the sentence's closing full stop (quotes keep theirs)."""
    trimmed = _trimmed(text, span)
    if trimmed is not None and text[trimmed.end - 1] == "." and trimmed.end - trimmed.start > 1:
        before = text[trimmed.end - 2]
        if before.isalnum() and not _is_abbreviation(text, trimmed):
            return Span(trimmed.start, trimmed.end - 1)
    return trimmed


def _is_abbreviation(text: str, span: Span) -> bool:
    """ "U.S." or "Jr." at the end keeps its point."""
    last_word = text[span.start : span.end].rsplit(None, 1)[-1]
    return last_word.count(".") > 1 or len(last_word) <= 3


def _trimmed_source(text: str, span: Span) -> Span | None:
    """A name keeps its balanced brackets ("Sen. Perdue (R-Ga.)") but no stray marks."""
    start, end = span.start, span.end
    while start < end and not (text[start].isalnum() or text[start] in "(‘'"):
        start += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] in ".)’'"):
        end -= 1
    if end > start and text[end - 1] == ")" and "(" not in text[start:end]:
        end -= 1
    return Span(start, end) if end > start else None


def _has_words(span: Span, text: str) -> bool:
    return any(ch.isalnum() for ch in text[span.start : span.end])


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _merge_spans(spans: list[Span], text: str) -> list[Span]:
    """Sorted, with overlapping pieces and pieces apart only by whitespace joined."""
    merged: list[Span] = []
    for span in sorted(spans):
        if merged and (
            span.start <= merged[-1].end or not text[merged[-1].end : span.start].strip()
        ):
            last = merged.pop()
            merged.append(Span(last.start, max(last.end, span.end)))
        else:
            merged.append(span)
    return merged


def _after_colon(content: list[Span], quote: Quote, text: str) -> list[Span]:
    """'told reporters: "…"': what stands before the colon is the audience, not content."""
    kept = []
    for piece in content:
        if piece.start < quote.start <= piece.end and text[
            piece.start : quote.start
        ].rstrip().endswith(":"):
            kept.append(Span(quote.start, piece.end))
        else:
            kept.append(piece)
    return kept


def _cue_after_quote(drafts: list[Draft], quote: Quote, text: str) -> Draft | None:
    """The cue a quote leads straight into ('"…," Warren told Stumpf, after he…',
    '"…?" she said, but…', '"…," said X'): the quote is what it reports, and a clause the
    parser hung after the cue is not. None when no cue follows the quote that way."""
    if not quote.closed or quote.end - quote.start < 3 or text[quote.end - 2] not in ",?!":
        return None
    # it opens its sentence: 'On "Fox News Sunday," Pence said' names a show
    at = quote.start
    while at > 0 and text[at - 1] in " \t":
        at -= 1
    if at > 0 and text[at - 1] not in SENTENCE_ENDS:
        return None
    for draft in drafts:
        if draft.frame == "line" or draft.quoted or draft.source is None:
            continue
        if any(piece.start < draft.cue.end for piece in draft.content):
            continue
        first, second = sorted((draft.source, draft.cue), key=lambda span: span.start)
        if (
            quote.end <= first.start
            and not text[quote.end : first.start].strip()
            and (first.end <= second.start and not text[first.end : second.start].strip())
        ):
            return draft
    return None


def _nearest_cue(
    drafts: list[Draft], quote: Quote, sentences: list[tuple[int, int]], text: str
) -> Draft | None:
    sentence_starts = [start for start, _ in sentences]
    first_sentence = bisect_right(sentence_starts, quote.start) - 1
    last_sentence = bisect_right(sentence_starts, max(quote.end - 1, quote.start)) - 1
    best: tuple[int, Draft] | None = None
    for draft in drafts:
        cue_sentence = bisect_right(sentence_starts, draft.cue.start) - 1
        inside = first_sentence <= cue_sentence <= last_sentence
        after = cue_sentence == last_sentence + 1 and draft.cue.start - quote.end <= NEIGHBOUR_REACH
        tail_end = max(draft.cue.end, draft.source.end if draft.source else 0)
        gap = text[tail_end : quote.start] if tail_end <= quote.start else ""
        before = (
            cue_sentence == first_sentence - 1
            and quote.start - draft.cue.end <= NEIGHBOUR_REACH
            and (gap.rstrip().endswith(":") or len(gap.strip()) <= MAX_CUE_TAIL)
        )
        # '"A," said X, who… . "B."': B goes on the quote the cue's sentence opened
        continues = (
            draft.quoted
            and cue_sentence == first_sentence - 1
            and not text[sentences[cue_sentence][1] : quote.start].strip()
        )
        if not (inside or after or before or continues):
            continue
        # '"A?" she said, but… as Trump went on about "B"': B is not hers
        if draft.led and not continues and quote.start - draft.cue.end > MAX_CUE_TAIL:
            continue
        # a cue the rules alone would reject is judged on its own clause, never a quote's
        if not draft.confident:
            continue
        # A cue that already reports a clause of its own does not also own a loose quote.
        if draft.frame == "according" or draft.frame.startswith("nominal"):
            continue
        if draft.content and not draft.quoted and draft.frame != OBJECT:
            continue
        distance = min(abs(draft.cue.start - quote.end), abs(quote.start - draft.cue.end))
        # a verb of saying beats a nearer verb of anything else ("went on", "released")
        rank = distance if draft.speech else distance + NON_SPEECH_PENALTY
        if best is None or rank < best[0]:
            best = (rank, draft)
    return best[1] if best else None


def _kind(content: list[Span], quotes: list[Quote]) -> Kind:
    quoted = 0
    total = 0
    for piece in content:
        total += len(piece)
        for quote in quotes:
            if piece.start < quote.end and quote.start < piece.end:
                quoted += min(piece.end, quote.end) - max(piece.start, quote.start)
    if quoted == 0:
        return "indirect"
    return "direct" if quoted >= total - 3 else "mixed"


__all__ = ["ALL_MARKS", "Draft", "attach_quotes", "build_drafts", "to_attributions"]
