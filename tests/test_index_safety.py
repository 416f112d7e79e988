"""Nothing stored is lost: concurrent adds both land, and a killed add leaves the index intact.

These run `dedupe index add` as real processes against a real SQLite file.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dedupe.check import check
from dedupe.index import Index
from dedupe.settings import Settings
from tests.corpus import CorpusMaker
from tests.newsroom import Newsroom

SETTINGS = Settings()


def write_jsonl(path: Path, prefix: str, documents: int, paragraphs: list[str]) -> None:
    """`documents` records of 4 paragraphs each, every paragraph made distinct by a tag."""
    with path.open("w", encoding="utf-8") as output:
        for number in range(documents):
            body = "\n\n".join(
                f"{paragraphs[(4 * number + k) % len(paragraphs)]} Tag {prefix}{number}x{k}."
                for k in range(4)
            )
            output.write(json.dumps({"id": f"{prefix}-{number}", "text": body}) + "\n")


def start_add(index: Path, *paths: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "dedupe", "index", "add", str(index), *map(str, paths), "-q"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Newsroom, Path]:
    monkeypatch.chdir(tmp_path)
    room = Newsroom(tmp_path, articles=10)
    Index.build("index.sqlite", ["published"], SETTINGS, "test")
    return room, tmp_path / "index.sqlite"


def test_two_adds_at_the_same_time_both_land(built: tuple[Newsroom, Path]) -> None:
    room, index = built
    paragraphs = CorpusMaker(5).paragraphs(400)
    write_jsonl(room.root / "left.jsonl", "left", 1500, paragraphs)
    write_jsonl(room.root / "right.jsonl", "right", 1500, paragraphs)

    adds = [start_add(index, room.root / f"{side}.jsonl") for side in ("left", "right")]
    outcomes = [add.communicate(timeout=300) for add in adds]

    assert [add.returncode for add in adds] == [0, 0], outcomes
    with Index.open(index, SETTINGS) as opened:
        info = opened.info()
        names = {name for (name,) in opened.db.execute("SELECT name FROM documents")}
    assert (info.documents, info.paragraphs) == (10 + 3000, 60 + 12000)
    assert {f"{side}-{n}" for side in ("left", "right") for n in range(1500)} <= names


def test_a_killed_add_leaves_everything_added_before(built: tuple[Newsroom, Path]) -> None:
    room, index = built
    write_jsonl(room.root / "large.jsonl", "large", 20_000, CorpusMaker(6).paragraphs(800))
    wal = Path(f"{index}-wal")

    add = start_add(index, room.root / "large.jsonl")
    deadline = time.monotonic() + 300
    while add.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > 8 << 20:  # well into its transaction
            break
        time.sleep(0.01)
    assert add.poll() is None, "the add finished before it could be killed mid-way"
    os.kill(add.pid, signal.SIGKILL)
    add.communicate()

    database = sqlite3.connect(index)
    assert database.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    database.close()
    room.draft("draft.txt", [room.articles[6][3]])
    with Index.open(index, SETTINGS) as opened:
        info = opened.info()
        assert (info.documents, info.paragraphs) == (10, 60)
        [finding] = check(opened, ["draft.txt"]).findings
        assert finding.match.paragraph.doc == "published/article-006.txt"
        assert opened.add(["draft.txt"]).documents == 1
