"""verify: dedupe's length bound + one batched rapidfuzz call vs one rapidfuzz call per pair.

Both get the same candidate pairs (dedupe's LSH output) and keep those whose word-level
similarity reaches the threshold; dedupe works on token hashes, the loop on token strings.
"""

from __future__ import annotations

import pytest

from benchmarks import ours, reference
from benchmarks.timing import Measure
from dedupe import Settings
from dedupe.shingle import TokenTable

pytestmark = pytest.mark.benchmark(group="verify")

Links = set[reference.Pair]


@pytest.fixture(scope="session")
def table(token_lists: list[list[str]], settings: Settings) -> TokenTable:
    return ours.token_table(token_lists, settings)


def rapidfuzz_links(
    token_lists: list[list[str]], pairs: list[reference.Pair], threshold: float
) -> Links:
    """The pairs at or above `threshold`, scored one rapidfuzz call per pair."""
    scores = reference.pair_similarities(token_lists, pairs)
    return {pair for pair, score in zip(pairs, scores, strict=True) if score >= threshold - 1e-9}


@pytest.fixture(scope="session")
def expected_links(
    token_lists: list[list[str]], candidates: ours.Pairs, settings: Settings
) -> Links:
    pairs = [(i, j) for i, j in candidates.tolist()]
    return rapidfuzz_links(token_lists, pairs, settings.threshold)


def test_dedupe(
    measure: Measure, table: TokenTable, candidates: ours.Pairs, settings: Settings
) -> None:
    links = measure("dedupe (length bound + cpdist)", ours.verified, table, candidates, settings,
                    ours=True)
    assert links.ndim == 2 and len(links) <= len(candidates)


def test_rapidfuzz_loop(
    measure: Measure, token_lists: list[list[str]], candidates: ours.Pairs, settings: Settings
) -> None:
    pairs = [(i, j) for i, j in candidates.tolist()]
    links = measure("rapidfuzz Indel, one call per pair", rapidfuzz_links, token_lists, pairs,
                    settings.threshold)
    assert 0 < len(links) <= len(pairs)


def test_same_links(table: TokenTable, candidates: ours.Pairs, settings: Settings,
                    expected_links: Links) -> None:
    """dedupe keeps exactly the pairs a plain rapidfuzz check keeps."""
    mine = {(i, j) for i, j in ours.verified(table, candidates, settings).tolist()}
    assert mine == expected_links, f"{len(expected_links - mine)} pairs at the threshold dropped"
