"""Shingle hashes: n-grams never cross paragraphs; short paragraphs are one shingle."""

from __future__ import annotations

import numpy as np
import xxhash

from dedupe.shingle import TokenHasher, shingle_hashes


def _shingles(token_lists: list[list[str]], ngram: int) -> list[list[int]]:
    hashes, starts = TokenHasher(1).hash_all(token_lists)
    flat, shingle_starts = shingle_hashes(hashes, starts, ngram)
    bounds = [*shingle_starts.tolist(), len(flat)]
    return [flat[a:b].tolist() for a, b in zip(bounds, bounds[1:], strict=False)]


def test_token_hashes_are_seeded_xxh64() -> None:
    hashes, starts = TokenHasher(7).hash_all([["alpha", "beta"], ["gamma"]])
    assert hashes.tolist() == [
        xxhash.xxh64_intdigest(w.encode(), 7) for w in ("alpha", "beta", "gamma")
    ]
    assert starts.tolist() == [0, 2]


def test_counts_per_paragraph() -> None:
    paragraphs = [list("abcde"), list("xy"), ["solo"]]
    assert [len(s) for s in _shingles(paragraphs, 2)] == [4, 1, 1]
    assert [len(s) for s in _shingles(paragraphs, 3)] == [3, 1, 1]


def test_same_ngram_same_hash_anywhere() -> None:
    first, second = _shingles([["a", "b", "c"], ["x", "b", "c", "y"]], 2)
    assert first[1] == second[1]  # "b c"
    assert len(set(first) | set(second)) == 4


def test_order_matters() -> None:
    first, second = _shingles([["a", "b"], ["b", "a"]], 2)
    assert first != second


def test_no_window_crosses_a_paragraph_boundary() -> None:
    together = _shingles([["a", "b"], ["c", "d"]], 2)
    across = _shingles([["b", "c"]], 2)[0][0]
    assert across not in together[0] + together[1]


def test_hasher_stays_bounded() -> None:
    hasher = TokenHasher(1, limit=10)
    values = hasher.hash_all([[f"w{i}" for i in range(100)]])[0]
    assert len(hasher) <= 10
    np.testing.assert_array_equal(
        values, TokenHasher(1).hash_all([[f"w{i}" for i in range(100)]])[0]
    )
