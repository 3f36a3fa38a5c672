"""The one place that loads and configures spaCy pipelines.

The names load their module on first use: importing spaCy takes 0.3-0.8 s, which a
command that parses nothing (``onrecord people merge``, ``--help``) should not pay.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from onrecord.nlp.languages import (
        LANGUAGE_MODELS,
        installed_languages,
        language_code,
        pipeline_for,
        pipeline_name_for,
    )
    from onrecord.nlp.loading import PREFERRED_MODELS, load_pipeline, model_name

_WHERE = {
    "LANGUAGE_MODELS": "onrecord.nlp.languages",
    "installed_languages": "onrecord.nlp.languages",
    "language_code": "onrecord.nlp.languages",
    "pipeline_for": "onrecord.nlp.languages",
    "pipeline_name_for": "onrecord.nlp.languages",
    "PREFERRED_MODELS": "onrecord.nlp.loading",
    "load_pipeline": "onrecord.nlp.loading",
    "model_name": "onrecord.nlp.loading",
}

__all__ = [
    "LANGUAGE_MODELS",
    "PREFERRED_MODELS",
    "installed_languages",
    "language_code",
    "load_pipeline",
    "model_name",
    "pipeline_for",
    "pipeline_name_for",
]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'onrecord.nlp' has no attribute {name!r}")
