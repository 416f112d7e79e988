"""Plain text: the whole file is one document, paragraphs by `segment.split_text`."""

from __future__ import annotations

from dedupe.readers.base import Loaded, Source, document
from dedupe.segment import split_text


def read_text(source: Source, text: str) -> Loaded:
    return Loaded([document(source.name, source.name, 0, split_text(text))], [])
