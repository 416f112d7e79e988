"""`dedupe.scan/1` JSON (one object) and JSON Lines (one cluster per line)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from dedupe.model import Cluster, Member, Paragraph, Problem, ScanResult
from dedupe.report.slices import in_slices

SCHEMA = "dedupe.scan/1"


def render_json(
    result: ScanResult, version: str, timings: bool = False, workers: int = 1
) -> str:
    """The scan as one JSON object; byte-identical for the same input unless `timings`.

    One field per line, and one cluster per line: Python's JSON encoder is written in C
    only without `indent`, and fully indented JSON of 27,000 clusters took 1.8 s to write,
    against 0.9 s like this. Many clusters are written by `workers` processes.
    """
    head = {
        "schema": SCHEMA,
        "tool": tool_object(version),
        "settings": result.settings,
        "stats": _stats(result, timings),
        "errors": error_objects(result.errors),
    }
    fields = [f"  {_compact(name)}: {_compact(value)}," for name, value in head.items()]
    clusters = ",\n".join(f"    {line}" for line in _cluster_lines(result, workers))
    listed = f"[\n{clusters}\n  ]" if clusters else "[]"
    return "\n".join(["{", *fields, f'  "clusters": {listed}', "}"]) + "\n"


def render_jsonl(result: ScanResult, workers: int = 1) -> str:
    """One cluster object per line; totals and errors are on stderr and in the exit code."""
    return "".join(line + "\n" for line in _cluster_lines(result, workers))


def _cluster_lines(result: ScanResult, workers: int) -> list[str]:
    return in_slices(_compact_clusters, result.clusters, workers)


def _compact_clusters(clusters: Sequence[Cluster]) -> list[str]:
    return [_compact(cluster_object(c)) for c in clusters]


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def tool_object(version: str) -> dict[str, str]:
    return {"name": "dedupe", "version": version}


def error_objects(errors: Iterable[Problem]) -> list[dict[str, str]]:
    """The files that could not be read, as `{"path", "error"}` objects."""
    return [{"path": p.path, "error": p.message} for p in errors]


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
        "similarity": {"min": rounded(low), "max": rounded(high)},
        "members": [_member(m) for m in cluster.members],
    }


def _member(member: Member) -> dict[str, Any]:
    scores = {
        "similarity": rounded(member.similarity),
        "jaccard": rounded(member.jaccard),
        "containment": rounded(member.containment),
    }
    return paragraph_object(member.paragraph, scores)


def paragraph_object(
    paragraph: Paragraph, extra: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Where the paragraph is (path, doc, paragraph, line, end_line), then `extra`, then text."""
    return {
        "path": paragraph.path,
        "doc": paragraph.doc,
        "paragraph": paragraph.number,
        "line": paragraph.line,
        "end_line": paragraph.end_line,
        **(extra or {}),
        "text": paragraph.text,
    }


def rounded(value: float) -> float:
    """Scores to 4 decimals, so reports do not carry float noise."""
    return round(value, 4)
