"""Writing to and reading from the index: add, replace and remove documents; probe for a draft.

A text (one normalized paragraph text) is stored once with its band keys, however many
documents hold it; `paragraphs` says where. Removing the last paragraph of a text removes
the text and its band keys, which are computed again from the paragraph (they are a pure
function of its text and the settings the index requires).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from dedupe.engines.local import TaskResult
from dedupe.model import Document, Paragraph, Problem
from dedupe.settings import Settings
from dedupe.shingle import U64, fmix64
from dedupe.sketch import SketchedBatch, sketch_batch

# Band keys are stored in 48 bits (SQLite keeps them in 6 bytes instead of 8); a chance
# collision between different keys only adds a candidate, which verification drops.
_KEY_SHIFT = np.uint64(16)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
# Rows per INSERT statement: 2.4x faster than one row per statement, well under SQLite's
# limit of 32,766 bound values.
ROWS_PER_STATEMENT = 400


def stored_band_keys(keys: U64) -> np.ndarray:
    """The (bands, n) band keys as stored: band number mixed in, 48 bits, int64."""
    salts = np.arange(1, keys.shape[0] + 1, dtype=np.uint64) * _GOLDEN
    mixed = fmix64((keys ^ salts[:, None]).reshape(-1)).reshape(keys.shape)
    return (mixed >> _KEY_SHIFT).astype(np.int64)


@dataclass(frozen=True)
class Published:
    """An indexed text as a check shows it: one paragraph holding it and how many documents do."""

    text: int
    exact: bytes
    paragraph: Paragraph
    date: str | None
    url: str | None
    copies: int


class Writer:
    """Adds sketched task results to an index inside the caller's transaction."""

    def __init__(self, db: sqlite3.Connection, settings: Settings) -> None:
        self.db, self.settings = db, settings
        self.replaced = self.paragraphs = 0
        self.stored: set[str] = set()
        self.problems: list[Problem] = []

    @property
    def documents(self) -> int:
        return len(self.stored)

    def add(self, result: TaskResult) -> None:
        """Store a task's documents, replacing any with the same ids (the last one wins)."""
        kept: dict[str, Document] = {}
        for document in result.documents:
            if document.id in kept or document.id in self.stored:
                self.problems.append(Problem(
                    document.path, f"document id '{document.id}' is given more than once; "
                    "the last one is indexed", is_error=False,
                ))
            kept[document.id] = document
        again = len(self.stored.intersection(kept))
        self.replaced += remove_documents(self.db, kept, self.settings) - again
        ids = {name: self._insert_document(document) for name, document in kept.items()}
        self.stored.update(kept)
        owners = {name: (d.path, d.order) for name, d in kept.items()}
        for batch in result.batches:
            columns = batch.paragraphs
            places = zip(columns.docs, columns.paths, columns.order.tolist(), strict=True)
            picked = [i for i, (doc, path, order) in enumerate(places)
                      if owners[doc] == (path, order)]
            self._insert_batch(batch, np.array(picked, dtype=np.int64), ids)

    def _insert_document(self, document: Document) -> int:
        cursor = self.db.execute(
            "INSERT INTO documents (name, path, date, url) VALUES (?, ?, ?, ?)",
            (document.id, document.path, document.date, document.url),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def _insert_batch(
        self, batch: SketchedBatch, picked: np.ndarray, document_ids: dict[str, int]
    ) -> None:
        """Store the `picked` paragraphs of a batch, and the texts and band keys they need."""
        columns, rows = batch.paragraphs, batch.row[picked]
        texts, new = self._insert_texts(batch, picked, np.unique(rows))
        chosen = picked.tolist()
        insert_rows(
            self.db,
            "paragraphs (document, text, number, line, end_line, body)",
            [document_ids[columns.docs[i]] for i in chosen],
            texts[rows].tolist(),
            columns.number[picked].tolist(),
            columns.line[picked].tolist(),
            columns.end_line[picked].tolist(),
            [columns.texts[i] for i in chosen],
        )
        self.paragraphs += len(chosen)
        keys = stored_band_keys(batch.keys[:, new]).reshape(-1)
        owners = np.broadcast_to(texts[new], (batch.keys.shape[0], len(new))).reshape(-1)
        order = np.argsort(keys)  # b-tree pages filled in key order
        pairs = np.column_stack([keys[order], owners[order]])
        insert_values(self.db, "bands (key, text)", 2, pairs.reshape(-1).tolist())

    def _insert_texts(
        self, batch: SketchedBatch, picked: np.ndarray, used: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Text id of each distinct row of the batch (-1 if not `used`), and the new rows."""
        first = np.full(batch.keys.shape[1], -1, dtype=np.int64)
        first[batch.row[picked][::-1]] = picked[::-1]
        exact = [bytes(batch.exact[i].tobytes()) for i in first[used].tolist()]
        before = self.db.execute("SELECT COALESCE(MAX(id), 0) FROM texts").fetchone()[0]
        words = batch.tokens.lengths[used].tolist()
        insert_rows(self.db, "texts (exact, words)", exact, words, ignore=True)
        ids: dict[bytes, int] = {}
        for begin in range(0, len(exact), ROWS_PER_STATEMENT):
            chunk = exact[begin : begin + ROWS_PER_STATEMENT]
            marks = ",".join("?" * len(chunk))
            ids.update(self.db.execute(f"SELECT exact, id FROM texts WHERE exact IN ({marks})",
                                       chunk))
        texts = np.full(batch.keys.shape[1], -1, dtype=np.int64)
        texts[used] = [ids[key] for key in exact]
        return texts, used[texts[used] > before]


def insert_rows(
    db: sqlite3.Connection, target: str, *columns: Sequence[object], ignore: bool = False
) -> None:
    """Insert rows given column by column."""
    values = [value for row in zip(*columns, strict=True) for value in row]
    insert_values(db, target, len(columns), values, ignore)


def insert_values(
    db: sqlite3.Connection, target: str, width: int, values: list[Any], ignore: bool = False
) -> None:
    """Insert rows given as one flat list, many rows per statement (far fewer VM round trips)."""
    verb = "INSERT OR IGNORE" if ignore else "INSERT"
    row_marks = "(" + ",".join("?" * width) + ")"
    step = ROWS_PER_STATEMENT * width
    for begin in range(0, len(values), step):
        chunk = values[begin : begin + step]
        db.execute(f"{verb} INTO {target} VALUES {','.join([row_marks] * (len(chunk) // width))}",
                   chunk)


def remove_documents(db: sqlite3.Connection, names: Iterable[str], settings: Settings) -> int:
    """Remove the documents with these ids (those present); how many were removed."""
    bodies: dict[int, str] = {}
    removed = 0
    for name in names:
        found = db.execute("SELECT id FROM documents WHERE name = ?", (name,)).fetchone()
        if found is None:
            continue
        bodies.update(db.execute("SELECT text, body FROM paragraphs WHERE document = ?", found))
        db.execute("DELETE FROM paragraphs WHERE document = ?", found)
        db.execute("DELETE FROM documents WHERE id = ?", found)
        removed += 1
    orphans = [text for text in bodies if not _in_use(db, text)]
    if orphans:
        _delete_texts(db, orphans, [bodies[t] for t in orphans], settings)
    return removed


def _in_use(db: sqlite3.Connection, text: int) -> bool:
    found = db.execute("SELECT 1 FROM paragraphs WHERE text = ? LIMIT 1", (text,))
    return found.fetchone() is not None


def _delete_texts(
    db: sqlite3.Connection, texts: list[int], bodies: list[str], settings: Settings
) -> None:
    paragraphs = [Paragraph("", "", 0, 1, 1, 1, body) for body in bodies]
    batch = sketch_batch(paragraphs, settings)
    keys = stored_band_keys(batch.keys)[:, batch.row]
    owners = np.broadcast_to(np.array(texts, dtype=np.int64), keys.shape)
    db.executemany(
        "DELETE FROM bands WHERE key = ? AND text = ?",
        zip(keys.reshape(-1).tolist(), owners.reshape(-1).tolist(), strict=True),
    )
    db.executemany("DELETE FROM texts WHERE id = ?", ((t,) for t in texts))


def probe(db: sqlite3.Connection, batch: SketchedBatch, cutoff: float) -> dict[int, list[int]]:
    """Indexed texts sharing a band key with each distinct row of a draft batch.

    Texts whose length rules out a similarity of `cutoff` (see `verify.within_length_bound`)
    are left out.
    """
    keys = stored_band_keys(batch.keys)
    found: dict[int, list[int]] = {}
    for row, length in enumerate(batch.tokens.lengths.tolist()):
        texts = db.execute(
            "SELECT DISTINCT t.id FROM bands b JOIN texts t ON t.id = b.text "
            "WHERE b.key IN (SELECT value FROM json_each(?)) "
            "AND 2 * MIN(t.words, ?) >= ? * (t.words + ?)",
            (json.dumps(keys[:, row].tolist()), length, cutoff, length),
        )
        found[row] = sorted(t for (t,) in texts)
    return found


def bodies(db: sqlite3.Connection, texts: Sequence[int]) -> dict[int, str]:
    """One paragraph's original text for each indexed text (all normalize alike)."""
    found: dict[int, str] = {}
    for begin in range(0, len(texts), ROWS_PER_STATEMENT):
        chunk = list(texts[begin : begin + ROWS_PER_STATEMENT])
        marks = ",".join("?" * len(chunk))
        found.update(db.execute(
            f"SELECT text, body FROM paragraphs WHERE text IN ({marks}) GROUP BY text", chunk
        ))
    return found


def published(db: sqlite3.Connection, text: int) -> Published:
    """The earliest-dated (else first-added) paragraph holding an indexed text."""
    row = db.execute(
        "SELECT t.exact, d.name, d.path, d.date, d.url, p.number, p.line, p.end_line, p.body "
        "FROM paragraphs p JOIN documents d ON d.id = p.document JOIN texts t ON t.id = p.text "
        "WHERE p.text = ? ORDER BY d.date IS NULL, d.date, d.id, p.number LIMIT 1",
        (text,),
    ).fetchone()
    exact, name, path, date, url, number, line, end_line, body = row
    copies = db.execute(
        "SELECT COUNT(DISTINCT document) FROM paragraphs WHERE text = ?", (text,)
    ).fetchone()[0]
    paragraph = Paragraph(path, name, 0, number, line, end_line, body)
    return Published(text, exact, paragraph, date, url, copies)


def counts(db: sqlite3.Connection) -> dict[str, int]:
    """Documents, paragraphs, distinct texts and band keys stored, and the bytes of text."""
    queries: Sequence[tuple[str, str]] = (
        ("documents", "SELECT COUNT(*) FROM documents"),
        ("paragraphs", "SELECT COUNT(*) FROM paragraphs"),
        ("texts", "SELECT COUNT(*) FROM texts"),
        ("band_keys", "SELECT COUNT(*) FROM bands"),
        ("text_bytes", "SELECT COALESCE(SUM(LENGTH(CAST(body AS BLOB))), 0) FROM paragraphs"),
    )
    return {name: int(db.execute(sql).fetchone()[0]) for name, sql in queries}
