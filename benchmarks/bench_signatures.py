"""MinHash signatures from paragraph text: dedupe's batched numpy path vs datasketch and rensa.

Every implementation starts from the same paragraph texts, inside the timed call: dedupe
normalizes, tokenizes and hashes a batch at once (exact keys included), then shingles and
signs it; the references tokenize with a regex (the same words on this corpus, see
bench_normalize) and build their word 2-gram strings (encoded for datasketch). One extra row
times rensa's kernel alone, on shingle strings built beforehand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from tests.corpus import CorpusMaker

from benchmarks import ours, reference
from benchmarks.data import BenchCorpus, word_shingles
from benchmarks.timing import Measure, Recorder
from dedupe import Settings
from dedupe.signature import EMPTY

pytestmark = pytest.mark.benchmark(group="signatures")

Shingler = Callable[[Sequence[Sequence[str]], int], Iterator[Any]]
REFERENCES: dict[str, tuple[Callable[..., Any], Shingler]] = {
    "datasketch update_batch (sha1)": (reference.sha1_minhashes, reference.shingle_bytes),
    "datasketch bulk (xxh32)": (reference.bulk_minhashes, reference.shingle_bytes),
    "rensa RMinHash.update": (reference.rensa_digests, reference.shingle_strings),
    "rensa digest_matrix_from_token_sets": (reference.rensa_matrix, reference.shingle_strings),
}
ESTIMATOR_PAIRS = 1500
ESTIMATOR_TOLERANCE = 1.10  # our mean absolute error may exceed the reference's by 10 % at most


def as_rows(sketches: Any) -> npt.NDArray[np.uint64]:
    """A (paragraphs, num_perm) array from any reference's output."""
    if hasattr(sketches, "to_rows"):
        return np.array(sketches.to_rows(), dtype=np.uint64)
    return np.array([getattr(s, "hashvalues", s) for s in sketches], dtype=np.uint64)


def test_dedupe(measure: Measure, corpus: BenchCorpus, settings: Settings) -> None:
    matrix = measure("dedupe (numpy, batched)", ours.signature_matrix, corpus.texts, settings,
                     ours=True)
    assert matrix.shape == (settings.num_perm, len(corpus))
    assert matrix.dtype == np.uint32 and not (matrix == EMPTY).all(axis=0).any()


def from_text(name: str, texts: Sequence[str], settings: Settings) -> Any:
    """Reference `name` run on paragraph texts: regex tokens, then shingle strings."""
    function, shingler = REFERENCES[name]
    shingles = shingler(map(reference.regex_tokens, texts), settings.shingle_size)
    return function(shingles, settings.num_perm, settings.seed)


@pytest.mark.parametrize("name", list(REFERENCES), ids=lambda n: n.split(" (")[0].replace(" ", "-"))
def test_reference(measure: Measure, corpus: BenchCorpus, settings: Settings, name: str) -> None:
    sketches = measure(name, from_text, name, corpus.texts, settings)
    assert as_rows(sketches).shape == (len(corpus), settings.num_perm)


def test_rensa_kernel(
    measure: Measure, shingle_texts: list[list[str]], settings: Settings
) -> None:
    sketches = measure("rensa digest_matrix, shingles prebuilt", reference.rensa_matrix,
                       shingle_texts, settings.num_perm, settings.seed)
    assert as_rows(sketches).shape == (len(shingle_texts), settings.num_perm)


@pytest.fixture(scope="module")
def estimator_pairs() -> list[tuple[str, str]]:
    """Paragraphs and reprints edited at 0-50 %, so shingle Jaccard spans (0, 1)."""
    maker = CorpusMaker(seed=11)
    texts = maker.paragraphs(ESTIMATOR_PAIRS, low=10, high=300, median=60)
    levels = maker.rng.uniform(0.0, 0.5, len(texts)).tolist()
    edited = [maker.edit(text, level) for text, level in zip(texts, levels, strict=True)]
    return list(zip(texts, edited, strict=True))


def mean_abs_error(rows: npt.NDArray[Any], truth: npt.NDArray[np.float64]) -> float:
    """Mean |estimate - truth| where rows 2k and 2k+1 are the two sides of pair k."""
    estimates = (rows[0::2] == rows[1::2]).mean(axis=1)
    return float(np.abs(estimates - truth).mean())


def exact_jaccard(left: Sequence[str], right: Sequence[str], ngram: int) -> float:
    a, b = set(word_shingles(left, ngram)), set(word_shingles(right, ngram))
    return len(a & b) / len(a | b)


@pytest.mark.parametrize("name", ["datasketch update_batch (sha1)", "datasketch bulk (xxh32)"])
def test_estimator_error_matches_datasketch(
    estimator_pairs: list[tuple[str, str]], settings: Settings, recorder: Recorder, name: str
) -> None:
    sides = [text for pair in estimator_pairs for text in pair]
    words = ours.token_lists(sides, settings)
    n = settings.shingle_size
    pairs = zip(words[0::2], words[1::2], strict=True)
    truth = np.array([exact_jaccard(a, b, n) for a, b in pairs])
    mine = mean_abs_error(ours.signature_matrix(sides, settings).T, truth)
    theirs = mean_abs_error(as_rows(from_text(name, sides, settings)), truth)
    recorder.notes.append(f"estimator mean abs error on {len(truth)} pairs: dedupe {mine:.4f}, "
                          f"{name} {theirs:.4f}")
    assert mine <= ESTIMATOR_TOLERANCE * theirs
