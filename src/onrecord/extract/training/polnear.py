"""Read PolNeAR-style brat standoff annotations (for training and benchmarks only).

Only the spans matter here: each ``Attribution`` event's Source, Cue and Content
(``Content2``… included) arguments, as character offsets into the text. The corpus
itself is never shipped; it is read from ``../shared/bench/polnear/<split>``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

_TEXT_BOUND = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)")
_EVENT = re.compile(r"^(E\d+)\t(.*)$")
_EVENT_TYPES = frozenset({"Attribution", "Attribution-no-source"})


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    source: tuple[tuple[int, int], ...]
    cue: tuple[tuple[int, int], ...]
    content: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class GoldDocument:
    name: str
    text: str
    attributions: tuple[GoldAttribution, ...]


def read_split(folder: Path) -> list[GoldDocument]:
    """Every document of a split folder (``text/*.txt`` + ``attributions/*.ann``)."""
    documents = []
    for text_path in sorted((folder / "text").glob("*.txt")):
        annotations = sorted((folder / "attributions").glob(f"{text_path.stem}_*.ann"))
        text = text_path.read_text(encoding="utf-8")
        found = _parse_ann(annotations[0].read_text(encoding="utf-8")) if annotations else ()
        documents.append(GoldDocument(text_path.stem, text, found))
    return documents


def _parse_ann(raw: str) -> tuple[GoldAttribution, ...]:
    spans: dict[str, tuple[tuple[int, int], ...]] = {}
    events: list[str] = []
    for line in raw.splitlines():
        if match := _TEXT_BOUND.match(line):
            pieces = (piece.split() for piece in match.group(3).split(";"))
            spans[match.group(1)] = tuple((int(s), int(e)) for s, e in pieces)
        elif match := _EVENT.match(line):
            events.append(match.group(2))
    result = []
    for event in events:
        arguments = event.split()
        if not arguments or arguments[0].split(":")[0] not in _EVENT_TYPES:
            continue
        roles: dict[str, list[tuple[int, int]]] = {"source": [], "cue": [], "content": []}
        for argument in arguments[1:]:
            role, _, ref = argument.partition(":")
            key = re.sub(r"\d+$", "", role).lower()
            if key in roles and ref in spans:
                roles[key].extend(spans[ref])
        result.append(
            GoldAttribution(
                tuple(sorted(roles["source"])),
                tuple(sorted(roles["cue"])),
                tuple(sorted(roles["content"])),
            )
        )
    return tuple(result)


def parse_split(
    documents: list[GoldDocument], nlp: Language, cache: Path | None = None
) -> list[Doc]:
    """The documents parsed with ``nlp``; with ``cache``, parses are kept as a DocBin
    keyed by the pipeline and the texts, since a PolNeAR parse takes minutes and
    training and error analysis read the same one many times."""
    from spacy.tokens import DocBin

    texts = [document.text for document in documents]
    path: Path | None = None
    if cache is not None:
        key = hashlib.sha256()
        key.update(f"{nlp.meta.get('name')}-{nlp.meta.get('version')}-{nlp.pipe_names}".encode())
        for text in texts:
            key.update(text.encode("utf-8"))
        path = cache / f"polnear-{key.hexdigest()[:16]}.spacy"
        if path.exists():
            return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(nlp.pipe(texts, batch_size=32))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=False, docs=docs).to_disk(path)
    return docs
