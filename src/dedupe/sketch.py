"""One batch of paragraphs to what the LSH stage needs: exact keys and band keys.

Composes normalize -> shingle -> signature -> band keys. Paragraphs with fewer than
`min_words` tokens are left out. Exact copies inside the batch are sketched once.
Both engines call `sketch_batch`, so one code path defines what a duplicate is.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import xxhash

from dedupe.columns import ParagraphColumns
from dedupe.lsh import band_keys
from dedupe.model import Paragraph
from dedupe.normalize import tokens
from dedupe.settings import Settings
from dedupe.shingle import TokenHasher, TokenTable, shingle_hashes, starts_of
from dedupe.signature import Permutations, signatures

I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]

# Paragraphs longer than this many characters are tokenized piece by piece, so a
# 50 MB one-line file never holds all its words as Python strings at once.
LONG_TEXT = 1 << 20


@dataclass(frozen=True)
class SketchedBatch:
    """Kept paragraphs, the exact key of each, and what the distinct ones need later.

    `exact[i]` is the 128-bit xxhash of paragraph i's normalized text (two uint64);
    `row[i]` is the column of `keys` (bands x distinct) holding its band keys, and its
    row in `tokens` (token hashes, kept for verification).
    """

    paragraphs: ParagraphColumns
    exact: U64
    row: I64
    keys: U64
    tokens: TokenTable
    skipped_short: int


def exact_key(words: Sequence[str]) -> bytes:
    """128-bit fingerprint of a normalized token sequence: equal iff the texts are copies."""
    return xxhash.xxh3_128_digest(" ".join(words).encode("utf-8"))


def sketch_batch(
    paragraphs: Sequence[Paragraph], settings: Settings, hasher: TokenHasher | None = None
) -> SketchedBatch:
    """Sketch a batch; `hasher` may be shared between batches of one worker."""
    hasher = hasher or TokenHasher(settings.seed)
    kept: list[Paragraph] = []
    exact: list[bytes] = []
    rows: list[int] = []
    distinct: list[list[str] | U64] = []
    first_row: dict[bytes, int] = {}
    for paragraph in paragraphs:
        words: list[str] | U64
        if len(paragraph.text) > LONG_TEXT:
            key, words = _long_text(paragraph.text, settings, hasher)
        else:
            words = tokens(paragraph.text, settings.shingle)
            key = exact_key(words)
        if len(words) < settings.min_words:
            continue
        if key not in first_row:
            first_row[key] = len(distinct)
            distinct.append(words)
        kept.append(paragraph)
        exact.append(key)
        rows.append(first_row[key])
    table = _token_table(distinct, hasher)
    shingles, shingle_starts = shingle_hashes(table.flat, table.starts, settings.shingle_size)
    matrix = signatures(shingles, shingle_starts, Permutations(settings.num_perm, settings.seed))
    return SketchedBatch(
        paragraphs=ParagraphColumns.of(kept),
        exact=np.frombuffer(b"".join(exact), dtype=np.uint64).reshape(-1, 2),
        row=np.array(rows, dtype=np.int64),
        keys=band_keys(matrix, settings.bands, settings.rows),
        tokens=table,
        skipped_short=len(paragraphs) - len(kept),
    )


def _token_table(distinct: list[list[str] | U64], hasher: TokenHasher) -> TokenTable:
    """Token hashes of the distinct paragraphs; long ones arrive already hashed."""
    words = [d for d in distinct if isinstance(d, list)]
    flat, _ = hasher.hash_all(words)
    if len(words) < len(distinct):
        short = iter(np.split(flat, np.cumsum([len(w) for w in words])[:-1]) if words else [])
        flat = np.concatenate([next(short) if isinstance(d, list) else d for d in distinct])
    lengths = np.array([len(d) for d in distinct], dtype=np.int64)
    return TokenTable(flat, starts_of(lengths), lengths)


def _long_text(text: str, settings: Settings, hasher: TokenHasher) -> tuple[bytes, U64]:
    """Exact key and token hashes of a very long paragraph, computed piece by piece."""
    digest = xxhash.xxh3_128()
    parts: list[U64] = []
    for piece in _pieces(text, LONG_TEXT):
        words = tokens(piece, settings.shingle)
        if words:
            digest.update((" " if parts else "").encode() + " ".join(words).encode("utf-8"))
            parts.append(np.fromiter(map(hasher.__getitem__, words), np.uint64, len(words)))
    hashes = np.concatenate(parts) if parts else np.empty(0, dtype=np.uint64)
    return digest.digest(), hashes


def _pieces(text: str, size: int) -> Iterator[str]:
    """Consecutive slices of about `size` characters, cut at whitespace when there is any."""
    begin = 0
    while begin < len(text):
        end = min(begin + size, len(text))
        if end < len(text):
            space = max(text.rfind(" ", begin, end), text.rfind("\n", begin, end))
            end = space + 1 if space > begin else end
        yield text[begin:end]
        begin = end
