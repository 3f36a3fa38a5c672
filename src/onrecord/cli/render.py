"""Rich renderings shared by commands. Scraped text is printed as text, never as markup."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text

from onrecord.model import Attribution, Problem, is_note

_MAX_WORDS = 60


def _shorten(text: str, limit: int = _MAX_WORDS) -> str:
    words = text.split()
    return text if len(words) <= limit else " ".join(words[:limit]) + " …"


def attribution_table(
    documents: Iterable[tuple[str, str, list[Attribution]]], title: str | None = None
) -> Table:
    """Who said what: speaker, role, kind, the words, the article — one row per attribution."""
    table = Table(title=title, show_lines=True, expand=True)
    table.add_column("speaker", ratio=2)
    table.add_column("role", ratio=2)
    table.add_column("kind", ratio=1)
    table.add_column("the words", ratio=7)
    table.add_column("article", ratio=2)
    for doc_name, text, attributions in documents:
        for attribution in attributions:
            speaker = attribution.speaker or (
                f"({attribution.source_text})" if attribution.source_text else "—"
            )
            role = ", ".join(filter(None, [attribution.role, attribution.affiliation]))
            table.add_row(
                Text(speaker),
                Text(role),
                Text(attribution.kind),
                Text(_shorten(attribution.content_text(text))),
                Text(doc_name),
            )
    return table


def problem_line(problem: Problem) -> Text:
    """``skipped <where>: <reason>`` (or ``note``, for a kept input the run changed), as
    text: a file named ``[draft].txt`` or ``[/bold].txt`` prints as itself."""
    label, style = ("note", "cyan") if is_note(problem) else ("skipped", "yellow")
    return Text.assemble((label, style), f" {problem.where}: {problem.reason}")
