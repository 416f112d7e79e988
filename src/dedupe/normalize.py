"""Normalization: the text two paragraphs are compared on.

NFKC, casefold, apostrophes dropped (don't = dont), every other punctuation or symbol
character turned into a space, whitespace collapsed. Tokens are the words of the result
(runs of letters, marks and digits), or its characters for `--shingle char`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from dedupe.settings import ShingleKind

_APOSTROPHES = "'`\u00b4\u2018\u2019\u201b\u2032\u02bc"
# Blocks whose punctuation is common enough to deserve the fast translate path.
_FAST_BLOCKS = [
    (0x00, 0xFF),
    (0x2000, 0x206F),
    (0x3000, 0x303F),
    (0x0600, 0x061F),
    (0xFE30, 0xFE4F),
]


def _is_separator(char: str) -> bool:
    """True for characters that end a word: punctuation, symbols, controls and spaces."""
    return unicodedata.category(char)[0] in "PSCZ" or char == "_"


def _build_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {ord(c): None for c in _APOSTROPHES}
    for low, high in _FAST_BLOCKS:
        for code in range(low, high + 1):
            if code not in table and _is_separator(chr(code)):
                table[code] = " "
    return table


_TABLE = _build_table()
# The characters `_TABLE` changes, with what replaces each ("" drops it).
_REPLACEMENTS = {chr(code): new or "" for code, new in _TABLE.items() if new != chr(code)}
_REPLACED = frozenset(_REPLACEMENTS)
_NON_WORD = re.compile(r"[^\w\s]+|_+")


def _keep_marks(match: re.Match[str]) -> str:
    """Replace a run of non-word characters by spaces, keeping combining marks (Indic vowels)."""
    return "".join(" " if _is_separator(c) else c for c in match.group())


def _translate(text: str) -> str:
    """`text.translate(_TABLE)`, fast for non-ASCII text too.

    On non-ASCII text `str.translate` raises and catches a KeyError for every character
    not in the table (25 us for a paragraph); replacing the few distinct characters that
    need it takes a third of that.
    """
    if text.isascii():
        return text.translate(_TABLE)
    for char in _REPLACED.intersection(text):
        text = text.replace(char, _REPLACEMENTS[char])
    return text


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    folded = _translate(folded)
    if not folded.isascii():
        folded = unicodedata.normalize("NFC", _NON_WORD.sub(_keep_marks, folded))
    return folded


def normalize(text: str) -> str:
    """The comparable form of `text`: its words joined by single spaces; idempotent."""
    return " ".join(_fold(text).split())


def _build_byte_table() -> bytes:
    """`_fold` for ASCII bytes: lower case, separators to spaces, NUL kept (it ends a text)."""
    table = bytearray(range(256))
    for code in range(1, 128):
        char = chr(code)
        table[code] = ord(" " if _is_separator(char) else char.lower())
    return bytes(table)


_BYTE_TABLE = _build_byte_table()
_BYTE_APOSTROPHES = bytes(ord(c) for c in _APOSTROPHES if c.isascii())
TEXT_END = 0


def fold_batch(texts: Sequence[str]) -> bytes:
    """The texts folded as `normalize` folds them, UTF-8, each followed by a NUL but the last.

    Spaces are not collapsed: the words of text i are the runs of bytes above b" " between
    its NULs. ASCII texts (most) are folded by one `bytes.translate` over the whole batch.
    """
    parts = [text if text.isascii() else normalize(text) for text in texts]
    joined = "\x00".join(parts)
    if joined.count("\x00") > len(parts) - 1:  # NUL inside a text: a separator like any other
        joined = "\x00".join(part.replace("\x00", " ") for part in parts)
    return joined.encode("utf-8").translate(_BYTE_TABLE, _BYTE_APOSTROPHES)


def tokens(text: str, kind: ShingleKind) -> list[str]:
    """The normalized words of `text`, or its non-space characters for character shingles."""
    words = _fold(text).split()
    return words if kind is ShingleKind.WORD else list("".join(words))
