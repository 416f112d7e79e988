"""The library's entry points: what the CLI calls, and what Python users call."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Literal

from dedupe.engines import local
from dedupe.engines.local import Progress
from dedupe.errors import ConfigError, MissingExtraError
from dedupe.model import ScanResult
from dedupe.settings import Settings

Engine = Literal["local", "spark"]


def scan(
    paths: Iterable[str | Path],
    settings: Settings | None = None,
    progress: Progress | None = None,
    *,
    engine: Engine = "local",
    spark_master: str | None = None,
    members_parquet: str | None = None,
) -> ScanResult:
    """Find clusters of repeated paragraphs in `paths` (files, folders, or "-" for stdin).

    Files that cannot be read are reported in `ScanResult.problems`; the rest is scanned.
    `progress(done, total)` is called with bytes of input read so far (local engine).
    `engine="spark"` runs on Spark (`dedupe[spark]`): `spark_master` (default: local[*], or
    spark-submit's), and `members_parquet`, a folder or URI that receives one row per
    cluster member instead of `ScanResult.clusters`.
    """
    names = [str(p) for p in paths]
    if engine == "spark":
        result: ScanResult = _spark().scan(
            names, settings or Settings(), spark_master, members_parquet
        )
        return result
    if engine != "local":
        raise ConfigError(f"engine must be local or spark, got {engine!r}")
    if members_parquet is not None:
        raise ConfigError("Parquet output needs the Spark engine (--engine spark)")
    return local.scan(names, settings or Settings(), progress)


def _spark() -> ModuleType:
    """The Spark engine, imported only when asked for (pyspark is an optional extra)."""
    try:
        from dedupe.engines import spark
    except ImportError as exc:
        if (exc.name or "").split(".")[0] in ("pyspark", "py4j"):
            raise MissingExtraError("the Spark engine", "spark") from None
        raise
    return spark
