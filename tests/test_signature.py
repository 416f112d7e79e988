"""MinHash signatures: as accurate as datasketch's, reproducible, independent of the batch."""

from __future__ import annotations

import numpy as np
import xxhash
from datasketch import MinHash

from dedupe.shingle import TokenHasher, shingle_hashes
from dedupe.signature import SCHEME, Permutations, signatures

NUM_PERM = 128


def _signature_matrix(token_lists: list[list[str]], seed: int = 1, ngram: int = 1) -> np.ndarray:
    hashes, starts = TokenHasher(seed).hash_all(token_lists)
    shingles, shingle_starts = shingle_hashes(hashes, starts, ngram)
    return signatures(shingles, shingle_starts, Permutations(NUM_PERM, seed))


def _pairs(count: int, rng: np.random.Generator) -> list[tuple[list[str], list[str]]]:
    """Pairs of shingle sets with Jaccard spread over (0, 1) and sizes 5-150."""
    pairs = []
    for index in range(count):
        size = int(rng.integers(5, 150))
        shared = int(round(rng.uniform(0.05, 0.95) * size))
        left = [f"s{index}.{i}" for i in range(size)]
        right = left[:shared] + [f"t{index}.{i}" for i in range(size - shared)]
        pairs.append((left, right))
    return pairs


def _jaccard(left: list[str], right: list[str]) -> float:
    a, b = set(left), set(right)
    return len(a & b) / len(a | b)


def test_estimator_error_within_ten_percent_of_datasketch() -> None:
    pairs = _pairs(1200, np.random.default_rng(3))
    flat = [side for pair in pairs for side in pair]
    matrix = _signature_matrix(flat)
    ours, theirs = [], []
    for index, (left, right) in enumerate(pairs):
        truth = _jaccard(left, right)
        estimate = float(np.mean(matrix[:, 2 * index] == matrix[:, 2 * index + 1]))
        ours.append(abs(estimate - truth))
        sketches = []
        for side in (left, right):
            sketch = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=xxhash.xxh32_intdigest)
            sketch.update_batch([s.encode() for s in side])
            sketches.append(sketch)
        theirs.append(abs(sketches[0].jaccard(sketches[1]) - truth))
    assert np.mean(ours) <= 1.10 * np.mean(theirs)
    assert np.mean(ours) < 0.05


def test_signature_alone_equals_signature_in_batch_of_ten_thousand() -> None:
    rng = np.random.default_rng(9)
    batch = [
        [f"w{int(w)}" for w in rng.integers(0, 5000, int(n))] for n in rng.integers(1, 300, 10_000)
    ]
    together = _signature_matrix(batch, ngram=2)
    for index in (0, 1234, 9999):
        alone = _signature_matrix([batch[index]], ngram=2)
        np.testing.assert_array_equal(alone[:, 0], together[:, index])


def test_signatures_are_reproducible_and_seeded() -> None:
    tokens = [["the", "council", "approved", "the", "budget"], ["a", "b", "c"]]
    np.testing.assert_array_equal(_signature_matrix(tokens), _signature_matrix(tokens))
    assert not np.array_equal(_signature_matrix(tokens, seed=1), _signature_matrix(tokens, seed=2))


def test_known_signature_values_never_change() -> None:
    """Signatures are stored in indexes: new values need a new SCHEME (and index schema)."""
    matrix = _signature_matrix([["the", "council", "approved", "the", "budget"]], ngram=2)
    assert (SCHEME, matrix[:4, 0].tolist()) == (
        "dedupe-2/affine32",
        [1994715224, 173093626, 1632666173, 601664432],
    )


def test_paragraph_larger_than_a_block_matches_direct_minimum() -> None:
    rng = np.random.default_rng(4)
    shingles = rng.integers(0, 2**63, 50_000, dtype=np.uint64)
    permutations = Permutations(16, 5)
    matrix = signatures(shingles, np.array([0, 10, 40_000]), permutations)
    values = (shingles ^ (shingles >> np.uint64(32))).astype(np.uint32)
    permuted = permutations.multipliers[:, None] * values[None, :] + permutations.offsets[:, None]
    expected = np.stack(
        [permuted[:, :10].min(1), permuted[:, 10:40_000].min(1), permuted[:, 40_000:].min(1)],
        axis=1,
    )
    np.testing.assert_array_equal(matrix, expected)


def test_many_paragraphs_of_any_length_match_direct_minimum() -> None:
    """Paragraphs go position by position, 8k at a time, the longest ones' tails by run."""
    rng = np.random.default_rng(6)
    lengths = np.concatenate([rng.integers(1, 40, 12_000), rng.integers(200, 3000, 20)])
    rng.shuffle(lengths)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    shingles = rng.integers(0, 2**63, int(lengths.sum()), dtype=np.uint64)
    permutations = Permutations(8, 2)
    matrix = signatures(shingles, starts, permutations)
    values = (shingles ^ (shingles >> np.uint64(32))).astype(np.uint32)
    permuted = permutations.multipliers[:, None] * values[None, :] + permutations.offsets[:, None]
    expected = np.minimum.reduceat(permuted, starts, axis=1)
    np.testing.assert_array_equal(matrix, expected)
