"""What a statement or report is about, for the corpus commands: one line for a table,
and the JSON a machine reads (targets as ``Target.to_json`` writes them).

A statement is about what its first report's attribution is about. One stored before
the about stage existed (no act) gets the topics its words match (``Topics.tag``), as
the topic filter treats it.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from rich.text import Text

from onrecord.about import Topics
from onrecord.store import ReportView, StatementView
from onrecord.store.about_rows import main_targets
from onrecord.store.filters import STANCE_WORDS


def report_json(report: ReportView) -> dict[str, Any]:
    record = asdict(report)
    record["targets"] = [t.to_json() for t in report.targets]
    return record


def statement_json(statement: StatementView, tagger: Topics) -> dict[str, Any]:
    record = asdict(statement)
    record["reports"] = [report_json(r) for r in statement.reports]
    first = statement.first_report
    record.update(
        act=first.act if first else None,
        stance=first.stance if first else None,
        stance_confidence=first.stance_confidence if first else None,
        targets=[t.to_json() for t in first.targets] if first else [],
        topics=topics_of(statement, tagger),
    )
    return record


def topics_of(statement: StatementView, tagger: Topics) -> list[str]:
    first = statement.first_report
    if first is None or first.act is None:
        return tagger.tag(statement.words)
    return list(first.topics)


def about_line(report: ReportView | None, topics: list[str]) -> Text:
    """ "concern · against (0.93) · about Pakistan, Imran Khan · elections", as text:
    the act, the stance toward the main target, the targets named, the topics."""
    parts: list[str] = []
    if report is not None and report.act:
        parts.append(report.act)
    if report is not None and report.stance is not None:
        sure = f" ({report.stance_confidence:.2f})" if report.stance_confidence is not None else ""
        parts.append(STANCE_WORDS.get(report.stance, str(report.stance)) + sure)
    if report is not None and report.targets:
        parts.append("about " + ", ".join(t.text for t in main_targets(report.targets)))
    if topics:
        parts.append(", ".join(topics))
    return Text(" · ".join(parts), style="dim")
