"""Segmentation of plain text into paragraphs.

Blank lines separate blocks. Inside a block a line joins the next one when it ends
mid-sentence: with `,` `;` `:` or a hyphen, or without terminal punctuation while the
next line starts in lower case. Otherwise each line is a paragraph of its own
(headline, standfirst, dateline, caption).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

_JOINING_ENDS = (",", ";", ":", "-", "\u2010", "\u2013")
_TERMINAL = (".", "!", "?", "\u2026")
_CLOSERS = "\"')]}\u201d\u2019\u00bb"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # what editors count as a new line


class Block(NamedTuple):
    """A paragraph's text with its first and last line (1-based, inclusive)."""

    text: str
    line: int
    end_line: int


def split_text(text: str, first_line: int = 1) -> list[Block]:
    """Paragraphs of a plain text whose first line is numbered `first_line`.

    Lines end with LF, CRLF or a lone CR (old Mac files), as editors count them.
    """
    return list(_paragraphs(_LINE_BREAK.split(text), first_line))


def _paragraphs(lines: list[str], first_line: int) -> Iterator[Block]:
    current: list[str] = []
    start = first_line
    for offset, line in enumerate(lines):
        number = first_line + offset
        if not line.strip():
            if current:
                yield Block("\n".join(current), start, number - 1)
                current = []
            continue
        if current and not _continues(current[-1], line):
            yield Block("\n".join(current), start, number - 1)
            current = []
        if not current:
            start = number
        current.append(line)
    if current:
        yield Block("\n".join(current), start, start + len(current) - 1)


def _continues(previous: str, line: str) -> bool:
    """True when `previous` ends mid-sentence, so `line` belongs to the same paragraph."""
    end = previous.rstrip()
    if end.endswith(_JOINING_ENDS):
        return True
    if end.rstrip(_CLOSERS).endswith(_TERMINAL):
        return False
    first = line.lstrip()[:1]
    return first.islower()
