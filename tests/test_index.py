"""The index file itself: build, add, replace, remove, info, all on real SQLite files."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from dedupe.check import check
from dedupe.index import Index, StoredIndexError
from dedupe.index.schema import SCHEMA_VERSION
from dedupe.settings import Settings
from tests.conftest import run_cli
from tests.newsroom import Newsroom

SETTINGS = Settings()


@pytest.fixture
def room(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Newsroom:
    monkeypatch.chdir(tmp_path)
    return Newsroom(tmp_path, articles=12)


def test_build_stores_every_paragraph_once_per_text(room: Newsroom) -> None:
    shared = room.articles[0][0]
    room.path(1).write_text(room.path(1).read_text() + f"\n{shared}\n")
    result = Index.build("index.sqlite", ["published"], SETTINGS, "test")
    assert (result.documents, result.paragraphs, result.replaced) == (12, 73, 0)
    with Index.open("index.sqlite", SETTINGS) as index:
        info = index.info()
    assert (info.documents, info.paragraphs, info.texts) == (12, 73, 72)
    assert info.band_keys == 72 * SETTINGS.bands
    assert info.schema == SCHEMA_VERSION
    assert info.settings["signature"] and info.settings["bands"] == SETTINGS.bands
    assert sorted(p.name for p in Path(".").iterdir()) == ["index.sqlite", "published"]


def test_build_refuses_an_existing_file(room: Newsroom) -> None:
    Path("index.sqlite").write_text("precious")
    with pytest.raises(StoredIndexError, match="already exists"):
        Index.build("index.sqlite", ["published"], SETTINGS, "test")
    assert Path("index.sqlite").read_text() == "precious"


def test_readding_a_document_replaces_it(room: Newsroom) -> None:
    Index.build("index.sqlite", ["published"], SETTINGS, "test")
    old = room.articles[4][1]
    new = room.fresh(1)[0]
    room.path(4).write_text(f"{new}\n")
    room.draft("draft-old.txt", [old])
    room.draft("draft-new.txt", [new])
    with Index.open("index.sqlite", SETTINGS) as index:
        result = index.add([str(room.path(4).relative_to(room.root))])
        assert (result.documents, result.replaced) == (1, 1)
        info = index.info()
        assert (info.documents, info.paragraphs) == (12, 67)
        assert check(index, ["draft-old.txt"]).findings == ()
        [finding] = check(index, ["draft-new.txt"]).findings
        assert finding.match.paragraph.doc == "published/article-004.txt"


def test_remove_drops_documents_and_the_texts_only_they_held(room: Newsroom) -> None:
    shared = room.articles[0][0]
    room.path(1).write_text(room.path(1).read_text() + f"\n{shared}\n")
    Index.build("index.sqlite", ["published"], SETTINGS, "test")
    room.draft("draft.txt", [shared, room.articles[0][1]])
    with Index.open("index.sqlite", SETTINGS) as index:
        assert index.remove(["published/article-000.txt"]) == 1
        info = index.info()
        assert (info.documents, info.paragraphs, info.texts) == (11, 67, 67)
        assert info.band_keys == 67 * SETTINGS.bands
        [finding] = check(index, ["draft.txt"]).findings
        assert finding.match.paragraph.doc == "published/article-001.txt"
        with pytest.raises(StoredIndexError, match="no document 'nope' \\(nothing removed\\)"):
            index.remove(["published/article-002.txt", "nope"])
        assert index.info().documents == 11
        index.remove([f"published/article-{n:03}.txt" for n in range(1, 12)])
        emptied = index.info()
    assert (emptied.documents, emptied.paragraphs, emptied.texts, emptied.band_keys) == (0,) * 4


def test_cli_index_commands(room: Newsroom, runner: CliRunner) -> None:
    built = run_cli(runner, "index", "build", "index.sqlite", "published", "-q")
    assert built.exit_code == 0
    assert "Indexed 12 documents, 72 paragraphs from 12 files" in built.stdout
    info = json.loads(run_cli(runner, "index", "info", "index.sqlite", "--json").stdout)
    assert (info["documents"], info["paragraphs"], info["schema"]) == (12, 72, SCHEMA_VERSION)
    assert info["size"] > info["text_bytes"] > 0
    removed = run_cli(runner, "index", "remove", "index.sqlite", "published/article-003.txt")
    assert removed.exit_code == 0 and "Removed 1 document " in removed.stdout
    missing = run_cli(runner, "index", "remove", "index.sqlite", "published/article-003.txt")
    assert missing.exit_code == 2 and "nothing removed" in missing.stderr
    text = run_cli(runner, "index", "info", "index.sqlite").stdout
    assert "documents:   11" in text and f"schema {SCHEMA_VERSION}" in text


def test_info_on_an_index_with_other_settings_still_works(room: Newsroom) -> None:
    Index.build("index.sqlite", ["published"], Settings(ngram=3), "test")
    with Index.open("index.sqlite") as index:
        assert index.info().settings["ngram"] == 3
    with pytest.raises(StoredIndexError, match="ngram=3 \\(here 2\\)"):
        Index.open("index.sqlite", SETTINGS)


def test_newer_schema_is_refused(room: Newsroom) -> None:
    Index.build("index.sqlite", ["published"], SETTINGS, "test")
    db = sqlite3.connect("index.sqlite")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoredIndexError, match=f"index schema {SCHEMA_VERSION + 1}"):
        Index.open("index.sqlite", SETTINGS)


def as_schema_1(path: str) -> None:
    """Rewrite a current index in schema 1's layout: one `bands` row per 48-bit band key.

    Schema 1 kept 16 more key bits, which schema 2 drops; they are made up here.
    """
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN")
    db.execute("CREATE TABLE bands (key INTEGER NOT NULL, text INTEGER NOT NULL, "
               "PRIMARY KEY (key, text)) WITHOUT ROWID")
    for (blob,) in db.execute("SELECT entries FROM postings").fetchall():
        entries = np.frombuffer(blob, dtype="<u8")
        keys = ((entries >> np.uint64(32)) << np.uint64(16)) | np.uint64(0xBEEF)
        texts = entries & np.uint64(0xFFFF_FFFF)
        db.executemany("INSERT INTO bands VALUES (?, ?)",
                       zip(keys.tolist(), texts.tolist(), strict=True))
    db.execute("DROP TABLE postings")
    db.execute("PRAGMA user_version = 1")
    db.execute("COMMIT")
    db.close()


def stored_postings(path: str) -> list[tuple[int, bytes]]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT prefix, entries FROM postings ORDER BY prefix").fetchall()


def test_a_schema_1_index_is_described_but_refused_with_the_upgrade_command(
    room: Newsroom, runner: CliRunner
) -> None:
    Index.build("index.sqlite", ["published"], SETTINGS, "test")
    with Index.open("index.sqlite") as index:
        band_keys = index.info().band_keys
    as_schema_1("index.sqlite")

    with pytest.raises(StoredIndexError, match="upgrade it in place with 'dedupe index upgrade "
                       "index.sqlite'"):
        Index.open("index.sqlite", SETTINGS)
    with Index.open("index.sqlite") as index:
        info = index.info()
    assert (info.schema, info.band_keys, info.paragraphs) == (1, band_keys, 72)
    shown = run_cli(runner, "index", "info", "index.sqlite").stdout
    assert "(schema 1," in shown and "run 'dedupe index upgrade index.sqlite'" in shown


def test_upgrade_from_schema_1_gives_what_a_fresh_build_stores(
    room: Newsroom, runner: CliRunner
) -> None:
    Index.build("index.sqlite", ["published"], SETTINGS, "test")
    fresh = stored_postings("index.sqlite")
    room.draft("draft.txt", [room.articles[2][1], room.edited(room.articles[5][0], 0.1)])
    with Index.open("index.sqlite", SETTINGS) as index:
        before = index.check(["draft.txt"]).findings
    as_schema_1("index.sqlite")

    upgraded = run_cli(runner, "index", "upgrade", "index.sqlite")

    assert upgraded.exit_code == 0, upgraded.stderr
    assert "Upgraded index.sqlite from schema 1 to schema 2." in upgraded.stdout
    assert stored_postings("index.sqlite") == fresh
    with Index.open("index.sqlite", SETTINGS) as index:
        assert index.info().schema == SCHEMA_VERSION
        assert index.check(["draft.txt"]).findings == before
        assert len(before) == 2
    again = run_cli(runner, "index", "upgrade", "index.sqlite")
    assert again.exit_code == 0 and "already at schema 2; nothing to do" in again.stdout


def test_upgrade_refuses_what_is_not_an_index(room: Newsroom, runner: CliRunner) -> None:
    Path("notes.sqlite").write_bytes(b"just some bytes, no database here" * 200)
    result = run_cli(runner, "index", "upgrade", "notes.sqlite")
    assert result.exit_code == 2
    assert result.stderr.startswith("dedupe: error: notes.sqlite: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_build_that_reads_nothing_writes_no_index(room: Newsroom, runner: CliRunner) -> None:
    Path("broken.txt.gz").write_bytes(b"not gzip at all")
    result = run_cli(runner, "index", "build", "index.sqlite", "broken.txt.gz", "missing/")
    assert result.exit_code == 2
    assert "missing/: no such file or folder" in result.stderr
    assert "index.sqlite: not written, no document could be read" in result.stderr
    assert sorted(p.name for p in Path(".").iterdir()) == ["broken.txt.gz", "published"]


def test_a_build_with_one_bad_file_indexes_the_rest(room: Newsroom, runner: CliRunner) -> None:
    Path("published/zz-broken.txt.gz").write_bytes(b"not gzip at all")
    result = run_cli(runner, "index", "build", "index.sqlite", "published")
    assert result.exit_code == 2
    assert "zz-broken.txt.gz: not a valid gzip file" in result.stderr
    assert "Indexed 12 documents" in result.stdout


def test_an_id_given_twice_in_one_add_keeps_the_last(room: Newsroom, runner: CliRunner) -> None:
    first, second = room.fresh(2)
    records = [{"id": "story", "text": first}, {"id": "story", "text": second}]
    Path("wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    room.draft("first.txt", [first])
    room.draft("second.txt", [second])

    result = run_cli(runner, "index", "build", "index.sqlite", "wire.jsonl")

    assert result.exit_code == 0
    assert "document id 'story' is given more than once; the last one is indexed" in result.stderr
    with Index.open("index.sqlite", SETTINGS) as index:
        info = index.info()
        assert (info.documents, info.paragraphs, info.texts) == (1, 1, 1)
        assert index.check(["first.txt"]).findings == ()
        assert len(index.check(["second.txt"]).findings) == 1
