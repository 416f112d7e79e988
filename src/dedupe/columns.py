"""Paragraphs as columns: what crosses process boundaries and what the matcher keeps.

One object per batch instead of one per paragraph: cheap to pickle between worker
processes, compact in memory; `Paragraph` objects are made again only for the few
paragraphs a report shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from dedupe.model import Paragraph

I64 = npt.NDArray[np.int64]


@dataclass(frozen=True)
class ParagraphColumns:
    """Column i of every field describes one paragraph (see `Paragraph`)."""

    paths: list[str]
    docs: list[str]
    order: I64
    number: I64
    line: I64
    end_line: I64
    texts: list[str]

    @classmethod
    def of(cls, paragraphs: Sequence[Paragraph]) -> ParagraphColumns:
        def ints(field: str) -> I64:
            values = (getattr(p, field) for p in paragraphs)
            return np.fromiter(values, dtype=np.int64, count=len(paragraphs))

        return cls(
            paths=[p.path for p in paragraphs],
            docs=[p.doc for p in paragraphs],
            order=ints("order"),
            number=ints("number"),
            line=ints("line"),
            end_line=ints("end_line"),
            texts=[p.text for p in paragraphs],
        )

    @classmethod
    def concatenate(cls, parts: Sequence[ParagraphColumns]) -> ParagraphColumns:
        return cls(
            paths=[path for part in parts for path in part.paths],
            docs=[doc for part in parts for doc in part.docs],
            order=np.concatenate([p.order for p in parts] or [np.empty(0, np.int64)]),
            number=np.concatenate([p.number for p in parts] or [np.empty(0, np.int64)]),
            line=np.concatenate([p.line for p in parts] or [np.empty(0, np.int64)]),
            end_line=np.concatenate([p.end_line for p in parts] or [np.empty(0, np.int64)]),
            texts=[text for part in parts for text in part.texts],
        )

    def __len__(self) -> int:
        return len(self.texts)

    def paragraph(self, index: int) -> Paragraph:
        return Paragraph(
            self.paths[index],
            self.docs[index],
            int(self.order[index]),
            int(self.number[index]),
            int(self.line[index]),
            int(self.end_line[index]),
            self.texts[index],
        )

    def paragraphs(self, indexes: I64) -> list[Paragraph]:
        """`paragraph(i)` for every i of `indexes`, made column by column."""
        rows = indexes.tolist()
        fields = (
            [self.paths[i] for i in rows],
            [self.docs[i] for i in rows],
            self.order[indexes].tolist(),
            self.number[indexes].tolist(),
            self.line[indexes].tolist(),
            self.end_line[indexes].tolist(),
            [self.texts[i] for i in rows],
        )
        return [Paragraph(*values) for values in zip(*fields, strict=True)]

    def reading_order(self) -> I64:
        """Indexes sorted by (path, document order, paragraph number)."""
        names = sorted(set(self.paths))
        rank = {name: position for position, name in enumerate(names)}
        path_rank = np.fromiter(map(rank.__getitem__, self.paths), np.int64, len(self.paths))
        return np.lexsort((self.number, self.order, path_rank))
