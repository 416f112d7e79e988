"""Band-key postings against a real SQLite file, compared with a plain dict of key -> texts."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from dedupe.index import postings, schema
from dedupe.index.postings import PostingsWriter
from dedupe.settings import Settings

KEYS = 3_000  # distinct 32-bit keys, drawn so that many share a prefix and some a key


@pytest.fixture
def db(tmp_path: Path) -> sqlite3.Connection:
    connection = schema.create(tmp_path / "index.sqlite", Settings(), "test")
    connection.execute("BEGIN")
    return connection


def random_entries(rng: np.random.Generator, count: int, first_text: int) -> tuple[
    np.ndarray, np.ndarray
]:
    prefixes = rng.integers(0, 40, count, dtype=np.uint64) << np.uint64(16)
    keys = prefixes | rng.integers(0, KEYS // 40, count, dtype=np.uint64)
    texts = rng.integers(first_text, first_text + count // 3, count)
    return keys, texts


def expected_texts(added: list[tuple[np.ndarray, np.ndarray]]) -> dict[int, set[int]]:
    holders: dict[int, set[int]] = defaultdict(set)
    for keys, texts in added:
        for key, text in zip(keys.tolist(), texts.tolist(), strict=True):
            holders[key].add(text)
    return holders


def test_merges_across_rounds_and_chunks_find_exactly_the_texts_of_each_key(
    db: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(postings, "PENDING_ENTRIES", 700)  # several merge rounds per add
    monkeypatch.setattr(postings, "PREFIXES_PER_MERGE", 7)  # several chunks per round
    rng = np.random.default_rng(5)
    added = [random_entries(rng, 1_000, 1 + 1_000 * k) for k in range(4)]
    writer = PostingsWriter(db)
    for keys, texts in added[:2]:
        writer.add(keys, texts)
    writer.flush()
    later = PostingsWriter(db)  # a second add merges into rows already stored
    for keys, texts in added[2:]:
        later.add(keys, texts)
    later.flush()

    holders = expected_texts(added)
    known = sorted(holders)[::7]
    probes = np.array(known[: len(known) // 2 * 2] + [0xFFFF_FFFF, 12_345 << 16], dtype=np.uint64)
    found = postings.lookup(db, probes.reshape(2, -1))
    columns = len(probes) // 2
    for column in range(columns):
        wanted = holders.get(int(probes[column]), set()) | holders.get(
            int(probes[columns + column]), set()
        )
        assert found[column] == wanted
    assert postings.count(db) == sum(len(keys) for keys, _ in added)


def test_each_row_holds_its_prefix_sorted(db: sqlite3.Connection) -> None:
    keys, texts = random_entries(np.random.default_rng(6), 2_000, 1)
    writer = PostingsWriter(db)
    writer.add(keys, texts)
    writer.flush()
    stored = postings.read(db, list(range(1 << postings.PREFIX_BITS)))
    assert sorted(stored) == sorted(set((keys >> np.uint64(16)).tolist()))
    for prefix, entries in stored.items():
        assert (np.diff(entries.astype(np.int64)) >= 0).all()
        assert ((entries >> np.uint64(48)) == prefix).all()


def test_remove_drops_every_entry_of_the_texts_and_empty_rows(db: sqlite3.Connection) -> None:
    rng = np.random.default_rng(7)
    keys, texts = random_entries(rng, 2_000, 1)
    lonely_key = np.array([(999 << 16) | 1], dtype=np.uint64)  # the only key of its prefix
    writer = PostingsWriter(db)
    writer.add(keys, texts)
    writer.add(lonely_key, np.array([5_000]))
    writer.flush()
    doomed = set(texts[::5].tolist()) | {5_000}
    gone = np.isin(texts, list(doomed))

    postings.remove(db, np.concatenate([keys[gone], lonely_key]), doomed)

    holders = expected_texts([(keys[~gone], texts[~gone])])
    probes = np.unique(keys)
    found = postings.lookup(db, probes.reshape(1, -1))
    assert all(found[i] == holders.get(int(key), set()) for i, key in enumerate(probes))
    assert postings.count(db) == int((~gone).sum())
    assert postings.read(db, [999]) == {}


def test_a_text_id_beyond_32_bits_is_refused(db: sqlite3.Connection) -> None:
    with pytest.raises(OverflowError, match="at most 4,294,967,295 distinct texts"):
        PostingsWriter(db).add(np.array([1], dtype=np.uint64), np.array([1 << 32]))
