"""Topic labels from a documented taxonomy of phrase lists, with the words that triggered them.

The defaults (``onrecord/data/topics.toml``, described in ``docs/about.md``) are the
taxonomy for human-rights and democracy reporting: elections; detention and arrests;
freedom of expression and the press; assembly and association; religious freedom; due
process and military courts; transnational repression; sovereignty and interference;
bilateral relations; security and military; human rights; democracy. The first, narrower
topics (press freedom, spyware, counter-terrorism, Kashmir, …) are kept by name, each
folding into its ``broader`` taxonomy topic, so searches that name them still work.

Users extend or replace the defaults with a TOML file (``--topics FILE`` or
``ONRECORD_TOPICS``) of the same shape as the defaults::

    replace = false            # true: use only this file's topics
    ignore = ["told reporters"]  # stock phrases blanked before matching (added to ours)

    [topics."water"]
    description = "Dams, rivers and water treaties."
    phrases = ["dam", "river water"]

    [topics."spyware"]         # an existing topic: its phrases are added
    phrases = ["Paragon"]

A topic may also be written ``name = ["phrase", ...]`` under ``[topics]``. The older JSON
shape, ``{"topic": ["phrase", ...]}``, is still read from files not ending in ``.toml``.

Phrases match whole words, case-insensitively, with a final "s" or "es" allowed. In the
store, a topic filter becomes a full-text query (any of the phrases, the narrower
topics' included), so it uses the search index and follows its stemming.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from onrecord.errors import InputError

ENV_TOPICS = "ONRECORD_TOPICS"


@dataclass(frozen=True, slots=True)
class TopicMatch:
    """One topic a text is about, and the words in it that say so (as written)."""

    topic: str
    evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Topics:
    """Topic name → phrases, with what each topic covers and the broader topic it folds into."""

    phrases: dict[str, tuple[str, ...]]
    descriptions: dict[str, str] = field(default_factory=dict)
    broader: dict[str, str] = field(default_factory=dict)
    ignore: tuple[str, ...] = ()  # stock phrases blanked before matching ("told reporters")

    def names(self) -> list[str]:
        return sorted(self.phrases, key=str.lower)

    def label_names(self) -> list[str]:
        """The topics a statement can be labelled with: those that fold into no other."""
        return [name for name in self.names() if name not in self.broader]

    def lookup(self, name: str) -> tuple[str, tuple[str, ...]]:
        """The topic called ``name`` (case-insensitive) and its phrases, with those of the
        narrower topics that fold into it."""
        for topic, phrases in self.phrases.items():
            if topic.lower() == name.strip().lower():
                narrower = [
                    p for n, b in self.broader.items() if b == topic for p in self.phrases[n]
                ]
                return topic, tuple(dict.fromkeys([*phrases, *narrower]))
        raise InputError(f"Unknown topic {name!r}. Known topics: {', '.join(self.names())}")

    def tag(self, text: str) -> list[str]:
        """Every topic whose phrases occur in ``text``, narrower ones included."""
        return [topic for topic in self.names() if _pattern(self.phrases[topic]).search(text)]

    def evidence(self, text: str) -> dict[str, tuple[str, ...]]:
        """Every topic whose phrases occur in ``text`` → the words that matched."""
        found: dict[str, tuple[str, ...]] = {}
        if self.ignore:
            text = _pattern(self.ignore).sub(lambda m: " " * len(m.group(0)), text)
        for topic in self.names():
            words = tuple(
                dict.fromkeys(m.group(0) for m in _pattern(self.phrases[topic]).finditer(text))
            )
            if words:
                found[topic] = words
        return found

    def label(self, text: str) -> list[TopicMatch]:
        """The labels of a statement: matching topics, the narrower folded into their
        broader topic, each with its evidence; in name order."""
        merged: dict[str, list[str]] = {}
        for topic, words in self.evidence(text).items():
            into = self.broader.get(topic, topic)
            if into not in self.phrases:
                into = topic  # a user file may name a broader topic that does not exist
            bucket = merged.setdefault(into, [])
            bucket.extend(w for w in words if w not in bucket)
        return [TopicMatch(t, tuple(merged[t])) for t in sorted(merged, key=str.lower)]


_CACHE: dict[tuple[str, ...], re.Pattern[str]] = {}


def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    if phrases not in _CACHE:
        # Longest first, so the evidence is the whole phrase ("freedom of the press"),
        # not a shorter phrase inside it ("press").
        ordered = sorted((p for p in phrases if p.strip()), key=len, reverse=True)
        alternatives = "|".join(
            r"\s+".join(re.escape(word) for word in p.split())
            + ("(?:e?s)?" if p[-1:].isalpha() else "")
            for p in ordered
        )
        _CACHE[phrases] = re.compile(rf"(?<!\w)(?:{alternatives or '(?!)'})(?!\w)", re.I)
    return _CACHE[phrases]


@dataclass(slots=True)
class _Entry:
    phrases: list[str]
    description: str | None = None
    broader: str | None = None


@dataclass(slots=True)
class _File:
    """What one topics file says."""

    entries: dict[str, _Entry]
    replace: bool = False
    ignore: list[str] = field(default_factory=list)


def _defaults() -> _File:
    return _parse_toml(_default_table(), "the default topics")


@lru_cache(maxsize=1)
def _default_table() -> dict[str, Any]:
    """The shipped topics file, parsed once per process: every article asks for it, and
    parsing the TOML took a twentieth of the extraction time. ``_parse_toml`` copies
    what it keeps, so the cached table is never changed."""
    data = resources.files("onrecord").joinpath("data/topics.toml").read_text("utf-8")
    return tomllib.loads(data)


def default_topics() -> dict[str, list[str]]:
    """The default topics' phrases, by name."""
    return {name: entry.phrases for name, entry in _defaults().entries.items()}


def _parse_toml(data: Mapping[str, Any], where: str) -> _File:
    """What a parsed TOML topics file says; InputError naming the problem."""
    shape = (
        f"{where} must have a [topics] table of "
        '[topics."name"] tables with phrases = ["phrase", ...] (or name = ["phrase", ...])'
    )
    replace, ignore = data.get("replace", False), data.get("ignore", [])
    topics = data.get("topics")
    if not isinstance(replace, bool) or not isinstance(topics, dict):
        raise InputError(shape)
    if not isinstance(ignore, list) or not all(isinstance(p, str) for p in ignore):
        raise InputError(f'{where}: ignore must be a list of phrases, like ["told reporters"]')
    entries: dict[str, _Entry] = {}
    for name, value in topics.items():
        table = {"phrases": value} if isinstance(value, list) else value
        if not isinstance(table, dict):
            raise InputError(f"{shape}; topic {name!r} is neither")
        phrases = table.get("phrases", [])
        description, broader = table.get("description"), table.get("broader")
        valid = (
            isinstance(phrases, list)
            and all(isinstance(p, str) for p in phrases)
            and isinstance(description, str | None)
            and isinstance(broader, str | None)
        )
        if not valid:
            raise InputError(f"{shape}; topic {name!r} has a value of the wrong kind")
        entries[name] = _Entry(list(phrases), description, broader)
    return _File(entries, replace, list(ignore))


def _read_user_file(path: Path) -> _File:
    where = f"Topics file {str(path)!r}"
    try:
        raw = path.read_text("utf-8")
    except OSError as exc:
        raise InputError(f"Cannot read topics file {str(path)!r}: {exc.strerror or exc}") from exc
    if path.suffix.lower() == ".toml":
        try:
            return _parse_toml(tomllib.loads(raw), where)
        except tomllib.TOMLDecodeError as exc:
            raise InputError(f"{where} is not valid TOML: {exc}") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where} is not valid JSON: {exc}") from exc
    valid = isinstance(data, dict) and all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(p, str) for p in v)
        for k, v in data.items()
    )
    if not valid:
        raise InputError(
            f"{where} must map each topic to a list of phrases, "
            'like {"topic": ["phrase", ...]}, or be a .toml file (see docs/about.md)'
        )
    return _File({name: _Entry(list(phrases)) for name, phrases in data.items()})


def load_topics(path: str | Path | None = None) -> Topics:
    """The default topics extended (or replaced) by ``path``, else by ``ONRECORD_TOPICS``."""
    defaults = _defaults()
    merged, ignore = defaults.entries, defaults.ignore
    extra = path or os.environ.get(ENV_TOPICS)
    if extra:
        user = _read_user_file(Path(extra))
        if user.replace:
            merged, ignore = {}, []
        ignore = ignore + [p for p in user.ignore if p not in ignore]
        for name, entry in user.entries.items():
            same = next((t for t in merged if t.lower() == name.lower()), name)
            into = merged.setdefault(same, _Entry([]))
            into.phrases.extend(p for p in entry.phrases if p not in into.phrases)
            into.description = entry.description or into.description
            into.broader = entry.broader or into.broader
    return Topics(
        {name: tuple(entry.phrases) for name, entry in merged.items()},
        {name: entry.description for name, entry in merged.items() if entry.description},
        {name: entry.broader for name, entry in merged.items() if entry.broader},
        tuple(ignore),
    )
