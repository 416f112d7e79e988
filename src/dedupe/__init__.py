"""dedupe: find duplicate and near-duplicate paragraphs."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

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

try:
    __version__ = version("dedupe")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

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
