"""The plain-text cleaner: body found, furniture and comments set apart, offsets kept."""

# ruff: noqa: E501  (scraped text is kept one paragraph per line, as scraped)

from __future__ import annotations

from pathlib import Path

import pytest

from onrecord.clean import CleanResult, clean_text
from onrecord.clean.body import BodyMap, paragraphs
from onrecord.model import Article, Origin

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def seed(prefix: str) -> str:
    (path,) = EXAMPLES.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def body_paragraphs(result: CleanResult) -> list[str]:
    return [span.text(result.text) for span in result.body]


def removed_reasons(result: CleanResult) -> dict[str, str]:
    return {r.span.text(result.text): r.reason for r in result.removed}


def assert_covers_everything(result: CleanResult) -> None:
    """Every non-blank character is body or removed, never both, never neither."""
    owner = [0] * len(result.text)
    for span in [*result.body, *(r.span for r in result.removed)]:
        for k in range(span.start, span.end):
            owner[k] += 1
    for k, ch in enumerate(result.text):
        if not ch.isspace():
            assert owner[k] == 1, (k, result.text[max(0, k - 30) : k + 30])


# Per seed: the headline, the first and last body paragraphs, how many body paragraphs,
# and text that must not be in the body.
SEEDS = {
    "000": (
        "US “supports” democratic integrity and humans rights in Pakistan",
        "NEW YORK: At the recent 79th United Nations General Assembly",
        "The financial support will facilitate capacity building",
        9,
        ["CT 2025", "Exchange", "Read more:", "You May Also Like", "At the recent 79th UNGA,"],
    ),
    "001": (
        "The US urges Pakistan to uphold human rights and fundamental freedoms State Department",
        "The US State Department has highlighted ongoing dialogues",
        "To another question about whether the US State Department",
        4,
        ["Type to search", "Share", "Read More:"],
    ),
    "002": (
        None,
        "In a searing critique, the United States State Department",
        "The United States' stance underscores its commitment",
        12,
        ["date 2024-02-09"],
    ),
    "003": (
        "US Reaffirms Support for Free and Fair Elections in Pakistan",
        "The United States has recently reiterated its support",
        "General Munir also highlighted the importance of resolving",
        6,
        ["Back to top button"],
    ),
    "004": (
        "US Senator Warns Rubio: Pakistan's Human Rights Crisis Demands Action",
        "Washington, Jan 24",
        "Earlier on Friday, the United Kingdom's leading daily",
        12,
        [
            "3 min read",
            "- IANS",
            "Share this article",
            "Reader Comments",
            "Priya S",
            "Leave a Comment",
            "Minimum 50 characters",
            "We welcome thoughtful discussions",
            "Key Points",
            "It's good that a US Senator is speaking up",
        ],
    ),
}


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_seed_title_body_and_boilerplate(prefix: str) -> None:
    title, first, last, count, furniture = SEEDS[prefix]
    result = clean_text(seed(prefix))
    assert (result.title.text(result.text) if result.title else None) == title
    body = body_paragraphs(result)
    assert body[0].startswith(first)
    assert body[-1].startswith(last)
    assert len(body) == count
    joined = "\n".join(body)
    for text in furniture:
        assert text not in joined, text
    assert_covers_everything(result)


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_every_long_paragraph_of_the_report_is_body(prefix: str) -> None:
    """No paragraph of running text after the report starts is lost, comments aside."""
    text = seed(prefix)
    result = clean_text(text)
    start = result.body[0].start
    comments = {c.span for c in result.comments if c.span}
    for para in paragraphs(text):
        inside_comment = any(c.start <= para.start < c.end for c in comments)
        if para.start >= start and para.words >= 30 and not inside_comment:
            assert any(s.start <= para.start < s.end for s in result.body), para.text[:60]


def test_seed_004_reader_comments_have_authors_and_stay_out_of_the_body() -> None:
    result = clean_text(seed("004"))
    assert [c.author for c in result.comments] == [
        "Priya S",
        "Aman W",
        "Sarah B",
        "Vikram M",
        "Karthik V",
    ]
    first = result.comments[0]
    assert first.text.startswith("It's good that a US Senator is speaking up")
    assert first.span is not None and first.span.text(result.text) == first.text
    assert result.comments[-1].text.startswith("As a neighbour")
    assert "We welcome" not in result.comments[-1].text
    joined = result.body_text()
    for comment in result.comments:
        assert comment.text not in joined
    reasons = removed_reasons(result)
    assert reasons["Minimum 50 characters 0/50"].startswith("comments:")
    assert reasons["Priya S"] == "comment: reader comment by Priya S"


def test_reasons_name_what_was_removed() -> None:
    reasons = removed_reasons(clean_text(seed("000")))
    assert reasons["CT 2025"].startswith("navigation")
    assert reasons["You May Also Like"].startswith("related")
    read_more = next(k for k in reasons if k.startswith("Read more: 79th"))
    assert reasons[read_more].startswith("cross-link")
    reasons = removed_reasons(clean_text(seed("004")))
    assert reasons["3 min read"].startswith("reading time")
    assert reasons["- IANS"].startswith("credit")
    pull = next(k for k in reasons if k.startswith('"had no legal basis'))
    assert reasons[pull].startswith("repeated")


def test_leading_date_stamp_is_cut_from_the_first_paragraph() -> None:
    text = seed("002")
    result = clean_text(text)
    assert result.body[0].text(text).startswith("In a searing critique")
    (stamp,) = result.date_stamps
    assert stamp.text(text) == "date 2024-02-09"


PORTAL = """Accept all cookies
We use cookies to improve your browsing experience. By continuing you agree to our Privacy Policy.
Home | World | Business | Sport | Opinion
World › Europe
Farmers block roads in protest over fuel tax
By Anna Keller | Reuters
Updated: March 12, 2024 09:41 GMT
Share on Facebook
Share on Twitter
BRUSSELS (Reuters) - Thousands of farmers blocked roads around Brussels on Tuesday, demanding that the government scrap a planned increase in diesel tax.
"We cannot survive another year like this," said Marc Dubois, a dairy farmer from Liège, standing beside his tractor.
ALSO READ: EU ministers meet to discuss farm subsidies
The agriculture ministry said in a statement that it was open to talks but would not withdraw the tax.
Advertisement
Police said the protest was peaceful.
Union leaders warned that blockades would continue until the government changed course.
(Reporting by Anna Keller; Editing by Tom Hale)
Related Articles
Dutch farmers rally in The Hague
Fuel prices rise for third month
2 Comments
jdupont says:
March 12, 2024 at 10:15 am
Good for them, the tax is unfair and hits rural families hardest.
Reply
Maria K says:
March 12, 2024 at 11:02 am
Blocking roads hurts everyone else who has to get to work.
Reply
Leave a Reply
Your email address will not be published. Required fields are marked *
Post Comment
"""


def test_news_portal_page() -> None:
    result = clean_text(PORTAL)
    assert result.title is not None
    assert result.title.text(PORTAL) == "Farmers block roads in protest over fuel tax"
    body = body_paragraphs(result)
    assert body == [
        "BRUSSELS (Reuters) - Thousands of farmers blocked roads around Brussels on Tuesday, "
        "demanding that the government scrap a planned increase in diesel tax.",
        '"We cannot survive another year like this," said Marc Dubois, a dairy farmer from '
        "Liège, standing beside his tractor.",
        "The agriculture ministry said in a statement that it was open to talks but would not "
        "withdraw the tax.",
        "Police said the protest was peaceful.",
        "Union leaders warned that blockades would continue until the government changed course.",
    ]
    assert [(c.author, c.text) for c in result.comments] == [
        ("jdupont", "Good for them, the tax is unfair and hits rural families hardest."),
        ("Maria K", "Blocking roads hurts everyone else who has to get to work."),
    ]
    reasons = removed_reasons(result)
    assert reasons["Home | World | Business | Sport | Opinion"].startswith(("navigation", "widget"))
    assert reasons["World › Europe"].startswith("navigation")
    assert reasons["By Anna Keller | Reuters"].startswith("byline")
    assert reasons["ALSO READ: EU ministers meet to discuss farm subsidies"].startswith(
        "cross-link"
    )
    assert reasons["Advertisement"].startswith("widget")
    assert reasons["(Reporting by Anna Keller; Editing by Tom Hale)"].startswith("credit")
    assert reasons["Dutch farmers rally in The Hague"].startswith("related")
    assert reasons["March 12, 2024 at 10:15 am"].startswith("comments")
    assert_covers_everything(result)


WRAPPED = """CITY COUNCIL APPROVES NEW HOUSING PLAN

Posted on 2023-11-02

The city council voted 7-2 on Wednesday night to approve a housing plan
that would allow taller apartment buildings near train stations, a move
that supporters said would ease the region's rent crisis.

"This is the most important vote we will take this year," Councillor
Dana Ruiz said before the vote. Opponents argued that the plan would
change the character of older neighbourhoods and strain local schools.

The plan now goes to the mayor, who has said she will sign it.

Share this story
Facebook Twitter Email
"""


def test_hard_wrapped_text_keeps_paragraphs_whole() -> None:
    result = clean_text(WRAPPED)
    assert result.title is not None
    assert result.title.text(WRAPPED) == "CITY COUNCIL APPROVES NEW HOUSING PLAN"
    body = body_paragraphs(result)
    assert len(body) == 3
    assert body[0].startswith("The city council voted") and body[0].endswith("rent crisis.")
    assert "\n" in body[0]  # one span over the wrapped lines
    assert body[2] == "The plan now goes to the mayor, who has said she will sign it."
    assert [s.text(WRAPPED) for s in result.date_stamps] == ["Posted on 2023-11-02"]
    assert_covers_everything(result)


SHORT_PARAGRAPHS = """Budget vote set for Friday

The finance committee approved the draft budget on Monday.
It goes to the full assembly on Friday.
Members of the opposition said they would vote against it.
The speaker said debate would be limited to four hours.
"""


def test_short_one_sentence_paragraphs_are_not_taken_for_wrapped_lines() -> None:
    result = clean_text(SHORT_PARAGRAPHS)
    assert len(result.body) == 4
    assert body_paragraphs(result)[1] == "It goes to the full assembly on Friday."


def test_sentences_about_shares_and_reading_are_not_widgets() -> None:
    text = (
        "Markets slide as oil jumps\n\n"
        "Share prices fell sharply on Monday as oil rose above 90 dollars a barrel, traders said.\n"
        "Read more about the figures in the central bank's quarterly report, analysts advised.\n"
        "By Tuesday, the index had recovered half of its losses in early trading.\n"
    )
    result = clean_text(text)
    assert len(result.body) == 3


def test_text_with_no_headline_or_prose_still_keeps_its_words() -> None:
    result = clean_text("He said no.\n")
    assert body_paragraphs(result) == ["He said no."]


def test_known_title_and_comment_start_are_respected() -> None:
    text = "A headline\n\nFirst paragraph of the story, which is long enough to be prose.\n\nComments\n\nGreat piece, thanks for writing it up so clearly."
    start = text.index("Comments")
    result = clean_text(text, title=clean_text(text).title, comments_start=start)
    assert body_paragraphs(result) == [
        "First paragraph of the story, which is long enough to be prose."
    ]
    assert [c.text for c in result.comments] == [
        "Great piece, thanks for writing it up so clearly."
    ]


def test_body_map_round_trips_offsets() -> None:
    text = seed("001")
    result = clean_text(text)
    mapping = result.body_map()
    assert mapping.text == result.body_text()
    for offset, ch in enumerate(mapping.text):
        if ch != "\n":
            original = mapping.to_original(offset)
            assert text[original] == ch
            assert mapping.to_body(original) == offset
    nav = text.index("Type to search")
    assert mapping.to_body(nav) is None
    quote = mapping.text.index("“We have always")
    span = mapping.span_to_original(quote, quote + 10)
    assert span.text(text) == "“We have a"


def test_body_mask_keeps_offsets_for_extraction() -> None:
    text = seed("004")
    result = clean_text(text)
    article = Article("x", Origin(), text, body=result.body)
    mask = article.body_mask()
    assert len(mask) == len(text)
    assert "Priya S" not in mask and "3 min read" not in mask
    for span in result.body:
        assert mask[span.start : span.end] == span.text(text)


def test_empty_body_map() -> None:
    mapping = BodyMap.build("", [])
    assert mapping.text == "" and mapping.to_body(0) is None
    with pytest.raises(IndexError):
        mapping.to_original(0)


NEWSPAPER = """Skip to content
E-Paper
Latest
Pakistan
World
Business
Follow us on Twitter
Govt, IMF close to staff-level agreement, says finance minister
Published: February 10, 2024
Updated: February 10, 2024 11:20 PKT
ISLAMABAD: Pakistan and the International Monetary Fund are close to reaching a staff-level agreement on the next review of the loan programme, Finance Minister Muhammad Aurangzeb said on Saturday.
Speaking to reporters after a meeting with the visiting mission, the minister said most of the prior actions had been completed.
"We are in the final stretch," he said, adding that the remaining issues related to energy subsidies.
Photo: File
The IMF mission chief said in a statement that discussions had been constructive and would continue virtually next week.
APP
Tags: IMF, Economy, Pakistan
Comments are closed.
Most Read
Rupee gains against dollar
Petrol price likely to rise
"""


def test_section_menu_before_headline_is_navigation_not_a_related_block() -> None:
    """ "Latest" above the headline is a menu item; the dates under the headline survive."""
    from onrecord.clean import describe

    result = clean_text(NEWSPAPER)
    meta = describe(result)
    assert meta.title == "Govt, IMF close to staff-level agreement, says finance minister"
    assert meta.published == "2024-02-10"
    assert meta.agency == "APP"
    assert meta.dateline is not None and meta.dateline.place == "Islamabad"
    body = body_paragraphs(result)
    assert len(body) == 4 and body[0].startswith("ISLAMABAD: Pakistan and the International")
    reasons = removed_reasons(result)
    assert reasons["Latest"].startswith("navigation")
    assert reasons["Photo: File"].startswith("credit")
    assert reasons["Tags: IMF, Economy, Pakistan"].startswith("tags")
    assert reasons["Rupee gains against dollar"].startswith("related")
    assert_covers_everything(result)


QUESTION = """Will the ceasefire hold? Diplomats meet in Doha
First published on Tue 9 Jan 2024 10.00 GMT
Photograph: Mohammed Salem/Reuters
Negotiators from both sides met in Doha on Monday for a second round of talks aimed at extending the ceasefire, officials said.
A diplomat familiar with the talks, who spoke on condition of anonymity, said progress had been slow but that both delegations had agreed to meet again on Wednesday.
“Nobody is walking away,” the diplomat said.
The United Nations secretary general welcomed the talks and urged both sides to allow more aid into the territory.
Explore more on these topics
Middle East
Diplomacy
Reuse this content
Most viewed
"""


def test_question_headline_caption_and_topic_list() -> None:
    result = clean_text(QUESTION)
    assert result.title is not None
    assert result.title.text(QUESTION) == "Will the ceasefire hold? Diplomats meet in Doha"
    assert [s.text(QUESTION) for s in result.date_stamps] == [
        "First published on Tue 9 Jan 2024 10.00 GMT"
    ]
    body = body_paragraphs(result)
    assert len(body) == 4 and body[2] == "“Nobody is walking away,” the diplomat said."
    joined = "\n".join(body)
    for furniture in ("Photograph:", "Explore more", "Reuse this content", "Most viewed"):
        assert furniture not in joined
    assert_covers_everything(result)


def test_long_text_is_cleaned_quickly_and_repeats_set_apart() -> None:
    import time

    paragraphs = [
        f"Paragraph {n} reports that council {n} met on day {n} and approved plan {n}."
        for n in range(2000)
    ]
    text = "A very long report on councils\n\n" + "\n\n".join(paragraphs + paragraphs[:3])
    started = time.perf_counter()
    result = clean_text(text)
    assert time.perf_counter() - started < 10
    assert body_paragraphs(result) == paragraphs
    assert sum(r.reason.startswith("repeated") for r in result.removed) == 3
