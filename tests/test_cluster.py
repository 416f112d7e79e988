"""Clustering: union-find over links, exact vs near, deterministic order."""

from __future__ import annotations

import numpy as np

from dedupe.cluster import UnionFind, build_clusters
from dedupe.model import ClusterKind, Paragraph
from dedupe.shingle import TokenHasher, TokenTable


def _paragraph(path: str, number: int, text: str) -> Paragraph:
    return Paragraph(path, path, 0, number, number, number, text)


def test_union_find_joins_transitively() -> None:
    sets = UnionFind(5)
    sets.union(0, 1)
    sets.union(3, 1)
    assert sets.find(0) == sets.find(3) != sets.find(2)


def test_exact_and_near_clusters_in_order() -> None:
    groups = [
        [_paragraph("b.txt", 4, "x"), _paragraph("a.txt", 9, "x")],  # exact pair
        [_paragraph("c.txt", 1, "one two three four five")],
        [_paragraph("c.txt", 2, "one two three four six")],
        [_paragraph("d.txt", 1, "one two three four five"), _paragraph("d.txt", 3, "")],
        [_paragraph("e.txt", 1, "alone")],
    ]
    tokens = [
        ["x"],
        ["one", "two", "three", "four", "five"],
        ["one", "two", "three", "four", "six"],
        ["one", "two", "three", "four", "five"],
        ["alone"],
    ]
    flat, starts = TokenHasher(1).hash_all(tokens)
    table = TokenTable(flat, starts, np.array([len(t) for t in tokens], dtype=np.int64))
    clusters = build_clusters(groups, table, np.array([[1, 2], [2, 3]]), ngram=2)
    assert [c.size for c in clusters] == [4, 2]
    near, exact = clusters
    assert near.kind is ClusterKind.NEAR and exact.kind is ClusterKind.EXACT
    assert [m.paragraph.path for m in near.members] == ["c.txt", "c.txt", "d.txt", "d.txt"]
    assert near.members[1].similarity == 0.8
    assert [m.paragraph.path for m in exact.members] == ["a.txt", "b.txt"]
    assert [c.id for c in clusters] == [1, 2]
