"""HTML: text of block elements (p, li, h1-h6, blockquote, td, pre ...) with lxml.

script, style, nav, footer and similar chrome are dropped. A block nested in another
block (a p inside a blockquote) is its own paragraph; the outer block keeps only the
text outside it. Lines come from the parser's source line numbers (libxml2 stops
counting at 65535).
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from dedupe.readers.base import Loaded, Source, document
from dedupe.segment import Block

BLOCKS = frozenset(
    [
        "p",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "td",
        "th",
        "pre",
        "dt",
        "dd",
        "figcaption",
        "caption",
        "div",
        "section",
        "article",
        "body",
    ]
)
DROPPED = frozenset(
    [
        "script",
        "style",
        "nav",
        "footer",
        "noscript",
        "template",
        "head",
        "svg",
        "iframe",
        "form",
        "button",
    ]
)
BREAKS = frozenset(["br", "hr"])
# lxml refuses str input that declares its encoding; the text is decoded already.
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")

# A piece of text and the source line it starts on.
_Piece = tuple[int, str]
_SEPARATOR: _Piece = (0, "\n")  # where a nested block was


def read_html(source: Source, text: str) -> Loaded:
    markup = _XML_DECLARATION.sub(lambda m: "\n" * m.group().count("\n"), text)
    try:
        # huge_tree: without it libxml2 silently drops a text node over 10 MB.
        root = lxml.html.document_fromstring(markup, parser=lxml.html.HTMLParser(huge_tree=True))
    except etree.ParserError as exc:
        if str(exc) == "Document is empty":  # blank, or only comments
            return Loaded([document(source.name, source.name, 0, [])], [])
        return Loaded([], [source.error(f"cannot parse HTML ({exc})")])
    except ValueError as exc:
        return Loaded([], [source.error(f"cannot parse HTML ({exc})")])
    blocks: list[Block] = []
    _collect(root, blocks)
    blocks.sort(key=lambda block: block.line)
    return Loaded([document(source.name, source.name, 0, blocks)], [])


def _collect(element: etree._Element, blocks: list[Block]) -> list[_Piece]:
    """Add the blocks under `element`; return its own text outside nested blocks.

    Blocks are sorted by line later; on a tie an outer block whose text starts before
    its first nested block goes first, else after them.
    """
    line = element.sourceline or 1
    own: list[_Piece] = [(line, element.text or "")]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in DROPPED:
            slot = len(blocks)
            inner = _collect(child, blocks)
            if child.tag in BLOCKS:
                _add(child, inner, blocks, slot)
                own.append(_SEPARATOR)
            elif child.tag in BREAKS:
                own.append((child.sourceline or line, "\n"))
            else:
                own.extend(inner)
        own.append((_end_line(child), child.tail or ""))
    return own


def _end_line(element: etree._Element) -> int:
    """The line an element ends on (its start plus the line breaks in its text)."""
    start = element.sourceline or 1
    if not isinstance(element.tag, str):  # libxml2 gives a comment's last line already
        return start
    return start + "".join(element.itertext()).count("\n")


def _add(element: etree._Element, pieces: list[_Piece], blocks: list[Block], slot: int) -> None:
    raw = "".join(text for _, text in pieces)
    text = raw.strip("\n") if element.tag == "pre" else " ".join(raw.split())
    if not text.strip():
        return
    filled = [i for i, (_, piece) in enumerate(pieces) if piece.strip()]
    first_line, first = pieces[filled[0]]
    last_line, last = pieces[filled[-1]]
    line = first_line + first[: len(first) - len(first.lstrip())].count("\n")
    end_line = last_line + last.rstrip().count("\n")
    block = Block(text, line, max(line, end_line))
    nested_first = any(piece is _SEPARATOR for piece in pieces[: filled[0]])
    blocks.insert(len(blocks) if nested_first else slot, block)
