"""Exact-copy groups over every kept paragraph of a scan, numbered in reading order.

Paragraphs with equal normalized text (equal 128-bit keys) form one group; only a
group's first paragraph in reading order (its representative) takes part in LSH and
verification. Everything is columnar: no object per paragraph until a report needs one.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np

from dedupe.columns import I64, ParagraphColumns
from dedupe.model import Paragraph
from dedupe.ranks import dense_ranks
from dedupe.shingle import U64, TokenTable, starts_of
from dedupe.sketch import SketchedBatch
from dedupe.verify import Encoded, Vocabulary


class ExactGroups:
    """Groups of exact copies; group g's members are `members(g)` in reading order.

    `position[i]` is paragraph i's rank in reading order.

    `keys[g]` are the band keys of group g; `tokens` row g its token hashes, read from the
    sketched batches on demand (never copied whole). Building it empties `batches`.
    """

    def __init__(self, batches: list[SketchedBatch], bands: int) -> None:
        self.paragraphs = ParagraphColumns.concatenate([b.paragraphs for b in batches])
        exact = np.concatenate([b.exact for b in batches] or [np.empty((0, 2), np.uint64)])
        self.position = position = np.empty(len(self.paragraphs), dtype=np.int64)
        position[self.paragraphs.reading_order()] = np.arange(len(self.paragraphs))
        key_of = _key_numbers(exact)
        first = np.full(int(key_of.max(initial=-1)) + 1, len(position), dtype=np.int64)
        np.minimum.at(first, key_of, position)
        group_of_key = np.empty(len(first), dtype=np.int64)
        group_of_key[np.argsort(first)] = np.arange(len(first))
        self.group = group_of_key[key_of]
        self.member_order = np.lexsort((position, self.group))
        self.sizes = np.bincount(self.group, minlength=len(first)).astype(np.int64)
        self.starts = starts_of(self.sizes)
        location = _Location(batches, self.member_order[self.starts])
        self.tokens = GroupTokens(location, [b.tokens for b in batches])
        blocks = [b.keys for b in batches]
        batches.clear()
        self.keys = group_keys(location, blocks, bands)

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


def _key_numbers(exact: U64) -> I64:
    """Dense numbers of the 128-bit keys (rows of two uint64): equal keys, equal numbers."""
    numbers, count = dense_ranks(exact[:, 0])
    second = np.zeros(count, dtype=np.uint64)
    second[numbers] = exact[:, 1]
    if (second[numbers] == exact[:, 1]).all():
        return numbers
    # Two texts share their first 64 bits: number both halves.
    return np.unique(exact, axis=0, return_inverse=True)[1].reshape(-1).astype(np.int64)


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


def group_keys(location: _Location, blocks: list[U64], bands: int) -> U64:
    """Band keys by group, shaped (groups, bands): row g holds group g's keys, contiguous.

    Each batch's block (bands, rows) is let go once copied, so the keys are held once.
    """
    keys = np.empty((location.count, bands), dtype=np.uint64)
    for batch, groups in location.everyone:
        keys[groups] = blocks[batch].T[location.row[groups]]  # rows of the transposed view
        blocks[batch] = np.empty((0, 0), dtype=np.uint64)
    return keys


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

    def encoded(self, vocabulary: Vocabulary, workers: int = 1) -> Encoded:
        """Every group's tokens as `vocabulary` encodes them; batches are worked on by
        `workers` threads. The vocabulary must hold the tokens of every batch's table."""
        encoded = np.empty(self.location.count, dtype=object)
        picked = [(self.tables[batch], self.location.row[groups], groups)
                  for batch, groups in self.location.everyone]
        with ThreadPoolExecutor(max(workers, 1)) as pool:
            texts = pool.map(lambda job: vocabulary.encode(job[0].select(job[1])), picked)
            for (_, _, groups), text in zip(picked, texts, strict=True):
                encoded[groups] = text
        return encoded

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
