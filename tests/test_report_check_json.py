"""`dedupe.check/1` JSON: shape, each source and status, metadata, determinism."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from dedupe.model import FindingStatus, Problem
from dedupe.report.check_json import render_check_json
from tests.checks import DRAFTED, PUBLISHED, finding, mixed, paragraph, published, result


def test_top_level_shape() -> None:
    report = json.loads(render_check_json(result(), "1.2.3"))
    assert list(report) == ["schema", "tool", "settings", "index", "stats", "errors", "findings"]
    assert report["schema"] == "dedupe.check/1"
    assert report["tool"] == {"name": "dedupe", "version": "1.2.3"}
    assert report["index"] == "published.db"
    assert report["settings"]["threshold"] == 0.8
    assert report["errors"] == [] and report["findings"] == []
    assert report["stats"]["indexed_documents"] == 1500


def test_seconds_only_with_timings() -> None:
    assert "seconds" not in json.loads(render_check_json(result(), "1"))["stats"]
    assert json.loads(render_check_json(result(), "1", timings=True))["stats"]["seconds"] == 0.25


def test_byte_identical_for_the_same_input() -> None:
    first = render_check_json(mixed(), "1")
    slower = replace(mixed(), stats=replace(mixed().stats, seconds=99.0))
    assert first == render_check_json(mixed(), "1") == render_check_json(slower, "1")
    assert first.endswith("}\n")


def test_errors_are_listed() -> None:
    problems = (Problem("drafts/x.md", "not valid UTF-8"), Problem("y.md", "odd", is_error=False))
    report = json.loads(render_check_json(result(problems=problems), "1"))
    assert report["errors"] == [{"path": "drafts/x.md", "error": "not valid UTF-8"}]


def test_published_near_finding_with_metadata() -> None:
    match = published(date="2024-05-01", url="https://news.example/b", copies=3)
    found = finding(paragraph("drafts/a.md", 2, DRAFTED), match, similarity=0.818181)
    (item,) = json.loads(render_check_json(result(found), "1"))["findings"]
    assert item["draft"] == {
        "path": "drafts/a.md",
        "doc": "drafts/a.md",
        "paragraph": 2,
        "line": 3,
        "end_line": 4,
        "text": DRAFTED,
    }
    assert item["match"] == {
        "source": "index",
        "path": "archive/2024.jsonl",
        "doc": "story-7",
        "paragraph": 3,
        "line": 41,
        "end_line": 42,
        "date": "2024-05-01",
        "url": "https://news.example/b",
        "copies": 3,
        "text": PUBLISHED,
    }
    assert (item["kind"], item["similarity"], item["status"]) == ("near", 0.8182, "new")
    assert item["fingerprint"] == found.fingerprint and item["other_matches"] == 0


def test_unknown_metadata_is_null() -> None:
    found = finding(paragraph("d.md", 1, PUBLISHED), published())
    match = json.loads(render_check_json(result(found), "1"))["findings"][0]["match"]
    assert (match["date"], match["url"], match["copies"]) == (None, None, 1)


def test_draft_source_and_statuses_in_reading_order() -> None:
    findings = json.loads(render_check_json(mixed(), "1"))["findings"]
    assert [f["match"]["source"] for f in findings] == ["index", "draft", "index"]
    assert [f["status"] for f in findings] == ["new", "baselined", "allowed"]
    assert findings[1]["match"]["path"] == "drafts/budget.md"
    assert findings[1]["match"]["line"] == 1 and findings[1]["draft"]["line"] == 7
    assert findings[0]["other_matches"] == 2


@pytest.mark.parametrize("status", list(FindingStatus), ids=[s.value for s in FindingStatus])
def test_every_status_value(status: FindingStatus) -> None:
    found = finding(paragraph("d.md", 1, PUBLISHED), published(), status=status)
    assert json.loads(render_check_json(result(found), "1"))["findings"][0]["status"] == (
        status.value
    )


def test_text_is_kept_as_written() -> None:
    text = "Zoë said “naïve” <b>&</b>\u2028 twice."
    found = finding(paragraph("d.md", 1, text), published(text))
    output = render_check_json(result(found), "1")
    assert "Zoë" in output and json.loads(output)["findings"][0]["draft"]["text"] == text
