"""Locality-sensitive hashing: choosing (bands, rows), band keys, and candidate pairs.

A pair whose shingle sets have Jaccard `s` shares at least one band with probability
`P = 1 - (1 - s**rows) ** bands` (the S-curve). Candidates come from one sort per band.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

import numpy as np
import numpy.typing as npt

U64 = npt.NDArray[np.uint64]
U32 = npt.NDArray[np.uint32]
Pairs = npt.NDArray[np.int64]

TARGET_RECALL = 0.99
# Buckets up to SMALL_BUCKET members are paired by array shifts; up to LARGE_BUCKET, every
# pair is emitted (as datasketch's MinHashLSH would find them); beyond, see _bucket_pairs.
SMALL_BUCKET = 16
LARGE_BUCKET = 1000
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)


def candidate_probability(jaccard: float, bands: int, rows: int) -> float:
    """Probability that a pair with shingle Jaccard `jaccard` shares at least one band."""
    return float(1.0 - (1.0 - jaccard**rows) ** bands)


def expected_jaccard(similarity: float, ngram: int) -> float:
    """Shingle Jaccard of a pair at word similarity `similarity` with edits spread out.

    Each edited word breaks about `ngram` shingles, so at edit density d = 1 - similarity
    the shingle Jaccard is (1 - n d) / (1 + n d), floored at 0.
    """
    broken = ngram * (1.0 - similarity)
    return max(0.0, (1.0 - broken) / (1.0 + broken))


def expected_recall(threshold: float, ngram: int, bands: int, rows: int, steps: int = 200) -> float:
    """Mean candidate probability of pairs spread evenly over similarity [threshold, 1]."""
    grid = np.linspace(threshold, 1.0, steps + 1)
    jaccards = np.array([expected_jaccard(s, ngram) for s in grid])
    return float(np.mean(1.0 - (1.0 - jaccards**rows) ** bands))


def choose_bands(threshold: float, ngram: int, num_perm: int) -> tuple[int, int]:
    """(bands, rows) with the most rows, hence the fewest unrelated candidates, whose
    expected recall over pairs at or above `threshold` is at least TARGET_RECALL."""
    best = (num_perm, 1)
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if expected_recall(threshold, ngram, bands, rows) < TARGET_RECALL:
            break
        best = (bands, rows)
    return best


def band_keys(signatures: U32, bands: int, rows: int) -> U64:
    """One 64-bit key per (band, paragraph) from a (num_perm, n) signature matrix.

    Two paragraphs get the same key in a band exactly when their `rows` values there are
    equal: packed losslessly for rows <= 2, else mixed (a false match needs a 64-bit collision).
    """
    count = signatures.shape[1]
    keys = np.empty((bands, count), dtype=np.uint64)
    for band in range(bands):
        values = signatures[band * rows : (band + 1) * rows].astype(np.uint64)
        if rows == 1:
            keys[band] = values[0]
        elif rows == 2:
            keys[band] = (values[0] << np.uint64(32)) | values[1]
        else:
            acc = values[0] * _MIX[0]
            for row in range(1, rows):
                acc ^= values[row] + _MIX[1] + (acc << np.uint64(6)) + (acc >> np.uint64(2))
                acc *= _MIX[row % 3]
            keys[band] = acc ^ (acc >> np.uint64(29))
    return keys


def candidate_pairs(keys: U64, workers: int = 1) -> Pairs:
    """Distinct pairs (i < j) of columns sharing a key in any band, as an (k, 2) array.

    Bands are sorted on `workers` threads (numpy releases the GIL while sorting).
    """
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        found = list(pool.map(_band_pairs, keys))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.concatenate(found)
    if not len(pairs):
        return pairs.reshape(0, 2)
    count = np.int64(keys.shape[1])
    codes = np.sort(pairs[:, 0] * count + pairs[:, 1])
    codes = codes[np.concatenate(([True], codes[1:] != codes[:-1]))]
    return np.stack([codes // count, codes % count], axis=1)


class BandKeySource(Protocol):
    """Band keys shaped (bands, columns) whose rows can be sliced: an array, or a view."""

    @property
    def shape(self) -> tuple[int, ...]: ...

    def __getitem__(self, bands: slice) -> U64: ...


def candidate_chunks(
    keys: BandKeySource, workers: int = 1, bands_per_chunk: int = 6
) -> Iterator[Pairs]:
    """The candidate pairs of `candidate_pairs`, a few bands at a time, each pair once.

    A pair is yielded with the first chunk of bands it shares a key in; memory holds one
    chunk's pairs plus a sorted 8-byte code for each pair already yielded.
    """
    count = np.int64(keys.shape[1])
    earlier: list[npt.NDArray[np.int64]] = []
    for begin in range(0, keys.shape[0], bands_per_chunk):
        pairs = candidate_pairs(keys[begin : begin + bands_per_chunk], workers)
        codes = pairs[:, 0] * count + pairs[:, 1]
        fresh = np.ones(len(codes), dtype=bool)
        for seen in (s for s in earlier if len(s)):
            where = np.minimum(np.searchsorted(seen, codes), len(seen) - 1)
            fresh &= seen[where] != codes
        earlier.append(codes[fresh])
        yield pairs[fresh]


def _band_pairs(band: U64) -> Pairs:
    """Pairs of columns with equal keys in one band."""
    order = np.argsort(band)
    ordered = band[order]
    same_as_next = ordered[1:] == ordered[:-1]
    if not same_as_next.any():
        return np.empty((0, 2), dtype=np.int64)
    # Keep only positions inside buckets of two or more, in column order within a bucket.
    in_bucket = np.zeros(len(ordered), dtype=bool)
    in_bucket[1:] |= same_as_next
    in_bucket[:-1] |= same_as_next
    members = order[in_bucket].astype(np.int64)
    bucket = np.cumsum(np.concatenate(([True], ~same_as_next)))[in_bucket]
    by_column = np.lexsort((members, bucket))
    members, bucket = members[by_column], bucket[by_column]
    sizes = np.diff(np.flatnonzero(np.concatenate(([True], bucket[1:] != bucket[:-1], [True]))))
    return _bucket_pairs(members, bucket, sizes)


def _bucket_pairs(members: Pairs, bucket: Pairs, sizes: Pairs) -> Pairs:
    """Every pair inside each bucket (members grouped by bucket, in column order).

    Pairs up to SMALL_BUCKET apart come from shifting the whole array; larger buckets add
    the rest bucket by bucket. Beyond LARGE_BUCKET members (thousands of variants of one
    boilerplate paragraph), a member is paired with its next LARGE_BUCKET followers only.
    """
    found = []
    for distance in range(1, min(SMALL_BUCKET, int(sizes.max()))):
        same = bucket[distance:] == bucket[:-distance]
        found.append(np.stack([members[:-distance][same], members[distance:][same]], axis=1))
    starts = np.cumsum(sizes) - sizes
    for start, size in zip(starts.tolist(), sizes.tolist(), strict=True):
        if size <= SMALL_BUCKET:
            continue
        inside = members[start : start + size]
        if size <= LARGE_BUCKET:
            left, right = np.triu_indices(size, SMALL_BUCKET)
            found.append(np.stack([inside[left], inside[right]], axis=1))
            continue
        for distance in range(SMALL_BUCKET, LARGE_BUCKET + 1):
            found.append(np.stack([inside[:-distance], inside[distance:]], axis=1))
    return np.concatenate(found)
