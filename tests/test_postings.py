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

Entries = tuple[np.ndarray, np.ndarray]


@pytest.fixture
def db(tmp_path: Path) -> sqlite3.Connection:
    connection = schema.create(tmp_path / "index.sqlite", Settings(), "test")
    connection.execute("BEGIN")
    return connection


@pytest.fixture
def small_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows of a few entries, so that small tests see many rows, merges and splits."""
    monkeypatch.setattr(postings, "ROW_ENTRIES", 4)
    monkeypatch.setattr(postings, "MAX_ROW_ENTRIES", 16)
    monkeypatch.setattr(postings, "MIN_BITS", 2)
    monkeypatch.setattr(postings, "PENDING_ENTRIES", 700)  # several merges per add
    monkeypatch.setattr(postings, "ROWS_PER_MERGE", 7)  # several chunks per merge


def random_entries(rng: np.random.Generator, count: int, first_text: int) -> Entries:
    """Keys drawn from a small pool (so many are shared), texts from a range of ids."""
    pool = np.random.default_rng(0).integers(0, 1 << 31, 1_500, dtype=np.uint64)
    return rng.choice(pool, count), rng.integers(first_text, first_text + count // 3, count)


def stored(added: list[Entries]) -> dict[int, set[int]]:
    holders: dict[int, set[int]] = defaultdict(set)
    for keys, texts in added:
        for key, text in zip(keys.tolist(), texts.tolist(), strict=True):
            holders[key].add(text)
    return holders


def add(db: sqlite3.Connection, *rounds: Entries) -> None:
    writer = PostingsWriter(db)
    for keys, texts in rounds:
        writer.add(keys, texts)
    writer.flush()


def assert_lookups_match(db: sqlite3.Connection, holders: dict[int, set[int]]) -> None:
    known = sorted(holders)
    probes = np.array(known[: len(known) // 2 * 2] + [7, 0xFFFF_FFFF], dtype=np.uint64)
    columns = len(probes) // 2
    found = postings.lookup(db, probes.reshape(2, columns))
    for column in range(columns):
        wanted = holders.get(int(probes[column]), set())
        assert found[column] == wanted | holders.get(int(probes[columns + column]), set())


@pytest.mark.usefixtures("small_rows")
def test_merges_and_row_splits_find_exactly_the_texts_of_each_key(
    db: sqlite3.Connection,
) -> None:
    rng = np.random.default_rng(5)
    added = [random_entries(rng, 300 if k == 0 else 1_500, 1 + 1_500 * k) for k in range(4)]
    add(db, added[0])
    bits_at_first = postings.prefix_bits(db)
    add(db, *added[1:])  # a second add merges into rows already stored, and splits them

    assert postings.prefix_bits(db) > bits_at_first
    assert_lookups_match(db, stored(added))
    assert postings.count(db) == sum(len(keys) for keys, _ in added)


@pytest.mark.usefixtures("small_rows")
def test_each_row_holds_its_prefix_sorted(db: sqlite3.Connection) -> None:
    rng = np.random.default_rng(6)
    add(db, random_entries(rng, 500, 1))
    add(db, random_entries(rng, 3_000, 1_000))
    bits = postings.prefix_bits(db)
    rows = db.execute("SELECT prefix, entries FROM postings").fetchall()
    assert 3_500 / len(rows) <= 16  # rows were split as the table grew
    for prefix, blob in rows:
        entries = np.frombuffer(blob, dtype="<u8")
        assert len(entries) and (entries[1:] >= entries[:-1]).all()
        assert ((entries >> np.uint64(64 - bits)) == prefix).all()


@pytest.mark.usefixtures("small_rows")
def test_remove_drops_every_entry_of_the_texts_and_empty_rows(db: sqlite3.Connection) -> None:
    keys, texts = random_entries(np.random.default_rng(7), 2_000, 1)
    lonely = np.array([0xFFFF_FFFF], dtype=np.uint64)  # pooled keys are all below 2**31
    add(db, (keys, texts), (lonely, np.array([5_000])))
    doomed = set(texts[::5].tolist()) | {5_000}
    gone = np.isin(texts, list(doomed))

    postings.remove(db, np.concatenate([keys[gone], lonely]), doomed)

    assert_lookups_match(db, stored([(keys[~gone], texts[~gone])]))
    assert postings.count(db) == int((~gone).sum())
    last_row = int(lonely[0]) >> (32 - postings.prefix_bits(db))
    assert postings.read(db, [last_row]) == {}
    assert db.execute("SELECT MIN(LENGTH(entries)) FROM postings").fetchone()[0] > 0


def test_rows_hold_a_few_hundred_entries_whatever_the_size() -> None:
    for entries in (2_000 * 42, 200_000 * 42, 1_000_000 * 42):
        assert 100 <= entries / (1 << postings.bits_for(entries)) <= 300


def test_a_text_id_beyond_32_bits_is_refused(db: sqlite3.Connection) -> None:
    with pytest.raises(OverflowError, match="at most 4,294,967,295 distinct texts"):
        PostingsWriter(db).add(np.array([1], dtype=np.uint64), np.array([1 << 32]))
