"""The index file: one SQLite database, its schema, and the settings it was built with.

Tables: `documents` (one row per document id), `texts` (one row per distinct normalized
text, keyed by its 128-bit exact key, with its number of tokens), `paragraphs` (where each
text appears) and `postings` (the LSH band keys of each text, grouped by key prefix:
see `postings.py`). WAL mode lets checks read while an `add` writes; a second writer
waits for the first (busy timeout), and each add or remove is one transaction.

Schema 1 kept one row per band key in a `bands` table; `upgrade` turns it into schema 2.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dedupe.errors import DedupeError
from dedupe.settings import Settings
from dedupe.signature import SCHEME

SCHEMA_VERSION = 2
# Schemas `upgrade` turns into the current one.
UPGRADABLE = (1,)
# A second writer waits this long for the first to commit before giving up.
BUSY_TIMEOUT_SECONDS = 600.0
# Settings that decide which band keys and exact keys a paragraph gets.
MATCHING_SETTINGS = ("shingle", "ngram", "num_perm", "seed", "bands", "rows", "min_words")

POSTINGS_DDL = "CREATE TABLE postings (prefix INTEGER PRIMARY KEY, entries BLOB NOT NULL)"
DDL = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    date TEXT,
    url TEXT
);
CREATE TABLE texts (id INTEGER PRIMARY KEY, exact BLOB NOT NULL UNIQUE, words INTEGER NOT NULL);
CREATE TABLE paragraphs (
    id INTEGER PRIMARY KEY,
    document INTEGER NOT NULL REFERENCES documents (id),
    text INTEGER NOT NULL REFERENCES texts (id),
    number INTEGER NOT NULL,
    line INTEGER NOT NULL,
    end_line INTEGER NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX paragraphs_by_document ON paragraphs (document);
CREATE INDEX paragraphs_by_text ON paragraphs (text);
{POSTINGS_DDL};
"""
# Rows per INSERT statement: 2.4x faster than one row per statement, well under SQLite's
# limit of 32,766 bound values.
ROWS_PER_STATEMENT = 400


class StoredIndexError(DedupeError):
    """An index file is missing, damaged, from another version, or built with other settings."""

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")


def stored_settings(settings: Settings) -> dict[str, object]:
    """What an index remembers of the settings it was built with."""
    described = settings.describe()
    return {**{name: described[name] for name in MATCHING_SETTINGS}, "signature": SCHEME}


def connect(path: Path, bulk: bool = False) -> sqlite3.Connection:
    """A connection in WAL mode (no journal for a bulk load); transactions are the caller's."""
    try:
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        db.execute(f"PRAGMA journal_mode = {'OFF' if bulk else 'WAL'}")
        db.execute(f"PRAGMA synchronous = {'OFF' if bulk else 'FULL'}")
        db.execute("PRAGMA foreign_keys = ON")
        # A bulk load inserts band keys all over a growing b-tree: a larger cache and larger
        # pages keep more of it in memory (measured about 10 % faster at 200k paragraphs).
        db.execute(f"PRAGMA cache_size = -{262144 if bulk else 65536}")
        if bulk:
            db.execute("PRAGMA page_size = 16384")
    except sqlite3.DatabaseError as exc:
        raise StoredIndexError(path, f"not a dedupe index ({exc})") from None
    return db


def create(path: Path, settings: Settings, version: str) -> sqlite3.Connection:
    """A new, empty index at `path` holding `settings`, open for a bulk load.

    No journal and no syncs: the file must be private to the caller until complete (see
    `Index.build`); `finish_bulk` turns it into a normal WAL-mode index.
    """
    db = connect(path, bulk=True)
    with transaction(db):
        for statement in DDL.split(";"):
            db.execute(statement)
        meta = {"settings": stored_settings(settings), "created_by": version}
        db.executemany(
            "INSERT INTO meta VALUES (?, ?)", [(k, json.dumps(v)) for k, v in meta.items()]
        )
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return db


def open_existing(
    path: Path, settings: Settings | None, schemas: tuple[int, ...] = (SCHEMA_VERSION,)
) -> sqlite3.Connection:
    """The index at `path`; refuses a damaged file, a schema not in `schemas`, other settings."""
    if not path.is_file():
        raise StoredIndexError(path, "index not found (build one with 'dedupe index build')")
    db = connect(path)
    try:
        version = schema_version(db)
        if version == 0 or not _has_meta(db):
            raise StoredIndexError(path, "not a dedupe index")
        if version in UPGRADABLE and version not in schemas:
            raise StoredIndexError(
                path, f"index schema {version} is from an older dedupe; upgrade it in place "
                f"with 'dedupe index upgrade {path}'"
            )
        if version not in schemas:
            raise StoredIndexError(
                path, f"index schema {version}; this dedupe reads schema {SCHEMA_VERSION}"
            )
        if settings is not None:
            _require_settings(path, read_meta(db)["settings"], stored_settings(settings))
    except sqlite3.DatabaseError as exc:
        db.close()
        raise StoredIndexError(path, f"damaged index ({exc})") from None
    except StoredIndexError:
        db.close()
        raise
    return db


def schema_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


@contextmanager
def guarded(path: Path) -> Iterator[None]:
    """SQLite failures while using an index (a damaged page, a lock never released) as one line.

    Damage is found when a page is read, not by scanning the whole file on open: a check
    must start in milliseconds on a 1 GB index.
    """
    try:
        yield
    except sqlite3.OperationalError as exc:
        raise StoredIndexError(path, f"cannot use the index ({exc})") from None
    except sqlite3.DatabaseError as exc:
        raise StoredIndexError(path, f"damaged index ({exc})") from None


def finish_bulk(db: sqlite3.Connection) -> None:
    """End a bulk load: the file goes to WAL mode and its content to disk."""
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA wal_checkpoint(FULL)")


def insert_rows(
    db: sqlite3.Connection, target: str, *columns: Sequence[object], verb: str = "INSERT"
) -> None:
    """Insert rows given column by column."""
    values = [value for row in zip(*columns, strict=True) for value in row]
    insert_values(db, target, len(columns), values, verb)


def insert_values(
    db: sqlite3.Connection, target: str, width: int, values: list[Any], verb: str = "INSERT"
) -> None:
    """Insert rows given as one flat list, many rows per statement (far fewer VM round trips)."""
    row_marks = "(" + ",".join("?" * width) + ")"
    step = ROWS_PER_STATEMENT * width
    for begin in range(0, len(values), step):
        chunk = values[begin : begin + step]
        marks = ",".join([row_marks] * (len(chunk) // width))
        db.execute(f"{verb} INTO {target} VALUES {marks}", chunk)


def select_in(db: sqlite3.Connection, query: str, values: Sequence[object]) -> Iterator[Any]:
    """The rows of `query`, whose `IN ({marks})` takes `values` a statement's worth at a time."""
    for begin in range(0, len(values), ROWS_PER_STATEMENT):
        chunk = list(values[begin : begin + ROWS_PER_STATEMENT])
        yield from db.execute(query.format(marks=",".join("?" * len(chunk))), chunk)


def read_meta(db: sqlite3.Connection) -> dict[str, object]:
    return {key: json.loads(value) for key, value in db.execute("SELECT key, value FROM meta")}


def transaction(db: sqlite3.Connection) -> _Transaction:
    """`with transaction(db):` takes the write lock at once, commits, or rolls back on error."""
    return _Transaction(db)


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        if not self.db.in_transaction:
            self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind: object, *rest: object) -> None:
        self.db.execute("ROLLBACK" if kind else "COMMIT")


def _has_meta(db: sqlite3.Connection) -> bool:
    found = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'")
    return found.fetchone() is not None


def _require_settings(path: Path, stored: object, wanted: dict[str, object]) -> None:
    if not isinstance(stored, dict):
        raise StoredIndexError(path, "not a dedupe index (no settings stored)")
    differing = [f"{k}={stored.get(k)!r} (here {v!r})" for k, v in wanted.items()
                 if stored.get(k) != v]
    differing.sort(key=lambda item: not item.startswith("bands"))
    if differing:
        hint = " (bands and rows follow from the threshold)" if "bands" in differing[0] else ""
        raise StoredIndexError(
            path, "index was built with other settings: " + ", ".join(differing) + hint
            + "; use the index's settings or build a new index",
        )
