"""dedupe: find duplicate and near-duplicate paragraphs."""

from __future__ import annotations

from dedupe._version import __version__
from dedupe.api import scan
from dedupe.errors import ConfigError, DedupeError, InputError
from dedupe.index import Index, StoredIndexError
from dedupe.model import (
    CheckResult,
    Cluster,
    ClusterKind,
    Document,
    Finding,
    FindingStatus,
    Match,
    MatchSource,
    Member,
    Paragraph,
    ScanResult,
)
from dedupe.settings import Settings, ShingleKind

__all__ = [
    "CheckResult",
    "Cluster",
    "ClusterKind",
    "ConfigError",
    "DedupeError",
    "Document",
    "Finding",
    "FindingStatus",
    "Index",
    "InputError",
    "Match",
    "MatchSource",
    "Member",
    "Paragraph",
    "ScanResult",
    "Settings",
    "ShingleKind",
    "StoredIndexError",
    "__version__",
    "scan",
]
