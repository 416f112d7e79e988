"""Bad input: every problem is one line on stderr, the rest is still scanned (DESIGN.md 2)."""

from __future__ import annotations

import codecs
import gzip
import json
import os
import random
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tests.conftest import scan_json

REPEATED = "The council approved the new budget after a long debate on Tuesday evening."
FRENCH = (
    "Le café du village a rouvert ses portes après une longue fermeture due aux travaux de "
    "rénovation, et les habitants se sont pressés pour goûter à nouveau son célèbre crème brûlée."
)

# Drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the effective set when running as root,
# so that file permissions apply to this process too, then runs the CLI with sys.argv[1:].
_AS_UNPRIVILEGED = r"""
import ctypes, os, sys
if os.geteuid() == 0:
    libc = ctypes.CDLL(None, use_errno=True)
    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]
    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                    ("inheritable", ctypes.c_uint32)]
    header, data = Header(0x20080522, 0), (Data * 2)()
    if libc.capget(ctypes.byref(header), data):
        raise SystemExit("test setup: capget failed, errno %d" % ctypes.get_errno())
    data[0].effective &= ~0b110
    if libc.capset(ctypes.byref(header), data):
        raise SystemExit("test setup: capset failed, errno %d" % ctypes.get_errno())
from dedupe.cli import main
sys.argv[0] = "dedupe"
main()
"""


def no_traceback(result: Result | subprocess.CompletedProcess[str]) -> None:
    text = result.output if isinstance(result, Result) else result.stdout + result.stderr
    assert "Traceback" not in text


def clusters(data: dict[str, Any]) -> list[list[tuple[str, int, int]]]:
    """(path, line, end_line) of each cluster's members."""
    return [[(m["path"], m["line"], m["end_line"]) for m in c["members"]] for c in data["clusters"]]


@pytest.fixture
def good(tmp_path: Path) -> Path:
    """A readable file with one repeated paragraph (lines 3 and 5)."""
    path = tmp_path / "good.txt"
    path.write_text(f"Headline Here\n\n{REPEATED}\n\n{REPEATED}\n")
    return path


GOOD_CLUSTER = [[("good.txt", 3, 3), ("good.txt", 5, 5)]]


def relative(data: dict[str, Any], root: Path) -> list[list[tuple[str, int, int]]]:
    return [[(Path(p).relative_to(root).as_posix(), a, b) for p, a, b in c] for c in clusters(data)]


# --- paths that are not there, or are nothing -------------------------------------------------


def test_missing_path(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    result, _ = scan_json(runner, str(missing))
    assert result.exit_code == 2
    assert result.stderr == f"dedupe: error: {missing}: no such file or folder\n"
    no_traceback(result)


def test_missing_path_beside_a_good_file(runner: CliRunner, tmp_path: Path, good: Path) -> None:
    missing = tmp_path / "nowhere.md"
    result, data = scan_json(runner, str(missing), str(good))
    assert result.exit_code == 2
    assert result.stderr == f"dedupe: error: {missing}: no such file or folder\n"
    assert data["errors"] == [{"path": str(missing), "error": "no such file or folder"}]
    assert relative(data, tmp_path) == GOOD_CLUSTER
    no_traceback(result)


@pytest.mark.parametrize(
    "content", [b"", b"\n\n  \n", b"\xef\xbb\xbf"], ids=["empty", "blank", "bom-only"]
)
def test_empty_file(runner: CliRunner, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    result, data = scan_json(runner, str(path))
    assert result.exit_code == 0
    assert result.stderr == ""
    assert data["clusters"] == [] and data["errors"] == []
    assert data["stats"]["files"] == 1 and data["stats"]["paragraphs"] == 0
    no_traceback(result)


def test_empty_folder(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "nothing"
    folder.mkdir()
    result, data = scan_json(runner, str(folder))
    assert result.exit_code == 0
    assert result.stderr == f"dedupe: warning: {folder}: no readable files in folder\n"
    assert data["clusters"] == [] and data["errors"] == []
    no_traceback(result)


def test_quiet_hides_the_empty_folder_warning(runner: CliRunner, tmp_path: Path) -> None:
    result, _ = scan_json(runner, "-q", str(tmp_path))
    assert result.exit_code == 0 and result.stderr == ""


def test_fifo_is_not_a_file(runner: CliRunner, tmp_path: Path, good: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # opening it would block; it must never be opened
    result, data = scan_json(runner, str(fifo), str(good))
    assert result.exit_code == 2
    assert result.stderr == f"dedupe: error: {fifo}: not a regular file or folder\n"
    assert relative(data, tmp_path) == GOOD_CLUSTER
    no_traceback(result)


# --- files that cannot be read ---------------------------------------------------------------


def test_binary_file_among_good_files(runner: CliRunner, tmp_path: Path, good: Path) -> None:
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    result, data = scan_json(runner, str(tmp_path))
    assert result.exit_code == 0
    assert result.stderr == f"dedupe: warning: {binary}: binary file (NUL bytes), skipped\n"
    assert relative(data, tmp_path) == GOOD_CLUSTER
    no_traceback(result)


@pytest.mark.parametrize(
    ("payload", "problem"),
    [
        (b"this is not gzip at all", "not a valid gzip file"),
        (gzip.compress(f"{REPEATED}\n".encode() * 50)[:40], "not a valid gzip file"),
        (gzip.compress(b"x" * 100)[:12] + b"\x00" * 30, "not a valid gzip file"),
    ],
    ids=["not-gzip", "truncated", "corrupt-deflate"],
)
def test_corrupt_gzip(
    runner: CliRunner, tmp_path: Path, good: Path, payload: bytes, problem: str
) -> None:
    bad = tmp_path / "broken.txt.gz"
    bad.write_bytes(payload)
    result, data = scan_json(runner, str(tmp_path))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"dedupe: error: {bad}: {problem}")
    assert [e["path"] for e in data["errors"]] == [str(bad)]
    assert relative(data, tmp_path) == GOOD_CLUSTER
    no_traceback(result)


@pytest.mark.parametrize(
    ("target", "problem"),
    [("deleted.txt", "broken symlink"), ("a.txt", "symlink loop")],
    ids=["dangling", "self-referencing"],
)
def test_bad_symlink(runner: CliRunner, tmp_path: Path, good: Path, target: str,
                     problem: str) -> None:
    link = tmp_path / "a.txt"
    link.symlink_to(target)
    for args in ([str(link), str(good)], [str(tmp_path)]):  # named, then found in a folder
        result, data = scan_json(runner, *args)
        assert result.exit_code == 2
        assert result.stderr == f"dedupe: error: {link}: {problem}\n"
        assert data["errors"] == [{"path": str(link), "error": problem}]
        assert relative(data, tmp_path) == GOOD_CLUSTER
        no_traceback(result)


def test_unreadable_file_even_as_root(tmp_path: Path, good: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(f"{REPEATED}\n")
    locked.chmod(0)
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                _AS_UNPRIVILEGED,
                "scan",
                "--format",
                "json",
                "--no-progress",
                "locked.txt",
                "good.txt",
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        locked.chmod(0o644)
    assert done.returncode == 2, done.stderr
    assert done.stderr == "dedupe: error: locked.txt: cannot read (permission denied)\n"
    data = json.loads(done.stdout)
    assert data["errors"] == [{"path": "locked.txt", "error": "cannot read (permission denied)"}]
    assert clusters(data) == GOOD_CLUSTER  # the locked copy of the paragraph was not read
    no_traceback(done)


# --- encodings and line endings --------------------------------------------------------------


def test_invalid_utf8_is_detected_with_a_warning(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    text = f"Titre de l'article\n\n{FRENCH}\n\nUn autre paragraphe, sans rapport.\n\n{FRENCH}\n"
    path.write_bytes(text.encode("cp1252"))
    result, data = scan_json(runner, str(path))
    assert result.exit_code == 0
    offset = len(f"Titre de l'article\n\n{FRENCH}".split("é")[0])
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"dedupe: warning: {path}: not valid UTF-8 (byte {offset}); read as")
    assert clusters(data) == [[(str(path), 3, 3), (str(path), 7, 7)]]
    assert data["clusters"][0]["members"][0]["text"] == FRENCH
    no_traceback(result)


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
    ids=["utf16-le", "utf16-be", "utf8-bom", "utf32-le"],
)
def test_byte_order_marks(runner: CliRunner, tmp_path: Path, bom: bytes, codec: str) -> None:
    path = tmp_path / "article.txt"
    text = f"Titre\r\n\r\n{FRENCH}\r\n\r\nAutre chose, sans rapport.\r\n\r\n\r\n{FRENCH}\r\n"
    path.write_bytes(bom + text.encode(codec))
    result, data = scan_json(runner, str(path))
    assert result.exit_code == 0
    assert result.stderr == ""
    assert clusters(data) == [[(str(path), 3, 3), (str(path), 8, 8)]]
    assert data["clusters"][0]["members"][0]["text"] == FRENCH
    no_traceback(result)


def test_crlf_gives_the_same_clusters_as_lf(runner: CliRunner, tmp_path: Path) -> None:
    text = (
        f"Headline Here\n2 min read\n\n{REPEATED}\n\nA paragraph that runs,\nover two lines "
        f"and then\nsome more.\n\n{REPEATED}\n\nA paragraph that runs,\nover two lines and "
        "then\nsome more.\n"
    )
    reports: list[list[list[tuple[str, int, int]]]] = []
    for newline in ("\n", "\r\n", "\r"):
        folder = tmp_path / str(len(reports))
        folder.mkdir()
        (folder / "story.txt").write_bytes(text.replace("\n", newline).encode())
        result, data = scan_json(runner, str(folder))
        assert result.exit_code == 0 and result.stderr == ""
        reports.append(relative(data, folder))
        no_traceback(result)
    assert reports[0] == [
        [("story.txt", 4, 4), ("story.txt", 10, 10)],
        [("story.txt", 6, 8), ("story.txt", 12, 14)],
    ]
    assert reports[1] == reports[0] and reports[2] == reports[0]


def test_malformed_jsonl_line(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"id": "one", "text": REPEATED}),
                '{"id": "two", "text": "cut off',
                json.dumps({"id": "three", "text": REPEATED}),
            ]
        )
        + "\n"
    )
    result, data = scan_json(runner, str(path))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"dedupe: error: {path}: line 2: invalid JSON")
    assert [e["error"].split(" (")[0] for e in data["errors"]] == ["line 2: invalid JSON"]
    assert [[(m["doc"], m["line"]) for m in c["members"]] for c in data["clusters"]] == [
        [("one", 1), ("three", 3)]
    ]
    no_traceback(result)


# --- size ------------------------------------------------------------------------------------


def test_fifty_megabyte_single_line_in_bounded_memory(tmp_path: Path) -> None:
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocabulary = ["".join(rng.choices(letters, k=rng.randint(2, 10))) for _ in range(20_000)]
    chunk = (" ".join(rng.choices(vocabulary, k=300_000)) + " ").encode()
    size = 50 * 1024 * 1024
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        for _ in range(size // len(chunk)):
            handle.write(chunk)
        handle.write(chunk[: size - handle.tell() - 1] + b"\n")
    assert path.stat().st_size == size
    done = subprocess.run(
        [sys.executable, "-m", "dedupe", "scan", "--format", "json", "--no-progress", str(path)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    peak_bytes = peak if sys.platform == "darwin" else peak * 1024
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["stats"]["files"] == 1 and data["stats"]["paragraphs"] == 1
    assert data["errors"] == [] and data["clusters"] == []
    assert peak_bytes < 1_200_000_000, f"peak RSS {peak_bytes / 1e6:.0f} MB"
    no_traceback(done)


# --- files reached twice ---------------------------------------------------------------------


@pytest.fixture
def looped(tmp_path: Path) -> Path:
    """Real files a.txt (one repeat inside) and sub/b.txt, and symlinks that loop or alias."""
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(f"{REPEATED}\n\nA line of its own, not repeated.\n\n{REPEATED}\n")
    (root / "sub" / "b.txt").write_text("Something else entirely, said only once here.\n")
    (root / "sub" / "up").symlink_to("..")
    (root / "sub" / "self").symlink_to(".")
    (root / "loop").symlink_to(root)
    (root / "sub" / "alias.txt").symlink_to(root / "sub" / "b.txt")
    os.link(root / "a.txt", root / "sub" / "hard.txt")
    return root


def test_symlink_loop_folder_is_walked_once(runner: CliRunner, looped: Path) -> None:
    result, data = scan_json(runner, str(looped))
    assert result.exit_code == 0
    assert relative(data, looped) == [[("a.txt", 1, 1), ("a.txt", 5, 5)]]
    assert data["stats"]["files"] == 2 and data["errors"] == []
    warnings = result.stderr.splitlines()
    assert all(line.startswith("dedupe: warning: ") for line in warnings)
    for name in ("loop", "sub/up", "sub/self", "sub/alias.txt", "sub/hard.txt"):
        assert sum(f"{looped / name}: " in line for line in warnings) == 1, name
    no_traceback(result)


def test_same_file_named_twice_is_read_once(runner: CliRunner, looped: Path) -> None:
    a = str(looped / "a.txt")
    result, data = scan_json(runner, a, a, str(looped / "sub" / "hard.txt"), str(looped))
    assert result.exit_code == 0
    assert relative(data, looped) == [[("a.txt", 1, 1), ("a.txt", 5, 5)]]
    assert f"dedupe: warning: {a}: given more than once, read once" in result.stderr
    assert data["stats"]["files"] == 2
    no_traceback(result)

