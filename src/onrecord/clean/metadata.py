"""Article metadata read from the text itself: dates, datelines, agency credits, language.

Every parser here is a pure function of a string, so the same rules serve plain text,
HTML-derived text and JSONL records. ``clean.py`` uses the line parsers to recognise a
date stamp, a standalone dateline or an agency credit line as "not body"; ``describe``
then turns what the cleaner set apart into the fields of an ``Article``.

Dates are returned as ISO ``YYYY-MM-DD`` strings, never guessed: a date without a year
("Jan 24") stays in the dateline's ``date_text`` and is not a publication date.
Language comes from ``onrecord.clean.language`` (a language-identification model), judged on
the body alone, never on menus or other page furniture.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from onrecord.clean.language import Language, identify
from onrecord.clean.result import CleanResult
from onrecord.model import Dateline

__all__ = [
    "AGENCIES",
    "Language",
    "Metadata",
    "date_stamp_length",
    "describe",
    "find_date",
    "guess_language",
    "is_date_line",
    "leading_dateline",
    "outlet_from_url",
    "parse_credit",
    "parse_dateline_line",
]

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_ENGLISH_MONTHS = (
    r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
MONTH = rf"(?:{_ENGLISH_MONTHS})\.?"
WEEKDAY = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?"
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?\S*)?")
_SLASH_YMD = re.compile(r"\b(\d{4})/(\d{1,2})/(\d{1,2})\b")
_MDY = re.compile(rf"\b({MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.IGNORECASE)
_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH}),?\s+(\d{{4}})\b", re.I)
_ANY_DATE = (
    rf"(?:\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?\S*)?"
    rf"|\d{{4}}/\d{{1,2}}/\d{{1,2}}"
    rf"|(?:{WEEKDAY},?\s+)?{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|(?:{WEEKDAY},?\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH},?\s+\d{{4}})"
)
_TIME = r"(?:\s*(?:at|,|\||-)?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*\(?[A-Z]{2,5}\)?)?)?"
# "date 2024-02-09", "Published: Feb. 9, 2024 10:30 PM IST", or a line that is only a date.
_DATE_STAMP = re.compile(
    rf"\s*(?:(?:date[d]?|published(?:\s+on)?|posted(?:\s+on)?|updated(?:\s+on)?|last\s+updated"
    rf"(?:\s+on)?|first\s+published(?:\s+on)?)\s*[:\-–—|]?\s*)?{_ANY_DATE}{_TIME}\s*(?:[|·•]\s*)?",
    re.IGNORECASE,
)

# Wire agencies as credited in bylines and datelines; values are the usual short form.
AGENCIES: Mapping[str, str] = {
    "ians": "IANS", "pti": "PTI", "ani": "ANI", "app": "APP", "ap": "AP", "afp": "AFP",
    "reuters": "Reuters", "uni": "UNI", "xinhua": "Xinhua", "bloomberg": "Bloomberg",
    "dpa": "dpa", "efe": "EFE", "anadolu": "Anadolu", "anadolu agency": "Anadolu",
    "tass": "TASS", "kyodo": "Kyodo", "yonhap": "Yonhap", "bernama": "Bernama",
    "nni": "NNI", "inp": "INP", "ppi": "PPI", "wam": "WAM", "spa": "SPA", "irna": "IRNA",
    "associated press": "AP", "the associated press": "AP", "agence france-presse": "AFP",
    "agence france presse": "AFP", "press trust of india": "PTI",
    "indo-asian news service": "IANS", "associated press of pakistan": "APP",
    "asian news international": "ANI", "united news of india": "UNI",
}  # fmt: skip
_AGENCY = "(?i:" + "|".join(sorted((re.escape(k) for k in AGENCIES), key=len, reverse=True)) + ")"
_CREDIT_LINE = re.compile(
    rf"[-–—]*\s*\(?\s*(?:(?:with\s+(?:inputs|input|agency\s+inputs)\s+from|source|courtesy"
    rf"|agencies|via)\s*:?\s*)?(?P<a>{_AGENCY})(?:\s*(?:,|/|&|and)\s*(?:{_AGENCY}))*\s*\)?\.?",
    re.IGNORECASE,
)
# A place: one to four capitalised words ("Washington", "NEW YORK", "Rawalpindi Cantt.").
_PLACE = r"(?P<place>[A-Z][A-Za-z.'’-]+(?:\s+[A-Z][A-Za-z.'’-]+){0,3})"
_DAY_TEXT = (
    rf"(?P<date>(?:{WEEKDAY},?\s+)?(?:{MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{MONTH})(?:,?\s+\d{{4}})?)"
)
_DATELINE_LINE = re.compile(rf"{_PLACE}\s*,\s*{_DAY_TEXT}(?:\s*\((?P<a>{_AGENCY})\))?\s*[:.]?")
_CAPS_PLACE = r"(?P<place>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3})"
_CAPS_DATELINE_LINE = re.compile(rf"{_CAPS_PLACE}\s*(?::|[-–—]{{1,2}})")
_LEADING_DATELINES = (
    # "WASHINGTON, Jan 24 (Reuters) -", "Washington, Jan 24 (IANS):", "Islamabad, Jan 24:"
    re.compile(rf"{_PLACE}\s*,\s*{_DAY_TEXT}\s*(?:\((?P<a>{_AGENCY})\))?\s*[:\-–—]+\s+"),
    # "LONDON (Reuters) -", "Karachi (APP):"
    re.compile(rf"{_PLACE}\s*\((?P<a>{_AGENCY})\)\s*[:\-–—]+\s+"),
    # "NEW YORK: ...", "WASHINGTON — ..."
    re.compile(rf"{_CAPS_PLACE}\s*(?::|\s[-–—]{{1,2}})\s+"),
)
_NOT_PLACES = frozenset(
    {
        "UPDATE", "UPDATED", "BREAKING", "BREAKING NEWS", "EXCLUSIVE", "WATCH", "LIVE", "NOTE",
        "EDITOR", "EDITOR'S NOTE", "KEY POINTS", "HIGHLIGHTS", "SUMMARY", "ANALYSIS", "OPINION",
        "FACT CHECK", "CORRECTION", "PHOTOS", "VIDEO", "READ", "ALSO READ", "READ MORE", "Q", "A",
    }
)  # fmt: skip


def parse_date(value: str) -> str | None:
    """The first date in ``value`` that names a year, as ISO ``YYYY-MM-DD``, else None."""
    found: list[tuple[int, str]] = []
    for match in _ISO.finditer(value):
        found.append((match.start(), _iso(match[1], match[2], match[3]) or ""))
    for match in _SLASH_YMD.finditer(value):
        found.append((match.start(), _iso(match[1], match[2], match[3]) or ""))
    for match in _MDY.finditer(value):
        found.append((match.start(), _iso(match[3], _month(match[1]), match[2]) or ""))
    for match in _DMY.finditer(value):
        found.append((match.start(), _iso(match[3], _month(match[2]), match[1]) or ""))
    for _, iso in sorted(found):
        if iso:
            return iso
    return None


find_date = parse_date


def date_stamp_length(text: str) -> int:
    """Length of a date stamp at the start of ``text`` ("date 2024-02-09 "), 0 if none.

    Whole-line stamps ("February 9, 2024", "Updated: Feb. 9, 2024 10:32 IST") return
    the line's length, so the cleaner can set the whole line apart.
    """
    match = _DATE_STAMP.match(text)
    if not match or not parse_date(match.group(0)):
        return 0
    return match.end()


# Month names of the Western European languages news sites most often print dates in, so
# a date line is furniture whatever the page's language ("22 de outubro de 2010 às 20:13").
_ANY_MONTH = (
    r"(?:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    r"novembre|décembre|decembre|januar|jänner|februar|märz|april|juni|juli|august|oktober|"
    r"dezember|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|"
    r"octubre|noviembre|diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|"
    r"ottobre|dicembre|janeiro|fevereiro|março|marco|maio|junho|julho|setembro|outubro|"
    r"novembro|dezembro|januari|februari|maart|mei|augustus|"
    rf"{_ENGLISH_MONTHS})\.?"
)
_ANY_LANGUAGE_DATE = re.compile(
    rf"\b\d{{1,2}}\.?\s*(?:de\s+)?{_ANY_MONTH}\s*(?:de\s+)?,?\s*\d{{4}}\b"
    rf"|\b{_ANY_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    r"|\b\d{4}\s*[-./년年]\s*\d{1,2}\s*[-./월月]\s*\d{1,2}"
    r"|\b\d{1,2}\s*[./-]\s*\d{1,2}\s*[./-]\s*\d{4}\b",
    re.IGNORECASE,
)
_DATE_LINE_WORDS = 12
_WORD = re.compile(r"[^\W\d_]+")


def is_date_line(line: str) -> bool:
    """A short line that is mostly a date, in any of the common languages or numeric."""
    match = _ANY_LANGUAGE_DATE.search(line)
    if not match or len(line.split()) > _DATE_LINE_WORDS:
        return False
    rest = line[: match.start()] + " " + line[match.end() :]
    return len(_WORD.findall(rest)) <= _DATE_LINE_WORDS // 2


def parse_credit(line: str) -> str | None:
    """The agency a credit line names ("- IANS", "(With inputs from PTI)"), else None."""
    match = _CREDIT_LINE.fullmatch(line.strip())
    return AGENCIES[match["a"].lower()] if match else None


def parse_dateline_line(line: str) -> Dateline | None:
    """A line that is only a dateline ("Washington, Jan 24"), parsed; else None."""
    match = _DATELINE_LINE.fullmatch(line.strip())
    if match:
        return Dateline(_place(match["place"]), match["date"])
    alone = _CAPS_DATELINE_LINE.fullmatch(line.strip())  # "NEW YORK:" on its own line
    if alone and alone["place"].upper() not in _NOT_PLACES and len(alone["place"]) >= 3:
        return Dateline(_place(alone["place"]))
    return None


def leading_dateline(paragraph: str) -> tuple[Dateline, str | None] | None:
    """The dateline that opens a paragraph ("NEW YORK: ...") and any agency it credits."""
    for pattern in _LEADING_DATELINES:
        match = pattern.match(paragraph)
        if not match:
            continue
        place = match["place"]
        if place.upper() in _NOT_PLACES or len(place) < 3:
            continue
        groups = match.groupdict()
        agency = AGENCIES[groups["a"].lower()] if groups.get("a") else None
        return Dateline(_place(place), groups.get("date")), agency
    return None


def outlet_from_url(url: str | None) -> str | None:
    """The site a URL belongs to, as its host without "www." ("dawn.com")."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname
    if not host:
        return None
    return re.sub(r"^(?:www\d?|m|amp|mobile)\.", "", host.lower())


def guess_language(text: str) -> Language:
    """The language of an article body (``onrecord.clean.language.identify``)."""
    return identify(text)


@dataclass(slots=True)
class Metadata:
    """What ``describe`` found; each field goes straight into ``Article``."""

    title: str | None = None
    published: str | None = None
    dateline: Dateline | None = None
    agency: str | None = None
    outlet: str | None = None
    language: Language | None = None


def describe(
    cleaned: CleanResult,
    *,
    url: str | None = None,
    hints: Mapping[str, str | None] | None = None,
) -> Metadata:
    """Metadata for one cleaned text; explicit hints (HTML meta, JSONL fields) win.

    ``hints`` may hold ``title``, ``published``, ``outlet`` and ``sitename``.
    """
    text = cleaned.text
    given = dict(hints or {})
    meta = Metadata()
    meta.title = _clean_value(given.get("title")) or (
        _squash(cleaned.title.text(text)) if cleaned.title else None
    )
    published = given.get("published")
    meta.published = parse_date(published) if published else None
    if meta.published is None:
        meta.published = next(
            (iso for s in cleaned.date_stamps if (iso := parse_date(s.text(text)))), None
        )
    if cleaned.dateline is not None:
        meta.dateline = parse_dateline_line(cleaned.dateline.text(text))
    for span in cleaned.body[:3] if meta.dateline is None else []:
        opening = leading_dateline(span.text(text))
        if opening:
            meta.dateline, meta.agency = opening
            break
    credited = [parse_credit(s.text(text)) for s in cleaned.credits]
    meta.agency = next((a for a in credited if a), None) or meta.agency
    if meta.agency is None and cleaned.dateline is not None:
        match = _DATELINE_LINE.fullmatch(cleaned.dateline.text(text).strip())
        if match and match["a"]:
            meta.agency = AGENCIES[match["a"].lower()]
    meta.outlet = (
        _clean_value(given.get("outlet"))
        or _clean_value(given.get("sitename"))
        or outlet_from_url(url)
    )
    meta.language = guess_language(cleaned.body_text())
    return meta


def _clean_value(value: str | None) -> str | None:
    return _squash(value) or None if value else None


def _squash(value: str) -> str:
    return " ".join(value.split())


def _place(raw: str) -> str:
    """ "NEW YORK" → "New York"; short all-caps tokens ("US", "D.C.") stay as written."""
    if not raw.isupper():
        return raw.strip()
    return " ".join(w if len(w) <= 2 or "." in w else w.capitalize() for w in raw.split())


def _month(name: str) -> str:
    return str(_MONTHS[name[:3].lower()])


def _iso(year: str, month: str, day: str) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None
