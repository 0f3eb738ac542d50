"""Articles from files: plain text, JSON, JSONL, HTML pages and WARC web archives.

Every reader yields ``Item``s: an article, or the reason a file, line, record
or page could not be read, with where it was. A bad input never stops the
others.
"""

from __future__ import annotations

import glob
import gzip
import hashlib
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..headline import first_line, headline_end
from ..records import Article
from ..store.names import article_id
from .encoding import EMPTY, UnreadableText, bom_encoding, checked_text, decode, single_byte_encoding
from .language import guess_language
from .pages import read_html, unreadable_page_file

TEXT_SUFFIXES = (".txt", ".text")
JSON_SUFFIXES = (".json", ".json.gz")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
WARC_SUFFIXES = (".warc", ".warc.gz")
KNOWN_SUFFIXES = TEXT_SUFFIXES + JSON_SUFFIXES + JSONL_SUFFIXES + HTML_SUFFIXES + WARC_SUFFIXES

# Field names other tools use for the same thing (PolNeAR calls the outlet "publisher").
FIELD_ALIASES = {
    "outlet": ("outlet", "publisher", "source", "site", "sitename", "media"),
    "date": ("date", "published", "publish_date", "published_at", "pubdate"),
    "url": ("url", "link", "uri"),
    "title": ("title", "headline"),
    "author": ("author", "authors", "byline"),
}


@dataclass(slots=True)
class Page:
    """A web page whose article text is still to be extracted (costly, so done where the parsing is)."""

    html: bytes
    url: str | None = None
    encoding: str | None = None  # forced by the user; None lets the page say

    @property
    def key(self) -> str:
        """Identity of the raw page at its address, to skip a page already stored without extracting it again."""
        if self.url is None:
            return "page:" + hashlib.sha1(self.html).hexdigest()
        return "page:" + hashlib.sha1(self.url.encode("utf-8", "surrogatepass") + b"\0" + self.html).hexdigest()


@dataclass(slots=True)
class Item:
    """One article read from ``where`` (file, ``file:line`` or ``file#record``), or why it could not be.

    A web page read with ``pages=True`` comes as ``page``, not yet extracted;
    ``extract(item)`` turns it into an article (or a reject).
    """

    where: str
    article: Article | None = None
    error: str | None = None
    page: Page | None = None


def extract(item: Item) -> Item:
    """The article of an item read with ``pages=True``: extracts its page, if it has one."""
    if item.page is None:
        return item
    page = item.page
    extracted = read_html(page.html, item.where, url=page.url, encoding=page.encoding)
    if extracted.article is not None:
        extracted.article.extra["source_key"] = page.key
    elif page.url and extracted.error:
        extracted.error = f"{extracted.error} ({page.url})"
    return extracted


def english_only(item: Item) -> Item:
    """``item``, or a reject when its article is not in English (whosaid reads English only)."""
    if item.article is None:
        return item
    reason = guess_language(item.article.text).warning()
    return Item(item.where, error=reason) if reason else item


READ_KINDS = ("ingest reads .txt, .json, .jsonl, .ndjson, .html, .htm, .warc and .warc.gz files (also gzipped JSON), "
              "and a file with no suffix by its content")


def _fmt(path: str) -> str | None:
    name = path.lower()
    for kind, suffixes in (
        ("warc", WARC_SUFFIXES), ("jsonl", JSONL_SUFFIXES), ("json", JSON_SUFFIXES),
        ("html", HTML_SUFFIXES), ("text", TEXT_SUFFIXES),
    ):
        if name.endswith(suffixes):
            return kind
    return None


def sniff(head: bytes) -> str:
    """The format of data whose name says nothing: standard input, or a file without a known suffix."""
    if head[:2] == b"\x1f\x8b" or head.lstrip()[:5] == b"WARC/":
        return "warc"
    stripped = head.lstrip()
    if stripped[:1] == b"{":
        return "jsonl"
    if stripped[:1] == b"[":
        return "json"
    if stripped[:1] == b"<":
        return "html"
    return "text"


# Why a path named nothing: a typing slip, not an input to retry, so never kept among a store's rejects.
NO_SUCH_PATH = "no such file or folder"
NO_MATCH = "no file matches this pattern"
NOT_FOUND = frozenset({NO_SUCH_PATH, NO_MATCH})


def expand(paths: Iterable[str]) -> Iterator[tuple[str, str | None]]:
    """Files to read, as ``(path, None)``, or ``(path, reason)`` for a path that names nothing readable.

    Folders are read recursively (files with a known suffix, hidden ones left
    out); a path with ``*``, ``?`` or ``[`` that is not a file is a glob
    (``**`` crosses folders); ``-`` is standard input.
    """
    for path in paths:
        if path == "-":
            yield path, None
        elif os.path.isdir(path):
            yield from ((p, None) for p in _walk(path))
        elif os.path.exists(path):
            yield path, None
        elif glob.has_magic(path):
            matches = sorted(glob.glob(path, recursive=True))
            if not matches:
                yield path, NO_MATCH
            for match in matches:
                if os.path.isdir(match):
                    yield from ((p, None) for p in _walk(match))
                elif _fmt(match):
                    yield match, None
        else:
            yield path, NO_SUCH_PATH


def left_out(paths: Iterable[str]) -> dict[str, int]:
    """Files the folders and globs of ``paths`` hold that ingest does not read, by suffix (hidden ones
    aside): what a folder walk leaves out, for the summary to name."""
    counts: dict[str, int] = {}
    for path in paths:
        if path == "-" or not (os.path.isdir(path) or (glob.has_magic(path) and not os.path.exists(path))):
            continue
        found = [path] if os.path.isdir(path) else sorted(glob.glob(path, recursive=True))
        for match in found:
            names = ((root, name) for root, dirs, files in os.walk(match) for name in files
                     if not any(part.startswith(".") for part in os.path.relpath(root, match).split(os.sep) if part != "."))
            for root, name in (names if os.path.isdir(match) else [(os.path.dirname(match), os.path.basename(match))]):
                if name.startswith(".") or _fmt(name):
                    continue
                suffix = os.path.splitext(name)[1].lower() or "(no suffix)"
                counts[suffix] = counts.get(suffix, 0) + 1
    return counts


def missing_paths(paths: Iterable[str]) -> list[str]:
    """The paths that name nothing: no file or folder, and no match as a glob."""
    return [p for p in paths if p != "-" and not os.path.exists(p)
            and not (glob.has_magic(p) and glob.glob(p, recursive=True))]


def _walk(folder: str) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and _fmt(name):
                yield os.path.join(root, name)


def read_paths(paths: Iterable[str], pages: bool = False, encoding: str | None = None) -> Iterator[Item]:
    """Every article (or reject) in ``paths``, folders and globs expanded, in a stable order.

    With ``pages``, HTML pages and WARC responses come unextracted (``Item.page``).
    ``encoding`` forces the encoding of text, JSON and HTML files (see ``whosaid.ingest.encoding``).
    """
    for path, problem in expand(paths):
        if problem:
            yield Item(path, error=problem)
        else:
            yield from read_file(path, pages, encoding)


def read_file(path: str, pages: bool = False, encoding: str | None = None) -> Iterator[Item]:
    try:
        if path == "-":
            stdin = sys.stdin.buffer
            kind = sniff(stdin.peek(2048)[:2048])
            # Streams of records are read as they come; a single page or text is read whole.
            if kind == "jsonl":
                yield from read_jsonl(stdin, "stdin", encoding)
            elif kind == "warc":
                yield from read_warc(io.BytesIO(stdin.read()), "stdin", pages)  # FastWARC needs to seek
            else:
                yield from _read_data(stdin.read(), "stdin", kind, pages, encoding)
            return
        kind = _fmt(path)
        if kind is None and Path(path).suffix:
            # Only a name that says nothing is read by its content: a suffix ingest does not know names a
            # kind of file it does not read (notes.md, data.csv), and reading it as an article would store it.
            yield Item(path, error=f"not a kind of file ingest reads ({Path(path).suffix}): {READ_KINDS}")
            return
        if kind is None:
            with open(path, "rb") as handle:
                kind = sniff(handle.read(2048))
        if kind == "warc":
            with open(path, "rb") as handle:
                yield from read_warc(handle, path, pages)
        elif kind == "jsonl":
            with open_file(path) as handle:
                yield from read_jsonl(handle, path, encoding)
        else:
            with open_file(path) as handle:
                data = handle.read()
            yield from _read_data(data, path, kind, pages, encoding)
    except OSError as exc:
        yield Item(path, error=f"cannot read: {exc.strerror or exc}")
    except EOFError:
        yield Item(path, error="file is cut short (truncated compressed data)")


def open_file(path: str) -> IO[bytes]:
    """A file's bytes, unpacked when its name ends in ``.gz`` ("feed.jsonl.gz", "crawl.warc.gz")."""
    return gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")


def _read_data(data: bytes, where: str, kind: str, pages: bool = False, encoding: str | None = None) -> Iterator[Item]:
    if kind == "warc":
        yield from read_warc(io.BytesIO(data), where, pages)
    elif kind == "jsonl":
        yield from read_jsonl(io.BytesIO(data), where, encoding)
    elif kind == "json":
        yield from read_json(data, where, encoding)
    elif kind == "html":
        if problem := unreadable_page_file(data, encoding):
            yield Item(where, error=problem)
            return
        page = Item(where, page=Page(data, encoding=encoding))
        yield page if pages else extract(page)
    else:
        yield read_text(data, where, encoding)


def read_text(data: bytes, where: str, encoding: str | None = None) -> Item:
    """A plain-text article: the headline line, a blank line, then the body.

    Its encoding is detected (or forced by ``encoding``; see ``encoding.decode``) and kept in
    ``article.extra["encoding"]``; Windows line ends become ``\\n``.
    """
    try:
        decoded = decode(data, encoding)
    except UnreadableText as exc:
        return Item(where, error=str(exc))
    text = decoded.text.replace("\r\n", "\n")
    title = first_line(text)
    stem = Path(where).name.split(".")[0] if where != "stdin" else None
    extra = {"path": where, "encoding": decoded.encoding}
    return Item(where, Article(id=stem or article_id(text), text=text, title=title, extra=extra))


def json_error(exc: json.JSONDecodeError, line: bool = True) -> str:
    """``exc`` as "what, at line L, column C": some of json's messages already end in "at"."""
    where = f"line {exc.lineno}, column {exc.colno}" if line else f"column {exc.colno}"
    message = exc.msg.removesuffix(" at")
    return f"{message} at {where}"


def _lines(handle: IO[bytes], encoding: str | None) -> Iterator[tuple[str | None, str | None, str]]:
    """(line, problem, encoding) for each line; a line that cannot be decoded comes with the problem."""
    if not hasattr(handle, "peek"):
        handle = io.BufferedReader(handle)
    head = handle.peek(4)[:4]
    wide = encoding or bom_encoding(head)
    if wide and wide != "utf-8-sig":
        # A forced encoding, or UTF-16/32, is decoded as a stream: its line ends are not single bytes.
        text = io.TextIOWrapper(handle, encoding=wide, errors="strict", newline=None)
        try:
            for line in text:
                yield line, None, wide
        except UnicodeDecodeError as exc:
            yield None, f"not valid {wide} ({exc.reason})", wide
        finally:
            text.detach()
        return
    for number, raw in enumerate(handle):
        if number == 0 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        text, used = decode_line(raw)
        yield text, None, used


def decode_line(raw: bytes) -> tuple[str, str]:
    """(text, encoding) of one JSONL line: UTF-8 when it is valid UTF-8, else read as a text file is.
    JSON should be UTF-8, but lines written on Windows are often Windows-1252; each such line is
    named with its encoding, as the --encoding help promises."""
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        used = single_byte_encoding(raw)
        return raw.decode(used), used


BINARY_PROBE = 8192  # bytes read to tell a binary file from text


def _binary(handle: IO[bytes], encoding: str | None) -> bool:
    """Whether the file's first block holds NUL bytes outside a UTF-16/32 text: a binary file
    (an image, an archive) named .jsonl is one reject, not one per "line" of its bytes."""
    if encoding or bom_encoding(handle.peek(4)[:4]):
        return False
    return b"\x00" in handle.peek(BINARY_PROBE)[:BINARY_PROBE]


def read_jsonl(handle: IO[bytes], where: str, encoding: str | None = None) -> Iterator[Item]:
    """One article per line; a malformed line is a reject of its own."""
    if not hasattr(handle, "peek"):
        handle = io.BufferedReader(handle)
    if _binary(handle, encoding):
        yield Item(where, error="holds NUL bytes: binary data, not JSON lines")
        return
    empty = True
    for number, (line, problem, used) in enumerate(_lines(handle, encoding), 1):
        line_where = f"{where}:{number}"
        if problem:
            empty = False
            yield Item(line_where, error=problem)
            continue
        if not line.strip():
            continue
        empty = False
        try:
            data = json.loads(line.rstrip("\r\n"))  # a column on the line, not past it
        except json.JSONDecodeError as exc:
            yield Item(line_where, error=f"not JSON ({json_error(exc, line=False)})")
            continue
        item = article_from_fields(data, line_where)
        if item.article is not None:
            item.article.extra["encoding"] = used
        yield item
    if empty:
        # Refused by name as an empty text file is, rather than read as a batch of no articles.
        yield Item(where, error=EMPTY)


def read_json(data: bytes, where: str, encoding: str | None = None) -> Iterator[Item]:
    """A JSON file holding one article object or a list of them."""
    try:
        decoded = decode(data, encoding)
        value = json.loads(decoded.text)
    except UnreadableText as exc:
        yield Item(where, error=str(exc))
        return
    except json.JSONDecodeError as exc:
        yield Item(where, error=f"not JSON ({json_error(exc)})")
        return
    values = value if isinstance(value, list) else [value]
    for n, fields in enumerate(values):
        item = article_from_fields(fields, f"{where}#{n}" if isinstance(value, list) else where)
        if item.article is not None:
            item.article.extra["encoding"] = decoded.encoding
        yield item


def _field(fields: dict[str, Any], name: str) -> str | None:
    for key in FIELD_ALIASES[name]:
        value = fields.get(key)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v)
        if value not in (None, ""):
            return str(value)
    return None


def article_from_fields(fields: object, where: str) -> Item:
    if not isinstance(fields, dict):
        return Item(where, error=f"expected a JSON object with \"text\", got {type(fields).__name__}")
    text = fields.get("text")
    if not isinstance(text, str):
        return Item(where, error="needs a string \"text\" field" if text is None else f"\"text\" must be a string, got {type(text).__name__}")
    if not text.strip():
        return Item(where, error="\"text\" is empty")
    try:
        checked_text(text)
    except UnreadableText as exc:
        return Item(where, error=f"\"text\" {exc}")
    title = _field(fields, "title")
    opens_with = headline_end(text, title)
    article = Article(
        id=str(fields.get("id") or article_id(text)),
        text=text,
        # Without a title field, the headline the text opens with is its title.
        title=title or " ".join(text[:opens_with].split()) or None,
        headline_end=opens_with,
        url=_field(fields, "url"),
        outlet=_field(fields, "outlet"),
        date=_field(fields, "date"),
        author=_field(fields, "author"),
        # The record as given: batch extraction copies its other fields to the output.
        extra={"path": where, "fields": fields},
    )
    return Item(where, article)


class _Cut:
    """A gzip stream that ends quietly where its data is cut short, and remembers that it was."""

    def __init__(self, stream: IO[bytes]):
        self.stream = gzip.GzipFile(fileobj=stream, mode="rb")
        self.cut = False

    def read(self, size: int = -1) -> bytes:
        if self.cut:
            return b""
        try:
            return self.stream.read1(size)
        except (EOFError, gzip.BadGzipFile, OSError):
            self.cut = True
            return b""

    def tell(self) -> int:
        return self.stream.tell()

    def close(self) -> None:
        self.stream.close()


def _ends_whole(stream: IO[bytes]) -> bool:
    """Whether an uncompressed WARC ends as every record does, with a blank line."""
    try:
        stream.seek(-4, os.SEEK_END)
        tail = stream.read(4)
        stream.seek(0)
    except (OSError, ValueError):
        return True  # cannot tell without seeking
    return tail == b"\r\n\r\n"


def _is_html_page(http) -> bool:
    """A successful HTML response: what a WARC file gives as a page."""
    return (
        http is not None
        and 200 <= (http.status_code or 0) < 300
        and "html" in (http.get("Content-Type") or "").lower()
    )


def read_warc(stream: IO[bytes], where: str, pages: bool = False) -> Iterator[Item]:
    """The HTML pages of a WARC file (plain or gzipped), as crawled: only successful HTML responses.

    A file cut short (a download stopped midway) is a reject of its own, and
    so is a page the cut falls in; the records before the cut are read.
    """
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    head = stream.read(2)
    stream.seek(0)
    if head == b"\x1f\x8b":
        stream = _Cut(stream)
        whole = None
    else:
        whole = _ends_whole(stream)
    number = 0
    pending: Item | None = None  # the last page read, held until the next record shows it is complete
    pending_whole = True
    try:
        for record in ArchiveIterator(stream, parse_http=True, auto_decode="all", fsspec_args=False):
            if pending is not None:
                yield pending if pages else extract(pending)
                pending = None
            if record.record_type != WarcRecordType.response:
                continue
            number += 1
            record_where = f"{where}#{number}"
            url = record.headers.get("WARC-Target-URI")
            if not _is_html_page(record.http_headers):
                continue
            try:
                body = record.reader.read()
            except Exception as exc:
                yield Item(record_where, error=f"record body cannot be read ({url}): {exc!r}")
                continue
            pending = Item(record_where, page=Page(body, url))
            pending_whole = len(body) >= (record.content_length or 0)
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # FastWARC raises OSError, and a Rust panic on some broken streams
        yield Item(f"{where}#{number + 1}", error=f"broken WARC data, the rest of the file is skipped: {exc}")
        return
    if isinstance(stream, _Cut):
        # FastWARC stops once the last record is complete; a cut in what follows shows only when read.
        while stream.read(1 << 16):
            pass
    cut = stream.cut if isinstance(stream, _Cut) else not whole
    if cut:
        if pending is not None and not pending_whole:
            yield Item(pending.where, error=f"record cut short by the end of the file ({pending.page.url})")
        elif pending is not None:
            yield pending if pages else extract(pending)
        yield Item(where, error=f"file is cut short (truncated download?): read up to response record {number}, the rest is missing")
        return
    if pending is not None:
        yield pending if pages else extract(pending)
    if number == 0:
        yield Item(where, error="no WARC response records found (is this a WARC file?)")


def count_records(path: str) -> int:
    """How many articles ``path`` probably holds, cheaply, for the progress bar."""
    if path == "-":
        return 1
    kind = _fmt(path)
    try:
        if kind == "jsonl":
            with open_file(path) as handle:
                return sum(1 for line in handle if line.strip())
        if kind == "warc":
            from fastwarc.warc import ArchiveIterator, WarcRecordType

            with open(path, "rb") as handle:
                return sum(1 for record in ArchiveIterator(
                    handle, record_types=WarcRecordType.response, parse_http=True, fsspec_args=False
                ) if _is_html_page(record.http_headers))
        if kind == "json":
            with open_file(path) as handle:
                head = handle.read(64).lstrip()
            if head[:1] == b"[":
                with open_file(path) as handle:
                    value = json.load(handle)
                return len(value) if isinstance(value, list) else 1
    except Exception:  # counting is only for the progress bar; reading reports problems properly
        return 1
    return 1
