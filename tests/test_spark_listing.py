"""Files listed by Spark (URIs) are filtered as a local folder walk would filter them."""

from __future__ import annotations

import gzip

import pytest

from dedupe.readers import Format, in_memory, load, wanted
from dedupe.settings import Settings


@pytest.mark.parametrize(
    ("relative", "settings", "read"),
    [
        ("a/story.md", Settings(), True),
        ("a/story.jsonl.gz", Settings(), True),
        ("a/image.png", Settings(), False),
        (".git/notes.txt", Settings(), False),
        ("part/_SUCCESS", Settings(), False),
        ("drafts/x.txt", Settings(exclude=("drafts",)), False),
        ("final/x.txt", Settings(exclude=("drafts",)), True),
        ("final/x.txt", Settings(include=("*.md",)), False),
        ("final/x.md", Settings(include=("*.md",)), True),
    ],
    ids=["markdown", "gzip-jsonl", "unknown-suffix", "hidden-folder", "hadoop-marker",
         "excluded-folder", "not-excluded", "not-included", "included"],
)  # fmt: skip
def test_wanted_follows_the_walk_rules(relative: str, settings: Settings, read: bool) -> None:
    assert wanted(relative, settings) is read


def test_in_memory_gzip_is_decompressed_and_read_by_its_suffix() -> None:
    data = gzip.compress(b'{"id": "d1", "text": "Five words make a paragraph."}\n')
    source = in_memory("hdfs://cluster/corpus/part.jsonl.gz", data)
    loaded = load(source, Settings())
    assert source.format is Format.JSONL and not loaded.problems
    assert [p.text for d in loaded.documents for p in d.paragraphs] == [
        "Five words make a paragraph."
    ]


def test_in_memory_bad_gzip_is_a_problem_not_a_crash() -> None:
    loaded = load(in_memory("s3a://bucket/x.txt.gz", b"plain"), Settings())
    assert loaded.documents == []
    assert [p.path for p in loaded.problems] == ["s3a://bucket/x.txt.gz"]
    assert "not a valid gzip file" in loaded.problems[0].message
