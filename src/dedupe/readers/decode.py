"""Bytes to text: UTF-8 (BOM ok), UTF-16/32 with BOM, else detected with a warning."""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SNIFF = 8192
_STRAY = re.compile("[\udc80-\udcff]+")  # bytes that surrogateescape kept


class Decoded(NamedTuple):
    text: str
    warning: str | None


class BinaryFile(Exception):
    """The bytes are not text (they hold NUL bytes); the file is skipped with a warning."""


class UndecodableFile(Exception):
    """The bytes are text in no encoding dedupe could find; the file is an error."""


def decode(data: bytes) -> Decoded:
    """Text of `data`, and a warning when its encoding had to be guessed.

    Raises:
        BinaryFile: NUL bytes in the first 8 KiB of a file without a UTF-16/32 BOM.
        UndecodableFile: neither UTF-8 nor any encoding charset-normalizer recognizes.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), None)
            except UnicodeDecodeError as exc:
                raise UndecodableFile(f"invalid {encoding.upper()} at byte {exc.start}") from None
    if b"\x00" in data[:_SNIFF]:
        raise BinaryFile("binary file (NUL bytes), skipped")
    try:
        return Decoded(data.decode("utf-8"), None)
    except UnicodeDecodeError as exc:
        position = exc.start
    return _detect(data, position)


def _detect(data: bytes, position: int) -> Decoded:
    mixed = _mostly_utf8(data)
    if mixed is not None:
        return Decoded(mixed, f"not valid UTF-8 (byte {position}); stray bytes read as cp1252")
    encoding = _guess(data)
    if encoding is None:
        raise UndecodableFile(f"not valid UTF-8 (byte {position}) and no other encoding fits")
    text = data.decode(encoding, errors="replace")
    return Decoded(text, f"not valid UTF-8 (byte {position}); read as {encoding} (detected)")


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few stray single-byte characters (cp1252) mixed in, else None.

    Mixed means more valid multi-byte UTF-8 characters than invalid bytes; text wholly in
    a legacy encoding almost never holds a valid multi-byte UTF-8 sequence.
    """
    text = data.decode("utf-8", errors="surrogateescape")
    stray = sum(len(run) for run in _STRAY.findall(text))
    multibyte = sum(1 for char in text if char > "\x7f") - stray
    if multibyte <= stray:
        return None
    return _STRAY.sub(lambda run: _escaped_bytes(run.group()).decode("cp1252", "replace"), text)


def _escaped_bytes(run: str) -> bytes:
    return bytes(ord(char) - 0xDC00 for char in run)


def _guess(data: bytes) -> str | None:
    """The encoding charset-normalizer finds, preferring cp1252 among equally good fits.

    Short Western text fits many single-byte code pages equally well (cp1250, mac_latin2,
    even cp1006 for "café"); cp1252, the most common, is then the better guess.
    """
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        return None
    least = min(match.chaos for match in matches)
    if any(m.chaos <= least + 0.01 and "cp1252" in m.could_be_from_charset for m in matches):
        return "cp1252"
    encoding = str(matches[0].encoding)
    return None if encoding in ("utf_8", "ascii") else encoding
