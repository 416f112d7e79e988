"""GitHub Actions annotations: well-formed workflow commands, escaping, levels, summary."""

from __future__ import annotations

import re

import pytest

from dedupe.model import FindingStatus, Match, MatchSource, Problem
from dedupe.report.github import (
    escape_data,
    escape_property,
    markdown_summary,
    render_github,
    workflow_command,
)
from tests.checks import PUBLISHED, finding, mixed, paragraph, published, result

# What the runner accepts: a level, optional comma-separated key=value pairs whose values
# hold no raw `,` `:` CR or LF, then `::` and a message without raw CR or LF.
COMMAND = re.compile(
    r"::(?P<level>error|warning|notice)"
    r"(?: (?P<properties>[A-Za-z]+=[^,:\r\n]*(?:,[A-Za-z]+=[^,:\r\n]*)*))?"
    r"::(?P<message>[^\r\n]*)"
)
AWKWARD = "50%, then: a\r\nnew line, 100%25 done"


def unescape(text: str) -> str:
    """The runner's unescaping, in its order (`%25` last)."""
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """(level, properties, message) of a workflow command, unescaped; fails if malformed."""
    found = COMMAND.fullmatch(line)
    assert found, f"not a workflow command: {line!r}"
    pairs = found["properties"].split(",") if found["properties"] else []
    properties = {key: unescape(value) for key, value in (p.split("=", 1) for p in pairs)}
    return found["level"], properties, unescape(found["message"])


def test_every_line_is_a_workflow_command() -> None:
    output = render_github(mixed())
    assert output.endswith("\n")
    levels = [parse(line)[0] for line in output.splitlines()]
    assert levels == ["error", "notice", "notice", "notice"]


def test_new_finding_is_an_error_on_the_draft_lines() -> None:
    match = published(date="2024-05-01", url="https://news.example/b", copies=3)
    found = finding(paragraph("drafts/a.md", 3, PUBLISHED, line=12), match, other_matches=2)
    level, properties, message = parse(render_github(result(found)).splitlines()[0])
    assert level == "error"
    assert properties == {
        "file": "drafts/a.md",
        "line": "12",
        "endLine": "13",
        "title": "Repeated published paragraph",
    }
    first, quote = message.split("\n")
    assert first == (
        "Repeats published archive/2024.jsonl:41-42 [story-7], 2024-05-01, in 3 published "
        "documents, https://news.example/b (exact, similarity 1.00; 2 more matches)."
    )
    assert quote == PUBLISHED


@pytest.mark.parametrize(
    "status", [s for s in FindingStatus if s is not FindingStatus.NEW], ids=lambda s: s.value
)
def test_findings_that_do_not_fail_are_notices(status: FindingStatus) -> None:
    draft = paragraph("drafts/a.md", 2, PUBLISHED)
    repeat = finding(draft, Match(MatchSource.DRAFT, paragraph("drafts/a.md", 1, PUBLISHED)))
    line = render_github(result(finding(draft, published(), status=status), repeat))
    (level, properties, _), (new_level, new_properties, message) = map(parse, line.splitlines()[:2])
    assert (level, properties["title"]) == (
        "notice",
        f"Repeated published paragraph ({status.value})",
    )
    assert (new_level, new_properties["title"]) == ("error", "Repeated draft paragraph")
    assert message.startswith("Repeats draft drafts/a.md:1-2 (exact")


def test_paths_and_messages_with_special_characters_round_trip() -> None:
    path = "drafts/50%, then: a\nreport.md"
    text = f"{PUBLISHED} {AWKWARD}"
    found = finding(paragraph(path, 1, text), published(text))
    _, properties, message = parse(render_github(result(found)).splitlines()[0])
    assert properties["file"] == path
    assert message.endswith(" ".join(text.split()))


def test_escaping_matches_the_runner() -> None:
    assert escape_data(AWKWARD) == "50%25, then: a%0D%0Anew line, 100%2525 done"
    assert escape_property(AWKWARD) == "50%25%2C then%3A a%0D%0Anew line%2C 100%2525 done"
    line = workflow_command("warning", {"title": AWKWARD, "line": 3}, AWKWARD)
    assert parse(line) == ("warning", {"title": AWKWARD, "line": "3"}, AWKWARD)
    assert workflow_command("notice", {}, "hi") == "::notice::hi"


def test_long_matches_are_quoted_short() -> None:
    long_text = " ".join(["word"] * 200)
    found = finding(paragraph("d.md", 1, long_text), published(long_text))
    message = parse(render_github(result(found)).splitlines()[0])[2]
    quote = message.split("\n")[1]
    assert len(quote) == 300 and quote.endswith("…")


def test_summary_notice_comes_last() -> None:
    lines = render_github(result()).splitlines()
    assert len(lines) == 1
    level, properties, message = parse(lines[0])
    assert (level, properties) == ("notice", {"title": "dedupe check"})
    assert message.startswith("No repeated paragraphs · ")


def test_problems_are_not_annotations() -> None:
    output = render_github(result(problems=(Problem("drafts/x.md", "not valid UTF-8"),)))
    assert "x.md" not in output and "1 file could not be read" in output


def test_markdown_summary_lists_findings_with_text_escaped() -> None:
    summary = markdown_summary(mixed())
    assert summary.startswith("## dedupe check\n\n3 findings: 1 new, 1 baselined, 1 allowed")
    rows = [line for line in summary.splitlines() if line.startswith("| drafts/")]
    assert rows[0] == (
        "| drafts/budget.md:1-2 | **new** | near | 0.82 | published archive/2024.jsonl:41-42 "
        "\\[story-7\\], 2024-05-01, in 3 published documents |"
    )
    assert [row.split(" | ")[1] for row in rows] == ["**new**", "baselined", "allowed"]
    odd = finding(paragraph("a|b_<x>.md", 1, PUBLISHED), published())
    assert "| a\\|b\\_\\<x\\>.md:1-2 | **new** |" in markdown_summary(result(odd))


def test_markdown_summary_without_findings_has_no_table() -> None:
    summary = markdown_summary(result())
    assert "|" not in summary and "No repeated paragraphs" in summary
