"""Clusters: union-find over verified links between exact-copy groups.

A group holds the paragraphs with one normalized text; a cluster is a connected set of
groups with two or more paragraphs in all. Kind `exact` when it is one group, else `near`.
Order is deterministic: members in reading order, clusters by size (largest first), then
by first member.
"""

from __future__ import annotations

import numpy as np

from dedupe.columns import I64
from dedupe.groups import ExactGroups
from dedupe.model import Cluster, ClusterKind, Member
from dedupe.shingle import sorted_unique
from dedupe.verify import F64, Pairs, shingle_overlap, shingle_overlaps, similarities, similarity


class UnionFind:
    """Disjoint sets over 0..size-1 with path halving and union by size."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))
        self.weight = [1] * size

    def find(self, item: int) -> int:
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, left: int, right: int) -> None:
        a, b = self.find(left), self.find(right)
        if a == b:
            return
        if self.weight[a] < self.weight[b]:
            a, b = b, a
        self.parent[b] = a
        self.weight[a] += self.weight[b]


def build_clusters(
    groups: ExactGroups, links: Pairs, ngram: int, workers: int = 1
) -> tuple[Cluster, ...]:
    """Clusters of the groups joined by `links` (pairs of group indices).

    Every group is scored against its cluster's first group as `compare` scores it, all
    pairs at once: similarities on `workers` threads, shingle overlaps with numpy.
    """
    sets = UnionFind(len(groups))
    for left, right in links.tolist():
        sets.union(left, right)
    clustered = sorted_unique(np.concatenate([np.flatnonzero(groups.sizes > 1), links.ravel()]))
    if not len(clustered):
        return ()
    root = np.array([sets.find(group) for group in clustered.tolist()], dtype=np.int64)
    rows, group_of, root_of = _placed(groups, clustered, root)
    heads = np.flatnonzero(np.concatenate(([True], root_of[1:] != root_of[:-1])))
    reference = group_of[heads][np.searchsorted(root_of[heads], root)]
    scores = _scores(groups, np.stack([reference, clustered], axis=1), ngram, workers)
    placed = scores[:, np.searchsorted(clustered, group_of)].tolist()
    members = list(map(Member, groups.paragraphs.paragraphs(rows), *placed))
    single = (np.bincount(root, minlength=len(groups))[root_of[heads]] == 1).tolist()
    ends = [*heads[1:].tolist(), len(rows)]
    kinds = [ClusterKind.EXACT if one else ClusterKind.NEAR for one in single]
    spans = zip(heads.tolist(), ends, kinds, strict=True)
    return numbered([Cluster(0, kind, tuple(members[a:b])) for a, b, kind in spans])


def _placed(groups: ExactGroups, clustered: I64, root: I64) -> tuple[I64, I64, I64]:
    """Paragraphs of the clustered groups, with their group and root, by (root, reading)."""
    sizes = groups.sizes[clustered]
    rows = groups.rows(clustered)
    group_of, root_of = np.repeat(clustered, sizes), np.repeat(root, sizes)
    order = np.lexsort((groups.position[rows], root_of))
    return rows[order], group_of[order], root_of[order]


def _scores(groups: ExactGroups, pairs: Pairs, ngram: int, workers: int) -> F64:
    """(similarity, Jaccard, containment) rows for pairs (first group, group); 1 for itself."""
    result = np.ones((3, len(pairs)), dtype=np.float64)
    others = pairs[:, 0] != pairs[:, 1]
    if others.any():
        compared = pairs[others]
        result[0, others] = similarities(groups.tokens, compared, workers=workers)
        result[1, others], result[2, others] = shingle_overlaps(groups.tokens, compared, ngram)
    return result


def numbered(drafts: list[Cluster]) -> tuple[Cluster, ...]:
    """The clusters in report order (largest first, then by first member), numbered from 1."""
    drafts.sort(key=lambda c: (-c.size, c.members[0].paragraph.sort_key))
    return tuple(
        Cluster(id=number, kind=c.kind, members=c.members) for number, c in enumerate(drafts, 1)
    )


def compare(reference: list[int], other: list[int], ngram: int) -> tuple[float, float, float]:
    """Similarity, shingle Jaccard and containment of a group to its cluster's first group."""
    return (similarity(reference, other), *shingle_overlap(reference, other, ngram))
