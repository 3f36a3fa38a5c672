"""Each kind of correction on a copy of a stored corpus, timed as the web app makes it.

    python benchmarks/corrections_bench.py --db web-10000.db [--rounds 3] [--cli]

Each round copies the corpus (a SQLite file, such as the one ``web_load.py`` builds) and
makes, in one process, the five corrections in turn with ``Corpus.correct``: merge
Donald Trump with the person called "Trump", split "Donald Trump Jr." out of Donald
Trump, rename Hillary Clinton, reject one attribution and reassign it to Bernie
Sanders. The process has built the name-folding table first, as a server that has linked
before has (and imported datasketch, which linking used before 2026-11-28, so that older
code is timed as its server ran it). With ``--cli`` each correction is instead an
``onrecord people ...`` command of its own, timed as a user waits for it: start-up
included. To compare two versions of the code, run it with
``PYTHONPATH`` at each tree's ``src``, alternating. Each correction relinks the blocks
it names, so its cost grows with those blocks (Trump's: 13,800 attributions at 10,000
articles), not with the rest of the corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

from onrecord.link.speaker_names import fold
from onrecord.store import open_corpus


def _person(db: Path, name: str) -> str:
    with closing(sqlite3.connect(db)) as conn:
        row = conn.execute("SELECT id FROM people WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise SystemExit(f"{db}: no one named {name!r}")
    return str(row[0])


def _attribution(db: Path) -> str:
    """An attribution well inside the corpus, with a speaker and a statement."""
    with closing(sqlite3.connect(db)) as conn:
        row = conn.execute(
            "SELECT id FROM attributions WHERE person_id IS NOT NULL"
            " AND statement_id IS NOT NULL ORDER BY pk LIMIT 1 OFFSET 5000"
        ).fetchone()
    return str(row[0])


def one_round(source: Path, cli: bool = False) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / source.name
        shutil.copyfile(source, db)
        os.sync()  # the copy's writeback would otherwise compete with the commits timed
        trump, clinton = _person(db, "Donald Trump"), _person(db, "Hillary Clinton")
        attribution = _attribution(db)
        specs: list[tuple[str, str, dict[str, str]]] = [
            ("merge", trump, {"other": _person(db, "Trump")}),
            ("split", trump, {"alias": "Donald Trump Jr."}),
            ("rename", clinton, {"name": "Hillary Rodham Clinton"}),
            ("reject", attribution, {}),
            ("reassign", attribution, {"speaker": "Bernie Sanders"}),
        ]
        if cli:
            return {action: _command(db, action, subject, arg) for action, subject, arg in specs}
        corpus = open_corpus(str(db))
        spent = {}
        for action, subject, argument in specs:
            started = time.perf_counter()
            corpus.correct(action, subject, argument, by="bench")
            spent[action] = round(time.perf_counter() - started, 3)
        corpus.close()
    return spent


def _command(db: Path, action: str, subject: str, argument: dict[str, str]) -> float:
    """One correction as ``onrecord people ACTION``, a fresh process: its wall time."""
    rest = {
        "merge": [argument.get("other", "")],
        "split": ["--alias", argument.get("alias", "")],
        "rename": [argument.get("name", "")],
        "reassign": [argument.get("speaker", "")],
    }.get(action, [])
    args = [sys.executable, "-m", "onrecord", "people", action, subject, *rest, "--db", str(db)]
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    spent = round(time.perf_counter() - started, 3)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {done.stderr.strip()}")
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a SQLite corpus to copy")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--cli", action="store_true", help="each correction a fresh command")
    args = parser.parse_args()
    import datasketch  # noqa: F401  (imported once by a running server)

    fold("é")  # builds the folding table, as the first link of a server does
    for _ in range(args.rounds):
        print(json.dumps(one_round(args.db, args.cli)), flush=True)


if __name__ == "__main__":
    main()
