"""SARIF 2.1.0 for code scanning: one result per finding, at the draft paragraph's lines.

Two rules, by where the match was found: `repeated-published-paragraph` (the index) and
`repeated-draft-paragraph` (earlier in the drafts). A new finding is an `error`. A baselined,
allowed or boilerplate one is a `note` with an accepted external `suppression` whose
justification says why: code scanning then keeps it closed instead of opening an alert,
while the log still records it. The matching paragraph is a related location, linked from
the message; `partialFingerprints` carries the finding's line-independent fingerprint, so
an alert follows its paragraph when lines move. Draft paths are relative URIs against
`%SRCROOT%` (the folder the check ran in); absolute paths become `file:` URIs.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import quote

from dedupe.model import (
    CheckResult,
    ClusterKind,
    Finding,
    FindingStatus,
    MatchSource,
    Paragraph,
    Problem,
)
from dedupe.report.check_text import more_matches
from dedupe.report.json import rounded

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
FINGERPRINT_KEY = "dedupeParagraphHash/v1"
SOURCE_ROOT = "%SRCROOT%"
_ABSOLUTE = re.compile(r"^(/|[A-Za-z]:/)")
_LINK_SPECIAL = re.compile(r"([\\\[\]])")


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    name: str
    short: str
    full: str
    help: str


RULES = {
    MatchSource.INDEX: Rule(
        "repeated-published-paragraph",
        "RepeatedPublishedParagraph",
        "Paragraph repeats a published article",
        "A draft paragraph has the same words as a paragraph already published (held in the "
        "index), or nearly the same: word similarity at or above the check's threshold.",
        "Rewrite the paragraph, or quote and attribute the published article. If the repeat "
        "is intended, record it in the baseline (dedupe check --write-baseline).",
    ),
    MatchSource.DRAFT: Rule(
        "repeated-draft-paragraph",
        "RepeatedDraftParagraph",
        "Paragraph repeats an earlier paragraph of the drafts",
        "A draft paragraph has the same words as an earlier paragraph of the drafts checked, "
        "or nearly the same: word similarity at or above the check's threshold.",
        "Remove one of the two paragraphs or rewrite it. If the repeat is intended, record it "
        "in the baseline (dedupe check --write-baseline).",
    ),
}
LINK_TEXT = {
    MatchSource.INDEX: "a published paragraph",
    MatchSource.DRAFT: "an earlier draft paragraph",
}
RULE_INDEX = {source: index for index, source in enumerate(RULES)}
JUSTIFICATIONS = {
    FindingStatus.BASELINED: "In the baseline: a repeat accepted earlier.",
    FindingStatus.ALLOWED: "Allowed by the check's settings.",
    FindingStatus.BOILERPLATE: "Boilerplate: text that many published documents share.",
}


def render_sarif(result: CheckResult, version: str, information_uri: str | None = None) -> str:
    """The check as a SARIF 2.1.0 log; byte-identical for the same input."""
    log = sarif_log(result, version, information_uri)
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def sarif_log(
    result: CheckResult, version: str, information_uri: str | None = None
) -> dict[str, Any]:
    """The log as plain data: one run of dedupe with its rules, invocation and results."""
    driver: dict[str, Any] = {"name": "dedupe", "version": version}
    if information_uri:
        driver["informationUri"] = information_uri
    driver["rules"] = [_rule(rule) for rule in RULES.values()]
    stats = asdict(result.stats)
    del stats["seconds"]
    run = {
        "tool": {"driver": driver},
        "invocations": [_invocation(result.problems)],
        "results": [_result(finding) for finding in result.findings],
        "properties": {"index": result.index, "stats": stats},
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def artifact_location(path: str, *, in_source: bool = True) -> dict[str, str]:
    """A path as given on the command line, as a URI: relative ones against `%SRCROOT%`."""
    posix = path.replace("\\", "/")
    if _ABSOLUTE.match(posix):
        return {"uri": "file://" + ("" if posix.startswith("/") else "/") + quote(posix, "/:")}
    while posix.startswith("./"):
        posix = posix[2:]
    location = {"uri": quote(posix)}
    if in_source:
        location["uriBaseId"] = SOURCE_ROOT
    return location


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.short},
        "fullDescription": {"text": rule.full},
        "help": {"text": rule.help},
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["editorial", "duplication"]},
    }


def _invocation(problems: tuple[Problem, ...]) -> dict[str, Any]:
    notifications = [
        {
            "level": "error" if problem.is_error else "warning",
            "message": {"text": str(problem)},
            "locations": [
                {"physicalLocation": {"artifactLocation": artifact_location(problem.path)}}
            ],
        }
        for problem in problems
    ]
    return {
        "executionSuccessful": not any(p.is_error for p in problems),
        "toolExecutionNotifications": notifications,
    }


def _result(finding: Finding) -> dict[str, Any]:
    match = finding.match
    new = finding.status is FindingStatus.NEW
    value: dict[str, Any] = {
        "ruleId": RULES[match.source].id,
        "ruleIndex": RULE_INDEX[match.source],
        "level": "error" if new else "note",
        "message": {"text": _message(finding)},
        "locations": [_location(finding.draft, in_source=True)],
        "relatedLocations": [
            {
                "id": 1,
                **_location(match.paragraph, in_source=match.source is MatchSource.DRAFT),
                "message": {"text": LINK_TEXT[match.source]},
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": {
            "status": finding.status.value,
            "kind": finding.kind.value,
            "similarity": rounded(finding.similarity),
            "source": match.source.value,
            "document": match.paragraph.doc,
            "date": match.date,
            "url": match.url,
            "copies": match.copies,
            "otherMatches": finding.other_matches,
        },
    }
    if not new:
        justification = JUSTIFICATIONS[finding.status]
        value["suppressions"] = [
            {"kind": "external", "status": "accepted", "justification": justification}
        ]
    return value


def _location(paragraph: Paragraph, *, in_source: bool) -> dict[str, Any]:
    region = {"startLine": paragraph.line, "endLine": paragraph.end_line}
    where = artifact_location(paragraph.path, in_source=in_source)
    return {"physicalLocation": {"artifactLocation": where, "region": region}}


def _message(finding: Finding) -> str:
    """Plain text with one embedded link, `[…](1)`, to the related location."""
    match, where = finding.match, finding.match.paragraph
    details = [value for value in (match.date, match.url) if value]
    if match.copies > 1:
        details.append(f"in {match.copies:,} published documents")
    about = f" ({_literal(', '.join(details))})" if details else ""
    kind = "Exact duplicate" if finding.kind is ClusterKind.EXACT else "Near-duplicate"
    also = f"; {more_matches(finding.other_matches)}" if finding.other_matches else ""
    return (
        f"Repeats [{LINK_TEXT[match.source]}](1): paragraph {where.number} of "
        f"{_literal(where.doc)}{about}. {kind}, word similarity {finding.similarity:.2f}{also}."
    )


def _literal(text: str) -> str:
    """Text that a SARIF viewer shows as is: brackets and backslashes escaped."""
    return _LINK_SPECIAL.sub(r"\\\1", text)
