"""Attributions in French text: quotes with their verbs of saying, "X a déclaré que …",
"selon X, …", with the same records and character offsets as the English extractor.

Frames, in the order they claim a quotation:

- a reported clause: a verb of saying followed by "que …" or ": …" (the clause may hold
  a quote: "a ajouté que la France « ne tolérera … »", a mixed attribution);
- "selon X", "d'après X", and "Pour X," at a sentence's head: the rest of the sentence;
- the incise after a quote: "« … », a déclaré X", "« … », a-t-il précisé", "« … »,
  estime pour sa part X", "« … », selon X";
- the introduction before one: "X a déclaré : « … »", "la déclaration du ministre : « … »";
- a quote that follows, with nothing between, the sentence whose quote was just
  attributed continues that attribution ("« A », a-t-il dit. « B »").

The speaker is the source's name as written; "il"/"elle" is the last person named in the
sentence before, and is left empty when that sentence names no one.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from onrecord.model import Attribution, Kind, Span

from .french_cues import ACCORDING, AUXILIARIES, QUE, ROLE_NOUNS, is_speech_noun, is_speech_verb
from .french_phrases import (
    OF,
    TokenRange,
    appositive_end,
    clitic_subject,
    np_after,
    np_extent,
    speaker_name,
    subject_before,
)
from .french_quotes import find_french_quotes
from .quotes import Quote

__all__ = ["METHOD", "find_french_attributions"]

METHOD = "onrecord.fr.rules.v1"
# Confidences by frame: a quote with its verb is the surest, a bare "que" clause the least.
CONFIDENCE = {"incise": 0.8, "introduced": 0.75, "according": 0.7, "clause": 0.6}
_NOT_ACCORDING = frozenset({"laquelle", "lequel", "lesquels", "lesquelles", "que", "qu'", "qui"})
_SENTENCE_END = frozenset({".", "!", "?", "…"})
# Tokens that may stand between a quote and its verb: "», a-t-il", "», a encore".
_INCISE_FILLER = AUXILIARIES | {"ne", "n'", "n’", "-t", "t"}
MAX_INCISE = 6
MAX_INTRO = 8


@dataclass(slots=True)
class _Draft:
    cue: list[int]
    source: TokenRange | None
    content: list[Span]
    frame: str


def find_french_attributions(doc: Doc) -> list[Attribution]:
    """All attributions in a parsed French document, speakers named as written."""
    text = doc.text
    quotes = find_french_quotes(text)
    quoted = {t.i for t in doc if any(q.start < t.idx < q.end - 1 for q in quotes)}
    drafts: list[_Draft] = []
    for sent in doc.sents:
        for token in sent:
            if token.i in quoted:
                continue
            draft = _according(doc, sent, token, quotes) or _reported_clause(
                doc, sent, token, quotes
            )
            if draft is not None:
                drafts.append(draft)
    for quote in quotes:
        if any(_overlaps(piece, quote.span) for d in drafts for piece in d.content):
            continue
        draft = _incise(doc, quote) or _introduced(doc, quote)
        if draft is not None:
            drafts.append(draft)
        else:
            _continue(doc, drafts, quote, quotes)
    return _attributions(doc, text, drafts, quotes)


def _reported_clause(doc: Doc, sent: SpacySpan, verb: Token, quotes: list[Quote]) -> _Draft | None:
    """ "X a déclaré que …", "X estime, pour sa part, que …", "X a déclaré : …"."""
    if not is_speech_verb(verb) or verb.pos_ == "NOUN":
        return None
    i = verb.i + 1
    while i < sent.end and i < verb.i + MAX_INTRO:
        token = doc[i]
        if token.lower_ in QUE or token.text == ":":
            break
        if token.is_space or token.pos_ == "ADV" or token.text in (",", "-t") or _clitic(token):
            i += 1
        elif token.pos_ == "ADP" or token.lower_ in OF | {"au", "aux"}:
            i = np_extent(doc, i + 1, sent.end)  # "a affirmé à la presse que"
        else:
            return None
    else:
        return None
    if i >= sent.end:
        return None
    after = _next_word(doc, i + 1, sent.end)
    if after is None:
        return None
    start = doc[i].idx if doc[i].lower_ in QUE else doc[after].idx
    opening = next((q for q in quotes if q.start == start), None)
    if opening is not None:
        content = [opening.span]
    else:
        content = [_extend_to_quotes(Span(start, sent.end_char), quotes)]
    source = clitic_subject(doc, range(verb.i - 3, i)) or subject_before(doc, verb.i, sent)
    return _Draft([verb.i], source, content, "clause")


def _according(doc: Doc, sent: SpacySpan, token: Token, quotes: list[Quote]) -> _Draft | None:
    """ "Selon X, …", "…, d'après X.", "Pour le député, …": the rest of the sentence."""
    lower = token.lower_
    if lower in ACCORDING:
        cue = [token.i]
    elif lower in ("d'", "d’") and token.i + 1 < sent.end and doc[token.i + 1].lower_ == "après":
        cue = [token.i, token.i + 1]
    elif lower == "pour" and _word_index(sent, token) == 0:
        cue = [token.i]
    else:
        return None
    start = cue[-1] + 1
    if start >= sent.end or doc[start].lower_ in _NOT_ACCORDING:
        return None
    stop = np_extent(doc, start, sent.end)
    if stop == start:
        return None
    if lower == "pour" and not _names_someone(doc, start, stop):
        return None
    closing = appositive_end(doc, stop, sent.end)
    if closing is not None:
        stop = closing  # the source as written: "la députée X, membre de la commission"
    pieces = [Span(sent.start_char, doc[cue[0]].idx)]
    if stop < sent.end:
        pieces.append(Span(doc[stop].idx, sent.end_char))
    content = [_extend_to_quotes(p, quotes) for p in pieces if _has_words(doc.text, p)]
    if not content or (lower == "pour" and doc[stop].text != ","):
        return None
    return _Draft(cue, (start, stop), content, "according")


def _incise(doc: Doc, quote: Quote) -> _Draft | None:
    """ "« … », a déclaré X" and its inversions; "« … », selon X"."""
    first = next((t.i for t in doc if t.idx >= quote.end), None)
    if first is None:
        return None
    i = first
    while i < len(doc) and (doc[i].text == "," or (doc[i].is_space and "\n" not in doc[i].text)):
        i += 1
    for j in range(i, min(len(doc), i + MAX_INCISE)):
        token = doc[j]
        if "\n" in token.text or token.text in _SENTENCE_END:
            return None
        if token.lower_ in ACCORDING:
            stop = np_extent(doc, j + 1, token.sent.end)
            source = (j + 1, stop) if stop > j + 1 else None
            return _Draft([j], source, [quote.span], "incise")
        if is_speech_verb(token):
            window = range(first, min(len(doc), j + 3))
            source = clitic_subject(doc, window) or np_after(doc, j + 1, token.sent.end)
            return _Draft([j], source, [quote.span], "incise")
        if not (token.lower_ in _INCISE_FILLER or token.pos_ == "ADV" or _clitic(token)):
            return None
    return None


def _introduced(doc: Doc, quote: Quote) -> _Draft | None:
    """ "X a déclaré : « … »", "X lance « … »", "la déclaration du ministre : « … »"."""
    before = [t for t in doc if t.idx + len(t) <= quote.start and not t.is_space]
    if not before:
        return None
    last = before[-1]
    colon = last.text == ":"
    candidates = before[-MAX_INTRO - 1 : -1] if colon else before[-1:]
    for token in reversed(candidates):
        if token.text in _SENTENCE_END or token.text in "«»“”":
            return None
        sent = token.sent
        if is_speech_verb(token, strong_only=not colon) and token.pos_ != "NOUN":
            window = range(token.i - 3, token.i + 3)
            source = clitic_subject(doc, window) or subject_before(doc, token.i, sent)
            return _Draft([token.i], source, [quote.span], "introduced")
        if colon and is_speech_noun(token):
            source = None
            if token.i + 2 < sent.end and doc[token.i + 1].lower_ in OF:
                stop = np_extent(doc, token.i + 2, sent.end)
                source = (token.i + 2, stop) if stop > token.i + 2 else None
            return _Draft([token.i], source, [quote.span], "introduced")
    return None


def _continue(doc: Doc, drafts: list[_Draft], quote: Quote, quotes: list[Quote]) -> None:
    """A quote right after the sentence of an attributed quote continues it."""
    text = doc.text
    for draft in reversed(drafts):
        ends = [p.end for p in draft.content] + [doc[draft.cue[-1]].idx + len(doc[draft.cue[-1]])]
        if draft.source is not None:
            ends.append(doc[draft.source[1] - 1].idx + len(doc[draft.source[1] - 1]))
        end = max(ends)
        if end > quote.start:
            continue
        quoted = any(_overlaps(p, q.span) for p in draft.content for q in quotes)
        sentence_end = next((s.end_char for s in doc.sents if s.end_char >= end), len(text))
        if quoted and sentence_end <= quote.start and not text[sentence_end : quote.start].strip():
            draft.content.append(quote.span)
        return


def _attributions(
    doc: Doc, text: str, drafts: list[_Draft], quotes: list[Quote]
) -> list[Attribution]:
    results: list[Attribution] = []
    seen: set[tuple[int, ...]] = set()
    for draft in drafts:
        content = [t for t in (_trimmed(text, p, quotes) for p in draft.content) if t is not None]
        key = tuple(x for p in content for x in (p.start, p.end))
        if not content or key in seen:
            continue
        seen.add(key)
        first, last = doc[draft.cue[0]], doc[draft.cue[-1]]
        cue = Span(first.idx, last.idx + len(last))
        source = _source_span(doc, draft.source)
        speaker = None
        if draft.source is not None and source is not None:
            start = min([cue.start, source.start, *(p.start for p in content)])
            speaker = speaker_name(doc, draft.source, quotes, start)
        results.append(
            Attribution(
                content=content,
                cue=cue,
                source=source,
                kind=_kind(content, quotes),
                source_text=source.text(text) if source else None,
                speaker=speaker,
                confidence=CONFIDENCE[draft.frame],
                method=METHOD,
            )
        )
    return sorted(results, key=lambda a: a.content[0].start)


def _source_span(doc: Doc, tokens: TokenRange | None) -> Span | None:
    if tokens is None:
        return None
    first, last = doc[tokens[0]], doc[tokens[1] - 1]
    start, end = first.idx, last.idx + len(last)
    text = doc.text
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] == "."):
        end -= 1
    return Span(start, end) if end > start else None


def _trimmed(text: str, span: Span, quotes: list[Quote]) -> Span | None:
    """Content without surrounding spaces and commas, nor the sentence's final stop
    (a quote keeps its marks and whatever stands inside them)."""
    start, end = span.start, span.end
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    if end > start and text[end - 1] in ".!?" and not any(q.start < end <= q.end for q in quotes):
        end -= 1 if text[end - 1] == "." else 0
    return Span(start, end) if end > start else None


def _kind(content: list[Span], quotes: list[Quote]) -> Kind:
    total = sum(len(p) for p in content)
    quoted = sum(
        min(p.end, q.end) - max(p.start, q.start)
        for p in content
        for q in quotes
        if _overlaps(p, q.span)
    )
    if quoted == 0:
        return "indirect"
    return "direct" if quoted >= total - 3 else "mixed"


def _extend_to_quotes(span: Span, quotes: list[Quote]) -> Span:
    """A quote that starts in the span and runs past its sentence belongs to it whole."""
    end = max([span.end, *(q.end for q in quotes if span.start <= q.start < span.end)])
    return Span(span.start, end)


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _has_words(text: str, span: Span) -> bool:
    return any(ch.isalnum() for ch in text[span.start : span.end])


def _clitic(token: Token) -> bool:
    return token.lower_.startswith("-") and len(token.lower_) > 1


def _next_word(doc: Doc, start: int, end: int) -> int | None:
    return next((i for i in range(start, end) if not doc[i].is_space), None)


def _word_index(sent: SpacySpan, token: Token) -> int:
    """How many words stand before ``token`` in its sentence (marks and spaces not counted)."""
    return sum(1 for t in sent if t.i < token.i and not (t.is_space or t.is_punct))


def _names_someone(doc: Doc, start: int, stop: int) -> bool:
    return any(t.pos_ == "PROPN" or t.lower_ in ROLE_NOUNS for t in doc[start:stop])
