"""PolNeAR train texts with their gold attributions, replayed as many distinct articles
(varied ids, outlets and dates), as ``benchmarks/store_bench.py`` replays them.

Read from /work/shared/bench (never copied into the repository); tests that need it
skip when it is absent. Gold attributions need no language model, so a corpus of
thousands of articles is built in seconds.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

from onrecord.model import Article, Attribution, Origin, Span

DATA = Path(os.environ.get("ONRECORD_BENCH", "/work/shared/bench")) / "polnear" / "train"
OUTLETS = ["Reuters", "AP", "Dawn", "The Hindu", "Al Jazeera", "BBC", "Politico", "NYT"]
_MARKS = ('"', "“", "‘", "'")


def available() -> bool:
    return (DATA / "text").is_dir()


@cache
def _sources() -> list[tuple[str, str, list[Attribution]]]:
    found = []
    for path in sorted((DATA / "text").glob("*.txt")):
        text = path.read_text("utf-8")
        found.append((path.name, text, gold(path, text)))
    return found


def gold(path: Path, text: str) -> list[Attribution]:
    """The first annotator's attributions (brat standoff); quotes in marks are direct."""
    annotations = sorted((path.parent.parent / "attributions").glob(f"{path.stem}_*.ann"))
    if not annotations:
        return []
    spans: dict[str, list[Span]] = {}
    found = []
    for line in annotations[0].read_text("utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            offsets = parts[1].split(" ", 1)[1]
            spans[parts[0]] = [Span(*map(int, p.split())) for p in offsets.split(";")]
        elif line.startswith("E") and len(parts) >= 2:
            roles = dict(arg.split(":", 1) for arg in parts[1].split()[1:])
            content = [
                s for k, t in roles.items() if k.startswith("Content") for s in spans.get(t, [])
            ]
            if not content:
                continue
            source = spans[roles["Source"]][0] if roles.get("Source") in spans else None
            cue = spans[roles["Cue"]][0] if roles.get("Cue") in spans else None
            words = content[0].text(text)
            kind = "direct" if words.startswith(_MARKS) else "indirect"
            speaker = source.text(text) if source else None
            found.append(
                Attribution(
                    content=content,
                    cue=cue,
                    source=source,
                    kind=kind,
                    source_text=speaker,
                    speaker=speaker,
                )
            )
    return found


def replayed(n: int) -> Article:
    """Article ``n`` of the replay: text ``n % texts``, copy ``n // texts``."""
    sources = _sources()
    i, copy = n % len(sources), n // len(sources)
    name, text, said = sources[i]
    day = 1 + (n * 7) % 28
    return Article(
        id=hashlib.sha256(f"{copy}:{name}".encode()).hexdigest()[:32],
        origin=Origin(path=f"replay/{copy}/{name}"),
        text=text,
        body=[Span(0, len(text))],
        title=text.split("\n", 1)[0][:120],
        published=f"{2015 + copy % 3}-{1 + n % 12:02d}-{day:02d}",
        outlet=OUTLETS[(i + copy) % len(OUTLETS)],
        language="en",
        attributions=list(said),
    )
