"""The check report for editors: each finding with where, what it repeats, and what differs.

A near finding shows the draft paragraph with the words that differ from the matching
paragraph marked (`[-in the match only-]`, `{+in the draft only+}`, coloured on a terminal),
then the matching paragraph. An exact finding shows the text once. A summary line ends it.
"""

from __future__ import annotations

from dedupe.model import CheckResult, ClusterKind, Finding, FindingStatus, Match, MatchSource
from dedupe.report.text import Style, count, diff_block, location, text_block, text_style

SOURCE_NAMES = {MatchSource.INDEX: "published", MatchSource.DRAFT: "draft"}


def render_check_text(result: CheckResult, color: bool = False) -> str:
    """Every finding in reading order, then the summary line; problems are the CLI's to print."""
    style = text_style(color)
    parts = [_finding(finding, style) for finding in result.findings]
    parts.append(check_summary(result))
    return "\n\n".join(parts) + "\n"


def check_summary(result: CheckResult) -> str:
    """One line: findings by status, what was checked against what, unreadable files, time."""
    stats = result.stats
    checked = (
        f"{count(stats.paragraphs, 'paragraph')} in {count(stats.documents, 'document')} "
        f"from {count(stats.files, 'file')} checked against "
        f"{count(stats.indexed_documents, 'published document')}"
    )
    errors = f"; {count(len(result.errors), 'file')} could not be read" if result.errors else ""
    return f"{findings_line(result)} · {checked}{errors} · {stats.seconds:.2f}s"


def findings_line(result: CheckResult) -> str:
    """`3 findings: 2 new, 1 baselined`, or `No repeated paragraphs`."""
    if not result.findings:
        return "No repeated paragraphs"
    tally = [
        f"{number} {status.value}"
        for status in FindingStatus
        if (number := sum(1 for f in result.findings if f.status is status))
    ]
    return f"{count(len(result.findings), 'finding')}: {', '.join(tally)}"


def match_facts(match: Match) -> list[str]:
    """`published PATH:LINES [doc]`, then the date and the number of copies when known."""
    facts = [f"{SOURCE_NAMES[match.source]} {location(match.paragraph)}"]
    if match.date:
        facts.append(match.date)
    if match.source is MatchSource.INDEX and match.copies > 1:
        facts.append(f"in {count(match.copies, 'published document')}")
    return facts


def more_matches(number: int) -> str:
    """`1 more match`, `2 more matches`."""
    return f"{number:,} more match{'' if number == 1 else 'es'}"


def _match_lines(match: Match) -> list[str]:
    lines = ["  repeats " + " · ".join(match_facts(match))]
    return lines + ([f"  {match.url}"] if match.url else [])


def _finding(finding: Finding, style: Style) -> str:
    header = (
        f"{location(finding.draft)} · {finding.status.value} · {finding.kind.value} · "
        f"similarity {finding.similarity:.2f}"
    )
    match = finding.match
    exact = finding.kind is ClusterKind.EXACT
    lines = [
        header,
        text_block(finding.draft.text)
        if exact
        else diff_block(match.paragraph.text, finding.draft.text, style),
        *_match_lines(match),
    ]
    if not exact:
        lines.append(text_block(match.paragraph.text))
    if finding.other_matches:
        lines.append(f"  and {more_matches(finding.other_matches)}")
    return "\n".join(lines)
