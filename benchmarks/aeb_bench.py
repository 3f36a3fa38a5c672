"""Article bodies on real pages: onrecord against trafilatura alone, by the benchmark's own score.

The data is a part of the ScrapingHub article-extraction benchmark (``aeb-dev`` in the
shared bench folder: ``ground-truth.json``, ``evaluate.py``, ``html/<id>.html.gz``). Both
systems read every page (raw bytes, and the page's URL); their bodies are written as
``output/onrecord.json`` and ``output/trafilatura.json`` beside a copy of the ground truth,
and the benchmark's own ``evaluate.py`` is run there, so the headline figures are exactly
what it prints (F1, precision and recall of word 4-shingles, averaged over pages). Per-page
scores come from the same ``evaluate.py`` functions and go to a TSV file that can be
diffed between runs: id, language onrecord found for the page, then P/R/F1 per system.

    python benchmarks/aeb_bench.py --data ../shared/bench
    python benchmarks/aeb_bench.py --data ../shared/bench --set aeb-dev --tsv docs/html-pages.tsv
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SYSTEMS = ("onrecord", "trafilatura")

# A system reads one page's bytes and URL and returns its body text, and what it found
# of language, publication date and outlet ("" where it has none).
Reader = Callable[[bytes, str | None], tuple[str, dict[str, str]]]
FOUND = ("language", "published", "outlet")


def load_evaluate(folder: Path) -> ModuleType:
    """The benchmark's own ``evaluate.py``, imported from the data folder."""
    spec = importlib.util.spec_from_file_location("aeb_evaluate", folder / "evaluate.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(folder / "evaluate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _onrecord(html: bytes, url: str | None) -> tuple[str, dict[str, str]]:
    from onrecord.clean import article_from_html

    article = article_from_html(html, url=url)
    body = "\n".join(span.text(article.text) for span in article.body)
    return body, {name: getattr(article, name) or "" for name in (*FOUND, "title")}


def _trafilatura(html: bytes, url: str | None) -> tuple[str, dict[str, str]]:
    import trafilatura

    return trafilatura.extract(html, url=url) or "", {}


READERS: dict[str, Reader] = {"onrecord": _onrecord, "trafilatura": _trafilatura}


def read_all(
    folder: Path, truth: dict[str, Any]
) -> tuple[dict[str, dict[str, Any]], dict[str, float]]:
    """Every system's body (and onrecord's metadata) for every page; seconds per system."""
    results: dict[str, dict[str, Any]] = {name: {} for name in SYSTEMS}
    seconds = dict.fromkeys(SYSTEMS, 0.0)
    for key, item in truth.items():
        html = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        for name in SYSTEMS:
            started = time.perf_counter()
            try:
                body, found = READERS[name](html, item.get("url"))
            except Exception as exc:  # one page's failure is scored as an empty body
                body, found = "", {"language": f"error: {type(exc).__name__}"}
            seconds[name] += time.perf_counter() - started
            results[name][key] = {"articleBody": body, **dict.fromkeys(FOUND, ""), **found}
    return results, seconds


def language_check(truth: dict[str, Any], onrecord: dict[str, Any]) -> str:
    """How often onrecord's language for a page, and for its headline alone, matches the
    language identified on the hand-marked body; and the time per body."""
    from onrecord.clean.language import identify

    identify("warm the model up")
    started = time.perf_counter()
    gold = {key: identify(item.get("articleBody", "")).code for key, item in truth.items()}
    per_body = (time.perf_counter() - started) / len(truth) * 1000
    pages = sum(onrecord[key]["language"] == code for key, code in gold.items())
    titles = sum(identify(onrecord[key]["title"]).code == code for key, code in gold.items())
    n = len(truth)
    return (
        f"language: page {pages}/{n} and headline {titles}/{n} agree with the hand-marked "
        f"body's; {per_body:.1f} ms per body"
    )


def page_rows(
    evaluate: ModuleType, truth: dict[str, Any], results: dict[str, dict[str, Any]]
) -> list[list[str]]:
    """One row per page: id, language, then precision, recall and F1 for each system."""
    rows = []
    for key in truth:
        row = [key, results["onrecord"][key]["language"]]
        gold = truth[key].get("articleBody", "")
        for name in SYSTEMS:
            tp, fp, fn = evaluate.string_shingle_matching(
                true=gold, pred=results[name][key]["articleBody"]
            )
            p, r = evaluate.precision_score(tp, fp, fn), evaluate.recall_score(tp, fp, fn)
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            row += [f"{p:.3f}", f"{r:.3f}", f"{f1:.3f}"]
        rows.append(row)
    return rows


def run_evaluate(folder: Path, results: dict[str, dict[str, Any]], workdir: Path) -> str:
    """Lay out ``ground-truth.json`` and ``output/*.json`` and run ``evaluate.py`` there."""
    (workdir / "output").mkdir(parents=True, exist_ok=True)
    (workdir / "ground-truth.json").write_bytes((folder / "ground-truth.json").read_bytes())
    for name, pages in results.items():
        output = {key: {"articleBody": page["articleBody"]} for key, page in pages.items()}
        (workdir / "output" / f"{name}.json").write_text(
            json.dumps(output, ensure_ascii=False), encoding="utf-8"
        )
    done = subprocess.run(
        [sys.executable, str(folder / "evaluate.py"), "--output", "metrics.json"],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--set", default="aeb-dev", help="folder of the benchmark in --data")
    parser.add_argument(
        "--tsv", type=Path, default=ROOT / "docs" / "html-pages.tsv", help="per-page table"
    )
    parser.add_argument("--keep", type=Path, help="folder to keep the evaluate.py layout in")
    args = parser.parse_args(argv)
    folder = args.data / args.set
    truth: dict[str, Any] = json.loads((folder / "ground-truth.json").read_text("utf-8"))
    evaluate = load_evaluate(folder)
    results, seconds = read_all(folder, truth)
    header = ["id", "language"] + [f"{n}_{m}" for n in SYSTEMS for m in ("P", "R", "F1")]
    rows = page_rows(evaluate, truth, results)
    args.tsv.parent.mkdir(parents=True, exist_ok=True)
    args.tsv.write_text(
        "\n".join("\t".join(r) for r in [header, *sorted(rows)]) + "\n", encoding="utf-8"
    )
    with tempfile.TemporaryDirectory() as scratch:
        workdir = args.keep or Path(scratch)
        print(f"{args.set}: {len(truth)} pages, scored by its evaluate.py\n")
        print(run_evaluate(folder, results, workdir))
    languages: dict[str, int] = {}
    for row in rows:
        languages[row[1]] = languages.get(row[1], 0) + 1
    print("languages onrecord found:", ", ".join(f"{k} {v}" for k, v in sorted(languages.items())))
    print(language_check(truth, results["onrecord"]))
    for field in FOUND[1:]:
        found = sum(bool(page[field]) for page in results["onrecord"].values())
        print(f"onrecord {field} found: {found}/{len(truth)}")
    for name in SYSTEMS:
        print(f"{name}: {seconds[name] / len(truth) * 1000:.0f} ms per page")
    print(f"per-page table: {args.tsv}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
