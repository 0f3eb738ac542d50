"""The dashboard application: HTML pages, the JSON API, and local static assets."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from . import api, pages
from .database import DEFAULT_CACHE_BYTES, Analyzer, Database
from .errors import describe, invalid_fields
from .guards import CheckHost, HeadAsGet, HostAllowList, LimitBody, allowed_methods
from .page_cache import PageCache

HERE = Path(__file__).parent

DESCRIPTION = """\
Who gets a voice in the news: quotes, speakers and the share of quotes by gender,
read from a whosaid store (`whosaid ingest`). Every dashboard page has a JSON
twin under `/api`. All lists take `limit` (1–200) and `offset`; dates are
`YYYY-MM-DD`. Every error answers `{"message": ...}`, naming the bad input; a
422 adds `detail`, one entry per bad parameter.
"""

DEFAULT_MAX_BODY_BYTES = 5_000_000


class DropEmptyQueryParams:
    """Treat ``?outlet=&date_from=`` as absent: HTML forms send every field, filled or not."""

    def __init__(self, app: Callable) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] == "http" and scope.get("query_string"):
            pairs = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
            kept = [(k, v) for k, v in pairs if v.strip() != ""]
            if len(kept) != len(pairs):
                scope = dict(scope, query_string=urlencode(kept).encode("latin-1"))
        await self.app(scope, receive, send)


BLANK = {"type": "string", "pattern": r"^\s*$", "description": "left empty: the same as leaving the parameter out"}


def _accepts_blank(schema: dict[str, Any]) -> bool:
    limits = {"format", "enum", "const", "pattern", "minLength"}
    return any(o.get("type") == "string" and not limits & o.keys() for o in schema.get("anyOf", [schema]))


def document_blank_query_values(spec: dict[str, Any]) -> dict[str, Any]:
    """Says in the OpenAPI document what DropEmptyQueryParams does: ``?date_to=`` is accepted, as absent."""
    for methods in spec.get("paths", {}).values():
        for operation in methods.values():
            for param in operation.get("parameters", []):
                schema = param.get("schema", {})
                if param.get("in") == "query" and not _accepts_blank(schema):
                    outer = {k: v for k, v in schema.items() if k in ("title", "default", "description", "anyOf")}
                    inner = {k: v for k, v in schema.items() if k not in outer}
                    param["schema"] = {**outer, "anyOf": [*schema.get("anyOf", [inner]), BLANK]}
    return spec


SECURITY_HEADERS = [
    # Everything the pages use is served from here; the browser refuses anything else.
    (b"content-security-policy",
     b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
     b"script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    # same-origin, not no-referrer: the analyse form needs its Origin header to prove where it came from.
    (b"referrer-policy", b"same-origin"),
]


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every response."""

    def __init__(self, app: Callable) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                message = dict(message, headers=[*message.get("headers", []), *SECURITY_HEADERS])
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(
    db: str | Path | Database,
    *,
    read_only: bool = False,
    engine_factory: Callable[[str], Any] | None = None,
    pipeline: str | None = None,
    cache_bytes: int = DEFAULT_CACHE_BYTES,
    allowed_hosts: Iterable[str] = (),
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
) -> FastAPI:
    """The dashboard app over the store ``db`` (a path, or an open ``Database``).

    ``engine_factory`` builds a pipeline's analysis engine, given the pipeline's name, on first use
    (default ``whosaid.Engine(pipeline=name)``); tests pass one sharing their spaCy pipeline.
    ``pipeline`` (``fast`` by default, or ``accurate``) reads articles whose request names none.
    At most ``cache_bytes`` of answers and pages are kept in memory (0: ask the store every time).
    Requests must be addressed to localhost, 127.0.0.1 or [::1], or to one of
    ``allowed_hosts`` (``"*"``: any), or they get 400: a defence against DNS
    rebinding. Request bodies over ``max_body_bytes`` get 413.
    """
    hosts = HostAllowList(allowed_hosts)
    database = db if isinstance(db, Database) else Database(db, read_only=read_only, cache_bytes=cache_bytes)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        if not isinstance(db, Database):  # close only what this app opened
            database.close()

    app = FastAPI(
        title="whosaid dashboard",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        # FastAPI's own /docs pages load scripts from a CDN; ours is rendered locally (pages.api_docs).
        docs_url=None,
        redoc_url=None,
    )
    default_openapi = app.openapi
    app.openapi = lambda: app.openapi_schema or document_blank_query_values(default_openapi())
    app.state.db = database
    app.state.analyzer = Analyzer(engine_factory, pipeline)
    app.state.allowed_hosts = hosts
    # The last added runs first: security headers on every answer, then the host check; finished
    # pages are kept last, so a page is only ever kept for a request the checks let through.
    app.add_middleware(PageCache, database=database)
    app.add_middleware(DropEmptyQueryParams)
    app.add_middleware(HeadAsGet)
    app.add_middleware(LimitBody, max_bytes=max_body_bytes)
    app.add_middleware(CheckHost, allowed=hosts)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        fields = invalid_fields(exc.errors())
        message = describe(fields)
        if request.url.path.startswith("/api"):
            return JSONResponse(status_code=422, content={"message": message, "detail": fields})
        return pages.error_page(request, 422, message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = allowed_methods(request)
            message = f"{request.method} is not answered here; use {headers['Allow']}"
        elif exc.status_code == 400 and message == "There was an error parsing the body":
            message = "the request body could not be read: send UTF-8 JSON text (or, for the form, a web form)"
        elif exc.status_code == 413:
            message = (
                f"the request body is over the dashboard's limit of {max_body_bytes:,} bytes; "
                "send one article at a time (the limit is set with `whosaid serve --max-body-mb`)"
            )
        if request.url.path.startswith("/api"):
            content: dict[str, Any] = {"message": message}
            if exc.status_code == 422:
                content["detail"] = [{"loc": [], "msg": message, "type": "value_error"}]
            return JSONResponse(status_code=exc.status_code, content=content, headers=headers)
        return pages.error_page(request, exc.status_code, message, headers)

    return app
