"""Mixed encodings (issue 12, item 4): a UTF-8 file with a few stray bytes is read as
UTF-8, the bad bytes replaced and named by offset; a Latin-1 file is still Latin-1."""

from __future__ import annotations

from pathlib import Path

from onrecord.clean.text import decode_text_noted
from tests.faults.helpers import cli, good_text, stored_texts


def test_utf8_with_four_stray_bytes_is_read_as_utf8(store_url: str, tmp_path: Path) -> None:
    text = good_text(0).replace("minister", "ministre de l’Économie")
    data = bytearray(text.encode("utf-8"))
    stray = [10, 60, 90, 120]
    for offset in stray:
        assert data[offset] < 0x80 and data[offset + 1] < 0x80  # in plain ASCII words
        data[offset] = 0xE9  # a Latin-1 "é" pasted into UTF-8
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(good_text(1))
    (folder / "m.txt").write_bytes(bytes(data))
    (folder / "z.txt").write_text(good_text(2))
    run = cli("ingest", str(folder), "--db", store_url, "--no-extract")
    assert run.code == 0, run.stderr
    [note] = [x for x in run.stderr.splitlines() if x.startswith("note")]
    assert str(folder / "m.txt") in note
    assert "4 byte sequence(s) not valid UTF-8" in note and "10, 60, 90, 120" in note
    texts = stored_texts(store_url)
    assert len(texts) == 3
    [mixed] = [t for t in texts if "\ufffd" in t]
    assert "l’Économie" in mixed  # the real UTF-8 is read as UTF-8, not as Latin-1


def test_a_single_byte_file_is_still_read_in_its_encoding() -> None:
    data = good_text(0).replace("minister", "ministre délégué à l'économie").encode("latin-1")
    text, note = decode_text_noted(data)
    assert "délégué à l'économie" in text and note is None


def test_valid_utf8_has_no_note() -> None:
    assert decode_text_noted("Économie".encode())[1] is None
