"""The reference implementations a user would pick instead of dedupe, stage by stage.

`scan` is the end-to-end reference: read files, split paragraphs on blank lines, regex
normalization, word n-gram shingles, `MinHash.bulk` with 32-bit xxhash (datasketch's
fastest public path), `MinHashLSH` filled in an insertion session and queried per
paragraph, a rapidfuzz check of every candidate, union-find clusters. It groups exact
copies with a dict before hashing, as any user would, which only makes it faster.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import rensa  # type: ignore[import-untyped]
import xxhash
from datasketch import LeanMinHash, MinHash, MinHashLSH
from rapidfuzz.distance import Indel

from benchmarks.data import word_shingles
from dedupe import Settings

Pair = tuple[int, int]
ParagraphId = tuple[str, int]  # (file name, 1-based paragraph number)

_BLANK_LINES = re.compile(r"\n\s*\n")
_WORD = re.compile(r"[^\W_]+")


def regex_tokens(text: str) -> list[str]:
    """Lower-cased words: the regex normalization a datasketch user writes."""
    return _WORD.findall(text.lower())


def shingle_strings(
    token_lists: Iterable[Sequence[str]], ngram: int
) -> Iterator[list[str]]:
    """Each paragraph's word n-grams joined as strings, built lazily."""
    return (word_shingles(words, ngram) for words in token_lists)


def shingle_bytes(
    token_lists: Iterable[Sequence[str]], ngram: int
) -> Iterator[list[bytes]]:
    """The same shingles UTF-8 encoded, as datasketch's hash functions need them."""
    return ([s.encode() for s in word_shingles(words, ngram)] for words in token_lists)


def sha1_minhashes(shingles: Iterable[list[bytes]], num_perm: int, seed: int) -> list[MinHash]:
    """One `MinHash` per paragraph with `update_batch` and datasketch's default SHA-1."""
    sketches = []
    for items in shingles:
        sketch = MinHash(num_perm=num_perm, seed=seed)
        sketch.update_batch(items)
        sketches.append(sketch)
    return sketches


def bulk_minhashes(shingles: Iterable[list[bytes]], num_perm: int, seed: int) -> list[MinHash]:
    """`MinHash.bulk` with 32-bit xxhash: datasketch's fastest public path."""
    sketches: list[MinHash] = MinHash.bulk(
        shingles, num_perm=num_perm, seed=seed, hashfunc=xxhash.xxh32_intdigest
    )
    return sketches


def rensa_digests(shingles: Iterable[list[str]], num_perm: int, seed: int) -> list[list[int]]:
    """One `rensa.RMinHash` per paragraph, updated with its shingle list."""
    digests: list[list[int]] = []
    for items in shingles:
        sketch = rensa.RMinHash(num_perm, seed)
        sketch.update(items)
        digests.append(sketch.digest())
    return digests


def rensa_matrix(
    shingles: Iterable[list[str]], num_perm: int, seed: int
) -> rensa.RMinHashDigestMatrix:
    """rensa's bulk path: a paragraphs x num_perm digest matrix, no object per paragraph."""
    return rensa.RMinHash.digest_matrix_from_token_sets(shingles, num_perm, seed)


def lean_minhashes(matrix: npt.NDArray[np.uint32], seed: int) -> list[LeanMinHash]:
    """Columns of a dedupe signature matrix as datasketch sketches (same values, same seed)."""
    return [
        LeanMinHash(seed=seed, hashvalues=column, scheme="affine32") for column in matrix.T
    ]


def lsh_candidates(sketches: Sequence[MinHash], bands: int, rows: int) -> set[Pair]:
    """Pairs (i < j) that `MinHashLSH` with `bands` x `rows` returns when each is queried."""
    index = MinHashLSH(num_perm=len(sketches[0]) if sketches else 128, params=(bands, rows))
    with index.insertion_session() as session:
        for key, sketch in enumerate(sketches):
            session.insert(key, sketch, check_duplication=False)
    pairs: set[Pair] = set()
    for key, sketch in enumerate(sketches):
        pairs.update((min(key, other), max(key, other)) for other in index.query(sketch))
        pairs.discard((key, key))
    return pairs


def pair_similarities(token_lists: Sequence[Sequence[str]], pairs: Iterable[Pair]) -> list[float]:
    """Word-level similarity of each pair, one rapidfuzz call per pair."""
    return [Indel.normalized_similarity(token_lists[i], token_lists[j]) for i, j in pairs]


@dataclass(frozen=True)
class ReferenceResult:
    """What the reference pipeline found; clusters hold (file name, paragraph number)."""

    paragraphs: int
    candidates: int
    verified: int
    clusters: list[list[ParagraphId]]


def read_paragraphs(folder: Path) -> list[tuple[ParagraphId, str]]:
    """Every paragraph of the .txt files under `folder`, in sorted file order."""
    found: list[tuple[ParagraphId, str]] = []
    for path in sorted(folder.rglob("*.txt")):
        blocks = (b.strip() for b in _BLANK_LINES.split(path.read_text(encoding="utf-8")))
        found.extend(((path.name, n), text) for n, text in enumerate(filter(None, blocks), 1))
    return found


class UnionFind:
    """Disjoint sets over 0..size-1 with path halving."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = item = self.parent[self.parent[item]]
        return item

    def union(self, left: int, right: int) -> None:
        self.parent[self.find(left)] = self.find(right)


def scan(folder: Path, settings: Settings) -> ReferenceResult:
    """Clusters of repeated paragraphs under `folder`, the datasketch way."""
    paragraphs = read_paragraphs(folder)
    groups = group_copies(paragraphs, settings.min_words)
    token_lists = list(groups)
    shingles = shingle_bytes(token_lists, settings.shingle_size)
    sketches = bulk_minhashes(shingles, settings.num_perm, settings.seed)
    pairs = sorted(lsh_candidates(sketches, settings.bands, settings.rows))
    scores = pair_similarities(token_lists, pairs)
    cutoff = settings.threshold - 1e-9
    links = [pair for pair, score in zip(pairs, scores, strict=True) if score >= cutoff]
    clusters = union_clusters(list(groups.values()), links)
    return ReferenceResult(len(paragraphs), len(pairs), len(links), clusters)


def group_copies(
    paragraphs: Iterable[tuple[ParagraphId, str]], min_words: int
) -> dict[tuple[str, ...], list[ParagraphId]]:
    """Paragraphs of at least `min_words` words grouped by their normalized words."""
    groups: dict[tuple[str, ...], list[ParagraphId]] = {}
    for pid, text in paragraphs:
        words = tuple(regex_tokens(text))
        if len(words) >= min_words:
            groups.setdefault(words, []).append(pid)
    return groups


def union_clusters(
    groups: list[list[ParagraphId]], links: Iterable[Pair]
) -> list[list[ParagraphId]]:
    """Connected groups with two or more paragraphs in all, sorted."""
    sets = UnionFind(len(groups))
    for left, right in links:
        sets.union(left, right)
    members: dict[int, list[ParagraphId]] = {}
    for group, pids in enumerate(groups):
        members.setdefault(sets.find(group), []).extend(pids)
    return sorted(sorted(c) for c in members.values() if len(c) > 1)
