"""What a speaker does with a statement: urge, concern, support, assure, deny, inform or cite.

The cue decides first ("urged", "called on", "condemned", "rejected", "welcomed",
"pledged", "cited"); a neutral cue ("said", "told", "according to") leaves it to the
content's own words ("must", "deeply concerned", "internal matter", "remains committed"),
tried in the order cite, urge, deny, concern, support, assure; else ``inform``. The
rules are documented in docs/about.md with the annotation rules they follow.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from onrecord.about.targets import content_tokens
from onrecord.about.words import verb_forms, words
from onrecord.model import Attribution

if TYPE_CHECKING:  # spaCy types only: importing the package should not load spaCy
    from spacy.tokens import Doc, Token

__all__ = ["ACTS", "ActFound", "find_act"]

ACTS = ("urge", "concern", "support", "assure", "deny", "inform", "cite")


@dataclass(frozen=True, slots=True)
class ActFound:
    """The act and the words that decided it (empty for the default ``inform``)."""

    act: str
    evidence: str = ""


_CUE_VERBS: dict[str, frozenset[str]] = {
    "cite": verb_forms("cite quote retweet repost reprint echo paraphrase")
    | words("read reading reads according"),
    "urge": verb_forms(
        "urge encourage demand implore appeal request press push propose recommend "
        "exhort insist petition beseech instruct order direct advise seek"
    )
    | words("ask asks asked asking call calls called calling wants want wanted sought")
    | words("bid bids"),
    "deny": verb_forms(
        "deny reject dismiss refuse decline refute rebuff rebut dispute contest challenge "
        "repudiate disavow oppose veto counter"
    )
    | words("denial rejection"),
    "concern": verb_forms(
        "concern worry fear condemn criticise criticize blame accuse attack denounce "
        "decry lament deplore slam blast warn lash rail mock ridicule regret question "
        "complain protest caution alarm disparage assail berate scold castigate"
    )
    | words("concern concerns concerned fears lashed railed criticism condemnation"),
    "support": verb_forms(
        "welcome support praise endorse commend applaud back hail laud celebrate "
        "congratulate thank defend embrace favor favour approve appreciate"
    )
    | words("praised supportive endorsement"),
    "assure": verb_forms(
        "assure reassure pledge promise vow guarantee commit swear undertake affirm reaffirm"
    )
    | words("swore sworn vowed committed"),
}
# "called" alone is neutral ("called it a hoax"); with "on" or "for" it urges.
_CALL = words("call calls called calling")

# Content phrases, as regular expressions over the content's text (case-insensitive).
_CONTENT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (act, re.compile(pattern, re.I))
    for act, pattern in (
        ("cite", r"\b(?:according to (?:the|a|his|her|their)|quoting|citing)\b"),
        (
            "urge",
            r"\b(?:must|should|ought to|need to|needs to|have to|has to|urge[sd]?|"
            r"call(?:s|ed)? (?:on|upon|for)|let us|let's|it is (?:time|imperative)|we need)\b",
        ),
        (
            "deny",
            r"\b(?:internal (?:matter|affair)s?|interference|baseless|unfounded|"
            r"categorically|no truth|not true|false(?:hood)?s?|fabricated|deni(?:es|ed)|"
            r"reject(?:s|ed)?|refuse[sd]?|never (?:said|did)|not (?:going to|accept)|"
            r"does not mean|doesn't mean|no evidence|a hoax|hoax)\b",
        ),
        (
            "concern",
            r"\b(?:concern(?:s|ed|ing)?|worr(?:y|ied|ying)|alarm(?:ed|ing)|"
            r"condemn(?:s|ed)?|deplor(?:e|able)|disappoint(?:ed|ing)|troubl(?:ed|ing)|"
            r"danger(?:ous)?|shameful|outrage(?:ous)?|regret(?:table)?|unacceptable|"
            r"a bad idea|disgrace(?:ful)?|frustrat(?:ion|ed|ing)|terrifying|hateful|"
            r"attack(?:s|ed)? on|attacked|unfit|corrupt(?:ing|ion)?|disgusting|lie[sd]|lying|"
            r"liar|fail(?:ed|ure|ing)|reckless|irresponsible|risks?|hurt(?:s|ing)?|wrong)\b",
        ),
        (
            "support",
            r"\b(?:welcome[sd]?|support(?:s|ed)?|prais(?:e|es|ed)|absolutely right|"
            r"respect for|grateful|commend(?:s|ed)?|applaud(?:s|ed)?|the right thing|"
            r"great(?:est)? (?:job|leader)|proud of|justified|celebration|honou?red|"
            r"admire[sd]?|the (?:only|best) candidate|trust(?:ed)?)\b",
        ),
        (
            "assure",
            r"\b(?:remains? committed|(?:are|is|am|remain) committed|assure[sd]?|"
            r"will continue|will not let|will always|guarantee[sd]?|pledge[sd]?|"
            r"promise[sd]?|(?:we|i) will|would sign)\b",
        ),
    )
)


def find_act(doc: Doc, attribution: Attribution, index: Any = None) -> ActFound:
    """The act of one attribution: from its cue, else its content, else ``inform``.

    ``index`` is the article's mention index when the caller has it: it knows the
    tagger's "Trump" ORG for a person's name.
    """
    people = frozenset(index.people) if index is not None else frozenset()
    cue = _cue_tokens(doc, attribution)
    by_cue = _act_of_cue(cue)
    if by_cue is not None:
        return by_cue
    tokens = content_tokens(doc, attribution)
    text, starts = "", []
    for tok in tokens:
        starts.append(len(text))
        text += tok.text + " "
    for act, pattern in _CONTENT_RULES:
        for match in pattern.finditer(text):
            tok = tokens[max(0, bisect_right(starts, match.start()) - 1)]
            if act in _SPEAKERS_OWN and not _speakers_own(tok, people):
                continue  # "Trump also supported the invasion": someone else's act
            if act == "support" and _negated_near(text, match.start()):
                continue
            return ActFound(act, match.group(0).strip())
    return ActFound("inform")


# Acts that content words give only when the speaker does them: "we welcome", "the
# ministry rejected" reported by the ministry, not "Trump supported the invasion".
_SPEAKERS_OWN = frozenset({"support", "deny", "assure"})
_OWN_SUBJECTS = words("i we he she it they")
_VOICES = frozenset({"GPE", "ORG", "NORP"})


def _speakers_own(tok: Token, people: frozenset[int]) -> bool:
    """Is the word at ``tok`` the speaker's own: not a verb, or a verb with no subject or
    a pronoun, state or organisation as its subject; "support" as a noun ("U.S. support")
    is no act at all."""
    if tok.pos_ == "NOUN" and tok.lower_ in ("support", "supports", "trust", "welcome"):
        return False
    if tok.pos_ not in ("VERB", "AUX"):
        return True  # "a celebration", "absolutely right": the speaker's own judgement
    subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    # A state or organisation as subject is the institutional voice of its spokespeople
    # ("the United States remains committed"); a named person is someone else.
    return all(
        c.lower_ in _OWN_SUBJECTS or (c.ent_type_ in _VOICES and c.i not in people)
        for c in subjects
    )


def _cue_tokens(doc: Doc, attribution: Attribution) -> list[Token]:
    if attribution.cue is None:
        return []
    span = doc.char_span(attribution.cue.start, attribution.cue.end, alignment_mode="expand")
    return [t for t in span if not t.is_space] if span is not None else []


def _act_of_cue(cue: list[Token]) -> ActFound | None:
    if not cue:
        return None
    written = " ".join(t.text for t in cue)
    for tok in cue:
        low = tok.lower_
        if low in _CALL:
            after = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
            if after is not None and after.lower_ in ("on", "upon", "for"):
                return ActFound("urge", f"{tok.text} {after.text}")
            continue
        if low in ("ask", "asks", "asked", "asking") and not _has_object(tok):
            continue  # "asked about finances", "asked whether": a question, not a request
        if low == "asked" and tok.tag_ == "VBN" and not any(c.dep_ == "aux" for c in tok.children):
            continue  # "Asked to describe the device, O'Neill said": the source was asked
        if low in ("warn", "warns", "warned", "warning") and _has_infinitive(tok):
            return ActFound("urge", written)  # "warned officials to boost security"
        for act, forms in _CUE_VERBS.items():
            if low in forms:
                if act == "cite" and low == "according":
                    return None  # "according to the ministry": the ministry informs
                return ActFound(act, written)
    return None


def _has_object(tok: Token) -> bool:
    return any(c.dep_ in ("dobj", "dative", "xcomp") for c in tok.children)


def _has_infinitive(tok: Token) -> bool:
    return any(c.dep_ in ("xcomp", "ccomp") and c.tag_ == "VB" for c in tok.children)


def _negated_near(text: str, at: int) -> bool:
    """ "does not support", "never welcomed": the words just before a support phrase."""
    before = text[max(0, at - 20) : at].lower().split()
    return bool(set(before[-3:]) & {"not", "never", "no", "n't", "nor"})
