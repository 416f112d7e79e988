"""Verification: every candidate pair is checked on its words before it is reported.

Similarity is `rapidfuzz.distance.Indel.normalized_similarity` over the two normalized
token sequences (1.0 = same words in the same order). Each distinct token is mapped to
one character, so rapidfuzz compares words with its fast string kernels, all pairs in
one call and on several threads.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import Indel

from dedupe.lsh import ranges
from dedupe.ranks import Ranks, dense_ranks
from dedupe.shingle import (
    I64,
    TokenSource,
    TokenTable,
    shingle_hashes,
    sorted_unique,
    starts_of,
)

F64 = npt.NDArray[np.float64]
Pairs = npt.NDArray[np.int64]
# Token sequences as `Vocabulary.encode` gives them: strings, or lists of ints past the code points.
Encoded = npt.NDArray[np.object_]

_SURROGATES = range(0xD800, 0xE000)
# Distinct tokens that fit in one encoding: all code points but the surrogates.
MAX_VOCABULARY = 0x110000 - len(_SURROGATES)
CUTOFF_MARGIN = 1e-6


def similarity(left: Sequence[Hashable], right: Sequence[Hashable]) -> float:
    """Word-level similarity of two token sequences, in [0, 1]."""
    return float(Indel.normalized_similarity(left, right))


def within_length_bound(lengths: I64, pairs: Pairs, cutoff: float) -> npt.NDArray[np.bool_]:
    """Pairs whose token counts allow a similarity of `cutoff` (see `lengths_allow`)."""
    return lengths_allow(lengths[pairs[:, 0]], lengths[pairs[:, 1]], cutoff)


def lengths_allow(left: I64, right: I64 | int, cutoff: float) -> npt.NDArray[np.bool_]:
    """Whether token counts allow a similarity of `cutoff`: 2 min(a, b) / (a + b) >= cutoff.

    An exact bound (the longest common subsequence is at most the shorter sequence), so
    dropping the other pairs loses nothing.
    """
    return np.asarray(2 * np.minimum(left, right) >= cutoff * (left + right))


def similarities(
    table: TokenSource,
    pairs: Pairs,
    workers: int = 1,
    cutoff: float = 0.0,
    max_vocabulary: int = MAX_VOCABULARY,
) -> F64:
    """Similarity of each pair (i, j) of the token sequences in `table`.

    Pairs below `cutoff` may come back as 0 (rapidfuzz stops early on them); a pair exactly
    at `cutoff` keeps its value (rapidfuzz zeroes scores equal to its cutoff, so it gets a
    margin) and values are float64, so 0.8 stays 0.8.
    """
    if not len(pairs):
        return np.zeros(0, dtype=np.float64)
    involved = sorted_unique(pairs)
    picked = table.select(involved)
    encoded = np.empty(int(involved[-1]) + 1, dtype=object)
    encoded[involved] = Vocabulary([picked], max_vocabulary).encode(picked)
    return compare(encoded, pairs, workers, cutoff)


def compare(encoded: Encoded, pairs: Pairs, workers: int = 1, cutoff: float = 0.0) -> F64:
    """`similarities` of pairs (i, j) of sequences already encoded by a `Vocabulary`."""
    if not len(pairs):
        return np.zeros(0, dtype=np.float64)
    scores: F64 = process.cpdist(
        encoded[pairs[:, 0]].tolist(),
        encoded[pairs[:, 1]].tolist(),
        scorer=Indel.normalized_similarity,
        workers=workers,
        score_cutoff=max(cutoff - CUTOFF_MARGIN, 0.0),
        dtype=np.float64,
    )
    return scores


class Vocabulary:
    """One number per distinct token of some tables, so a sequence is a string of them.

    rapidfuzz compares strings with its fast kernels. A token numbered past `limit` (more
    distinct words than code points) makes its sequence a list of the same numbers, which
    rapidfuzz compares with the strings alike, only slower.
    """

    def __init__(self, tables: Sequence[TokenTable], limit: int = MAX_VOCABULARY) -> None:
        """The tokens of `tables`."""
        distinct = [sorted_unique(table.flat) for table in tables]
        self.ranks = Ranks(sorted_unique(np.concatenate(distinct or [np.empty(0, np.uint64)])))
        self.limit = limit

    def encode(self, table: TokenTable) -> Encoded:
        """Each sequence of `table` as a string with one character per token (a list of
        numbers if it holds a token past `limit`)."""
        numbers = self.ranks.of(table.flat)
        codes = np.where(numbers >= 0xD800, numbers + len(_SURROGATES), numbers)
        too_large = np.zeros(len(table), dtype=bool)
        if len(numbers) and int(numbers.max()) >= self.limit:
            owner = np.repeat(np.arange(len(table)), table.lengths)
            too_large[owner[numbers >= self.limit]] = True
        text = np.minimum(codes, 0x10FFFF).astype("<u4").tobytes().decode("utf-32-le")
        bounds = zip(table.starts.tolist(), table.lengths.tolist(), too_large.tolist(), strict=True)
        sequences = (
            codes[start : start + size].tolist() if large else text[start : start + size]
            for start, size, large in bounds
        )
        return np.fromiter(sequences, dtype=object, count=len(table))


def shingle_overlap(
    left: Sequence[Hashable], right: Sequence[Hashable], ngram: int
) -> tuple[float, float]:
    """Exact Jaccard of the two shingle sets, and containment of the smaller in the larger."""
    a, b = _shingle_set(left, ngram), _shingle_set(right, ngram)
    shared = len(a & b)
    union = len(a) + len(b) - shared
    return (shared / union if union else 1.0), (shared / min(len(a), len(b)) if a and b else 1.0)


def shingle_overlaps(table: TokenSource, pairs: Pairs, ngram: int) -> tuple[F64, F64]:
    """`shingle_overlap` of every pair (i, j) of sequences in `table`, with numpy.

    Shingles are compared by their 64-bit hashes: a pair's counts differ from the tuple
    sets' only if two distinct shingles of the pair share a hash.
    """
    involved = sorted_unique(pairs)
    inverse = np.searchsorted(involved, pairs)
    picked = table.select(involved)
    hashes, starts = shingle_hashes(picked.flat, picked.starts, ngram)
    owner = np.repeat(np.arange(len(involved)), np.diff(np.append(starts, len(hashes))))
    rank, values = dense_ranks(hashes)
    span = np.int64(values)  # (owner or pair) * span + rank: one exact int64 key
    distinct = sorted_unique(owner * span + rank.reshape(-1))
    sizes = np.bincount(distinct // span, minlength=len(involved))
    rank, first, sides = distinct % span, starts_of(sizes), inverse.reshape(-1, 2)
    per_side = [
        np.repeat(np.arange(len(sides)) * span, sizes[at]) + rank[ranges(first[at], sizes[at])]
        for at in sides.T
    ]
    keys = np.sort(np.concatenate(per_side))
    twice = keys[1:][keys[1:] == keys[:-1]]
    shared = np.bincount(twice // span, minlength=len(sides)).astype(np.float64)
    left, right = sizes[sides[:, 0]], sizes[sides[:, 1]]
    union = left + right - shared
    jaccard = np.divide(shared, union, out=np.ones(len(sides)), where=union > 0)
    smaller = np.minimum(left, right)
    containment = np.divide(shared, smaller, out=np.ones(len(sides)), where=smaller > 0)
    return jaccard, containment


def _shingle_set(words: Sequence[Hashable], ngram: int) -> set[tuple[Hashable, ...]]:
    last = max(len(words) - ngram, 0)
    return {tuple(words[i : i + ngram]) for i in range(last + 1)} if words else set()
