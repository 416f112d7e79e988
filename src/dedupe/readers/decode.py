"""Bytes to text: UTF-8 (BOM ok), UTF-16/32 with BOM, else detected with a warning."""

from __future__ import annotations

import codecs
from typing import NamedTuple

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SNIFF = 8192


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
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        raise UndecodableFile(f"not valid UTF-8 (byte {position}) and no other encoding fits")
    text = str(best)
    return Decoded(text, f"not valid UTF-8 (byte {position}); read as {best.encoding} (detected)")
