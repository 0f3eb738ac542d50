"""The tables the dashboard reads for speed: the full-text index of quotes and the repeated quotes.

Each is read only while it matches the quotes, and gives exactly the answers
of reading the quotes themselves; a store without them (no fts extension, an
older store, quotes added since) opens and answers the same, by scanning.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from whosaid.records import Article, ArticleResult, Quote, Speaker
from whosaid.serve import create_app, queries
from whosaid.serve.database import Database
from whosaid.store import Store
from whosaid.store.search import build_search_index, load_fts, search_index_is_current

# Each article: (date, outlet, text); every "…" in double quotes is a direct quote by the named speaker.
ARTICLES = [
    ("2024-03-01", "Harbour Gazette",
     'Tax row in the port\n\n"The new taxes will hurt every family on this coast," said Zoë Müller. '
     '"Nobody reads the syntax of a budget," Daniel Okafor said. '
     '"We will not accept a 20% rise, not a single cent more," said Zoë Müller.'),
    ("2024-03-02", "Northern Ledger",
     'Ferry strike ends\n\n"The boats are back and the crews are paid," said Ines Vogel. '
     '"It was déjà vu for the harbour: 1998 all over again," Daniel Okafor said. '
     '"Don\'t call it a victory for the U.S. operators," said Ines Vogel.'),
    ("2024-04-15", "Evening Courier",
     'Council votes on housing\n\n"The new taxes will hurt every family on this coast," said Zoë Müller. '
     '"Αυτό είναι καλό για την πόλη," said Nikos Papadakis. '
     '"Мы будем строить дома," said Olga Ivanova. "住宅は足りない," said Kenji Sato.'),
    ("2024-02-20", "Coast Herald",
     'Early warning on taxes\n\n"The new taxes will hurt every family on this coast," said Zoë Müller. '
     '"Tax-free zones never worked here (never!)," said Daniel Okafor.'),
    ("2024-05-05", "Harbour Gazette",
     'Mayor on the budget\n\n"A budget is a promise — keep it," said Ruth Marsh. '
     '"TAXES, taxes, taxes: that is all anyone asks about," Ruth Marsh said.'),
]
SPEAKER = re.compile(r"(?:said ([A-ZÀ-Ž][\w-]+ [A-ZÀ-Ž][\w-]+))|(?:([A-ZÀ-Ž][\w-]+ [A-ZÀ-Ž][\w-]+) said)")


def annotated(date: str, outlet: str, text: str) -> tuple[Article, ArticleResult]:
    quotes, speakers = [], {}
    for match in re.finditer(r'"[^"]+"', text):
        who = SPEAKER.search(text, match.end())
        name = who.group(1) or who.group(2)
        speakers.setdefault(name, Speaker(name=name, quoted=True))
        quotes.append(Quote(
            content=((match.start(), match.end()),), source=((who.start(), who.end()),), cue=(),
            kind="direct", speaker=name, speaker_kind="person", text=match.group(),
        ))
    article = Article(id="", text=text, title=text.split("\n")[0], outlet=outlet, date=date)
    return article, ArticleResult(id="", quotes=quotes, speakers=list(speakers.values()))


def write_store(path, *, derived: bool = True):
    with Store(path) as store:
        store.add_many(annotated(*a) for a in ARTICLES)
        if derived:
            build_search_index(store.connection)
    return path


requires_fts = pytest.mark.skipif(
    not load_fts(__import__("duckdb").connect()),
    reason="DuckDB's fts extension is not available for this DuckDB (pip install duckdb-extension-fts of its version)",
)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    database = Database(write_store(tmp_path_factory.mktemp("search") / "news.duckdb"), read_only=True, cache_bytes=0)
    yield database
    database.close()


def both_ways(db: Database, question, *args):
    """The answer read through the derived tables, and the answer read from the quotes alone."""
    with db.cursor() as cur:
        fast = question(cur, *args)
        cur.indexed = False
        slow = question(cur, *args)
    return fast, slow


def hits(page: dict) -> list[str]:
    return [item["text"] for item in page["items"]]


@requires_fts
def test_the_index_is_read_when_current(db):
    assert db.indexed


QUERIES = [
    "tax", "taxes", "TAXES", "syntax", "Tax-free", "free zones", '"hurt every family"', '"family every"',
    "20%", "%", "_", "rise,", "déjà", "deja", "DÉJÀ VU", "1998", "don't", "U.S.", "u.s", "(never!)",
    "—", "Αυτό", "αυτο", "дома", "住宅", "e", "a budget", '"a budget is"', "zebra", "tax zebra", "coast taxes new",
]


@requires_fts
@pytest.mark.parametrize("q", QUERIES)
def test_indexed_search_finds_exactly_what_a_scan_finds(db, q):
    flt = queries.QuoteFilter(q=q)
    fast, slow = both_ways(db, queries.quotes, flt, 50, 0)
    assert fast == slow
    for question, *args in [(queries.overview, flt), (queries.trends, "outlet", flt), (queries.voices, flt, 50, 0)]:
        fast, slow = both_ways(db, question, *args)
        assert fast == slow, question.__name__


@requires_fts
def test_indexed_search_keeps_the_meaning_of_a_search(db):
    def found(q: str) -> list[str]:
        with db.cursor() as cur:
            assert cur.indexed
            return hits(queries.quotes(cur, queries.QuoteFilter(q=q), 50, 0))

    # Inside longer words, any case and accents, every term required, phrases in order, punctuation as written.
    assert len(found("tax")) == 6 and any("syntax" in t for t in found("tax"))
    assert found("syntax") == ['"Nobody reads the syntax of a budget,"']
    assert len(found("deja VU")) == 1 and found("DÉJÀ") == found("deja")
    assert len(found('"hurt every family"')) == 3 and found('"family every"') == []
    assert found("20%") == found("%") and len(found("20%")) == 1
    assert found("_") == [] and found("tax zebra") == []
    assert len(found("αυτο")) == 1 and len(found("住宅")) == 1


@requires_fts
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_piece_of_a_quote_is_found_the_same_way_by_index_and_scan(db, data):
    text = data.draw(st.sampled_from([a[2] for a in ARTICLES]))
    start = data.draw(st.integers(0, len(text) - 1))
    piece = text[start:start + data.draw(st.integers(1, 14))]
    q = data.draw(st.sampled_from([piece, piece.upper(), f'"{piece.strip()}"', f"{piece} tax"]))
    fast, slow = both_ways(db, queries.quotes, queries.QuoteFilter(q=q), 50, 0)
    assert fast == slow


@requires_fts
def test_repeated_quotes_table_gives_the_echoes_found_by_comparing_quotes(db):
    with db.cursor() as cur:
        ids = [r[0] for r in cur.execute("SELECT article_id FROM articles ORDER BY date").fetchall()]
    echoes = 0
    for article_id in ids:
        fast, slow = both_ways(db, queries.article, article_id)
        assert fast == slow
        echoes += sum(1 for q in fast["quotes"] if q["echo"])
    assert echoes == 3  # the line on taxes, in three articles
    first = both_ways(db, queries.article, ids[1])[0]  # March 1st: the Coast Herald had it on February 20th
    echo = next(q["echo"] for q in first["quotes"] if q["echo"])
    assert echo["other_articles"] == 2 and echo["first_outlet"] == "Coast Herald"


@requires_fts
def test_quotes_added_after_the_index_are_found_by_scanning(tmp_path):
    path = write_store(tmp_path / "news.duckdb")
    with Store(path) as store:
        assert search_index_is_current(store.connection)
        store.add(*annotated("2024-06-01", "Valley Times", 'Late news\n\n"Taxes again, said the syntax," said Lena Berg.'))
        assert not search_index_is_current(store.connection)
    database = Database(path, read_only=True, cache_bytes=0)
    try:
        assert not database.indexed
        with database.cursor() as cur:
            assert len(hits(queries.quotes(cur, queries.QuoteFilter(q="syntax"), 50, 0))) == 2
    finally:
        database.close()


def test_a_store_without_the_fts_extension_builds_no_index_and_searches_by_scanning(tmp_path, monkeypatch):
    monkeypatch.setattr("whosaid.store.search.load_fts", lambda con: False)
    path = tmp_path / "news.duckdb"
    with Store(path) as store:
        store.add_many(annotated(*a) for a in ARTICLES)
        assert build_search_index(store.connection) is False
        assert not search_index_is_current(store.connection)
    from fastapi.testclient import TestClient

    with TestClient(create_app(path, read_only=True), base_url="http://localhost") as client:
        assert client.app.state.db.indexed is False
        texts = [h["text"] for h in client.get("/api/quotes", params={"q": "tax"}).json()["items"]]
        assert len(texts) == 6 and all("tax" in t.lower() for t in texts)


@requires_fts
def test_a_store_with_an_index_opens_and_searches_where_the_extension_is_missing(tmp_path):
    path = write_store(tmp_path / "news.duckdb")
    # A fresh interpreter that cannot import the extension's package: the index is plain tables.
    script = (
        "import sys; sys.modules['duckdb_extension_fts'] = None\n"
        "from whosaid.serve.database import Database\n"
        "from whosaid.serve import queries\n"
        f"db = Database({str(path)!r}, read_only=True)\n"
        "with db.cursor() as cur:\n"
        "    loaded = cur.execute(\"SELECT loaded FROM duckdb_extensions() WHERE extension_name = 'fts'\").fetchone()\n"
        "    page = queries.quotes(cur, queries.QuoteFilter(q='syntax'), 50, 0)\n"
        "print(db.indexed, bool(loaded and loaded[0]), page['total'])\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "False", "1"]


def test_ingest_brings_the_derived_tables_up_to_date(tmp_path, monkeypatch):
    from whosaid.ingest import ingest

    class QuotesInDoubleQuotes:
        """Stands in for the engine: every "…" is a direct quote of the name beside it (no language model)."""

        def __init__(self, *args, **kwargs):
            pass

        def analyze_many(self, articles, batch_size=8):
            for article in articles:
                yield annotated("2024-01-01", "x", article.text)[1]

    monkeypatch.setattr("whosaid.engine.Engine", QuotesInDoubleQuotes)
    inputs = tmp_path / "in"
    inputs.mkdir()
    for n, (_, _, text) in enumerate(ARTICLES):
        (inputs / f"{n}.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "news.duckdb"
    summary = ingest([str(inputs)], db=str(db), workers=1, progress=False)
    assert summary.ingested == len(ARTICLES)
    with Store(db) as store:
        assert search_index_is_current(store.connection) is summary.search_index
    if summary.search_index is False:
        assert "fts extension is not available" in summary.report()
