"""The check as an HTML page: one cluster per finding, match first, status badge data."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from dedupe.report.check_html import render_check_html
from dedupe.report.check_json import check_object
from tests.checks import PUBLISHED, finding, mixed, paragraph, published, result
from tests.test_report_html import PAYLOADS, embedded, parse


def test_data_is_the_check_json_plus_one_cluster_per_finding() -> None:
    check = mixed()
    data = embedded(render_check_html(check, "1", drafts=["drafts/"]))
    clusters = data.pop("clusters")
    assert data == check_object(check, "1")
    assert [c["id"] for c in clusters] == [1, 2, 3]
    assert [c["status"] for c in clusters] == ["new", "baselined", "allowed"]
    near = clusters[0]
    assert (near["kind"], near["size"], near["similarity"]) == (
        "near",
        2,
        {"min": 0.8182, "max": 0.8182},
    )
    match, draft = near["members"]
    assert (match["path"], match["source"], match["date"]) == (
        "archive/2024.jsonl",
        "index",
        "2024-05-01",
    )
    assert (draft["path"], draft["line"], draft["similarity"]) == ("drafts/budget.md", 1, 0.8182)
    assert draft["diff"][:2] == [["=", "The council approved"], ["s", "the", "a"]]
    assert "diff" not in clusters[1]["members"][1]
    assert clusters[1]["documents"] == 1 and clusters[2]["documents"] == 2


def test_header_shows_drafts_findings_and_index() -> None:
    page = render_check_html(mixed(), "1", drafts=["drafts/"])
    assert "<title>dedupe check: 3 findings: 1 new, 1 baselined, 1 allowed</title>" in page
    assert "<li><code>drafts/</code></li>" in page
    assert "<dt>Findings</dt><dd>3</dd>" in page and "<dt>New</dt><dd>1</dd>" in page
    assert "<dt>Index</dt><dd>published.db</dd>" in page
    assert "Seconds" not in page
    assert "<dt>Seconds</dt><dd>0.25</dd>" in render_check_html(mixed(), "1", timings=True)


def test_empty_check() -> None:
    page = render_check_html(result(), "1")
    assert "<title>dedupe check: No repeated paragraphs</title>" in page
    assert embedded(page)["clusters"] == []


def test_byte_identical_without_timings() -> None:
    slower = replace(mixed(), stats=replace(mixed().stats, seconds=9.0))
    assert render_check_html(mixed(), "1") == render_check_html(slower, "1")


@pytest.mark.parametrize("payload", PAYLOADS, ids=["script", "comment", "img", "link", "u2028"])
def test_payload_stays_inside_the_data(payload: str) -> None:
    text = f"{PUBLISHED} {payload}"
    found = finding(paragraph(f"{payload}.md", 1, text), published(text, url=payload))
    page = render_check_html(result(found), "1", drafts=[payload])
    elements = parse(page)
    assert [tag for tag, _ in elements.tags if tag in {"script", "img", "a"}] == ["script"] * 2
    assert not any(name.startswith("on") for _, attrs in elements.tags for name in attrs)
    assert payload not in page
    data = json.loads(elements.scripts[0])
    assert data["findings"][0]["match"]["url"] == payload
    assert [m["text"] for m in data["clusters"][0]["members"]] == [text, text]
