"""HTML pages in other languages, mixed-language pages, and date and outlet from the markup."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence

import trafilatura
from lxml import etree

from onrecord.clean import article_from_html
from onrecord.clean.blocks import Block, line_blocks
from onrecord.clean.page_meta import page_facts
from onrecord.clean.prune import prune_furniture

FRENCH = (
    "Le ministre de l'Économie a défendu mardi devant l'Assemblée nationale un budget "
    "qu'il juge indispensable pour réduire la dette publique du pays.",
    "« Nous devons tenir nos engagements européens », a-t-il déclaré aux députés, "
    "sous les huées d'une partie de l'opposition.",
    "Les syndicats ont appelé à une journée de grève la semaine prochaine dans plusieurs "
    "grandes villes, dont Lyon, Marseille et Toulouse.",
    "Selon l'Insee, la croissance devrait ralentir au deuxième semestre, ce qui rendra "
    "l'équilibre des comptes encore plus difficile à atteindre.",
)
ENGLISH = (
    "The finance minister on Tuesday defended deep cuts to public spending, saying the "
    "country could not afford to borrow more in the coming years.",
    "Opposition leaders said the cuts would hurt the poorest families and called for a "
    "vote in parliament next week, their third such call this year.",
    "The treasury said the plan would save 12 billion pounds over three years, according "
    "to a statement released on Tuesday afternoon.",
    "Economists were divided on whether the cuts would slow growth, with several warning "
    "of a recession risk later in the year.",
)
SPANISH_MENU = (
    "Inicio", "Política", "Economía", "Deportes", "Cultura", "Opinión", "Suscríbete ahora y "
    "recibe todas las noticias del día en tu correo", "Iniciar sesión", "Últimas noticias de "
    "la semana en toda la región y el mundo", "Aviso legal y política de privacidad del sitio",
)  # fmt: skip


def page(
    title: str,
    paragraphs: Sequence[str],
    *,
    lang: str = "en",
    menu: Sequence[str] = (),
    head: str = "",
) -> str:
    nav = "".join(f'<li><a href="/s{i}">{html.escape(m)}</a></li>' for i, m in enumerate(menu))
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
<title>{html.escape(title)}</title>{head}</head><body>
<header><nav><ul>{nav}</ul></nav></header>
<main><article><h1>{html.escape(title)}</h1>{body}</article></main>
<footer><p>{" · ".join(html.escape(m) for m in menu)}</p></footer></body></html>"""


def body_text(article_text: str, spans: list) -> str:  # type: ignore[type-arg]
    return "\n".join(span.text(article_text) for span in spans)


def test_french_page_gets_its_body_and_language_fr() -> None:
    article = article_from_html(
        page("Le ministre défend son budget", FRENCH, lang="fr"),
        url="https://www.exemple.fr/politique/budget",
    )
    assert body_text(article.text, article.body) == "\n".join(FRENCH)
    assert article.language == "fr"
    assert article.outlet == "exemple.fr"


def test_menu_in_one_language_body_in_another_gets_the_bodys_language() -> None:
    english_on_spanish_site = article_from_html(
        page("Minister defends budget cuts", ENGLISH, lang="es", menu=SPANISH_MENU)
    )
    assert english_on_spanish_site.language == "en"
    assert body_text(english_on_spanish_site.text, english_on_spanish_site.body) == "\n".join(
        ENGLISH
    )
    french_on_english_site = article_from_html(
        page("Le ministre défend son budget", FRENCH, menu=("Home", "World", "Sign in"))
    )
    assert french_on_english_site.language == "fr"


def test_date_and_outlet_from_json_ld() -> None:
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "ignored"},
            {
                "@type": "NewsArticle",
                "headline": "Minister defends budget cuts",
                "datePublished": "2024-03-05T08:30:00Z",
                "publisher": {"@type": "Organization", "name": "The Daily Ledger"},
            },
        ],
    }
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    facts = page_facts(page("Minister defends budget cuts", ENGLISH, head=head))
    assert facts.published == "2024-03-05T08:30:00Z"
    assert facts.outlet == "The Daily Ledger"
    article = article_from_html(page("Minister defends budget cuts", ENGLISH, head=head))
    assert article.published == "2024-03-05"
    assert article.outlet == "The Daily Ledger"


def test_outlet_from_og_site_name_and_address_from_canonical() -> None:
    head = (
        '<meta property="og:site_name" content="BGR">'
        '<link rel="canonical" href="https://bgr.com/2019/11/19/deals/">'
    )
    facts = page_facts(page("The best deals", ENGLISH, head=head))
    assert (facts.outlet, facts.url) == ("BGR", "https://bgr.com/2019/11/19/deals/")
    article = article_from_html(page("The best deals", ENGLISH, head=head))
    assert article.outlet == "BGR"
    assert article.origin.url == "https://bgr.com/2019/11/19/deals/"


def test_outlet_from_title_suffix_only_without_an_address() -> None:
    titled = page("Budget passes - Entermedia", ENGLISH)
    assert article_from_html(titled).outlet == "Entermedia"
    assert article_from_html(titled, url="https://www.ledger.example/a").outlet == "ledger.example"


def test_lists_and_tables_after_the_last_sentence_stay_in_the_body() -> None:
    dates = [f"June {d} – City {d}, ST @ Arena {d}" for d in range(1, 9)]
    rows = "".join(f"<tr><td>{i}</td><td>Driver {i}</td><td>{5000 - i}</td></tr>" for i in (1, 2))
    markup = page("Band announces tour", ENGLISH).replace(
        "</article>",
        "<h3>Tour Dates</h3><ul>"
        + "".join(f"<li>{html.escape(d)}</li>" for d in dates)
        + f"</ul><table>{rows}</table></article>",
    )
    article = article_from_html(markup)
    body = body_text(article.text, article.body)
    assert all(d in body for d in dates)
    assert "Driver 2" in body


def test_css_module_standfirst_and_newsletter_box_are_pruned() -> None:
    markup = page("Minister defends budget cuts", ENGLISH).replace(
        "<p>The finance",
        '<p class="Story_dek__9xLm2">A summary that is not part of the report at all.</p>'
        '<div class="InlineNewsletter_box__q7Ynd"><p>The Morning Brief, every day.</p>'
        '<form><input type="email" name="email"></form></div><p>The finance',
    )
    body = body_text(*(lambda a: (a.text, a.body))(article_from_html(markup)))
    assert "summary that is not part" not in body
    assert "Morning Brief" not in body
    assert ENGLISH[0] in body
    tree = prune_furniture(trafilatura.load_html('<html><body><p class="desktop">x</p></body>'))
    assert tree.xpath("//p[@class='desktop']")  # "desktop" is not "dek"


def test_line_blocks_measure_link_share() -> None:
    body = etree.fromstring(
        "<body><p>Plain words, then <ref target='/a'>one link</ref><lb/>a second line</p>"
        "<list><item><ref target='/b'>Another story entirely</ref></item></list>"
        "<head rend='h2'>A dek set as a heading</head></body>"
    )
    blocks = line_blocks(body)
    assert blocks["another story entirely"] == Block("item", 1.0)
    assert 0.2 < blocks["plain words then one link"].link_share < 0.5
    assert blocks["a second line"] == Block("p", 0.0)
    assert blocks["a dek set as a heading"].tag == "head"
