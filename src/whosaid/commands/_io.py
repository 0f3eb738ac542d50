"""Reading articles for the single-article and batch commands."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..records import Article


def add_engine_options(parser) -> None:
    """The options every command that runs the engine takes."""
    from ..enrich.overrides import add_gender_overrides_option

    parser.add_argument("--model", choices=("sm", "md"), default="sm", help="English spaCy pipeline size (default: sm)")
    add_gender_overrides_option(parser)


def engine_from(args):
    """The engine the options of ``add_engine_options`` ask for."""
    from ..engine import Engine

    return Engine(model_size=args.model, gender_overrides=args.gender_overrides)


class BadInput(ValueError):
    """Input that cannot be read; the message names where it is."""


def decode(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(f"{where}: not valid UTF-8 (byte {exc.start})") from None


def read_text(path: str) -> tuple[str, str]:
    """(id, text) of a plain-text article; ``-`` reads standard input."""
    if path == "-":
        return "stdin", decode(sys.stdin.buffer.read(), "stdin")
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise BadInput(f"{path}: {exc.strerror or exc}") from None
    return file.stem, decode(data, path)


@dataclass(slots=True)
class Record:
    """One JSONL line: the article and the fields to copy to its output, or why it could not be read."""

    article: Article | None = None
    fields: dict | None = None
    error: str | None = None
    where: str = ""


def read_jsonl(path: str) -> Iterator[Record]:
    """Articles of a JSONL file (``-``: standard input), bad lines included, read as ``ingest`` reads them."""
    from ..ingest.readers import read_jsonl as read_lines

    handle = sys.stdin.buffer if path == "-" else open(path, "rb")
    try:
        for item in read_lines(handle, "stdin" if path == "-" else path):
            if item.error:
                yield Record(error=f"{item.where}: {item.error}")
                continue
            given = item.article.extra.get("fields", {})
            fields = {k: v for k, v in given.items() if k not in ("text", "quotes", "people")}
            fields["id"] = item.article.id
            yield Record(article=item.article, fields=fields, where=item.where)
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()
