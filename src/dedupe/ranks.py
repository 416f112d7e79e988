"""Dense ranks of 64-bit values: equal values get equal small integers, without `argsort`.

Verification turns token hashes into one character each, and grouping numbers exact keys;
both need "the rank of each value among the distinct values". numpy's
`np.unique(..., return_inverse=True)` gets it from an `argsort`, several times slower than
`np.sort` on 64-bit keys; here the distinct values are sorted with `np.sort` and every value
is found among them by interpolation, which is exact for any input and fast for hashes
(uniform) and for dense integers.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from dedupe.shingle import sorted_unique

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]


class Ranks:
    """Looks values up among `distinct` (sorted, no repeats) by interpolation.

    A value starts at the first distinct value of its bucket (equal slices of the range,
    about as many as the distinct values) and steps forward while it is below its target:
    a step or two for hashes or dense integers; skewed values take more steps.
    """

    def __init__(self, distinct: U64) -> None:
        self.distinct = distinct
        self.low = distinct[0] if len(distinct) else np.uint64(0)
        bits = max(int(len(distinct) - 1).bit_length(), 1)
        span = int(distinct[-1] - self.low) if len(distinct) else 0
        self.shift = np.uint64(max(span.bit_length() - bits, 0))
        buckets = np.arange(1 << bits, dtype=np.uint64)
        self.first = np.searchsorted((distinct - self.low) >> self.shift, buckets)

    def __len__(self) -> int:
        return len(self.distinct)

    def of(self, values: U64) -> I64:
        """The rank of each value; every value must be among the distinct ones."""
        distinct = self.distinct
        ranks: I64 = self.first[(values - self.low) >> self.shift].astype(np.int64)
        behind = np.flatnonzero(distinct[np.minimum(ranks, len(distinct) - 1)] < values)
        while len(behind):
            ranks[behind] += 1
            behind = behind[distinct[ranks[behind]] < values[behind]]
        return ranks


def dense_ranks(values: U64) -> tuple[I64, int]:
    """The rank of each value among the distinct values (0 = smallest), and how many there are."""
    values = np.ascontiguousarray(values, dtype=np.uint64).reshape(-1)
    if not len(values):
        return np.zeros(0, dtype=np.int64), 0
    ranks = Ranks(sorted_unique(values))
    return ranks.of(values), len(ranks)
