"""The library's entry points: what the CLI calls, and what Python users call."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from dedupe.engines import local
from dedupe.engines.local import Progress
from dedupe.model import ScanResult
from dedupe.settings import Settings


def scan(
    paths: Iterable[str | Path],
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> ScanResult:
    """Find clusters of repeated paragraphs in `paths` (files, folders, or "-" for stdin).

    Files that cannot be read are reported in `ScanResult.problems`; the rest is scanned.
    `progress(done, total)` is called with bytes of input read so far.
    """
    return local.scan([str(p) for p in paths], settings or Settings(), progress)
