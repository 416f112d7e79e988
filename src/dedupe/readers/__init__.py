"""Readers: find the files behind the paths given, and turn each into Documents.

Nothing downstream knows formats: every reader yields `Document(id, path, paragraphs)`.
"""

from __future__ import annotations

import errno
import gzip
import os
import sys
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath

from dedupe.model import Problem
from dedupe.readers.base import Format, Loaded, Source, format_of
from dedupe.readers.decode import BinaryFile, UndecodableFile, decode
from dedupe.readers.jsonl import read_jsonl
from dedupe.readers.text import read_text
from dedupe.settings import Settings

__all__ = ["Format", "Loaded", "Source", "discover", "in_memory", "load", "wanted"]

STDIN = "-"


def discover(paths: Iterable[str], settings: Settings) -> tuple[list[Source], list[Problem]]:
    """The files to read, in a stable order, and a problem for each path that cannot be used.

    Folders are walked recursively in sorted order (symlinked folders followed once, so a
    loop ends), hidden entries skipped, only known suffixes kept, --include/--exclude applied.
    A file named explicitly is read whatever its suffix (as plain text if unknown). A file
    reached twice (named twice, or through a symlink or hard link) is read once.
    """
    found = _Discovery(settings)
    for given in paths:
        found.add(given)
    return found.sources, found.problems


_Key = tuple[int, int]


@dataclass
class _Discovery:
    """Sources and problems found so far, and the files and folders already taken."""

    settings: Settings
    sources: list[Source] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: dict[_Key, tuple[Source, bool]] = field(default_factory=dict)
    folders: dict[_Key, str] = field(default_factory=dict)

    def add(self, given: str) -> None:
        """Take one path from the command line: stdin, a folder or a file."""
        if given == STDIN:
            if any(source.name == STDIN for source in self.sources):
                self.problems.append(
                    Problem(STDIN, "given more than once, read once", is_error=False)
                )
            else:
                self.sources.append(Source(STDIN, Format.TEXT, data=sys.stdin.buffer.read()))
            return
        path = Path(given)
        try:
            is_dir, is_file = path.is_dir(), path.is_file()
        except OSError as exc:
            self.problems.append(Problem(given, _reason(exc)))
            return
        if is_dir:
            self.walk(path)
        elif is_file:
            self.file(path)
        else:
            self.problems.append(Problem(given, _unusable(path)))

    def file(self, path: Path) -> None:
        """Add `path` unless the same file (device and inode) was already added.

        Of two names for one file, a name that is not a symlink wins over one that is.
        """
        try:
            info, linked = path.stat(), path.is_symlink()
        except OSError as exc:
            self.problems.append(Problem(str(path), _reason(exc)))
            return
        kind, compressed = format_of(path)
        source = Source(
            str(path), kind or Format.TEXT, file=path, compressed=compressed, size=info.st_size
        )
        key = (info.st_dev, info.st_ino)
        taken = self.files.get(key) if info.st_ino else None
        if taken is not None:
            first, first_linked = taken
            if linked or not first_linked:
                self._read_once(source.name, first.name)
                return
            self.sources = [s for s in self.sources if s is not first]  # the real name wins
            self._read_once(first.name, source.name)
        self.files[key] = (source, linked)
        self.sources.append(source)

    def _read_once(self, name: str, first: str) -> None:
        why = "given more than once" if first == name else f"same file as {first}"
        self.problems.append(Problem(name, f"{why}, read once", is_error=False))

    def walk(self, root: Path) -> None:
        """Add the files below `root`, depth first, each folder's entries in name order."""
        before, walked = len(self.sources), False
        stack: list[Path | os.DirEntry[str]] = [root]
        while stack:
            item = stack.pop()
            if isinstance(item, Path):
                entries = self._entries(item)
                walked = walked or entries is not None
                stack.extend(reversed(entries or []))
            elif folder := self._entry(root, item):
                stack.append(folder)
        if walked and len(self.sources) == before:
            self.problems.append(Problem(str(root), "no readable files in folder", is_error=False))

    def _entries(self, folder: Path) -> list[os.DirEntry[str]] | None:
        """The sorted entries of `folder`, or None when it was walked already or unreadable."""
        try:
            info = folder.stat()
            key = (info.st_dev, info.st_ino)
            if key in self.folders:
                first = self.folders[key]
                message = (
                    "given more than once, read once"
                    if first == str(folder)
                    else f"same folder as {first}, skipped (symlink)"
                )
                self.problems.append(Problem(str(folder), message, is_error=False))
                return None
            self.folders[key] = str(folder)
            with os.scandir(folder) as scan:
                return sorted(scan, key=lambda entry: entry.name)
        except OSError as exc:
            self.problems.append(Problem(str(folder), _reason(exc)))
            return None

    def _entry(self, root: Path, entry: os.DirEntry[str]) -> Path | None:
        """Add a file entry that passes the filters; return a folder entry to walk."""
        if entry.name.startswith("."):
            return None
        path = Path(entry.path)
        relative = path.relative_to(root).as_posix()
        if any(_matches(relative, pattern) for pattern in self.settings.exclude):
            return None
        try:
            if entry.is_dir():
                return path
            is_file = entry.is_file()
        except OSError as exc:
            self.problems.append(Problem(str(path), _reason(exc)))
            return None
        if not is_file:
            if entry.is_symlink():
                self.problems.append(Problem(str(path), _unusable(path)))
            return None
        include = self.settings.include
        if format_of(path)[0] is not None and (
            not include or any(_matches(relative, pattern) for pattern in include)
        ):
            self.file(path)
        return None


def wanted(relative: str, settings: Settings) -> bool:
    """Whether a file listed below a folder elsewhere (by Spark, say) is read, as the walk
    would decide: no hidden part, a known suffix, --exclude and --include passed."""
    parts = relative.split("/")
    prefixes = ["/".join(parts[: end + 1]) for end in range(len(parts))]
    if any(part.startswith((".", "_")) for part in parts) or format_of(Path(parts[-1]))[0] is None:
        return False
    if any(_matches(prefix, pattern) for prefix in prefixes for pattern in settings.exclude):
        return False
    return not settings.include or any(_matches(relative, p) for p in settings.include)


def _matches(relative: str, pattern: str) -> bool:
    return fnmatch(relative, pattern) or fnmatch(relative.rsplit("/", 1)[-1], pattern)


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    return (exc.strerror or str(exc)).lower()


def _unusable(path: Path) -> str:
    """Why a path that is neither a file nor a folder cannot be read."""
    try:
        path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop"
        if path.is_symlink():
            return "broken symlink"
        return "no such file or folder" if exc.errno == errno.ENOENT else _reason(exc)
    return "not a regular file or folder"


def load(source: Source, settings: Settings) -> Loaded:
    """The documents of one source; problems (unreadable, binary, bad lines) are returned."""
    try:
        data = _read_bytes(source)
        text, warning = decode(data)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:  # BadGzipFile is an OSError
        return Loaded([], [source.error(f"not a valid gzip file ({exc})")])
    except OSError as exc:
        return Loaded([], [source.error(f"cannot read ({_reason(exc)})")])
    except BinaryFile as exc:
        return Loaded([], [source.warning(str(exc))])
    except UndecodableFile as exc:
        return Loaded([], [source.error(str(exc))])
    loaded = _parse(source, text, settings)
    if warning:
        loaded.problems.insert(0, source.warning(warning))
    return loaded


def in_memory(name: str, data: bytes) -> Source:
    """A file already read (by Spark, say), its format and compression told by `name`."""
    kind, compressed = format_of(Path(PurePosixPath(name).name))
    return Source(name, kind or Format.TEXT, compressed=compressed, data=data, size=len(data))


def _read_bytes(source: Source) -> bytes:
    if source.data is not None:
        return gzip.decompress(source.data) if source.compressed else source.data
    assert source.file is not None
    if source.compressed:
        with gzip.open(source.file, "rb") as handle:
            return handle.read()
    return source.file.read_bytes()


def _parse(source: Source, text: str, settings: Settings) -> Loaded:
    # The Markdown and HTML readers are imported when first needed: their parsers took
    # 33 ms of the 225 ms every command spent starting, checks of plain text included.
    if source.format is Format.MARKDOWN:
        from dedupe.readers.markdown import read_markdown

        return read_markdown(source, text)
    if source.format is Format.HTML:
        from dedupe.readers.html import read_html

        return read_html(source, text)
    if source.format is Format.JSONL:
        return read_jsonl(source, text, settings.text_field, settings.id_field)
    return read_text(source, text)
