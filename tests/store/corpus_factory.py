"""Hand-built articles with exact spans, for the store tests (no model involved)."""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass

from onrecord.model import Article, Attribution, Mention, Origin, Span


@dataclass(frozen=True)
class Quote:
    """Where an attribution is in the text: each part is found by its text."""

    content: str
    source: str | None
    cue: str | None
    speaker: str | None
    role: str | None = None
    affiliation: str | None = None
    kind: str = "direct"


def article_id(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _find(text: str, part: str, after: int = 0) -> Span:
    start = text.index(part, after)
    return Span(start, start + len(part))


def make_article(
    text: str,
    quotes: list[Quote],
    published: str,
    outlet: str,
    path: str | None = None,
    title: str | None = None,
    ident: str | None = None,
) -> Article:
    attributions = []
    for quote in quotes:
        content = _find(text, quote.content)
        attributions.append(
            Attribution(
                content=[content],
                cue=_find(text, quote.cue) if quote.cue else None,
                source=_find(text, quote.source) if quote.source else None,
                kind=quote.kind,  # type: ignore[arg-type]
                source_text=quote.source,
                speaker=quote.speaker,
                role=quote.role,
                affiliation=quote.affiliation,
                confidence=0.9,
                method="hand",
            )
        )
    ident = ident or article_id(text)
    return Article(
        id=ident,
        origin=Origin(path=path or f"news/{ident}.txt"),
        text=text,
        body=[Span(0, len(text))],
        title=title or text.split(" - ", 1)[-1][:60],
        published=published,
        outlet=outlet,
        language="en",
        attributions=attributions,
    )


def named(
    text: str,
    name: str,
    *written: str,
    role: str | None = None,
    affiliation: str | None = None,
) -> Mention:
    """The mention record of a person written ``written`` (default: ``name``) in
    ``text``: every whole-word occurrence, longer forms first, none overlapping."""
    forms = written or (name,)
    taken: list[Span] = []
    for form in sorted(forms, key=len, reverse=True):
        for match in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text):
            span = Span(match.start(), match.end())
            if not any(span.start < t.end and t.start < span.end for t in taken):
                taken.append(span)
    taken.sort()
    variants = list(dict.fromkeys(s.text(text) for s in taken))
    return Mention(name, variants, role, affiliation, taken)


MILLER_1 = make_article(
    "WASHINGTON, March 20 (Reuters) - The United States is concerned about the arrest of "
    "opposition leaders ahead of the vote, State Department spokesman Matthew Miller said on "
    'Wednesday. "We urge the authorities to respect the right of every citizen to peaceful '
    'assembly," Miller told reporters at a regular briefing. Secretary of State Antony J '
    "Blinken raised the detentions with his counterpart by phone, the department said.",
    [
        Quote(
            "The United States is concerned about the arrest of opposition leaders ahead of "
            "the vote",
            "State Department spokesman Matthew Miller",
            "said",
            "State Department spokesman Matthew Miller",
            kind="indirect",
        ),
        Quote(
            "We urge the authorities to respect the right of every citizen to peaceful assembly",
            "Miller",
            "told",
            "Miller",
            role="spokesman",
            affiliation="State Department",
        ),
        Quote(
            "Secretary of State Antony J Blinken raised the detentions with his counterpart by "
            "phone",
            "the department",
            "said",
            "State Department",
            kind="indirect",
        ),
    ],
    published="2024-03-20",
    outlet="Reuters",
    title="US concerned over arrests before vote",
)

MILLER_2 = make_article(
    "ISLAMABAD: Washington is following the cases closely, Matthew Miller, the State "
    'Department spokesman, said on Friday. "We urge the authorities to respect the right of '
    'every citizen to peaceful assembly," he said, repeating remarks made earlier in the week. '
    "Antony Blinken is expected to visit the region next month.",
    [
        Quote(
            "Washington is following the cases closely",
            "Matthew Miller",
            "said",
            "Matthew Miller",
            role="spokesman",
            affiliation="State Department",
            kind="indirect",
        ),
        Quote(
            "We urge the authorities to respect the right of every citizen to peaceful assembly",
            "he",
            "said",
            "Matthew Miller",
            role="spokesman",
            affiliation="State Department",
        ),
    ],
    published="2024-03-22",
    outlet="Dawn",
    title="US following cases closely",
)

BLINKEN = make_article(
    "NEW DELHI (AP) - Blinken said on Tuesday that the elections must be free and fair and "
    'that observers should have full access. "Democracy depends on a free press," Antony J '
    "Blinken told students at the university.",
    [
        Quote(
            "the elections must be free and fair and that observers should have full access",
            "Blinken",
            "said",
            "Blinken",
            role="Secretary of State",
            kind="indirect",
        ),
        Quote(
            "Democracy depends on a free press",
            "Antony J Blinken",
            "told",
            "Antony J Blinken",
        ),
    ],
    published="2024-04-02",
    outlet="AP",
    title="Blinken urges free and fair elections",
)

STEPHEN_MILLER = make_article(
    "WASHINGTON - White House adviser Stephen Miller said the administration would not back "
    'down on immigration enforcement. "We will not back down, not now and not ever," Miller '
    "said in an interview.",
    [
        Quote(
            "the administration would not back down on immigration enforcement",
            "White House adviser Stephen Miller",
            "said",
            "Stephen Miller",
            role="adviser",
            affiliation="White House",
            kind="indirect",
        ),
        Quote(
            "We will not back down, not now and not ever",
            "Miller",
            "said",
            "Miller",
            affiliation="White House",
        ),
    ],
    published="2025-05-10",
    outlet="The Hill",
    title="Miller says no retreat on immigration",
)

STATE_2024 = make_article(
    "NEW DELHI: The US State Department's annual human rights report said significant human "
    "rights issues in the country included undue restrictions on freedoms of expression, "
    "association, and peaceful assembly, as well as arbitrary arrests and detentions of "
    "journalists. The ministry rejected the report.",
    [
        Quote(
            "significant human rights issues in the country included undue restrictions on "
            "freedoms of expression, association, and peaceful assembly, as well as arbitrary "
            "arrests and detentions of journalists",
            "The US State Department's annual human rights report",
            "said",
            "US State Department",
            kind="indirect",
        ),
    ],
    published="2024-04-23",
    outlet="The Hindu",
    title="US rights report flags restrictions",
)

STATE_2025 = make_article(
    "WASHINGTON: In a letter to the Secretary of State, the senators pointed to the record. "
    "Citing the US Department of State, the letter said the elections 'included undue "
    "restrictions on freedoms of expression, association, and peaceful assembly'. The "
    "department did not respond to a request for comment.",
    [
        Quote(
            "included undue restrictions on freedoms of expression, association, and peaceful "
            "assembly",
            "the US Department of State",
            "Citing",
            "US Department of State",
        ),
    ],
    published="2025-02-14",
    outlet="Dawn",
    title="Senators cite State Department findings",
)

SENATOR_2025 = make_article(
    "WASHINGTON: Senator Chris Van Hollen said the vote was marred because the authorities "
    "imposed undue restrictions on freedoms of expression, association, and peaceful assembly, "
    "words he took from the State Department's own report.",
    [
        Quote(
            "the vote was marred because the authorities imposed undue restrictions on freedoms "
            "of expression, association, and peaceful assembly",
            "Senator Chris Van Hollen",
            "said",
            "Senator Chris Van Hollen",
            kind="indirect",
        ),
    ],
    published="2025-03-01",
    outlet="Politico",
    title="Van Hollen presses on election conduct",
)

HAND_ARTICLES = [MILLER_1, MILLER_2, BLINKEN, STEPHEN_MILLER, STATE_2024, STATE_2025]

_SPEAKERS = [
    ("Ned Price", "spokesman", "State Department"),
    ("Karine Jean-Pierre", "press secretary", "White House"),
    ("Volker Turk", "High Commissioner", "United Nations"),
    ("Agnes Callamard", "Secretary General", "Amnesty International"),
]
_WORDS = [
    "election",
    "vote",
    "press",
    "freedom",
    "journalists",
    "detained",
    "court",
    "ruling",
    "protest",
    "assembly",
    "rights",
    "spyware",
    "surveillance",
    "border",
    "talks",
    "security",
    "report",
    "government",
    "minister",
    "opposition",
]
_OUTLETS = ["Reuters", "AP", "Dawn", "The Hindu", "Al Jazeera"]


def small_article(n: int) -> Article:
    """Article number ``n`` of a reproducible stream: three attributions each."""
    rng = random.Random(n)
    name, role, affiliation = _SPEAKERS[n % len(_SPEAKERS)]
    surname = name.split()[-1]
    words = [" ".join(rng.choice(_WORDS) for _ in range(8)) for _ in range(3)]
    text = (
        f"Report {n}. {affiliation} {role} {name} said {words[0]}. "
        f'"{words[1].capitalize()}," {surname} told reporters. '
        f"Officials said {words[2]}."
    )
    quotes = [
        Quote(
            words[0], f"{affiliation} {role} {name}", "said", name, role, affiliation, "indirect"
        ),
        Quote(words[1].capitalize(), surname, "told", surname, role, affiliation),
        Quote(words[2], "Officials", "said", None, kind="indirect"),
    ]
    day = 1 + n % 28
    month = 1 + (n // 28) % 12
    return make_article(
        text,
        quotes,
        published=f"2024-{month:02d}-{day:02d}",
        outlet=_OUTLETS[n % len(_OUTLETS)],
        path=f"stream/{n:05d}.txt",
    )
