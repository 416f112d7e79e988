"""The persistent index of published paragraphs: `Index.build`, `Index.open`, add, remove, info.

Reading and sketching run as in `scan` (worker processes for large inputs); this process
writes. Every add or remove is one transaction, so an interrupted add leaves the index as
it was; `build` writes a new file beside the target and moves it into place when complete.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from dedupe.check import check
from dedupe.engines.local import Progress, plan_tasks, run_tasks
from dedupe.index import schema
from dedupe.index.schema import SCHEMA_VERSION, UPGRADABLE, StoredIndexError
from dedupe.index.store import Writer, counts, remove_documents
from dedupe.index.upgrade import upgrade
from dedupe.model import CheckResult, Problem
from dedupe.readers import discover
from dedupe.settings import Settings

__all__ = ["AddResult", "Index", "IndexInfo", "StoredIndexError"]


@dataclass(frozen=True)
class AddResult:
    """What an add or build stored, and the files it could not read."""

    files: int
    documents: int
    replaced: int
    paragraphs: int
    problems: tuple[Problem, ...]

    @property
    def exit_code(self) -> int:
        return 2 if any(p.is_error for p in self.problems) else 0


@dataclass(frozen=True)
class IndexInfo:
    path: str
    schema: int
    settings: dict[str, object]
    created_by: str
    documents: int
    paragraphs: int
    texts: int
    band_keys: int
    text_bytes: int
    size: int

    @property
    def bytes_per_paragraph(self) -> float:
        """File size beyond the paragraphs' own text, per paragraph."""
        return (self.size - self.text_bytes) / self.paragraphs if self.paragraphs else 0.0


class Index:
    """An open index file; use as a context manager, or call `close()`."""

    def __init__(
        self, path: Path, settings: Settings | None, db: sqlite3.Connection | None = None
    ) -> None:
        self.path = path
        self._settings = settings
        # Without settings an index is only described, which older schemas allow too.
        readable = (SCHEMA_VERSION,) if settings is not None else (SCHEMA_VERSION, *UPGRADABLE)
        self.db = db or schema.open_existing(path, settings, readable)

    @classmethod
    def open(cls, path: str | Path, settings: Settings | None = None) -> Index:
        """Open an index; `settings` must match the ones it was built with.

        Without settings the index can only be described (`info`), not changed or queried.
        """
        return cls(Path(path), settings)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            raise StoredIndexError(self.path, "opened without settings: only info is possible")
        return self._settings

    @classmethod
    def build(
        cls,
        path: str | Path,
        paths: Iterable[str],
        settings: Settings,
        version: str,
        progress: Progress | None = None,
    ) -> AddResult:
        """A new index at `path` from `paths`; it appears there only once complete.

        When no document could be read at all, no index is written.
        """
        target = Path(path)
        if target.exists():
            raise StoredIndexError(
                target, "already exists; add to it with 'dedupe index add', or delete it first"
            )
        if not target.parent.is_dir():
            raise StoredIndexError(target, "folder does not exist")
        partial = target.with_name(f".{target.name}.{os.getpid()}.building")
        try:
            with cls(partial, settings, schema.create(partial, settings, version)) as index:
                result = index.add(paths, progress)
                schema.finish_bulk(index.db)
            if result.exit_code and not result.documents:
                return result  # nothing could be read: no index is left behind
            _flush(partial)
            os.link(partial, target)  # fails, rather than overwrite, if one appeared meanwhile
        except FileExistsError:
            raise StoredIndexError(target, "was created by another process meanwhile") from None
        finally:
            for leftover in (partial, *(Path(f"{partial}{s}") for s in ("-wal", "-shm"))):
                leftover.unlink(missing_ok=True)
        return result

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def add(self, paths: Iterable[str], progress: Progress | None = None) -> AddResult:
        """Add the documents in `paths`; a document id already indexed is replaced."""
        sources, problems = discover(paths, self.settings)
        total = sum(s.size for s in sources)
        writer = Writer(self.db, self.settings)
        files = done = 0
        with schema.guarded(self.path), schema.transaction(self.db):
            for result in run_tasks(plan_tasks(sources), self.settings):
                writer.add(result)
                files += result.files
                problems.extend(result.problems)
                done += result.size
                if progress:
                    progress(done, total)
            writer.flush()
        return AddResult(files, writer.documents, writer.replaced, writer.paragraphs,
                         tuple(problems + writer.problems))

    @staticmethod
    def upgrade(path: str | Path) -> int:
        """Bring an index written by an older dedupe to the current schema; the one it had."""
        return upgrade(Path(path))

    def remove(self, names: Sequence[str]) -> int:
        """Remove documents by id, all or none: an id not in the index is an error."""
        missing = [n for n in dict.fromkeys(names) if not self._has_document(n)]
        if missing:
            listed = ", ".join(repr(n) for n in missing[:5]) + (", ..." if len(missing) > 5 else "")
            raise StoredIndexError(self.path, f"no document {listed} (nothing removed)")
        with schema.guarded(self.path), schema.transaction(self.db):
            return remove_documents(self.db, dict.fromkeys(names), self.settings)

    def check(self, paths: Iterable[str], baseline: frozenset[str] = frozenset()) -> CheckResult:
        """Findings for the drafts in `paths`; fingerprints in `baseline` are accepted repeats."""
        with schema.guarded(self.path):
            return check(self, paths, baseline)

    def info(self) -> IndexInfo:
        with schema.guarded(self.path):
            return self._info()

    def _info(self) -> IndexInfo:
        meta = schema.read_meta(self.db)
        size = sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal")) if p.exists())
        settings = meta["settings"]
        return IndexInfo(
            path=str(self.path),
            schema=schema.schema_version(self.db),
            settings=settings if isinstance(settings, dict) else {},
            created_by=str(meta.get("created_by", "")),
            size=size,
            **counts(self.db),
        )

    def _has_document(self, name: str) -> bool:
        found = self.db.execute("SELECT 1 FROM documents WHERE name = ?", (name,))
        return found.fetchone() is not None


def _flush(path: Path) -> None:
    """Make a file's content durable before it is linked into place."""
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
