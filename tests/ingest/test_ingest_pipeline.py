"""The whole pipeline with the real spaCy pipeline: offsets land in the original text."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from onrecord.model import Article, Span
from onrecord.nlp import load_pipeline
from onrecord.run import Summary, ingest
from onrecord.run.pipeline import KEPT_PROBLEMS


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def inside(span: Span, spans: list[Span]) -> bool:
    return any(s.start <= span.start and span.end <= s.end for s in spans)


def test_seeds_end_to_end(seeds: Path, nlp: Language) -> None:
    summary = Summary()
    articles = [a for a in ingest([seeds], nlp=nlp, batch_size=2, summary=summary)]
    assert all(isinstance(a, Article) for a in articles)
    assert len(articles) == 5 and summary.read == 5 and summary.extracted == 5
    found = 0
    for article in articles:
        assert isinstance(article, Article)
        for attribution in article.attributions:
            found += 1
            for span in attribution.content:
                assert inside(span, article.body), (article.origin.path, span)
            for span in (attribution.cue, attribution.source):
                if span is not None:
                    assert span.end <= len(article.text)
                    assert inside(span, article.body)
    assert found == summary.attributions
    by_name = {Path(a.origin.path or "").name[:3]: a for a in articles if isinstance(a, Article)}
    record = by_name["004"].to_json()
    assert [c["author"] for c in record["comments"]][:2] == ["Priya S", "Aman W"]
    assert record["dateline"] == {"place": "Washington", "date_text": "Jan 24"}
    assert record["agency"] == "IANS"
    assert by_name["002"].published == "2024-02-09"


def test_duplicate_is_linked_and_not_extracted(tmp_path: Path, nlp: Language) -> None:
    source = next(Path(__file__).resolve().parents[2].glob("examples/003_*.txt")).read_text()
    (tmp_path / "a.txt").write_text(source)
    (tmp_path / "b.txt").write_text("Home\nWorld\n\n" + source + "\n\n- APP\n\nShare\n")
    first, second = list(ingest([tmp_path], nlp=nlp))
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.attributions and second.attributions == []
    assert second.duplicate_of == first.id


def test_non_english_article_is_kept_with_its_language(tmp_path: Path, nlp: Language) -> None:
    (tmp_path / "fr.txt").write_text(
        "Le gouvernement présente sa réforme\n\n"
        "Le ministre a déclaré mardi que la réforme des retraites serait présentée au "
        "Parlement avant la fin de l'année, malgré les manifestations dans plusieurs villes.\n"
    )
    summary = Summary()
    (article,) = list(ingest([tmp_path], nlp=nlp, summary=summary))
    assert isinstance(article, Article) and article.language == "fr"
    assert article.title == "Le gouvernement présente sa réforme"
    assert summary.read == 1 and summary.skipped == 0 and summary.languages == {"fr": 1}


def test_the_summary_counts_every_problem_but_keeps_only_the_latest(tmp_path: Path) -> None:
    for n in range(KEPT_PROBLEMS + 50):
        (tmp_path / f"{n:04d}.txt").write_bytes(b"")
    summary = Summary()
    problems = list(ingest([tmp_path], extract=False, summary=summary))
    assert len(problems) == summary.skipped == KEPT_PROBLEMS + 50  # every one reported
    assert list(summary.problems) == problems[-KEPT_PROBLEMS:]
    assert str(summary).endswith(f"{KEPT_PROBLEMS + 50} input(s) skipped")
