"""Verification: every candidate pair is checked on its words before it is reported.

Similarity is `rapidfuzz.distance.Indel.normalized_similarity` over the two normalized
token sequences (1.0 = same words in the same order). Each distinct token is mapped to
one character, so rapidfuzz compares words with its fast string kernels, many pairs per
call and on several threads.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import Indel

F64 = npt.NDArray[np.float64]
Pairs = npt.NDArray[np.int64]

_SURROGATES = range(0xD800, 0xE000)
# Distinct tokens one call can encode: all code points but the surrogates.
MAX_VOCABULARY = 0x110000 - len(_SURROGATES)


def similarity(left: Sequence[str], right: Sequence[str]) -> float:
    """Word-level similarity of two token sequences, in [0, 1]."""
    return float(Indel.normalized_similarity(left, right))


def similarities(
    token_lists: Sequence[Sequence[str]],
    pairs: Pairs,
    workers: int = 1,
    cutoff: float = 0.0,
    max_vocabulary: int = MAX_VOCABULARY,
) -> F64:
    """Similarity of each pair (i, j) of `token_lists`, computed in batches.

    Pairs below `cutoff` may come back as 0 (rapidfuzz stops early on them).
    """
    result = np.empty(len(pairs), dtype=np.float64)
    begin = 0
    while begin < len(pairs):
        end, encoded = _encode_batch(token_lists, pairs, begin, max_vocabulary)
        if not encoded:  # one pair with more distinct words than code points
            left_index, right_index = pairs[begin].tolist()
            result[begin] = similarity(token_lists[left_index], token_lists[right_index])
            begin = end
            continue
        chunk = pairs[begin:end]
        left = [encoded[i] for i in chunk[:, 0].tolist()]
        right = [encoded[j] for j in chunk[:, 1].tolist()]
        result[begin:end] = process.cpdist(
            left, right, scorer=Indel.normalized_similarity, workers=workers, score_cutoff=cutoff
        )
        begin = end
    return result


def _encode_batch(
    token_lists: Sequence[Sequence[str]], pairs: Pairs, begin: int, limit: int
) -> tuple[int, dict[int, str]]:
    """Encode the paragraphs of pairs[begin:end] as strings, one character per distinct token.

    Stops before the vocabulary could outgrow the code points; returns no encodings when
    the first pair alone might.
    """
    vocabulary: dict[str, str] = {}
    encoded: dict[int, str] = {}
    end = begin
    for left, right in pairs[begin:].tolist():
        needed = sum(len(token_lists[i]) for i in (left, right) if i not in encoded)
        if len(vocabulary) + needed > limit:
            return (end, encoded) if end > begin else (begin + 1, {})
        for index in (left, right):
            if index not in encoded:
                encoded[index] = "".join(_char(vocabulary, t) for t in token_lists[index])
        end += 1
    return end, encoded


def _char(vocabulary: dict[str, str], token: str) -> str:
    code = vocabulary.get(token)
    if code is None:
        number = len(vocabulary)
        code = vocabulary[token] = chr(number + len(_SURROGATES) if number >= 0xD800 else number)
    return code


def shingle_overlap(left: Sequence[str], right: Sequence[str], ngram: int) -> tuple[float, float]:
    """Exact Jaccard of the two shingle sets, and containment of the smaller in the larger."""
    a, b = _shingle_set(left, ngram), _shingle_set(right, ngram)
    shared = len(a & b)
    union = len(a) + len(b) - shared
    return (shared / union if union else 1.0), (shared / min(len(a), len(b)) if a and b else 1.0)


def _shingle_set(words: Sequence[str], ngram: int) -> set[tuple[str, ...]]:
    last = max(len(words) - ngram, 0)
    return {tuple(words[i : i + ngram]) for i in range(last + 1)} if words else set()
