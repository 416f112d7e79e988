"""Exact-copy groups over every kept paragraph of a scan, numbered in reading order.

Paragraphs with equal normalized text (equal 128-bit keys) form one group; only a
group's first paragraph in reading order (its representative) takes part in LSH and
verification. Everything is columnar: no object per paragraph until a report needs one.
"""

from __future__ import annotations

import numpy as np

from dedupe.columns import I64, ParagraphColumns
from dedupe.model import Paragraph
from dedupe.shingle import U64, TokenTable, starts_of
from dedupe.sketch import SketchedBatch


class ExactGroups:
    """Groups of exact copies; group g's members are `members(g)` in reading order.

    `position[i]` is paragraph i's rank in reading order.

    `keys[:, g]` are the band keys and `tokens` row g the token hashes of group g, read
    from the sketched batches on demand (never copied whole). Building it empties `batches`.
    """

    def __init__(self, batches: list[SketchedBatch], bands: int) -> None:
        self.paragraphs = ParagraphColumns.concatenate([b.paragraphs for b in batches])
        exact = np.concatenate([b.exact for b in batches] or [np.empty((0, 2), np.uint64)])
        self.position = position = np.empty(len(self.paragraphs), dtype=np.int64)
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
        self.starts = starts_of(self.sizes)
        location = _Location(batches, self.member_order[self.starts])
        self.keys = GroupKeys(location, [b.keys for b in batches], bands)
        self.tokens = GroupTokens(location, [b.tokens for b in batches])
        batches.clear()

    def __len__(self) -> int:
        return len(self.sizes)

    @property
    def exact_links(self) -> int:
        """Pairs confirmed by equal keys: each copy beyond a group's first."""
        return int(len(self.paragraphs) - len(self))

    def rows(self, groups: I64) -> I64:
        """The paragraphs of `groups`, group after group, each group's in reading order."""
        sizes = self.sizes[groups]
        offsets = np.repeat(self.starts[groups] - starts_of(sizes), sizes)
        return self.member_order[np.arange(int(sizes.sum()), dtype=np.int64) + offsets]

    def members(self, group: int) -> list[Paragraph]:
        start = int(self.starts[group])
        indexes = self.member_order[start : start + int(self.sizes[group])].tolist()
        return [self.paragraphs.paragraph(i) for i in indexes]


class _Location:
    """Where each group's representative lives: batch number and row inside the batch."""

    def __init__(self, batches: list[SketchedBatch], representatives: I64) -> None:
        batch_of = np.repeat(np.arange(len(batches)), [len(b.paragraphs) for b in batches])
        row_of = np.concatenate([b.row for b in batches] or [np.empty(0, np.int64)])
        self.batch, self.row = batch_of[representatives], row_of[representatives]
        self.count = len(representatives)
        self.everyone = self.split(np.arange(self.count))

    def split(self, groups: I64) -> list[tuple[int, I64]]:
        """(batch, positions in `groups` whose representative is in that batch)."""
        batches = self.batch[groups]
        order = np.argsort(batches, kind="stable")
        bounds = np.searchsorted(batches[order], np.arange(int(batches.max(initial=-1)) + 2))
        return [(b, order[bounds[b] : bounds[b + 1]]) for b in range(len(bounds) - 1)
                if bounds[b + 1] > bounds[b]]


class GroupKeys:
    """Band keys by group, shaped (bands, groups); slicing bands gathers just those rows."""

    def __init__(self, location: _Location, blocks: list[U64], bands: int) -> None:
        self.location, self.blocks = location, blocks
        self.shape = (bands, location.count)

    def __getitem__(self, bands: slice) -> U64:
        rows = range(*bands.indices(self.shape[0]))
        out = np.empty((len(rows), self.shape[1]), dtype=np.uint64)
        for batch, groups in self.location.everyone:
            out[:, groups] = self.blocks[batch][rows.start : rows.stop, self.location.row[groups]]
        return out


class GroupTokens:
    """Token hashes by group, read from each batch's table."""

    def __init__(self, location: _Location, tables: list[TokenTable]) -> None:
        self.location, self.tables = location, tables
        self.lengths = np.zeros(location.count, dtype=np.int64)
        for batch, groups in location.everyone:
            self.lengths[groups] = tables[batch].lengths[location.row[groups]]

    def __len__(self) -> int:
        return self.location.count

    def sequence(self, group: int) -> list[int]:
        return self.tables[int(self.location.batch[group])].sequence(int(self.location.row[group]))

    def select(self, groups: I64) -> TokenTable:
        """A compact table of the chosen groups, in the order given."""
        lengths = self.lengths[groups]
        starts = starts_of(lengths)
        flat = np.empty(int(lengths.sum()), dtype=np.uint64)
        for batch, positions in self.location.split(groups):
            picked = self.tables[batch].select(self.location.row[groups[positions]])
            destination = np.repeat(starts[positions] - picked.starts, picked.lengths)
            flat[np.arange(len(picked.flat)) + destination] = picked.flat
        return TokenTable(flat, starts, lengths)
