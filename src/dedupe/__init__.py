"""dedupe: find duplicate and near-duplicate paragraphs."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from dedupe.api import scan
from dedupe.errors import ConfigError, DedupeError, InputError
from dedupe.model import Cluster, ClusterKind, Document, Member, Paragraph, ScanResult
from dedupe.settings import Settings, ShingleKind

try:
    __version__ = version("dedupe")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = [
    "Cluster",
    "ClusterKind",
    "ConfigError",
    "DedupeError",
    "Document",
    "InputError",
    "Member",
    "Paragraph",
    "ScanResult",
    "Settings",
    "ShingleKind",
    "__version__",
    "scan",
]
