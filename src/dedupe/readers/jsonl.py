"""JSON Lines: one document per line, its text in `text_field`, its id in `id_field`.

A bad line (invalid JSON, no text) is reported with its line number and the other
lines are still read. Paragraphs point at the document's line in the file.
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
        raw_id = record.get(id_field)
        doc_id = str(raw_id) if isinstance(raw_id, (str, int)) else f"{source.name}:{number}"
        blocks = [Block(b.text, number, number) for b in split_text(body)]
        documents.append(document(doc_id, source.name, len(documents), blocks))
    return Loaded(documents, problems)
