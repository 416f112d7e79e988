"""Markdown: block tokens of markdown-it-py (with their line maps) are the paragraphs.

Front matter (YAML `---` or TOML `+++`) is skipped, code blocks are not prose and are
skipped, inline markup is reduced to its text (link text kept, URLs dropped).
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

from dedupe.readers.base import Loaded, Source, document
from dedupe.segment import Block

_TEXT_CHILDREN = {"text", "code_inline", "image"}
_BREAKS = {"softbreak", "hardbreak"}


def read_markdown(source: Source, text: str) -> Loaded:
    parser = MarkdownIt("commonmark").enable("table")
    blocks = [
        block
        for token in parser.parse(_blank_front_matter(text))
        if token.type == "inline" and token.map and (block := _block(token)) is not None
    ]
    return Loaded([document(source.name, source.name, 0, blocks)], [])


def _block(token: Token) -> Block | None:
    assert token.map is not None
    parts: list[str] = []
    for child in token.children or []:
        if child.type in _TEXT_CHILDREN:
            parts.append(child.content)
        elif child.type in _BREAKS:
            parts.append("\n")
    text = "".join(parts).strip()
    first, end = token.map
    return Block(text, first + 1, max(first + 1, end)) if text else None


def _blank_front_matter(text: str) -> str:
    """The text with a leading front-matter block replaced by blank lines (line numbers kept)."""
    lines = text.split("\n")
    fence = lines[0].rstrip("\r") if lines else ""
    if fence not in ("---", "+++"):
        return text
    closers = ("---", "...") if fence == "---" else ("+++",)
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r") in closers:
            return "\n" * index + "\n" + "\n".join(lines[index + 1 :])
    return text
