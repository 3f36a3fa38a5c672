"""Inputs for the scale tests: short news stories, with the copies and bad files a real
scrape holds, and helpers that build and export a corpus from any engine's output."""

from __future__ import annotations

import random
from collections.abc import Iterable
from pathlib import Path

from onrecord.model import Article, Problem
from onrecord.run import Summary
from onrecord.store import open_corpus, store_articles
from onrecord.store.export import TABLES

POLNEAR = Path("/work/shared/bench/polnear/train/text")

PEOPLE = [
    ("Maria Lopez", "the health minister"), ("David Chen", "the mayor"),
    ("Amina Yusuf", "a spokeswoman for the union"), ("Peter Novak", "the opposition leader"),
    ("Sara Lind", "the finance minister"), ("Tomas Berg", "a police spokesman"),
    ("Grace Okafor", "the council leader"), ("Leon Weiss", "a senior economist"),
]  # fmt: skip
PLACES = ["Lisbon", "Nairobi", "Toronto", "Oslo", "Manila", "Lyon", "Denver", "Porto"]
TOPICS = [
    ("the hospital budget", "waiting lists", "nurses"),
    ("the new tram line", "traffic", "commuters"),
    ("the school closures", "class sizes", "parents"),
    ("the fuel tax", "prices", "farmers"),
    ("the housing plan", "rents", "tenants"),
    ("the water contract", "shortages", "residents"),
]


def story(n: int) -> str:
    """A short wire story (about 90 words) with a direct and an indirect quote."""
    rng = random.Random(n)
    (name, role), (other, other_role) = rng.sample(PEOPLE, 2)
    place = rng.choice(PLACES)
    subject, problem, group = rng.choice(TOPICS)
    figure = rng.randint(3, 95)
    day = rng.choice(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"])
    return (
        f"{place} officials debate {subject} (report {n})\n\n"
        f"{place.upper()} - Officials in {place} met on {day} to discuss {subject}, "
        f"after {figure} complaints about {problem} in district {n}.\n\n"
        f'"We will not let {group} pay for this mistake," said {name}, {role}, '
        f"speaking to reporters after the meeting.\n\n"
        f"{other}, {other_role}, said the plan for district {n} would cost "
        f"{figure} million and warned that {problem} could get worse by {day}.\n\n"
        f"A final vote on {subject} is expected next month, according to a statement "
        f"released by the council.\n"
    )


def near_copy(n: int) -> str:
    """``story(n)`` as another outlet ran it: one word changed (Jaccard about 0.9), a
    near-duplicate with an article id of its own."""
    return story(n).replace("speaking to reporters", "talking to reporters")


def write_stories(folder: Path, count: int) -> Path:
    """``count`` inputs: stories, a syndicated near-copy and an exact copy every so often,
    an empty file and a French story (both reported as problems)."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        if n % 25 == 7:  # a copy of an earlier story under another site's menus
            text = f"Home\nWorld\nBusiness\n\n{story(n - 5)}\nShare this article\n"
        elif n % 40 == 13:  # the same file saved twice
            text = story(n - 1)
        else:
            text = story(n)
        (folder / f"story{n:05}.txt").write_text(text, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "zz-french.txt").write_text(
        "Le conseil municipal a voté lundi un nouveau plan pour les logements sociaux. "
        "« Nous devons agir vite », a déclaré la maire devant les journalistes.\n",
        encoding="utf-8",
    )
    return folder


def polnear_texts(limit: int | None = None) -> list[Path]:
    """PolNeAR train texts (read at test time from the shared benchmark folder)."""
    return sorted(POLNEAR.glob("*.txt"))[:limit]


def store(db: Path | str, items: Iterable[Article | Problem], batch_size: int = 32) -> None:
    corpus = open_corpus(str(db))
    try:
        store_articles(corpus, items, batch_size)
    finally:
        corpus.close()


def export(db: Path | str, folder: Path) -> dict[str, bytes]:
    """Every export table of the corpus, as JSONL bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    corpus = open_corpus(str(db))
    try:
        corpus.ensure_linked()
        out: dict[str, bytes] = {}
        for table in TABLES:
            path = folder / f"{table}.jsonl"
            corpus.export(path, "jsonl", table)
            out[table] = path.read_bytes()
        return out
    finally:
        corpus.close()


def counts(summary: Summary) -> tuple[int, int, int, int, int]:
    return (
        summary.read,
        summary.duplicates,
        summary.extracted,
        summary.attributions,
        summary.skipped,
    )
