"""Bytes to text: which encoding a file is in, and whether it holds text at all.

Detection is cheap and predictable, in this order:

1. ``--encoding`` (``forced``) when given: the bytes must decode with it.
2. A byte-order mark: UTF-8 (``utf-8-sig``), UTF-16 or UTF-32. The mark is
   removed, so offsets index the text after it.
3. UTF-16 without a mark, when the bytes are mostly NULs at every other
   position (the shape of English text in UTF-16).
4. UTF-8, when every byte sequence is valid UTF-8 (ASCII included).
5. Otherwise Windows-1252 (``cp1252``), the superset of Latin-1 that English
   text written on Windows uses (curly quotes, dashes, the euro sign);
   bytes cp1252 leaves undefined are read as Latin-1. A file in another
   single-byte encoding decodes too, to text that is not English, which the
   language check then refuses.

Every offset whosaid gives indexes the decoded text, so reading the file with
the reported encoding (``utf-8-sig`` for UTF-8 with a mark) gives text in
which the offsets hold.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# cp1252 leaves these five bytes undefined; Latin-1 reads them as control characters.
_CP1252_GAPS = frozenset(b"\x81\x8d\x8f\x90\x9d")

EMPTY = "empty file: there is no text to read"


class UnreadableText(ValueError):
    """Bytes that are not readable text; the message says why (the caller adds where)."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # the codec name that decodes the input to ``text``: "utf-8", "utf-8-sig", "cp1252", ...

    @property
    def is_plain_utf8(self) -> bool:
        return self.encoding == "utf-8"


def check_encoding_name(name: str) -> str:
    """The canonical codec name of ``name``; ValueError for one Python does not know."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ValueError(f"unknown encoding {name!r} (try utf-8, utf-16, cp1252 or latin-1)") from None


def bom_encoding(head: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``head`` announces, if there is one."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    return None


def _looks_utf16(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def single_byte_encoding(data: bytes) -> str:
    """The single-byte encoding bytes that are not UTF-8 are read in: Windows-1252, or Latin-1 when
    they hold a byte Windows-1252 leaves undefined."""
    return "latin-1" if _CP1252_GAPS.intersection(data) else "cp1252"


def decode(data: bytes, forced: str | None = None) -> Decoded:
    """The text of ``data`` and the encoding read; raises ``UnreadableText`` for bytes that are not text."""
    if forced:
        try:
            return Decoded(checked_text(data.decode(forced)), check_encoding_name(forced))
        except UnicodeDecodeError as exc:
            raise UnreadableText(f"not valid {forced} (byte {exc.start})") from None
    if bom := bom_encoding(data[:4]):
        try:
            return Decoded(checked_text(data.decode(bom)), bom)
        except UnicodeDecodeError as exc:
            raise UnreadableText(f"not valid {bom} after its byte-order mark (byte {exc.start})") from None
    # Before UTF-8, which accepts the NULs of UTF-16 English as characters.
    if utf16 := _looks_utf16(data):
        try:
            return Decoded(checked_text(data.decode(utf16)), utf16)
        except UnicodeDecodeError:
            pass
    try:
        return Decoded(checked_text(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass
    encoding = single_byte_encoding(data)
    return Decoded(checked_text(data.decode(encoding)), encoding)


def checked_text(text: str) -> str:
    """``text`` unchanged, or ``UnreadableText`` when it is empty or holds NUL characters (binary data)."""
    if not text.strip():
        raise UnreadableText(EMPTY)
    nul = text.find("\x00")
    if nul >= 0:
        raise UnreadableText(f"holds NUL bytes (first at character {nul}): binary data, not text")
    return text
