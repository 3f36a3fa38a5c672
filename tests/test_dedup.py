"""Stable article ids and near-duplicate linking across a batch."""

# ruff: noqa: E501  (scraped text is kept one paragraph per line, as scraped)

from __future__ import annotations

from pathlib import Path

from onrecord.link.duplicates import Deduplicator, article_id, normalise_body, shingles
from onrecord.run import Summary, ingest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

STORY = """Farmers blocked roads around Brussels on Tuesday, demanding that the government scrap a planned increase in diesel tax.
"We cannot survive another year like this," said Marc Dubois, a dairy farmer from Liège, standing beside his tractor.
The agriculture ministry said in a statement that it was open to talks but would not withdraw the tax.
Union leaders warned that blockades would continue until the government changed course, and said more farmers would join on Thursday.
Police said the protest was peaceful, though traffic was disrupted on the ring road for most of the morning."""

OTHER = """The city council voted on Wednesday to approve a housing plan that would allow taller buildings near stations.
Supporters said the plan would ease the rent crisis, while opponents said it would change older neighbourhoods.
The mayor said she would sign the plan into law next week, after a final review by the city's lawyers.
Construction under the new rules could begin as early as next spring, officials said in a briefing."""


def test_article_id_is_stable_and_ignores_trivial_differences() -> None:
    assert article_id(STORY) == article_id(STORY)
    assert len(article_id(STORY)) == 16
    respaced = STORY.replace('"', "“", 1).replace("  ", " ").upper()
    assert article_id(respaced) == article_id(STORY)
    assert article_id(OTHER) != article_id(STORY)


def test_normalise_and_shingles() -> None:
    assert normalise_body("He said: “It’s  DONE.”") == "he said it's done"
    assert shingles("a b c") == {"a b c"}
    assert len(shingles("a b c d e f g")) == 3


def test_deduplicator_links_near_copies_only() -> None:
    seen = Deduplicator()
    assert seen.check("story", STORY) is None
    assert seen.check("other", OTHER) is None
    edited = STORY.replace("on Tuesday", "on Tuesday morning") + "\n(Reporting by A. Keller)"
    assert seen.check("copy", edited) == "story"
    assert seen.check("story", STORY) == "story"  # the same id again
    assert len(seen) == 2


def _page(nav: str, story: str, tail: str) -> str:
    return f"{nav}\n\nFarmers block roads in protest over fuel tax\n\n{story}\n\n{tail}\n"


def test_syndicated_copy_is_ingested_once_and_linked(tmp_path: Path) -> None:
    paragraphs = STORY.split("\n")
    first = _page("Home\nWorld\nBusiness", "\n\n".join(paragraphs), "Back to top")
    # The same report on another site: other menus, a cross-link, a credit, a share bar.
    second = _page(
        "Type to search\nEurope",
        "\n\n".join([*paragraphs[:2], "Read more: EU farm ministers meet", *paragraphs[2:]]),
        "- AFP\n\nShare this article:\n\nYou May Also Like",
    )
    (tmp_path / "a.txt").write_text(first, encoding="utf-8")
    (tmp_path / "b.txt").write_text(second, encoding="utf-8")
    (tmp_path / "c.txt").write_text(_page("Home", OTHER, ""), encoding="utf-8")
    summary = Summary()
    articles = list(ingest([tmp_path], extract=False, summary=summary))
    a, b, c = articles
    assert a.duplicate_of is None and c.duplicate_of is None
    assert b.duplicate_of == a.id
    assert b.origin.path is not None and b.origin.path.endswith("b.txt")
    assert summary.read == 3 and summary.duplicates == 1


def test_reingesting_gives_the_same_ids(tmp_path: Path) -> None:
    for path in EXAMPLES.glob("*.txt"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    first = [a.id for a in ingest([tmp_path], extract=False)]
    second = [a.id for a in ingest([tmp_path], extract=False)]
    assert first == second and len(set(first)) == 5
