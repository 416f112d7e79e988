"""The check as the HTML report's page: one two-paragraph cluster per finding.

Each finding is drawn like a scan cluster, the match first and the draft second (with its
word diff to the match when near), and its status as a badge. The embedded data is the
`dedupe.check/1` JSON plus those clusters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dedupe.model import CheckResult, ClusterKind, Finding
from dedupe.report.check_json import check_object
from dedupe.report.check_text import findings_line
from dedupe.report.html import Page, diff_items, render_page
from dedupe.report.json import paragraph_object, rounded
from dedupe.report.text import count


def render_check_html(
    result: CheckResult, version: str, *, drafts: Sequence[str] = (), timings: bool = False
) -> str:
    """The check as one HTML page; byte-identical for the same input unless `timings`.

    `drafts` is what was given to check (paths as typed), shown in the header.
    """
    return render_page(check_page(result, version, drafts=drafts, timings=timings))


def check_page(
    result: CheckResult, version: str, *, drafts: Sequence[str] = (), timings: bool = False
) -> Page:
    data = check_object(result, version, timings)
    data["clusters"] = [finding_cluster(n, f) for n, f in enumerate(result.findings, 1)]
    threshold = result.settings.get("threshold", 0.0)
    return Page(
        title=f"dedupe check: {findings_line(result)}",
        scanned=tuple(drafts),
        totals=_totals(result, timings),
        settings=result.settings,
        problems=result.problems,
        data=data,
        threshold=float(threshold) if isinstance(threshold, int | float) else 0.0,
    )


def finding_cluster(number: int, finding: Finding) -> dict[str, Any]:
    """A finding in the page's cluster shape: `number`, the match, then the draft."""
    match, draft = finding.match, finding.draft
    similarity = rounded(finding.similarity)
    details = {"source": match.source.value, "date": match.date, "url": match.url}
    members = [
        paragraph_object(match.paragraph, {"similarity": 1.0, **details}),
        paragraph_object(draft, {"similarity": similarity}),
    ]
    if finding.kind is ClusterKind.NEAR:
        members[1]["diff"] = diff_items(match.paragraph.text, draft.text)
    return {
        "id": number,
        "kind": finding.kind.value,
        "size": 2,
        "documents": len({(p.path, p.doc) for p in (match.paragraph, draft)}),
        "similarity": {"min": similarity, "max": similarity},
        "status": finding.status.value,
        "members": members,
    }


def _totals(result: CheckResult, timings: bool) -> tuple[tuple[str, str], ...]:
    stats = result.stats
    rows = [
        ("Findings", f"{len(result.findings):,}"),
        ("New", f"{len(result.new_findings):,}"),
        ("Checked", f"{count(stats.paragraphs, 'paragraph')} in {count(stats.files, 'file')}"),
        ("Documents", f"{stats.documents:,}"),
        ("Too short to compare", f"{stats.skipped_short:,}"),
        ("Candidate pairs", f"{stats.candidates:,}"),
        ("Index", result.index),
        ("Published documents", f"{stats.indexed_documents:,}"),
        ("Published paragraphs", f"{stats.indexed_paragraphs:,}"),
    ]
    if result.errors:
        rows.append(("Files not read", f"{len(result.errors):,}"))
    if timings:
        rows.append(("Seconds", f"{stats.seconds:.2f}"))
    return tuple(rows)
