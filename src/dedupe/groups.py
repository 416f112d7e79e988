"""Exact-copy groups over every kept paragraph of a scan, numbered in reading order.

Paragraphs with equal normalized text (equal 128-bit keys) form one group; only a
group's first paragraph in reading order (its representative) takes part in LSH and
verification. Everything is columnar: no object per paragraph until a report needs one.
"""

from __future__ import annotations

import numpy as np

from dedupe.columns import I64, ParagraphColumns
from dedupe.model import Paragraph
from dedupe.shingle import U64, TokenTable
from dedupe.sketch import SketchedBatch


class ExactGroups:
    """Groups of exact copies; group g's members are `members(g)` in reading order.

    `keys[:, g]` are the band keys and `tokens` row g the token hashes of group g.
    Building it empties `batches`, so each batch's arrays are freed once placed.
    """

    def __init__(self, batches: list[SketchedBatch], bands: int) -> None:
        self.paragraphs = ParagraphColumns.concatenate([b.paragraphs for b in batches])
        exact = np.concatenate([b.exact for b in batches] or [np.empty((0, 2), np.uint64)])
        position = np.empty(len(self.paragraphs), dtype=np.int64)
        position[self.paragraphs.reading_order()] = np.arange(len(self.paragraphs))
        _, key_of = np.unique(exact, axis=0, return_inverse=True)
        key_of = key_of.reshape(-1)
        first = np.full(int(key_of.max(initial=-1)) + 1, len(position), dtype=np.int64)
        np.minimum.at(first, key_of, position)
        group_of_key = np.empty(len(first), dtype=np.int64)
        group_of_key[np.argsort(first)] = np.arange(len(first))
        self.group = group_of_key[key_of]
        self.member_order = np.lexsort((position, self.group))
        self.sizes = np.bincount(self.group, minlength=len(first)).astype(np.int64)
        self.starts = np.cumsum(self.sizes) - self.sizes
        representatives = self.member_order[self.starts]
        self.keys, self.tokens = _place(batches, representatives, bands)

    def __len__(self) -> int:
        return len(self.sizes)

    @property
    def exact_links(self) -> int:
        """Pairs confirmed by equal keys: each copy beyond a group's first."""
        return int(len(self.paragraphs) - len(self))

    def members(self, group: int) -> list[Paragraph]:
        start = int(self.starts[group])
        indexes = self.member_order[start : start + int(self.sizes[group])].tolist()
        return [self.paragraphs.paragraph(i) for i in indexes]


def _place(
    batches: list[SketchedBatch], representatives: I64, bands: int
) -> tuple[U64, TokenTable]:
    """Band keys and token hashes of each group's representative, in group order.

    Consumes `batches`: each is dropped as soon as its part is copied.
    """
    batch_of = np.repeat(np.arange(len(batches)), [len(b.paragraphs) for b in batches])
    row_of = np.concatenate([b.row for b in batches] or [np.empty(0, np.int64)])
    keys = np.empty((bands, len(representatives)), dtype=np.uint64)
    lengths = np.zeros(len(representatives), dtype=np.int64)
    rep_batch, rep_row = batch_of[representatives], row_of[representatives]
    for index, batch in enumerate(batches):
        lengths[rep_batch == index] = batch.tokens.lengths[rep_row[rep_batch == index]]
    starts = np.cumsum(lengths) - lengths
    flat = np.empty(int(lengths.sum()), dtype=np.uint64)
    for index in range(len(batches)):
        batch = batches.pop(0)
        groups = np.flatnonzero(rep_batch == index)
        keys[:, groups] = batch.keys[:, rep_row[groups]]
        picked = batch.tokens.select(rep_row[groups])
        destination = np.repeat(starts[groups] - picked.starts, picked.lengths)
        flat[np.arange(len(picked.flat)) + destination] = picked.flat
    return keys, TokenTable(flat, starts, lengths)
