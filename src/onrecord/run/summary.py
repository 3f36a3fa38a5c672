"""``Summary``: the counts of one ingestion run, and the latest problems it met."""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field

from onrecord.model import Problem, is_note

__all__ = ["KEPT_PROBLEMS", "Summary"]

# Problems a Summary keeps for the caller to look at; it counts them all.
KEPT_PROBLEMS = 100


@dataclass(slots=True)
class Summary:
    """Counts for one ingestion run, and the latest inputs skipped with their reasons.

    Every problem also flows out of the run in its place (the CLI prints it, the store
    records it), so the summary keeps only the last ``KEPT_PROBLEMS``: a run over
    millions of inputs does not grow with its failures."""

    read: int = 0
    duplicates: int = 0
    extracted: int = 0
    attributions: int = 0
    resumed: int = 0
    skipped: int = 0
    noted: int = 0
    problems: deque[Problem] = field(default_factory=lambda: deque(maxlen=KEPT_PROBLEMS))
    languages: Counter[str] = field(default_factory=Counter)  # articles read, by language

    def skip(self, problem: Problem) -> None:
        """Count a problem: an input left out, or a note on one that was kept."""
        if is_note(problem):
            self.noted += 1
        else:
            self.skipped += 1
        self.problems.append(problem)

    def __str__(self) -> str:
        parts = [f"{self.read} article(s) read"]
        if self.languages and set(self.languages) != {"en"}:
            by_language = " ".join(f"{code} {n}" for code, n in self.languages.most_common())
            parts[0] += f" ({by_language})"
        if self.duplicates:
            parts.append(f"{self.duplicates} duplicate(s) linked")
        if self.extracted:
            parts.append(f"{self.attributions} attribution(s) in {self.extracted} article(s)")
        if self.resumed:
            parts.append(f"{self.resumed} already stored")
        if self.skipped:
            parts.append(f"{self.skipped} input(s) skipped")
        if self.noted:
            parts.append(f"{self.noted} note(s) on inputs kept")
        return ", ".join(parts)
