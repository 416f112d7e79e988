"""Shingle hashes: n-grams never cross paragraphs; short paragraphs are one shingle."""

from __future__ import annotations

import numpy as np
import pytest

from dedupe.normalize import fold_batch
from dedupe.settings import ShingleKind
from dedupe.shingle import TokenHasher, collapsed, shingle_hashes, sorted_unique, token_spans


def _shingles(token_lists: list[list[str]], ngram: int) -> list[list[int]]:
    hashes, starts = TokenHasher(1).hash_all(token_lists)
    flat, shingle_starts = shingle_hashes(hashes, starts, ngram)
    bounds = [*shingle_starts.tolist(), len(flat)]
    return [flat[a:b].tolist() for a, b in zip(bounds, bounds[1:], strict=False)]


def test_token_hashes_depend_on_token_and_seed_only() -> None:
    hashes, starts = TokenHasher(7).hash_all([["alpha", "beta"], ["gamma", "alpha"]])
    assert hashes[0] == hashes[3] and len(set(hashes.tolist())) == 3
    assert starts.tolist() == [0, 2]
    other, _ = TokenHasher(8).hash_all([["alpha", "beta"], ["gamma", "alpha"]])
    assert not set(hashes.tolist()) & set(other.tolist())


def test_short_tokens_never_collide() -> None:
    letters = [chr(c) for c in range(ord("a"), ord("z") + 1)]
    tokens = ["", *letters, *(a + b for a in letters for b in letters), "é", "ab\x00"]
    hashes, _ = TokenHasher(0).hash_all([tokens])
    assert len(set(hashes.tolist())) == len(tokens)


@pytest.mark.parametrize("position", [0, 7, 8, 15, 16, 39], ids=lambda p: f"byte{p}")
def test_long_tokens_differ_by_any_byte(position: int) -> None:
    base = "x" * 40
    changed = base[:position] + "y" + base[position + 1 :]
    hashes, _ = TokenHasher(1).hash_all([[base, changed, base + "x", base[:-1]]])
    assert len(set(hashes.tolist())) == 4


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (ShingleKind.WORD, [(b"ab", 0), (b"c\xc3\xa9", 0), (b"d", 2)]),
        (ShingleKind.CHAR, [(b"a", 0), (b"b", 0), (b"c", 0), (b"\xc3\xa9", 0), (b"d", 2)]),
    ],
    ids=["words", "characters"],
)
def test_token_spans(kind: ShingleKind, expected: list[tuple[bytes, int]]) -> None:
    data = fold_batch(["AB  cé ", "...", "d"])
    starts, lengths, text = token_spans(data, kind)
    found = [data[a : a + n] for a, n in zip(starts.tolist(), lengths.tolist(), strict=True)]
    assert list(zip(found, text.tolist(), strict=True)) == expected


@pytest.mark.parametrize("kind", list(ShingleKind), ids=lambda k: k.value)
def test_token_spans_number_texts_around_empty_ones(kind: ShingleKind) -> None:
    texts = ["", " ", "a b", "", "c", ""]
    _, _, text = token_spans(fold_batch(texts), kind)
    assert text.tolist() == [2, 2, 4]


def test_collapsed_joins_words_with_one_space() -> None:
    data = fold_batch(["  One,  two;\tthree ", "", "Four"])
    starts, _, text = token_spans(data, ShingleKind.WORD)
    assert collapsed(data, starts, text) == [b"one two three", b"", b"four"]


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


@pytest.mark.parametrize(
    ("values", "expected"),
    [([], []), ([[3, 1], [3, 2]], [1, 2, 3]), ([5, 5, 5], [5])],
    ids=["empty", "pairs", "repeats"],
)
def test_sorted_unique(values: list[int], expected: list[int]) -> None:
    assert sorted_unique(np.array(values, dtype=np.int64)).tolist() == expected


@pytest.mark.parametrize("ngram", [1, 2, 3])
def test_chunks_of_tokens_do_not_change_shingles(
    monkeypatch: pytest.MonkeyPatch, ngram: int
) -> None:
    rng = np.random.default_rng(ngram)
    lengths = rng.integers(1, 12, 200)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    hashes = rng.integers(0, 2**63, int(lengths.sum()), dtype=np.uint64)
    whole = shingle_hashes(hashes, starts, ngram)
    monkeypatch.setattr("dedupe.shingle.CHUNK_TOKENS", 7)
    chunked = shingle_hashes(hashes, starts, ngram)
    np.testing.assert_array_equal(chunked[0], whole[0])
    np.testing.assert_array_equal(chunked[1], whole[1])


def test_no_paragraphs_no_shingles() -> None:
    shingles, starts = shingle_hashes(np.empty(0, np.uint64), np.empty(0, np.int64), 2)
    assert shingles.dtype == np.uint64 and len(shingles) == 0 and len(starts) == 0
