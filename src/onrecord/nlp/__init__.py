"""The one place that loads and configures spaCy pipelines."""

from onrecord.nlp.loading import PREFERRED_MODELS, load_pipeline, model_name

__all__ = ["PREFERRED_MODELS", "load_pipeline", "model_name"]
