"""Read-only questions the dashboard asks of a whosaid store.

Every function takes a ``Reader`` (a DuckDB cursor, one per request: DuckDB
connections are not safe to share between threads) and returns plain dicts and
lists. User input only ever reaches SQL as ``?`` parameters; the SQL text is
assembled from the constant fragments below.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import duckdb

from ..context import first_named_paragraph
from ..store.rows import EARLIEST_DATE, latest_date
from ..store.search import SCHEMA as SEARCH_INDEX
from .highlight import resolution_label

GENDERS = ("female", "male", "nonbinary", "unknown")

# A share resting on fewer quotes than this is flagged (pages mark it, charts hatch it, the API says
# ``small_sample``): one more quote can move it by several points.
SMALL_SAMPLE_QUOTES = 30

# What "who gets a voice" counts unless asked otherwise: what people said, not
# what they are reported to believe or what a poll shows (``attribute.act``).
FIGURE_ACT = "speech"
# A quote (q) of the act given; quotes stored before acts were read count as speech.
_OF_ACT = "coalesce(q.act, 'speech') = ?"
# The group of articles no outlet is known for, in figures by outlet; as an outlet filter it selects
# them, so that group's counts link to their quotes like any outlet's.
NO_OUTLET = "(no outlet)"
# Copies of a text from the earliest dated, undated last; ties by outlet (named first) and address.
_PUBLICATION_ORDER = "coalesce(date, DATE '9999-12-31'), outlet IS NULL, outlet, url"
_OUTLET_CLAUSE = f"a.article_id IN (SELECT article_id FROM outlet_articles WHERE coalesce(outlet, '{NO_OUTLET}') = ?)"
# The copy of a text that figures over every outlet count it as: its first publication, the earliest date any copy
# gives (an undated copy comes last), with that copy's outlet and address. ``articles`` keeps the first copy *read*,
# which need not be the first published, so no figure dates a text by it.
FIRST_PUBLICATIONS = f"""(SELECT article_id, min(date) AS date,
        arg_min(outlet, ({_PUBLICATION_ORDER})) AS outlet, arg_min(url, ({_PUBLICATION_ORDER})) AS url
    FROM article_publications GROUP BY article_id)"""
DATING_NOTE = (
    "A text several outlets ran (wire copy, syndication) counts once in figures over all outlets, in the month "
    "it was first published (the earliest date any copy gives); in figures by outlet, and with an outlet chosen, "
    "it counts under each outlet that ran it, on the date that outlet gave. Date filters read the same dates."
)
ACT_NOTE = {
    "speech": "Counted: speech only (said, told, wrote, according to). Thoughts (believes, wants) and what documents show are left out.",
    "thought": "Counted: thoughts only (believes, thinks, wants, plans, fears).",
    "other": "Counted: what documents, polls and actions show only (a poll found, data show).",
    "all": "Counted: every act (speech, thought, and what documents show).",
}

GENDER_NOTE = (
    "Gender is inferred from what the articles themselves say about each person: "
    "pronouns that refer to them (he, she, they), honorifics (Mr, Ms, Mx), gendered "
    "role nouns (chairwoman, spokesman) and, as the weakest hint, common first names. "
    "“Unknown” means no evidence was found; nobody is assumed to be a man or a woman "
    "by default. Shares count quotes from people; quotes from organisations, groups "
    "and unnamed sources are counted separately. Each person's evidence is on their page."
)

MAX_SEARCH_TERMS = 12

# The corpus-wide gender of a named speaker wins; an unnamed or unlinked
# source keeps the gender its own article showed ("a spokeswoman said").
GENDER_SQL = """(CASE WHEN s.gender IS NOT NULL AND s.gender <> 'unknown' THEN s.gender
                 ELSE coalesce(q.gender, 'unknown') END)"""


# The role a quote's list shows: the one its own article gives (a speaker's current role may be a later one),
# unless the user gave the speaker a role in the registry.
QUOTE_ROLE_SQL = "(CASE WHEN s.role_basis = 'registry' THEN s.role ELSE q.role END)"


# How search folds a quote's text before looking for the (folded) terms in it:
# the order the full-text index folds its words in.
FOLDED_TEXT = "lower(strip_accents(q.text))"


class Reader:
    """A cursor on the store, and whether the full-text index is current.

    ``indexed``: the full-text index holds every quote (``whosaid.store.search``);
    otherwise search scans the quotes.
    """

    def __init__(self, cursor: duckdb.DuckDBPyConnection, indexed: bool = False):
        self.cursor = cursor
        self.indexed = indexed

    def execute(self, sql: str, params: list[Any] | None = None) -> duckdb.DuckDBPyConnection:
        return self.cursor.execute(sql, params or [])

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Statements inside see the store as it was at the first of them (row numbers stay put)."""
        self.cursor.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.cursor.execute("ROLLBACK")
            raise
        self.cursor.execute("COMMIT")


# Filters that compare one column with the value given.
_SIMPLE_FILTERS = (
    # An article counts for every outlet that published it (syndicated and wire copies).
    ("outlet", _OUTLET_CLAUSE),
    ("date_from", "pub.date >= ?"),
    ("date_to", "pub.date <= ?"),
    ("kind", "q.kind = ?"),
    ("speaker_kind", "q.speaker_kind = ?"),
    ("speaker_id", "q.speaker_id = ?"),
    ("article_id", "q.article_id = ?"),
)


@dataclass
class QuoteFilter:
    """Filters shared by search, top voices, overview and trends."""

    q: str | None = None
    speaker: str | None = None
    outlet: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    kind: str | None = None
    gender: str | None = None
    speaker_kind: str | None = None
    article_id: str | None = None
    speaker_id: str | None = None
    # speech | thought | other | all; None: every act for a search, speech for a figure (``figures``).
    act: str | None = None
    terms: list[str] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self.terms = search_terms(self.q or "")

    def figures(self) -> QuoteFilter:
        """The filter a corpus figure reads: speech only unless another act (or all) was asked for."""
        if self.act is not None:
            return self
        return replace(self, act=FIGURE_ACT)

    def published(self, by_outlet: bool = False, read: bool = True) -> tuple[str, list[Any]]:
        """The join of ``pub`` (``outlet``, ``date``): the publication each article counts as, whose date the date
        filters and months read. Over every outlet a text counts once, as first published (``FIRST_PUBLICATIONS``);
        with an outlet chosen, or ``by_outlet``, once under each outlet that ran it, on that outlet's date.
        Nothing when the caller does not ``read`` its columns and no filter needs it (an article is one row)."""
        if not (self.outlet or by_outlet or read or self.date_from or self.date_to):
            return "", []
        if not (self.outlet or by_outlet):
            return f"JOIN {FIRST_PUBLICATIONS} pub ON pub.article_id = a.article_id\n", []
        join = "JOIN outlet_articles pub ON pub.article_id = a.article_id"
        if not self.outlet:
            return join + "\n", []
        # With an outlet chosen, figures by outlet show that outlet alone: a syndicated article it ran would
        # otherwise add a group for each other outlet that carried it.
        return join + f" AND coalesce(pub.outlet, '{NO_OUTLET}') = ?\n", [self.outlet]

    def where(self, cur: Reader) -> tuple[str, list[Any]]:
        """A WHERE clause over ``quotes q JOIN articles a LEFT JOIN speakers s`` and the join ``published`` gives."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.terms:
            clause, term_params = _text_match(cur, self.terms)
            clauses.append(clause)
            params += term_params
        if self.speaker:
            clauses.append("(q.speaker_id = ? OR contains(strip_accents(lower(q.speaker_name)), ?))")
            params += [self.speaker, fold(self.speaker)]
        if self.gender:
            clauses.append(f"q.speaker_kind = 'person' AND {GENDER_SQL} = ?")
            params.append(self.gender)
        for name, clause in _SIMPLE_FILTERS:
            value = getattr(self, name)
            if value:
                clauses.append(clause)
                params.append(value)
        if self.act and self.act != "all":
            clauses.append(_OF_ACT)
            params.append(self.act)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


_QUOTE_AND_ARTICLE = """
FROM quotes q
JOIN articles a ON a.article_id = q.article_id
"""
_QUOTE_FROM = _QUOTE_AND_ARTICLE + """LEFT JOIN speakers s ON s.speaker_id = q.speaker_id
"""


def _text_match(cur: Reader, terms: list[str]) -> tuple[str, list[Any]]:
    """A clause true for quotes whose folded text contains every term; through the index when it may be read.

    The index gives the quotes that have, for every word of every term, an
    indexed word containing it. A term that is a single word is in a quote's
    text exactly when it is inside one of the quote's words, so those quotes
    are the answer; terms with spaces or punctuation ("20%", "a single bug")
    are then looked for in the text of those quotes only.
    """
    scan = " AND ".join(f"contains({FOLDED_TEXT}, ?)" for _ in terms), list(terms)
    if not cur.indexed:
        return scan
    words: set[str] = set()
    checks: list[str] = []
    for term, stable, term_words in cur.execute(
        f"""SELECT term, lower(strip_accents(term)) = term,
                   list_distinct(list_filter({SEARCH_INDEX}.tokenize(term), w -> w <> ''))
            FROM unnest(?::VARCHAR[]) AS t(term)""",
        [terms],
    ).fetchall():
        if stable:  # always, for terms from ``fold``; else the index cannot vouch for the term
            words.update(term_words)
        if not (stable and term_words == [term]):
            checks.append(term)
    if not words:
        return scan
    words_list = sorted(words)
    # The checks come in as a column of the found quotes, not as constants:
    # DuckDB would otherwise test them against every quote's text before the
    # join, which is the scan the index is there to avoid.
    found = f"""SELECT d.name AS quote_id, ?::VARCHAR[] AS checks
        FROM (SELECT t.docid
              FROM (SELECT unnest(?::VARCHAR[]) AS word) w
              JOIN {SEARCH_INDEX}.dict v ON contains(v.term, w.word)
              JOIN {SEARCH_INDEX}.terms t ON t.termid = v.termid
              GROUP BY t.docid HAVING count(DISTINCT w.word) = ?) ids
        JOIN {SEARCH_INDEX}.docs d ON d.docid = ids.docid"""
    params: list[Any] = [checks, words_list, len(words_list)]
    if not checks:
        return f"q.quote_id IN (SELECT quote_id FROM ({found}))", params
    return f"""q.quote_id IN (
        SELECT found.quote_id FROM ({found}) found JOIN quotes x ON x.quote_id = found.quote_id
        WHERE list_bool_and(list_transform(found.checks, c -> contains(lower(strip_accents(x.text)), c))))""", params


def fold(text: str) -> str:
    """Lower case without accents, as DuckDB's ``lower(strip_accents(...))``: "Müller" finds "muller"."""
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))


def search_terms(query: str) -> list[str]:
    """Folded words and "quoted phrases" (see ``fold``); every one must appear in a quote."""
    terms = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', query):
        term = fold((phrase or word).strip())
        if term and term not in terms:
            terms.append(term)
    return terms[:MAX_SEARCH_TERMS]


def _rows(cur: Reader, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    result = cur.execute(sql, params or [])
    names = [d[0] for d in result.description]
    return [dict(zip(names, row)) for row in result.fetchall()]


def _one(cur: Reader, sql: str, params: list[Any] | None = None) -> dict[str, Any] | None:
    rows = _rows(cur, sql, params)
    return rows[0] if rows else None


def _gender_counts(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counts = {g: 0 for g in GENDERS}
    for row in rows:
        gender = row["gender"] if row["gender"] in counts else "unknown"
        counts[gender] += row["quotes"]
    total = sum(counts.values())
    return [{"gender": g, "quotes": n, "share": share(n, total)} for g, n in counts.items()]


def share(part: int, total: int) -> float | None:
    """``part / total`` to four places; None when nothing matched (no quotes is not 0%)."""
    return round(part / total, 4) if total else None


def small_sample(total: int) -> bool:
    """True when a share rests on so few quotes that it should be read with care (never for no quotes)."""
    return 0 < total < SMALL_SAMPLE_QUOTES


def overview(cur: Reader, flt: QuoteFilter) -> dict[str, Any]:
    flt = flt.figures()
    pub, pub_params = flt.published(read=False)
    where, params = flt.where(cur)
    where, params = pub + where, pub_params + params
    distinct = _one(
        cur,
        f"""SELECT count(DISTINCT q.speaker_id) AS speakers,
                   count(DISTINCT q.speaker_id) FILTER (WHERE q.speaker_kind = 'person') AS people
            {_QUOTE_FROM}{where}""",
        params,
    )
    # One pass gives every breakdown: by gender (people only), by kind, and the sources that are not people.
    groups = _rows(
        cur,
        f"""SELECT q.speaker_kind, q.kind, {GENDER_SQL} AS gender, count(*) AS quotes
            {_QUOTE_FROM}{where} GROUP BY ALL""",
        params,
    )
    article_where, article_params = _article_where(flt, read=False)
    articles = _one(cur, f"SELECT count(*) AS n FROM articles a {article_where}", article_params)["n"]
    by_kind: dict[str, int] = {}
    not_people: dict[str, int] = {}
    for row in groups:
        by_kind[row["kind"]] = by_kind.get(row["kind"], 0) + row["quotes"]
        if row["speaker_kind"] != "person":
            not_people[row["speaker_kind"]] = not_people.get(row["speaker_kind"], 0) + row["quotes"]
    by_gender = _gender_counts([row for row in groups if row["speaker_kind"] == "person"])
    people_quotes = sum(g["quotes"] for g in by_gender)
    return {
        "articles": articles,
        "quotes": sum(row["quotes"] for row in groups),
        "speakers": distinct["speakers"],
        "people": distinct["people"],
        "people_quotes": people_quotes,
        "small_sample": small_sample(people_quotes),
        "by_gender": by_gender,
        "by_kind": [{"kind": k, "quotes": n} for k, n in sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0]))],
        "not_people": [
            {"speaker_kind": k, "quotes": n} for k, n in sorted(not_people.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "gender_note": GENDER_NOTE,
        "dating_note": DATING_NOTE,
        "act": flt.act,
        "act_note": ACT_NOTE[flt.act],
    }


def _article_where(flt: QuoteFilter, read: bool = True) -> tuple[str, list[Any]]:
    """The join ``QuoteFilter.published`` gives and a WHERE clause, over ``articles a``."""
    join, params = flt.published(read=read)
    clauses = []
    if flt.date_from:
        clauses.append("pub.date >= ?")
        params.append(flt.date_from)
    if flt.date_to:
        clauses.append("pub.date <= ?")
        params.append(flt.date_to)
    return join + ((" WHERE " + " AND ".join(clauses)) if clauses else ""), params


_GROUPINGS = {
    "month": "strftime(pub.date, '%Y-%m')",
    "outlet": f"coalesce(pub.outlet, '{NO_OUTLET}')",
}


def _and(where: str, clause: str) -> str:
    """``where`` (a WHERE clause or nothing) with ``clause`` too."""
    return where + (" AND " if where else " WHERE ") + clause


def trends(cur: Reader, group: str, flt: QuoteFilter) -> dict[str, Any]:
    """Quotes from people by gender, grouped by month or by outlet."""
    key = _GROUPINGS[group]  # the caller validated ``group``; never user text in SQL
    flt = flt.figures()
    pub, pub_params = flt.published(by_outlet=group == "outlet")
    where, params = flt.where(cur)
    rows = _rows(
        cur,
        f"""SELECT {key} AS key, {GENDER_SQL} AS gender, count(*) AS quotes
            {_QUOTE_FROM}{pub}{_and(where, "q.speaker_kind = 'person'")} GROUP BY ALL""",
        pub_params + params,
    )
    groups: dict[str | None, list[dict[str, Any]]] = {}
    first, last = plausible_months()
    for row in rows:
        key = row["key"]
        if group == "month" and key is not None and not first <= key <= last:
            key = None  # a date no article can have, from a store written before dates were checked
        groups.setdefault(key, []).append(row)
    undated = sum(r["quotes"] for r in groups.pop(None, []))
    series = []
    for name in sorted(groups, key=str):
        counts = _gender_counts(groups[name])
        total = sum(c["quotes"] for c in counts)
        series.append(
            {
                "key": name,
                "quotes": total,
                "small_sample": small_sample(total),
                "counts": {c["gender"]: c["quotes"] for c in counts},
                "shares": {c["gender"]: c["share"] for c in counts},
            }
        )
    if group == "outlet":
        series.sort(key=lambda s: (-s["quotes"], s["key"]))
    else:
        series = _fill_months(series)
    return {"group": group, "rows": series, "undated_quotes": undated}


def women_by_outlet_and_month(cur: Reader, flt: QuoteFilter) -> dict[str, Any]:
    """Women's share of quotes from people for each outlet, month by month (dated articles only)."""
    flt = flt.figures()
    # Each outlet's quotes in the month that outlet ran them.
    pub, pub_params = flt.published(by_outlet=True)
    where, params = flt.where(cur)
    where = _and(where, "q.speaker_kind = 'person' AND pub.date BETWEEN ? AND ?")
    rows = _rows(
        cur,
        f"""SELECT {_GROUPINGS["outlet"]} AS outlet, {_GROUPINGS["month"]} AS month,
                   count(*) AS quotes, count(*) FILTER (WHERE {GENDER_SQL} = 'female') AS women
            {_QUOTE_FROM}{pub}{where} GROUP BY ALL""",
        pub_params + params + [EARLIEST_DATE, latest_date()],
    )
    if not rows:
        return {"months": [], "outlets": []}
    months = _months_between(min(r["month"] for r in rows), max(r["month"] for r in rows))
    cells = {(r["outlet"], r["month"]): r for r in rows}
    totals: dict[str, int] = {}
    for r in rows:
        totals[r["outlet"]] = totals.get(r["outlet"], 0) + r["quotes"]
    outlets = []
    for outlet in sorted(totals, key=lambda o: (-totals[o], o)):
        points = []
        for month in months:
            cell = cells.get((outlet, month))
            quotes, women = (cell["quotes"], cell["women"]) if cell else (0, 0)
            points.append({"month": month, "quotes": quotes, "women": women,
                           "share": share(women, quotes), "small_sample": small_sample(quotes)})
        outlets.append({"outlet": outlet, "quotes": totals[outlet], "points": points})
    return {"months": months, "outlets": outlets}


def plausible_months() -> tuple[str, str]:
    """The first and last month (YYYY-MM) an article's date can fall in: month fills never go beyond."""
    return EARLIEST_DATE.strftime("%Y-%m"), latest_date().strftime("%Y-%m")


def _months_between(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _fill_months(series: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Months without quotes from people appear as empty rows, so a gap shows as a gap."""
    if not series:
        return series
    by_key = {row["key"]: row for row in series}
    return [
        by_key.get(m) or {
            "key": m, "quotes": 0, "small_sample": False,
            "counts": {g: 0 for g in GENDERS}, "shares": {g: None for g in GENDERS},
        }
        for m in _months_between(series[0]["key"], series[-1]["key"])
    ]


def voices(
    cur: Reader, flt: QuoteFilter, limit: int, offset: int
) -> dict[str, Any]:
    """Most quoted named speakers, most quotes first."""
    flt = flt.figures()
    pub, pub_params = flt.published()
    where, params = flt.where(cur)
    where = pub + _and(where, "q.speaker_id IS NOT NULL AND s.speaker_id IS NOT NULL")
    params = pub_params + params
    items = _rows(
        cur,
        f"""SELECT count(*) OVER () AS total, s.speaker_id, s.name, s.kind, s.gender, s.role,
                   count(DISTINCT q.quote_id) AS quotes,
                   count(DISTINCT q.article_id) AS articles,
                   coalesce(list_sort(list(DISTINCT oa.outlet) FILTER (WHERE oa.outlet IS NOT NULL)), []) AS outlets,
                   min(pub.date) AS first_date, max(pub.date) AS last_date
            {_QUOTE_FROM}LEFT JOIN outlet_articles oa ON oa.article_id = a.article_id
            {where}
            GROUP BY s.speaker_id, s.name, s.kind, s.gender, s.role
            ORDER BY quotes DESC, s.name, s.speaker_id
            LIMIT ? OFFSET ?""",
        params + [limit, offset],
    )
    total = (
        _pop_total(items) if items
        else _one(cur, f"SELECT count(DISTINCT q.speaker_id) AS n {_QUOTE_FROM}{where}", params)["n"]
    )
    return _page(items, total, limit, offset)


# The address an outlet gave with its earliest copy of a text (undated copies last); ``p`` prefixes the columns.
_EARLIEST_URL = "arg_min({p}url, coalesce({p}date, DATE '9999-12-31'))"


def quotes(cur: Reader, flt: QuoteFilter, limit: int, offset: int) -> dict[str, Any]:
    """Quotes matching the filter, newest article first."""
    where, params = flt.where(cur)
    # The page is chosen on narrow columns, without the speakers unless the filter needs them; the
    # speakers' gender and role are looked up for the page's rows, and the quotes' texts read for them.
    source = _QUOTE_FROM if flt.gender else _QUOTE_AND_ARTICLE
    # A list shows each article as the figures count it: with an outlet chosen, a syndicated article the list
    # holds because that outlet ran it too is shown as that outlet's, on the date it gave; else as first published.
    pub, pub_params = flt.published()
    source += pub
    params = pub_params + params
    with cur.snapshot():
        page = _rows(
            cur,
            # The page's own columns are named as the quotes' (q), so GENDER_SQL reads them.
            f"""SELECT q.total, q.row_number, {GENDER_SQL} AS gender, {QUOTE_ROLE_SQL} AS role,
                       q.title, q.outlet, q.date
                FROM (SELECT count(*) OVER () AS total, q.rowid AS row_number, q.speaker_id, q.gender, q.role,
                             a.title, pub.outlet, pub.date, q.article_id, q.position
                      {source}{where}
                      ORDER BY pub.date DESC NULLS LAST, q.article_id, q.position
                      LIMIT ? OFFSET ?) q
                LEFT JOIN speakers s ON s.speaker_id = q.speaker_id
                ORDER BY q.date DESC NULLS LAST, q.article_id, q.position""",
            params + [limit, offset],
        )
        if not page:
            return _page([], _one(cur, f"SELECT count(*) AS n {source}{where}", params)["n"], limit, offset)
        texts = {
            row.pop("row_number"): row
            for row in _rows(
                cur,
                """SELECT rowid AS row_number, quote_id, article_id, position, kind, text, cue_text, source_text,
                          speaker_id, speaker_name, speaker_kind, addressee, medium, confidence, act, speaker_description
                   FROM quotes WHERE rowid IN (SELECT unnest(?::BIGINT[]))""",
                [[row["row_number"] for row in page]],
            )
        }
    total = _pop_total(page)
    items = [{**texts[row.pop("row_number")], **row} for row in page]
    for item in items:
        item["resolution"] = resolution_label(item["source_text"], item["speaker_name"])
    return _page(items, total, limit, offset)


def _pop_total(items: list[dict[str, Any]]) -> int:
    """The ``count(*) OVER ()`` column: one query gives the page and the number of matches."""
    total = items[0]["total"]
    for item in items:
        del item["total"]
    return total


CSV_COLUMNS = (
    "quote_id", "article_id", "position", "date", "outlet", "title", "kind", "text", "cue_text", "source_text",
    "speaker_name", "speaker_id", "speaker_kind", "gender", "role", "addressee", "medium", "confidence", "act",
)


def quote_rows(cur: Reader, flt: QuoteFilter, max_rows: int) -> Iterator[tuple]:
    """Every quote matching the filter as CSV_COLUMNS tuples, in the search order, fetched in chunks."""
    pub, pub_params = flt.published()
    where, params = flt.where(cur)
    result = cur.execute(
        f"""SELECT quote_id, article_id, position, date, outlet, title, kind, text, cue_text, source_text,
                   speaker_name, speaker_id, speaker_kind, gender, role, addressee, medium, confidence, act
            FROM (SELECT q.quote_id, q.article_id, q.position, pub.date, pub.outlet, a.title, q.kind, q.text,
                         q.cue_text, q.source_text, q.speaker_name, q.speaker_id, q.speaker_kind, {GENDER_SQL} AS gender,
                         {QUOTE_ROLE_SQL} AS role, q.addressee, q.medium, q.confidence, q.act
                  {_QUOTE_FROM}{pub}{where}
                  ORDER BY pub.date DESC NULLS LAST, q.article_id, q.position
                  LIMIT ?)
            ORDER BY date DESC NULLS LAST, article_id, position""",
        pub_params + params + [max_rows],
    )
    while rows := result.fetchmany(1000):
        yield from rows


def articles(cur: Reader, flt: QuoteFilter, limit: int, offset: int) -> dict[str, Any]:
    """Articles, newest first, each with ``quotes`` of the figure's act (speech unless asked otherwise), the
    count top voices and the overview give, and ``n_quotes`` of every act."""
    where, params = _article_where(flt)
    act = flt.figures().act
    counted = "a.n_quotes" if act == "all" else (
        f"(SELECT count(*) FROM quotes q WHERE q.article_id = a.article_id AND {_OF_ACT})"
    )
    # The address of the copy the row stands for: the first published, or the chosen outlet's own.
    url, url_params = "coalesce(pub.url, a.url)", []
    if flt.outlet and flt.outlet != NO_OUTLET:
        url = (f"coalesce((SELECT {_EARLIEST_URL.format(p='p.')} FROM article_publications p "
               "WHERE p.article_id = a.article_id AND p.outlet = ? AND p.url IS NOT NULL), a.url)")
        url_params = [flt.outlet]
    items = _rows(
        cur,
        f"""SELECT count(*) OVER () AS total, a.article_id, a.title, pub.outlet, pub.date, a.author, {url} AS url,
                   a.n_quotes, {counted} AS quotes
            FROM articles a {where}
            ORDER BY pub.date DESC NULLS LAST, a.title, a.article_id
            LIMIT ? OFFSET ?""",
        url_params + ([] if act == "all" else [act]) + params + [limit, offset],
    )
    total = _pop_total(items) if items else _one(cur, f"SELECT count(*) AS n FROM articles a {where}", params)["n"]
    return _page(items, total, limit, offset)


def article(cur: Reader, article_id: str) -> dict[str, Any] | None:
    # ``*``: a store made before ``date_problem`` or ``headline_end`` existed, opened read-only, has no such column.
    row = _one(cur, "SELECT * EXCLUDE (ingested_at) FROM articles WHERE article_id = ?", [article_id])
    if row is None:
        return None
    row.setdefault("date_problem", None)
    row.setdefault("headline_end", None)
    # Shown as first published, as figures over every outlet date it: the row is the first copy *read*.
    first = _one(cur, f"SELECT outlet, date, url FROM {FIRST_PUBLICATIONS} p WHERE article_id = ?", [article_id])
    if first is not None:
        row["outlet"], row["date"], row["url"] = first["outlet"], first["date"], first["url"] or row["url"]
    row["quotes"] = _rows(
        cur,
        f"""SELECT q.quote_id, q.position, q.kind, q.text, q.content, q.source, q.cue,
                  q.cue_text, q.source_text, q.speaker_id, q.speaker_name, q.speaker_kind,
                  q.addressee, q.medium, q.confidence, q.act, q.speaker_description,
                  {GENDER_SQL} AS gender, {QUOTE_ROLE_SQL} AS role
           FROM quotes q LEFT JOIN speakers s ON s.speaker_id = q.speaker_id
           WHERE q.article_id = ? ORDER BY q.position""",
        [article_id],
    )
    echoes = {e.pop("position"): e for e in _echoes(cur, article_id)}
    for quote in row["quotes"]:
        quote["echo"] = echoes.get(quote["position"])
    # The text may have run under other outlets too (wire, syndication), and counts under each of them in every
    # figure by outlet.
    row["also_published"] = _rows(
        cur,
        f"""SELECT outlet, min(date) AS date, {_EARLIEST_URL.format(p='')} AS url
           FROM article_publications
           WHERE article_id = ? AND outlet IS NOT NULL AND outlet IS DISTINCT FROM ?
           GROUP BY outlet ORDER BY date NULLS LAST, outlet""",
        [article_id, row["outlet"]],
    )
    return row


def _echoes(cur: Reader, article_id: str) -> list[dict[str, Any]]:
    """For each quote of the article also found in other articles: how many, where it appeared first, every outlet,
    and the other articles' outlets (with how many of them have none).

    Quotes are the same when they are in one travel group (``quote_groups``:
    the same folded text, or one trimmed, extended or reworded from the
    other); quotes of fewer than four words ("no comment") are too common to count.
    """
    return _rows(
        cur,
        """WITH keyed AS (
               SELECT q.quote_id, q.article_id, q.position, coalesce(g.group_id, left(md5(q.norm_text), 16)) AS group_id
               FROM quotes q LEFT JOIN quote_groups g ON g.text_key = left(md5(q.norm_text), 16)
               WHERE len(string_split(q.norm_text, ' ')) >= 4
           ),
           mine AS (SELECT position, group_id FROM keyed WHERE article_id = ?),
           carried AS (
               SELECT m.position, o.quote_id, o.article_id, p.outlet, p.date, oa.ingested_at
               FROM mine m JOIN keyed o ON o.group_id = m.group_id
               JOIN articles oa ON oa.article_id = o.article_id
               JOIN article_publications p ON p.article_id = o.article_id
           ),
           seen AS (
               SELECT position, count(DISTINCT article_id) - 1 AS other_articles,
                      arg_min(quote_id, (coalesce(date, DATE '9999-12-31'), ingested_at, quote_id)) AS first_quote_id,
                      coalesce(list_sort(list(DISTINCT outlet) FILTER (WHERE outlet IS NOT NULL)), []) AS outlets,
                      coalesce(list_sort(list(DISTINCT outlet) FILTER (WHERE outlet IS NOT NULL AND article_id <> ?)), [])
                          AS other_outlets,
                      count(DISTINCT article_id) FILTER (WHERE article_id <> ? AND outlet IS NULL) AS other_without_outlet
               FROM carried GROUP BY position
           )
           SELECT s.position, s.other_articles, f.article_id AS first_article_id, f.position AS first_position,
                  fa.title AS first_title,
                  (SELECT arg_min(p.outlet, (coalesce(p.date, DATE '9999-12-31'), p.outlet)) FROM article_publications p
                   WHERE p.article_id = f.article_id) AS first_outlet,
                  (SELECT min(p.date) FROM article_publications p WHERE p.article_id = f.article_id) AS first_date,
                  s.outlets, s.other_outlets, s.other_without_outlet
           FROM seen s
           JOIN quotes f ON f.quote_id = s.first_quote_id
           JOIN articles fa ON fa.article_id = f.article_id
           WHERE s.other_articles > 0 OR len(s.outlets) > 1""",
        [article_id, article_id, article_id],
    )


# Pieces of gender evidence a speaker page lists; the counts say how many there are in all.
EVIDENCE_SHOWN = 60


def evidence_link(article_id: str, paragraph: int | None) -> str:
    """The article page at the paragraph a piece of evidence is in."""
    return f"/articles/{article_id}" + (f"#p-{paragraph}" if paragraph is not None else "")


def _speaker_evidence(cur: Reader, row: dict[str, Any]) -> None:
    """The speaker's gender evidence, each piece with its article and paragraph: what goes against the gender first."""
    tables = {r[0] for r in cur.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if "gender_evidence" not in tables:  # a store written by an earlier whosaid
        return
    decided = _one(cur, "SELECT gender_basis, gender_summary, coalesce(gender_conflict, false) AS gender_conflict "
                        "FROM speakers WHERE speaker_id = ?", [row["speaker_id"]])
    row.update(decided or {})
    # Half the list for each side when both have that much, so neither hides the other;
    # within a side, the articles with the strongest evidence first, each article's pieces together.
    row["evidence"] = _rows(
        cur,
        """WITH pieces AS (
               SELECT e.label, e.kind, e.text, e.strength, e.article_id, e.paragraph, e.name, a.title, a.outlet, a.date,
                      e.label IS DISTINCT FROM ? AS against,
                      max(e.strength) OVER (PARTITION BY e.article_id, e.label) AS article_strength
               FROM gender_evidence e JOIN articles a ON a.article_id = e.article_id
               WHERE e.speaker_id = ?),
           ranked AS (
               SELECT *, row_number() OVER (PARTITION BY against ORDER BY article_strength DESC, date DESC NULLS LAST,
                                            article_id, label, paragraph NULLS LAST, strength DESC, kind, text) AS n,
                         count(*) OVER (PARTITION BY against) AS side
               FROM pieces)
           SELECT label, kind, text, strength, article_id, paragraph, name, title, outlet, date FROM ranked
           WHERE n <= greatest(? // 2, ? - (SELECT coalesce(max(side), 0) FROM ranked r WHERE r.against <> ranked.against))
           ORDER BY against DESC, n""",
        [row["gender"], row["speaker_id"], EVIDENCE_SHOWN, EVIDENCE_SHOWN],
    )
    texts: dict[str, str] = {}
    for item in row["evidence"]:
        paragraph = item["paragraph"]
        if paragraph is None and item.get("name"):
            # Evidence of the name itself (its first name) has no paragraph: link where the article first names them.
            if item["article_id"] not in texts:
                texts[item["article_id"]] = (_one(cur, "SELECT text FROM articles WHERE article_id = ?",
                                                  [item["article_id"]]) or {}).get("text") or ""
            paragraph = first_named_paragraph(texts[item["article_id"]], item["name"], item["text"])
        item["link"] = evidence_link(item["article_id"], paragraph)
    counts = _one(cur, "SELECT count(*) AS n, count(DISTINCT article_id) AS articles FROM gender_evidence "
                       "WHERE speaker_id = ?", [row["speaker_id"]])
    row["evidence_total"], row["evidence_articles"] = counts["n"], counts["articles"]


def _act_clause(act: str) -> tuple[str, list[Any]]:
    """`` AND`` a quote (q) is of ``act``; nothing for every act."""
    return ("", []) if act == "all" else (f" AND {_OF_ACT}", [act])


def renamed_speaker(cur: Reader, speaker_id: str) -> str | None:
    """The speaker that now holds the name an id no longer in the store was made from, or None.

    A speaker's id is made from its canonical name, so a speaker renamed (`speakers relabel --name`), folded
    into another (`speakers merge`) or given a fuller name by a later article gets a new id, and links to the
    old one (bookmarks, shared addresses, exports) would find nothing. The old name is kept among the
    aliases of the speaker it went to; a name that hashes to the id and belongs to one speaker only is it.
    """
    from ..store.names import canonical_id

    held: set[str] = set()
    for row in _rows(cur, "SELECT DISTINCT alias, speaker_id FROM speaker_aliases"):
        if speaker_id in (canonical_id(row["alias"], "person"), canonical_id(row["alias"], "organization")):
            held.add(row["speaker_id"])
    return held.pop() if len(held) == 1 else None


def speaker(cur: Reader, speaker_id: str, act: str | None = None) -> dict[str, Any] | None:
    """One speaker; the counts (quotes, articles, outlets, months) are of ``act``, speech unless another
    (or all) is given, as top voices count; ``quotes_by_act`` counts every act."""
    act = act or FIGURE_ACT
    row = _one(
        cur,
        # The aliases' subquery names the speaker itself: correlated, it would group every speaker's aliases.
        """SELECT speaker_id, name, kind, gender, coalesce(gender_evidence, []) AS gender_evidence, role,
                  coalesce((SELECT list(alias ORDER BY alias) FROM speaker_aliases WHERE speaker_id = ?), [])
                      AS aliases
           FROM speakers s WHERE speaker_id = ?""",
        [speaker_id, speaker_id],
    )
    if row is None:
        return None
    _speaker_evidence(cur, row)
    # Quotes per outlet, per month and in all, in one pass: grouping() tells the three apart.
    # A syndicated article is a row per outlet, so counts are of distinct quotes and articles; its month is
    # that of its first publication, as on Trends.
    of_act, act_params = _act_clause(act)
    groups = _rows(
        cur,
        f"""SELECT grouping(outlet, month) AS level, outlet, month,
                  count(DISTINCT quote_id) AS quotes, count(DISTINCT article_id) AS articles
           FROM (SELECT coalesce(oa.outlet, '{NO_OUTLET}') AS outlet, strftime(pub.date, '%Y-%m') AS month,
                        q.quote_id, q.article_id
                 FROM quotes q JOIN {FIRST_PUBLICATIONS} pub ON pub.article_id = q.article_id
                 JOIN outlet_articles oa ON oa.article_id = q.article_id
                 WHERE q.speaker_id = ?{of_act})
           GROUP BY GROUPING SETS ((outlet), (month), ())""",
        [speaker_id, *act_params],
    )
    first, last = plausible_months()
    by_outlet = [g for g in groups if g["level"] == 1]
    months = [g for g in groups if g["level"] == 2]
    # Misdated articles of a store written before dates were checked count as undated, as on Trends.
    by_month = [g for g in months if g["month"] is not None and first <= g["month"] <= last]
    overall = next((g for g in groups if g["level"] == 3), {"quotes": 0, "articles": 0})
    row["outlets"] = [
        {"outlet": g["outlet"], "quotes": g["quotes"], "articles": g["articles"]}
        for g in sorted(by_outlet, key=lambda g: (-g["quotes"], g["outlet"]))
    ]
    # Every month from the first to the last, those without quotes too: the chart's axis is time, gaps show.
    counts = {g["month"]: g["quotes"] for g in by_month}
    row["timeline"] = [{"month": m, "quotes": counts.get(m, 0)}
                       for m in (_months_between(min(counts), max(counts)) if counts else [])]
    row["quotes"], row["articles"] = overall["quotes"], overall["articles"]
    row["undated_quotes"] = overall["quotes"] - sum(g["quotes"] for g in by_month)
    row["act"], row["act_note"] = act, ACT_NOTE[act]
    row["quotes_by_act"] = dict(cur.execute(
        "SELECT coalesce(act, 'speech'), count(*) FROM quotes WHERE speaker_id = ? GROUP BY 1 ORDER BY 1",
        [speaker_id],
    ).fetchall())
    # Latest first, as the store picks the current role (``Store._derive_roles``).
    # A role written in two cases ("Mayor Ann Lee", "the mayor, Ann Lee") is one role: shown as the
    # speaker's current role is written when it is that one, else as most of its quotes write it.
    row["roles"] = _rows(
        cur,
        """SELECT coalesce(CASE WHEN lower(q.role) = lower(?) THEN ? END, mode(q.role)) AS role,
                  count(*) AS quotes, strftime(min(a.date), '%Y-%m-%d') AS first_date,
                  strftime(max(a.date), '%Y-%m-%d') AS last_date
           FROM quotes q JOIN articles a USING (article_id)
           WHERE q.speaker_id = ? AND q.role IS NOT NULL
           GROUP BY lower(q.role) ORDER BY max(a.date) DESC NULLS LAST, quotes DESC, role""",
        [row["role"], row["role"], speaker_id],
    )
    return row


def outlets(cur: Reader, act: str | None = None) -> list[dict[str, Any]]:
    """Every outlet with its articles and its quotes of ``act`` (speech unless another, or all, is given)."""
    act = act or FIGURE_ACT
    of_act, act_params = _act_clause(act)
    # An article counts under every outlet that published it (syndicated and wire copies).
    return _rows(
        cur,
        f"""SELECT oa.outlet, count(DISTINCT a.article_id) AS articles, count(q.quote_id) AS quotes, ? AS act
           FROM outlet_articles oa JOIN articles a ON a.article_id = oa.article_id
           LEFT JOIN quotes q ON q.article_id = a.article_id{of_act}
           WHERE oa.outlet IS NOT NULL GROUP BY ALL ORDER BY articles DESC, oa.outlet""",
        [act, *act_params],
    )


def _page(items: list[dict[str, Any]], total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"total": total, "limit": limit, "offset": offset, "items": items}
