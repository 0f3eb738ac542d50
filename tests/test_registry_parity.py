"""A registry's namesakes, merges, acronym evidence and quote corrections give the same speakers on Spark as
in the store (`whosaid ingest --speakers FILE`), and a name two speakers share is refused until an id is given.

The corpus (tests/fixtures/registry_corpus.jsonl, invented text) holds two people called Tom Harwick (a
striker in one article, an MP in two), an acronym written beside its name in one article and alone in
another (CWA), capitals no article writes beside the name they are the initials of (RPL), and a museum
director quoted under two names that a merge joins.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from whosaid.cli import main
from whosaid.store import Store
from whosaid.store.export import TABLES
from whosaid.store.registry import load_corrections, load_namesakes

CORPUS = Path(__file__).parent / "fixtures" / "registry_corpus.jsonl"
SPEAKER_COLUMNS = ("speaker_id", "name", "kind", "gender", "gender_basis", "gender_summary", "gender_conflict",
                   "gender_evidence", "role", "registered", "aliases", "n_quotes", "n_speech", "n_thought", "n_other",
                   "n_articles", "only_article")
QUOTE_COLUMNS = ("quote_id", "speaker_id", "speaker", "speaker_gender", "speaker_name", "speaker_kind", "gender",
                 "gender_evidence", "role", "mention_id")


def _quote(con, text: str) -> str:
    return con.execute("SELECT quote_id FROM quotes WHERE starts_with(text, ?)", [text]).fetchone()[0]


def _speaker_ids(con, name: str) -> list[str]:
    return [r[0] for r in con.execute("SELECT speaker_id FROM speakers WHERE name = ? ORDER BY 1", [name]).fetchall()]


def _harwicks(con) -> tuple[str, str]:
    """The ids of the striker (quoted in one article) and the MP (in two)."""
    articles = lambda sid: con.execute(  # noqa: E731
        "SELECT count(DISTINCT article_id) FROM speaker_articles WHERE speaker_id = ?", [sid]).fetchone()[0]
    ids = _speaker_ids(con, "Tom Harwick")
    return next(sid for sid in ids if articles(sid) == 1), next(sid for sid in ids if articles(sid) == 2)


@pytest.fixture(scope="module")
def curated(tmp_path_factory):
    """A store the corpus was ingested into and then curated with the CLI (a namesake split off, a merge, an
    excluded quote, a quote given to one of two speakers of one name by id), and the registry file it wrote."""
    folder = tmp_path_factory.mktemp("curated")
    store, registry = str(folder / "live.duckdb"), str(folder / "speakers.csv")
    assert main(["ingest", str(CORPUS), "--db", store, "--workers", "1", "--quiet"]) == 0
    assert main(["speakers", "split", store, "Tom Harwick", "--article", "n1", "--speakers", registry]) == 0
    assert main(["speakers", "merge", store, "Nell Bracewell", "--into", "Ellen Bracewell", "--speakers", registry]) == 0
    with Store(store, read_only=True) as s:
        contract = _quote(s.connection, "a new contract")
        road_tax = _quote(s.connection, '"The road tax is gone')
        striker, mp = _harwicks(s.connection)
    assert main(["quotes", "exclude", contract, "--reason", "no quote", "--db", store, "--speakers", registry]) == 0
    assert main(["quotes", "reassign", road_tax, mp, "--db", store, "--speakers", registry]) == 0
    # Opened for writing again: a reassigned quote keeps no article speaker, a merge's role stays the quotes'.
    with Store(store):
        pass
    return {"store": store, "registry": registry, "road_tax": road_tax, "striker": striker, "mp": mp}


def test_a_shared_name_is_refused_with_its_candidates_and_an_id_is_taken(curated, capsys):
    store, registry, striker, mp = curated["store"], curated["registry"], curated["striker"], curated["mp"]
    with Store(store, read_only=True) as s:
        n1, n2, n3 = (s.connection.execute("SELECT article_id FROM articles WHERE source_id = ?", [i]).fetchone()[0]
                      for i in ("n1", "n2", "n3"))
        visitors = _quote(s.connection, '"Nobody expected')
    before = load_corrections(registry)
    capsys.readouterr()
    assert main(["quotes", "reassign", visitors, "Tom Harwick", "--db", store, "--speakers", registry]) == 1
    message = capsys.readouterr().err.strip()
    # One line, naming each candidate with its id, role and articles; nothing was written.
    assert "\n" not in message and "several speakers are called 'Tom Harwick'" in message
    assert f"{striker} (person, striker; 1 article: {n1})" in message
    assert f"{mp} (person, Labour MP; 2 articles: {', '.join(sorted([n2, n3]))})" in message
    assert load_corrections(registry) == before
    for argv in (["speakers", "show", store, "Tom Harwick"], ["quotes", "list", store, "--speaker", "Tom Harwick"],
                 ["speakers", "relabel", store, "Tom Harwick", "--role", "forward", "--speakers", registry]):
        assert main(argv) == 1 and "give the id of the one meant" in capsys.readouterr().err, argv
    # Given by id, the quote went to the MP, and the registry keeps the id so that a rebuild gives it to him.
    kept = [c for c in load_corrections(registry) if c.action == "reassign"]
    assert [(c.speaker, c.speaker_id) for c in kept] == [("Tom Harwick", mp)]
    assert main(["quotes", "list", store, "--speaker", mp, "--json"]) == 0
    assert curated["road_tax"] in {json.loads(line)["quote_id"] for line in capsys.readouterr().out.splitlines()}
    assert main(["quotes", "list", store, "--speaker", striker, "--json"]) == 0
    assert curated["road_tax"] not in {json.loads(line)["quote_id"] for line in capsys.readouterr().out.splitlines()}
    assert "9d41c07be25a8f13" in _help(["quotes", "reassign", "--help"], capsys)


def _help(argv: list[str], capsys) -> str:
    with pytest.raises(SystemExit):
        main(argv)
    return capsys.readouterr().out


def _store_tables(path: str) -> tuple[list[tuple], list[tuple], list[tuple]]:
    with Store(path, read_only=True) as s:
        con = s.connection
        speakers = con.execute(f"SELECT {', '.join(SPEAKER_COLUMNS)} FROM ({TABLES['speakers']})").fetchall()
        quotes = con.execute(f"SELECT {', '.join(QUOTE_COLUMNS)} FROM ({TABLES['quotes']})").fetchall()
        articles = con.execute("SELECT article_id, n_quotes FROM articles").fetchall()
    return sorted(speakers), sorted(quotes), sorted(articles)


@pytest.fixture(scope="module")
def rebuilt(curated, tmp_path_factory):
    """The articles ingested again into a new store with the registry file the curation wrote."""
    assert load_namesakes(curated["registry"]) and {c.action for c in load_corrections(curated["registry"])} == {
        "exclude", "reassign"}
    path = str(tmp_path_factory.mktemp("rebuilt") / "rebuilt.duckdb")
    assert main(["ingest", str(CORPUS), "--db", path, "--speakers", curated["registry"], "--workers", "1", "--quiet"]) == 0
    return _store_tables(path)


def test_a_rebuild_with_the_registry_gives_the_curated_store(curated, rebuilt):
    speakers, quotes, articles = rebuilt
    # The same speakers, counts and quotes. (Not the same aliases: a split leaves the names the namesake's
    # articles wrote beside the full name with the other person.)
    without_aliases = lambda table: [r[:10] + r[11:] for r in table]  # noqa: E731
    live_speakers, live_quotes, live_articles = _store_tables(curated["store"])
    assert (without_aliases(live_speakers), live_quotes, live_articles) == (without_aliases(speakers), quotes, articles)
    by_name: dict[str, list[tuple]] = {}
    for row in speakers:
        by_name.setdefault(row[1], []).append(row)
    # Two people of one name; the acronym joins the name an article writes it beside, the bare initials do not.
    assert len(by_name["Tom Harwick"]) == 2
    assert "CWA" in by_name["Coastal Water Authority"][0][10] and "CWA" not in by_name
    assert "RPL" in by_name and "Riverside Port League" in by_name
    # The merge: one museum director, registered, under both names; the role is still what the quotes say.
    assert "Nell Bracewell" not in by_name and "Nell Bracewell" in by_name["Ellen Bracewell"][0][10]
    assert sorted(q[8] or "" for q in quotes if q[2] == "Ellen Bracewell") == ["", "museum director"]
    # The excluded quote counts for nobody; the reassigned one for the MP, with the striker's own quotes apart.
    assert sorted(r[11] for r in by_name["Tom Harwick"]) == [2, 5]
    assert by_name["Eliza Brandt"][0][11] == 0
    assert [q[9] for q in quotes if q[0] == curated["road_tax"]] == [None]


@pytest.mark.skipif(shutil.which("java") is None and not os.environ.get("JAVA_HOME"),
                    reason="Spark needs Java (17), which is not installed")
def test_spark_gives_the_speakers_and_corrections_of_the_store(curated, rebuilt, tmp_path):
    pytest.importorskip("pyspark", reason="PySpark is not installed (pip install pyspark)")
    from whosaid.spark import run, session

    spark = session("local[1]", app_name="whosaid-registry-test")
    spark.sparkContext.setLogLevel("ERROR")
    try:
        out = tmp_path / "out"
        run(str(CORPUS), str(out), speakers=curated["registry"], spark=spark)
    finally:
        spark.stop()

    def rows(table: str, columns) -> list[tuple]:
        return sorted(tuple(tuple(v) if isinstance(v, list) else v for v in (r[c] for c in columns))
                      for r in pq.read_table(str(out / table)).to_pylist())

    listed = lambda table: [tuple(tuple(v) if isinstance(v, list) else v for v in r) for r in table]  # noqa: E731
    speakers, quotes, articles = rebuilt
    assert rows("speakers", SPEAKER_COLUMNS) == listed(speakers)
    assert rows("quotes", QUOTE_COLUMNS) == listed(quotes)
    assert rows("articles", ("article_id", "n_quotes")) == articles
