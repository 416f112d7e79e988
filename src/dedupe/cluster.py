"""Clusters: union-find over verified links between exact-copy groups.

A group holds the paragraphs with one normalized text; a cluster is a connected set of
groups with two or more paragraphs in all. Kind `exact` when it is one group, else `near`.
Order is deterministic: members in reading order, clusters by size (largest first), then
by first member.
"""

from __future__ import annotations

import numpy as np

from dedupe.groups import ExactGroups
from dedupe.model import Cluster, ClusterKind, Member
from dedupe.verify import Pairs, shingle_overlap, similarity


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


def build_clusters(groups: ExactGroups, links: Pairs, ngram: int) -> tuple[Cluster, ...]:
    """Clusters of the groups joined by `links` (pairs of group indices)."""
    sets = UnionFind(len(groups))
    for left, right in links.tolist():
        sets.union(left, right)
    components: dict[int, list[int]] = {}
    linked = np.unique(links) if len(links) else np.empty(0, dtype=np.int64)
    for group in np.union1d(np.flatnonzero(groups.sizes > 1), linked).tolist():
        components.setdefault(sets.find(group), []).append(group)
    return numbered([_cluster(members, groups, ngram) for members in components.values()])


def numbered(drafts: list[Cluster]) -> tuple[Cluster, ...]:
    """The clusters in report order (largest first, then by first member), numbered from 1."""
    drafts.sort(key=lambda c: (-c.size, c.members[0].paragraph.sort_key))
    return tuple(
        Cluster(id=number, kind=c.kind, members=c.members) for number, c in enumerate(drafts, 1)
    )


def compare(reference: list[int], other: list[int], ngram: int) -> tuple[float, float, float]:
    """Similarity, shingle Jaccard and containment of a group to its cluster's first group."""
    return (similarity(reference, other), *shingle_overlap(reference, other, ngram))


def _cluster(component: list[int], groups: ExactGroups, ngram: int) -> Cluster:
    placed = sorted(
        ((paragraph, group) for group in component for paragraph in groups.members(group)),
        key=lambda item: item[0].sort_key,
    )
    first_group = placed[0][1]
    reference = groups.tokens.sequence(first_group)
    scores: dict[int, tuple[float, float, float]] = {}
    for group in component:
        if group == first_group:
            scores[group] = (1.0, 1.0, 1.0)
        else:
            scores[group] = compare(reference, groups.tokens.sequence(group), ngram)
    members = tuple(Member(paragraph, *scores[group]) for paragraph, group in placed)
    kind = ClusterKind.EXACT if len(component) == 1 else ClusterKind.NEAR
    return Cluster(id=0, kind=kind, members=members)
