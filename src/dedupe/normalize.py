"""Normalization: the text two paragraphs are compared on.

NFKC, casefold, apostrophes dropped (don't = dont), every other punctuation or symbol
character turned into a space, whitespace collapsed. Tokens are the words of the result
(runs of letters, marks and digits), or its characters for `--shingle char`.
"""

from __future__ import annotations

import re
import unicodedata

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
_NON_WORD = re.compile(r"[^\w\s]+|_+")


def _keep_marks(match: re.Match[str]) -> str:
    """Replace a run of non-word characters by spaces, keeping combining marks (Indic vowels)."""
    return "".join(" " if _is_separator(c) else c for c in match.group())


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    folded = folded.translate(_TABLE)
    if not folded.isascii():
        folded = unicodedata.normalize("NFC", _NON_WORD.sub(_keep_marks, folded))
    return folded


def normalize(text: str) -> str:
    """The comparable form of `text`: its words joined by single spaces; idempotent."""
    return " ".join(_fold(text).split())


def tokens(text: str, kind: ShingleKind) -> list[str]:
    """The normalized words of `text`, or its non-space characters for character shingles."""
    words = _fold(text).split()
    return words if kind is ShingleKind.WORD else list("".join(words))
