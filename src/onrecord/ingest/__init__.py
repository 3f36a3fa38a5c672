"""Reading inputs: files, folders, standard input; plain text, HTML, WARC and JSONL.

Readers yield one ``RawDocument`` (bytes, with where they came from) per document, or a
``Problem`` naming an input that cannot be used; they never decode or clean.
"""

from onrecord.ingest.raw import MediaType, RawDocument, sniff
from onrecord.ingest.read import DEFAULT_MAX_BYTES, SUFFIXES, max_bytes_setting, read_inputs
from onrecord.ingest.textfiles import TEXT_SUFFIXES, iter_text_files, read_text

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUFFIXES",
    "TEXT_SUFFIXES",
    "MediaType",
    "RawDocument",
    "iter_text_files",
    "max_bytes_setting",
    "read_inputs",
    "read_text",
    "sniff",
]
