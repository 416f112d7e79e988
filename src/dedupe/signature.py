"""MinHash signatures of many paragraphs at once, with numpy.

Permutation i maps a shingle hash x (folded to 32 bits) to (a_i * x + b_i) mod 2**32, a_i
odd; a signature value is the minimum over the paragraph's shingles. a_i, b_i come from
xxhash of (seed, i), so signatures are the same on every machine, numpy version and run,
and a paragraph's signature never depends on the rest of its batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import xxhash

from dedupe.errors import MissingExtraError
from dedupe.shingle import I64, U64

U32 = npt.NDArray[np.uint32]

# How signature values are computed (token bytes hashed with fmix64, n-grams combined
# from token hashes, affine32 permutations). Stored with persisted signatures: any change
# of the values a text gets must change it. "dedupe-1" hashed tokens with xxh64.
SCHEME = "dedupe-2/affine32"
# Shingles processed per block: 128 permutations x 16k shingles x 4 bytes = 8 MiB of scratch.
BLOCK_SHINGLES = 1 << 14
EMPTY = np.uint32(0xFFFFFFFF)


@dataclass(frozen=True)
class Permutations:
    """The seeded hash family of a signature: `num_perm` pairs (a, b)."""

    num_perm: int
    seed: int

    @property
    def multipliers(self) -> U32:
        values = [xxhash.xxh64_intdigest(f"a{i}".encode(), self.seed) for i in range(self.num_perm)]
        return (np.array(values, dtype=np.uint64) | np.uint64(1)).astype(np.uint32)

    @property
    def offsets(self) -> U32:
        values = [xxhash.xxh64_intdigest(f"b{i}".encode(), self.seed) for i in range(self.num_perm)]
        return np.array(values, dtype=np.uint64).astype(np.uint32)


def fold32(hashes: U64) -> U32:
    """64-bit shingle hashes folded to the 32 bits a permutation works on."""
    return (hashes ^ (hashes >> np.uint64(32))).astype(np.uint32)


def signatures(shingles: U64, starts: I64, permutations: Permutations) -> U32:
    """A (num_perm, paragraphs) matrix: column j is the MinHash of paragraph j's shingles.

    Works through the flat shingle array in blocks, so memory stays bounded even for one
    enormous paragraph; each block's minima are merged into the paragraphs it touches.
    """
    count = len(starts)
    result = np.full((permutations.num_perm, count), EMPTY, dtype=np.uint32)
    if count == 0:
        return result
    values = fold32(shingles)
    multipliers = permutations.multipliers[:, None]
    offsets = permutations.offsets[:, None]
    scratch = np.empty((permutations.num_perm, BLOCK_SHINGLES), dtype=np.uint32)
    for begin in range(0, len(values), BLOCK_SHINGLES):
        block = values[begin : begin + BLOCK_SHINGLES]
        first = int(np.searchsorted(starts, begin, side="right")) - 1
        last = int(np.searchsorted(starts, begin + len(block), side="left"))
        local = np.maximum(starts[first:last] - begin, 0)
        permuted = scratch[:, : len(block)]
        np.multiply(multipliers, block[None, :], out=permuted)
        permuted += offsets
        minima = np.minimum.reduceat(permuted, local, axis=1)
        np.minimum(result[:, first:last], minima, out=result[:, first:last])
    return result


def to_lean_minhash(signature: U32, seed: int) -> Any:
    """One column of a signature matrix as a `datasketch.LeanMinHash` (needs dedupe[datasketch]).

    Its values are (a*x + b) mod 2**32 minima, datasketch's "affine32" scheme (the part of
    SCHEME after the slash), so the sketch works in datasketch's LSH structures; compare it
    only with dedupe signatures of the same SCHEME and seed.
    """
    try:
        from datasketch import LeanMinHash
    except ImportError:
        raise MissingExtraError("converting signatures to datasketch", "datasketch") from None
    values = signature.astype(np.uint64)
    return LeanMinHash(seed=seed, hashvalues=values, scheme=SCHEME.partition("/")[2])
