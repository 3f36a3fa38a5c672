"""Body-text benchmark: onrecord's HTML reader against trafilatura used alone.

Each saved page in a set's ``pages`` folder has its hand-checked body text in the set's
``expected`` folder (same stem, ``.txt``). There are two sets: ``dev``
(``benchmarks/html/pages``), the pages onrecord's cleaning rules were written against, and
``heldout`` (``benchmarks/html/heldout/pages``), pages those rules were never tuned on, so
only its figure says how the reader does on pages it has not seen. Both systems get the
page's raw bytes, so each decodes it itself. What a system keeps as body is compared with
the expected text as a bag of lowercase ``\\w+`` tokens (multiset overlap): precision, recall
and F1 per page, and a micro-average per set, where overlaps and token counts are summed
before dividing. The sets, their traps and the scoring are described in
``benchmarks/html/README.md``.

    python benchmarks/html_bench.py                  # a table per set
    python benchmarks/html_bench.py --set heldout    # one set only
    python benchmarks/html_bench.py --json           # the same numbers as JSON

``run(pages_dir, expected_dir)`` scores one folder pair and returns the numbers as a dict;
``run_sets(names)`` does the same for named sets.
A system that cannot be imported is reported as unavailable, with the reason; a system that
fails on one page gets an empty body for that page, with the reason, and the run goes on.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PAGES_DIR = HERE / "html" / "pages"
EXPECTED_DIR = HERE / "html" / "expected"
HELDOUT_PAGES_DIR = HERE / "html" / "heldout" / "pages"
HELDOUT_EXPECTED_DIR = HERE / "html" / "heldout" / "expected"

# Named sets of (pages folder, expected folder). ``dev`` holds the pages onrecord's cleaning
# rules were written against; ``heldout`` holds pages they were never tuned on.
SETS: dict[str, tuple[Path, Path]] = {
    "dev": (PAGES_DIR, EXPECTED_DIR),
    "heldout": (HELDOUT_PAGES_DIR, HELDOUT_EXPECTED_DIR),
}
SET_TITLES: dict[str, str] = {
    "dev": "dev set: the pages the cleaning rules were written against (a development figure)",
    "heldout": "held-out set: pages the cleaning rules were never tuned on",
}

# A system reads one page's bytes (and its path, for the record) and returns its body text.
Reader = Callable[[bytes, Path], str | None]

_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> Counter[str]:
    """The bag of lowercase ``\\w+`` tokens in ``text``, with counts."""
    return Counter(_TOKEN.findall(text.lower()))


@dataclass(frozen=True, slots=True)
class Score:
    """Token overlap between one prediction and its expected text, and the two sizes.

    An empty prediction has precision 0 unless the expected text is empty too; an empty
    expected text has recall 1. Two empty texts agree completely.
    """

    overlap: int
    predicted: int
    expected: int

    @property
    def precision(self) -> float:
        if self.predicted == 0:
            return 1.0 if self.expected == 0 else 0.0
        return self.overlap / self.predicted

    @property
    def recall(self) -> float:
        return self.overlap / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.overlap + other.overlap,
            self.predicted + other.predicted,
            self.expected + other.expected,
        )

    def to_json(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "overlap": self.overlap,
            "predicted_tokens": self.predicted,
            "expected_tokens": self.expected,
        }


def score(predicted: str, expected: str) -> Score:
    """Multiset overlap of the two texts' tokens."""
    got, want = tokens(predicted), tokens(expected)
    return Score(sum((got & want).values()), sum(got.values()), sum(want.values()))


def f1(predicted: str, expected: str) -> float:
    """Body-text F1 of ``predicted`` against ``expected`` (see ``score``)."""
    return score(predicted, expected).f1


def micro(scores: Iterable[Score]) -> Score:
    """All pages as one: overlaps and token counts summed."""
    total = Score(0, 0, 0)
    for item in scores:
        total = total + item
    return total


def _trafilatura_reader() -> Reader:
    import trafilatura

    def read(html: bytes, page: Path) -> str | None:
        return trafilatura.extract(html)

    return read


def _onrecord_reader() -> Reader:
    from onrecord.clean import article_from_html

    def read(html: bytes, page: Path) -> str | None:
        article = article_from_html(html, url=None, path=str(page))
        return "\n".join(span.text(article.text) for span in article.body)

    return read


_LOADERS: dict[str, Callable[[], Reader]] = {
    "onrecord": _onrecord_reader,
    "trafilatura": _trafilatura_reader,
}


def load_readers() -> tuple[dict[str, Reader], dict[str, str]]:
    """The systems that import, and for the others the reason they do not."""
    readers: dict[str, Reader] = {}
    missing: dict[str, str] = {}
    for name, loader in _LOADERS.items():
        try:
            readers[name] = loader()
        except Exception as exc:  # ImportError, or a module that fails while importing
            missing[name] = f"{type(exc).__name__}: {exc}"
    return readers, missing


def digest(pages_dir: Path, expected_dir: Path) -> str:
    """SHA-256 over every page and expected file (name and bytes), to pin the set."""
    sha = hashlib.sha256()
    for folder in (pages_dir, expected_dir):
        for path in sorted(p for p in folder.iterdir() if p.is_file()):
            sha.update(f"{folder.name}/{path.name}\0".encode())
            sha.update(path.read_bytes())
    return sha.hexdigest()


def run(
    pages_dir: Path | str = PAGES_DIR, expected_dir: Path | str = EXPECTED_DIR
) -> dict[str, Any]:
    """Score every system on every page; the result is plain JSON-ready data.

    Keys: ``systems`` (per system: available, and the import error when not), ``pages``
    (per page: expected token count and, per available system, its score or the error it
    raised), ``overall`` (per system: micro-averaged score, None when unavailable),
    ``problems`` (pages without expected text and expected text without page) and
    ``digest``.
    """
    pages_dir, expected_dir = Path(pages_dir), Path(expected_dir)
    readers, missing = load_readers()
    pages = sorted(pages_dir.glob("*.html"))
    expected_stems = {p.stem for p in expected_dir.glob("*.txt")}
    problems = [
        f"{p.name}: no expected/{p.stem}.txt" for p in pages if p.stem not in expected_stems
    ]
    problems += [
        f"{stem}.txt: no page {stem}.html"
        for stem in sorted(expected_stems - {p.stem for p in pages})
    ]

    totals: dict[str, list[Score]] = {name: [] for name in readers}
    rows: list[dict[str, Any]] = []
    for page in pages:
        if page.stem not in expected_stems:
            continue
        html = page.read_bytes()
        gold = (expected_dir / f"{page.stem}.txt").read_text(encoding="utf-8")
        row: dict[str, Any] = {"page": page.stem, "expected_tokens": sum(tokens(gold).values())}
        for name, read in readers.items():
            error: str | None = None
            try:
                body = read(html, page) or ""
            except Exception as exc:  # one page's failure is recorded, the run goes on
                body, error = "", f"{type(exc).__name__}: {exc}"
            result = score(body, gold)
            totals[name].append(result)
            row[name] = {**result.to_json(), "error": error}
        rows.append(row)

    return {
        "systems": {
            name: {"available": name in readers, "error": missing.get(name)} for name in _LOADERS
        },
        "pages": rows,
        "overall": {
            name: micro(totals[name]).to_json() if name in readers else None for name in _LOADERS
        },
        "problems": problems,
        "digest": digest(pages_dir, expected_dir),
    }


def _cell(result: dict[str, Any] | None) -> str:
    if result is None:
        return f"{'n/a':>20}"
    mark = "!" if result.get("error") else " "
    return f"{result['precision']:6.3f}{result['recall']:7.3f}{result['f1']:7.3f}{mark}"


def format_table(report: dict[str, Any]) -> str:
    """The report as a fixed-width table: P, R and F1 per system, page by page."""
    names = list(report["systems"])
    width = max([len("micro-average"), *(len(row["page"]) for row in report["pages"])])
    head = f"{'page':<{width}} {'tokens':>6}" + "".join(f"  {n + ' P/R/F1':>20}" for n in names)
    lines = [head, "-" * len(head)]
    for row in report["pages"]:
        cells = "".join(f"  {_cell(row.get(n))}" for n in names)
        lines.append(f"{row['page']:<{width}} {row['expected_tokens']:>6}{cells}")
    lines.append("-" * len(head))
    total = sum(row["expected_tokens"] for row in report["pages"])
    cells = "".join(f"  {_cell(report['overall'][n])}" for n in names)
    lines.append(f"{'micro-average':<{width}} {total:>6}{cells}")
    for name, status in report["systems"].items():
        if not status["available"]:
            lines.append(f"{name}: unavailable ({status['error']})")
    for row in report["pages"]:
        for name in names:
            if row.get(name) and row[name]["error"]:
                lines.append(f"! {row['page']} / {name}: {row[name]['error']}")
    lines += [f"problem: {problem}" for problem in report["problems"]]
    lines.append(f"digest: {report['digest']}")
    return "\n".join(lines)


def run_sets(names: Iterable[str]) -> dict[str, dict[str, Any]]:
    """``run`` for each named set in ``SETS``, keyed by set name, in the order given."""
    return {name: run(*SETS[name]) for name in names}


def _set_names(choice: str) -> list[str]:
    return list(SETS) if choice == "all" else [choice]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--set",
        choices=[*SETS, "all"],
        help="which set to score: dev, heldout or all (default: all, a table per set)",
    )
    parser.add_argument(
        "--pages", type=Path, help="score this folder of .html pages instead of a named set"
    )
    parser.add_argument("--expected", type=Path, help="folder of expected .txt bodies for --pages")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    if args.pages is not None or args.expected is not None:
        if args.set is not None:
            parser.error("--set names a stored set; it cannot be combined with --pages/--expected")
        pages, expected = args.pages or PAGES_DIR, args.expected or EXPECTED_DIR
        reports = {"custom": run(pages, expected)}
        titles = {"custom": f"{pages} against {expected}"}
    else:
        reports = run_sets(_set_names(args.set or "all"))
        titles = SET_TITLES
    if args.json:
        print(json.dumps(reports, indent=2, ensure_ascii=False))
    else:
        print(
            "\n\n".join(
                f"{titles[name]}\n\n{format_table(report)}" for name, report in reports.items()
            )
        )
    failed = any(report["problems"] or not report["pages"] for report in reports.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
