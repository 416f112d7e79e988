"""GitHub Actions output: workflow-command annotations and a Markdown job summary.

Each finding becomes one annotation on the draft's lines: `::error` when it is new (it fails
the check), `::notice` when it is baselined, allowed or boilerplate (recorded, not to fix; a
`::warning` would ask for a change nobody is expected to make, and GitHub shows only a few
annotations of each level per step, so those slots stay free for the new ones). A last
`::notice` carries the summary line. Values are escaped as the runner unescapes them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from dedupe.model import CheckResult, Finding, FindingStatus, MatchSource
from dedupe.report.check_text import check_summary, findings_line, match_facts, more_matches
from dedupe.report.text import location

MAX_QUOTE = 300
MAX_SUMMARY_ROWS = 200
TITLES = {
    MatchSource.INDEX: "Repeated published paragraph",
    MatchSource.DRAFT: "Repeated draft paragraph",
}
_DATA_ESCAPES = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A"})
_PROPERTY_ESCAPES = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"})
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#!~&])")


def escape_data(text: str) -> str:
    """A command's message: `%`, CR and LF percent-encoded."""
    return text.translate(_DATA_ESCAPES)


def escape_property(text: str) -> str:
    """A command's property value: as a message, and also `:` and `,`."""
    return text.translate(_PROPERTY_ESCAPES)


def workflow_command(name: str, properties: Mapping[str, str | int], message: str) -> str:
    """`::name key=value,key=value::message`, every part escaped."""
    pairs = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name}{' ' + pairs if pairs else ''}::{escape_data(message)}"


def render_github(result: CheckResult) -> str:
    """One annotation per finding in reading order, then a `::notice` with the summary."""
    lines = [_annotation(finding) for finding in result.findings]
    lines.append(workflow_command("notice", {"title": "dedupe check"}, check_summary(result)))
    return "\n".join(lines) + "\n"


def _annotation(finding: Finding) -> str:
    new = finding.status is FindingStatus.NEW
    title = TITLES[finding.match.source] + ("" if new else f" ({finding.status.value})")
    properties: dict[str, str | int] = {
        "file": finding.draft.path,
        "line": finding.draft.line,
        "endLine": finding.draft.end_line,
        "title": title,
    }
    return workflow_command("error" if new else "notice", properties, _message(finding))


def _message(finding: Finding) -> str:
    match = finding.match
    facts = [*match_facts(match), *([match.url] if match.url else [])]
    also = f"; {more_matches(finding.other_matches)}" if finding.other_matches else ""
    quote = _clip(" ".join(match.paragraph.text.split()))
    return (
        f"Repeats {', '.join(facts)} ({finding.kind.value}, similarity "
        f"{finding.similarity:.2f}{also}).\n{quote}"
    )


def _clip(text: str) -> str:
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 1] + "…"


def markdown_summary(result: CheckResult) -> str:
    """The job summary (for `$GITHUB_STEP_SUMMARY`): totals, then a table of the findings."""
    lines = ["## dedupe check", "", _markdown(check_summary(result)), ""]
    if not result.findings:
        return "\n".join(lines)
    lines += ["| Draft | Status | Kind | Similarity | Repeats |", "| --- | --- | --- | --- | --- |"]
    for finding in result.findings[:MAX_SUMMARY_ROWS]:
        status = finding.status.value
        cells = (
            _markdown(location(finding.draft)),
            f"**{status}**" if finding.status is FindingStatus.NEW else status,
            finding.kind.value,
            f"{finding.similarity:.2f}",
            _markdown(", ".join(match_facts(finding.match))),
        )
        lines.append(f"| {' | '.join(cells)} |")
    hidden = len(result.findings) - MAX_SUMMARY_ROWS
    if hidden > 0:
        lines += ["", f"… and {hidden:,} more findings ({findings_line(result)})."]
    return "\n".join(lines) + "\n"


def _markdown(text: str) -> str:
    """Text that stays text in GitHub Markdown, even inside a table cell."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
