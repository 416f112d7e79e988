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
from dedupe.normalize import fold_batch
from dedupe.settings import Settings, ShingleKind
from dedupe.shingle import (
    TokenHasher,
    TokenTable,
    collapsed,
    shingle_hashes,
    starts_of,
    token_spans,
)
from dedupe.signature import Permutations, signatures

I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]

# Paragraphs longer than this many characters are tokenized piece by piece, so a
# 50 MB one-line file never holds all its words as Python strings at once.
LONG_TEXT = 1 << 20
# Characters normalized and tokenized at once: bounds the per-byte arrays of a chunk, and
# keeps its per-token arrays (~1 MB each) in cache: 512k tokenizes 20k paragraphs 20 %
# faster than 8M, while 128k already pays more in per-chunk calls.
CHUNK_TEXT = 1 << 19


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


@dataclass(frozen=True)
class Tokenized:
    """Texts as token hashes (row i of `tokens` is text i) and the exact key of each."""

    keys: list[bytes]
    tokens: TokenTable


def tokenize(
    texts: Sequence[str], settings: Settings, hasher: TokenHasher | None = None
) -> Tokenized:
    """Normalize, tokenize and hash the tokens of many texts at once, CHUNK_TEXT at a time.

    A text above LONG_TEXT characters is cut at whitespace into pieces, so a 50 MB one-line
    file is never held as one array of byte positions.
    """
    hasher = hasher or TokenHasher(settings.seed)
    pieces, owner = _pieces_of(texts)
    word_tokens = settings.shingle is ShingleKind.WORD
    flats, counts, folded = [], [], []
    for begin, end in _chunks(pieces):
        data = fold_batch(pieces[begin:end])
        words = token_spans(data, ShingleKind.WORD)
        starts, lengths, text = words if word_tokens else token_spans(data, settings.shingle)
        flats.append(hasher.hash_spans(data, starts, lengths))
        counts.append(np.bincount(text, minlength=end - begin))
        folded.extend(collapsed(data, words[0], words[2]))
    per_piece = np.concatenate(counts) if counts else np.zeros(0, dtype=np.int64)
    lengths = np.bincount(owner, weights=per_piece, minlength=len(texts)).astype(np.int64)
    flat = np.concatenate(flats) if flats else np.empty(0, dtype=np.uint64)
    texts_folded = _join_pieces(folded, owner, len(texts))
    if word_tokens:
        keys = [xxhash.xxh3_128_digest(text) for text in texts_folded]
    else:
        keys = [exact_key(list(text.decode().replace(" ", ""))) for text in texts_folded]
    return Tokenized(keys, TokenTable(flat, starts_of(lengths), lengths))


def sketch_batch(
    paragraphs: Sequence[Paragraph], settings: Settings, hasher: TokenHasher | None = None
) -> SketchedBatch:
    """Sketch a batch; `hasher` may be shared between batches of one worker."""
    tokenized = tokenize([p.text for p in paragraphs], settings, hasher)
    enough = (tokenized.tokens.lengths >= settings.min_words).tolist()
    kept = [p for p, keep in zip(paragraphs, enough, strict=True) if keep]
    exact = [k for k, keep in zip(tokenized.keys, enough, strict=True) if keep]
    first_row: dict[bytes, int] = {}
    distinct: list[int] = []
    rows = []
    for index, key in zip(np.flatnonzero(enough).tolist(), exact, strict=True):
        if key not in first_row:
            first_row[key] = len(distinct)
            distinct.append(index)
        rows.append(first_row[key])
    table = tokenized.tokens.select(np.array(distinct, dtype=np.int64))
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


def _pieces_of(texts: Sequence[str]) -> tuple[list[str], I64]:
    """Texts with the long ones cut into pieces, and the text each piece belongs to."""
    if max(map(len, texts), default=0) <= LONG_TEXT:
        return list(texts), np.arange(len(texts), dtype=np.int64)
    pieces = [list(_pieces(text, LONG_TEXT)) or [""] for text in texts]
    owner = np.repeat(np.arange(len(texts), dtype=np.int64), [len(p) for p in pieces])
    return [piece for parts in pieces for piece in parts], owner


def _chunks(pieces: Sequence[str]) -> Iterator[tuple[int, int]]:
    """(begin, end) of consecutive runs of pieces with about CHUNK_TEXT characters in all."""
    ends = np.cumsum(np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces)))
    begin = 0
    while begin < len(pieces):
        base = int(ends[begin - 1]) if begin else 0
        end = max(int(np.searchsorted(ends, base + CHUNK_TEXT, side="right")), begin + 1)
        yield begin, end
        begin = end


def _join_pieces(folded: list[bytes], owner: I64, count: int) -> list[bytes]:
    """Each text's normalized bytes from those of its pieces (cut at whitespace)."""
    if len(folded) == count:
        return folded
    joined: list[list[bytes]] = [[] for _ in range(count)]
    for text, piece in zip(owner.tolist(), folded, strict=True):
        if piece:
            joined[text].append(piece)
    return [b" ".join(parts) for parts in joined]


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
