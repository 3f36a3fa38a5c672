"""Topic tags from keyword and phrase lists.

The defaults (``onrecord/data/topics.json``) cover elections, detention, press freedom,
freedom of assembly, transnational repression, spyware, counter-terrorism, Kashmir and
human rights. Users extend or override them with a JSON file of the same shape,
``{"topic": ["phrase", ...]}``, named by ``--topics FILE`` or ``ONRECORD_TOPICS``: a topic
in the user file adds its phrases to the default topic of the same name (case-insensitive)
or becomes a new topic.

Phrases match whole words, case-insensitively. In the store, a topic filter becomes a
full-text query (any of the phrases), so it uses the search index and follows its
stemming ("journalist" also finds "journalists").
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from onrecord.errors import InputError

ENV_TOPICS = "ONRECORD_TOPICS"


@dataclass(frozen=True, slots=True)
class Topics:
    """Topic name → phrases, with a matcher per topic."""

    phrases: dict[str, tuple[str, ...]]

    def names(self) -> list[str]:
        return sorted(self.phrases, key=str.lower)

    def lookup(self, name: str) -> tuple[str, tuple[str, ...]]:
        """The topic called ``name`` (case-insensitive) and its phrases."""
        for topic, phrases in self.phrases.items():
            if topic.lower() == name.strip().lower():
                return topic, phrases
        raise InputError(f"Unknown topic {name!r}. Known topics: {', '.join(self.names())}")

    def tag(self, text: str) -> list[str]:
        """The topics whose phrases occur in ``text``."""
        return [topic for topic in self.names() if _pattern(self.phrases[topic]).search(text)]


_CACHE: dict[tuple[str, ...], re.Pattern[str]] = {}


def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    if phrases not in _CACHE:
        alternatives = "|".join(
            r"\s+".join(re.escape(word) for word in p.split()) for p in phrases if p.strip()
        )
        _CACHE[phrases] = re.compile(rf"(?<!\w)(?:{alternatives or '(?!)'})(?!\w)", re.I)
    return _CACHE[phrases]


def default_topics() -> dict[str, list[str]]:
    data = resources.files("onrecord").joinpath("data/topics.json").read_text("utf-8")
    loaded: dict[str, list[str]] = json.loads(data)
    return loaded


def _read_user_file(path: Path) -> dict[str, list[str]]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise InputError(f"Cannot read topics file {str(path)!r}: {exc.strerror or exc}") from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"Topics file {str(path)!r} is not valid JSON: {exc}") from exc
    valid = isinstance(data, dict) and all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(p, str) for p in v)
        for k, v in data.items()
    )
    if not valid:
        raise InputError(
            f"Topics file {str(path)!r} must map each topic to a list of phrases, "
            'like {"topic": ["phrase", ...]}'
        )
    checked: dict[str, list[str]] = data
    return checked


def load_topics(path: str | Path | None = None) -> Topics:
    """The default topics extended by ``path`` (or ``ONRECORD_TOPICS`` when not given)."""
    merged = {name: list(phrases) for name, phrases in default_topics().items()}
    extra = path or os.environ.get(ENV_TOPICS)
    if extra:
        for name, phrases in _read_user_file(Path(extra)).items():
            same = next((t for t in merged if t.lower() == name.lower()), name)
            merged.setdefault(same, [])
            merged[same].extend(p for p in phrases if p not in merged[same])
    return Topics({name: tuple(phrases) for name, phrases in merged.items()})
