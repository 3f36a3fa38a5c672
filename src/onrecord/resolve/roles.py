"""Roles and affiliations as an article states them, read from titles and appositions.

Convention, used everywhere in onrecord:

- ``role`` is the office or job as the article writes it, case kept, without a leading
  article and without the organisation or country it belongs to: "Spokesperson",
  "deputy spokesperson", "Senator", "Deputy Prime Minister", "Assistant Secretary of
  State for Democracy, Human Rights, and Labour". Words that are part of the office
  itself stay ("Secretary of State", "Ambassador to Pakistan").
- ``affiliation`` is that organisation or country, as written, without a leading article:
  "State Department" (from "State Department Spokesperson"), "US State Department" (from
  "spokesperson for the US State Department"), "US" (from "US Senator"), "Pakistan's
  interior ministry" (from "a spokesman from Pakistan's interior ministry").

Splitting the two keeps roles comparable across articles ("Senator" + "US" and
"Senator" + "United States" are the same office), which cross-article linking needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc, Token

Gender = Literal["m", "f"]


def words(text: str) -> frozenset[str]:
    """A word list written as whitespace-separated text, for readable lexicons."""
    return frozenset(text.split())


# Office nouns are compared in one form, so "Sen. Warner" and "the senator", "the
# spokesman" and "the spokesperson" can meet.
_HEAD_FORMS: dict[str, str] = {
    "sen.": "senator",
    "rep.": "representative",
    "gen.": "general",
    "gov.": "governor",
    "amb.": "ambassador",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "spokesmen": "spokesperson",
    "spokeswomen": "spokesperson",
    "spokespeople": "spokesperson",
    "spokespersons": "spokesperson",
    "chairman": "chair",
    "chairwoman": "chair",
    "chairperson": "chair",
    "congressman": "congressman",
    "congresswoman": "congressman",
    "advisor": "adviser",
    "co-founder": "founder",
}
# Nouns that name an office or a kind of speaker.
TITLE_HEADS: frozenset[str] = words(
    """
    spokesperson spokesman spokeswoman spokesmen spokeswomen spokespeople spokespersons
    senator senators sen. congressman congresswoman congressmen representative rep.
    lawmaker lawmakers legislator legislators mp mps mna mpa
    secretary minister ministers premier president chancellor governor gov. mayor
    ambassador ambassadors amb. envoy envoys consul diplomat diplomats
    general gen. commander admiral colonel brigadier marshal lieutenant captain
    chief director commissioner chairman chairwoman chairperson chair founder co-founder
    leader leaders head adviser advisor advisers advisors aide aides official officials
    officer officers judge justice prosecutor attorney lawyer counsel analyst analysts
    expert experts professor researcher economist activist activists coordinator
    administrator rapporteur negotiator speaker king queen prince princess emir sheikh
    ceo source sources
    """
)
# Words that qualify an office without being one: a rank ("Deputy", "former") or a
# portfolio ("Foreign", "interior"). A portfolio also names the organisation
# ("interior ministry"), a rank never does.
_RANK_WORDS = words(
    """
    deputy assistant vice prime senior former acting special principal associate under
    caretaker interim permanent top lead executive
    """
)
_PORTFOLIO_WORDS = words(
    "foreign interior defence defense finance home information federal national provincial"
)
TITLE_MODIFIERS: frozenset[str] = _RANK_WORDS | _PORTFOLIO_WORDS
HONORIFICS: dict[str, Gender | None] = {
    "mr": "m",
    "mr.": "m",
    "sir": "m",
    "mrs": "f",
    "mrs.": "f",
    "ms": "f",
    "ms.": "f",
    "miss": "f",
    "dame": "f",
    "dr": None,
    "dr.": None,
    "prof": None,
    "prof.": None,
    "mx": None,
    "mx.": None,
    "rev": None,
    "rev.": None,
    "reverend": None,
}
_GENDERED: dict[str, Gender] = {
    "spokesman": "m",
    "spokesmen": "m",
    "chairman": "m",
    "congressman": "m",
    "king": "m",
    "prince": "m",
    "emir": "m",
    "sheikh": "m",
    "spokeswoman": "f",
    "spokeswomen": "f",
    "chairwoman": "f",
    "congresswoman": "f",
    "queen": "f",
    "princess": "f",
}
_PLURAL_HEADS = words(
    """
    spokesmen spokeswomen spokespeople spokespersons senators congressmen lawmakers
    legislators mps ministers ambassadors envoys diplomats leaders advisers advisors aides
    officials officers analysts experts activists sources
    """
)
# Nouns that head the name of an organisation ("State Department", "interior ministry").
ORG_HEADS: frozenset[str] = words(
    """
    department ministry office council committee commission government administration
    embassy consulate agency bureau party army military navy police court parliament
    assembly senate congress cabinet secretariat directorate authority board bank
    institute foundation organisation organization association union federation league
    movement coalition alliance company corporation firm forces service mission
    delegation center centre university group campaign network newspaper
    """
)
# Words that may join the parts of a title written before a name ("Secretary of State").
_TITLE_JOINERS = frozenset({"of", "for", "to", "on"})
# Prepositions that attach an organisation to a role ("spokesperson for the ministry").
_AFFILIATION_PREPS = frozenset({"for", "of", "from", "at", "with", "in"})
_ARTICLES = frozenset({"the", "a", "an"})
_US_FORMS = frozenset({"us", "u.s.", "u.s", "usa", "american", "america"})
_NON_PERSON_ENTS = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC"})


@dataclass(frozen=True, slots=True)
class Role:
    """One role an article gives someone, split into office and affiliation."""

    text: str
    affiliation: str | None
    heads: frozenset[str]  # canonical office nouns in it, e.g. {"spokesperson"}
    words: frozenset[str]  # lowercased words of role and affiliation, for matching
    gender: Gender | None = None
    plural: bool = False


def canonical_head(word: str) -> str:
    """The form under which office nouns are compared ("spokesman" → "spokesperson")."""
    low = word.lower()
    low = _HEAD_FORMS.get(low, low)
    if low.endswith("s") and low[:-1] in TITLE_HEADS:
        return _HEAD_FORMS.get(low[:-1], low[:-1])
    return low


def gender_of_word(word: str) -> Gender | None:
    low = word.lower()
    return HONORIFICS.get(low) or _GENDERED.get(low)


def role_from_tokens(tokens: Sequence[Token]) -> Role | None:
    """Split a role phrase ("the deputy spokesperson for the US State Department") into
    office and affiliation; None when the phrase names no office."""
    toks = _trim(tokens)
    heads = [i for i, t in enumerate(toks) if t.lower_ in TITLE_HEADS]
    if not heads:
        return None
    first_head = heads[0]
    # An organisation written before the office is its affiliation: "State Department
    # Spokesperson", "Pakistan's interior ministry spokesman". The office starts after
    # the last organisation noun, else at the first office word not inside a named
    # entity ("US Senator", "Pakistani Foreign Minister").
    org_ends = [i for i in range(first_head) if toks[i].lower_ in ORG_HEADS]
    if org_ends:
        start = org_ends[-1] + 1
    else:
        start = next(
            i
            for i in range(first_head + 1)
            if i == first_head
            or (toks[i].lower_ in TITLE_MODIFIERS and toks[i].ent_type_ not in _NON_PERSON_ENTS)
        )
    affiliation_tokens = _affiliation_prefix(toks[:start])
    role_tokens = list(toks[start:])
    # An organisation attached after the office is its affiliation too, and wins over a
    # country written before it: it is the more specific of the two.
    split = _affiliation_suffix(role_tokens, first_head - start)
    if split is not None:
        role_tokens, affiliation_tokens = role_tokens[: split[0]], split[1]
    role_tokens = list(_trim(role_tokens))
    if not role_tokens or not any(t.lower_ in TITLE_HEADS for t in role_tokens):
        return None
    text = span_text(role_tokens)
    affiliation = span_text(_trim(affiliation_tokens)) if affiliation_tokens else None
    if affiliation:
        affiliation = strip_possessive(affiliation)
    head_words = [t for t in role_tokens if t.lower_ in TITLE_HEADS]
    last_head = head_words[-1]
    words = {_word_key(t.lower_) for t in [*role_tokens, *affiliation_tokens]}
    if {"united", "states"} <= words:
        words.add("us")
    return Role(
        text=text,
        affiliation=affiliation or None,
        heads=frozenset(canonical_head(t.text) for t in head_words),
        words=frozenset(words),
        gender=next((g for t in head_words if (g := _GENDERED.get(t.lower_))), None),
        plural=last_head.lower_ in _PLURAL_HEADS or last_head.tag_ in ("NNS", "NNPS"),
    )


def role_matches(description: Role, role: Role) -> bool:
    """Can the description ("the US Senator", "the deputy spokesperson") refer to
    someone introduced with ``role``? Same office, same number, no word the role lacks."""
    if description.plural != role.plural or not description.heads & role.heads:
        return False
    extra = description.words - role.words - {canonical_head(h) for h in role.heads}
    extra -= {w for w in extra if canonical_head(w) in role.heads}
    return not extra


def title_before(doc: Doc, stop: int) -> list[Token]:
    """The title written directly before a name ("State Department Spokesperson",
    "US Ambassador to Pakistan"), walking left from ``stop`` (the name's first token).

    The walk stays on one line, skips an honorific next to the name ("Dr"), and stops
    at anything that cannot be part of a title: a determiner, a lowercase word that is
    not an office, a comma, another name.
    """
    i = stop - 1
    while i >= 0 and doc[i].lower_ in HONORIFICS:
        i -= 1
    end = i + 1
    while i >= 0 and _title_part(doc[i], doc[i + 1] if i + 1 < end else None):
        i -= 1
    phrase = list(doc[i + 1 : end])
    while phrase and (phrase[0].lower_ in _TITLE_JOINERS or phrase[0].tag_ == "POS"):
        phrase.pop(0)
    # The word right before the name must belong to the title: an office noun, or the
    # capitalised end of a multiword title ("Secretary of State", "(COAS) General").
    if not phrase or not any(t.lower_ in TITLE_HEADS for t in phrase):
        return []
    last = phrase[-1]
    if last.lower_ not in TITLE_HEADS and not (last.text[:1].isupper() or last.text == ")"):
        return []
    return phrase


def phrase_tokens(head: Token) -> list[Token]:
    """The noun phrase ``head`` heads (an apposition, a description), cut where it ends.

    The parser often hangs what follows an apposition on it ("…, and Labour, alongside
    Kelly Razzouk"), so the phrase stops at a comma followed by a lowercase word other
    than a coordinator, at a relative pronoun, a quotation mark or a line break.
    """
    doc = head.doc
    start = head.i
    # Leftwards: modifiers only, never across a line break, comma or quotation mark
    # (a misparse can hang a headline on the noun that follows it).
    while start > head.left_edge.i and not _phrase_break(doc[start - 1]):
        start -= 1
    end = head.i + 1
    while end <= head.right_edge.i:
        tok = doc[end]
        if tok.is_space or tok.is_quote or tok.lower_ in ("who", "which", "whose", "whom"):
            break
        if tok.text == "," and end + 1 < len(doc):
            nxt = doc[end + 1]
            if nxt.text[:1].islower() and nxt.lower_ not in ("and", "or"):
                break
        end += 1
    return list(doc[start:end])


def _phrase_break(tok: Token) -> bool:
    return tok.is_space or tok.is_quote or tok.text in (",", ";", ":")


def strip_article(text: str) -> str:
    """Drop one leading article: "the US State Department" → "US State Department"."""
    first, _, rest = text.partition(" ")
    return rest if first.lower() in _ARTICLES and rest else text


def strip_possessive(text: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def _title_part(tok: Token, right: Token | None) -> bool:
    """Can ``tok`` belong to a title that ``right`` continues?"""
    if tok.is_space or (tok.ent_type_ == "PERSON" and tok.lower_ not in TITLE_HEADS):
        return False
    low = tok.lower_
    if low in TITLE_HEADS or low in TITLE_MODIFIERS or low in ORG_HEADS:
        return True
    if low in _TITLE_JOINERS:
        return right is not None and right.text[:1].isupper()
    if tok.text in ("(", ")") or tok.tag_ == "POS":
        return True
    if right is not None and not tok.whitespace_ and tok.is_alpha:
        return True  # glued pieces of one word: "Tehreek-e-Insaf"
    if tok.text == "-" and not tok.whitespace_:
        return True
    return tok.text[:1].isupper() and tok.pos_ in ("PROPN", "NOUN", "ADJ")


def _affiliation_prefix(tokens: Sequence[Token]) -> list[Token]:
    """The organisation or country at the end of the words before an office, if any."""
    j = len(tokens)
    while j > 0:
        t = tokens[j - 1]
        ok = (
            t.ent_type_ in _NON_PERSON_ENTS
            or t.lower_ in ORG_HEADS
            or t.lower_ in TITLE_MODIFIERS
            or t.tag_ == "POS"
            or t.text in ("(", ")", "-")
            or (t.pos_ == "PROPN" and t.text[:1].isupper())
            or (not t.whitespace_ and t.is_alpha)
        )
        if not ok:
            break
        j -= 1
    found = list(tokens[j:])
    while found and (found[0].lower_ in _RANK_WORDS or found[0].lower_ in _TITLE_JOINERS):
        found.pop(0)
    if any(t.ent_type_ in _NON_PERSON_ENTS or t.lower_ in ORG_HEADS for t in found):
        return found
    return []


def _affiliation_suffix(
    role_tokens: Sequence[Token], head_at: int
) -> tuple[int, list[Token]] | None:
    """Where a prepositional organisation ("for the US State Department") starts after
    the office noun, and its words; None when nothing after the office is one.

    "of State" and "for Democracy, Human Rights, and Labour" are part of an office, not
    organisations: the object must be headed by an organisation noun, or be a named
    organisation introduced with "the".
    """
    for k in range(max(head_at, 0) + 1, len(role_tokens)):
        prep = role_tokens[k]
        if prep.lower_ not in _AFFILIATION_PREPS:
            continue
        obj = [t for t in role_tokens[k + 1 :] if t.i <= prep.right_edge.i]
        head = next((t for t in obj if t.dep_ == "pobj" and t.head.i == prep.i), None)
        if head is None:
            continue
        if head.lower_ in ORG_HEADS or (obj[0].lower_ == "the" and head.ent_type_ == "ORG"):
            return k, obj
    return None


def _trim(tokens: Sequence[Token]) -> list[Token]:
    out = list(tokens)
    while out and (out[0].lower_ in _ARTICLES or out[0].is_punct or out[0].is_space):
        if out[0].text == "(":
            break
        out.pop(0)
    while out and (out[-1].is_punct or out[-1].is_space or out[-1].tag_ == "POS"):
        if out[-1].text == ")":
            break
        out.pop()
    return out


def span_text(tokens: Sequence[Token]) -> str:
    """The original characters from the first token to the last, spacing kept.

    Built from the tokens themselves: ``Doc.text`` joins the whole document on every
    access, which would make each call linear in the article.
    """
    if not tokens:
        return ""
    return "".join(t.text_with_ws for t in tokens[:-1]) + tokens[-1].text


def _word_key(low: str) -> str:
    if low in _US_FORMS:
        return "us"
    return low
