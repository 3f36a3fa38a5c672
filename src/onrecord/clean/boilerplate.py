"""Vocabularies of page furniture: lines a news site prints around every article.

Each rule matches a *whole* line (a paragraph of the scraped text), never a fragment,
so a sentence such as "Share prices fell" or "Read more about it in the report." is
never mistaken for a widget. ``line_kind`` returns the kind and a human reason; the
cleaner turns that into a ``Removed`` record. The vocabulary is deliberately generic
(share/subscribe/cookie widgets, cross-links, reading-time notices, comment forms) and
not tied to any one site.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from onrecord.clean.metadata import date_stamp_length

__all__ = [
    "is_comment_heading",
    "is_comment_meta",
    "is_related_heading",
    "line_kind",
]

_F = re.IGNORECASE
_META_BAR = re.compile(r"\s*[·|•]\s+|\s+[·|•]\s*")  # "South Asia· 2 min read" too
_BULLET = re.compile(r"^[\s•·▪►»>*|–—-]+|[\s|]+$")
_SOCIAL = (
    r"facebook|twitter|x|whatsapp|linkedin|email|e-mail|mail|print|pinterest|reddit|"
    r"telegram|messenger|threads|instagram|youtube|tiktok|google news|copy link|copy url|link"
)

# (kind, reason, pattern); the first whole-line match wins.
_RULES: Sequence[tuple[str, str, re.Pattern[str]]] = [
    (
        "cross-link",
        "link to another story",
        re.compile(
            r"(?:also\s+read|read\s+also|read\s+more|more\s+(?:on|about)\s+this|related"
            r"(?:\s+(?:news|story|stories|articles?|coverage))?|see\s+also|also\s+see|watch"
            r"(?:\s+(?:video|now))?|must\s+read|don'?t\s+miss|recommended|suggested|"
            r"also\s+watch|read\s+next|up\s+next|click\s+here|read\s+(?:the\s+)?full"
            r"(?:\s+(?:story|article|report))?)\s*[:|>»\-–—]+\s*\S.{0,200}",
            _F,
        ),
    ),
    (
        "cross-link",
        "link to another story",
        re.compile(
            r"(?:click|tap)\s+here\b.{0,120}|(?:also\s+read|read\s+also|read\s+more"
            r"|must\s+read|also\s+watch)\s*[:.!]?",
            _F,
        ),
    ),
    (
        "widget",
        "share buttons",
        re.compile(
            rf"(?:share|tweet|post)(?:\s+(?:this|the))?(?:\s+(?:article|story|post|page|"
            rf"link|news))?(?:\s+(?:on|via|with|to)\s+(?:{_SOCIAL}))?\s*[:!]?|"
            rf"(?:(?:share\s+(?:on|via)\s+)?(?:{_SOCIAL})[\s,|/]*){{1,8}}",
            _F,
        ),
    ),
    (
        "widget",
        "follow/subscribe prompt",
        re.compile(
            r"(?:follow\s+(?:us|me)|subscribe|sign\s+up|join\s+(?:us|our)|get\s+(?:the|our)"
            r"|download\s+(?:the|our)|install\s+(?:the|our)|never\s+miss|stay\s+(?:updated"
            r"|informed))\b[^.!?]{0,120}[.!]?|(?:newsletter|subscribe|sign\s+up|"
            r"subscribe\s+now|unlock\s+.{0,40}|become\s+a\s+(?:member|subscriber).{0,40})",
            _F,
        ),
    ),
    (
        "widget",
        "newsletter prompt",
        re.compile(
            r"(?=.{0,300}\b(?:sign\s+up|subscribe|register|get|join)\b)(?=.{0,300}\b(?:"
            r"newsletters?|inbox|e-?mail\s+(?:updates|alerts)|unsubscribe)\b).{0,300}",
            _F,
        ),
    ),
    (
        "summary box",
        "heading of a summary box",
        re.compile(
            r"(?:key\s+(?:events|points|takeaways|highlights|facts)|highlights|at\s+a\s+"
            r"glance|in\s+brief|quick\s+read|story\s+highlights|what\s+we\s+know)\s*:?",
            _F,
        ),
    ),
    (
        "widget",
        "cookie or consent notice",
        re.compile(
            r"(?=.{0,300}\bcookies?\b)(?=.{0,300}\b(?:accept\w*|consent|privacy|we\s+use|"
            r"(?:site|website)\s+uses|browsing|your\s+experience)\b).{0,400}|"
            r"accept(?:\s+all)?(?:\s+cookies)?|reject\s+all"
            r"|manage\s+(?:cookie\s+)?(?:preferences|settings|options)|got\s+it!?",
            _F,
        ),
    ),
    (
        "widget",
        "site navigation control",
        re.compile(
            r"(?:back\s+to\s+top(?:\s+button)?|scroll\s+to\s+top|go\s+to\s+top|top|skip\s+to"
            r"\s+(?:main\s+)?content|type\s+to\s+search|search(?:\s+for)?(?:\s*(?:\.\.\.|…))?"
            r"|search\s+here|menu|main\s+menu|open\s+menu|close(?:\s+menu)?|toggle\s+"
            r"navigation|home|log\s*in|sign\s*in|log\s*out|register|my\s+account|"
            r"(?:previous|next)(?:\s+(?:article|post|story))?|load\s+more|show\s+more|"
            r"listen(?:\s+to\s+(?:this\s+)?(?:article|story))?|play|pause|"
            r"font\s+size|a\+?\s*a-?|dark\s+mode|light\s+mode|e-?paper|live\s+tv)\s*[:.!]?",
            _F,
        ),
    ),
    (
        "widget",
        "advertisement",
        re.compile(
            r"(?:advertisement|advertisment|advert|ad|ads|sponsored(?:\s+content)?|"
            r"promoted(?:\s+content)?|paid\s+content|partner\s+content|ads\s+by\s+\w+|"
            r"story\s+continues\s+(?:below|after)(?:\s+(?:this\s+)?advertisement)?|"
            r"continue\s+reading(?:\s+(?:below|the\s+main\s+story))?|scroll\s+to\s+"
            r"continue(?:\s+with\s+content)?|article\s+continues\s+(?:below|after).{0,30})"
            r"\s*[:.]?",
            _F,
        ),
    ),
    (
        "widget",
        "engagement counter",
        re.compile(
            r"\d[\d,.]*\s*[kKmM]?\s*(?:shares?|views?|likes?|reads?|comments?|reactions?)", _F
        ),
    ),
    (
        "reading time",
        "reading-time notice",
        re.compile(
            r"(?:(?:estimated\s+)?reading\s+time\s*:?\s*)?(?:less\s+than\s+)?(?:an?|\d+)"
            r"(?:\s*-\s*\d+)?\s*(?:min(?:ute)?s?|m)\.?(?:\s+(?:read|reading|to\s+read|"
            r"listen))?",
            _F,
        ),
    ),
    (
        "byline",
        "byline",
        re.compile(
            r"(?:[Bb]y|[Ww]ritten\s+by|[Rr]eported\s+by|[Ss]tory\s+by|[Aa]uthor)\s*:?\s+"
            r"[A-Z][\w.'’-]*(?:\s+(?:and\s+|&\s+)?[A-Z][\w.'’-]*){0,5}"
            r"(?:\s*(?:[|/·–-]|,\s*(?=[A-Z]))\s*[^.!?]{0,60})?"
        ),
    ),
    (
        "byline",
        "byline",
        re.compile(
            r"(?:staff|special|our|from\s+our)\s+(?:reporter|correspondent)s?|(?:news|web|"
            r"online|city|sports?|business)\s+desk|agencies|newswire|wire\s+services?",
            _F,
        ),
    ),
    (
        "credit",
        "reporting or photo credit",
        re.compile(
            r"\(?\s*(?:reporting|additional\s+reporting|writing|editing|compiled|"
            r"edited)\s+by\s+.{2,200}\)?|(?:photo|image|picture|file\s+photo|photograph|"
            r"illustration|video)(?:\s+credits?)?\s*[:|/©-]\s*.{0,80}|©\s*.{0,80}",
            _F,
        ),
    ),
    (
        "tags",
        "topic tags",
        re.compile(
            r"(?:tags?|topics?|filed\s+under|categories|category|keywords)\s*[:|]\s*.{0,300}", _F
        ),
    ),
    (
        "widget",
        "author contact or follow line",
        re.compile(
            r"(?:write\s+to|e-?mail|contact|reach)\s+.{1,60}?\s+(?:at|on|via)\s+\S+@\S+.{0,160}"
            r"|follow\s+.{1,80}?\s+on\s+(?:twitter|facebook|instagram|linkedin|x|threads|"
            r"bluesky|youtube|tiktok)\b.{0,160}|follow\s+@\w+.{0,160}"
            r"|follow\s+.{1,60}?\s+(?:full\s+)?coverage\s+.{0,120}",
            _F,
        ),
    ),
    (
        "widget",
        "print or reprint control",
        re.compile(
            r"order\s+reprints|print\s+(?:this\s+)?(?:article|story|page)|reprints?(?:\s+"
            r"(?:&|and)\s+permissions)?|like\s+this\s+(?:story|article)\?\s*share\s+it.{0,40}",
            _F,
        ),
    ),
    (
        "footer",
        "usage or affiliate notice",
        re.compile(
            r"this\s+copy\s+is\s+for\s+your\s+personal,?\s+non-?commercial\s+use.{0,400}|"
            r"(?=.{0,200}\b(?:if|when)\s+you\s+(?:buy|purchase|click)\b)(?=.{0,300}\b(?:"
            r"commission|share\s+of\s+the\s+sale|affiliate|earn)\b).{0,300}",
            _F,
        ),
    ),
    (
        "reading time",
        "reading-time notice",
        re.compile(
            r"(?:tempo\s+de\s+leitura|temps\s+de\s+lecture|lesezeit|tiempo\s+de\s+lectura|"
            r"tempo\s+di\s+lettura|leestijd)\s*:?\s*(?:\d+|um|uma|un|une|ein|eine|uno)"
            r"\s*\w*\.?",
            _F,
        ),
    ),
    (
        "cross-link",
        "link to another story",
        re.compile(
            r"also\s+on\s+\S+\.\w{2,}\s+.{3,200}|\[\s*related\s*:.{3,200}\]"
            r"|more\s+[\w\s]{0,30}:\s*https?://\S+.{0,100}",
            _F,
        ),
    ),
    (
        "widget",
        "unrendered shortcode",
        re.compile(r".{0,80}\[\w+\s+\w+=[^\]]*\].{0,200}\[/\w+\].{0,80}"),
    ),
    (
        "credit",
        "reporting credit",
        re.compile(
            r"source\s*:\s*[^.!?]{2,60}|.{3,300}\s+contributed\s+(?:(?:additional\s+)?"
            r"reporting|to\s+this\s+(?:report|story|article)).{0,80}",
            _F,
        ),
    ),
    (
        "footer",
        "site footer",
        re.compile(
            r".{0,120}(?:all\s+rights\s+reserved|copyright\s+(?:©\s*)?\d{4}).{0,120}|"
            r"(?:privacy\s+policy|terms\s+(?:of\s+(?:use|service)|and\s+conditions)|"
            r"about\s+us|contact\s+us|advertise\s+with\s+us|careers)(?:\s*[|·•]\s*\S.{0,40})*",
            _F,
        ),
    ),
]

_RELATED_HEADING = re.compile(
    r"(?:you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy|be\s+interested\s+in)|related\s+"
    r"(?:articles?|stories|news|posts|content|coverage|reading|topics)|related|more\s+"
    r"(?:stories|news|articles|from\s+.{1,40}|on\s+this\s+(?:topic|story)|in\s+.{1,30})|"
    r"recommended(?:\s+(?:for\s+you|stories|articles|reading))?|trending(?:\s+(?:now|news|"
    r"stories|topics))?|most\s+(?:read|popular|viewed|shared)|popular\s+(?:posts|stories|news)|"
    r"latest(?:\s+(?:news|stories|posts|articles|updates))?|top\s+(?:stories|news)|editor'?s?"
    r"\s+picks?|read\s+next|what\s+to\s+read\s+next|in\s+case\s+you\s+missed\s+it|"
    r"don'?t\s+miss|also\s+on\s+.{1,40}|around\s+the\s+web|from\s+(?:the\s+)?web|"
    r"(?:more\s+)?top\s+headlines|explore\s+more|also\s+read|read\s+more|must\s+read|more)"
    r"\s*(?::|\.\.\.|…)?",
    _F,
)
_COMMENT_HEADING = re.compile(
    r"(?:(?:readers?'?s?'?|users?'?|visitors?'?|your)\s+)?comments?(?:\s*\(\s*\d+\s*\))?\s*:?|"
    r"(?:readers?'?s?'?|users?'?|visitors?'?)\s+(?:responses?|reactions?|views)\s*:?|\d+\s+(?:comments?|responses?|replies|thoughts\s+on\s+.{1,200})"
    r"|(?:leave|post|add|write|submit|share)\s+(?:a|your)\s+(?:comment|reply|response|"
    r"thoughts?|views?)\s*:?|join\s+the\s+(?:conversation|discussion|debate)|(?:show|view|"
    r"load|read|see)\s+(?:all\s+)?(?:\d+\s+)?comments?|comments?\s+(?:are\s+)?closed\.?|what\s+"
    r"(?:do\s+)?(?:our\s+)?readers\s+(?:say|think)|have\s+your\s+say|tell\s+us\s+what\s+you\s+"
    r"think(?:\.\.\.|…|\?|!)?",
    _F,
)
_COMMENT_META = (
    (
        "comments",
        "comment form",
        re.compile(
            r"(?:leave|post|add|write|submit|cancel)\s+(?:a\s+|your\s+)?(?:comment|reply|"
            r"response)|(?:minimum|maximum|max\.?|min\.?)\s+\d+\s+(?:characters|chars|words)"
            r".{0,20}|\d+\s*/\s*\d+|(?:your\s+)?(?:name|e-?mail(?:\s+address)?|website|"
            r"comment|message)\s*\*?\s*:?|(?:post|submit|send|publish)(?:\s+comment)?|"
            r"your\s+email\s+address\s+will\s+not\s+be\s+published\.?.{0,80}|required\s+"
            r"fields\s+are\s+marked.{0,10}|save\s+my\s+name.{0,150}|notify\s+me\s+of.{0,120}"
            r"|(?:log\s*in|sign\s*in|register)\s+to\s+(?:comment|reply|post).{0,40}|"
            r"be\s+the\s+first\s+to\s+comment.{0,20}|no\s+comments?(?:\s+yet)?.{0,20}|"
            r"(?:sort|sorted)\s+by.{0,30}|(?:newest|oldest|best|top)(?:\s+first)?",
            _F,
        ),
    ),
    (
        "comments",
        "comment policy notice",
        re.compile(
            r"(?=.{0,400}\b(?:comments?|discussions?|commenting|community)\b)(?=.{0,400}\b"
            r"(?:please|welcome|respectful|moderat\w*|guidelines|policy|on-topic|off-topic|"
            r"civil|abusive|reserve\s+the\s+right)\b).{0,400}",
            _F,
        ),
    ),
    (
        "comments",
        "comment metadata",
        re.compile(
            r"(?:reply|replies|like|likes|report|flag|share|upvote|downvote|\d+\s+likes?|"
            r"\d+\s+repl(?:y|ies)|(?:about\s+)?(?:an?|\d+)\s+(?:second|minute|hour|day|week|"
            r"month|year)s?\s+ago|just\s+now|edited|\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?|"
            r"[↑↓▲▼]?\s*\d*)\s*[↓↑]?",
            _F,
        ),
    ),
)


def _strip(line: str) -> str:
    return _BULLET.sub("", line).strip()


def line_kind(line: str) -> tuple[str, str] | None:
    """``(kind, reason)`` when the whole line is page furniture, else None.

    A "meta bar" of short parts joined by ``·``, ``|`` or ``•`` ("South Asia · 2 min
    read", "By Jane Doe | March 5, 2024") is furniture when one part is and the others
    are at most three words (a section name, a date).
    """
    bare = _strip(line)
    if not bare:
        return None
    found = _match(bare)
    if found or len(bare) > 200:
        return found
    parts = [part.strip() for part in _META_BAR.split(bare) if part.strip()]
    if len(parts) < 2:
        return None
    kinds = [_match(part) or _date_part(part) for part in parts]
    known = [k for k in kinds if k]
    if known and all(k or len(part.split()) <= 3 for k, part in zip(kinds, parts, strict=True)):
        return known[0]
    return None


def _match(bare: str) -> tuple[str, str] | None:
    for kind, reason, pattern in _RULES:
        if pattern.fullmatch(bare):
            return kind, reason
    return None


def _date_part(part: str) -> tuple[str, str] | None:
    if date_stamp_length(part) >= len(part):
        return ("date stamp", "publication date line (kept as metadata)")
    return None


def is_related_heading(line: str) -> bool:
    """A heading that opens a block of links to other stories ("You May Also Like")."""
    return bool(_RELATED_HEADING.fullmatch(_strip(line)))


def is_comment_heading(line: str) -> bool:
    """A heading that opens the reader-comment section ("Reader Comments", "12 Comments")."""
    return bool(_COMMENT_HEADING.fullmatch(_strip(line)))


def is_comment_meta(line: str) -> tuple[str, str] | None:
    """Comment forms, policy notices and per-comment furniture ("Reply", "2 hours ago")."""
    bare = _strip(line)
    for kind, reason, pattern in _COMMENT_META:
        if pattern.fullmatch(bare):
            return kind, reason
    return None
