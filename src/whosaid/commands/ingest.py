"""whosaid ingest: many articles from text, JSON(L), HTML and WARC files into a corpus store."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HELP = "read text, JSON(L), HTML and WARC files into a DuckDB store, on every core"
EPILOG = """\
inputs:
  .txt              one article: the headline line, a blank line, then the body;
                    UTF-8 (with or without a byte-order mark), UTF-16 with its
                    mark, or Windows-1252/Latin-1 are recognised (--encoding
                    forces one); offsets index the decoded text
  .json / .jsonl    objects with "text" and optional "id", "title", "url",
                    "outlet" (or "publisher"), "date", "author"; .gz allowed;
                    a "text" holding HTML tags (<p>, <br>) is warned of: the
                    tags are read as words
  .html             a web page: main text, title, date, author and site are
                    extracted with trafilatura; the outlet is the site name the
                    page declares, else the site part of its <title>, else the
                    host of its address; the date only one the page states
  .warc / .warc.gz  a web crawl: every successful HTML response is a page; a
                    file cut short is a reject (its whole records are read)
  folders are read recursively, globs ('news/**/*.html') are expanded, and -
  reads standard input (its format is guessed from the first bytes)

what happens:
  Each article gets a stable id from a hash of its text, so an article already
  in the store is skipped before it is parsed: run the same command again after
  a crash or Ctrl-C and it carries on, with no duplicates. Articles are
  committed in whole batches; a killed run never leaves half an article.
  A file, line, record or page that cannot be read is recorded with its reason
  and the run goes on; list them with `whosaid export --db FILE --rejects`.
  An article may hold up to 2,000,000 characters; a longer one is rejected.
  Rejected too: empty files, files with NUL bytes, pages with no article text
  (navigation only), and text that is not English (whosaid reads English only).

  The same text under another outlet, date or address (wire copy, trailing
  blank lines) is stored once; every (outlet, date, url) that published it is
  kept in article_publications and counts in figures by outlet. Outlet names
  are unified ("breitbart", "breitbart.com" -> "Breitbart News") by a shipped
  mapping that --outlets FILE extends:

    name,aliases
    Riverside Gazette,rg;riverside-gazette.example

  Updates: a text under an id and outlet a stored article has is an updated
  version: it replaces the stored text (its quotes, evidence and counts;
  speakers are decided again) and the summary says so; reading the earlier
  text again later is skipped. --keep-both keeps both texts instead. Two
  texts under one id and outlet in the same run are a reject (neither is
  known to be newer), as `whosaid extract` skips the second. Remove an
  article with `whosaid articles remove ID`.

  Speakers are linked across articles: "Solveig" in one article and "Martin
  Solveig" in another become one speaker; two different full names never
  merge. A registry file (--speakers) of canonical names and aliases wins:

    name,aliases,kind,gender
    Alexandria Ocasio-Cortez,AOC;Ocasio-Cortez,person,female

exit status: 0 all read, 3 some inputs rejected, 1 the run could not go on.

examples:
  whosaid ingest articles/ --db news.duckdb
  whosaid ingest 'crawl/*.warc.gz' --db news.duckdb --workers 8
  cat feed.jsonl | whosaid ingest - --db news.duckdb
  whosaid export --db news.duckdb --format parquet -o out/
"""


def register(sub: argparse._SubParsersAction) -> None:
    from ..pipelines import add_pipeline_option
    from ._io import FILE_DETECTION, add_encoding_option

    parser = sub.add_parser(
        "ingest", help=HELP, description=HELP, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, globs, or - for standard input")
    parser.add_argument("--db", default="whosaid.duckdb", metavar="FILE", help="the store to add to (default: whosaid.duckdb; created if missing)")
    parser.add_argument("--workers", type=int, metavar="N", help="worker processes, each with its own parser (default: every core); each loads the "
             "pipeline first (seconds), so for a few dozen articles --workers 1 is often faster")
    parser.add_argument("--speakers", metavar="FILE", help="speaker registry, CSV or YAML: canonical names, aliases, kind, gender (created empty if missing)")
    parser.add_argument("--outlets", metavar="FILE", help="outlet names and aliases, CSV or YAML, added to the shipped mapping")
    add_encoding_option(parser, "text, JSON and HTML files", f"{FILE_DETECTION} (in JSONL, line by line)")
    parser.add_argument("--batch-size", type=int, default=8, metavar="N", help="articles a worker analyses at a time (default: 8)")
    add_pipeline_option(parser)
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument(
        "--log-every", type=float, metavar="SECONDS",
        help="when standard error is not a terminal, print a status line this often (default: 30)",
    )
    parser.add_argument(
        "--keep-both", action="store_true",
        help="an article whose outlet and id a stored article has, with another text, is kept beside it "
             "(default: it is an update and replaces the stored text)",
    )
    parser.add_argument("--json", action="store_true", help="print the run summary as JSON on standard output")
    parser.set_defaults(run=run)


def start_registry(path: Path) -> str | None:
    """Create an empty registry at ``path`` when there is none yet, saying so, as `whosaid speakers` creates
    one on its first change; why it cannot be made, else None."""
    from ..store.registry import RegistryError, save_registry

    if path.exists():
        return None
    try:
        save_registry(path, [])
    except RegistryError as exc:
        return str(exc)
    except OSError as exc:
        return f"cannot create the speaker registry {path}: {exc.strerror or exc}"
    print(f"whosaid ingest: {path} did not exist: created it empty; `whosaid speakers merge|split|relabel "
          f"--speakers {path}` keep their changes in it", file=sys.stderr)
    return None


def run(args: argparse.Namespace) -> int:
    from ..ingest import IngestError, ingest
    from ..ingest.outlets import OutletFileError
    from ..pipelines import chosen_pipeline
    from ..store import NotAStore
    from ..store.registry import RegistryError

    if args.workers is not None and args.workers < 1:
        print("whosaid ingest: --workers must be at least 1", file=sys.stderr)
        return 2
    if args.batch_size < 1:
        print("whosaid ingest: --batch-size must be at least 1", file=sys.stderr)
        return 2
    if args.speakers and (problem := start_registry(Path(args.speakers))):
        print(f"whosaid ingest: {problem}", file=sys.stderr)
        return 1
    try:
        summary = ingest(
            args.paths, db=args.db, workers=args.workers, progress=not args.quiet,
            speakers=args.speakers, batch_size=args.batch_size, pipeline=chosen_pipeline(args),
            log_every=None if args.quiet else (30.0 if args.log_every is None else args.log_every),
            outlets=args.outlets, encoding=args.encoding, keep_both=args.keep_both,
        )
    except NotAStore as exc:
        print(f"whosaid ingest: {exc}", file=sys.stderr)
        return 2
    except (IngestError, RegistryError, OutletFileError) as exc:
        print(f"whosaid ingest: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        # DuckDB refuses a store another process is writing; say so plainly.
        if type(exc).__module__.startswith(("duckdb", "_duckdb")):
            print(f"whosaid ingest: cannot use the store {args.db}: {exc}", file=sys.stderr)
            return 1
        raise
    print(summary.report(), file=sys.stderr)
    if args.json:
        print(json.dumps(summary.to_json()))
    if summary.interrupted:
        return 130
    return 3 if summary.rejected else 0
