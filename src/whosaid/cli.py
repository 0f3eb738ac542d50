"""The ``whosaid`` command line.

Each subcommand lives in ``whosaid.commands.<name>`` and exposes
``register(subparsers)``, which adds its parser and sets ``run`` to a function
taking the parsed arguments and returning an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__

# In the order --help lists them: single articles, then corpora, then viewing.
COMMANDS = ("analyze", "extract", "evaluate", "ingest", "articles", "export", "stats", "speakers", "quotes", "spark", "serve")

DESCRIPTION = """\
Who said what, to whom: quotes, cues and resolved speakers from news articles.

Start with one article:
  whosaid analyze article.txt          a table of every quote and its speaker
  whosaid analyze article.txt --json   the full record

Then a batch or a corpus:
  whosaid extract in.jsonl -o out.jsonl     JSONL in, one line of quotes per article out
  whosaid ingest articles/ --db news.duckdb  text, JSON(L), HTML, WARC into a store
  whosaid speakers list news.duckdb          who is quoted, with gender and flags to check
  whosaid quotes list news.duckdb            quotes with their ids, to exclude or reassign one
  whosaid serve news.duckdb                  dashboard on http://127.0.0.1:8000
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="whosaid", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"whosaid {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"whosaid.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"whosaid.commands.{name}":
                raise
            continue
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    from .parse import ModelNotInstalled

    try:
        return int(args.run(args) or 0)
    except ModelNotInstalled as exc:
        print(f"whosaid: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
