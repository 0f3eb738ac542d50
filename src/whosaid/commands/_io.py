"""Reading articles for the single-article and batch commands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..records import Article


def add_engine_options(parser) -> None:
    """The options every command that runs the engine takes."""
    from ..enrich.overrides import add_gender_overrides_option
    from ..pipelines import add_pipeline_option

    add_pipeline_option(parser)
    add_gender_overrides_option(parser)


def engine_from(args):
    """The engine the options of ``add_engine_options`` ask for."""
    from ..engine import Engine, freeze_loaded
    from ..pipelines import chosen_pipeline

    engine = Engine(pipeline=chosen_pipeline(args), gender_overrides=args.gender_overrides)
    freeze_loaded()  # a command's process only reads articles from here on
    return engine


FILE_DETECTION = "detected from a byte-order mark, else UTF-8, else Windows-1252"
# A JSONL file is read as a stream, so without a mark each line is judged on its own.
LINE_DETECTION = "a byte-order mark for the whole file, else each line UTF-8 when it is valid UTF-8, else Windows-1252"


def add_encoding_option(parser, what: str = "the input", detection: str = FILE_DETECTION) -> None:
    """``--encoding NAME``: forces how ``what`` is decoded, instead of ``detection``."""

    def encoding_name(value: str) -> str:
        from ..ingest.encoding import check_encoding_name

        try:
            return check_encoding_name(value)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    parser.add_argument(
        "--encoding", metavar="NAME", type=encoding_name,
        help=f"read {what} in this encoding (utf-8, utf-16, cp1252, latin-1, ...); default: {detection}",
    )


DEFAULT_STORE = "whosaid.duckdb"


def add_store_argument(parser, what: str = "the store made by `whosaid ingest`") -> None:
    """The store as a positional STORE, as `whosaid stats` takes it, or as ``--db FILE``, as scripts name it."""
    parser.add_argument("store", nargs="?", metavar="STORE", help=f"{what} (default: {DEFAULT_STORE})")
    parser.add_argument("--db", metavar="FILE", help="the store, as STORE gives it")


def chosen_store(args) -> str:
    """The store of ``add_store_argument``; ``ValueError`` when STORE and --db name two different files."""
    if args.store and args.db and args.store != args.db:
        raise ValueError(f"give the store once, as STORE or --db (got {args.store} and {args.db})")
    return args.store or args.db or DEFAULT_STORE


STORE_SUFFIXES = (".duckdb", ".db")


def looks_like_store(value: str) -> bool:
    """Whether a positional value names a store rather than a speaker or article: a store's name or an existing file."""
    return Path(value).suffix.lower() in STORE_SUFFIXES or Path(value).is_file()


def store_before(values: list[str], args) -> list[str]:
    """``values`` without a leading store, which goes to ``args.store``: `speakers merge STORE A B --into C`
    and `articles remove STORE ID` take the store first, as `speakers list STORE` does."""
    if len(values) > 1 and not args.store and looks_like_store(values[0]):
        args.store = values[0]
        return values[1:]
    return values


class BadInput(ValueError):
    """Input that cannot be read; the message names where it is."""


@dataclass(slots=True)
class Text:
    """An article as read: its id, decoded text and the encoding used.

    ``page`` is what a web page states about itself (title, outlet, date,
    author, url) when the file was one; its ``text`` is the page's main text.
    """

    id: str
    text: str
    encoding: str
    page: Article | None = None


def read_text(path: str, encoding: str | None = None) -> Text:
    """A plain-text article, or the main text of a web page (``.html``, ``.htm``, ``.xhtml``), as ``ingest`` reads it.

    ``-`` reads standard input as plain text. Empty or binary input, and a page
    with no article text, is a ``BadInput``.
    """
    from ..ingest.encoding import UnreadableText, decode
    from ..ingest.readers import HTML_SUFFIXES

    if path == "-":
        name, data = "stdin", sys.stdin.buffer.read()
    else:
        file = Path(path)
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise BadInput(f"{path}: {exc.strerror or exc}") from None
        name = file.stem
        if file.suffix.lower() in HTML_SUFFIXES:
            from ..ingest.pages import read_html, unreadable_page_file

            if problem := unreadable_page_file(data, encoding):
                raise BadInput(f"{path}: {problem}")
            item = read_html(data, path, encoding=encoding)
            if item.error:
                raise BadInput(f"{path}: {item.error}")
            return Text(name, item.article.text, encoding or "utf-8", page=item.article)
    try:
        decoded = decode(data, encoding)
    except UnreadableText as exc:
        raise BadInput(f"{path if path != '-' else 'stdin'}: {exc}") from None
    return Text(name, decoded.text, decoded.encoding)


def language_warning(text: str, where: str) -> str | None:
    """A warning to print when ``text`` is not English, naming ``where``; None when it is."""
    from ..ingest.language import guess_language

    reason = guess_language(text).warning()
    return f"warning: {where}: {reason}; quotes will be missed" if reason else None


@dataclass(slots=True)
class Record:
    """One JSONL line: the article and the fields to copy to its output, or why it could not be read."""

    article: Article | None = None
    fields: dict | None = None
    error: str | None = None
    where: str = ""


def read_jsonl(path: str, encoding: str | None = None) -> Iterator[Record]:
    """Articles of a JSONL file (``-``: standard input; ``.gz``: gzipped), bad lines included, read as ``ingest``
    reads them. A gzipped file cut short gives the lines before the cut, then a record saying so."""
    from ..ingest.readers import open_file, read_jsonl as read_lines

    handle = sys.stdin.buffer if path == "-" else open_file(path)
    try:
        for item in read_lines(handle, "stdin" if path == "-" else path, encoding):
            if item.error:
                yield Record(error=f"{item.where}: {item.error}")
                continue
            given = item.article.extra.get("fields", {})
            fields = {k: v for k, v in given.items() if k not in ("text", "quotes", "people")}
            fields["id"] = item.article.id
            yield Record(article=item.article, fields=fields, where=item.where)
    except EOFError:
        yield Record(error=f"{path}: file is cut short (truncated compressed data)")
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()
