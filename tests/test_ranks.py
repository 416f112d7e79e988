"""Dense ranks: the same numbers as `np.unique(..., return_inverse=True)`, found faster."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from dedupe.groups import _key_numbers
from dedupe.ranks import dense_ranks

UINT64 = st.integers(min_value=0, max_value=2**64 - 1)


@given(st.lists(UINT64, max_size=300), st.integers(min_value=1, max_value=40))
def test_ranks_equal_unique_inverse(values: list[int], repeat: int) -> None:
    array = np.array(values * repeat, dtype=np.uint64)
    ranks, count = dense_ranks(array)
    distinct, inverse = np.unique(array, return_inverse=True)
    assert count == len(distinct)
    assert ranks.tolist() == inverse.reshape(-1).tolist()


def test_skewed_and_dense_values() -> None:
    rng = np.random.default_rng(3)
    skewed = np.concatenate([np.arange(5000, dtype=np.uint64), np.array([2**63], np.uint64)])
    for values in (skewed, rng.integers(0, 40, 10_000).astype(np.uint64)):
        ranks, count = dense_ranks(values)
        distinct, inverse = np.unique(values, return_inverse=True)
        assert count == len(distinct) and (ranks == inverse).all()


def test_exact_keys_sharing_their_first_half_stay_apart() -> None:
    keys = np.array([[7, 1], [7, 2], [7, 1], [3, 9]], dtype=np.uint64)
    numbers = _key_numbers(keys)
    assert numbers[0] == numbers[2]
    assert len({int(numbers[0]), int(numbers[1]), int(numbers[3])}) == 3
