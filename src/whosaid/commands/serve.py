"""``whosaid serve``: the dashboard and JSON API over a store."""

from __future__ import annotations

import argparse
import ipaddress
import socket
import sys

DEFAULT_CACHE_MB = 64  # whosaid.serve.database.DEFAULT_CACHE_BYTES; not imported, so --help stays fast

DESCRIPTION = """\
Start the dashboard on your own machine and open it in a browser.

Pages: Overview (who gets a voice, share of quotes by gender), Trends (by
month and by outlet), Top voices, Search, every Article with its quotes
highlighted, a page per Speaker, and a form to analyse one article on the spot.
Everything is also JSON under /api; the API is described at /docs.
"""

EPILOG = """\
examples:
  whosaid ingest articles/ --db news.duckdb && whosaid serve --db news.duckdb
  whosaid serve --db news.duckdb --port 8080
  whosaid serve --db news.duckdb --read-only     leave the store untouched

The dashboard has no login: it listens on 127.0.0.1 (this machine only) unless
you pass --host. While it runs it holds the store open, so run `whosaid ingest`
on the same file before or after it, not during. Several dashboards can share
one file when each is started with --read-only.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="dashboard and JSON API over a store",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", default="whosaid.duckdb", metavar="FILE",
                        help="the store made by `whosaid ingest` (default: %(default)s)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default: %(default)s, this machine only)")
    parser.add_argument("--port", type=_port, default=8000, help="port to listen on (default: %(default)s)")
    parser.add_argument("--read-only", action="store_true",
                        help="open the store read-only: analysed articles are shown but never stored")
    parser.add_argument("--cache-mb", type=_megabytes, default=DEFAULT_CACHE_MB, metavar="MB",
                        help="memory for answers already given, least recently used dropped first "
                             "(default: %(default)s; 0 asks the store every time)")
    parser.set_defaults(run=run)


def _megabytes(value: str) -> int:
    try:
        megabytes = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of megabytes") from None
    if megabytes < 0:
        raise argparse.ArgumentTypeError("the cache cannot be smaller than 0 MB")
    return megabytes


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port {port} is outside 1–65535")
    return port


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _listen(host: str, port: int) -> socket.socket:
    """Bind before announcing the address, so a taken port is reported plainly."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.listen(2048)
    return sock


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from ..serve import StoreError, create_app

    try:
        app = create_app(args.db, read_only=args.read_only, cache_bytes=args.cache_mb * 1024 * 1024)
    except StoreError as exc:
        print(f"whosaid serve: {exc}", file=sys.stderr)
        return 2
    try:
        sock = _listen(args.host, args.port)
    except OSError as exc:
        hint = f"; is another dashboard running? try --port {args.port + 1}" if exc.errno == 98 else ""
        print(f"whosaid serve: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}{hint}", file=sys.stderr)
        return 1
    if not _is_loopback(args.host):
        print(
            f"whosaid serve: warning: listening on {args.host}; the dashboard has no login, "
            "so anyone who can reach this address can read the store",
            file=sys.stderr,
        )
    shown_host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"whosaid dashboard on http://{shown_host}:{args.port}/  (API docs: /docs; Ctrl-C to stop)", file=sys.stderr)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    server.run(sockets=[sock])
    return 0
