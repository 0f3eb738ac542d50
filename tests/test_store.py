"""The corpus store: round trip, speakers linked across articles, quote linking, exports."""

from __future__ import annotations

from dataclasses import replace
import csv
import json
import re
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from whosaid.records import Article, ArticleResult, Evidence, Quote, Speaker
from whosaid.store import DUCKDB_MAGIC, DUCKDB_MAGIC_OFFSET, NotAStore, Store
from whosaid.store.export import export
from whosaid.store.names import article_id, person_key, quote_key
from whosaid.store.registry import RegistryError, load_registry


def make_article(body: str, **meta) -> Article:
    return Article(id=meta.pop("id", ""), text=f"Headline\n\n{body}", **meta)


def said(article: Article, quote: str, speaker: str | None, kind="person", gender="unknown", aliases=(), role=None):
    """A result with one direct quote of ``quote`` (which must be in the article) by ``speaker``."""
    start = article.text.index(quote)
    evidence = (Evidence(gender, "pronoun", "she" if gender == "female" else "he", "sentence 2"),) if gender != "unknown" else ()
    people = [Speaker(name=speaker, kind=kind, aliases=tuple(aliases), gender=gender, gender_evidence=evidence, role=role, quoted=True)] if speaker else []
    q = Quote(
        content=((start, start + len(quote)),), source=(), cue=(), kind="direct",
        speaker=speaker, speaker_kind=kind if speaker else "unnamed", text=quote,
        gender=gender, gender_evidence=tuple(str(e) for e in evidence), role=role,
    )
    return ArticleResult(id=article.id, quotes=[q], speakers=people)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "corpus.duckdb") as s:
        yield s


def speaker_of(store: Store, article: Article) -> tuple[str, str]:
    return store.connection.execute(
        "SELECT s.speaker_id, s.name FROM quotes q JOIN speakers s USING (speaker_id) WHERE q.article_id = ?",
        [article_id(article.text)],
    ).fetchone()


def test_a_new_store_carries_the_duckdb_mark_the_check_looks_for(store):
    head = Path(store.path).read_bytes()[: DUCKDB_MAGIC_OFFSET + len(DUCKDB_MAGIC)]
    assert head[DUCKDB_MAGIC_OFFSET:] == DUCKDB_MAGIC


@pytest.mark.parametrize("name, content", [
    ("batch.jsonl", b'{"id": "p1", "text": "A short piece about a harbour."}\n'),
    ("table.csv", b"outlet,date\nHarbour Post,2024-05-01\n"),
    ("notes.duckdb", b"plain words, not a database\n"),
    ("blank.duckdb", b""),
])
@pytest.mark.parametrize("read_only", [False, True])
def test_an_existing_file_that_is_no_duckdb_database_is_refused_untouched(tmp_path, name, content, read_only):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(NotAStore, match=f"not a whosaid store: {re.escape(str(path))}"):
        Store(path, read_only=read_only)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == [name], "no write-ahead log or other file is left"


@pytest.mark.parametrize("read_only", [False, True])
def test_a_duckdb_database_of_other_tables_is_refused_untouched(tmp_path, read_only):
    path = tmp_path / "crm.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE contacts (name VARCHAR)")
        con.execute("CREATE VIEW named AS SELECT name FROM contacts WHERE name IS NOT NULL")
    with pytest.raises(NotAStore, match=f"not a whosaid store: {re.escape(str(path))}"):
        Store(path, read_only=read_only)
    with duckdb.connect(str(path), read_only=True) as con:
        assert {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()} == {"contacts"}


def test_an_empty_duckdb_database_becomes_a_store_but_is_not_read_as_one(tmp_path):
    path = tmp_path / "fresh.duckdb"
    duckdb.connect(str(path)).close()
    with pytest.raises(NotAStore):
        Store(path, read_only=True)
    with Store(path) as store:
        assert store.counts() == {"articles": 0, "quotes": 0, "speakers": 0, "rejects": 0}
    Store(path, read_only=True).close()


def test_a_file_the_mark_cannot_be_read_from_is_left_for_duckdb_to_judge(tmp_path, monkeypatch):
    import whosaid.store

    path = tmp_path / "kept.duckdb"
    Store(path).close()

    def unreadable(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(whosaid.store, "is_duckdb_file", unreadable)
    with Store(path, read_only=True) as store:
        assert store.counts()["articles"] == 0


def test_round_trip_keeps_article_quote_and_offsets(store):
    article = make_article('"We will build it," the mayor, Ann Lee, said.', id="src-7", outlet="Courier", date="2024-05-01T09:00:00Z", url="https://c.example/a")
    result = said(article, "We will build it,", "Ann Lee", gender="female", role="mayor")
    key = store.add(article, result)
    assert key == article_id(article.text) and store.has(key) and not store.has("nope")
    row = store.connection.execute("SELECT source_id, outlet, CAST(date AS VARCHAR), url, text, n_quotes FROM articles").fetchone()
    assert row == ("src-7", "Courier", "2024-05-01", "https://c.example/a", article.text, 1)
    content, text, gender, role, evidence = store.connection.execute(
        "SELECT content, text, gender, role, gender_evidence FROM quotes").fetchone()
    (start, end), = content
    assert article.text[start:end] == text == "We will build it,"
    assert (gender, role) == ("female", "mayor") and evidence and "she" in evidence[0]
    assert store.connection.execute("SELECT name, gender, role FROM speakers").fetchone() == ("Ann Lee", "female", "mayor")


def test_adding_the_same_text_twice_stores_it_once(store):
    article = make_article('"Yes," said Bo Park.')
    first = store.add(article, said(article, "Yes,", "Bo Park"))
    again = store.add(Article(id="other-id", text=article.text), said(article, "Yes,", "Bo Park"))
    assert first == again
    assert store.counts()["articles"] == 1 and store.counts()["quotes"] == 1


def test_a_failed_batch_leaves_no_half_article(store, monkeypatch):
    good = make_article('"Fine," said Al Roe.')
    store.add(good, said(good, "Fine,", "Al Roe"))
    article = make_article('"Broken," said Cy Doe.')
    original = store._insert

    def fail_on_quotes(table, rows, schema):
        if table == "quotes":
            raise RuntimeError("disk full")
        original(table, rows, schema)

    monkeypatch.setattr(store, "_insert", fail_on_quotes)
    with pytest.raises(RuntimeError):
        store.add(article, said(article, "Broken,", "Cy Doe"))
    monkeypatch.undo()
    assert not store.has(article_id(article.text))
    assert store.counts() == {"articles": 1, "quotes": 1, "speakers": 1, "rejects": 0}
    # The speaker made inside the rolled-back transaction is gone from the index too.
    store.add(article, said(article, "Broken,", "Cy Doe"))
    assert store.counts()["speakers"] == 2


def test_bare_surname_first_then_full_name_become_one_speaker(store):
    bare = make_article('"We never stopped," Solveig said.')
    full = make_article('"A great night," said Martin Solveig.')
    store.add(bare, said(bare, "We never stopped,", "Solveig"))
    store.add(full, said(full, "A great night,", "Martin Solveig", gender="male"))
    assert speaker_of(store, bare) == speaker_of(store, full)
    assert speaker_of(store, bare)[1] == "Martin Solveig"
    aliases = store.connection.execute("SELECT aliases, gender FROM speaker_summary").fetchall()
    assert aliases == [(["Martin Solveig", "Solveig"], "male")]


def test_the_documented_top_speakers_query_counts_a_person_once(store):
    """docs/corpus.md's example query groups by the corpus speaker, not the name one article used."""
    docs = (Path(__file__).resolve().parents[1] / "docs" / "corpus.md").read_text(encoding="utf-8")
    query = re.search(r'connection\.sql\("""(.*?)"""\)', docs, flags=re.S).group(1)
    bare = make_article('"We never stopped," Solveig said.')
    full = make_article('"A great night," said Martin Solveig.')
    other = make_article('"Not now," said Ada Hegerberg.')
    store.add(bare, said(bare, "We never stopped,", "Solveig"))
    store.add(full, said(full, "A great night,", "Martin Solveig"))
    store.add(other, said(other, "Not now,", "Ada Hegerberg"))
    assert store.connection.sql(query).fetchall() == [("Martin Solveig", 2), ("Ada Hegerberg", 1)]


def test_full_name_first_then_bare_surname_links(store):
    full = make_article('"A great night," said Martin Solveig.')
    bare = make_article('"We never stopped," Solveig said.')
    store.add(full, said(full, "A great night,", "Martin Solveig"))
    store.add(bare, said(bare, "We never stopped,", "Solveig"))
    assert speaker_of(store, bare) == speaker_of(store, full)


def test_different_full_names_never_merge_and_a_shared_surname_stays_apart(store):
    john = make_article('"Buses first," said John Smith.')
    jane = make_article('"Shops first," said Jane Smith.')
    bare = make_article('"No comment today," Smith said.')
    store.add(john, said(john, "Buses first,", "John Smith"))
    store.add(jane, said(jane, "Shops first,", "Jane Smith"))
    store.add(bare, said(bare, "No comment today,", "Smith"))
    ids = {speaker_of(store, a)[0] for a in (john, jane, bare)}
    assert len(ids) == 3


def test_honorifics_case_and_middle_initials_do_not_split_a_person(store):
    names = ["George W. Bush", "george bush", "Mr. George Bush"]
    articles = [make_article(f'"Line {i} here," said {n}.') for i, n in enumerate(names)]
    for i, (a, n) in enumerate(zip(articles, names)):
        store.add(a, said(a, f"Line {i} here,", n))
    assert len({speaker_of(store, a)[0] for a in articles}) == 1
    assert person_key("Dr. José Núñez") == ("jose", "nunez")
    # A generational suffix is part of the name.
    assert person_key("Joseph R. Biden Jr.") == ("joseph", "r", "biden", "jr")


def test_registry_wins_over_articles(store, tmp_path):
    early = make_article('"Tax the rich," said AOC.')
    store.add(early, said(early, "Tax the rich,", "AOC"))
    registry = tmp_path / "speakers.csv"
    registry.write_text("name,aliases,kind,gender\nAlexandria Ocasio-Cortez,AOC;Ocasio-Cortez,person,female\n")
    store.register_speakers(load_registry(registry))
    late = make_article('"Vote on Tuesday," Ocasio-Cortez said.')
    store.add(late, said(late, "Vote on Tuesday,", "Ocasio-Cortez", gender="male"))
    # The earlier speaker is folded into the registered one, and the registry's gender stands.
    assert speaker_of(store, early)[1] == speaker_of(store, late)[1] == "Alexandria Ocasio-Cortez"
    assert store.connection.execute("SELECT count(*), any_value(gender), any_value(registered) FROM speakers").fetchone() == (1, "female", True)


def test_registry_yaml_forms_and_errors(tmp_path):
    listed = tmp_path / "a.yaml"
    listed.write_text("- name: European Union\n  aliases: [EU]\n  kind: organisation\n")
    mapping = tmp_path / "b.yml"
    mapping.write_text("Martin Solveig: [Solveig, Marty]\n")
    assert load_registry(listed)[0].kind == "organization"
    assert load_registry(mapping)[0].aliases == ("Solveig", "Marty")
    bad = tmp_path / "c.csv"
    bad.write_text("name,gender\nAnn Lee,sometimes\n")
    with pytest.raises(RegistryError, match="c.csv, row 2: gender 'sometimes'"):
        load_registry(bad)


def test_organisations_link_on_name_without_the(store):
    a = make_article('"Rates stay," the Central Bank said.')
    b = make_article('"Rates rise," said Central Bank.')
    store.add(a, said(a, "Rates stay,", "The Central Bank", kind="organization"))
    store.add(b, said(b, "Rates rise,", "Central Bank", kind="organization"))
    assert speaker_of(store, a)[0] == speaker_of(store, b)[0]


def test_the_same_quote_in_several_articles_is_linked_to_its_first_appearance(store):
    line = "We never stopped believing, not for one minute"
    later = make_article(f'"{line.upper()}!" Solveig told TV.', outlet="Wire", date="2024-03-02")
    first = make_article(f'"{line}," said Martin Solveig.', outlet="Gazette", date="2024-03-01")
    short = make_article('"No," said Ann Lee.', outlet="Wire", date="2024-03-03")
    store.add(later, said(later, f"{line.upper()}!", "Solveig"))
    store.add(first, said(first, f"{line},", "Martin Solveig"))
    store.add(short, said(short, "No,", "Ann Lee"))
    rows = store.connection.execute(
        "SELECT article_id, first_article_id, first_outlet, CAST(first_date AS VARCHAR), n_articles, is_first "
        "FROM quote_occurrences ORDER BY is_first"
    ).fetchall()
    first_id = article_id(first.text)
    assert rows == [
        (article_id(later.text), first_id, "Gazette", "2024-03-01", 2, False),
        (first_id, first_id, "Gazette", "2024-03-01", 2, True),
    ]
    assert quote_key("“Don’t  stop!”") == quote_key("don't stop")


def test_unnamed_source_has_no_speaker(store):
    a = make_article('"It will fail," an official said.')
    store.add(a, said(a, "It will fail,", None))
    assert store.connection.execute("SELECT speaker_id, speaker_kind FROM quotes").fetchone() == (None, "unnamed")
    assert store.counts()["speakers"] == 0


def test_rejects_keep_one_row_per_input_and_reason(store):
    store.reject("feed.jsonl:3", "not JSON")
    store.reject("feed.jsonl:3", "not JSON")
    store.reject("feed.jsonl:4", "needs text")
    assert store.counts()["rejects"] == 2


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_export_writes_every_table_readably(store, tmp_path, fmt):
    a = make_article('"We will build it," said Ann Lee.', outlet="Courier", date="2024-05-01")
    store.add(a, said(a, "We will build it,", "Ann Lee", gender="female"))
    store.reject("bad.html", "no article text found")
    reported = {}
    written = export(store.connection, tmp_path / "out", fmt,
                     on_written=lambda table, path, rows: reported.setdefault(table, (path, rows)))
    for table, (path, rows) in reported.items():
        assert path == written[table]
        assert rows == duckdb.sql(f"SELECT count(*) FROM '{path}'").fetchone()[0], table
    assert (reported["quotes"][1], reported["rejects"][1]) == (1, 1)
    assert set(written) == {
        "articles", "article_publications", "outlet_articles", "quotes", "speakers", "speaker_articles",
        "gender_evidence", "quote_occurrences", "rejects",
    }
    published = duckdb.sql(f"SELECT outlet, CAST(date AS VARCHAR) FROM '{written['article_publications']}'").fetchall()
    assert published == [("Courier", "2024-05-01")]
    if fmt == "parquet":
        quotes = pq.read_table(written["quotes"]).to_pylist()
        assert quotes[0]["content"] == [[a.text.index("We"), a.text.index("We") + len("We will build it,")]]
        assert (quotes[0]["speaker"], quotes[0]["speaker_gender"]) == ("Ann Lee", "female")
        speaker = pq.read_table(written["speakers"]).to_pylist()[0]
        assert speaker["aliases"] == ["Ann Lee"] and speaker["gender_summary"] == "female in 1 article"
        vote, = pq.read_table(written["speaker_articles"]).to_pylist()
        assert (vote["article_id"], vote["gender"], vote["basis"]) == (article_id(a.text), "female", "text")
        evidence, = pq.read_table(written["gender_evidence"]).to_pylist()
        assert (evidence["speaker_id"], evidence["kind"], evidence["text"]) == (speaker["speaker_id"], "pronoun", "she")
    elif fmt == "csv":
        with open(written["quotes"], newline="") as handle:
            row = next(csv.DictReader(handle))
        assert json.loads(row["content"])[0][1] - json.loads(row["content"])[0][0] == len("We will build it,")
        assert row["speaker_name"] == "Ann Lee"
    else:
        lines = written["speakers"].read_text().splitlines()
        assert json.loads(lines[0])["gender"] == "female"
    rejects = duckdb.sql(f"SELECT path FROM '{written['rejects']}'").fetchall()
    assert rejects == [("bad.html",)]


def test_a_store_from_a_newer_duckdb_is_refused_with_the_way_out(tmp_path, monkeypatch):
    import duckdb

    from whosaid.commands.stats import StatsError, read_store

    def newer(*args, **kwargs):
        raise duckdb.IOException("Trying to read a database file with version number 999 ... "
                                 "The database file was created with an newer version of DuckDB.")

    monkeypatch.setattr(duckdb, "connect", newer)
    path = tmp_path / "old.duckdb"
    with pytest.raises(duckdb.IOException, match="ATTACH 'new.duckdb'"):
        Store(path)
    with pytest.raises(StatsError, match="written by a newer DuckDB"):
        list(read_store(str(path)))


def test_a_store_another_process_holds_is_refused_naming_the_way_out(tmp_path):
    import subprocess
    import sys

    from whosaid.commands.stats import StatsError, read_store

    path = tmp_path / "held.duckdb"
    Store(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('open', flush=True); "
         "sys.stdin.read()", str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(duckdb.IOException, match=f"open in process {holder.pid}: .* read-only or not. Stop that process"):
            Store(path)
        with pytest.raises(StatsError, match=f"being written by process {holder.pid} .* started without --read-only"):
            list(read_store(str(path)))
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    Store(path).close()  # free again once the holder is gone


def test_export_gives_every_outlet_of_a_syndicated_article_as_figures_by_outlet_count_it(store, tmp_path):
    first = make_article('"The ferry runs again," said Ann Lee.', outlet="Courier", date="2024-05-01")
    store.add(first, said(first, "The ferry runs again,", "Ann Lee"))
    copy = replace(first, outlet="Gazette", date="2024-05-02")
    store.add(copy, said(copy, "The ferry runs again,", "Ann Lee"))
    alone = make_article('"No comment," said Bo Sand.', outlet=None)
    store.add(alone, said(alone, "No comment,", "Bo Sand"))
    written = export(store.connection, tmp_path / "out", "parquet", tables=["articles", "outlet_articles"])
    by_outlet = duckdb.sql(
        f"SELECT outlet, count(*) FROM '{written['outlet_articles']}' GROUP BY 1 ORDER BY 1 NULLS LAST").fetchall()
    assert by_outlet == [("Courier", 1), ("Gazette", 1), (None, 1)]
    # The articles table names one outlet an article: joined by it alone, the Gazette copy is missed.
    assert duckdb.sql(f"SELECT count(*) FROM '{written['articles']}' WHERE outlet = 'Gazette'").fetchone() == (0,)
    assert by_outlet == store.connection.execute(
        "SELECT outlet, count(DISTINCT article_id) FROM outlet_articles GROUP BY 1 ORDER BY 1 NULLS LAST").fetchall()


def _figures(store: Store) -> tuple:
    """What corpus figures count: quotes by speaker gender, speakers with their genders, articles, publications."""
    con = store.connection
    return (
        sorted(con.execute("SELECT speaker_gender, count(*) FROM quotes GROUP BY ALL").fetchall()),
        sorted(con.execute("SELECT name, gender FROM speakers").fetchall()),
        sorted(con.execute("SELECT article_id, outlet, source_id FROM articles").fetchall()),
        sorted(con.execute("SELECT article_id, outlet, source_id FROM article_publications").fetchall()),
        sorted(con.execute("SELECT alias FROM speaker_aliases").fetchall()),
    )


def _update_corpus():
    kept = make_article('"The ferry runs again," Tomas Berg said.', id="t1", outlet="Harbour News")
    older = make_article('"We fixed the pier," Ines Vogel said.', id="n1", outlet="Harbour News")
    newer = make_article('"We fixed the pier," Ines Vogel said.\n\n"It took a year," Paul Dorn said.',
                         id="n1", outlet="Harbour News")
    return (
        (kept, said(kept, "The ferry runs again,", "Tomas Berg", gender="male")),
        (older, said(older, "We fixed the pier,", "Ines Vogel", gender="female")),
        (newer, ArticleResult(id="n1", quotes=[*said(newer, "We fixed the pier,", "Ines Vogel", gender="female").quotes,
                                               *said(newer, "It took a year,", "Paul Dorn", gender="male").quotes],
                              speakers=[*said(newer, "We fixed the pier,", "Ines Vogel", gender="female").speakers,
                                        *said(newer, "It took a year,", "Paul Dorn", gender="male").speakers])),
    )


def test_an_updated_text_under_its_outlets_id_replaces_the_earlier_one_as_if_only_it_was_read(tmp_path):
    kept, older, newer = _update_corpus()
    with Store(tmp_path / "updated.duckdb") as store:
        store.add_many([kept, older])
        store.add_many([newer])
        assert store.replace_reused_ids([newer[0]]) == [("n1", "Harbour News", article_id(older[0].text))]
        updated = _figures(store)
        assert store.replaced_texts() == {(article_id(older[0].text), "n1", "Harbour News")}
    with Store(tmp_path / "fresh.duckdb") as store:
        store.add_many([kept, newer])
        assert _figures(store) == updated
    assert sum(n for _, n in updated[0]) == 3, "Ines Vogel's quote counts once, from the updated text"


def test_a_replaced_text_another_outlet_still_publishes_stays_under_that_outlet_only(store):
    kept, older, newer = _update_corpus()
    syndicated = replace(older[0], id="vp-7", outlet="Valley Post")
    store.add_many([kept, older])
    store.add_publications([syndicated])
    store.add_many([newer])
    store.replace_reused_ids([newer[0]])
    con = store.connection
    assert con.execute("SELECT outlet, source_id FROM article_publications WHERE article_id = ?",
                       [article_id(older[0].text)]).fetchall() == [("Valley Post", "vp-7")]
    assert con.execute("SELECT outlet, source_id FROM articles WHERE article_id = ?",
                       [article_id(older[0].text)]).fetchone() == ("Valley Post", "vp-7")


def test_removing_an_article_leaves_the_figures_of_a_store_that_never_had_it(tmp_path):
    kept, older, newer = _update_corpus()
    other = make_article('"Fares stay the same," Tomas Berg said.', id="t2", outlet="Valley Post")
    other_result = said(other, "Fares stay the same,", "Tomas Berg", gender="male")
    with Store(tmp_path / "removed.duckdb") as store:
        store.add_many([kept, (other, other_result), newer])
        store.link_quotes()
        assert store.remove_articles([article_id(newer[0].text), "no-such-article"]) == 1
        removed = _figures(store)
        assert store.connection.execute("SELECT count(*) FROM mention_groups g WHERE NOT EXISTS "
                                        "(SELECT 1 FROM speaker_articles v WHERE v.mention_id = g.mention_id)").fetchone() == (0,)
    with Store(tmp_path / "fresh.duckdb") as store:
        store.add_many([kept, (other, other_result)])
        assert _figures(store) == removed
    assert [name for name, _ in removed[1]] == ["Tomas Berg"]


def _organisation_quotes(*names: str):
    pairs = []
    for i, name in enumerate(names):
        record = make_article(f'"Inquiry {i} is open," the {name} said.', id=f"o{i}")
        pairs.append((record, said(record, f"Inquiry {i} is open,", name, kind="organization")))
    return pairs


def _organisations(store: Store) -> list[tuple[str, int]]:
    return sorted(store.connection.execute(
        "SELECT speaker, count(*) FROM quotes WHERE speaker_kind = 'organization' GROUP BY ALL").fetchall())


def test_an_acronym_joins_the_one_organisation_whose_name_it_abbreviates_in_any_order(tmp_path):
    pairs = _organisation_quotes("Federal Bureau of Investigation", "FBI", "Harbour Board")
    # Some article spells the acronym out: the evidence that "FBI" is that bureau's name.
    spelled = make_article("The Federal Bureau of Investigation (FBI) opened an office.", id="o3")
    pairs.append((spelled, ArticleResult(id="o3", quotes=[], speakers=[])))
    for n, order in enumerate((pairs, pairs[::-1])):
        with Store(tmp_path / f"acronym{n}.duckdb") as store:
            for pair in order:
                store.add(*pair)
            organisations = _organisations(store)
            assert len(organisations) == 2 and sorted(n for _, n in organisations) == [1, 2]
            assert ("Harbour Board", 1) in organisations


def test_an_acronym_two_organisations_share_stays_apart(tmp_path):
    with Store(tmp_path / "two.duckdb") as store:
        store.add_many(_organisation_quotes("Federal Bureau of Investigation", "FBI", "Fund for Better Ideas"))
        assert [n for _, n in _organisations(store)] == [1, 1, 1]
    with Store(tmp_path / "lower.duckdb") as store:
        store.add_many(_organisation_quotes("Port Operations Lab", "Pol"))
        assert [n for _, n in _organisations(store)] == [1, 1], "a short word in lower case is no acronym"
