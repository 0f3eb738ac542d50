"""whosaid speakers: list a store's speakers, flag suspicious ones, and merge, split or relabel them."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ._io import DEFAULT_STORE, add_store_argument, chosen_store, store_before
from .stats import ACT_CHOICES

HELP = "list a store's speakers with their quotes and gender, flag suspicious ones, merge, split or relabel them"
EPILOG = """\
actions:
  list      speakers, most quoted first: quotes, articles, gender and what the
            articles say about it ("female in 41 articles, male in 1"), and flags;
            quotes and articles count speech (said, told, wrote), as `whosaid stats`
            and the dashboard's top voices do, unless --act says otherwise
  show      one speaker: the names articles gave it and every piece of gender
            evidence with its article and paragraph
  merge     fold speakers into another ("Crooked Hillary Clinton" into "Hillary Clinton")
  split     give names a speaker of their own ("Trump" off "Donald Trump"), or with
            --article the namesake quoted in some articles (two people of one name)
  relabel   change a speaker's canonical name, kind, gender or role

flags (list --flagged shows only flagged speakers):
  common word             "Scandal", "Team Trump": a word the articles themselves write in
                          lower case, alone or before another person's name
  another speaker's name  "Crooked Hillary Clinton" holds "Hillary Clinton" with extra words
  possessive              "Trump's"
  named only in headlines a person every quote's source names in a headline, or whose name
                          no article body writes ("Will Sanders" from a headline question)
  an organisation's name  "Politico" (an organisation of that name is quoted as often),
                          "Gallup Poll", "Obama White House", "Junge SVP"
  a surname several people share
                          "OBAMA" alone, when Barack and Michelle Obama are both speakers
                          and neither holds 90% of their quotes
  a name other people's full names hold
                          "Bob" alone (his article withholds the surname) beside Bob Corker
  a word before an organisation's name
                          "Eurosceptic SVP" beside the party "SVP"
  the end of a name another speaker of its article has
                          "Pierre Dubois" or "Dubois" quoted apart from "Jean-Pierre Dubois"
                          in one article: a name cut short, or a surname not joined to it
  gender from one pronoun one pronoun in one of four or more articles decided the gender
  maybe the same person   "Joe Biden" and "Joseph R. Biden Jr.", never quoted in one article
  gender conflict         a fifth or more of the articles that gender the person disagree;
                          a gender set with `relabel --gender` (the registry) settles it
  a given name alone      "Bob" from an article that never gives his surname: the speaker of
                          that one article, never merged with another article's Bob
  joined by surname only  a full name some articles write only as a surname or a label
                          ("Grant", "GRANT:") joined to it from other articles; the flag
                          names those articles, to check the join

Changes are written to the registry file (--speakers, CSV or YAML; created if
missing) and applied to the store at once. Ingesting the same articles into a
new store with that registry (`whosaid ingest ... --speakers FILE`) gives the
same speakers. A speaker is named by its id (from `list`) or its exact name; a
name several speakers share (namesakes) is refused with each one's id, role
and articles: give the id.

examples:
  whosaid speakers list news.duckdb --flagged
  whosaid speakers list --db news.duckdb --act all
  whosaid speakers show "Hillary Clinton" --db news.duckdb
  whosaid speakers merge "Crooked Hillary Clinton" --into "Hillary Clinton" --db news.duckdb --speakers speakers.csv
  whosaid speakers split "Donald Trump" --name "Trump" --db news.duckdb --speakers speakers.csv
  whosaid speakers relabel Trump --kind person --gender male --db news.duckdb --speakers speakers.csv
  whosaid speakers relabel "Ann Lee" --role "harbour commissioner" --db news.duckdb --speakers speakers.csv

A single quote is corrected with `whosaid quotes` (exclude, reassign, restore).
"""


ACTION_EXAMPLES = {
    "list": """examples:
  whosaid speakers list news.duckdb
  whosaid speakers list news.duckdb --flagged --kind person
  whosaid speakers list --db news.duckdb --search marsh --json""",
    "show": """examples:
  whosaid speakers show news.duckdb "Elena Marsh"
  whosaid speakers show "Elena Marsh" --db news.duckdb --json""",
    "merge": """The store may come first, as in `speakers list STORE`, or as --db.

examples:
  whosaid speakers merge news.duckdb "Mayor Marsh" --into "Elena Marsh" --speakers speakers.csv
  whosaid speakers merge "E. Marsh" "Mayor Marsh" --into "Elena Marsh" --db news.duckdb --speakers speakers.csv""",
    "split": """--name splits a name off, in every article. --article parts namesakes (two
people of one name): the person of that name in the articles given becomes a
speaker of their own, kept in the registry as a namesake entry and applied
again when the articles are ingested with it (`whosaid ingest ... --speakers
FILE`). Articles ingested later go to the original speaker, not the
namesake: split them off again.

examples:
  whosaid speakers split news.duckdb "Elena Marsh" --name "Marsh" --speakers speakers.csv
  whosaid speakers split news.duckdb "Chris Dale" --article 3b28a7d68bc57305 --speakers speakers.csv
  whosaid speakers split "Elena Marsh" --db news.duckdb   (lists the names it can split off)""",
    "relabel": """examples:
  whosaid speakers relabel news.duckdb "Elena Marsh" --gender female --speakers speakers.csv
  whosaid speakers relabel "Marsh Group" --kind organization --db news.duckdb --speakers speakers.csv
  whosaid speakers relabel "E. Marsh" --name "Elena Marsh" --db news.duckdb --speakers speakers.csv
  whosaid speakers relabel "Elena Marsh" --role "harbour commissioner" --db news.duckdb --speakers speakers.csv""",
}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "speakers", help=HELP, description=HELP, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")

    def action(name: str, help_text: str, changes: bool = False) -> argparse.ArgumentParser:
        p = actions.add_parser(
            name, help=help_text, description=help_text, epilog=ACTION_EXAMPLES[name],
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        if name == "merge":
            # Its speakers are any number of values: a first value that names a store is the store (store_before).
            p.add_argument("--db", metavar="FILE", help=f"the store (default: {DEFAULT_STORE}); or give it first")
            p.set_defaults(store=None)
        else:
            add_store_argument(p)
        if changes:
            p.add_argument(
                "--speakers", required=True, metavar="FILE",
                help="the registry file that keeps the change (CSV or YAML; created if missing)",
            )
        return p

    listing = action("list", "speakers, most quoted first, with gender and flags")
    listing.add_argument("--kind", choices=("person", "organization", "group"), help="only speakers of this kind")
    listing.add_argument("--flagged", action="store_true", help="only speakers with a flag")
    listing.add_argument("--search", metavar="TEXT", help="only speakers whose name contains TEXT (any case)")
    listing.add_argument("--limit", type=int, default=50, metavar="N", help="at most N speakers (default: 50; 0 for all)")
    listing.add_argument(
        "--act", choices=ACT_CHOICES, default="speech",
        help="which quotes are counted: speech (the default, as in `whosaid stats` and on the dashboard: "
             "said, told, wrote), thought (believes, wants), other (what a poll or document shows), or all",
    )
    listing.add_argument("--json", action="store_true", help="print JSON lines instead of a table")

    show = action("show", "one speaker's names and gender evidence, each with its article and paragraph")
    show.add_argument("speaker", metavar="SPEAKER", help="id, name in any case, or a name its articles gave it (an "
                                                         "alias, \"Marsh\"); a name several share lists them")
    show.add_argument("--limit", type=int, default=40, metavar="N", help="at most N pieces of evidence (default: 40; 0 for all)")
    show.add_argument("--json", action="store_true", help="print JSON")

    merge = action("merge", "fold speakers into another", changes=True)
    merge.add_argument("sources", nargs="+", metavar="SPEAKER", help="ids or exact names of the speakers to fold in")
    merge.add_argument("--into", required=True, metavar="SPEAKER", help="the speaker that stays")

    split = action("split", "give names, or a namesake in some articles, a speaker of their own", changes=True)
    split.add_argument("speaker", metavar="SPEAKER", help="id or exact name")
    split.add_argument(
        "--name", action="append", default=[], metavar="NAME",
        help="a name articles gave the speaker, to split off (repeat for several; without it the names are listed)",
    )
    split.add_argument(
        "--article", action="append", default=[], metavar="ID",
        help="an article (its id, or the id its input gave) whose person of that name is another person: "
             "those articles' mentions become a speaker of their own (repeat for several)",
    )

    relabel = action("relabel", "change a speaker's name, kind, gender or role", changes=True)
    relabel.add_argument("speaker", metavar="SPEAKER", help="id or exact name")
    relabel.add_argument("--name", metavar="NAME", help="the new canonical name (the old one becomes an alias)")
    relabel.add_argument("--kind", choices=("person", "organization", "group"), help="the new kind")
    relabel.add_argument(
        "--gender", choices=("female", "male", "nonbinary", "unknown"),
        help="the gender, over what articles say (unknown: let the articles decide again)",
    )
    relabel.add_argument(
        "--role", metavar="ROLE",
        help="the speaker's role, shown on every quote instead of the role each quote's own article gives",
    )
    parser.set_defaults(run=run, parser=parser)


def _open(db: str, writing: bool):
    from ..store import Store, open_current

    if not Path(db).exists():
        raise FileNotFoundError(f"{db}: no such store (create one with `whosaid ingest`)")
    return Store(db) if writing else open_current(db)


def run(args: argparse.Namespace) -> int:
    import duckdb

    from ..store import NotAStore
    from ..store.curate import CurationError
    from ..store.registry import RegistryError

    if not args.action:
        args.parser.print_help()
        return 2
    if args.action == "merge":
        args.sources = store_before(args.sources, args)
    try:
        args.db = chosen_store(args)
    except ValueError as exc:
        print(f"whosaid speakers: {exc}", file=sys.stderr)
        return 2
    try:
        with _open(args.db, writing=args.action in ("merge", "split", "relabel")) as store:
            return ACTIONS[args.action](store, args)
    except NotAStore as exc:
        print(f"whosaid speakers: {exc}", file=sys.stderr)
        return 2
    except (CurationError, RegistryError, FileNotFoundError) as exc:
        print(f"whosaid speakers: {exc}", file=sys.stderr)
        return 1
    except duckdb.Error as exc:
        print(f"whosaid speakers: cannot use the store {args.db}: {exc}", file=sys.stderr)
        return 1


def _list(store, args: argparse.Namespace) -> int:
    from ..store.curate import flag_speakers, speaker_rows

    rows = speaker_rows(store.connection, args.kind, args.act)
    if args.search:
        needle = args.search.casefold()
        rows = [r for r in rows if needle in r.name.casefold()]
    flag_speakers(store.connection, rows)
    if args.flagged:
        rows = [r for r in rows if r.flags]
    total = len(rows)
    if args.limit:
        rows = rows[: args.limit]
    if args.json:
        for row in rows:
            print(json.dumps({**row.to_json(), "act": args.act}, ensure_ascii=False))
        return 0
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    if not rows:
        what = "flagged speakers" if args.flagged else "speakers"
        print(f"{args.db}: no {what}" + (f" matching {args.search!r}" if args.search else "")
              + (f" of kind {args.kind}" if args.kind else ""))
        return 0
    table = Table(title=f"{args.db}: {total:,} speaker{'s' if total != 1 else ''}" + (f", first {len(rows):,}" if len(rows) < total else ""))
    table.add_column("quotes" if args.act == "all" else f"quotes ({args.act})", justify="right")
    table.add_column("speaker (id)", overflow="fold", ratio=3)
    table.add_column("gender: what the articles say", overflow="fold", ratio=3)
    table.add_column("flags", overflow="fold", ratio=3)
    for row in rows:
        kind = "" if row.kind == "person" else f" ({row.kind})"
        registered = escape(" [registered]") if row.registered else ""
        gender = f"{row.gender}: {row.summary}" if row.kind == "person" and row.summary else ""
        table.add_row(
            f"{row.quotes:,}", f"{escape(row.name)}{kind}{registered}\n[dim]{row.speaker_id}[/dim]",
            escape(gender), escape("; ".join(row.flags)),
        )
    console = Console()
    console.print(table)
    console.print(COUNTED[args.act])
    return 0


# Under the table, as `whosaid stats` and the dashboard say what their figures count.
COUNTED = {
    "speech": "Counted: speech only (said, told, wrote, according to), in quotes and articles; --act all counts every act.",
    "thought": "Counted: thoughts only (believes, thinks, wants), in quotes and articles; --act all counts every act.",
    "other": "Counted: what documents and polls show only, in quotes and articles; --act all counts every act.",
    "all": "Counted: every act (speech, thought, other), in quotes and articles.",
}


def _show(store, args: argparse.Namespace) -> int:
    from ..store.curate import article_names, find_speaker

    con = store.connection
    sid, _, _ = find_speaker(con, args.speaker, aliases=True)
    name, kind, gender, basis, summary, registered, conflict = con.execute(
        """SELECT name, kind, gender, gender_basis, gender_summary, registered, coalesce(gender_conflict, false)
           FROM speakers WHERE speaker_id = ?""", [sid]
    ).fetchone()
    settled = conflict and basis == "registry"
    limit = args.limit or None
    evidence = con.execute(
        """SELECT e.label, e.kind, e.text, e.strength, e.article_id, e.paragraph, a.title, e.name
           FROM gender_evidence e JOIN articles a USING (article_id)
           WHERE e.speaker_id = ?
           ORDER BY e.label = ?, e.strength DESC, a.date NULLS LAST, e.article_id, e.paragraph
           LIMIT ?""",
        [sid, gender, limit],
    ).fetchall()
    names = article_names(con, sid)
    if args.json:
        print(json.dumps({
            "speaker_id": sid, "name": name, "kind": kind, "gender": gender, "gender_basis": basis,
            "gender_summary": summary, "registered": registered, "gender_conflict": conflict,
            "settled_by_registry": settled,
            "article_names": [{"name": n, "quotes": c} for n, c in names],
            "evidence": [
                {"label": lab, "kind": k, "text": t, "strength": s, "article_id": a, "paragraph": p, "title": title, "name": n}
                for lab, k, t, s, a, p, title, n in evidence
            ],
        }, ensure_ascii=False, indent=2))
        return 0
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console()
    console.print(f"[bold]{escape(name)}[/bold] ({kind}{', registered' if registered else ''}) id {sid}")
    if kind == "person":
        console.print(escape(f"gender: {gender}" + (f", decided by {basis}" if basis else "") + f" — {summary or 'no evidence'}"))
        if settled:
            console.print("the articles disagree about the gender; the registry decided it, so it is no longer "
                          "flagged (the evidence is below)")
    console.print(escape("articles call it: " + ", ".join(f"{n} ({c:,})" for n, c in names)))
    if evidence:
        table = Table(title="gender evidence, what goes against the gender first")
        for column in ("label", "kind", "text", "article", "¶"):
            table.add_column(column, overflow="fold")
        from whosaid.context import first_named_paragraph

        texts: dict[str, str] = {}
        for lab, k, t, _, aid, para, title, as_name in evidence:
            if para is None and as_name:
                # As on the dashboard: a first name's evidence is shown where the article first names the person.
                if aid not in texts:
                    texts[aid] = (con.execute("SELECT text FROM articles WHERE article_id = ?", [aid]).fetchone()
                                  or ("",))[0] or ""
                para = first_named_paragraph(texts[aid], as_name, t)
            title = (title or "")[:40] + ("…" if title and len(title) > 40 else "")
            table.add_row(lab, k, escape(t), f"{aid} [dim]{escape(title)}[/dim]", "" if para is None else str(para))
        console.print(table)
    return 0


def _registry_contents(path: Path) -> str:
    """What a registry file holds, every kind of entry counted: a namesake split or a quote correction kept
    beside the speakers is an entry of the file too."""
    from ..store.registry import load_corrections, load_namesakes, load_registry

    counts = ((len(load_registry(path)), "speaker entry", "speaker entries"),
              (len(load_namesakes(path)), "namesake entry", "namesake entries"),
              (len(load_corrections(path)), "quote correction", "quote corrections"))
    parts = [f"{n:,} {one if n == 1 else many}" for n, one, many in counts if n or many == "speaker entries"]
    return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]


def _change(store, args: argparse.Namespace, apply) -> int:
    from ..store.registry import load_registry, save_registry

    path = Path(args.speakers)
    if path.suffix.lower() not in (".csv", ".yaml", ".yml"):
        print(f"whosaid speakers: {path}: a speaker registry must be .csv, .yaml or .yml", file=sys.stderr)
        return 1
    registry = load_registry(path) if path.exists() else []
    registry = apply(store, registry)
    save_registry(path, registry)
    print(f"whosaid speakers: done; {path} now holds {_registry_contents(path)}", file=sys.stderr)
    return 0


def _merge(store, args: argparse.Namespace) -> int:
    from ..store import curate

    return _change(store, args, lambda s, r: curate.merge(s, r, args.sources, args.into))


def _split(store, args: argparse.Namespace) -> int:
    from ..store import curate

    if args.article:
        return _split_namesake(store, args)
    return _change(store, args, lambda s, r: curate.split(s, r, args.speaker, args.name))


def _split_namesake(store, args: argparse.Namespace) -> int:
    from ..store import curate
    from ..store.registry import load_namesakes, load_registry, save_registry
    from .articles import matching_articles

    if args.name:
        print("whosaid speakers split: give --name or --article, not both", file=sys.stderr)
        return 2
    path = Path(args.speakers)
    if path.suffix.lower() not in (".csv", ".yaml", ".yml"):
        print(f"whosaid speakers: {path}: a speaker registry must be .csv, .yaml or .yml", file=sys.stderr)
        return 1
    articles = []
    for given in args.article:
        found = matching_articles(store.connection, given, None)
        if not found:
            print(f"whosaid speakers split: no article {given!r} in {args.db}", file=sys.stderr)
            return 1
        articles.extend(found)
    registry = load_registry(path) if path.exists() else []
    namesakes, new_id = curate.split_namesake(store, load_namesakes(path) if path.exists() else [], args.speaker, articles)
    save_registry(path, registry, namesakes=namesakes)
    print(f"whosaid speakers: done; the namesake in {len(set(articles))} article{'s' if len(set(articles)) != 1 else ''} "
          f"is speaker {new_id}; {path} keeps it (articles ingested later go to the original)", file=sys.stderr)
    return 0


def _relabel(store, args: argparse.Namespace) -> int:
    from ..store import curate

    if not (args.name or args.kind or args.gender or args.role):
        print("whosaid speakers relabel: give --name, --kind, --gender or --role", file=sys.stderr)
        return 2
    return _change(store, args, lambda s, r: curate.relabel(s, r, args.speaker, name=args.name, kind=args.kind,
                                                            gender=args.gender, role=args.role))


ACTIONS = {"list": _list, "show": _show, "merge": _merge, "split": _split, "relabel": _relabel}
