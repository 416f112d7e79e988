"""The check report for people: locations, statuses, sources, highlighting, summary."""

from __future__ import annotations

import pytest

from dedupe.model import FindingStatus, Match, MatchSource, Problem
from dedupe.report.check_text import findings_line, render_check_text
from tests.checks import DRAFTED, PUBLISHED, finding, mixed, paragraph, published, result


def test_empty_result_is_one_summary_line() -> None:
    text = render_check_text(result())
    assert text.count("\n") == 1
    assert text.startswith("No repeated paragraphs · 12 paragraphs in 2 documents from 2 files ")
    assert "checked against 1,500 published documents" in text


def test_summary_counts_each_status_and_comes_last() -> None:
    text = render_check_text(mixed())
    assert text.splitlines()[-1].startswith("3 findings: 1 new, 1 baselined, 1 allowed · ")


def test_summary_names_unreadable_files_but_not_their_problems() -> None:
    problem = Problem("drafts/broken.md", "not valid UTF-8")
    text = render_check_text(result(problems=(problem,)))
    assert "1 file could not be read" in text
    assert "broken.md" not in text and "UTF-8" not in text


@pytest.mark.parametrize("status", list(FindingStatus), ids=[s.value for s in FindingStatus])
def test_each_status_is_shown_in_the_header_and_tallied(status: FindingStatus) -> None:
    draft = paragraph("drafts/a.md", 2, PUBLISHED)
    text = render_check_text(result(finding(draft, published(), status=status)))
    assert text.splitlines()[0] == f"drafts/a.md:3-4 · {status.value} · exact · similarity 1.00"
    assert findings_line(result(finding(draft, published(), status=status))) == (
        f"1 finding: 1 {status.value}"
    )


def test_published_match_names_document_date_url_and_copies() -> None:
    match = published(date="2024-05-01", url="https://news.example/budget", copies=3)
    text = render_check_text(result(finding(paragraph("d.md", 1, PUBLISHED), match)))
    lines = text.splitlines()
    assert lines[2] == (
        "  repeats published archive/2024.jsonl:41-42 [story-7] · 2024-05-01 · "
        "in 3 published documents"
    )
    assert lines[3] == "  https://news.example/budget"


def test_published_match_without_metadata_shows_only_where() -> None:
    text = render_check_text(result(finding(paragraph("d.md", 1, PUBLISHED), published())))
    lines = text.splitlines()
    assert lines[2] == "  repeats published archive/2024.jsonl:41-42 [story-7]"
    assert lines[3] == ""
    assert "https://" not in text and "2024-05" not in text and "documents ·" not in lines[2]


def test_draft_match_points_at_the_earlier_draft_paragraph() -> None:
    first = paragraph("drafts/a.md", 1, PUBLISHED)
    repeat = paragraph("drafts/a.md", 5, PUBLISHED, line=20)
    text = render_check_text(result(finding(repeat, Match(MatchSource.DRAFT, first))))
    assert text.splitlines()[:3] == [
        "drafts/a.md:20-21 · new · exact · similarity 1.00",
        f"    {PUBLISHED}",
        "  repeats draft drafts/a.md:1-2",
    ]


def test_near_finding_marks_the_words_that_differ_then_shows_the_match() -> None:
    draft = paragraph("d.md", 1, DRAFTED)
    text = render_check_text(result(finding(draft, published(), similarity=0.82)))
    lines = text.splitlines()
    assert lines[0] == "d.md:1-2 · new · near · similarity 0.82"
    body = " ".join(line.strip() for line in lines[1:3])
    assert body == (
        "The council approved [-the-] {+a+} new budget after [-a-] {+the+} long debate "
        "on Tuesday [-evening.-] {+night.+}"
    )
    assert lines[4] == f"    {PUBLISHED}"
    assert "\x1b[" not in text


def test_colour_only_when_asked() -> None:
    draft = paragraph("d.md", 1, DRAFTED)
    coloured = render_check_text(result(finding(draft, published(), similarity=0.82)), color=True)
    assert "\x1b[31;9m[-the-]\x1b[0m" in coloured and "\x1b[32;1m{+a+}\x1b[0m" in coloured


def test_exact_finding_shows_the_text_once() -> None:
    text = render_check_text(result(finding(paragraph("d.md", 1, PUBLISHED), published())))
    assert text.count("The council approved") == 1
    assert "[-" not in text and "{+" not in text


@pytest.mark.parametrize(
    ("others", "line"), [(0, None), (1, "  and 1 more match"), (1234, "  and 1,234 more matches")]
)
def test_other_matches_are_counted(others: int, line: str | None) -> None:
    found = finding(paragraph("d.md", 1, PUBLISHED), published(), other_matches=others)
    lines = render_check_text(result(found)).splitlines()
    assert (line in lines) if line else not any("more match" in x for x in lines)


def test_findings_keep_reading_order() -> None:
    text = render_check_text(mixed())
    headers = [line.split(" · ")[0] for line in text.splitlines() if " · similarity " in line]
    assert headers == ["drafts/budget.md:1-2", "drafts/budget.md:7-8", "drafts/other.md:3-4"]
