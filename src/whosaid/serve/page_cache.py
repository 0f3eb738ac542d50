"""Finished pages and CSV downloads, kept in the store's answer cache so they are not made again.

A page or a download is a function of its address and of the store; the store
only changes through ``Database.add``, which empties the cache (these included).
Only whole 200 responses to GET are kept: HTML pages, and the API's CSV
downloads (its JSON answers are kept by the API itself), each at most a
sixteenth of the cache, so one large export does not push out everything else.
Errors, uploads and static files pass through.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .database import Database

Message = dict[str, Any]
KEPT_TYPES = (b"text/html", b"text/csv")


class PageCache:
    """ASGI middleware: answers a GET for a page or a CSV download from ``database.cache`` when made before."""

    def __init__(self, app: Callable, database: Database):
        self.app = app
        self.database = database

    @staticmethod
    def keeps(path: str) -> bool:
        if path.startswith("/api/"):
            return path.endswith(".csv")
        return not path.startswith(("/static/", "/openapi"))

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        cache = self.database.cache
        if (scope["type"] != "http" or scope["method"] != "GET" or not self.keeps(scope["path"])
                or cache.max_bytes <= 0):
            await self.app(scope, receive, send)
            return
        host = dict(scope.get("headers") or []).get(b"host", b"")
        key = ("page", scope.get("scheme", "http"), host, scope.get("root_path", ""), scope["path"],
               scope.get("query_string", b""))
        kept = cache.peek(key)
        if kept is not None:
            await _replay(kept, send)
            return
        generation = cache.generation
        largest = cache.max_bytes // 16
        messages: list[Message] = []
        size = 0

        async def send_and_keep(message: Message) -> None:
            nonlocal size
            if size <= largest and message["type"] in ("http.response.start", "http.response.body"):
                messages.append(message)
                size += len(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, send_and_keep)
        response = _response(messages) if size <= largest else None
        if response is not None:
            cache.put(key, response, generation)


def _response(messages: list[Message]) -> bytes | None:
    """The response as bytes (headers, then body) when it is a whole 200 page or CSV, else None."""
    if not messages or messages[0]["type"] != "http.response.start" or messages[0]["status"] != 200:
        return None
    headers = messages[0].get("headers", [])
    if not any(k.lower() == b"content-type" and v.startswith(KEPT_TYPES) for k, v in headers):
        return None
    if messages[-1]["type"] != "http.response.body" or messages[-1].get("more_body"):
        return None
    body = b"".join(m.get("body", b"") for m in messages[1:])
    head = b"\r\n".join(k + b": " + v for k, v in headers)
    return len(head).to_bytes(4, "big") + head + body


async def _replay(kept: bytes, send: Callable) -> None:
    size = int.from_bytes(kept[:4], "big")
    head, body = kept[4:4 + size], kept[4 + size:]
    headers = [tuple(line.split(b": ", 1)) for line in head.split(b"\r\n")] if head else []
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})
