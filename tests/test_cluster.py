"""Grouping exact copies and clustering: components over links, exact vs near, order."""

from __future__ import annotations

import numpy as np

from dedupe.cluster import build_clusters, components
from dedupe.groups import ExactGroups
from dedupe.model import ClusterKind, Paragraph
from dedupe.settings import Settings
from dedupe.sketch import sketch_batch
from dedupe.verify import Vocabulary

SETTINGS = Settings(min_words=1)


def _paragraph(path: str, number: int, text: str) -> Paragraph:
    return Paragraph(path, path, 0, number, number, number, text)


def _groups(*batches: list[Paragraph]) -> ExactGroups:
    sketched = [sketch_batch(batch, SETTINGS) for batch in batches]
    return ExactGroups(sketched, SETTINGS.bands)


def test_components_join_transitively() -> None:
    labels = components(6, np.array([[3, 1], [5, 4], [1, 0], [4, 3]]))
    assert labels.tolist() == [0, 0, 2, 0, 0, 0]


def test_a_long_shuffled_chain_is_one_component() -> None:
    order = np.random.default_rng(1).permutation(5000)
    labels = components(5000, np.stack([order[:-1], order[1:]], axis=1))
    assert (labels == 0).all()
    assert components(3, np.empty((0, 2), dtype=np.int64)).tolist() == [0, 1, 2]


def test_groups_are_numbered_in_reading_order_across_batches() -> None:
    groups = _groups(
        [_paragraph("b.txt", 4, "Same words here"), _paragraph("c.txt", 1, "alone")],
        [_paragraph("a.txt", 9, "same, WORDS here!"), _paragraph("a.txt", 2, "first of all")],
    )
    assert len(groups) == 3 and groups.exact_links == 1
    assert [[p.path for p in groups.members(g)] for g in range(3)] == [
        ["a.txt"], ["a.txt", "b.txt"], ["c.txt"]]
    assert groups.tokens.sequence(1) == groups.tokens.sequence(1)
    assert groups.tokens.lengths.tolist() == [3, 3, 1]


def test_exact_and_near_clusters_in_order() -> None:
    groups = _groups([
        _paragraph("b.txt", 4, "x"),
        _paragraph("a.txt", 9, "x"),
        _paragraph("c.txt", 1, "one two three four five"),
        _paragraph("c.txt", 2, "one two three four six"),
        _paragraph("d.txt", 1, "one two three four seven"),
        _paragraph("d.txt", 3, "one two three four seven"),
        _paragraph("e.txt", 1, "alone"),
    ])
    # groups in reading order: 0 "x" (a.txt), 1 c:1, 2 c:2, 3 d:1+d:3, 4 e.txt
    encoded = groups.tokens.encoded(Vocabulary(groups.tokens.tables))
    clusters = build_clusters(groups, np.array([[1, 2], [2, 3]]), ngram=2, encoded=encoded)
    assert [c.size for c in clusters] == [4, 2]
    near, exact = clusters
    assert near.kind is ClusterKind.NEAR and exact.kind is ClusterKind.EXACT
    assert [(m.paragraph.path, m.paragraph.number) for m in near.members] == [
        ("c.txt", 1), ("c.txt", 2), ("d.txt", 1), ("d.txt", 3)]
    assert near.members[1].similarity == 0.8
    assert near.members[2].similarity == near.members[3].similarity == 0.8
    assert [m.paragraph.path for m in exact.members] == ["a.txt", "b.txt"]
    assert [c.id for c in clusters] == [1, 2]
