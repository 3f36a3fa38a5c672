"""The one place that loads and configures spaCy pipelines."""

from onrecord.nlp.languages import (
    LANGUAGE_MODELS,
    installed_languages,
    language_code,
    pipeline_for,
    pipeline_name_for,
)
from onrecord.nlp.loading import PREFERRED_MODELS, load_pipeline, model_name

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
