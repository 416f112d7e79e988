"""Readers: text, Markdown, HTML, JSON Lines (each also gzipped), stdin, and the folder walk."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dedupe.model import Document
from dedupe.readers import Format, discover, load
from dedupe.readers.decode import BinaryFile, UndecodableFile, decode
from dedupe.settings import Settings
from tests.conftest import run_cli, scan_json

REPEATED = "The council approved the new budget after a long debate on Tuesday evening."
Span = tuple[int, int, str]


def read(path: Path, settings: Settings | None = None) -> list[Document]:
    """The documents of `path`, read without any problem."""
    settings = settings or Settings()
    sources, problems = discover([str(path)], settings)
    assert problems == []
    documents: list[Document] = []
    for source in sources:
        loaded = load(source, settings)
        assert loaded.problems == []
        documents.extend(loaded.documents)
    return documents


def spans(path: Path, settings: Settings | None = None) -> list[Span]:
    """(line, end_line, text) of every paragraph of `path`, in reading order."""
    return [(p.line, p.end_line, p.text) for d in read(path, settings) for p in d.paragraphs]


def members(data: dict[str, Any]) -> list[list[tuple[str, str, int, int, int]]]:
    """(path, doc, paragraph, line, end_line) of each cluster's members."""
    return [
        [(m["path"], m["doc"], m["paragraph"], m["line"], m["end_line"]) for m in c["members"]]
        for c in data["clusters"]
    ]


# --- plain text ---------------------------------------------------------------------------


def test_text_paragraphs_and_cluster(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(
        f"Headline Here\n\n{REPEATED}\n\nOther words,\nspread over lines.\n\n{REPEATED}\n"
    )
    assert spans(path) == [
        (1, 1, "Headline Here"),
        (3, 3, REPEATED),
        (5, 6, "Other words,\nspread over lines."),
        (8, 8, REPEATED),
    ]
    result, data = scan_json(runner, str(path))
    assert result.exit_code == 0, result.output
    assert members(data) == [[(str(path), str(path), 2, 3, 3), (str(path), str(path), 4, 8, 8)]]


# --- Markdown -----------------------------------------------------------------------------

MARKDOWN = f"""---
title: {REPEATED}
---
# The Budget Story Headline

{REPEATED}

```
{REPEATED}
```

    {REPEATED}

Read [the full minutes](https://example.com/minutes-2024) of the meeting
before the *vote* on `Tuesday`.

- A list item with several words in it.

> {REPEATED}
"""


def test_markdown_blocks_and_lines(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text(MARKDOWN)
    assert spans(path) == [
        (4, 4, "The Budget Story Headline"),
        (6, 6, REPEATED),
        (14, 15, "Read the full minutes of the meeting\nbefore the vote on Tuesday."),
        (17, 17, "A list item with several words in it."),
        (19, 19, REPEATED),
    ]


def test_markdown_cluster_skips_front_matter_and_code(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "story.markdown"
    path.write_text(MARKDOWN)
    result, data = scan_json(runner, str(path))
    assert result.exit_code == 0, result.output
    # Front matter (line 2), the fenced block (9) and the indented block (12) are not prose.
    assert members(data) == [[(str(path), str(path), 2, 6, 6), (str(path), str(path), 5, 19, 19)]]
    assert "https://" not in result.stdout


@pytest.mark.parametrize(
    ("front", "first_line"),
    [("---\ntitle: x\n---\n", 4), ("+++\ntitle = 'x'\n+++\n", 4), ("---\na: 1\nb: 2\n...\n", 5)],
    ids=["yaml", "toml", "yaml-dots"],
)
def test_markdown_front_matter_keeps_line_numbers(
    tmp_path: Path, front: str, first_line: int
) -> None:
    path = tmp_path / "page.md"
    path.write_text(front + "First paragraph of the page.\n")
    assert spans(path) == [(first_line, first_line, "First paragraph of the page.")]


def test_markdown_with_crlf(tmp_path: Path) -> None:
    lf, crlf = tmp_path / "lf.md", tmp_path / "crlf.md"
    lf.write_bytes(MARKDOWN.encode())
    crlf.write_bytes(MARKDOWN.replace("\n", "\r\n").encode())
    assert spans(crlf) == spans(lf)


# --- HTML ---------------------------------------------------------------------------------

HTML = f"""<!DOCTYPE html>
<html><head><title>Page title words here</title>
<style>p {{ color: red; }}</style></head>
<body>
<nav><p>Home News Sport Weather Contact</p></nav>
<h1>The Budget Story Headline</h1>
<p>{REPEATED}</p>
<ul><li>First item of the list</li>
<li>Second item, which runs
over two lines</li></ul>
<blockquote><p>A quoted paragraph inside the quote.</p> Words after it.</blockquote>
<table><tr><td>Cell text one</td><td>Cell text two</td></tr></table>
<script>var s = "{REPEATED}";</script>
<footer><p>{REPEATED}</p></footer>
<div>
<p>The council approved the new budget after a <em>long debate</em> on Tuesday evening.</p>
</div>
<p>Line one<br>line two</p>
</body></html>
"""


def test_html_blocks_and_lines(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML)
    assert spans(path) == [
        (6, 6, "The Budget Story Headline"),
        (7, 7, REPEATED),
        (8, 8, "First item of the list"),
        (9, 10, "Second item, which runs over two lines"),
        (11, 11, "A quoted paragraph inside the quote."),
        (11, 11, "Words after it."),
        (12, 12, "Cell text one"),
        (12, 12, "Cell text two"),
        (16, 16, REPEATED),
        (18, 18, "Line one line two"),
    ]


def test_html_cluster_ignores_script_nav_footer(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_text(HTML)
    result, data = scan_json(runner, str(path))
    assert result.exit_code == 0, result.output
    assert members(data) == [[(str(path), str(path), 2, 7, 7), (str(path), str(path), 9, 16, 16)]]


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        (
            "<blockquote>Outer words <p>inner words</p></blockquote>",
            [(1, 1, "Outer words"), (1, 1, "inner words")],
        ),
        (
            "<blockquote><p>inner words</p> outer words</blockquote>",
            [(1, 1, "inner words"), (1, 1, "outer words")],
        ),
        (
            "<div>\n<p>inner one</p>\n<p>inner\ntwo</p>\ndiv own text\n</div>",
            [(2, 2, "inner one"), (3, 4, "inner two"), (5, 5, "div own text")],
        ),
        (
            "<p>a <b>bold\ntext</b> tail\nmore <!-- a\ncomment --> end</p>\n<p>next</p>",
            [(1, 4, "a bold text tail more end"), (5, 5, "next")],
        ),
        (
            "<ul>\n<li>item <ul><li>nested item</li></ul></li>\n</ul>",
            [(2, 2, "item"), (2, 2, "nested item")],
        ),
    ],
    ids=["outer-first", "outer-after", "div-own-text", "inline-and-comment", "nested-list"],
)
def test_html_nested_blocks(tmp_path: Path, markup: str, expected: list[Span]) -> None:
    path = tmp_path / "nested.html"
    path.write_text(markup)
    assert spans(path) == expected


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            "<html><body>\n<p>Hello there.</p></body></html>",
            [(3, 3, "Hello there.")],
        ),
        ("<!-- nothing but a comment -->", []),
        ("   \n\n", []),
        ("<p>caf&eacute; &amp; bar&nbsp;baz</p>", [(1, 1, "café & bar baz")]),
        ("Bare words with no tags.", [(1, 1, "Bare words with no tags.")]),
    ],
    ids=["xml-declaration", "comment-only", "blank", "entities", "no-tags"],
)
def test_html_odd_documents(tmp_path: Path, markup: str, expected: list[Span]) -> None:
    path = tmp_path / "odd.html"
    path.write_text(markup)
    assert spans(path) == expected


def test_html_text_over_ten_megabytes_is_kept(tmp_path: Path) -> None:
    words = " ".join(["alpha beta gamma delta epsilon zeta"] * 300_000)  # 11 MB
    path = tmp_path / "huge.html"
    path.write_text(f"<html><body><p>{words}</p>\n<p>After it.</p></body></html>")
    found = spans(path)
    assert [(line, end, len(text)) for line, end, text in found] == [
        (1, 1, len(words)),
        (2, 2, len("After it.")),
    ]


# --- JSON Lines ---------------------------------------------------------------------------


def jsonl_lines(text: str = "text", ident: str = "id") -> list[str]:
    return [
        json.dumps({ident: "a-1", text: f"Headline Here\n\n{REPEATED}"}),
        json.dumps({ident: "a-2", text: "Something else entirely, not repeated anywhere."}),
        json.dumps({text: REPEATED}),
        "",
        json.dumps({ident: 42, text: f"{REPEATED}\n\nA closing paragraph of words.", "x": 1}),
    ]


@pytest.mark.parametrize("suffix", [".jsonl", ".ndjson"])
def test_jsonl_documents_ids_and_lines(runner: CliRunner, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"corpus{suffix}"
    path.write_text("\n".join(jsonl_lines()) + "\n")
    result, data = scan_json(runner, str(path))
    assert result.exit_code == 0, result.output
    name = str(path)
    assert data["stats"]["documents"] == 4
    # Line numbers point at the record's line; a record without an id gets "<path>:<line>".
    assert members(data) == [
        [(name, "a-1", 2, 1, 1), (name, f"{name}:3", 1, 3, 3), (name, "42", 1, 5, 5)]
    ]


def test_jsonl_custom_fields(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(jsonl_lines(text="body", ident="slug")) + "\n")
    result, data = scan_json(runner, "--text-field", "body", "--id-field", "slug", str(path))
    assert result.exit_code == 0, result.output
    assert [m[1] for m in members(data)[0]] == ["a-1", f"{path}:3", "42"]


def test_jsonl_default_field_missing_is_reported(runner: CliRunner, tmp_path: Path) -> None:
    path, good = tmp_path / "corpus.jsonl", tmp_path / "good.txt"
    path.write_text("\n".join(jsonl_lines(text="body")) + "\n")
    good.write_text(f"{REPEATED}\n\n{REPEATED}\n")
    result, data = scan_json(runner, str(path), str(good))
    assert result.exit_code == 2
    problems = [f"line {n}: no string field 'text'" for n in (1, 2, 3, 5)]
    assert result.stderr.splitlines() == [f"dedupe: error: {path}: {p}" for p in problems]
    assert data["errors"] == [{"path": str(path), "error": p} for p in problems]
    assert len(data["clusters"]) == 1


def test_jsonl_fallback_id_is_stable(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(jsonl_lines()) + "\n")
    first = [d.id for d in read(path)]
    assert first == [d.id for d in read(path)] == ["a-1", "a-2", f"{path}:3", "42"]


@pytest.mark.parametrize(
    "value",
    ["", None, True, 1.5, ["a"], {"a": 1}],
    ids=["empty", "null", "bool", "float", "list", "object"],
)
def test_jsonl_unusable_id_falls_back(tmp_path: Path, value: object) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_text(
        json.dumps({"text": "Words."}) + "\n" + json.dumps({"id": value, "text": "Words."})
    )
    assert [d.id for d in read(path)] == [f"{path}:1", f"{path}:2"]


def test_jsonl_crlf_keeps_line_numbers(tmp_path: Path) -> None:
    lf, crlf = tmp_path / "lf.jsonl", tmp_path / "crlf.jsonl"
    lf.write_bytes("\n".join(jsonl_lines()).encode())
    crlf.write_bytes("\r\n".join(jsonl_lines()).encode())
    assert spans(crlf) == spans(lf)
    assert [p.line for d in read(crlf) for p in d.paragraphs] == [1, 1, 2, 3, 5, 5]


# --- gzip ---------------------------------------------------------------------------------

SAMPLES = {
    "txt": f"Headline Here\n\n{REPEATED}\n",
    "md": MARKDOWN,
    "html": HTML,
    "jsonl": "\n".join(jsonl_lines()),
    "ndjson": "\n".join(jsonl_lines()),
}


@pytest.mark.parametrize("suffix", list(SAMPLES))
def test_gzip_reads_like_plain(tmp_path: Path, suffix: str) -> None:
    plain, packed = tmp_path / f"doc.{suffix}", tmp_path / "gz" / f"doc.{suffix}.gz"
    packed.parent.mkdir()
    plain.write_text(SAMPLES[suffix])
    packed.write_bytes(gzip.compress(SAMPLES[suffix].encode()))
    expected = spans(plain)
    assert expected and spans(packed) == expected
    assert spans(packed.parent) == expected  # found by the folder walk too


def test_gzip_cluster_names_the_gz_path(runner: CliRunner, tmp_path: Path) -> None:
    packed = tmp_path / "story.txt.gz"
    packed.write_bytes(gzip.compress(f"{REPEATED}\n\n{REPEATED}\n".encode()))
    result, data = scan_json(runner, str(packed))
    assert result.exit_code == 0, result.output
    assert members(data) == [
        [(str(packed), str(packed), 1, 1, 1), (str(packed), str(packed), 2, 3, 3)]
    ]


# --- stdin --------------------------------------------------------------------------------


def test_stdin(runner: CliRunner) -> None:
    result = run_cli(
        runner,
        "scan",
        "--format",
        "json",
        "--no-progress",
        "-",
        input=f"Headline Here\r\n\r\n{REPEATED}\r\n\r\n{REPEATED}\r\n",
    )
    assert result.exit_code == 0, result.output
    assert members(json.loads(result.stdout)) == [[("-", "-", 2, 3, 3), ("-", "-", 3, 5, 5)]]


def test_stdin_with_a_file(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(REPEATED + "\n")
    result = run_cli(
        runner, "scan", "--format", "json", "--no-progress", str(path), "-", input=REPEATED.upper()
    )
    assert result.exit_code == 0, result.output
    assert members(json.loads(result.stdout)) == [
        [("-", "-", 1, 1, 1), (str(path), str(path), 1, 1, 1)]
    ]


# --- encodings ----------------------------------------------------------------------------

MIXED = "Le café est fermé, l’été est fini. " * 3


@pytest.mark.parametrize(
    ("data", "text", "warning"),
    [
        (b"plain ascii\n", "plain ascii\n", None),
        ("\ufeffwith a BOM, café\n".encode(), "with a BOM, café\n", None),
        ("café\n".encode("cp1252"), "café\n", "not valid UTF-8 (byte 3); read as cp1252"),
        (
            ("El niño comió en la señorita’s café. " * 5).encode("cp1252"),
            "El niño comió en la señorita’s café. " * 5,
            "read as cp1252",
        ),
        (
            ("It wasn’t over, and the café was closed. " * 20).encode("cp1252"),
            "It wasn’t over, and the café was closed. " * 20,
            "read as cp1252",
        ),
        (
            ("Zażółć gęślą jaźń, powiedział minister w środę. " * 5).encode("cp1250"),
            "Zażółć gęślą jaźń, powiedział minister w środę. " * 5,
            "read as cp1250",
        ),
        (
            ("Привет, как дела? Всё хорошо. " * 5).encode("cp1251"),
            "Привет, как дела? Всё хорошо. " * 5,
            "read as cp1251",
        ),
        (
            MIXED.encode() + "Voilà ’".encode("cp1252"),
            MIXED + "Voilà ’",
            "stray bytes read as cp1252",
        ),
    ],
    ids=[
        "ascii",
        "utf8-bom",
        "cp1252-short",
        "cp1252-spanish",
        "cp1252-quotes",
        "cp1250",
        "cp1251",
        "utf8-with-stray-cp1252",
    ],
)
def test_decode(data: bytes, text: str, warning: str | None) -> None:
    decoded = decode(data)
    assert decoded.text == text
    if warning is None:
        assert decoded.warning is None
    else:
        assert decoded.warning is not None and warning in decoded.warning


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"PK\x03\x04\x00\x00 zip", BinaryFile, "binary file (NUL bytes), skipped"),
        (b"\xff\xfe\x00", UndecodableFile, "invalid UTF-16 at byte 2"),
    ],
    ids=["nul-bytes", "odd-utf16"],
)
def test_decode_refuses(data: bytes, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=re.escape(message)):
        decode(data)


# --- folder walk --------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A folder of known, hidden and unknown files, two levels deep."""
    root = tmp_path / "tree"
    files = {
        "b.txt": "Bee.",
        "a.txt": "Ay.",
        "0.md": "# Zero",
        "sub/c.md": "Sea.",
        "sub/deeper/d.html": "<p>Dee.</p>",
        "sub/e.jsonl": '{"text": "Ee."}',
        "a/f.txt.gz": None,
        ".hidden.txt": "Hidden.",
        ".git/g.txt": "Hidden too.",
        "sub/.h.md": "Hidden.",
        "notes.rst": "Unknown.",
        "data.csv": "x,y",
        "README": "Readme.",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if text is None:
            path.write_bytes(gzip.compress(b"Eff."))
        else:
            path.write_text(text)
    return root


def names(root: Path, settings: Settings | None = None) -> list[str]:
    sources, problems = discover([str(root)], settings or Settings())
    return [Path(s.name).relative_to(root).as_posix() for s in sources]


def test_walk_is_recursive_sorted_and_skips_hidden_and_unknown(tree: Path) -> None:
    found = names(tree)
    assert found == [
        "0.md",
        "a/f.txt.gz",
        "a.txt",
        "b.txt",
        "sub/c.md",
        "sub/deeper/d.html",
        "sub/e.jsonl",
    ]
    assert found == sorted(found, key=lambda name: Path(name).parts)


def test_walk_formats(tree: Path) -> None:
    sources, _ = discover([str(tree)], Settings())
    kinds = {Path(s.name).name: (s.format, s.compressed) for s in sources}
    assert kinds["0.md"] == (Format.MARKDOWN, False)
    assert kinds["f.txt.gz"] == (Format.TEXT, True)
    assert kinds["d.html"] == (Format.HTML, False)
    assert kinds["e.jsonl"] == (Format.JSONL, False)


@pytest.mark.parametrize(
    "name",
    ["notes.rst", "README", ".hidden.txt", "data.csv"],
    ids=["unknown-suffix", "no-suffix", "hidden", "csv"],
)
def test_explicit_file_is_read_as_text_whatever_its_name(tree: Path, name: str) -> None:
    sources, problems = discover([str(tree / name)], Settings())
    assert problems == []
    assert [(s.name, s.format) for s in sources] == [(str(tree / name), Format.TEXT)]
    assert spans(tree / name)[0][0] == 1


@pytest.mark.parametrize(
    ("include", "exclude", "expected"),
    [
        (("*.md",), (), ["0.md", "sub/c.md"]),
        (("sub/*",), (), ["sub/c.md", "sub/deeper/d.html", "sub/e.jsonl"]),
        (("*.md", "*.html"), (), ["0.md", "sub/c.md", "sub/deeper/d.html"]),
        ((), ("sub",), ["0.md", "a/f.txt.gz", "a.txt", "b.txt"]),
        ((), ("*.txt", "*.gz"), ["0.md", "sub/c.md", "sub/deeper/d.html", "sub/e.jsonl"]),
        ((), ("sub/deeper",), ["0.md", "a/f.txt.gz", "a.txt", "b.txt", "sub/c.md", "sub/e.jsonl"]),
        (("*.md",), ("sub",), ["0.md"]),
        (("*.rst",), (), []),
    ],
    ids=[
        "include-suffix",
        "include-folder",
        "include-two",
        "exclude-folder",
        "exclude-two",
        "exclude-nested-path",
        "both",
        "include-unknown-suffix",
    ],
)
def test_include_exclude(
    tree: Path, include: tuple[str, ...], exclude: tuple[str, ...], expected: list[str]
) -> None:
    assert names(tree, Settings(include=include, exclude=exclude)) == expected


def test_include_exclude_on_the_command_line(runner: CliRunner, corpus: Path) -> None:
    result, data = scan_json(runner, str(corpus))
    assert result.exit_code == 0 and len(data["clusters"]) == 1 and data["stats"]["files"] == 2
    result, data = scan_json(runner, "--include", "*.md", str(corpus))
    assert result.exit_code == 0, result.output
    assert data["stats"]["files"] == 1 and data["clusters"] == []
    result, data = scan_json(runner, "--exclude", "b.*", "--exclude", "*.html", str(corpus))
    assert data["stats"]["files"] == 1 and len(data["clusters"]) == 1


def test_folder_with_only_excluded_files_warns(runner: CliRunner, corpus: Path) -> None:
    result, data = scan_json(runner, "--exclude", "*", str(corpus))
    assert result.exit_code == 0
    assert result.stderr == f"dedupe: warning: {corpus}: no readable files in folder\n"
    assert data["stats"]["files"] == 0


def test_symlinked_file_gives_way_to_its_real_name(tmp_path: Path) -> None:
    real = tmp_path / "z.txt"
    real.write_text("Words.")
    link = tmp_path / "a-link.txt"
    link.symlink_to(real)
    for given in ([str(tmp_path)], [str(link), str(real)]):
        sources, problems = discover(given, Settings())
        assert [s.name for s in sources] == [str(real)]
        assert [str(p) for p in problems] == [f"{link}: same file as {real}, read once"]
        assert not any(p.is_error for p in problems)
