"""`dedupe.check/1` JSON: one object with the findings of a check, for machines."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from dedupe.model import CheckResult, Finding, Match
from dedupe.report.json import error_objects, paragraph_object, rounded, tool_object

SCHEMA = "dedupe.check/1"


def render_check_json(result: CheckResult, version: str, timings: bool = False) -> str:
    """The check as one JSON object; byte-identical for the same input unless `timings`."""
    return json.dumps(check_object(result, version, timings), ensure_ascii=False, indent=2) + "\n"


def check_object(result: CheckResult, version: str, timings: bool = False) -> dict[str, Any]:
    """The report as plain data: settings, index, totals, unreadable files and findings."""
    stats = asdict(result.stats)
    if not timings:
        del stats["seconds"]
    return {
        "schema": SCHEMA,
        "tool": tool_object(version),
        "settings": result.settings,
        "index": result.index,
        "stats": stats,
        "errors": error_objects(result.errors),
        "findings": [finding_object(f) for f in result.findings],
    }


def finding_object(finding: Finding) -> dict[str, Any]:
    """A finding: the draft paragraph, its match, and how and how much they agree."""
    return {
        "draft": paragraph_object(finding.draft),
        "match": match_object(finding.match),
        "kind": finding.kind.value,
        "similarity": rounded(finding.similarity),
        "status": finding.status.value,
        "fingerprint": finding.fingerprint,
        "other_matches": finding.other_matches,
    }


def match_object(match: Match) -> dict[str, Any]:
    """The matched paragraph with its source first; `date` and `url` are null when unknown."""
    details = {"date": match.date, "url": match.url, "copies": match.copies}
    return {"source": match.source.value, **paragraph_object(match.paragraph, details)}
