"""whosaid analyze: one article, read in full."""

from __future__ import annotations

import argparse
import json
import sys

from ._io import BadInput, add_encoding_option, add_engine_options, engine_from, language_warning, read_text

HELP = "read one article (plain text or a saved web page) and show who said what"
EPILOG = """\
The article is plain text: the headline on the first line, a blank line, then
the body; or a saved web page (.html, .htm, .xhtml), whose main text and title
are read as `ingest` reads them, the page's menus and markup left out (--json
then also gives that "text", which the offsets index, and the "title",
"outlet", "date", "url" and "author" the page states). Its encoding is detected (UTF-8 with or without a byte-order mark,
UTF-16 with one, else Windows-1252) and named on standard error when it is not
plain UTF-8; --encoding forces one. Offsets in --json output index the decoded
text (after any byte-order mark). An empty file, or one with NUL bytes, is an
error; text that is not English gets a warning, since whosaid reads English only.
An article may hold up to 2,000,000 characters (a longer one is refused); long
ones are read in pieces, so memory stays under 1.5 GB.

examples:
  whosaid analyze article.txt
  whosaid analyze - < article.txt
  whosaid analyze article.txt --json | jq '.quotes[] | {speaker, text}'
"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "analyze", help=HELP, description=HELP, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("file", metavar="FILE", help="the article, or - for standard input")
    parser.add_argument("--json", action="store_true", help="print the full record as JSON")
    add_encoding_option(parser, "the file")
    add_engine_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..engine import InputError
    from ..headline import first_line, headline_end

    try:
        article = read_text(args.file, args.encoding)
    except BadInput as exc:
        print(f"whosaid: {exc}", file=sys.stderr)
        return 1
    where = "stdin" if args.file == "-" else args.file
    page = article.page
    if page is None and _looks_like_article_lines(article.text):
        # Read as one article, a batch would give "speakers" glued across its lines.
        print(f"whosaid: {where}: holds JSON lines of articles (its first line is an object with a \"text\"); "
              f"analyze reads one plain-text article or web page: use `whosaid extract {where}` for each "
              f"article's quotes, or `whosaid ingest {where}` for a store", file=sys.stderr)
        return 1
    if page is not None:
        print(f"whosaid: {where}: a web page; read its main text ({len(page.text):,} characters)"
              + (f", headline {page.title!r}" if page.title else ""), file=sys.stderr)
    elif article.encoding != "utf-8":
        print(f"whosaid: {where}: read as {article.encoding}", file=sys.stderr)
    if warning := language_warning(article.text, where):
        print(f"whosaid: {warning}", file=sys.stderr)
    try:
        result = engine_from(args).analyze(
            article.text, article.id, author=page.author if page else None,
            # A plain-text article's first line is its headline, as `ingest` reads a .txt file.
            headline_end=page.headline_end if page else headline_end(article.text, first_line(article.text)),
        )
    except InputError as exc:
        print(f"whosaid: {exc}", file=sys.stderr)
        return 1
    if args.json:
        record = result.to_json()
        if page is not None:
            # The offsets index the text read from the page, so it goes with them.
            record.update(text=page.text, **{key: value for key, value in (
                ("title", page.title), ("outlet", page.outlet), ("date", page.date), ("url", page.url),
                ("author", page.author)) if value})
        json.dump(record, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    show_table(result)
    return 0


def _looks_like_article_lines(text: str) -> bool:
    """Whether the first non-blank line is a JSON object with a "text" field: an
    `extract`/`ingest` batch, not an article."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    if not first.lstrip().startswith("{"):
        return False
    try:
        record = json.loads(first)
    except ValueError:
        return False
    return isinstance(record, dict) and isinstance(record.get("text"), str)


def _shorten(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def show_table(result) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console()
    if not result.quotes:
        console.print("No quotes found.")
        return
    count = len(result.quotes)
    table = Table(title=f"{count} quote{'s' if count != 1 else ''}", show_lines=False)
    for column in ("speaker", "kind", "act", "cue", "quote"):
        table.add_column(column, overflow="fold")
    for quote in result.quotes:
        # Article text is shown as written: "[redacted]" in a quote is not a style.
        speaker = escape(quote.speaker or f"({quote.speaker_description or quote.source_text or quote.speaker_kind})")
        if quote.gender != "unknown":
            speaker += f" [dim]{quote.gender}[/dim]"
        table.add_row(speaker, quote.kind, quote.act, escape(quote.cue_text or "—"), escape(_shorten(quote.text)))
    console.print(table)
    for label, quoted in (("Quoted", True), ("Also mentioned", False)):
        people = [s for s in result.speakers if s.quoted == quoted and s.kind == "person"]
        if people:
            console.print(f"{label}: " + "; ".join(escape(_describe(p)) for p in people))


def _describe(person) -> str:
    details = [d for d in (person.role, None if person.gender == "unknown" else person.gender) if d]
    return person.name + (f" ({', '.join(details)})" if details else "")
