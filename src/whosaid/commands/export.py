"""whosaid export: the tables of a store as Parquet, CSV or JSONL files."""

from __future__ import annotations

import argparse
import re
import sys

HELP = "write a store's quotes, speakers and articles as Parquet, CSV or JSONL"
EPILOG = """\
files written to DIR, one per table:
  quotes             one row per quote: article_id, offsets, text, kind, cue, source
                     mention, the corpus speaker (speaker_id, speaker,
                     speaker_gender), the article's own speaker_name / speaker_kind /
                     gender, addressee, medium, confidence, role, act (speech |
                     thought | other), and for an unnamed source the
                     speaker_description its mention stands for
  speakers           one row per speaker across the corpus, with aliases, gender,
                     how it was decided and what the articles say ("female in 41
                     articles, male in 1"), role, and how often they are quoted:
                     n_quotes of every act, and n_speech, n_thought, n_other
                     (n_speech is what `whosaid speakers list` counts by default)
  speaker_articles   one row per speaker per article: the article's gender verdict
                     and the vote it cast
  gender_evidence    every piece of gender evidence: speaker, article, paragraph,
                     kind, strength, label, text
  articles           id, url, outlet, title, date, author, text, number of quotes
  article_publications  every (outlet, date, url) that published an article's
                     text (syndicated and wire copies), with where it was read
  quote_occurrences  the same quote across articles and outlets (also trimmed,
                     extended or reworded), with the first article, outlet and
                     date it appeared in and every outlet that carried it; one
                     row per quote of four words or more (shorter ones are too
                     common to link)
  rejects            inputs that could not be read, with the reason

In CSV, list columns (offsets, aliases, evidence) are JSON text, and text that
a spreadsheet would run as a formula (starting with = + - @, tab or carriage
return, as in a title "=HYPERLINK(...)") gets a ' in front, so it opens as the
text it is. Numbers are never changed. The columns are the ones `whosaid spark`
writes, and are described in docs/corpus.md.

examples:
  whosaid export news.duckdb --format parquet -o out/
  whosaid export news.duckdb --format csv -o out/ --tables quotes speakers
  whosaid export news.duckdb --rejects          # what could not be read, and why
  whosaid export --db news.duckdb -o out/       # the store as --db, as scripts name it
"""


def natural_key(path: str) -> tuple:
    """Sorts "file.jsonl:2" before "file.jsonl:10": line and record numbers compare as numbers."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path))


def register(sub: argparse._SubParsersAction) -> None:
    from ..store.export import DEFAULT_TABLES, FORMATS

    from ._io import add_store_argument

    parser = sub.add_parser(
        "export", help=HELP, description=HELP, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_store_argument(parser, "the store to read")
    parser.add_argument("--format", choices=tuple(FORMATS), default="parquet", help="file format (default: parquet)")
    parser.add_argument("-o", "--output", metavar="DIR", help="folder to write into (created if missing)")
    # Table names are checked in ``run``, not by argparse: ``--tables quotes news.duckdb`` takes the store as
    # the last value, and the store it names must still be found.
    parser.add_argument(
        "--tables", nargs="+", default=list(DEFAULT_TABLES), metavar="TABLE",
        help=f"which tables (default: all of {', '.join(DEFAULT_TABLES)})",
    )
    parser.add_argument("--rejects", action="store_true", help="print the rejected inputs and their reasons, and nothing else")
    parser.set_defaults(run=run)


def tables_and_store(values: list[str], store: str | None, db: str | None) -> tuple[list[str], str | None]:
    """The tables ``--tables`` names and the positional store; a last value that is no table is the store when
    neither STORE nor --db gave one (``--tables`` takes every word after it). ``ValueError`` names a value
    that is no table."""
    from ..store.export import TABLES

    if store is None and db is None and len(values) > 1 and values[-1] not in TABLES:
        values, store = values[:-1], values[-1]
    unknown = [value for value in values if value not in TABLES]
    if unknown:
        raise ValueError(f"no table {unknown[0]!r}; the tables are {', '.join(TABLES)}")
    return values, store


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    import duckdb

    from ..store import NotAStore, open_current
    from ..store.export import export
    from ._io import chosen_store

    try:
        args.tables, args.store = tables_and_store(args.tables, args.store, args.db)
        args.db = chosen_store(args)
    except ValueError as exc:
        print(f"whosaid export: {exc}", file=sys.stderr)
        return 2
    if not Path(args.db).exists():
        print(f"whosaid export: {args.db}: no such store (create one with `whosaid ingest PATH --db {args.db}`)", file=sys.stderr)
        return 1
    try:
        con = open_current(args.db).connection
    except NotAStore as exc:
        print(f"whosaid export: {exc}", file=sys.stderr)
        return 2
    except duckdb.Error as exc:
        print(f"whosaid export: cannot open {args.db}: {exc}", file=sys.stderr)
        return 1
    try:
        if args.rejects:
            rows = sorted(con.execute("SELECT path, reason FROM rejects").fetchall(), key=lambda row: natural_key(row[0]))
            for path, reason in rows:
                print(f"{path}\t{reason}")
            print(f"{len(rows):,} rejected input{'s' if len(rows) != 1 else ''}", file=sys.stderr)
            return 0
        if not args.output:
            print("whosaid export: say where to write with -o DIR (or use --rejects)", file=sys.stderr)
            return 2
        if Path(args.output).exists() and not Path(args.output).is_dir():
            print(f"whosaid export: {args.output} is a file: export writes one file a table into a folder; "
                  "give -o a folder (created if missing)", file=sys.stderr)
            return 2
        try:
            export(con, args.output, args.format, args.tables,
                   on_written=lambda table, path, rows: print(
                       f"{table:20} {rows:>12,} row{'s' if rows != 1 else ' '}  {path}", file=sys.stderr))
        except OSError as exc:
            print(f"whosaid export: cannot write {exc.filename or args.output}: {exc.strerror or exc}; "
                  "give -o a folder you can write to", file=sys.stderr)
            return 1
    finally:
        con.close()
    return 0
