"""LSH: (bands, rows) from the threshold, and the same candidates as datasketch's MinHashLSH."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHashLSH

from dedupe import lsh
from dedupe.signature import to_lean_minhash


@pytest.mark.parametrize(
    ("threshold", "ngram", "expected"),
    [(0.8, 2, (42, 3)), (0.9, 2, (25, 5)), (0.8, 1, (25, 5)), (0.7, 2, (64, 2))],
    ids=["default", "strict", "unigrams", "loose"],
)
def test_choose_bands_follows_the_measured_rule(threshold, ngram, expected) -> None:
    bands, rows = lsh.choose_bands(threshold, ngram, 128)
    assert (bands, rows) == expected
    assert lsh.expected_recall(threshold, ngram, bands, rows) >= lsh.TARGET_RECALL
    if rows < 128:
        more_rows = rows + 1
        assert (
            lsh.expected_recall(threshold, ngram, 128 // more_rows, more_rows) < lsh.TARGET_RECALL
        )


def test_candidate_probability_is_the_s_curve() -> None:
    assert lsh.candidate_probability(1.0, 42, 3) == 1.0
    assert lsh.candidate_probability(0.0, 42, 3) == 0.0
    assert lsh.candidate_probability(0.5, 42, 3) == pytest.approx(1 - (1 - 0.125) ** 42)


def _signatures(count: int, rng: np.random.Generator, num_perm: int = 128) -> np.ndarray:
    """Signatures with planted near copies, over a small value range so bands collide."""
    base = rng.integers(0, 6, (num_perm, count)).astype(np.uint32)
    for column in range(1, count, 7):
        keep = rng.random(num_perm) < 0.7
        base[keep, column] = base[keep, column - 1]
    return base


def _datasketch_pairs(signatures: np.ndarray, bands: int, rows: int) -> set[tuple[int, int]]:
    index = MinHashLSH(num_perm=signatures.shape[0], params=(bands, rows))
    sketches = [to_lean_minhash(signatures[:, j], seed=1) for j in range(signatures.shape[1])]
    with index.insertion_session() as session:
        for j, sketch in enumerate(sketches):
            session.insert(j, sketch)
    return {
        (min(i, j), max(i, j)) for i, s in enumerate(sketches) for j in index.query(s) if i != j
    }


@pytest.mark.parametrize(
    ("bands", "rows"), [(42, 3), (64, 2), (128, 1), (25, 5)], ids=["42x3", "64x2", "128x1", "25x5"]
)
def test_candidates_equal_datasketch(bands: int, rows: int) -> None:
    signatures = _signatures(400, np.random.default_rng(bands))
    ours = lsh.candidate_pairs(lsh.band_keys(signatures, bands, rows))
    expected = _datasketch_pairs(signatures, bands, rows)
    assert len(expected) > 100
    assert set(map(tuple, ours.tolist())) == expected


@pytest.mark.parametrize("size", [2, 16, 17, 700], ids=["pair", "small", "just-large", "crowded"])
def test_every_pair_of_a_bucket_is_a_candidate(size: int) -> None:
    keys = np.arange(3000, dtype=np.uint64).reshape(1, 3000)
    columns = np.random.default_rng(size).choice(3000, size, replace=False)
    keys[0, columns] = 10**9
    pairs = {tuple(p) for p in lsh.candidate_pairs(keys).tolist()}
    expected = {(int(a), int(b)) for a in columns for b in columns if a < b}
    assert pairs == expected


def test_huge_bucket_pairs_each_member_with_its_next_followers() -> None:
    size = lsh.LARGE_BUCKET + 300
    pairs = lsh.candidate_pairs(np.zeros((1, size), dtype=np.uint64))
    expected = sum(min(lsh.LARGE_BUCKET, size - 1 - i) for i in range(size))
    assert len(pairs) == expected
    assert (pairs[:, 1] - pairs[:, 0] <= lsh.LARGE_BUCKET).all()


def test_no_shared_keys_no_candidates() -> None:
    keys = np.arange(30, dtype=np.uint64).reshape(3, 10)
    assert lsh.candidate_pairs(keys).shape == (0, 2)


def _first_seen_by_band(keys: np.ndarray) -> list[np.ndarray]:
    found, large = [], []
    for band in range(keys.shape[1]):
        pairs, crowded = lsh.band_pairs(keys, band)
        found.append(lsh.first_seen(keys, pairs, large))
        large.append(crowded)
    return found


def test_huge_buckets_yield_every_candidate_once() -> None:
    rng = np.random.default_rng(4)
    keys = rng.integers(0, 3, (3, lsh.LARGE_BUCKET + 500)).astype(np.uint64)
    keys[0, :] = 7  # one huge bucket in the first band: far-apart pairs come from later bands
    by_band = _first_seen_by_band(np.ascontiguousarray(keys.T))
    together = np.concatenate(by_band)
    assert len(by_band[1]) > 0
    assert len({tuple(p) for p in together.tolist()}) == len(together)
    assert {tuple(p) for p in together.tolist()} == {
        tuple(p) for p in lsh.candidate_pairs(keys).tolist()}


def test_bands_yield_every_candidate_once() -> None:
    signatures = _signatures(400, np.random.default_rng(5))
    keys = lsh.band_keys(signatures, 42, 3)
    by_band = _first_seen_by_band(np.ascontiguousarray(keys.T))
    together = np.concatenate(by_band)
    assert sum(len(pairs) > 0 for pairs in by_band[1:]) > 10  # later bands add pairs too
    assert len({tuple(p) for p in together.tolist()}) == len(together)
    assert {tuple(p) for p in together.tolist()} == {
        tuple(p) for p in lsh.candidate_pairs(keys).tolist()}


def test_packed_sort_agrees_with_argsort_when_keys_share_high_bits() -> None:
    rng = np.random.default_rng(9)
    band = rng.integers(0, 2**64, 5000, dtype=np.uint64)
    band[:40] = np.uint64(1 << 40)  # two buckets whose keys differ only in the low bits
    band[40:80] = np.uint64((1 << 40) + 1)
    band[100:4000:7] = band[99]
    columns, keys = lsh._sorted_by_key(band)
    expected = np.argsort(band, kind="stable")
    assert columns.tolist() == expected.tolist()
    assert (keys == band[expected]).all()
