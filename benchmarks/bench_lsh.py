"""LSH candidates: dedupe's sort-per-band vs datasketch MinHashLSH on the same signatures."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import LeanMinHash

from benchmarks import ours, reference
from benchmarks.timing import Measure
from dedupe import Settings

pytestmark = pytest.mark.benchmark(group="lsh")


@pytest.fixture(scope="module")
def lean_sketches(signature_matrix: ours.U32, settings: Settings) -> list[LeanMinHash]:
    """Our signatures as datasketch sketches, built outside the timing."""
    return reference.lean_minhashes(signature_matrix, settings.seed)


def test_dedupe(measure: Measure, signature_matrix: ours.U32, settings: Settings) -> None:
    pairs = measure("dedupe", ours.lsh_candidates, signature_matrix, settings, ours=True)
    assert pairs.ndim == 2 and pairs.shape[1] == 2
    assert (pairs[:, 0] < pairs[:, 1]).all() and len(np.unique(pairs, axis=0)) == len(pairs)


def test_datasketch(
    measure: Measure,
    lean_sketches: list[LeanMinHash],
    candidates: ours.Pairs,
    settings: Settings,
) -> None:
    found = measure("datasketch MinHashLSH", reference.lsh_candidates, lean_sketches,
                    settings.bands, settings.rows)
    mine = set(map(tuple, candidates.tolist()))
    assert mine == found, f"{len(found - mine)} missing, {len(mine - found)} extra candidate pairs"
