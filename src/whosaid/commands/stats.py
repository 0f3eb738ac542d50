"""whosaid stats: who gets quoted, by gender: shares of quotes and of distinct speakers."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path

GENDERS = ("female", "male", "nonbinary", "unknown")
GENDER_TITLES = {"female": "women", "male": "men", "nonbinary": "nonbinary", "unknown": "unknown"}
GROUP_KEYS = ("outlet", "month")
ACTS = ("speech", "thought", "other")
ACT_CHOICES = (*ACTS, "all")
DUCKDB_MAGIC = b"DUCK"

HELP = "shares of quotes and of distinct speakers by gender (women, men, nonbinary, unknown)"
EPILOG = """\
INPUT is the JSONL that `whosaid extract` writes, or a .duckdb store that
`whosaid ingest` fills.

What is counted:
  articles   the title counts every article read (every line of the JSONL,
             every article of the store), whether or not it has a quote of
             the act counted, as `whosaid ingest` and the dashboard count
             them; "articles" in --json counts those with a counted quote,
             "articles_read" all of them
  quotes     every quote whose speaker is a person; in a store its gender is
             the speaker's as decided from all their articles, otherwise (and
             for unnamed sources) as the quote's own article shows it (see
             docs/profiles.md for the evidence)
  speakers   distinct people quoted, each counted once (by name in JSONL, by
             speaker id in a store); a person shown as a woman in one article
             and unknown in another counts as a woman
  unknown    people whose gender the text does not show are kept and counted
             as unknown, never dropped; shares are of all people
  no person  quotes from organisations, groups and unnamed sources are left
             out of the shares and reported on their own line
  act        only speech is counted by default (said, told, wrote, according
             to); --act all counts thoughts ("believes", "wants") and what
             documents show ("a poll found") too, --act thought or other one
             of them; the quotes left out are reported on their own line
  †          shares resting on fewer than 30 quotes from people are marked, as on
             the dashboard ("small_sample" in --json): one more quote can move them
  copies     a store's text several outlets ran (wire copy, syndication) counts
             once overall and by month, in the month it was first published
             (the earliest date any copy gives); --by outlet counts it under
             each outlet, and with --by month too, in the month that outlet
             ran it, as the dashboard does

examples:
  whosaid stats quotes.jsonl                    one table for the whole batch
  whosaid stats news.duckdb --by outlet         one row per outlet
  whosaid stats news.duckdb --by outlet --by month
  whosaid stats news.duckdb --act all           every act, not only speech
  whosaid stats quotes.jsonl --json | jq '.overall.quotes.female.share'
"""


class StatsError(ValueError):
    """Input stats cannot read; the message names the file and line."""


@dataclass(slots=True)
class QuoteRow:
    """One quote, reduced to what the shares need."""

    article: str
    speaker: str | None  # a name or a store id; None when nobody is named
    kind: str  # person | organization | group | unnamed
    gender: str
    outlet: str | tuple[str, ...] | None = None  # a store's syndicated article has every outlet that published it
    month: str | None = None  # a syndicated article's: the month it was first published
    act: str = "speech"
    # A store's article: each outlet that published it with the month it gave, what an (outlet, month) cell counts.
    outlet_months: tuple[tuple[str | None, str | None], ...] | None = None


@dataclass(slots=True)
class Summary:
    articles: set[str] = field(default_factory=set)
    quote_genders: Counter = field(default_factory=Counter)
    no_person: Counter = field(default_factory=Counter)
    speaker_votes: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, row: QuoteRow) -> None:
        self.articles.add(row.article)
        if row.kind != "person":
            self.no_person[row.kind or "unnamed"] += 1
            return
        gender = row.gender if row.gender in GENDERS else "unknown"
        self.quote_genders[gender] += 1
        if row.speaker:
            self.speaker_votes[row.speaker][gender] += 1

    def speaker_genders(self) -> Counter:
        """One gender per distinct speaker: the one most of their quotes show, unknown only if none does."""
        counts: Counter = Counter()
        for votes in self.speaker_votes.values():
            known = [(n, g) for g, n in votes.items() if g != "unknown"]
            if not known:
                counts["unknown"] += 1
                continue
            known.sort(reverse=True)
            tie = len(known) > 1 and known[0][0] == known[1][0]
            counts["unknown" if tie else known[0][1]] += 1
        return counts

    def to_json(self) -> dict:
        def shares(counts: Counter) -> dict:
            total = sum(counts[g] for g in GENDERS)
            known = total - counts["unknown"]
            out: dict = {"total": total}
            for g in GENDERS:
                out[g] = {
                    "count": counts[g],
                    "share": round(counts[g] / total, 4) if total else None,
                    "share_of_known": (round(counts[g] / known, 4) if known else None) if g != "unknown" else None,
                }
            return out

        quotes = shares(self.quote_genders)
        quotes["small_sample"] = 0 < quotes["total"] < small_sample_quotes()
        quotes["no_person_speaker"] = sum(self.no_person.values())
        quotes["no_person_speaker_by_kind"] = dict(sorted(self.no_person.items()))
        quotes["all"] = quotes["total"] + quotes["no_person_speaker"]
        return {"articles": len(self.articles), "quotes": quotes, "speakers": shares(self.speaker_genders())}


def small_sample_quotes() -> int:
    """Below this many quotes from people a share is marked, as on the dashboard."""
    from ..serve.queries import SMALL_SAMPLE_QUOTES

    return SMALL_SAMPLE_QUOTES


# ---------------------------------------------------------------- reading


def _month(value: object) -> str | None:
    text = str(value or "")
    return text[:7] if len(text) >= 7 and text[4:5] == "-" and text[:4].isdigit() else None


def read_extract_jsonl(path: str, articles: set[str] | None = None) -> tuple[Iterator[QuoteRow], list[str]]:
    """Quotes of an ``extract`` output; bad lines are collected as warnings, naming the line. The id of every
    article read, quoted or not, goes into ``articles``."""
    warnings: list[str] = []

    def rows() -> Iterator[QuoteRow]:
        handle = sys.stdin.buffer if path == "-" else open(path, "rb")
        name = "stdin" if path == "-" else path
        seen_quotes_field = False
        lines = 0
        try:
            for number, raw in enumerate(handle, 1):
                if not raw.strip():
                    continue
                lines += 1
                try:
                    record = json.loads(raw.decode("utf-8-sig"))
                except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                    warnings.append(f"{name}, line {number}: skipped, not JSON ({getattr(exc, 'msg', exc)})")
                    continue
                if not isinstance(record, dict) or not isinstance(record.get("quotes"), list):
                    warnings.append(f"{name}, line {number}: skipped, no \"quotes\" list")
                    continue
                seen_quotes_field = True
                article = str(record.get("id") or f"line-{number}")
                if articles is not None:
                    articles.add(article)
                outlet = record.get("outlet") or record.get("publisher")
                month = _month(record.get("date"))
                for quote in record["quotes"]:
                    if not isinstance(quote, dict):
                        warnings.append(f"{name}, line {number}: skipped a quote that is not an object")
                        continue
                    speaker = quote.get("speaker")
                    if isinstance(speaker, dict):
                        speaker = speaker.get("name")
                    kind = quote.get("speaker_kind") or ("person" if speaker else "unnamed")
                    yield QuoteRow(
                        article, speaker or None, str(kind), str(quote.get("gender") or "unknown"),
                        str(outlet) if outlet else None, month, str(quote.get("act") or "speech"),
                    )
        finally:
            if handle is not sys.stdin.buffer:
                handle.close()
        if lines and not seen_quotes_field:
            raise StatsError(
                f"{name}: no line has a \"quotes\" list; stats reads the output of `whosaid extract`, not articles"
            )

    return rows(), warnings


# The corpus speaker's gender rides on each quote (``speaker_gender``); a
# speaker the corpus leaves unknown, or an unnamed source, keeps the gender
# its own article showed ("a spokeswoman said"). A syndicated article has
# every outlet that published it, each with the month it gave, and is dated by its first publication (the
# dashboard's rule, ``serve.queries.DATING_NOTE``). ``_store_query`` fills the placeholders.
STORE_QUERY = """
SELECT q.article_id,
       q.speaker_id,
       q.speaker_kind,
       COALESCE(NULLIF({speaker_gender}, 'unknown'), {article_gender}'unknown') AS gender,
       {outlets} AS outlets,
       strftime({date}, '%Y-%m') AS month,
       coalesce(q.act, 'speech') AS act,
       {outlet_months} AS outlet_months
FROM quotes q
{speaker_join}LEFT JOIN articles a USING (article_id)
{join}"""
OUTLETS_JOIN = """LEFT JOIN (SELECT article_id, list(outlet ORDER BY outlet) FILTER (WHERE outlet IS NOT NULL) AS outlets,
                  list((outlet, strftime(date, '%Y-%m')) ORDER BY outlet) AS outlet_months
           FROM outlet_articles GROUP BY article_id) o USING (article_id)
LEFT JOIN {first_published} f USING (article_id)
"""


def _store_query(tables: set[str], columns: set[str]) -> str:
    """``STORE_QUERY`` for what the store holds. Stores written before quotes carried their speaker's
    gender read it from ``speakers``, the oldest have no per-article gender, and a store without
    publications has only the articles row's outlet."""
    from ..store.rows import FIRST_PUBLISHED

    new = "speaker_gender" in columns
    publications = "outlet_articles" in tables
    return STORE_QUERY.format(
        speaker_gender="q.speaker_gender" if new else "s.gender",
        speaker_join="" if new else "LEFT JOIN speakers s USING (speaker_id)\n",
        article_gender="q.gender, " if "gender" in columns else "",
        outlets="coalesce(o.outlets, [a.outlet])" if publications else "[a.outlet]",
        date="coalesce(f.date, a.date)" if publications else "a.date",
        outlet_months="o.outlet_months" if publications else "NULL",
        join=OUTLETS_JOIN.format(first_published=FIRST_PUBLISHED) if publications else "",
    )


def read_store(path: str, articles: set[str] | None = None) -> Iterator[QuoteRow]:
    """Quotes of a store; a speaker's corpus-wide gender wins over one article's. The id of every article
    stored, quoted or not, goes into ``articles``."""
    import duckdb

    from ..store import check_store_tables, connect

    try:
        con = connect(path, read_only=True)
    except duckdb.Error as exc:
        raise StatsError(f"{path}: cannot open the store ({exc})") from None
    try:
        check_store_tables(con, path, empty_ok=False)
        tables = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        columns = {row[0] for row in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'quotes'"
        ).fetchall()}
        from ..store import has_unlinked, open_current

        if "act" not in columns or has_unlinked(con):
            # Written before quotes carried their act, or left with speakers unlinked by a stopped run:
            # brought up to date once (``store.upgrade``, ``Store.link``).
            con.close()
            con = open_current(path).connection
        query = _store_query(tables, columns)
        if articles is not None:
            articles.update(row[0] for row in con.execute("SELECT article_id FROM articles").fetchall())
        for article, speaker, kind, gender, outlets, month, act, outlet_months in con.execute(query).fetchall():
            outlets = tuple(o for o in outlets or () if o)
            pairs = tuple(tuple(pair.values()) if isinstance(pair, dict) else tuple(pair) for pair in outlet_months or ())
            yield QuoteRow(article, speaker, kind or "unnamed", gender or "unknown", outlets or None, month, act,
                           pairs or None)
    finally:
        con.close()


def of_act(rows: Iterable[QuoteRow], act: str, left_out: Counter) -> Iterator[QuoteRow]:
    """The rows of ``act`` (every row for ``all``); the others are tallied by act in ``left_out``."""
    for row in rows:
        if act == "all" or row.act == act:
            yield row
        else:
            left_out[row.act] += 1


def _act_line(act: str, left_out: Counter) -> str:
    counted = "every act (speech, thought, other)" if act == "all" else f"{act} only"
    if not left_out:
        return f"Counted: {counted}."
    # Named as acts: "other" alone would read as the table's column of quotes with no person speaker.
    parts = ", ".join(f"{n:,} {ACT_NOUNS[name][n != 1]}" for name, n in sorted(left_out.items()))
    return f"Counted: {counted}; left out: {parts} (--act all counts them)."


ACT_NOUNS = {
    "speech": ("speech quote", "speech quotes"), "thought": ("thought", "thoughts"),
    "other": ("quote of act other (what a poll or document shows)", "quotes of act other (what polls or documents show)"),
}
# What the missing value of a group is called: the dashboard names a missing outlet the same way.
NO_GROUP_VALUE = {"outlet": "(no outlet)", "month": "(no date)"}


def title_counts(articles_read: int, act: str, counted_quotes: int, every_act: int) -> str:
    """ "12 articles, 54 speech quotes (56 of every act)": what each number counts, as ingest and the dashboard say it."""
    articles = f"{articles_read:,} article{'s' if articles_read != 1 else ''}"
    if act == "all":
        return f"{articles}, {every_act:,} quote{'s' if every_act != 1 else ''} of every act"
    noun = ACT_NOUNS[act][counted_quotes != 1]
    return f"{articles}, {counted_quotes:,} {noun} ({every_act:,} of every act)"


def is_store(path: str) -> bool:
    if path == "-":
        return False
    if Path(path).suffix.lower() in (".duckdb", ".ddb"):
        return True
    try:
        with open(path, "rb") as handle:
            return handle.read(12)[8:12] == DUCKDB_MAGIC
    except OSError:
        return False


ALL = "all"  # the group-name cell of a total row: every month of an outlet, every outlet of a month


def _cells(row: QuoteRow, by: list[str], values: list[tuple]) -> Iterator[tuple]:
    """The groups a row counts in: every combination of its values, except that by outlet and month each outlet
    that published the article counts it in the month that outlet gave, not in that of its first publication."""
    if row.outlet_months is None or not {"outlet", "month"} <= set(by):
        yield from product(*values)
        return
    for outlet, month in row.outlet_months:
        named = {"outlet": outlet or NO_GROUP_VALUE["outlet"], "month": month or NO_GROUP_VALUE["month"]}
        yield tuple(named[k] for k in by)


def summarize(
    rows: Iterable[QuoteRow], by: list[str] | None = None, totals: dict[str, dict[str, Summary]] | None = None,
) -> tuple[Summary, dict[tuple, Summary]]:
    """The overall summary and, with ``by``, one per group (outlet, month).

    With two ``by`` keys and a ``totals`` dict, ``totals[key][value]`` is filled with the summary of each
    value of each key alone (an outlet over every month): counted from the rows, since distinct speakers
    do not add up across the cells of a cross table.
    """
    overall = Summary()
    groups: dict[tuple, Summary] = defaultdict(Summary)
    margins = {key: defaultdict(Summary) for key in (by or [])} if totals is not None and len(by or []) > 1 else {}
    for row in rows:
        overall.add(row)
        if by:
            # A quote of a syndicated article counts once overall and once for each outlet that published it.
            values = [v if isinstance(v, tuple) else (v,) for v in (getattr(row, k) or NO_GROUP_VALUE[k] for k in by)]
            for key in _cells(row, by, values):
                groups[key].add(row)
            for name, options in zip(by, values):
                if name in margins:
                    for value in options:
                        margins[name][value].add(row)
    for name, summaries in margins.items():
        totals[name] = dict(sorted(summaries.items()))
    return overall, dict(sorted(groups.items()))


# ---------------------------------------------------------------- showing


def _cell(count: int, total: int) -> str:
    return f"{count:,} ({count / total:.1%})" if total else f"{count:,}"


def _percent(count: int, total: int) -> str:
    return f"{count / total:.0%}" if total else "–"


def _no_person_line(summary: Summary) -> str:
    total = sum(summary.no_person.values())
    if not total:
        return "Every quote had a person as speaker."
    kinds = ", ".join(f"{kind} {n:,}" for kind, n in sorted(summary.no_person.items(), key=lambda kv: -kv[1]))
    return f"{total:,} quote{'s' if total != 1 else ''} had no person speaker ({kinds}); they are not in the shares."


def show(overall: Summary, groups: dict[tuple, Summary], by: list[str] | None, source: str, title: str,
         totals: dict[str, dict[str, Summary]] | None = None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    data = overall.to_json()
    q, s = data["quotes"], data["speakers"]
    table = Table(title=f"{source}: {title}")
    table.add_column("gender")
    table.add_column("quotes", justify="right")
    table.add_column("speakers", justify="right")
    for g in GENDERS:
        table.add_row(GENDER_TITLES[g], _cell(q[g]["count"], q["total"]), _cell(s[g]["count"], s["total"]))
    table.add_section()
    table.add_row("people", f"{q['total']:,}", f"{s['total']:,}")
    console.print(table)
    known_q = q["total"] - q["unknown"]["count"]
    if known_q:
        console.print(
            f"Of quotes by people of known gender ({known_q:,}): "
            f"women {q['female']['share_of_known']:.1%}, men {q['male']['share_of_known']:.1%}, "
            f"nonbinary {q['nonbinary']['share_of_known']:.1%}."
        )
    if q["small_sample"]:
        console.print(
            f"† Only {q['total']:,} quotes from people: fewer than {small_sample_quotes()}, so one more quote "
            "can move a share by several points; read these shares with care."
        )
    console.print(_no_person_line(overall))
    if not by:
        return
    grouped, table_width = _grouped_table(groups, by, console.width, totals or {})
    # On a terminal too narrow for every figure the lines run on rather than lose a digit.
    wide = console if table_width <= console.width else Console(width=table_width)
    wide.print(grouped, crop=False)
    console.print(
        "quotes: quotes by people, then each gender's share of them; no-person: quotes with no person "
        "speaker; people: distinct people quoted, then women's share of them. --json gives every count."
    )
    if totals:
        console.print(f"Rows with {ALL!r}: the totals of one {' or one '.join(by)} over every "
                      f"{' or every '.join(reversed(by))}.")
    if any(part.to_json()["quotes"]["small_sample"] for part in groups.values()):
        console.print(f"†: fewer than {small_sample_quotes()} quotes, so one more quote can move the shares "
                      "by several points.")


def _grouped_rows(groups: dict[tuple, Summary]) -> list[list[str]]:
    rows = []
    for key, summary in groups.items():
        part = summary.to_json()
        gq, gs = part["quotes"], part["speakers"]
        rows.append([
            *key,
            f"{gq['total']:,}" + ("†" if gq["small_sample"] else ""),
            *(_percent(gq[g]["count"], gq["total"]) for g in GENDERS),
            f"{gq['no_person_speaker']:,}",
            f"{gs['total']:,}",
            _percent(gs["female"]["count"], gs["total"]),
        ])
    return rows


def _grouped_table(groups: dict[tuple, Summary], by: list[str], width: int,
                   totals: dict[str, dict[str, Summary]] | None = None):
    """Shares only, so a row fits a terminal (--json has every count).

    The figures are never cut: each figure column is as wide as its widest
    cell, and the group names (outlet, month) share what is left, the longest
    narrowed first. A name too long for its column wraps onto more lines rather
    than losing its end: outlets often share their first words ("The Daily ...").
    Returns the table and the width to draw it at: ``width``, or more when even
    narrowed names do not fit.
    """
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    headers = [
        "quotes", *({"nonbinary": "nb", "unknown": "unkn."}.get(g, GENDER_TITLES[g]) for g in GENDERS),
        "no-person", "people", "women",
    ]
    sections = [_grouped_rows(groups)]
    for position, name in enumerate(by):
        if name in (totals or {}):
            # The totals of each value of one key: the other key's cells read "all".
            sections.append(_grouped_rows({
                tuple(value if i == position else ALL for i in range(len(by))): summary
                for value, summary in totals[name].items()
            }))
    rows = [row for section in sections for row in section]
    columns = [*by, *headers]
    natural = [max([len(name), *(len(row[i]) for row in rows)]) for i, name in enumerate(columns)]
    # One space of padding after each column and one between columns, no outer edges.
    fixed = sum(natural[len(by):]) + 2 * len(columns) - 1
    least = 7  # "2016-05"
    width = max(width, fixed + sum(min(w, least) for w in natural[: len(by)]))
    key_widths = _share(natural[: len(by)], width - fixed, least)
    table = Table(title="by " + " and ".join(by), box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 1, 0, 0))
    for key, key_width in zip(by, key_widths):
        table.add_column(key, overflow="fold", width=key_width)
    for header, figure_width in zip(headers, natural[len(by):]):
        table.add_column(header, justify="right", no_wrap=True, width=figure_width)
    for number, section in enumerate(sections):
        if number:
            table.add_section()
        for row in section:
            # Outlet names are data: "[Guardian]" is shown as written, not read as a style.
            table.add_row(*(escape(cell) for cell in row))
    return table, width


def _share(wanted: list[int], room: int, least: int) -> list[int]:
    """Widths for the group-name columns: what each needs, the narrowest first, within ``room``."""
    widths = list(wanted)
    for i in sorted(range(len(wanted)), key=lambda i: wanted[i], reverse=True):
        excess = sum(widths) - room
        if excess <= 0:
            break
        widths[i] = max(least, widths[i] - excess)
    return widths


# ---------------------------------------------------------------- command


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "stats", help=HELP, description=HELP, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("input", nargs="?", metavar="INPUT", help="extract output (.jsonl, - for standard input) or a .duckdb store")
    parser.add_argument("--db", metavar="FILE", help="a store to read, as the other store commands take it")
    parser.add_argument(
        "--by", action="append", choices=GROUP_KEYS, metavar="{outlet,month}",
        help="also break the counts down by outlet or month (give twice for both)",
    )
    parser.add_argument(
        "--act", choices=ACT_CHOICES, default="speech",
        help="which quotes count: speech (the default: said, told, wrote), thought (believes, wants), "
             "other (what a poll or document shows), or all",
    )
    parser.add_argument("--json", action="store_true", help="print the counts and shares as JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    source = args.input or args.db
    if not source:
        print("whosaid stats: give an extract output (.jsonl) or a store (.duckdb); see `whosaid stats --help`", file=sys.stderr)
        return 2
    if args.input and args.db:
        print("whosaid stats: give INPUT or --db, not both", file=sys.stderr)
        return 2
    if source != "-" and not Path(source).exists():
        print(f"whosaid stats: {source}: no such file", file=sys.stderr)
        return 1
    from ..store import NotAStore

    by = list(dict.fromkeys(args.by or []))
    warnings: list[str] = []
    try:
        articles_read: set[str] = set()
        if args.db or is_store(source):
            rows: Iterable[QuoteRow] = read_store(source, articles_read)
        else:
            rows, warnings = read_extract_jsonl(source, articles_read)
        left_out: Counter = Counter()
        totals: dict[str, dict[str, Summary]] = {}
        overall, groups = summarize(of_act(rows, args.act, left_out), by, totals)
    except NotAStore as exc:
        print(f"whosaid stats: {exc}", file=sys.stderr)
        return 2
    except StatsError as exc:
        print(f"whosaid stats: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"whosaid stats: {source}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    for warning in warnings:
        print(f"whosaid stats: {warning}", file=sys.stderr)
    counted_quotes = overall.to_json()["quotes"]["all"]
    every_act = counted_quotes + sum(left_out.values())
    if args.json:
        out = {"input": source, "act": args.act, "articles_read": len(articles_read),
               "quotes_of_every_act": every_act,
               "other_acts_left_out": dict(sorted(left_out.items())),
               "overall": overall.to_json(), "skipped_lines": len(warnings)}
        if by:
            out["groups"] = [{**dict(zip(by, key)), **summary.to_json()} for key, summary in groups.items()]
        if totals:
            out["totals"] = {name: [{name: value, **summary.to_json()} for value, summary in summaries.items()]
                             for name, summaries in totals.items()}
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    title = title_counts(len(articles_read), args.act, counted_quotes, every_act)
    show(overall, groups, by, "stdin" if source == "-" else Path(source).name, title, totals)
    print(_act_line(args.act, left_out))
    if warnings:
        print(f"whosaid stats: {len(warnings)} line(s) skipped (reasons above)", file=sys.stderr)
    return 0
