"""``whosaid serve``: the dashboard and JSON API over a store."""

from __future__ import annotations

import argparse
import ipaddress
import socket
import sys

DEFAULT_MAX_BODY_MB = 5
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
  whosaid ingest articles/ --db news.duckdb && whosaid serve news.duckdb
  whosaid serve --db news.duckdb --port 8080     the store as --db works too
  whosaid serve --db news.duckdb --read-only     leave the store untouched
  whosaid serve --db news.duckdb --host 0.0.0.0 --allow-host newsroom-pc.local
                                                 let colleagues reach it as
                                                 http://newsroom-pc.local:8000/

security:
  The dashboard has no login: it listens on 127.0.0.1 (this machine only)
  unless you pass --host. It answers only requests addressed to localhost,
  127.0.0.1, [::1], the --host address and each --allow-host name; any other
  Host gets 400, so a web page whose domain is made to point at this machine
  (DNS rebinding) cannot read the store or add to it. The analyse form takes
  posts only from the dashboard's own pages. Request bodies over --max-body-mb
  get 413. Every CSV download puts a ' before text a spreadsheet would run as
  a formula (=, +, -, @).

While it runs it holds the store open, so run `whosaid ingest` on the same
file before or after it, not during. Several dashboards can share one file
when each is started with --read-only.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="dashboard and JSON API over a store",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from ..pipelines import add_pipeline_option

    add_pipeline_option(parser)
    from ._io import add_store_argument

    add_store_argument(parser)
    parser.add_argument("--host", default="127.0.0.1", type=_listen_host,
                        help="address to listen on (default: %(default)s, this machine only)")
    parser.add_argument("--port", type=_port, default=8000, help="port to listen on (default: %(default)s)")
    parser.add_argument("--allow-host", action="append", default=[], type=_allowed_host, metavar="NAME",
                        help="also answer requests addressed to NAME, the name or address browsers use to reach "
                             "the dashboard (a machine name, a reverse proxy's domain); repeatable; "
                             "'*' answers any name and turns the DNS-rebinding defence off")
    parser.add_argument("--max-body-mb", type=_megabytes, default=DEFAULT_MAX_BODY_MB, metavar="MB",
                        help="largest request body accepted, in megabytes (default: %(default)s; "
                             "a pasted or uploaded article is well under 1)")
    parser.add_argument("--read-only", action="store_true",
                        help="open the store read-only: analysed articles are shown but never stored")
    parser.add_argument("--cache-mb", type=_cache_megabytes, default=DEFAULT_CACHE_MB, metavar="MB",
                        help="memory for answers, pages and downloads already given, least recently used dropped first "
                             "(default: %(default)s; 0 asks the store every time)")
    parser.set_defaults(run=run)


def _cache_megabytes(value: str) -> int:
    try:
        megabytes = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of megabytes") from None
    if megabytes < 0:
        raise argparse.ArgumentTypeError("the cache cannot be smaller than 0 MB")
    return megabytes


def _allowed_host(value: str) -> str:
    from ..serve.guards import host_name

    try:
        return host_name(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _listen_host(value: str) -> str:
    if value.strip() == "*":
        raise argparse.ArgumentTypeError("'*' is not an address to listen on; 0.0.0.0 listens on every IPv4 address")
    _allowed_host(value)
    return value.strip().removeprefix("[").removesuffix("]")


def _megabytes(value: str) -> float:
    try:
        megabytes = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of megabytes") from None
    if not 0 < megabytes <= 1024:
        raise argparse.ArgumentTypeError(f"{value} MB: give more than 0 and at most 1024")
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


def _is_unspecified(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_unspecified
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

    from ..pipelines import chosen_pipeline
    from ..serve import StoreError, create_app
    from ._io import chosen_store

    try:
        store = chosen_store(args)
    except ValueError as exc:
        print(f"whosaid serve: {exc}", file=sys.stderr)
        return 2
    try:
        app = create_app(
            store, read_only=args.read_only, allowed_hosts=[args.host, *args.allow_host],
            max_body_bytes=int(args.max_body_mb * 1_000_000), cache_bytes=args.cache_mb * 1024 * 1024,
            pipeline=chosen_pipeline(args),
        )
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
    if _is_unspecified(args.host) and not args.allow_host:
        print(
            f"whosaid serve: note: requests must be addressed to localhost or {args.host}; to let others use "
            "this machine's name or address, add --allow-host NAME for each",
            file=sys.stderr,
        )
    shown_host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"whosaid dashboard on http://{shown_host}:{args.port}/  (API docs: /docs; Ctrl-C to stop)", file=sys.stderr)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    server.run(sockets=[sock])
    return 0
