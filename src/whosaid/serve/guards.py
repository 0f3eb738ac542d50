"""What the dashboard checks before a request reaches a page: the host it names, the body's size, HEAD.

DNS rebinding: a page on ``rebind.example`` can make its own name resolve to
127.0.0.1 and then read the dashboard as if it were its own site, since the
browser sees one origin. The request still names ``rebind.example`` in its
``Host`` header, so the dashboard answers only requests addressed to a name it
knows: localhost, 127.0.0.1, [::1], and the names given to ``whosaid serve``.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.routing import Match, Mount

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
ANY_HOST = "*"
ROUTE_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

_HOST_HEADER = re.compile(r"(?:\[(?P<ipv6>[0-9A-Fa-f:.]+)\]|(?P<name>[A-Za-z0-9._~!$&'()*+,;=%-]+))(?::(?P<port>\d{1,5}))?")


def parse_host(value: str | None) -> tuple[str, int | None] | None:
    """``(host, port)`` from a ``Host`` header (``[::1]:8000`` → ``("::1", 8000)``); ``None`` when malformed.

    Names are lower-cased without a final dot, IPv6 addresses written the short way.
    """
    match = _HOST_HEADER.fullmatch(value or "")
    if match is None:
        return None
    port = int(match["port"]) if match["port"] else None
    if match["ipv6"]:
        try:
            return ipaddress.IPv6Address(match["ipv6"]).compressed, port
        except ValueError:
            return None
    return match["name"].lower().removesuffix("."), port


def host_name(value: str) -> str:
    """A host as given to ``--host``/``--allow-host`` (``::1``, ``[::1]``, ``dash.example:8000``), normalised.

    Raises ``ValueError`` naming the value when it is not a host name or address.
    """
    value = value.strip()
    if value == ANY_HOST:
        return ANY_HOST
    try:
        return ipaddress.ip_address(value).compressed  # a bare IPv6 address has colons but no port
    except ValueError:
        pass
    parsed = parse_host(value)
    if parsed is None or not parsed[0]:
        raise ValueError(f"{value!r} is not a host name or address (e.g. dash.example, 192.168.1.20, [::1])")
    return parsed[0]


class HostAllowList:
    """The names the dashboard answers to: loopback always, plus those given (``*``: any)."""

    def __init__(self, extra: Iterable[str] = ()) -> None:
        self.hosts = tuple(dict.fromkeys([*LOOPBACK_HOSTS, *(host_name(h) for h in extra)]))
        self.any = ANY_HOST in self.hosts

    def allows(self, host: str) -> bool:
        return self.any or host in self.hosts

    def shown(self) -> str:
        return ", ".join(f"[{h}]" if ":" in h else h for h in self.hosts)

    def same_site(self, origin: str, host_header: str | None) -> bool:
        """Whether a form sent from ``origin`` comes from this dashboard, as the browser reached it.

        The origin's host must be on the list (not merely equal to the ``Host``
        header, which a rebinding page controls) and name the same host and port.
        """
        try:
            parts = urlsplit(origin)
            origin_port = parts.port
        except ValueError:
            return False
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return False
        origin_host = parse_host(f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname)
        target = parse_host(host_header)
        if origin_host is None or target is None:
            return False
        return self.allows(origin_host[0]) and (origin_host[0], origin_port) == target


def _refusal(scope: dict, message: str) -> tuple[list[tuple[bytes, bytes]], bytes]:
    """A short error answer: JSON under /api (as the API's other errors), plain text elsewhere."""
    if scope.get("path", "").startswith("/api"):
        body, kind = json.dumps({"message": message}).encode(), b"application/json"
    else:
        body, kind = message.encode(), b"text/plain; charset=utf-8"
    return [(b"content-type", kind), (b"content-length", str(len(body)).encode())], body


class CheckHost:
    """Answers 400 to a request addressed to a host that is not on the allow-list."""

    def __init__(self, app: Callable, allowed: HostAllowList) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] not in ("http", "websocket") or self.allowed.any:
            await self.app(scope, receive, send)
            return
        header = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"host"), None)
        parsed = parse_host(header)
        if parsed is not None and self.allowed.allows(parsed[0]):
            await self.app(scope, receive, send)
            return
        shown = "no Host header" if header is None else f"Host {header[:80]!r}"
        message = (
            f"Refused: this dashboard answers only to {self.allowed.shown()}, and the request named {shown}. "
            "To reach it under another name, start it with `whosaid serve --allow-host NAME`."
        )
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        headers, body = _refusal(scope, message)
        await send({"type": "http.response.start", "status": 400, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class LimitBody:
    """Refuses a request body over ``max_bytes`` with 413, whether its length is declared or it comes in chunks.

    The refusal is raised where the body is read, so the app's own error
    handler answers it (JSON under /api, a page elsewhere) and never more than
    ``max_bytes`` is held in memory. (Starlette's body limit answers a declared
    length with a bare "Content Too Large" of its own instead.)
    """

    def __init__(self, app: Callable, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = next((v for k, v in scope.get("headers", []) if k == b"content-length"), b"")
        too_long = declared.isdigit() and int(declared) > self.max_bytes
        received = 0

        async def limited_receive() -> dict:
            nonlocal received
            if too_long:
                raise HTTPException(status_code=413)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise HTTPException(status_code=413)
            return message

        await self.app(scope, limited_receive, send)


class HeadAsGet:
    """HEAD is answered as GET would be, headers only (FastAPI routes declare GET alone)."""

    def __init__(self, app: Callable) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: dict) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app(dict(scope, method="GET"), receive, headers_only)


def allowed_methods(request: Request) -> str:
    """The ``Allow`` header for the request's path: every method some route answers there, HEAD with GET."""
    # Matched from the app's root, as the router saw it (a mounted app sees a shorter path).
    scope = dict(request.scope, root_path=request.scope.get("app_root_path", ""))
    methods = set()
    for route in request.app.router.routes:
        if isinstance(route, Mount):  # static files: GET and HEAD, whatever method is asked
            methods |= {"GET"} if route.matches(scope)[0] != Match.NONE else set()
            continue
        methods |= {m for m in ROUTE_METHODS if route.matches(dict(scope, method=m))[0] == Match.FULL}
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(sorted(methods))
