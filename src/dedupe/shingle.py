"""Shingles: seeded 64-bit hashes of token n-grams for a whole batch of paragraphs.

Tokens are hashed with xxhash (each distinct token once per `TokenHasher`); n-gram hashes
are combined from token hashes with numpy over the whole batch. A paragraph with fewer
than n tokens is a single shingle of all its tokens.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt
import xxhash

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

# Odd multipliers for the position of a token inside its n-gram (from the golden ratio).
_POSITION = (
    np.uint64(0x9E3779B97F4A7C15) * (2 * np.arange(1, 33, dtype=np.uint64) + 1)
) | np.uint64(1)


class TokenHasher(dict[str, int]):
    """Memoized xxh64 of tokens; cleared when it holds `limit` tokens, so memory stays bounded."""

    def __init__(self, seed: int, limit: int = 2_000_000) -> None:
        super().__init__()
        self.seed = seed
        self.limit = limit

    def __missing__(self, token: str) -> int:
        if len(self) >= self.limit:
            self.clear()
        value = self[token] = xxhash.xxh64_intdigest(token.encode("utf-8"), self.seed)
        return value

    def hash_all(self, token_lists: Sequence[Sequence[str]]) -> tuple[U64, I64]:
        """Token hashes of many paragraphs as one flat array, with each paragraph's start."""
        lengths = np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists))
        total = int(lengths.sum())
        every_token = itertools.chain.from_iterable(token_lists)
        flat = np.fromiter(map(self.__getitem__, every_token), dtype=np.uint64, count=total)
        return flat, starts_of(lengths)


def starts_of(lengths: I64) -> I64:
    """Where each of consecutive runs of `lengths` begins in their concatenation."""
    starts = np.zeros(len(lengths), dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    return starts


def fmix64(values: U64) -> U64:
    """MurmurHash3's 64-bit finalizer, vectorized: every input bit affects every output bit."""
    values = values ^ (values >> np.uint64(33))
    values *= np.uint64(0xFF51AFD7ED558CCD)
    values ^= values >> np.uint64(33)
    values *= np.uint64(0xC4CEB9FE1A85EC53)
    values ^= values >> np.uint64(33)
    return values


def shingle_hashes(token_hashes: U64, starts: I64, ngram: int) -> tuple[U64, I64]:
    """Hashes of the n-grams of every paragraph, flat, with each paragraph's first shingle.

    `token_hashes` holds the tokens of all paragraphs back to back; `starts[i]` is where
    paragraph i begins. Every paragraph must have at least one token.
    """
    if ngram > len(_POSITION):
        raise ValueError(f"ngram above {len(_POSITION)} is not supported")
    lengths = np.diff(np.append(starts, len(token_hashes)))
    if len(lengths) and lengths.min() < 1:
        raise ValueError("every paragraph needs at least one token")
    # Lay tokens out with ngram-1 zero hashes after each paragraph, so a window never
    # mixes two paragraphs and a short paragraph's one window sums just its own tokens.
    gap = ngram - 1
    padded = np.zeros(len(token_hashes) + gap * len(lengths), dtype=np.uint64)
    paragraph_of_token = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    padded[np.arange(len(token_hashes)) + gap * paragraph_of_token] = token_hashes
    windows = len(padded) - gap
    combined = padded[:windows] * _POSITION[0]
    for position in range(1, ngram):
        combined += padded[position : position + windows] * _POSITION[position]
    counts = np.maximum(lengths - gap, 1)
    padded_starts = starts + gap * np.arange(len(lengths), dtype=np.int64)
    shingle_starts = starts_of(counts)
    window_index = np.arange(int(counts.sum()), dtype=np.int64) + np.repeat(
        padded_starts - shingle_starts, counts
    )
    return fmix64(combined[window_index]), shingle_starts


@dataclass(frozen=True)
class TokenTable:
    """Token hashes of many paragraphs back to back; paragraph i starts at starts[i]."""

    flat: U64
    starts: I64
    lengths: I64

    def __len__(self) -> int:
        return len(self.starts)

    def sequence(self, index: int) -> list[int]:
        start = int(self.starts[index])
        values: list[int] = self.flat[start : start + int(self.lengths[index])].tolist()
        return values

    def select(self, indexes: I64 | list[int]) -> TokenTable:
        """A compact table of the chosen paragraphs, in the order given."""
        lengths = self.lengths[indexes]
        starts = starts_of(lengths)
        offsets = np.repeat(self.starts[indexes] - starts, lengths)
        return TokenTable(self.flat[np.arange(int(lengths.sum())) + offsets], starts, lengths)


class TokenSource(Protocol):
    """Anything that hands out token hashes by row: a `TokenTable`, or a view of several."""

    lengths: I64

    def sequence(self, index: int) -> list[int]: ...

    def select(self, indexes: I64) -> TokenTable: ...
