"""JSON Lines: one document per line, its text in `text_field`, its id in `id_field`.

A bad line (invalid JSON, no text) is reported with its line number and the other
lines are still read. Paragraphs point at the document's line in the file. String
fields `date` and `url` are kept as the document's metadata (shown by `check`).
"""

from __future__ import annotations

import json
import re

from dedupe.model import Document, Problem
from dedupe.readers.base import Loaded, Source, document
from dedupe.segment import Block, split_text

# JSON strings hold no raw line breaks, so any of these ends a record.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def read_jsonl(source: Source, text: str, text_field: str, id_field: str) -> Loaded:
    documents: list[Document] = []
    problems: list[Problem] = []
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(source.error(f"line {number}: invalid JSON ({exc.msg})"))
            continue
        body = record.get(text_field) if isinstance(record, dict) else None
        if not isinstance(body, str):
            problems.append(source.error(f"line {number}: no string field '{text_field}'"))
            continue
        doc_id = _doc_id(record.get(id_field)) or f"{source.name}:{number}"
        blocks = [Block(b.text, number, number) for b in split_text(body)]
        date, url = (_text(record.get(name)) for name in ("date", "url"))
        documents.append(document(doc_id, source.name, len(documents), blocks, date, url))
    return Loaded(documents, problems)


def _doc_id(value: object) -> str | None:
    """A record's id: a non-empty string or an integer (not a bool, float or object)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    return str(value) or None


def _text(value: object) -> str | None:
    """A metadata value: a non-empty string, else nothing."""
    return value.strip() or None if isinstance(value, str) else None
