"""The language of a text, by py3langid's naive Bayes model over byte n-grams, with a confidence.

py3langid (a maintained fork of langid.py) ships its model inside the package (no
download), and on the aeb-dev pages named all 78 article bodies' languages correctly in
a few milliseconds each, and 77 of 78 headlines; see ``docs/benchmarks.md`` for the
comparison with lingua. The model is loaded once per
process, on first use. Callers pass the article *body*, so a site whose menus are in
another language than its articles is judged by the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

__all__ = ["MIN_CONFIDENCE", "Language", "identify"]

# Below this probability the guess is "und". Over ~95 languages a headline's right answer
# often gets only 0.1-0.5; on the aeb-dev headlines no wrong guess reached 0.1.
MIN_CONFIDENCE = 0.1
# Classes left out: the model also knows dialects and creoles with three-letter codes
# (pcm, gcf, ...) that win on short English text and have no ISO 639-1 code for
# ``Article.language``, and languages no news site writes in.
_NOT_NEWS = frozenset({"la", "eo", "sa", "zxx"})
_LETTER = re.compile(r"[^\W\d_]")
_SAMPLE = 20000  # characters: more adds time and no accuracy on news bodies


@dataclass(frozen=True, slots=True)
class Language:
    """An ISO 639-1 code ("en", "fr"; "und" when unsure), the model's confidence, and why."""

    code: str
    confidence: float
    reason: str

    @property
    def is_english(self) -> bool:
        return self.code == "en"


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    codes = {code for code in identifier.nb_classes if len(code) == 2} - _NOT_NEWS
    identifier.set_languages(sorted(codes))
    return identifier


def identify(text: str) -> Language:
    """The language of ``text`` with the model's probability for it."""
    sample = text[:_SAMPLE]
    if not _LETTER.search(sample):
        return Language("und", 0.0, "no words found")
    code, probability = _identifier().classify(sample)
    confidence = float(probability)
    if confidence < MIN_CONFIDENCE:
        return Language("und", confidence, f"unsure: {code!r} at {confidence:.0%}")
    return Language(str(code), confidence, f"{code!r} at {confidence:.0%} (py3langid)")
