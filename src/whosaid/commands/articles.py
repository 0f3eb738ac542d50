"""whosaid articles: remove articles from a store, with everything derived from them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ._io import DEFAULT_STORE, chosen_store, store_before

HELP = "remove articles from a store: their quotes, evidence and publications; speakers decided again"
EPILOG = """\
An article is named by its article id (the `article_id` of `whosaid export`,
the dashboard's article address) or by the id its input gave (`source_id`),
optionally with --outlet when several outlets used that id. Its quotes,
gender evidence, publications and pages go; the speakers it named are
linked and decided again from the articles left, and one no other article
names goes. The quote search index is rebuilt.

An updated text under the same id and outlet needs no removal: `whosaid
ingest` replaces the earlier text by itself (unless --keep-both).

examples:
  whosaid articles remove 3f2a9c1d0b7e6a54 --db news.duckdb
  whosaid articles remove ecw-2025-05-school --outlet "Exact Check Weekly" --db news.duckdb
"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "articles", help=HELP, description=HELP, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    remove = actions.add_parser(
        "remove", help="remove articles and what was derived from them", description=HELP,
        epilog=REMOVE_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    remove.add_argument("ids", nargs="+", metavar="ID", help="article ids or the ids the inputs gave")
    remove.add_argument("--outlet", metavar="NAME", help="only an input id this outlet gave")
    remove.add_argument("--db", metavar="FILE", help=f"the store (default: {DEFAULT_STORE}); or give it first")
    remove.set_defaults(store=None)
    parser.set_defaults(run=run, parser=parser)


REMOVE_EXAMPLES = """\
The store may come first, as in `whosaid stats STORE`, or as --db.

examples:
  whosaid articles remove news.duckdb 3f2a9c1d0b7e6a54
  whosaid articles remove ecw-2025-05-school --outlet "Exact Check Weekly" --db news.duckdb
"""


def matching_articles(connection, given: str, outlet: str | None) -> list[str]:
    """The stored articles ``given`` names: by article id, else by the id an input gave (of ``outlet``)."""
    if outlet is None and connection.execute("SELECT 1 FROM articles WHERE article_id = ?", [given]).fetchone():
        return [given]
    return [r[0] for r in connection.execute(
        """SELECT DISTINCT article_id FROM article_publications
           WHERE source_id = ? AND (? IS NULL OR outlet = ?) ORDER BY 1""", [given, outlet, outlet]).fetchall()]


def run(args: argparse.Namespace) -> int:
    import duckdb

    from ..store import NotAStore, Store
    from ..store.search import build_search_index, has_search_index

    if args.action != "remove":
        args.parser.print_help()
        return 2
    args.ids = store_before(args.ids, args)
    try:
        args.db = chosen_store(args)
    except ValueError as exc:
        print(f"whosaid articles: {exc}", file=sys.stderr)
        return 2
    if not Path(args.db).exists():
        print(f"whosaid articles: {args.db}: no such store (create one with `whosaid ingest`)", file=sys.stderr)
        return 1
    try:
        with Store(args.db) as store:
            found: dict[str, list[str]] = {given: matching_articles(store.connection, given, args.outlet) for given in args.ids}
            missing = [given for given, ids in found.items() if not ids]
            if missing:
                print(f"whosaid articles: no article {', '.join(map(repr, missing))} in {args.db}"
                      + (f" from {args.outlet}" if args.outlet else "") + "; nothing removed", file=sys.stderr)
                return 1
            ids = sorted({aid for ids in found.values() for aid in ids})
            quotes = store.connection.execute(
                "SELECT count(*) FROM quotes WHERE article_id IN (SELECT unnest(?))", [ids]).fetchone()[0]
            removed = store.remove_articles(ids)
            store.link_quotes()
            if has_search_index(store.connection):
                build_search_index(store.connection)
    except NotAStore as exc:
        print(f"whosaid articles: {exc}", file=sys.stderr)
        return 2
    except duckdb.Error as exc:
        print(f"whosaid articles: cannot use the store {args.db}: {exc}", file=sys.stderr)
        return 1
    print(f"Removed {removed} article{'s' if removed != 1 else ''} ({', '.join(ids)}) and {quotes} quote"
          f"{'s' if quotes != 1 else ''}; their speakers were decided again.", file=sys.stderr)
    return 0
