"""Reading speaker strings: person or organisation, the name, and the title around it.

A resolved speaker arrives as the article wrote it: "Matthew Miller", "Miller", "State
Department spokesman Matthew Miller", "Secretary of State Antony J. Blinken", "the US
Department of State". ``parse_speaker`` splits that into the personal name (the trailing
run of capitalised words that are neither titles nor organisation words) and what comes
before it (role and affiliation hints); a string with no personal name but an
organisation word is an organisation. Keys are lowercased, accent-free and drop middle
initials and suffixes, so "Antony J Blinken" and "Antony Blinken" share one key.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

EntityKind = Literal["person", "organisation"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


TITLE_WORDS = _words(
    """
    acting adm admiral adviser advisor affairs ambassador assistant attorney bishop capt
    captain cardinal chair chairman chairwoman chief col colonel commissioner congressman
    congresswoman counsel dame defence defense deputy director dr envoy external father
    finance foreign former gen general gov governor head home imam inspector interim
    interior judge justice king lady leader lord lt maj major mayor minister miss mr mrs ms
    national officer official pope president press prime prince princess prof professor
    queen rabbi rep representative rev reverend secretary security sen senator senior
    sergeant sheikh sir special spokesman spokesperson spokeswoman state then top under vice
    """
)
ORG_WORDS = _words(
    """
    administration agency alliance amnesty army assembly association authority bank board
    bureau cabinet campaign center centre church co coalition commission committee company
    congress consulate corp corporation council court department directorate embassy
    federation force forces foundation front fund government group inc institute
    international journal kremlin league llc ltd ministry nations navy network news office
    organisation organization parliament party pentagon police post presidency reuters
    secretariat senate service services times tribunal tribune trust union unit university
    watch whitehall
    """
)
KNOWN_ORGS = frozenset(
    """white house|state department|pentagon|kremlin|downing street|un|eu|nato|fbi|cia|nsa|
    who|imf|icc|hrw|aclu|cpj|rsf|bjp|amnesty|human rights watch|amnesty international|
    united nations|associated press""".replace("\n", "")
    .replace("    ", "")
    .split("|")
)
COUNTRIES = _words(
    """
    afghanistan bangladesh beijing britain canada china delhi egypt france germany india
    iran iraq islamabad israel japan kabul kyiv london moscow myanmar nepal pakistan russia
    saudi syria tehran turkey uk ukraine usa washington
    """
)
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_US_PREFIX = re.compile(r"^(the )?(us|u s|united states|american) ")
_OF_HEADS = ("department", "ministry", "office", "bureau", "secretariat")
_OF_FORM = re.compile(rf"^({'|'.join(_OF_HEADS)}) of (the )?(.+)$")
_NON_WORD = re.compile(r"[^\w\s'-]")
_CONNECTORS = frozenset({"of", "the", "for", "and", "on", "'s"})


@dataclass(frozen=True, slots=True)
class Speaker:
    """A speaker string read apart."""

    kind: EntityKind
    name: str  # the personal name ("Matthew Miller") or the organisation as written
    key: str  # "matthew miller" / "state department"
    surname: str  # last name key; "" for organisations
    role_hint: str | None  # "spokesman" from "State Department spokesman Matthew Miller"
    affiliation_hint: str | None  # "State Department" from the same

    @property
    def full(self) -> bool:
        """True when the name has a first name as well as a surname."""
        return self.kind == "person" and " " in self.key


# Every combining mark Unicode has is in its first two planes (the last, U+1E94A, is an
# Adlam mark); a test checks it against the running Python's Unicode data.
COMBINING_PLANES_END = 0x20000


@lru_cache(maxsize=1)
def _combining() -> dict[int, None]:
    """Every combining mark, for ``str.translate`` to drop: the linker folds every quote
    in the corpus, and a per-character Python loop was most of that time. Reading the
    first two planes only makes the table in a ninth of the time of all seventeen,
    which the first fold of every process (a web worker's first page) paid."""
    return {c: None for c in range(COMBINING_PLANES_END) if unicodedata.combining(chr(c))}


def prepare_folding() -> None:
    """Build the folding table now, not at the first accented word (a web worker does it
    before its first page)."""
    _combining()


def fold(text: str) -> str:
    """Lowercase, accents removed, punctuation to spaces, whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    if not decomposed.isascii():
        decomposed = decomposed.translate(_combining())
    plain = decomposed.lower().replace("’", "'").replace(".", " ")
    return " ".join(_NON_WORD.sub(" ", plain).split())


def _bare(token: str) -> str:
    return fold(token).replace("'s", "").strip("'-")


def _is_name_token(token: str) -> bool:
    bare = _bare(token)
    if not bare or bare in TITLE_WORDS or bare in ORG_WORDS or bare in _CONNECTORS:
        return False
    return token[:1].isupper()


def org_key(text: str) -> str:
    """One key for the ways an organisation is written ("US Department of State" and
    "State Department" → "state department")."""
    key = fold(text)
    key = _US_PREFIX.sub("", key)
    key = key.removeprefix("the ")
    match = _OF_FORM.match(key)
    if match:
        key = f"{match.group(3)} {match.group(1)}"
    return key


def org_forms(text: str) -> set[str]:
    """The ways running text may write the organisation ``org_key`` reads ``text`` as,
    folded: the key itself and, for "<X> department" keys, "department of <X>" (the US
    prefix needs no form of its own: "us department of state" contains the second)."""
    key = org_key(text)
    words = key.split()
    forms = {key} if key else set()
    if len(words) >= 2 and words[-1] in _OF_HEADS:
        rest = " ".join(words[:-1])
        forms |= {f"{words[-1]} of {rest}", f"{words[-1]} of the {rest}"}
    return forms


def is_institution(text: str) -> bool:
    """Does ``text`` name an organisation, rather than a country or a place: it has an
    organisation word ("State Department", "interior ministry") or is a well-known one."""
    words = fold(text).split()
    if not words:
        return False
    return (
        " ".join(words) in KNOWN_ORGS
        or org_key(text) in KNOWN_ORGS
        or any(w in ORG_WORDS for w in words)
    )


def person_key(name_tokens: list[str]) -> str:
    words = [_bare(t) for t in name_tokens]
    kept = [w for w in words if len(w) > 1 and w not in SUFFIXES]
    if len(kept) > 2:  # keep first and last names: middle names are often dropped
        kept = [kept[0], kept[-1]]
    return " ".join(kept)


def looks_like_organisation(text: str) -> bool:
    words = fold(text).split()
    if not words:
        return False
    joined = " ".join(words)
    if joined in KNOWN_ORGS or org_key(text) in KNOWN_ORGS or any(w in ORG_WORDS for w in words):
        return True
    return len(words) == 1 and (words[0] in COUNTRIES or (text.isupper() and len(text) <= 6))


_NAME_PREPOSITIONS = frozenset({"of", "for", "at", "in", "from", "on", "to"})


@lru_cache(maxsize=65536)
def parse_speaker(text: str | None) -> Speaker | None:
    """Read a resolved speaker string; None for generic ones ("officials", "he")."""
    if not text or not text.strip():
        return None
    tokens = text.replace(",", " , ").split()
    if not any(t[:1].isupper() for t in tokens):
        return None
    if "," in tokens:  # "Matthew Miller, State Department spokesman"
        head, tail = tokens[: tokens.index(",")], tokens[tokens.index(",") + 1 :]
        if head and all(_is_name_token(t) or re.fullmatch(r"[A-Z]\.?", t) for t in head):
            key = person_key(head)
            if key and not looks_like_organisation(" ".join(head)):
                role, affiliation = _split_prefix(tail)
                return Speaker("person", " ".join(head), key, key.split()[-1], role, affiliation)
    name: list[str] = []
    for token in reversed(tokens):
        if _is_name_token(token) or (name and re.fullmatch(r"[A-Z]\.?", token)):
            name.insert(0, token)
        else:
            break
    while name and re.fullmatch(r"[A-Z]\.?", name[0]):
        name.pop(0)  # an initial cannot start a name we keep
    prefix = tokens[: len(tokens) - len(name)]
    # Capitals after "of" ("Department of Commerce", "President of the United States")
    # are what a title is of, not a person's name.
    before = [t for t in prefix if t not in ("the", "The")]
    after_preposition = bool(before) and before[-1] in _NAME_PREPOSITIONS
    if (
        name
        and not after_preposition
        and not (len(tokens) == len(name) and looks_like_organisation(text))
    ):
        key = person_key(name)
        if key:
            role, affiliation = _split_prefix(prefix)
            return Speaker("person", " ".join(name), key, key.split()[-1], role, affiliation)
    if looks_like_organisation(text):
        name_text = " ".join(t for t in tokens if t != ",")
        name_text = re.sub(r"^[Tt]he\s+", "", name_text)
        return Speaker("organisation", name_text, org_key(text), "", None, None)
    return None


def _split_prefix(prefix: list[str]) -> tuple[str | None, str | None]:
    """Role and affiliation from the words before a name: "State Department spokesman"
    gives ("spokesman", "State Department"); "Secretary of State" gives that as role."""
    words = [t for t in prefix if t != ","]
    while words and fold(words[0]) in {"the", "a", "an", "former"}:
        words.pop(0)
    if not words:
        return None, None
    org_end = 0
    for i, word in enumerate(words):
        if fold(word) in ORG_WORDS or fold(" ".join(words[: i + 1])) in KNOWN_ORGS:
            org_end = i + 1
    affiliation = " ".join(words[:org_end]) or None
    role = " ".join(words[org_end:]) or None
    return role, affiliation
