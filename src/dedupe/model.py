"""The records that flow between pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph as the user wrote it, with where to find it.

    `number`, `line` and `end_line` are 1-based. `order` is the document's position
    inside its file, so reading order is (path, order, number).
    """

    path: str
    doc: str
    order: int
    number: int
    line: int
    end_line: int
    text: str

    @property
    def sort_key(self) -> tuple[str, int, int]:
        return (self.path, self.order, self.number)


@dataclass(frozen=True, slots=True)
class Document:
    """A unit of writing (a file, or one record of a JSONL corpus) split into paragraphs."""

    id: str
    path: str
    order: int
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    """A file that was skipped (`error`) or read with a caveat (`warning`)."""

    path: str
    message: str
    is_error: bool = True

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ClusterKind(str, Enum):
    EXACT = "exact"
    NEAR = "near"


@dataclass(frozen=True, slots=True)
class Member:
    """A paragraph in a cluster, compared with the cluster's first member."""

    paragraph: Paragraph
    similarity: float
    jaccard: float
    containment: float


@dataclass(frozen=True, slots=True)
class Cluster:
    """Paragraphs that repeat one another, in reading order."""

    id: int
    kind: ClusterKind
    members: tuple[Member, ...]

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def documents(self) -> int:
        return len({(m.paragraph.path, m.paragraph.doc) for m in self.members})

    @property
    def similarity_range(self) -> tuple[float, float]:
        """Lowest and highest similarity of the members after the first to the first."""
        values = [m.similarity for m in self.members[1:]] or [1.0]
        return min(values), max(values)


@dataclass(frozen=True, slots=True)
class Stats:
    files: int = 0
    documents: int = 0
    paragraphs: int = 0
    skipped_short: int = 0
    candidates: int = 0
    verified_pairs: int = 0
    clusters: int = 0
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class ScanResult:
    """Everything a report needs: settings, totals, problems and clusters."""

    settings: dict[str, object]
    stats: Stats
    clusters: tuple[Cluster, ...]
    problems: tuple[Problem, ...] = field(default=())

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)

    def exit_code(self, fail_on_duplicates: bool) -> int:
        """0 clean, 1 duplicates found (when asked to fail on them), 2 a file could not be read."""
        if self.errors:
            return 2
        return 1 if fail_on_duplicates and self.clusters else 0
