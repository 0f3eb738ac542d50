"""whosaid extract: a JSONL batch of articles in, one JSONL line of quotes per article out."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from ..progress import article_progress
from ._io import Record, add_engine_options, engine_from, read_jsonl

HELP = "read a JSONL batch of articles and write their quotes as JSONL"
EPILOG = """\
Each input line is an object with "id" and "text"; other fields (title, url,
outlet, date, ...) pass through to the output line, which adds "quotes" (see
the JSON Schema in docs/schema.md) and "people". A line that cannot be read is
reported on standard error and skipped; the batch goes on. An article may
hold up to 2,000,000 characters; a longer one is skipped with its length.

examples:
  whosaid extract articles.jsonl -o quotes.jsonl
  whosaid extract articles.jsonl -o quotes.jsonl --resume   # carry on after a stop
  whosaid evaluate gold.jsonl                               # measure against annotations
"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "extract", help=HELP, description=HELP, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("input", metavar="IN.jsonl", help="articles, one JSON object a line (- for standard input)")
    parser.add_argument("-o", "--output", metavar="OUT.jsonl", default="-", help="where to write (default: standard output)")
    parser.add_argument(
        "--resume", action="store_true", help="keep OUT.jsonl and skip the articles it already holds"
    )
    parser.add_argument("--batch-size", type=int, default=8, metavar="N", help="articles parsed together (default: 8)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
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


def run(args: argparse.Namespace) -> int:
    out_path = None if args.output == "-" else Path(args.output)
    skip = done_ids(out_path) if (out_path and args.resume) else set()
    bad: list[str] = []
    passthrough: dict[str, dict] = {}

    def articles(records: Iterator[Record]):
        for record in records:
            if record.error:
                bad.append(record.error)
                print(f"whosaid: skipped {record.error}", file=sys.stderr)
                continue
            if record.article.id in skip:
                continue
            passthrough[record.article.id] = record.fields
            yield record.article

    try:
        records = read_jsonl(args.input)
        total = None if args.input == "-" else sum(1 for _ in open(args.input, "rb"))
    except OSError as exc:
        print(f"whosaid: {args.input}: {exc.strerror or exc}", file=sys.stderr)
        return 1

    engine = engine_from(args)
    out = sys.stdout if out_path is None else open(out_path, "a" if args.resume else "w", encoding="utf-8")
    written = failed = 0
    try:
        with article_progress("extracting", total, enabled=not args.quiet) as advance:
            for result in engine.analyze_many(articles(records), batch_size=args.batch_size):
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
    finally:
        if out is not sys.stdout:
            out.close()
    skipped = len(bad) + failed
    summary = f"whosaid: {written} articles written"
    if skip:
        summary += f", {len(skip)} already done"
    if skipped:
        summary += f", {skipped} skipped (reasons above)"
    print(summary, file=sys.stderr)
    return 0

