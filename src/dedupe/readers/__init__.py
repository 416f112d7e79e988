"""Readers: find the files behind the paths given, and turn each into Documents.

Nothing downstream knows formats: every reader yields `Document(id, path, paragraphs)`.
"""

from __future__ import annotations

import gzip
import os
import sys
import zlib
from collections.abc import Iterable
from fnmatch import fnmatch
from pathlib import Path

from dedupe.model import Problem
from dedupe.readers.base import Format, Loaded, Source, format_of
from dedupe.readers.decode import BinaryFile, UndecodableFile, decode
from dedupe.readers.html import read_html
from dedupe.readers.jsonl import read_jsonl
from dedupe.readers.markdown import read_markdown
from dedupe.readers.text import read_text
from dedupe.settings import Settings

__all__ = ["Format", "Loaded", "Source", "discover", "load"]

STDIN = "-"


def discover(paths: Iterable[str], settings: Settings) -> tuple[list[Source], list[Problem]]:
    """The files to read, in a stable order, and a problem for each path that cannot be used.

    Folders are walked recursively in sorted order (symlinked folders followed once, so a
    loop ends), hidden entries skipped, only known suffixes kept, --include/--exclude applied.
    A file named explicitly is read whatever its suffix (as plain text if unknown).
    """
    sources: list[Source] = []
    problems: list[Problem] = []
    for given in paths:
        if given == STDIN:
            sources.append(Source(STDIN, Format.TEXT, data=sys.stdin.buffer.read()))
            continue
        path = Path(given)
        try:
            is_dir = path.is_dir()
            is_file = path.is_file()
        except OSError as exc:
            problems.append(Problem(given, _reason(exc)))
            continue
        if is_dir:
            found = list(_walk(path, settings, problems))
            if not found:
                problems.append(Problem(given, "no readable files in folder", is_error=False))
            sources.extend(found)
        elif is_file:
            sources.append(_source(path, explicit=True))
        else:
            problems.append(Problem(given, _missing_reason(path)))
    return sources, problems


def _walk(root: Path, settings: Settings, problems: list[Problem]) -> Iterable[Source]:
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            info = folder.stat()
            if (info.st_dev, info.st_ino) in seen:
                problems.append(Problem(str(folder), "folder already walked (symlink loop), skipped",
                                        is_error=False))
                continue
            seen.add((info.st_dev, info.st_ino))
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            problems.append(Problem(str(folder), _reason(exc)))
            continue
        folders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            relative = path.relative_to(root).as_posix()
            if any(_matches(relative, pattern) for pattern in settings.exclude):
                continue
            try:
                if entry.is_dir():
                    folders.append(path)
                    continue
                is_file = entry.is_file()
            except OSError as exc:
                problems.append(Problem(str(path), _reason(exc)))
                continue
            if not is_file:
                if entry.is_symlink():
                    problems.append(Problem(str(path), _missing_reason(path)))
                continue
            if format_of(path)[0] is None:
                continue
            if settings.include and not any(_matches(relative, p) for p in settings.include):
                continue
            yield _source(path, explicit=False)
        stack.extend(reversed(folders))


def _matches(relative: str, pattern: str) -> bool:
    return fnmatch(relative, pattern) or fnmatch(relative.rsplit("/", 1)[-1], pattern)


def _source(path: Path, explicit: bool) -> Source:
    kind, compressed = format_of(path)
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return Source(str(path), kind or Format.TEXT, file=path, compressed=compressed, size=size)


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def _missing_reason(path: Path) -> str:
    if path.is_symlink():
        try:
            path.resolve(strict=True)
        except RuntimeError:
            return "symlink loop"
        except OSError as exc:
            return "broken symlink" if not exc.errno or exc.errno == 2 else _reason(exc)
        return "broken symlink"
    return "no such file or folder"


def load(source: Source, settings: Settings) -> Loaded:
    """The documents of one source; problems (unreadable, binary, bad lines) are returned."""
    try:
        data = source.data if source.data is not None else _read_bytes(source)
        text, warning = decode(data)
    except OSError as exc:
        return Loaded([], [source.error(f"cannot read ({_reason(exc)})")])
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        return Loaded([], [source.error(f"not a valid gzip file ({exc})")])
    except BinaryFile as exc:
        return Loaded([], [source.warning(str(exc))])
    except UndecodableFile as exc:
        return Loaded([], [source.error(str(exc))])
    loaded = _parse(source, text, settings)
    if warning:
        loaded.problems.insert(0, source.warning(warning))
    return loaded


def _read_bytes(source: Source) -> bytes:
    assert source.file is not None
    if source.compressed:
        with gzip.open(source.file, "rb") as handle:
            return handle.read()
    return source.file.read_bytes()


def _parse(source: Source, text: str, settings: Settings) -> Loaded:
    if source.format is Format.MARKDOWN:
        return read_markdown(source, text)
    if source.format is Format.HTML:
        return read_html(source, text)
    if source.format is Format.JSONL:
        return read_jsonl(source, text, settings.text_field, settings.id_field)
    return read_text(source, text)
