"""HTML: text of block elements (p, li, h1-h6, blockquote, td, pre ...) with lxml.

script, style, nav, footer and similar chrome are dropped. A block nested in another
block (a p inside a blockquote) is its own paragraph; the outer block keeps only the
text outside it. Lines come from the parser's source line numbers.
"""

from __future__ import annotations

import lxml.html
from lxml import etree

from dedupe.readers.base import Loaded, Source, document
from dedupe.segment import Block

BLOCKS = frozenset(
    "p li h1 h2 h3 h4 h5 h6 blockquote td th pre dt dd figcaption caption div section article body".split()
)
DROPPED = frozenset("script style nav footer noscript template head svg iframe form button".split())


def read_html(source: Source, text: str) -> Loaded:
    if not text.strip():
        return Loaded([document(source.name, source.name, 0, [])], [])
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        return Loaded([], [source.error(f"cannot parse HTML ({exc})")])
    blocks: list[Block] = []
    _collect(root, blocks)
    blocks.sort(key=lambda block: block.line)
    return Loaded([document(source.name, source.name, 0, blocks)], [])


def _collect(element: etree._Element, blocks: list[Block]) -> list[str]:
    """Append the blocks under `element`; return its own text outside nested blocks."""
    own: list[str] = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str) or child.tag in DROPPED:
            own.append(child.tail or "")
            continue
        inner = _collect(child, blocks)
        if child.tag in BLOCKS:
            _add(child, "".join(inner), blocks)
            own.append("\n")
        else:
            own.extend(inner)
        own.append(child.tail or "")
    return own


def _add(element: etree._Element, raw: str, blocks: list[Block]) -> None:
    text = " ".join(raw.split()) if element.tag != "pre" else raw.strip("\n")
    if text:
        line = element.sourceline or 1
        blocks.append(Block(text, line, line + raw.strip().count("\n")))
