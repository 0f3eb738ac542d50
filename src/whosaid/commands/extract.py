"""whosaid extract: a JSONL batch of articles in, one JSONL line of quotes per article out."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from ..progress import article_progress
from ._io import (
    LINE_DETECTION,
    Record,
    add_encoding_option,
    add_engine_options,
    engine_from,
    language_warning,
    read_jsonl,
)

HELP = "read a JSONL batch of articles and write their quotes as JSONL"
EPILOG = """\
Each input line is an object with "id" and "text"; other fields (title, url,
outlet, date, ...) pass through to the output line, which adds "quotes" (see
the JSON Schema in docs/schema.md) and "people". A line that cannot be read is
reported on standard error and skipped; the batch goes on. Ids must be
unique: a line whose id an earlier line has is skipped and named. A file whose
name ends in .gz (feed.jsonl.gz) is unpacked as it is read. An article
may hold up to 2,000,000 characters; a longer one is skipped with its length.
A byte-order mark (UTF-8, UTF-16, UTF-32) decodes the whole file; otherwise
each line is read as UTF-8 when it is valid UTF-8, else as Windows-1252
(Latin-1 for the bytes it leaves undefined), and an encoding other than UTF-8
is named on standard error; --encoding forces one for every line. An article that is not English
gets a warning on standard error: whosaid reads English only.

A web page or a plain-text article given instead (told by its name, .html or
.txt, or by its first character, "<") is refused with one message that names
the command that reads it.

The output is always JSON lines. An output named as another format
(.csv, .tsv, .parquet, .pq, .xlsx, .xls) is refused before anything is read or
written: for a table of quotes, store the batch and export it
(`whosaid ingest IN.jsonl --db news.duckdb`, then
`whosaid export news.duckdb --format csv -o DIR`, or --format parquet).

exit status: 0 every article written, 3 some lines skipped (reasons on
standard error), 1 the input could not be read or is not JSONL, 2 the output
is named as a format extract does not write.

examples:
  whosaid extract articles.jsonl -o quotes.jsonl
  whosaid extract articles.jsonl -o quotes.jsonl --resume   # carry on after a stop
  whosaid evaluate gold.jsonl                               # measure against annotations
"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "extract", help=HELP, description=HELP, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "input", metavar="IN.jsonl",
        help="articles, one JSON object a line (- for standard input); a name ending in .gz is read gzipped",
    )
    parser.add_argument(
        "-o", "--output", metavar="OUT.jsonl", default="-",
        help="where to write JSON lines (default: standard output); a .csv or .parquet name is refused: see below",
    )
    parser.add_argument(
        "--resume", action="store_true", help="keep OUT.jsonl and skip the articles it already holds"
    )
    parser.add_argument("--batch-size", type=int, default=8, metavar="N", help="articles parsed together (default: 8)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    add_encoding_option(parser, "the input", LINE_DETECTION)
    add_engine_options(parser)
    parser.set_defaults(run=run)


def done_ids(path: Path) -> set[str]:
    """Ids already written; a last line cut short by a crash is dropped so it is redone."""
    ids: set[str] = set()
    if not path.exists():
        return ids
    good_bytes = 0
    with open(path, "rb") as handle:
        for raw in handle:
            try:
                ids.add(json.loads(raw)["id"])
                good_bytes += len(raw)
            except (ValueError, KeyError, TypeError):
                break
    with open(path, "r+b") as handle:
        handle.truncate(good_bytes)
    return ids


SNIFF_BYTES = 4096
INSTEAD = ("extract reads JSONL, one {\"id\", \"text\"} object a line; for one article use `whosaid analyze FILE`, "
           "for many files `whosaid ingest PATH --db FILE`")


def not_a_batch(path: str) -> str | None:
    """Why ``path`` is not a JSONL batch, when its name or first bytes say it is a web page or a plain-text
    article; None when it may be one. Said once, rather than once per line the JSON reader cannot read."""
    from ..ingest.readers import HTML_SUFFIXES, TEXT_SUFFIXES, open_file

    if path == "-":
        head = sys.stdin.buffer.peek(SNIFF_BYTES)[:SNIFF_BYTES]
    else:
        with open_file(path) as handle:
            try:
                head = handle.read(SNIFF_BYTES)
            except EOFError:  # a gzipped file cut short within its first bytes: read_jsonl names the cut
                head = b""
    first = head.removeprefix(b"\xef\xbb\xbf").lstrip()[:1]
    if first == b"{":  # a JSON object opens every line of a batch, whatever the file is called
        return None
    suffix = Path(path.removesuffix(".gz")).suffix.lower()
    if first == b"<" or suffix in HTML_SUFFIXES:
        return "a web page (HTML), not JSON lines"
    if suffix in TEXT_SUFFIXES:
        return "a plain-text article, not JSON lines"
    return None


# Names a reader would open as a table; writing JSON lines under them gives a file their readers reject.
TABLE_SUFFIXES = (".csv", ".tsv", ".parquet", ".pq", ".xlsx", ".xls")


def not_jsonl_output(path: str) -> str | None:
    """Why extract will not write to ``path``: its name says a table format, which extract does not write."""
    suffix = Path(path).suffix.lower()
    if path == "-" or suffix not in TABLE_SUFFIXES:
        return None
    return (f"{path}: extract writes JSON lines, not {suffix[1:].upper()}; name the output .jsonl, or store the "
            "batch and export its quotes table: `whosaid ingest IN.jsonl --db news.duckdb`, then "
            "`whosaid export news.duckdb --format csv -o DIR` (or --format parquet)")


def unwritable_output(path: Path) -> str | None:
    """Why extract cannot write to ``path``, after creating its missing folders; None when it can."""
    if path.is_dir():
        return f"{path} is a folder: give -o a file name, such as {path / 'quotes.jsonl'}"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"cannot create the folder {path.parent}: {exc.strerror or exc}; give -o a file in a folder you can write to"
    if not os.access(path if path.exists() else path.parent, os.W_OK):
        return f"cannot write {path}: permission denied; give -o a file in a folder you can write to"
    return None


def count_lines(path: str) -> int:
    """Lines that hold something: what the progress bar counts to (up to the cut of a gzipped file cut short)."""
    from ..ingest.readers import open_file

    count = 0
    with open_file(path) as handle:
        try:
            for line in handle:
                count += bool(line.strip())
        except EOFError:
            pass
    return count


def stopped_message(written: int, resumed: int, out_path: Path | None) -> str:
    """What a stopped run kept, and how to carry on from there."""
    message = f"whosaid: stopped: {written} article{'' if written == 1 else 's'} written"
    if resumed:
        message += f", {resumed} already done"
    if out_path is None:
        return message + " to standard output (write to a file with -o to be able to carry on with --resume)"
    return (f"{message} to {out_path}. Run the same command with --resume to carry on: "
            "the articles written are kept and skipped.")


def run(args: argparse.Namespace) -> int:
    if problem := not_jsonl_output(args.output):
        # Before --resume reads the file: resuming would cut a real CSV or Parquet file down to nothing.
        print(f"whosaid: {problem}", file=sys.stderr)
        return 2
    out_path = None if args.output == "-" else Path(args.output)
    if out_path is not None and (problem := unwritable_output(out_path)):
        # Said before the models load, so a mistyped -o costs nothing.
        print(f"whosaid: {problem}", file=sys.stderr)
        return 1
    skip = done_ids(out_path) if (out_path and args.resume) else set()
    from ..ingest.encoding import EMPTY
    from ..ingest.markup import markup_warning

    try:
        total = None if args.input == "-" else count_lines(args.input)
        if total == 0:
            # Named as ingest and analyze name an empty file, not read as a batch of no articles.
            print(f"whosaid: {args.input}: {EMPTY}", file=sys.stderr)
            return 1
        if args.encoding is None and (what := not_a_batch(args.input)):
            print(f"whosaid: {'stdin' if args.input == '-' else args.input} is {what}: {INSTEAD}", file=sys.stderr)
            return 1
        records = read_jsonl(args.input, args.encoding)
    except OSError as exc:
        print(f"whosaid: {args.input}: {exc.strerror or exc}", file=sys.stderr)
        return 1

    engine = engine_from(args)
    out = sys.stdout if out_path is None else open(out_path, "a" if args.resume else "w", encoding="utf-8")
    bad = failed = written = resumed = not_json = 0
    first_seen: dict[str, str] = {}
    passthrough: dict[str, dict] = {}
    named: set[str] = set()  # encodings other than UTF-8 already reported

    def articles(records: Iterator[Record], advance):
        nonlocal bad, resumed, not_json
        for record in records:
            if record.error:
                bad += 1
                not_json += ": not JSON (" in record.error
                print(f"whosaid: skipped {record.error}", file=sys.stderr)
                advance()
                continue
            article_id = record.article.id
            if article_id in first_seen:
                bad += 1
                print(
                    f"whosaid: skipped {record.where}: id {article_id!r} is already used on "
                    f"{first_seen[article_id]} (ids must be unique)",
                    file=sys.stderr,
                )
                advance()
                continue
            first_seen[article_id] = record.where
            if article_id in skip:
                resumed += 1
                advance()
                continue
            encoding = record.article.extra.get("encoding", "utf-8")
            if encoding != "utf-8" and encoding not in named:
                named.add(encoding)
                print(f"whosaid: {args.input}: read as {encoding}", file=sys.stderr)
            if warning := language_warning(record.article.text, f"article {article_id!r}"):
                print(f"whosaid: {warning}", file=sys.stderr)
            if warning := markup_warning(record.article.text, f"article {article_id!r}"):
                print(f"whosaid: {warning}", file=sys.stderr)
            passthrough[article_id] = record.fields
            yield record.article

    try:
        with article_progress("extracting", total, enabled=not args.quiet) as advance:
            for result in engine.analyze_many(articles(records, advance), batch_size=args.batch_size):
                fields = passthrough.pop(result.id, {"id": result.id})
                if result.error:
                    failed += 1
                    print(f"whosaid: skipped {result.error}", file=sys.stderr)
                    advance()
                    continue
                line = {**fields, **result.to_json()}
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
                out.flush()  # a crash loses at most the article being read
                written += 1
                advance()
    except KeyboardInterrupt:
        print(stopped_message(written, resumed, out_path), file=sys.stderr)
        return 130
    finally:
        if out is not sys.stdout:
            out.close()
    skipped = bad + failed
    summary = f"whosaid: {written} article{'' if written == 1 else 's'} written"
    if resumed:
        summary += f", {resumed} already done"
    if skipped:
        summary += f", {skipped} skipped (reasons above)"
    print(summary, file=sys.stderr)
    if not written and not resumed and not_json and not_json == bad:
        # Most likely a plain-text article or a folder's file given to the JSONL command.
        print(f"whosaid: {args.input} holds no JSON line: {INSTEAD}", file=sys.stderr)
    return 3 if skipped else 0
