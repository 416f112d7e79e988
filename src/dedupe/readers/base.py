"""What every reader shares: the `Source` it reads and the `Document` it builds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import NamedTuple

from dedupe.model import Document, Paragraph, Problem
from dedupe.segment import Block


class Format(str, Enum):
    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"
    JSONL = "jsonl"


SUFFIXES = {
    ".txt": Format.TEXT,
    ".text": Format.TEXT,
    ".md": Format.MARKDOWN,
    ".markdown": Format.MARKDOWN,
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".jsonl": Format.JSONL,
    ".ndjson": Format.JSONL,
}


@dataclass(frozen=True)
class Source:
    """A file to read: `name` as the user will see it, `file` on disk (None for stdin)."""

    name: str
    format: Format
    file: Path | None = None
    compressed: bool = False
    data: bytes | None = field(default=None, repr=False)
    size: int = 0

    def error(self, message: str) -> Problem:
        return Problem(self.name, message)

    def warning(self, message: str) -> Problem:
        return Problem(self.name, message, is_error=False)


class Loaded(NamedTuple):
    documents: list[Document]
    problems: list[Problem]


def format_of(path: Path) -> tuple[Format | None, bool]:
    """The format a file name announces, and whether it is gzip-compressed."""
    suffixes = [s.lower() for s in path.suffixes]
    compressed = bool(suffixes) and suffixes[-1] == ".gz"
    if compressed:
        suffixes = suffixes[:-1]
    return (SUFFIXES.get(suffixes[-1]) if suffixes else None), compressed


def document(
    doc_id: str,
    path: str,
    order: int,
    blocks: Sequence[Block],
    date: str | None = None,
    url: str | None = None,
) -> Document:
    """A Document whose paragraphs are `blocks`, numbered from 1 in reading order."""
    paragraphs = tuple(
        Paragraph(path, doc_id, order, number, block.line, block.end_line, block.text)
        for number, block in enumerate(blocks, start=1)
    )
    return Document(doc_id, path, order, paragraphs, date, url)
