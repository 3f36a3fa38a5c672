"""Countries a text names, by any of their names or adjectives (``data/countries.txt``)."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

__all__ = ["countries_in", "country_names"]


@lru_cache(maxsize=1)
def _table() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every name, and each name (lowercased) → its country."""
    data = resources.files("onrecord").joinpath("data/countries.txt").read_text("utf-8")
    country_of: dict[str, str] = {}
    for line in data.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        names = [n.strip() for n in line.split("|") if n.strip()]
        for name in names:
            country_of.setdefault(name.lower(), names[0])
    # Longest first: "South Korea" before "Korea", "United States" before "States".
    ordered = sorted(country_of, key=len, reverse=True)
    alternatives = "|".join(re.escape(name) for name in ordered)
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?![\w])", re.I), country_of


def countries_in(text: str) -> dict[str, list[str]]:
    """Country → the words that named it in ``text`` ("U.S.", "Mexican"), in text order.

    Names are matched as written, case-sensitively in their first letter, so "us" (the
    pronoun) is not the US while "US" is.
    """
    return {country: list(words) for country, words in _countries(text)}


@lru_cache(maxsize=1 << 16)
def _countries(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    # Cached: the same targets ("Pakistan", "the US") and statements are read again and
    # again when exchanges are looked for, and the pattern has every country's names.
    pattern, country_of = _table()
    found: dict[str, list[str]] = {}
    for match in pattern.finditer(text):
        written = match.group(0)
        if not written[0].isupper():
            continue
        country = country_of[written.lower()]
        words = found.setdefault(country, [])
        if written not in words:
            words.append(written)
    return tuple((country, tuple(words)) for country, words in found.items())


def country_names(country: str) -> list[str]:
    """Every name and adjective of ``country`` (as ``countries_in`` names it)."""
    _, country_of = _table()
    return sorted(name for name, of in country_of.items() if of == country)
