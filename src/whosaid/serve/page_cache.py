"""Finished HTML pages, kept in the store's answer cache so a page asked for again is not rendered again.

A page is a function of its address and of the store; the store only changes
through ``Database.add``, which empties the cache (pages included). Only
successful GET responses of the HTML pages are kept; the JSON API keeps its
own answers, and errors, uploads and static files pass through.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .database import Database

Message = dict[str, Any]


class PageCache:
    """ASGI middleware: answers a GET for a page from ``database.cache`` when it was rendered before."""

    def __init__(self, app: Callable, database: Database, skip: tuple[str, ...] = ("/api", "/static", "/openapi")):
        self.app = app
        self.database = database
        self.skip = skip

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        cache = self.database.cache
        if (scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith(self.skip)
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
        messages: list[Message] = []

        async def send_and_keep(message: Message) -> None:
            messages.append(message)
            await send(message)

        await self.app(scope, receive, send_and_keep)
        page = _page(messages)
        if page is not None:
            cache.put(key, page, generation)


def _page(messages: list[Message]) -> bytes | None:
    """The response as bytes (headers, then body) when it is a whole 200 HTML page, else None."""
    # Other messages (a test client's "http.response.debug") are not part of the response.
    messages = [m for m in messages if m["type"] in ("http.response.start", "http.response.body")]
    if not messages or messages[0]["type"] != "http.response.start" or messages[0]["status"] != 200:
        return None
    headers = messages[0].get("headers", [])
    if not any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers):
        return None
    body = b"".join(m.get("body", b"") for m in messages[1:] if m["type"] == "http.response.body")
    if messages[-1]["type"] != "http.response.body" or messages[-1].get("more_body"):
        return None
    head = b"\r\n".join(k + b": " + v for k, v in headers)
    return len(head).to_bytes(4, "big") + head + body


async def _replay(kept: bytes, send: Callable) -> None:
    size = int.from_bytes(kept[:4], "big")
    head, body = kept[4:4 + size], kept[4 + size:]
    headers = [tuple(line.split(b": ", 1)) for line in head.split(b"\r\n")] if head else []
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})
