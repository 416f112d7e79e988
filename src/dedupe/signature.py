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
from dedupe.shingle import I64, U64, starts_of

U32 = npt.NDArray[np.uint32]

# How signature values are computed (token bytes hashed with fmix64, n-grams combined
# from token hashes, affine32 permutations). Stored with persisted signatures: any change
# of the values a text gets must change it. "dedupe-1" hashed tokens with xxh64.
SCHEME = "dedupe-2/affine32"
# Paragraphs signed side by side, one shingle position at a time: each numpy call runs over
# num_perm x WIDTH values (128 x 8k x 4 bytes = 4 MiB of scratch).
WIDTH = 1 << 13
# Once fewer paragraphs than this have shingles left at a position, the rest of each is
# signed as one run (`_run_minima`). Below ~2k values a row, numpy 2.4 copies operands
# through its buffers and a step costs 3x as much per value.
FEW = 1 << 11
# ... unless more than this many are left and all end within this many positions:
# `_run_minima` pays a numpy call per run and permutation however short the run, a step
# a few calls however few the runs.
SHORT_TAIL = 64
# Shingles per block of `_run_minima`: bounds its scratch for one enormous paragraph too.
BLOCK_SHINGLES = 1 << 13
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

    Paragraphs are signed WIDTH at a time, longest first (`_sign_columns`), so numpy works
    along rows of thousands of paragraphs; `np.minimum.reduceat` over each paragraph's own
    run pays per paragraph and permutation, and took two thirds of the time.
    """
    lengths = np.diff(np.append(starts, len(shingles)))
    order = np.argsort(-lengths, kind="stable")
    values = fold32(shingles)
    ordered = np.full((permutations.num_perm, len(starts)), EMPTY, dtype=np.uint32)
    for begin in range(0, len(order), WIDTH):
        chunk = order[begin : begin + WIDTH]
        columns = ordered[:, begin : begin + len(chunk)]
        _sign_columns(values, starts[chunk], lengths[chunk], permutations, columns)
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return np.take(ordered, rank, axis=1)


def _sign_columns(
    values: U32, starts: I64, lengths: I64, permutations: Permutations, out: U32
) -> None:
    """Lower column j of `out` to the MinHash of `values[starts[j]:][:lengths[j]]`.

    `lengths` must not increase. Step t permutes shingle t of every run longer than t (a
    prefix of the runs) in one call, until fewer than FEW runs are left, unless more than
    SHORT_TAIL are and all end within SHORT_TAIL positions; what remains of those goes to
    `_run_minima`.
    """
    multipliers = permutations.multipliers[:, None]
    offsets = permutations.offsets[:, None]
    scratch = np.empty(out.shape, dtype=np.uint32)
    last = int(lengths.max(initial=0))
    position = 0
    while (active := int(np.searchsorted(-lengths, -position))) >= FEW or (
        active > SHORT_TAIL >= last - position
    ):
        permuted = scratch[:, :active]
        np.multiply(multipliers, values[starts[:active] + position], out=permuted)
        permuted += offsets
        np.minimum(out[:, :active], permuted, out=out[:, :active])
        position += 1
    if active:
        left = lengths[:active] - position
        firsts = (starts[:active] + position).tolist()
        runs = [
            values[first : first + size] for first, size in zip(firsts, left.tolist(), strict=True)
        ]
        minima = _run_minima(np.concatenate(runs), starts_of(left), permutations)
        np.minimum(out[:, :active], minima, out=out[:, :active])


def _run_minima(values: U32, starts: I64, permutations: Permutations) -> U32:
    """MinHash of each run `values[starts[i] : starts[i + 1]]`; no run may be empty.

    Works through `values` in blocks, so memory stays bounded even for one enormous run;
    each block's minima are merged into the runs it touches.
    """
    result = np.full((permutations.num_perm, len(starts)), EMPTY, dtype=np.uint32)
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
