"""`dedupe.scan/1` JSON (one object) and JSON Lines (one cluster per line)."""

from __future__ import annotations

import json
from typing import Any

from dedupe.model import Cluster, Member, ScanResult

SCHEMA = "dedupe.scan/1"


def render_json(result: ScanResult, version: str, timings: bool = False) -> str:
    """The scan as one JSON object; byte-identical for the same input unless `timings`."""
    document = {
        "schema": SCHEMA,
        "tool": {"name": "dedupe", "version": version},
        "settings": result.settings,
        "stats": _stats(result, timings),
        "errors": [{"path": p.path, "error": p.message} for p in result.errors],
        "clusters": [cluster_object(c) for c in result.clusters],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render_jsonl(result: ScanResult) -> str:
    """One cluster object per line; totals and errors are on stderr and in the exit code."""
    return "".join(
        json.dumps(cluster_object(c), ensure_ascii=False) + "\n" for c in result.clusters
    )


def _stats(result: ScanResult, timings: bool) -> dict[str, Any]:
    stats = result.stats
    values: dict[str, Any] = {
        "files": stats.files,
        "documents": stats.documents,
        "paragraphs": stats.paragraphs,
        "skipped_short": stats.skipped_short,
        "candidates": stats.candidates,
        "verified_pairs": stats.verified_pairs,
        "clusters": stats.clusters,
    }
    if timings:
        values["seconds"] = stats.seconds
    return values


def cluster_object(cluster: Cluster) -> dict[str, Any]:
    low, high = cluster.similarity_range
    return {
        "id": cluster.id,
        "kind": cluster.kind.value,
        "size": cluster.size,
        "documents": cluster.documents,
        "similarity": {"min": _round(low), "max": _round(high)},
        "members": [_member(m) for m in cluster.members],
    }


def _member(member: Member) -> dict[str, Any]:
    paragraph = member.paragraph
    return {
        "path": paragraph.path,
        "doc": paragraph.doc,
        "paragraph": paragraph.number,
        "line": paragraph.line,
        "end_line": paragraph.end_line,
        "similarity": _round(member.similarity),
        "jaccard": _round(member.jaccard),
        "containment": _round(member.containment),
        "text": paragraph.text,
    }


def _round(value: float) -> float:
    return round(value, 4)
