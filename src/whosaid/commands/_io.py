"""Reading articles for the single-article and batch commands."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..records import Article

ARTICLE_FIELDS = ("title", "url", "outlet", "date", "author")


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
    """One JSONL line: the article, or why it could not be read."""

    line: int
    article: Article | None = None
    fields: dict | None = None
    error: str | None = None


def read_jsonl(path: str) -> Iterator[Record]:
    """Articles of a JSONL file, one ``Record`` per non-blank line, bad lines included."""
    handle = sys.stdin.buffer if path == "-" else open(path, "rb")
    name = "stdin" if path == "-" else path
    try:
        for number, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            try:
                data = json.loads(decode(raw, f"{name}, line {number}"))
            except json.JSONDecodeError as exc:
                yield Record(number, error=f"{name}, line {number}: not JSON ({exc.msg} at column {exc.colno})")
                continue
            except BadInput as exc:
                yield Record(number, error=str(exc))
                continue
            if not isinstance(data, dict) or not isinstance(data.get("text"), str):
                yield Record(number, error=f"{name}, line {number}: needs an object with a string \"text\"")
                continue
            article_id = str(data.get("id") or f"line-{number}")
            article = Article(
                id=article_id,
                text=data["text"],
                **{k: (str(data[k]) if data.get(k) is not None else None) for k in ARTICLE_FIELDS},
            )
            passthrough = {k: v for k, v in data.items() if k not in ("text", "quotes", "people")}
            passthrough["id"] = article_id
            yield Record(number, article=article, fields=passthrough)
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()
