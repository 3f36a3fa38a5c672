"""Articles in every language are kept: stored with their language, searchable, and
analysed where onrecord has a pipeline and rules for the language (English; French with
the official ``fr_core_news_sm``, which ``make test`` installs), noted otherwise."""

from __future__ import annotations

from pathlib import Path

from onrecord.model import Article, Problem, is_note
from onrecord.run import Summary, ingest
from onrecord.store import Corpus, Filters, store_articles

FRENCH = """Paris appelle à la retenue après les élections

Le ministère des Affaires étrangères a réagi mardi aux résultats contestés du scrutin.

{quote}

Selon la diplomatie française, les observateurs doivent pouvoir travailler librement.
""".format(
    quote="« Nous appelons toutes les parties à la retenue et au respect de l'État de droit », "
    "a déclaré la porte-parole du ministère, Anne-Claire Legendre, lors d'un point de presse."
)

GERMAN = """Berlin fordert Aufklärung

Das Auswärtige Amt hat am Dienstag eine unabhängige Untersuchung der Vorwürfe gefordert.

{quote}
""".format(
    quote="„Wir erwarten eine vollständige und transparente Aufklärung“, sagte ein Sprecher "
    "des Ministeriums in Berlin. Die Regierung beobachte die Lage sehr genau."
)


def write(folder: Path) -> Path:
    (folder / "fr.txt").write_text(FRENCH, encoding="utf-8")
    (folder / "de.txt").write_text(GERMAN, encoding="utf-8")
    return folder


def test_every_language_is_kept_and_the_summary_counts_them(tmp_path: Path) -> None:
    summary = Summary()
    items = list(ingest([write(tmp_path)], summary=summary))
    articles = {a.language: a for a in items if isinstance(a, Article)}
    assert set(articles) == {"fr", "de"}
    notes = [p for p in items if isinstance(p, Problem)]
    assert [(p.where.endswith("de.txt"), is_note(p)) for p in notes] == [(True, True)]
    assert "not analysed: no pipeline for de" in notes[0].reason
    assert articles["de"].attributions == []
    assert summary.read == 2 and summary.languages == {"fr": 1, "de": 1}
    assert "(de 1 fr 1)" in str(summary) or "(fr 1 de 1)" in str(summary)


def test_french_statements_with_the_french_pipeline(tmp_path: Path) -> None:
    (article,) = [
        a for a in ingest([write(tmp_path)]) if isinstance(a, Article) and a.language == "fr"
    ]
    spoken = {
        a.speaker: " ".join(s.text(article.text) for s in a.content) for a in article.attributions
    }
    assert "Anne-Claire Legendre" in spoken
    assert "Nous appelons toutes les parties à la retenue" in spoken["Anne-Claire Legendre"]


def test_non_english_articles_are_stored_and_searchable(corpus: Corpus, tmp_path: Path) -> None:
    store_articles(corpus, ingest([write(tmp_path)]))
    hits = corpus.search_articles(Filters(q="Aufklärung"))
    assert [h.title for h in hits] == ["Berlin fordert Aufklärung"]
    french = corpus.search_articles(Filters(q="retenue"))
    assert [h.title for h in french] == ["Paris appelle à la retenue après les élections"]
    reasons = [p.reason for p in corpus.problems()]
    assert any("not analysed: no pipeline for de" in r for r in reasons)
