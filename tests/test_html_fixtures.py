"""The saved HTML pages in ``benchmarks/html`` and their expected body texts stay honest.

Both sets are checked: the dev set (``pages``, ``expected``) and the held-out set
(``heldout/pages``, ``heldout/expected``). Every page has an expected file; every expected
paragraph is text a reader sees on the page, in order; no expected file holds page
furniture (cross-links, newsletter prompts, cookie notices, comments and their authors,
captions, standfirsts); and the body-text F1 used by ``benchmarks/html_bench.py`` scores
what it claims to.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
PAGES = BENCH / "html" / "pages"
EXPECTED = BENCH / "html" / "expected"
HELDOUT_PAGES = BENCH / "html" / "heldout" / "pages"
HELDOUT_EXPECTED = BENCH / "html" / "heldout" / "expected"


def _load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("html_bench", BENCH / "html_bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


html_bench = _load_bench()

# set name -> (pages folder, expected folder)
SETS: dict[str, tuple[Path, Path]] = {
    "dev": (PAGES, EXPECTED),
    "heldout": (HELDOUT_PAGES, HELDOUT_EXPECTED),
}
PAGE_STEMS = sorted(p.stem for p in PAGES.glob("*.html"))
HELDOUT_STEMS = sorted(p.stem for p in HELDOUT_PAGES.glob("*.html"))
# Every page of both sets as (set, stem); stems are unique across the sets.
ALL_PAGES = [("dev", stem) for stem in PAGE_STEMS] + [("heldout", stem) for stem in HELDOUT_STEMS]
ALL_IDS = [f"{name}/{stem}" for name, stem in ALL_PAGES]


def page_path(name: str, stem: str) -> Path:
    return SETS[name][0] / f"{stem}.html"


def expected_path(name: str, stem: str) -> Path:
    return SETS[name][1] / f"{stem}.txt"


# Phrases that are page furniture wherever they appear; no expected file may hold them.
FURNITURE = (
    "read more",
    "also read",
    "subscribe",
    "cookie",
    "newsletter",
    "advertisement",
    "sign up",
    "share this",
    "back to top",
    "leave a",
    "comments",
    "min read",
)

# Per page: text a reader sees on the page outside the article body. Each must occur in
# the page's visible text (so the check is not vacuous) and in no line of its expected file.
OUTSIDE_ARTICLE: dict[str, tuple[str, ...]] = {
    "asiamonitor-munir-visit-amp": (
        "Pakistan, US agree to enhance counter-terrorism and defence cooperation",
        "Monitor News Service",
        "Updated: Dec 20, 2023",
        "Chief of Army Staff General Asim Munir. File photo",
        "Also Read:",
        "US reaffirms support for free and fair elections in Pakistan",
        "Trending Now",
        "View full site",
    ),
    "briefingroom-no-favourites-short": (
        "US: no favourites in Pakistan's election",
        "2 min read",
        "South Asia desk",
        "Go deeper",
        "Observer missions send teams to polling stations",
        "Reserved seats, explained",
        "Five stories, five minutes",
        "Got it",
    ),
    "capitalledger-unga-rights": (
        "US “supports” democratic integrity and humans rights in Pakistan",
        "At the recent 79th UNGA, the US government confirmed its dedication",
        "Ledger Report",
        "The UN General Assembly hall in New York. Photo: File",
        "Read more:",
        "79th UN General Assembly: Pakistan to address Palestine, Kashmir, climate change",
        "France calls emergency UN Security Council meeting on Lebanon situation",
        "You May Also Like",
        "We use cookies",
        "CT 2025",
    ),
    "frontierobserver-free-fair-elections": (
        "US Reaffirms Support for Free and Fair Elections in Pakistan",
        "Back to top button",
        "News Desk",
        "- Advertisement -",
        "Related Articles",
        "Election commission issues schedule for general elections",
        "Trade resumes at Torkham border crossing",
        "LEAVE A REPLY",
        "Please enter your comment!",
    ),
    "gabriefs-patel-cp1252": (
        "US says it has urged Pakistan to respect rights of its people",
        "Print this article",
        "Email to a friend",
        "You are here:",
        "Source: Briefs Desk",
        "More from South Asia:",
        "Sri Lanka’s tourism arrivals rise for third straight month",
        "All times are GMT +4",
    ),
    "indusherald-election-live": (
        "Pakistan elections 2024 live: US calls for claims of fraud to be investigated",
        "Counting continues a day after the general election",
        "22:05 PKT",
        "Herald live desk",
        "Key events",
        "US ready to work with next government",
        "Share this update",
        "Observers list concerns over polling day violence and internet curbs",
        "Load more updates",
        "Most viewed",
    ),
    "metro9-patel-rights": (
        "The US urges Pakistan to uphold human rights and fundamental freedoms State Department",
        "Type to search",
        "Read More:",
        "UN Urges Immediate Release of Imran Khan, Labels Detention as Arbitrary",
        "Watch: Metro 9 Headlines at 9",
        "Monsoon rains lash Lahore",
        "Follow Metro 9 News on",
    ),
    "newswave-warner-letter": (
        "US Senator Warns Rubio: Pakistan's Human Rights Crisis Demands Action",
        "US Senator Mark Warner has written a serious letter",
        "Key Points: Senator Warner Urges Action on Pakistan Rights Abuses to Rubio",
        "Senator Warner cites alleged election interference",
        "3 min read",
        "US Senator urges action on Pakistan's human rights abuses in letter to Rubio",
        "US Senator Mark Warner urges Secretary Rubio to address",
        "political office - United Nations Working Group on Arbitrary Detention",
        "Also read: Pakistan court hands life terms to journalists in absentia",
        "- IANS",
        "Share this article:",
        "Reader Comments",
        "Priya S",
        "Aman W",
        "Sarah B",
        "Vikram M",
        "Karthik V",
        "It's good that a US Senator is speaking up",
        "Minimum 50 characters",
    ),
    "pakpolitik-rand-spyware-br": (
        "US official restates support for democracy in Pakistan at UNGA briefing",
        "Posted on: Friday, September 27, 2024",
        "By Our Correspondent",
        "Senate session adjourned till Monday",
        "Should voting be made compulsory?",
        "E-mail to a Friend",
        "Your Comments",
        "Posted by: Tariq, Rawalpindi",
        "Words are easy.",
        "TOP STORIES",
    ),
    "sawire-miller-election-concerns": (
        "US State Department raises concerns over Pakistan's general elections",
        "date 2024-02-09",
        "Digest Desk",
        "Get the Digest",
        "Sign up for our free weekly newsletter",
        "Farhan Q.",
        "Good summary of the statement",
        "Leave a Reply",
        "Independent candidates lead in early results",
    ),
    # held-out set
    "lahorelens-patel-rights-wp-sidebar": (
        "State Department says US has ‘consistently’ urged Pakistan to respect its people’s rights",
        "Staff Reporter",
        "Share this:",
        "Like this:",
        "Related Posts",
        "House passes resolution on Pakistan’s February elections",
        "The resolution calls for a full and independent investigation of claims of interference",
        "would not accept lectures on its internal affairs from any foreign legislature",
        'In "World"',
        "Punjab cabinet approves wheat procurement relief package",
        "About The Lahore Lens",
        "Recent Posts",
        "Leave a Comment",
        "Your email address will not be published.",
        "News and views from Punjab and beyond",
    ),
    "capitolpulse-rand-spyware-nextjs": (
        "US rights official ties spyware curbs to concern over Pakistan’s vote",
        "At a briefing on the sidelines of the UN General Assembly, Dafna Rand said",
        "By Hannah Okafor and Imran Siddiqui",
        "2 min read",
        "Gift article",
        "Journalists at the New York Foreign Press Center during the UN General Assembly week.",
        "Pulse photo / File",
        "The Pulse Brief",
        "Washington’s week in world affairs",
        "Read next",
        "Commerce adds four spyware makers to trade blacklist",
        "Spotted an error?",
        "Most read",
        "What the UN General Assembly week means for South Asia",
        "We and our partners use cookies",
    ),
    "calderwire-miller-fraud-claims": (
        "US says Pakistan election fraud claims should be fully investigated",
        "By Nadia Rahman",
        "Updated 1 hour ago",
        "Purchase Licensing Rights",
        "Get the South Asia Daily newsletter from Calder Wire",
        "Sign up here.",
        "Scroll to continue",
        "Reporting by Nadia Rahman in Washington and Asif Karim in Islamabad",
        "Editing by Paul Whitfield and Leela Hart",
        "Our Standards: The Calder Wire Principles.",
        "Read Next",
        "Pakistan counts votes as mobile blackout delays results",
        "Independents backed by jailed ex-PM claim early lead",
        "All quotes delayed a minimum of 15 minutes.",
    ),
    "potomacdispatch-warner-letter-comments": (
        "Warner asks Rubio to confront Pakistan over abuses, threats to Virginians",
        "Winter storm watch for Fairfax",
        "Caroline Whitaker",
        "Politics reporter",
        "Have a news tip?",
        "Join the discussion",
        "Be civil. Stay on topic.",
        "RestonReader",
        "My cousin’s family in Lahore got a visit",
        "dulles_dan",
        "Usually a form reply from the legislative affairs office",
        "Margaret in Manassas",
        "Life sentences for journalists who were not even in the country",
        "ArlingtonAnalyst",
        "Worth remembering that the State Department said much the same thing",
        "Show 14 more",
        "Latest in Politics",
        "Northern Virginia news before your commute.",
    ),
    "margallatimes-munir-visit-also-read": (
        "US says it favours no party in Pakistan as army chief ends Washington visit",
        "Farah Nadeem",
        "Published December 20, 2023",
        "State Department spokesperson Matthew Miller speaks at the daily press briefing",
        "Photo courtesy State Department/File",
        "Also read:",
        "ECP finalises polling scheme for February 8 general elections",
        "Army chief meets Blinken, discusses regional security",
        "General Asim Munir is received at the Pentagon by General Charles Q Brown",
        "Photo: Handout",
        "Follow The Margalla Times on WhatsApp",
        "Published in The Margalla Times, December 20th, 2023",
        "Most Popular",
        "Security review ordered after attacks in Khyber Pakhtunkhwa",
        "Provincial apex committee to meet on Friday",
    ),
    "northfieldreview-press-freedom-paywall": (
        "America’s careful words on Pakistan’s press crackdown",
        "The State Department has criticised Pakistan’s treatment of journalists",
        "Daniel Ashford",
        "Listen to this article",
        "Gift this article",
        "Journalists protest outside the National Press Club in Islamabad.",
        "Subscribe to continue reading",
        "You’ve reached the end of the free preview.",
        "See subscription options",
        "Already a subscriber?",
        "More from World",
        "Can Congress write a law against transnational repression?",
        "Several bills would give the FBI new tools.",
    ),
    "ravicourier-blome-ecp-cp1252": (
        "US envoy calls on CEC, backs “free and fair” polls",
        "Lahore’s independent daily since 1998",
        "Submitted by courier_desk",
        "Staff Correspondent",
        "Login",
        "to post comments",
        "Printer-friendly version",
        "Similar entries",
        "ECP to announce poll schedule “after delimitation”",
        "Should foreign observers be allowed at every polling station?",
        "Most read this week",
        "There are currently",
        "Culture & Café Society",
    ),
}

_SKIPPED = frozenset({"script", "style", "noscript", "template", "title", "textarea"})
_BLOCKS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "br", "button", "dd", "div", "dl"),
        *("dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5"),
        *("h6", "header", "hr", "li", "main", "marquee", "nav", "ol", "p", "section"),
        *("table", "td", "th", "tr", "ul"),
    }
)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


class _VisibleText(HTMLParser):
    """Text a reader sees: entities unescaped, scripts and styles left out, blocks on lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def decode_page(data: bytes) -> str:
    """The page's bytes in the charset its ``<meta>`` declares (UTF-8 when it declares none)."""
    match = _CHARSET.search(data[:4096])
    return data.decode(match[1].decode("ascii") if match else "utf-8")


def normalise(text: str) -> str:
    return " ".join(text.split())


def visible_lines(page: Path) -> list[str]:
    parser = _VisibleText()
    parser.feed(decode_page(page.read_bytes()))
    parser.close()
    lines = (normalise(line) for line in "".join(parser.parts).split("\n"))
    return [line for line in lines if line]


def expected_lines(name: str, stem: str) -> list[str]:
    return expected_path(name, stem).read_text(encoding="utf-8").splitlines()


def test_dev_set_has_at_least_eight_pages() -> None:
    assert len(PAGE_STEMS) >= 8


def test_heldout_set_has_at_least_six_pages() -> None:
    assert len(HELDOUT_STEMS) >= 6


def test_sets_share_no_page() -> None:
    assert not set(PAGE_STEMS) & set(HELDOUT_STEMS)


def test_bench_scores_the_same_sets() -> None:
    assert html_bench.SETS == SETS


@pytest.mark.parametrize("name", list(SETS))
def test_pages_and_expected_files_pair_up(name: str) -> None:
    pages, expected = SETS[name]
    assert sorted(p.stem for p in expected.glob("*.txt")) == sorted(
        p.stem for p in pages.glob("*.html")
    )


def test_every_page_has_its_outside_strings_listed() -> None:
    assert sorted(OUTSIDE_ARTICLE) == sorted(PAGE_STEMS + HELDOUT_STEMS)


def test_readme_describes_every_page() -> None:
    readme = (BENCH / "html" / "README.md").read_text(encoding="utf-8")
    missing = [stem for stem in PAGE_STEMS + HELDOUT_STEMS if f"`{stem}`" not in readme]
    assert not missing, f"benchmarks/html/README.md does not describe: {missing}"


@pytest.mark.parametrize(("name", "stem"), ALL_PAGES, ids=ALL_IDS)
def test_expected_file_is_one_clean_paragraph_per_line(name: str, stem: str) -> None:
    raw = expected_path(name, stem).read_text(encoding="utf-8")
    assert raw.endswith("\n") and not raw.endswith("\n\n")
    for number, line in enumerate(raw.splitlines(), 1):
        assert line, f"{stem}.txt line {number} is empty"
        assert line == normalise(line), f"{stem}.txt line {number} has stray whitespace"


@pytest.mark.parametrize(("name", "stem"), ALL_PAGES, ids=ALL_IDS)
def test_expected_paragraphs_occur_in_page_in_order(name: str, stem: str) -> None:
    page = "\n".join(visible_lines(page_path(name, stem)))
    cursor = 0
    for paragraph in expected_lines(name, stem):
        found = page.find(paragraph, cursor)
        assert found >= 0, f"{stem}: not on the page (after the previous one): {paragraph!r}"
        cursor = found + len(paragraph)


@pytest.mark.parametrize(("name", "stem"), ALL_PAGES, ids=ALL_IDS)
def test_expected_text_holds_no_furniture(name: str, stem: str) -> None:
    text = expected_path(name, stem).read_text(encoding="utf-8")
    found = [phrase for phrase in FURNITURE if phrase in text.lower()]
    assert not found, f"{stem}.txt holds page furniture: {found}"


@pytest.mark.parametrize(("name", "stem"), ALL_PAGES, ids=ALL_IDS)
def test_expected_text_holds_nothing_from_outside_the_article(name: str, stem: str) -> None:
    page = "\n".join(visible_lines(page_path(name, stem)))
    text = expected_path(name, stem).read_text(encoding="utf-8")
    for snippet in OUTSIDE_ARTICLE[stem]:
        assert snippet in page, f"{stem}: {snippet!r} is not on the page; update the list"
        assert snippet not in text, f"{stem}.txt holds text from outside the article: {snippet!r}"


def test_cp1252_page_is_really_cp1252() -> None:
    data = (PAGES / "gabriefs-patel-cp1252.html").read_bytes()
    assert b'<meta charset="windows-1252">' in data
    assert b"\x93" in data and b"\x94" in data and b"\x92" in data  # “ ” ’ in cp1252
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


def test_heldout_cp1252_page_declares_its_charset_only_in_http_equiv() -> None:
    data = (HELDOUT_PAGES / "ravicourier-blome-ecp-cp1252.html").read_bytes()
    declarations = re.findall(rb"<meta[^>]*charset[^>]*>", data, re.IGNORECASE)
    assert declarations == [
        b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252" />'
    ]
    assert b"\x93" in data and b"\x94" in data and b"\x92" in data and b"\x96" in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


def test_f1_of_identical_text_is_one() -> None:
    text = "Miller said claims of fraud should be fully investigated."
    assert html_bench.f1(text, text) == 1.0


def test_f1_of_disjoint_text_is_zero() -> None:
    assert html_bench.f1("Subscribe to our newsletter", "Miller said") == 0.0


def test_f1_by_hand() -> None:
    # predicted: the×2 cat sat on mat (6 tokens); expected: the×2 cat dog (4 tokens)
    # overlap 3 (the, the, cat): P = 3/6, R = 3/4, F1 = 2·0.5·0.75 / 1.25 = 0.6
    result = html_bench.score("The cat sat on the mat.", "the cat, the dog")
    assert (result.overlap, result.predicted, result.expected) == (3, 6, 4)
    assert result.precision == 0.5
    assert result.recall == 0.75
    assert result.f1 == pytest.approx(0.6)


def test_f1_ignores_case_punctuation_and_line_breaks() -> None:
    assert html_bench.f1("“Free and fair,”\nhe said.", "free AND fair he said") == 1.0


def test_f1_of_empty_texts() -> None:
    assert html_bench.f1("", "") == 1.0
    assert html_bench.f1("", "some body") == 0.0
    assert html_bench.f1("some furniture", "") == 0.0


def test_micro_average_sums_before_dividing() -> None:
    total = html_bench.micro([html_bench.score("a b", "a b c d"), html_bench.score("x y z w", "x")])
    assert (total.overlap, total.predicted, total.expected) == (3, 6, 5)
    assert total.f1 == pytest.approx(2 * 0.5 * 0.6 / 1.1)


def test_run_reports_each_page_and_missing_pairs(tmp_path: Path) -> None:
    pages, expected = tmp_path / "pages", tmp_path / "expected"
    pages.mkdir()
    expected.mkdir()
    body = "Miller said claims of interference or fraud should be fully investigated."
    (pages / "one.html").write_text(
        f"<html><head><title>Headline</title></head><body><article><h1>Headline</h1>"
        f"<p>{body}</p><p>{body}</p></article></body></html>",
        encoding="utf-8",
    )
    (expected / "one.txt").write_text(f"{body}\n{body}\n", encoding="utf-8")
    (pages / "lonely.html").write_text("<p>no expected text</p>", encoding="utf-8")
    report = html_bench.run(pages, expected)
    assert [row["page"] for row in report["pages"]] == ["one"]
    assert report["problems"] == ["lonely.html: no expected/lonely.txt"]
    assert set(report["systems"]) == {"onrecord", "trafilatura"}
    for name, status in report["systems"].items():
        if status["available"]:
            assert 0.0 <= report["overall"][name]["f1"] <= 1.0
            assert "f1" in report["pages"][0][name]
        else:
            assert status["error"] and report["overall"][name] is None
    assert len(report["digest"]) == 64
