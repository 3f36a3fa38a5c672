"""Pipelines by language: installed packages only, English exactly as ``load_pipeline``."""

from __future__ import annotations

import pytest

from onrecord.errors import ModelNotFound
from onrecord.nlp import (
    installed_languages,
    language_code,
    load_pipeline,
    pipeline_for,
    pipeline_name_for,
)


@pytest.mark.parametrize(
    ("given", "code"), [("fr", "fr"), ("FR", "fr"), ("fr-FR", "fr"), ("pt_BR", "pt"), (None, "und")]
)
def test_language_codes(given: str | None, code: str) -> None:
    assert language_code(given) == code


def test_english_is_load_pipeline() -> None:
    assert pipeline_for("en") is load_pipeline()


def test_french_is_an_official_package_with_the_paragraph_and_sentence_hints() -> None:
    assert pipeline_name_for("fr") in ("fr_core_news_lg", "fr_core_news_md", "fr_core_news_sm")
    nlp = pipeline_for("fr")
    assert nlp is not None and nlp.lang == "fr"
    assert pipeline_for("fr-FR") is nlp  # loaded once
    names = nlp.pipe_names
    assert names.index("onrecord_paragraphs") < names.index("parser")
    assert names.index("onrecord_sentence_hints") < names.index("parser")


def test_languages_without_a_package_have_no_pipeline() -> None:
    for language in ("pt", "de", "und", ""):
        assert pipeline_for(language) is None
        assert pipeline_name_for(language) is None
    assert {"en", "fr"} <= set(installed_languages())
    assert "pt" not in installed_languages()


def test_a_named_package_that_is_missing_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONRECORD_MODEL_FR", "fr_no_such_pipeline")
    with pytest.raises(ModelNotFound):
        pipeline_for("fr")


def test_guillemets_do_not_start_sentences() -> None:
    nlp = pipeline_for("fr")
    assert nlp is not None
    text = "Le ministre a parlé.\n\n« Nous restons prudents », a-t-il dit, et il est parti."
    starts = [sent.text.split()[0] for sent in nlp(text).sents]
    assert starts == ["Le", "«"]
