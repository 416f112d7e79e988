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
    """A unit of writing (a file, or one record of a JSONL corpus) split into paragraphs.

    `date` and `url` are kept when a JSONL record carries them (shown in `check` findings).
    """

    id: str
    path: str
    order: int
    paragraphs: tuple[Paragraph, ...]
    date: str | None = None
    url: str | None = None


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


class _WithProblems:
    """Errors (files skipped) and warnings among a result's `problems`."""

    __slots__ = ()
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)


@dataclass(frozen=True, slots=True)
class ScanResult(_WithProblems):
    """Everything a report needs: settings, totals, problems and clusters."""

    settings: dict[str, object]
    stats: Stats
    clusters: tuple[Cluster, ...]
    problems: tuple[Problem, ...] = field(default=())


    def exit_code(self, fail_on_duplicates: bool) -> int:
        """0 clean, 1 duplicates found (when asked to fail on them), 2 a file could not be read."""
        if self.errors:
            return 2
        return 1 if fail_on_duplicates and self.clusters else 0


class MatchSource(str, Enum):
    """Where a draft paragraph's match was found."""

    DRAFT = "draft"
    INDEX = "index"


class FindingStatus(str, Enum):
    """Only `new` findings fail a check; the others are reported for the record."""

    NEW = "new"
    BASELINED = "baselined"
    ALLOWED = "allowed"
    BOILERPLATE = "boilerplate"


@dataclass(frozen=True, slots=True)
class Match:
    """The paragraph a draft paragraph repeats: an earlier one in the drafts, or a published one.

    `copies` is the number of indexed documents holding the matched text (1 for a draft match).
    """

    source: MatchSource
    paragraph: Paragraph
    date: str | None = None
    url: str | None = None
    copies: int = 1


@dataclass(frozen=True, slots=True)
class Finding:
    """A draft paragraph that repeats another; `fingerprint` does not depend on line numbers."""

    draft: Paragraph
    match: Match
    kind: ClusterKind
    similarity: float
    status: FindingStatus
    fingerprint: str
    other_matches: int = 0


@dataclass(frozen=True, slots=True)
class CheckStats:
    files: int = 0
    documents: int = 0
    paragraphs: int = 0
    skipped_short: int = 0
    candidates: int = 0
    findings: int = 0
    new: int = 0
    indexed_documents: int = 0
    indexed_paragraphs: int = 0
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class CheckResult(_WithProblems):
    """Findings of drafts checked against an index, in the drafts' reading order."""

    settings: dict[str, object]
    index: str
    stats: CheckStats
    findings: tuple[Finding, ...]
    problems: tuple[Problem, ...] = field(default=())


    @property
    def new_findings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.status is FindingStatus.NEW)

    def exit_code(self, exit_zero: bool = False) -> int:
        """2 a draft could not be read, 1 new findings (unless `exit_zero`), else 0."""
        if self.errors:
            return 2
        return 1 if self.new_findings and not exit_zero else 0
