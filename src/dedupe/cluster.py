"""Clusters: connected components of verified links between exact-copy groups.

A group holds the paragraphs with one normalized text; a cluster is a connected set of
groups with two or more paragraphs in all. Kind `exact` when it is one group, else `near`.
Order is deterministic: members in reading order, clusters by size (largest first), then
by first member.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from dedupe.columns import I64
from dedupe.engines.workers import started
from dedupe.groups import ExactGroups
from dedupe.model import Cluster, ClusterKind, Member
from dedupe.shingle import sorted_unique
from dedupe.verify import (
    F64,
    Encoded,
    Pairs,
    shingle_overlap,
    shingle_overlaps,
    similarity,
)
from dedupe.verify import (
    compare as compare_encoded,
)

# Members scored in a forked process from this many on: below, forking costs more.
FORKED_SCORES = 20_000


def components(count: int, links: Pairs) -> I64:
    """A label per node 0..count-1: the smallest node joined to it through `links`.

    Each round hooks the larger root of every link under the smaller one, then points
    every node straight at its root; rounds repeat until every link joins equal roots.
    """
    label = np.arange(count, dtype=np.int64)
    left, right = links[:, 0], links[:, 1]
    while True:
        a, b = label[left], label[right]
        apart = a != b
        if not apart.any():
            return label
        low = np.minimum(a[apart], b[apart])
        np.minimum.at(label, a[apart], low)
        np.minimum.at(label, b[apart], low)
        while True:
            pointed = label[label]
            if (pointed == label).all():
                break
            label = pointed


def build_clusters(
    groups: ExactGroups, links: Pairs, ngram: int, encoded: Encoded, workers: int = 1
) -> tuple[Cluster, ...]:
    """Clusters of the groups joined by `links` (pairs of group indices), in report order.

    Every group is scored against its cluster's first group as `compare` scores it, all
    pairs at once: similarities of the `encoded` groups on `workers` threads, shingle
    overlaps with numpy. Clusters come largest first, then by first member (as `numbered`).
    """
    clustered = sorted_unique(np.concatenate([np.flatnonzero(groups.sizes > 1), links.ravel()]))
    if not len(clustered):
        return ()
    root = components(len(groups), links)[clustered]
    rows, group_of, root_of = _placed(groups, clustered, root)
    heads = np.flatnonzero(np.concatenate(([True], root_of[1:] != root_of[:-1])))
    reference = group_of[heads][np.searchsorted(root_of[heads], root)]
    pairs = np.stack([reference, clustered], axis=1)
    scoring = partial(_scores, groups, pairs, ngram, encoded, workers)
    # With several workers and enough members, the scores come from a forked process while
    # this one makes the paragraph objects (pure Python: a thread beside it would wait for
    # the GIL). Otherwise scores first, so their scratch is gone before the objects are made.
    forked = workers > 1 and len(pairs) >= FORKED_SCORES
    scores = started(scoring) if forked else partial(np.asarray, scoring())
    paragraphs = groups.paragraphs.paragraphs(rows)
    placed = scores()[:, np.searchsorted(clustered, group_of)].tolist()
    members = list(map(Member, paragraphs, *placed))
    single = (np.bincount(root, minlength=len(groups))[root_of[heads]] == 1).tolist()
    ends = np.append(heads[1:], len(rows))
    order = np.lexsort((groups.position[rows[heads]], heads - ends)).tolist()
    starts, stops = heads.tolist(), ends.tolist()
    return tuple(
        Cluster(number, ClusterKind.EXACT if single[k] else ClusterKind.NEAR,
                tuple(members[starts[k] : stops[k]]))
        for number, k in enumerate(order, 1)
    )


def _placed(groups: ExactGroups, clustered: I64, root: I64) -> tuple[I64, I64, I64]:
    """Paragraphs of the clustered groups, with their group and root, by (root, reading)."""
    sizes = groups.sizes[clustered]
    rows = groups.rows(clustered)
    group_of, root_of = np.repeat(clustered, sizes), np.repeat(root, sizes)
    order = np.lexsort((groups.position[rows], root_of))
    return rows[order], group_of[order], root_of[order]


def _scores(
    groups: ExactGroups, pairs: Pairs, ngram: int, encoded: Encoded, workers: int
) -> F64:
    """(similarity, Jaccard, containment) rows for pairs (first group, group); 1 for itself."""
    result = np.ones((3, len(pairs)), dtype=np.float64)
    others = pairs[:, 0] != pairs[:, 1]
    if others.any():
        compared = pairs[others]
        result[0, others] = compare_encoded(encoded, compared, workers=workers)
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
