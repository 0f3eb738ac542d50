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


def chosen_parser(parser: argparse.ArgumentParser, args: argparse.Namespace) -> argparse.ArgumentParser:
    """The parser of the command (and action, as in `speakers show`) that ``args`` chose."""
    for dest in ("command", "action"):
        chosen = getattr(args, dest, None)
        subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction) and a.dest == dest]
        if not chosen or not subparsers or chosen not in subparsers[0].choices:
            break
        parser = subparsers[0].choices[chosen]
    return parser


def unrecognized(parser: argparse.ArgumentParser, extra: list[str]) -> str:
    """The error for arguments ``parser`` does not take, with the option meant when one is a near miss."""
    import difflib

    message = f"unrecognized arguments: {' '.join(extra)}"
    options = [o for action in parser._actions for o in action.option_strings if o.startswith("--")]
    for word in extra:
        if word.startswith("--"):
            close = difflib.get_close_matches(word.split("=", 1)[0], options, n=1, cutoff=0.75)
            if close:
                return f"{message} (did you mean {close[0]}?)"
    return message


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        # Said by the command's own parser, so its usage, not the list of commands, comes with the error.
        chosen = chosen_parser(parser, args)
        chosen.error(unrecognized(chosen, extra))
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
    except OSError as exc:
        # A file the command could not read or write: name it in one line, as the commands' own checks do.
        if exc.filename is None:
            raise
        print(f"whosaid {args.command}: {exc.filename}: {exc.strerror or exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
