"""whosaid quotes: list a store's quotes with their ids, and correct single quotes."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from datetime import datetime, timezone
from pathlib import Path

from ._io import DEFAULT_STORE, add_store_argument, chosen_store
from .stats import ACT_CHOICES

HELP = "list a store's quotes with their ids; exclude a line that is no quote, give a quote to another speaker, or undo that"
EPILOG = """\
actions:
  list      quotes, newest article first, each with its id (ARTICLE_ID:POSITION, as the
            dashboard and the API show it), its speaker and the role its own article gives;
            --speaker (an id, a name in any case, or a name articles gave the speaker;
            one several speakers share lists them with their ids), --article and
            --search narrow it, --excluded lists the quotes
            excluded, --corrections every correction and what became of it
  exclude   a line that is no quote: gone from every figure (stats, dashboard, speakers,
            export), still listed by `list --excluded`
  reassign  a quote said by someone else: a speaker of the store, by its id (as
            `whosaid speakers list` and `speakers show` give it) or its exact name, or,
            with --new, a new speaker of that name (--kind, --gender). A name two speakers
            share (namesakes) is refused with the candidates: give the id
  restore   undo the correction of a quote: it counts as its article gave it

Corrections are written to the registry file (--speakers, CSV or YAML, the
file `whosaid speakers` keeps merges in; created if missing) with who made
them (--by, default the login name), when and why (--reason), and applied to
the store at once. Ingesting the articles again (into this store after an
update, or into a new one with `whosaid ingest ... --speakers FILE`) applies
them again: a correction finds its quote by article and by where its text
starts and ends. When the article changed and the quote is no longer there,
`list --corrections` says so. What an article says of a speaker's gender is
never changed by a correction; the speaker's quote counts are.

examples:
  whosaid quotes list news.duckdb --speaker "Ann Lee"
  whosaid quotes list --db news.duckdb --search "bridge stays open"
  whosaid quotes list --db news.duckdb --article 3f2a9c1d0b7e6a54
  whosaid quotes exclude news.duckdb 3f2a9c1d0b7e6a54:4 --reason "a headline, not a quote" --speakers speakers.yaml
  whosaid quotes reassign 3f2a9c1d0b7e6a54:7 "Ann Lee" --db news.duckdb --speakers speakers.yaml
  whosaid quotes reassign 3f2a9c1d0b7e6a54:7 9d41c07be25a8f13 --db news.duckdb --speakers speakers.yaml   # by id
  whosaid quotes reassign 3f2a9c1d0b7e6a54:7 "Rosa Marquez" --new --kind person --gender female --db news.duckdb --speakers speakers.yaml
  whosaid quotes restore 3f2a9c1d0b7e6a54:4 --db news.duckdb --speakers speakers.yaml
  whosaid quotes list news.duckdb --excluded
  whosaid quotes list news.duckdb --corrections
"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "quotes", help=HELP, description=HELP, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")

    def example(*lines: str) -> dict:
        return {"epilog": "examples:\n" + "\n".join(f"  {line}" for line in lines),
                "formatter_class": argparse.RawDescriptionHelpFormatter}

    listing = actions.add_parser("list", help="quotes with their ids, speakers and roles; or the excluded ones, or the corrections",
                                 description="quotes with their ids, speakers and roles",
                                 **example('whosaid quotes list news.duckdb --speaker "Ann Lee" --search "bridge"',
                                           "whosaid quotes list news.duckdb --excluded",
                                           "whosaid quotes list news.duckdb --corrections"))
    add_store_argument(listing)
    listing.add_argument("--speaker", metavar="SPEAKER", help="only this speaker's quotes: its id (e.g. 9d41c07be25a8f13), its name in any case, or "
                              "a name its articles gave it (\"Marsh\"); a name several speakers share lists them "
                              "with their ids instead")
    listing.add_argument("--article", metavar="ID", help="only this article's quotes (article id or the id its input gave)")
    listing.add_argument("--search", metavar="TEXT", help="only quotes whose text holds TEXT (any case)")
    listing.add_argument("--act", choices=ACT_CHOICES, default="all",
                         help="only quotes of this act (default: all; figures count speech)")
    shown = listing.add_mutually_exclusive_group()
    shown.add_argument("--excluded", action="store_true", help="the quotes excluded, with who excluded them and why")
    shown.add_argument("--corrections", action="store_true",
                       help="every correction the store keeps, and the quote it applies to now or why none")
    listing.add_argument("--limit", type=int, default=50, metavar="N", help="at most N quotes (default: 50; 0 for all)")
    listing.add_argument("--json", action="store_true", help="print JSON lines instead of a table")

    def change(name: str, help_text: str, *examples: str) -> argparse.ArgumentParser:
        p = actions.add_parser(name, help=help_text, description=help_text, **example(*examples))
        # The store may come first, as `quotes list STORE` takes it: argparse leaves STORE out when it is not given.
        add_store_argument(p)
        p.add_argument("quote", metavar="QUOTE_ID", help="the quote's id, as `whosaid quotes list` gives it")
        p.add_argument("--speakers", required=True, metavar="FILE",
                       help="the registry file that keeps the correction (CSV or YAML; created if missing)")
        p.add_argument("--by", default=None, metavar="NAME", help="who makes the correction (default: the login name)")
        return p

    exclude = change("exclude", "a line that is no quote: gone from every figure, listed by `list --excluded`",
                     'whosaid quotes exclude news.duckdb 3f2a9c1d0b7e6a54:4 --reason "a road sign" --speakers speakers.yaml',
                     'whosaid quotes exclude 3f2a9c1d0b7e6a54:4 --db news.duckdb --speakers speakers.yaml'
                     '   # the store as --db, as scripts name it')
    exclude.add_argument("--reason", metavar="TEXT", help="why, kept with the correction")
    reassign = change("reassign", "give a quote to another speaker",
                      'whosaid quotes reassign 3f2a9c1d0b7e6a54:7 "Ann Lee" --db news.duckdb --speakers speakers.yaml',
                      'whosaid quotes reassign 3f2a9c1d0b7e6a54:7 9d41c07be25a8f13 --db news.duckdb --speakers speakers.yaml'
                      '   # by id, as `whosaid speakers list` gives it: two speakers of one name are told apart so',
                      'whosaid quotes reassign 3f2a9c1d0b7e6a54:7 "Rosa Marquez" --new --gender female '
                      '--db news.duckdb --speakers speakers.yaml')
    reassign.add_argument("speaker", metavar="SPEAKER",
                          help="a speaker's id (as `whosaid speakers list` gives it, e.g. 9d41c07be25a8f13) or exact "
                               "name; with --new, the new speaker's name")
    reassign.add_argument("--new", action="store_true", help="SPEAKER is a new speaker's name, added to the registry")
    reassign.add_argument("--kind", choices=("person", "organization", "group"), default=None,
                          help="the new speaker's kind (default: person)")
    reassign.add_argument("--gender", choices=("female", "male", "nonbinary", "unknown"), default=None,
                          help="the new speaker's gender (default: unknown, the articles decide)")
    reassign.add_argument("--reason", metavar="TEXT", help="why, kept with the correction")
    change("restore", "undo a quote's correction: it counts as its article gave it",
           "whosaid quotes restore 3f2a9c1d0b7e6a54:4 --db news.duckdb --speakers speakers.yaml")
    parser.set_defaults(run=run, parser=parser)


def run(args: argparse.Namespace) -> int:
    import duckdb

    from ..store import NotAStore, Store, open_current
    from ..store.corrections import QuoteNotFound
    from ..store.curate import CurationError
    from ..store.registry import RegistryError

    if not args.action:
        args.parser.print_help()
        return 2
    try:
        args.db = chosen_store(args)
    except ValueError as exc:
        print(f"whosaid quotes: {exc}", file=sys.stderr)
        return 2
    if args.action == "reassign" and not args.new and (args.kind or args.gender):
        print("whosaid quotes reassign: --kind and --gender describe a new speaker: add --new", file=sys.stderr)
        return 2
    try:
        if not Path(args.db).exists():
            raise FileNotFoundError(f"{args.db}: no such store (create one with `whosaid ingest`)")
        with (open_current(args.db) if args.action == "list" else Store(args.db)) as store:
            return ACTIONS[args.action](store, args)
    except NotAStore as exc:
        print(f"whosaid quotes: {exc}", file=sys.stderr)
        return 2
    except (QuoteNotFound, CurationError, RegistryError, FileNotFoundError) as exc:
        print(f"whosaid quotes: {exc}", file=sys.stderr)
        return 1
    except duckdb.Error as exc:
        print(f"whosaid quotes: cannot use the store {args.db}: {exc}", file=sys.stderr)
        return 1


def _list(store, args: argparse.Namespace) -> int:
    from ..store.corrections import correction_states, quote_rows
    from ..store.curate import find_speaker
    from .articles import matching_articles

    con = store.connection
    if args.corrections:
        return _list_corrections(correction_states(con), args)
    speaker_id = find_speaker(con, args.speaker, aliases=True)[0] if args.speaker else None
    article_id = None
    if args.article:
        found = matching_articles(con, args.article, None)
        if len(found) != 1:
            print(f"whosaid quotes: {'no article' if not found else 'several articles have the id'} {args.article!r} "
                  f"in {args.db}", file=sys.stderr)
            return 1
        article_id = found[0]
    rows = quote_rows(con, speaker_id=speaker_id, article_id=article_id, search=args.search, act=args.act,
                      excluded=args.excluded, limit=args.limit or None)
    if args.json:
        for row in rows:
            print(json.dumps({**row, "date": row["date"].isoformat() if row["date"] else None}, ensure_ascii=False))
        return 0
    if not rows:
        print(f"{args.db}: no {'excluded ' if args.excluded else ''}quotes match")
        return 0
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=f"{args.db}: {'excluded quotes' if args.excluded else 'quotes'}"
                  + (f", first {len(rows):,}" if args.limit and len(rows) == args.limit else ""))
    table.add_column("quote id", no_wrap=True)
    table.add_column("speaker (role)", overflow="fold", ratio=2)
    table.add_column("quote", overflow="fold", ratio=5)
    table.add_column("correction" if not args.excluded else "excluded", overflow="fold", ratio=2)
    for row in rows:
        who = row["speaker"] or f"({row['source_text'] or 'no source'}, unnamed)"
        role = f" ({row['role']})" if row["role"] else ""
        text = row["text"] if len(row["text"]) <= 200 else row["text"][:199] + "…"
        correction = ""
        if row["correction"]:
            correction = ("excluded" if row["correction"] == "exclude" else "reassigned") + (
                f" by {row['made_by']}" if row["made_by"] else "") + (f": {row['reason']}" if row["reason"] else "")
        table.add_row(row["quote_id"], escape(who + role), escape(text), escape(correction))
    Console().print(table)
    return 0


def _list_corrections(states, args: argparse.Namespace) -> int:
    if args.json:
        for state in states:
            print(json.dumps(state.to_json(), ensure_ascii=False))
        return 0
    if not states:
        print(f"{args.db}: no corrections")
        return 0
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=f"{args.db}: {len(states):,} correction{'s' if len(states) != 1 else ''}")
    for column in ("quote id", "correction", "made", "quote", "now"):
        table.add_column(column, overflow="fold")
    for state in states:
        what = "exclude" if state.action == "exclude" else f"reassign to {state.speaker}"
        made = " ".join(x for x in (state.by, state.at) if x)
        now = f"applies to {state.applied_to}" if state.applied_to else f"applies to nothing: {state.problem}"
        table.add_row(state.quote_id, escape(what + (f" ({state.reason})" if state.reason else "")), escape(made),
                      escape(state.text or ""), escape(now))
    Console().print(table)
    return 0


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _correct(store, args: argparse.Namespace, action: str, speaker: str | None = None, kind: str = "person",
             speaker_id: str | None = None) -> int:
    from ..store.corrections import find_quote
    from ..store.registry import QuoteCorrection, load_corrections, load_registry, save_registry

    path = Path(args.speakers)
    if path.suffix.lower() not in (".csv", ".yaml", ".yml"):
        print(f"whosaid quotes: {path}: a speaker registry must be .csv, .yaml or .yml", file=sys.stderr)
        return 1
    registry = load_registry(path) if path.exists() else []
    corrections = load_corrections(path) if path.exists() else []
    quote_id, span, text = find_quote(store.connection, args.quote)
    correction = QuoteCorrection(quote_id, span, action, speaker, kind, text, getattr(args, "reason", None),
                                 args.by or _login(), _now(), speaker_id)
    corrections = [c for c in corrections if c.key != correction.key] + [correction]
    store.correct_quotes([correction])
    _refresh_derived(store)
    save_registry(path, registry, corrections=corrections)
    given = f"given to {speaker}" + (f" ({speaker_id})" if speaker_id else "")
    print(f"whosaid quotes: {quote_id} {'excluded' if action == 'exclude' else given}; "
          f"{path} keeps {len(corrections):,} correction{'s' if len(corrections) != 1 else ''}", file=sys.stderr)
    return 0


def _refresh_derived(store) -> None:
    """Quote travel and the search index hold the quotes that count, as after `whosaid articles remove`."""
    from ..store.search import build_search_index, has_search_index

    store.link_quotes()
    if has_search_index(store.connection):
        build_search_index(store.connection)


def _login() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None


def _exclude(store, args: argparse.Namespace) -> int:
    return _correct(store, args, "exclude")


def _reassign(store, args: argparse.Namespace) -> int:
    from ..store.curate import AmbiguousSpeaker, CurationError, find_speaker
    from ..store.registry import RegisteredSpeaker, load_registry, save_registry

    if args.new:
        kind = args.kind or "person"
        path = Path(args.speakers)
        registry = load_registry(path) if path.exists() else []
        entry = RegisteredSpeaker(args.speaker.strip(), (), kind, args.gender or "unknown")
        if not any(e.name.casefold() == entry.name.casefold() and e.kind == kind for e in registry):
            store.register_speakers([entry])
            save_registry(path, [*registry, entry])
        return _correct(store, args, "reassign", entry.name, kind)
    try:
        sid, name, kind = find_speaker(store.connection, args.speaker)
    except AmbiguousSpeaker:
        raise
    except CurationError as exc:
        raise CurationError(f"{exc}; to give the quote to a speaker the store does not have yet, add --new") from None
    return _correct(store, args, "reassign", name, kind, sid)


def _restore(store, args: argparse.Namespace) -> int:
    from ..store.corrections import find_quote
    from ..store.registry import load_corrections, load_registry, quote_span_key, save_registry

    path = Path(args.speakers)
    corrections = load_corrections(path) if path.exists() else []
    quote_id, span, _ = find_quote(store.connection, args.quote)
    key = quote_span_key(quote_id.split(":")[0], *span)
    kept = [c for c in corrections if c.key != key]
    stored = store.connection.execute("SELECT 1 FROM quote_corrections WHERE quote_key = ?", [key]).fetchone()
    if len(kept) == len(corrections) and not stored:
        print(f"whosaid quotes: {quote_id} has no correction to undo", file=sys.stderr)
        return 1
    store.restore_quotes([key])
    _refresh_derived(store)
    save_registry(path, load_registry(path) if path.exists() else [], corrections=kept)
    print(f"whosaid quotes: {quote_id} restored; {path} keeps {len(kept):,} correction{'s' if len(kept) != 1 else ''}",
          file=sys.stderr)
    return 0


ACTIONS = {"list": _list, "exclude": _exclude, "reassign": _reassign, "restore": _restore}
