"""The public names stay importable and documented (httpx's test_exported_members)."""

from __future__ import annotations

import onrecord


def test_every_exported_name_exists() -> None:
    for name in onrecord.__all__:
        assert getattr(onrecord, name) is not None, name


def test_exported_functions_have_docstrings() -> None:
    for name in ("extract", "extract_many", "load_pipeline", "open_corpus"):
        assert getattr(onrecord, name).__doc__, name


def test_extract_round_trips_through_json() -> None:
    text = "“We urge restraint,” Patel said."
    [attribution] = onrecord.extract_text(text)
    again = onrecord.Attribution.from_json(attribution.to_json(text))
    assert again == attribution
