"""LSH band keys on disk, as postings: rows of sorted entries rather than a row per key.

An entry is one uint64, `stored key << 32 | text id`, where the stored key is 32 bits of
a mix of the band number and the band key. The `postings` table holds the entries sorted,
one blob per prefix (the entries' top `bits` bits). `bits` grows with the index so that
a row holds a few hundred entries (a few KB): a 2,000-paragraph index has 512 rows, a
1M-paragraph one 65,536. With one b-tree row per key, SQLite's per-row cost made
`index build` 3x slower than `scan` (7.3 s of 10 s went to 7.8 M key rows at 200k
paragraphs). A draft's lookup is one seek per distinct prefix and a binary search.

A chance collision of 32-bit keys only adds a candidate, which verification drops: with
the 39 M entries of a 1M-paragraph index, about 0.4 per draft paragraph.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

import numpy as np

from dedupe.index.schema import POSTINGS_DDL, insert_values, select_in
from dedupe.shingle import U64, fmix64

KEY_BITS = 32
MAX_TEXT = (1 << 32) - 1
MIN_BITS, MAX_BITS = 8, 24
# Entries per row aimed at when the prefix bits are chosen, and the average beyond which
# rows are split (by two more bits at least): a row stays between 2 and 8 KB or so.
ROW_ENTRIES = 256
MAX_ROW_ENTRIES = 1024
# Entries held in memory (8 bytes each) before they are merged into the table.
PENDING_ENTRIES = 16_000_000
# Rows read and rewritten together while merging (bounds the blobs held at once).
ROWS_PER_MERGE = 4096

_KEY_SHIFT = np.uint64(64 - KEY_BITS)
_TEXT_MASK = np.uint64(MAX_TEXT)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def stored_band_keys(keys: U64) -> U64:
    """The (bands, n) band keys as stored: band number mixed in, KEY_BITS bits."""
    salts = np.arange(1, keys.shape[0] + 1, dtype=np.uint64) * _GOLDEN
    mixed = fmix64((keys ^ salts[:, None]).reshape(-1)).reshape(keys.shape)
    return mixed >> _KEY_SHIFT


def bits_for(entries: int) -> int:
    """Prefix bits that give rows of about ROW_ENTRIES entries."""
    return min(MAX_BITS, max(MIN_BITS, (entries // ROW_ENTRIES).bit_length()))


def prefix_bits(db: sqlite3.Connection) -> int:
    """The prefix bits the index's rows are cut by."""
    found = db.execute("SELECT value FROM meta WHERE key = 'postings_bits'").fetchone()
    return int(found[0]) if found else MIN_BITS


class PostingsWriter:
    """Collects entries and merges them into `postings`, inside the caller's transaction.

    Entries are merged PENDING_ENTRIES at a time, and the rest by `flush`.
    """

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self._pending: list[U64] = []
        self._count = 0

    def add(self, keys: U64, texts: np.ndarray) -> None:
        """Add one entry per stored key (flat) for the text beside it."""
        if texts.size and int(texts.max()) > MAX_TEXT:
            raise OverflowError(f"an index holds at most {MAX_TEXT:,} distinct texts")
        self._pending.append((keys << _KEY_SHIFT) | texts.astype(np.uint64))
        self._count += len(keys)
        if self._count >= PENDING_ENTRIES:
            self.flush()

    def flush(self) -> None:
        """Merge the pending entries into the table, first splitting its rows if it grew."""
        if not self._count:
            return
        new = np.concatenate(self._pending)
        self._pending, self._count = [], 0
        new.sort()
        bits = _bits_for_growth(self.db, len(new))
        shift = np.uint64(64 - bits)
        for chunk, start, end in _rows(new >> shift):
            stored = read(self.db, chunk.tolist()).values()
            _write(self.db, chunk, _sorted([new[start:end], *stored]), shift)


def remove(db: sqlite3.Connection, keys: U64, texts: Iterable[int]) -> None:
    """Remove every entry of `texts`, whose stored keys (flat) are `keys`."""
    doomed = np.fromiter(texts, dtype=np.uint64)
    bits = prefix_bits(db)
    touched = np.unique(keys >> np.uint64(KEY_BITS - bits))
    for begin in range(0, len(touched), ROWS_PER_MERGE):
        chunk = touched[begin : begin + ROWS_PER_MERGE]
        stored = _sorted(read(db, chunk.tolist()).values())
        _write(db, chunk, stored[~np.isin(stored & _TEXT_MASK, doomed)], np.uint64(64 - bits))


def lookup(db: sqlite3.Connection, keys: U64) -> list[set[int]]:
    """The texts sharing at least one stored key with each column of (bands, n) `keys`."""
    columns = keys.shape[1]
    flat = keys.reshape(-1)
    touched = np.unique(flat >> np.uint64(KEY_BITS - prefix_bits(db)))
    stored = _sorted(read(db, touched.tolist()).values())
    lowest = flat << _KEY_SHIFT
    firsts = np.searchsorted(stored, lowest).tolist()
    lasts = np.searchsorted(stored, lowest | _TEXT_MASK, side="right").tolist()
    found: list[set[int]] = [set() for _ in range(columns)]
    for i, (first, last) in enumerate(zip(firsts, lasts, strict=True)):
        if last > first:
            found[i % columns].update((stored[first:last] & _TEXT_MASK).tolist())
    return found


def read(db: sqlite3.Connection, prefixes: list[int]) -> dict[int, U64]:
    """The stored entries of those of `prefixes` that have any."""
    query = "SELECT prefix, entries FROM postings WHERE prefix IN ({marks})"
    rows = select_in(db, query, prefixes)
    return {prefix: np.frombuffer(blob, dtype="<u8") for prefix, blob in rows}


def count(db: sqlite3.Connection) -> int:
    """Entries stored: one per band key of each text."""
    total = db.execute("SELECT COALESCE(SUM(LENGTH(entries)), 0) FROM postings").fetchone()[0]
    return int(total) // 8


def _bits_for_growth(db: sqlite3.Connection, adding: int) -> int:
    """The prefix bits for the table once `adding` entries join it; rows are split first
    when they would hold more than MAX_ROW_ENTRIES on average."""
    bits, stored = prefix_bits(db), count(db)
    if stored and (stored + adding) >> bits <= MAX_ROW_ENTRIES:
        return bits
    wanted = max(bits, bits_for(stored + adding))
    if stored:
        _split_rows(db, wanted)
    db.execute("INSERT OR REPLACE INTO meta VALUES ('postings_bits', ?)", (str(wanted),))
    return wanted


def _split_rows(db: sqlite3.Connection, bits: int) -> None:
    """Cut every row by `bits` prefix bits (more than now): each row becomes several."""
    db.execute("ALTER TABLE postings RENAME TO postings_before")
    db.execute(POSTINGS_DDL)
    shift = np.uint64(64 - bits)
    rows = db.execute("SELECT entries FROM postings_before ORDER BY prefix")
    while blobs := rows.fetchmany(ROWS_PER_MERGE):
        entries = np.concatenate([np.frombuffer(blob, dtype="<u8") for (blob,) in blobs])
        prefixes = entries >> shift
        _write(db, prefixes[_row_starts(prefixes)], entries, shift)
    db.execute("DROP TABLE postings_before")


def _row_starts(prefixes: U64) -> np.ndarray:
    """Where each run of equal prefixes starts in sorted `prefixes`."""
    return np.append(0, np.flatnonzero(prefixes[1:] != prefixes[:-1]) + 1)


def _rows(prefixes: U64) -> Iterable[tuple[U64, int, int]]:
    """Sorted `prefixes` as (distinct prefixes, start, end) chunks of ROWS_PER_MERGE rows."""
    starts = _row_starts(prefixes)
    ends = np.append(starts[1:], len(prefixes))
    for begin in range(0, len(starts), ROWS_PER_MERGE):
        last = min(begin + ROWS_PER_MERGE, len(starts)) - 1
        yield prefixes[starts[begin : last + 1]], int(starts[begin]), int(ends[last])


def _sorted(parts: Iterable[U64]) -> U64:
    """Sorted arrays merged into one sorted array."""
    arrays = list(parts)
    if len(arrays) <= 1:
        return arrays[0] if arrays else np.empty(0, dtype=np.uint64)
    return np.sort(np.concatenate(arrays))


def _write(db: sqlite3.Connection, prefixes: U64, stored: U64, shift: np.uint64) -> None:
    """Store the sorted `stored` entries as the rows of `prefixes`; a row left empty is deleted."""
    data = stored.astype("<u8", copy=False).tobytes()
    held = stored >> shift
    starts = np.searchsorted(held, prefixes, side="left").tolist()
    ends = np.searchsorted(held, prefixes, side="right").tolist()
    values: list[object] = []
    emptied: list[tuple[int]] = []
    for prefix, start, end in zip(prefixes.tolist(), starts, ends, strict=True):
        if end > start:
            values += (prefix, data[8 * start : 8 * end])
        else:
            emptied.append((prefix,))
    db.executemany("DELETE FROM postings WHERE prefix = ?", emptied)
    insert_values(db, "postings (prefix, entries)", 2, values, "INSERT OR REPLACE")
