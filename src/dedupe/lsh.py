"""Locality-sensitive hashing: choosing (bands, rows), band keys, and candidate pairs.

A pair whose shingle sets have Jaccard `s` shares at least one band with probability
`P = 1 - (1 - s**rows) ** bands` (the S-curve). Candidates come from one sort per band.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

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
# Pairs checked against earlier bands at once (bounds a band's scratch to a few MB).
CHECKED_PAIRS = 1 << 14
# Bands of up to 2**PACKED_COLUMN_BITS columns are sorted as keys packed with their column.
PACKED_COLUMN_BITS = 32
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
        found = [pairs for pairs, _ in pool.map(_band_pairs, keys)]
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.concatenate(found)
    if not len(pairs):
        return pairs.reshape(0, 2)
    count = np.int64(keys.shape[1])
    codes = np.sort(pairs[:, 0] * count + pairs[:, 1])
    codes = codes[np.concatenate(([True], codes[1:] != codes[:-1]))]
    return np.stack([codes // count, codes % count], axis=1)


@dataclass(frozen=True)
class LargeBuckets:
    """A band's buckets of more than LARGE_BUCKET members, where not every pair is emitted.

    `keys` are their keys, sorted; `codes` hold bucket number * `columns` + column of every
    member, sorted, so a member's place in its bucket is a `searchsorted` away.
    """

    keys: U64
    codes: Pairs
    columns: int

    def emitted(self, key: U64, left: Pairs, right: Pairs) -> npt.NDArray[np.bool_]:
        """For pairs of columns sharing `key` in this band: whether the band emits them."""
        emitted = np.ones(len(key), dtype=bool)
        if not len(self.keys):
            return emitted
        where = np.minimum(np.searchsorted(self.keys, key), len(self.keys) - 1)
        large = np.flatnonzero(self.keys[where] == key)
        base = where[large] * self.columns
        places = [np.searchsorted(self.codes, base + side[large]) for side in (left, right)]
        emitted[large] = np.abs(places[0] - places[1]) <= LARGE_BUCKET
        return emitted


def band_pairs(keys: U64, band: int) -> tuple[Pairs, LargeBuckets]:
    """The pairs (i < j) of rows of `keys` (rows, bands) sharing a key in `band`, and the
    band's large buckets (for `first_seen` in later bands)."""
    return _band_pairs(np.ascontiguousarray(keys[:, band]))


def first_seen(keys: U64, pairs: Pairs, earlier: Sequence[LargeBuckets]) -> Pairs:
    """The pairs of band `len(earlier)` that no earlier band emitted.

    Over all bands this yields every pair of `candidate_pairs` exactly once, and each band
    is worked on by itself (on its own thread): a pair is checked against the earlier band
    keys of its own two rows, and against the earlier large buckets.
    """
    band = len(earlier)
    if band == 0 or not len(pairs):
        return pairs
    fresh = np.empty(len(pairs), dtype=bool)
    crowded = [b for b, large in enumerate(earlier) if len(large.keys)]
    for begin in range(0, len(pairs), CHECKED_PAIRS):
        left, right = pairs[begin : begin + CHECKED_PAIRS].T
        shared = keys[left, :band] == keys[right, :band]
        for b in crowded:
            rows = np.flatnonzero(shared[:, b])
            key = keys[left[rows], b]
            shared[rows, b] = earlier[b].emitted(key, left[rows], right[rows])
        fresh[begin : begin + CHECKED_PAIRS] = ~shared.any(axis=1)
    return pairs[fresh]


def _band_pairs(band: U64) -> tuple[Pairs, LargeBuckets]:
    """Pairs of columns with equal keys in one band, and its large buckets."""
    columns, keys = _sorted_by_key(band)
    same_as_next = keys[1:] == keys[:-1]
    if not same_as_next.any():
        none = np.empty(0, dtype=np.int64)
        return none.reshape(0, 2), LargeBuckets(none.astype(np.uint64), none, len(band))
    # Keep only positions inside buckets of two or more (in column order within a bucket).
    in_bucket = np.zeros(len(keys), dtype=bool)
    in_bucket[1:] |= same_as_next
    in_bucket[:-1] |= same_as_next
    members = columns[in_bucket]
    bucket = np.cumsum(np.concatenate(([True], ~same_as_next)))[in_bucket]
    bounds = np.flatnonzero(np.concatenate(([True], bucket[1:] != bucket[:-1], [True])))
    sizes = np.diff(bounds)
    large = np.flatnonzero(sizes > LARGE_BUCKET)
    in_large = np.repeat(np.arange(len(large)), sizes[large])
    codes = in_large * len(band) + members[ranges(bounds[large], sizes[large])]
    large_keys = keys[in_bucket][bounds[large]]
    return _bucket_pairs(members, bucket, sizes), LargeBuckets(large_keys, codes, len(band))


def _sorted_by_key(band: U64) -> tuple[Pairs, U64]:
    """Columns ordered by (key, column), and their keys.

    One `np.sort` of the keys with their low bits replaced by the column number (several
    times faster than an argsort); where two distinct keys agree on the bits left (rare), a
    stable argsort instead.
    """
    bits = max(len(band) - 1, 1).bit_length()
    if bits <= PACKED_COLUMN_BITS:
        low = np.uint64((1 << bits) - 1)
        packed = np.sort((band & ~low) | np.arange(len(band), dtype=np.uint64))
        columns = (packed & low).astype(np.int64)
        keys = band[columns]
        high = packed & ~low
        if not ((high[1:] == high[:-1]) & (keys[1:] != keys[:-1])).any():
            return columns, keys
    columns = np.argsort(band, kind="stable")
    return columns, band[columns]


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
    big = np.flatnonzero(sizes > SMALL_BUCKET)
    for start, size in zip(starts[big].tolist(), sizes[big].tolist(), strict=True):
        inside = members[start : start + size]
        if size <= LARGE_BUCKET:
            left, right = np.triu_indices(size, SMALL_BUCKET)
            found.append(np.stack([inside[left], inside[right]], axis=1))
            continue
        for distance in range(SMALL_BUCKET, LARGE_BUCKET + 1):
            found.append(np.stack([inside[:-distance], inside[distance:]], axis=1))
    return np.concatenate(found)


def ranges(starts: Pairs, lengths: Pairs) -> Pairs:
    """The indexes starts[k] .. starts[k] + lengths[k] - 1 of every k, concatenated."""
    offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    indexes: Pairs = np.arange(int(lengths.sum()), dtype=np.int64) + offsets
    return indexes
