"""The dashboard application: HTML pages, the JSON API, and local static assets."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from . import api, pages
from .database import DEFAULT_CACHE_BYTES, Analyzer, Database
from .page_cache import PageCache

HERE = Path(__file__).parent

DESCRIPTION = """\
Who gets a voice in the news: quotes, speakers and the share of quotes by gender,
read from a whosaid store (`whosaid ingest`). Every dashboard page has a JSON
twin under `/api`. All lists take `limit` (1–200) and `offset`; dates are
`YYYY-MM-DD`. Bad parameters get a 422 with a `message`.
"""


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


def _describe(errors: list[dict[str, Any]]) -> str:
    parts = []
    for error in errors:
        loc = tuple(error.get("loc", ()))
        where = ".".join(str(p) for p in loc if p not in ("query", "path", "body"))
        if not where and loc[:1] == ("body",):
            where = "request body (a JSON object, sent as application/json)"
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", "invalid"))
    return "; ".join(parts) or "invalid request"


def create_app(
    db: str | Path | Database,
    *,
    read_only: bool = False,
    engine_factory: Callable[[], Any] | None = None,
    cache_bytes: int = DEFAULT_CACHE_BYTES,
) -> FastAPI:
    """The dashboard app over the store ``db`` (a path, or an open ``Database``).

    ``engine_factory`` builds the analysis engine on first use (default
    ``whosaid.Engine()``); tests pass one sharing their pipeline.
    At most ``cache_bytes`` of answers are kept in memory (0: ask the store every time).
    """
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
    app.state.db = database
    app.state.analyzer = Analyzer(engine_factory)
    app.add_middleware(PageCache, database=database)
    app.add_middleware(DropEmptyQueryParams)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        message = _describe(exc.errors())
        if request.url.path.startswith("/api"):
            return JSONResponse(
                status_code=422, content={"message": message, "detail": jsonable_encoder(exc.errors())}
            )
        return pages.error_page(request, 422, message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if request.url.path.startswith("/api"):
            return JSONResponse(
                status_code=exc.status_code, content={"message": message, "detail": exc.detail},
                headers=getattr(exc, "headers", None),
            )
        return pages.error_page(request, exc.status_code, message)

    return app
