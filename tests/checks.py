"""Hand-built `CheckResult`s for the check renderers' tests."""

from __future__ import annotations

import hashlib

from dedupe.model import (
    CheckResult,
    CheckStats,
    ClusterKind,
    Finding,
    FindingStatus,
    Match,
    MatchSource,
    Paragraph,
    Problem,
)

PUBLISHED = "The council approved the new budget after a long debate on Tuesday evening."
DRAFTED = "The council approved a new budget after the long debate on Tuesday night."
SETTINGS: dict[str, object] = {"threshold": 0.8, "shingle": "word", "ngram": 2, "min_words": 5}


def paragraph(path: str, number: int, text: str, *, doc: str = "", line: int = 0) -> Paragraph:
    """A paragraph at `line` (default: two lines per paragraph) spanning two lines."""
    first = line or 2 * number - 1
    return Paragraph(path, doc or path, 0, number, first, first + 1, text)


def finding(
    draft: Paragraph,
    match: Match,
    *,
    status: FindingStatus = FindingStatus.NEW,
    similarity: float = 1.0,
    other_matches: int = 0,
) -> Finding:
    kind = ClusterKind.EXACT if similarity == 1.0 else ClusterKind.NEAR
    fingerprint = hashlib.sha256(draft.text.encode()).hexdigest()[:32]
    return Finding(draft, match, kind, similarity, status, fingerprint, other_matches)


def published(
    text: str = PUBLISHED, *, date: str | None = None, url: str | None = None, copies: int = 1
) -> Match:
    """A match in the index: paragraph 3 of record `story-7` of `archive/2024.jsonl`."""
    where = paragraph("archive/2024.jsonl", 3, text, doc="story-7", line=41)
    return Match(MatchSource.INDEX, where, date=date, url=url, copies=copies)


def result(*findings: Finding, problems: tuple[Problem, ...] = ()) -> CheckResult:
    new = sum(1 for f in findings if f.status is FindingStatus.NEW)
    stats = CheckStats(
        files=2,
        documents=2,
        paragraphs=12,
        findings=len(findings),
        new=new,
        indexed_documents=1500,
        indexed_paragraphs=30000,
        seconds=0.25,
    )
    return CheckResult(dict(SETTINGS), "published.db", stats, findings, problems)


def mixed() -> CheckResult:
    """A near published match (new), an exact draft repeat (baselined), and an allowed one."""
    draft = "drafts/budget.md"
    first = paragraph(draft, 1, DRAFTED)
    return result(
        finding(
            first,
            published(PUBLISHED, date="2024-05-01", url="https://news.example/budget", copies=3),
            similarity=0.8182,
            other_matches=2,
        ),
        finding(
            paragraph(draft, 4, DRAFTED),
            Match(MatchSource.DRAFT, first),
            status=FindingStatus.BASELINED,
        ),
        finding(
            paragraph("drafts/other.md", 2, PUBLISHED),
            published(),
            status=FindingStatus.ALLOWED,
        ),
    )
