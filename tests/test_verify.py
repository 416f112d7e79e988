"""Verification: word-level similarity, batched, equal to rapidfuzz pair by pair."""

from __future__ import annotations

import numpy as np
import pytest
from rapidfuzz.distance import Indel

from dedupe.shingle import TokenHasher, TokenTable
from dedupe.verify import (
    MAX_VOCABULARY,
    shingle_overlap,
    shingle_overlaps,
    similarities,
    similarity,
)


def _table(texts: list[list[str]]) -> TokenTable:
    flat, starts = TokenHasher(1).hash_all(texts)
    return TokenTable(flat, starts, np.array([len(t) for t in texts], dtype=np.int64))


def test_similarity_is_word_level() -> None:
    assert similarity(["a", "b", "c", "d", "e"], ["a", "b", "x", "d", "e"]) == pytest.approx(0.8)
    assert similarity(["same"], ["same"]) == 1.0


def test_batched_similarities_equal_pairwise_rapidfuzz() -> None:
    rng = np.random.default_rng(2)
    texts = [[f"w{int(w)}" for w in rng.integers(0, 50, int(n))] for n in rng.integers(1, 60, 200)]
    pairs = rng.integers(0, 200, (500, 2)).astype(np.int64)
    expected = [Indel.normalized_similarity(texts[a], texts[b]) for a, b in pairs.tolist()]
    np.testing.assert_allclose(similarities(_table(texts), pairs, workers=2), expected)


def test_vocabulary_beyond_the_limit_is_split_into_batches() -> None:
    texts = [[f"a{i}" for i in range(6)], [f"b{i}" for i in range(6)], ["a0", "b0", "c"]]
    pairs = np.array([[0, 1], [1, 2], [0, 2], [2, 2]], dtype=np.int64)
    expected = [Indel.normalized_similarity(texts[a], texts[b]) for a, b in pairs.tolist()]
    np.testing.assert_allclose(similarities(_table(texts), pairs, max_vocabulary=10), expected)
    assert MAX_VOCABULARY == 0x110000 - 0x800


def test_cutoff_zeroes_pairs_below_it() -> None:
    texts = [["a", "b", "c", "d"], ["a", "b", "x", "y"], ["a", "b", "c", "e"]]
    pairs = np.array([[0, 1], [0, 2]], dtype=np.int64)
    assert similarities(_table(texts), pairs, cutoff=0.7).tolist() == [0.0, 0.75]


@pytest.mark.parametrize("similarity_value", [0.8, 0.9], ids=["0.8", "0.9"])
def test_pair_exactly_at_the_cutoff_keeps_its_value(similarity_value: float) -> None:
    size = 5 if similarity_value == 0.8 else 10
    left = [f"w{i}" for i in range(size)]
    texts = [left, [*left[:-1], "other"]]
    scores = similarities(_table(texts), np.array([[0, 1]]), cutoff=similarity_value)
    assert scores.tolist() == [similarity_value]


def test_shingle_overlap() -> None:
    jaccard, containment = shingle_overlap(["a", "b", "c"], ["a", "b", "c", "d"], 2)
    assert jaccard == pytest.approx(2 / 3)
    assert containment == 1.0


@pytest.mark.parametrize("ngram", [1, 2, 3])
def test_batched_shingle_overlaps_equal_pairwise(ngram: int) -> None:
    rng = np.random.default_rng(ngram)
    texts = [[f"w{int(w)}" for w in rng.integers(0, 8, int(n))] for n in rng.integers(1, 12, 300)]
    table = _table(texts)
    pairs = np.vstack([rng.integers(0, len(texts), (1000, 2)), [[7, 7]]])
    jaccard, containment = shingle_overlaps(table, pairs, ngram)
    expected = [shingle_overlap(texts[a], texts[b], ngram) for a, b in pairs.tolist()]
    assert list(zip(jaccard.tolist(), containment.tolist(), strict=True)) == expected
    assert jaccard[-1] == 1 and len(set(jaccard.tolist())) > 10
