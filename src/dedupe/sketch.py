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

from dedupe.lsh import band_keys
from dedupe.model import Paragraph
from dedupe.normalize import tokens
from dedupe.settings import Settings
from dedupe.shingle import TokenHasher, shingle_hashes
from dedupe.signature import Permutations, signatures

I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]

# Paragraphs longer than this many characters are tokenized piece by piece, so a
# 50 MB one-line file never holds all its words as Python strings at once.
LONG_TEXT = 1 << 20


@dataclass(frozen=True)
class SketchedBatch:
    """Kept paragraphs, the exact key of each, and band keys of the distinct ones.

    `exact[i]` is the 128-bit xxhash of paragraph i's normalized text; `row[i]` is the
    column of `keys` (bands x distinct) that holds its band keys.
    """

    paragraphs: list[Paragraph]
    exact: list[int]
    row: I64
    keys: U64
    skipped_short: int


def exact_key(words: Sequence[str]) -> int:
    """128-bit fingerprint of a normalized token sequence: equal iff the texts are copies."""
    return xxhash.xxh3_128_intdigest(" ".join(words).encode("utf-8"))


def sketch_batch(
    paragraphs: Sequence[Paragraph], settings: Settings, hasher: TokenHasher | None = None
) -> SketchedBatch:
    """Sketch a batch; `hasher` may be shared between batches of one worker."""
    hasher = hasher or TokenHasher(settings.seed)
    kept: list[Paragraph] = []
    exact: list[int] = []
    rows: list[int] = []
    distinct: list[list[str]] = []
    long_hashes: list[U64] = []
    first_row: dict[int, int] = {}
    for paragraph in paragraphs:
        if len(paragraph.text) > LONG_TEXT:
            key, hashes = _long_text(paragraph.text, settings, hasher)
            words: list[str] | None = None
            count = len(hashes)
        else:
            words = tokens(paragraph.text, settings.shingle)
            key, count = exact_key(words), len(words)
        if count < settings.min_words:
            continue
        if key not in first_row:
            first_row[key] = len(first_row)
            if words is None:
                long_hashes.append(hashes)
            distinct.append(words if words is not None else [])
        kept.append(paragraph)
        exact.append(key)
        rows.append(first_row[key])
    return SketchedBatch(
        paragraphs=kept,
        exact=exact,
        row=np.array(rows, dtype=np.int64),
        keys=_band_keys(distinct, long_hashes, settings, hasher),
        skipped_short=len(paragraphs) - len(kept),
    )


def _band_keys(
    distinct: list[list[str]], long_hashes: list[U64], settings: Settings, hasher: TokenHasher
) -> U64:
    """Band keys of the distinct paragraphs; long ones (empty token lists) use `long_hashes`."""
    token_hashes, starts = hasher.hash_all(distinct)
    if long_hashes:
        lengths = np.diff(np.append(starts, len(token_hashes)))
        is_long = np.array([not words for words in distinct])
        lengths[is_long] = [len(h) for h in long_hashes]
        pieces = iter(long_hashes)
        flat = np.concatenate(
            [
                next(pieces) if empty else token_hashes[s : s + n]
                for empty, s, n in zip(is_long, starts, lengths, strict=True)
            ]
        )
        token_hashes, starts = flat, np.concatenate(([0], np.cumsum(lengths)[:-1]))
    shingles, shingle_starts = shingle_hashes(token_hashes, starts, settings.shingle_size)
    matrix = signatures(shingles, shingle_starts, Permutations(settings.num_perm, settings.seed))
    return band_keys(matrix, settings.bands, settings.rows)


def _long_text(text: str, settings: Settings, hasher: TokenHasher) -> tuple[int, U64]:
    """Exact key and token hashes of a very long paragraph, computed piece by piece."""
    digest = xxhash.xxh3_128()
    parts: list[U64] = []
    for piece in _pieces(text, LONG_TEXT):
        words = tokens(piece, settings.shingle)
        if words:
            digest.update((" " if parts else "").encode() + " ".join(words).encode("utf-8"))
            parts.append(np.fromiter(map(hasher.__getitem__, words), np.uint64, len(words)))
    hashes = np.concatenate(parts) if parts else np.empty(0, dtype=np.uint64)
    return digest.intdigest(), hashes


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
