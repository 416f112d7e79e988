"""Writing to and reading from the index: add, replace and remove documents; probe for a draft.

A text (one normalized paragraph text) is stored once with its band keys (`postings`),
however many documents hold it; `paragraphs` says where. Removing the last paragraph of a
text removes the text and its band keys, which are computed again from the paragraph (they
are a pure function of its text and the settings the index requires).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from dedupe.engines.local import TaskResult
from dedupe.index import postings
from dedupe.index.postings import PostingsWriter, stored_band_keys
from dedupe.index.schema import insert_rows, schema_version, select_in
from dedupe.model import Document, Paragraph, Problem
from dedupe.settings import Settings
from dedupe.sketch import SketchedBatch, sketch_batch
from dedupe.verify import lengths_allow


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
    """Adds sketched task results to an index inside the caller's transaction.

    Band keys are merged into the index in large rounds; `flush` merges the last one.
    """

    def __init__(self, db: sqlite3.Connection, settings: Settings) -> None:
        self.db, self.settings = db, settings
        self.postings = PostingsWriter(db)
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

    def flush(self) -> None:
        self.postings.flush()

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
        self.postings.add(keys, owners)

    def _insert_texts(
        self, batch: SketchedBatch, picked: np.ndarray, used: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Text id of each distinct row of the batch (-1 if not `used`), and the new rows."""
        first = np.full(batch.keys.shape[1], -1, dtype=np.int64)
        first[batch.row[picked][::-1]] = picked[::-1]
        exact = [bytes(batch.exact[i].tobytes()) for i in first[used].tolist()]
        before = self.db.execute("SELECT COALESCE(MAX(id), 0) FROM texts").fetchone()[0]
        words = batch.tokens.lengths[used].tolist()
        insert_rows(self.db, "texts (exact, words)", exact, words, verb="INSERT OR IGNORE")
        query = "SELECT exact, id FROM texts WHERE exact IN ({marks})"
        ids = dict(select_in(self.db, query, exact))
        texts = np.full(batch.keys.shape[1], -1, dtype=np.int64)
        texts[used] = [ids[key] for key in exact]
        return texts, used[texts[used] > before]


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
    postings.remove(db, stored_band_keys(batch.keys).reshape(-1), texts)
    db.executemany("DELETE FROM texts WHERE id = ?", ((t,) for t in texts))


def probe(db: sqlite3.Connection, batch: SketchedBatch, cutoff: float) -> dict[int, list[int]]:
    """Indexed texts sharing a band key with each distinct row of a draft batch.

    Texts whose length rules out a similarity of `cutoff` (`verify.lengths_allow`) are left out.
    """
    found = postings.lookup(db, stored_band_keys(batch.keys))
    words = _words(db, sorted(set().union(*found)))
    probed: dict[int, list[int]] = {}
    for row, (texts, length) in enumerate(zip(found, batch.tokens.lengths, strict=True)):
        candidates = np.array(sorted(texts), dtype=np.int64)
        allowed = lengths_allow(np.array([words[t] for t in candidates.tolist()]), length, cutoff)
        probed[row] = candidates[allowed].tolist()
    return probed


def _words(db: sqlite3.Connection, texts: Sequence[int]) -> dict[int, int]:
    """The token count of each of `texts`."""
    return dict(select_in(db, "SELECT id, words FROM texts WHERE id IN ({marks})", texts))


def bodies(db: sqlite3.Connection, texts: Sequence[int]) -> dict[int, str]:
    """One paragraph's original text for each indexed text (all normalize alike)."""
    query = "SELECT text, body FROM paragraphs WHERE text IN ({marks}) GROUP BY text"
    return dict(select_in(db, query, texts))


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
        ("text_bytes", "SELECT COALESCE(SUM(LENGTH(CAST(body AS BLOB))), 0) FROM paragraphs"),
    )
    found = {name: int(db.execute(sql).fetchone()[0]) for name, sql in queries}
    if schema_version(db) == 1:  # before postings, a row per band key
        return {**found, "band_keys": db.execute("SELECT COUNT(*) FROM bands").fetchone()[0]}
    return {**found, "band_keys": postings.count(db)}
