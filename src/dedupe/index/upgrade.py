"""Upgrading an index written by an older dedupe, in place and in one transaction."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np

from dedupe.index import schema
from dedupe.index.postings import KEY_BITS, PostingsWriter
from dedupe.index.schema import SCHEMA_VERSION, UPGRADABLE

# Schema 1 stored 48-bit keys; schema 2 keeps their top KEY_BITS bits.
SCHEMA_1_KEY_SHIFT = np.uint64(48 - KEY_BITS)
# Schema-1 band-key rows read at a time.
ROWS_PER_READ = 1_000_000


def upgrade(path: Path) -> int:
    """Bring the index at `path` to SCHEMA_VERSION; the schema version it had.

    The change is one transaction: interrupted, the index stays as it was. Afterwards the
    file is compacted (VACUUM), which needs free disk space about the size of the index.
    """
    db = schema.open_existing(path, None, schemas=(SCHEMA_VERSION, *UPGRADABLE))
    try:
        with schema.guarded(path):
            was = schema.schema_version(db)
            if was == SCHEMA_VERSION:
                return was
            with schema.transaction(db):
                _postings_from_band_rows(db)
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("VACUUM")
            return was
    finally:
        db.close()


def _postings_from_band_rows(db: sqlite3.Connection) -> None:
    """Schema 1 to 2: the `bands` table's (key, text) rows become `postings`."""
    db.execute(schema.POSTINGS_DDL)
    writer = PostingsWriter(db)
    rows = db.execute("SELECT key, text FROM bands")
    while chunk := rows.fetchmany(ROWS_PER_READ):
        pairs = np.array(chunk, dtype=np.int64)
        writer.add(pairs[:, 0].astype(np.uint64) >> SCHEMA_1_KEY_SHIFT, pairs[:, 1])
    writer.flush()
    db.execute("DROP TABLE bands")
