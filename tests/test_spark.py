"""whosaid on Spark (local mode): the same quotes as the local engine, in the export's columns."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from whosaid.engine import Engine
from whosaid.ingest.readers import read_paths
from whosaid.store.export import TABLES, export
from whosaid.store import Store
from whosaid.store.rows import article_rows

pytestmark = pytest.mark.skipif(
    shutil.which("java") is None and not os.environ.get("JAVA_HOME"),
    reason="Spark needs Java (17), which is not installed",
)
pyspark = pytest.importorskip("pyspark", reason="PySpark is not installed (pip install pyspark)")

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


@pytest.fixture(scope="module")
def spark():
    from whosaid.spark import session

    spark = session("local[1]", app_name="whosaid-test")
    spark.sparkContext.setLogLevel("ERROR")
    yield spark
    spark.stop()


def table(out: Path, name: str) -> list[dict]:
    return pq.read_table(str(out / name)).to_pylist()


def part_schema(folder: Path):
    return pq.read_schema(next(folder.glob("*.parquet")))


def local_quotes(items) -> set[tuple]:
    engine = Engine()
    found = set()
    for item in items:
        if item.article is None:
            continue
        rows = article_rows(item.article, engine.analyze(item.article.text, item.article.id))
        found |= {(q["article_id"], q["position"], q["kind"], q["text"], q["speaker_name"], json.dumps(q["content"])) for q in rows.quotes}
    return found


def spark_quotes(out: Path) -> set[tuple]:
    return {(q["article_id"], q["position"], q["kind"], q["text"], q["speaker_name"], json.dumps(q["content"])) for q in table(out, "quotes")}


SPEAKER_FIELDS = ("speaker_id", "name", "kind", "gender", "gender_summary", "role", "n_quotes", "n_speech", "n_thought",
                  "n_other", "n_articles", "only_article")


def spark_speakers(out: Path) -> list[tuple]:
    return sorted(tuple(s[f] for f in SPEAKER_FIELDS) for s in table(out, "speakers"))


def store_speakers(path: Path, items) -> list[tuple]:
    engine = Engine()
    pairs = [(i.article, engine.analyze(i.article.text, i.article.id)) for i in items if i.article is not None]
    with Store(path) as store:
        for pair in reversed(pairs):
            store.add(*pair)
        rows = store.connection.execute(
            f"SELECT {', '.join(SPEAKER_FIELDS)} FROM ({TABLES['speakers']}) WHERE n_quotes > 0").fetchall()
    return sorted(rows)


def test_spark_jsonl_matches_the_local_engine_and_export_columns(spark, tmp_path):
    from whosaid.spark import run

    corpus = tmp_path / "in.jsonl"
    lines = (CORPUS / "feed.jsonl").read_text().splitlines()
    for name in ("sport/lyon_win.txt", "sport/solveig_injury.txt"):
        lines.append(json.dumps({"id": name, "outlet": "Gazette", "text": (CORPUS / name).read_text()}))
    # A syndicated copy (trailing blank lines, another outlet) is the same article, published twice.
    copy = (CORPUS / "sport/lyon_win.txt").read_text() + "\n\n\n"
    lines.append(json.dumps({"id": "copy", "outlet": "breitbart", "date": "2024-01-01", "text": copy}))
    corpus.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out"
    counts = run(str(corpus), str(out), spark=spark)
    assert counts["articles"] == 5 and counts["rejects"] == 3 and counts["article_publications"] == 6
    lyon = {p["outlet"] for p in table(out, "article_publications") if p["source_id"] in ("sport/lyon_win.txt", "copy")}
    assert lyon == {"Gazette", "Breitbart News"}
    # The copy with the earliest date is the one kept.
    assert any(a["source_id"] == "copy" for a in table(out, "articles"))

    assert spark_quotes(out) == local_quotes(read_paths([str(corpus)]))
    assert counts["quotes"] > 0
    # The Parquet tables have the columns `whosaid export` writes.
    with Store(tmp_path / "empty.duckdb") as store:
        exported = export(store.connection, tmp_path / "export", "parquet")
    for name, path in exported.items():
        assert part_schema(out / name).names == pq.read_schema(path).names, name
        # Timestamps read alike too (microseconds, no time zone), not as Spark's nanosecond INT96.
        stamps = [(f.name, f.type) for f in pq.read_schema(path) if pa.types.is_timestamp(f.type)]
        assert [(f.name, f.type) for f in part_schema(out / name) if pa.types.is_timestamp(f.type)] == stamps, name
    # The syndicated article counts under both its outlets, as the store's outlet_articles view has it.
    lyon_id = next(p["article_id"] for p in table(out, "article_publications") if p["source_id"] == "copy")
    assert {r["outlet"] for r in table(out, "outlet_articles") if r["article_id"] == lyon_id} == lyon
    # Spark's 200 shuffle partitions were a few seconds each on one core; the job sets a few per core.
    assert spark.conf.get("spark.sql.shuffle.partitions") == "2"
    # "Solveig" alone in one article is linked to "Martin Solveig" of the others.
    speakers = {s["name"]: s for s in table(out, "speakers")}
    solveig = [s for s in speakers.values() if "Solveig" in s["name"]]
    assert [s["name"] for s in solveig] == ["Martin Solveig"] and "Solveig" in solveig[0]["aliases"]
    assert solveig[0]["n_articles"] >= 2
    # The embedded store, fed the same articles in reverse order, derives the same speakers and counts.
    assert spark_speakers(out) == store_speakers(tmp_path / "reversed.duckdb", read_paths([str(corpus)]))


def test_spark_reads_a_windows_1252_line_and_rejects_a_reused_id_as_ingest_does(spark, tmp_path):
    from whosaid.spark import run

    corpus = tmp_path / "mixed.jsonl"
    article = lambda i, text: json.dumps({"id": i, "text": text}, ensure_ascii=False)
    body = 'Caf\u00e9 owners fear the new parking rules\n\n"We will lose the lunch trade," said Ines Marlowe.'
    corpus.write_bytes(article("utf8", body).encode("utf-8") + b"\n"
                       + article("windows", body.replace("Caf", "Bistro caf")).encode("cp1252") + b"\n"
                       # The first id again, with another text: rejected as ingest and extract reject it.
                       + article("utf8", body.replace("lunch", "dinner")).encode("utf-8") + b"\n"
                       # The same text again under its id is the same article, no reject.
                       + article("windows", body.replace("Caf", "Bistro caf") + "\n").encode("cp1252") + b"\n")
    out = tmp_path / "out"
    run(str(corpus), str(out), spark=spark)
    rejects = [(r["path"].rsplit("/", 1)[-1], r["reason"]) for r in table(out, "rejects")]
    assert rejects == [("mixed.jsonl#utf8", "id 'utf8' is already used by another text earlier in the file; give each "
                        "article its own id (an update of a stored article goes in a later run)")]
    assert not any("dinner" in q["text"] for q in table(out, "quotes"))
    titles = sorted(a["text"].split("\n")[0] for a in table(out, "articles"))
    # Spark's strings would have made the Windows line's e-acute U+FFFD.
    assert titles == ["Bistro caf\u00e9 owners fear the new parking rules", "Caf\u00e9 owners fear the new parking rules"]
    assert sorted(p["encoding"] for p in table(out, "article_publications")) == ["cp1252", "utf-8"]


def test_spark_reads_warc(spark, tmp_path):
    from tests.test_ingest import build_warc
    from whosaid.spark import run

    warc_dir = tmp_path / "crawl"
    warc_dir.mkdir()
    build_warc(warc_dir / "crawl.warc.gz")
    out = tmp_path / "out"
    counts = run(str(warc_dir), str(out), input_format="warc", spark=spark)
    assert counts["articles"] == 2
    urls = sorted(a["url"] for a in table(out, "articles"))
    assert urls == ["https://harbour.example/ferry", "https://harbour.example/pier"]
    assert spark_quotes(out) == local_quotes(read_paths([str(warc_dir / "crawl.warc.gz")]))


def test_spark_links_speakers_group_by_group_as_the_store_does(spark, tmp_path):
    """Bare surnames of both genders and none, namesakes near the dominance threshold, short forms, given names
    alone, a full name read as an organisation and a registry: the same links and speakers as the store."""
    from whosaid.spark.executor import EVIDENCE_COLUMNS, SPEAKER_MENTION_COLUMNS, VOTE_COLUMNS
    from whosaid.spark.linking import acronym_definitions, link_speakers
    from whosaid.store.rows import article_speakers, speaker_fact_rows

    from .test_corpus_identity import mixed_corpus

    pairs = mixed_corpus()
    registry = tmp_path / "speakers.csv"
    registry.write_text("name,aliases,kind,gender\nBarnaby Quill,The Harbourmaster;Old Quill,person,male\n"
                        "Harbour Board,HB,organization,\n")
    mentions, votes = [], []
    for article, result in pairs:
        rows = article_rows(article, result)
        speakers = article_speakers(rows)
        aid = rows.article["article_id"]
        for fact in speakers:
            if fact is not None:
                s = fact.speaker
                mentions.append((fact.mention_id, s.name, fact.kind, s.gender, [], s.role, [s.name], aid))
        votes += [tuple(v[c] for c in VOTE_COLUMNS) for v in speaker_fact_rows(aid, speakers, ids_are_mentions=True)[0]]
    assert EVIDENCE_COLUMNS  # the evidence rows are not read by linking
    schema = ", ".join(f"{c} {t}" for c, t in zip(SPEAKER_MENTION_COLUMNS, (
        "string", "string", "string", "string", "array<string>", "string", "array<string>", "string")))
    vote_schema = ", ".join(f"{c} {t}" for c, t in zip(VOTE_COLUMNS, (
        "string", "string", "string", "string", "string", "double", "string", "string", "boolean")))
    texts = spark.createDataFrame([(article_rows(a, r).article["article_id"], a.text) for a, r in pairs],
                                  "article_id string, text string")
    links, speakers = link_speakers(spark, spark.createDataFrame(mentions, schema),
                                    spark.createDataFrame(votes, vote_schema), str(registry), acronym_definitions(texts))
    spark_links = sorted((r.old_id, r.new_id) for r in links.collect())
    spark_speakers = sorted((r.speaker_id, r.corpus_name, r.corpus_kind, r.only_article) for r in speakers.collect())
    with Store(tmp_path / "store.duckdb", speakers=str(registry)) as store:
        store.add_many(pairs[::-1])
        store_links = sorted(store.connection.execute(
            "SELECT DISTINCT mention_id, speaker_id FROM speaker_articles").fetchall())
        store_speakers = sorted(store.connection.execute(
            "SELECT speaker_id, name, kind, only_article FROM speakers").fetchall())
    assert spark_links == store_links and len(store_links) > 20
    assert spark_speakers == store_speakers


def test_a_small_jsonl_file_is_analysed_in_as_many_tasks_as_spark_has_cores(spark):
    """Spark reads a file under its block size as one partition: left so, every article ran in one task."""
    from whosaid.spark import spread

    one = spark.sparkContext.parallelize(range(40), 1)
    assert spread(one, None, 4).getNumPartitions() == 4
    assert sorted(spread(one, None, 4).collect()) == list(range(40))
    assert spread(one, 3, 4).getNumPartitions() == 3  # --partitions wins
    many = spark.sparkContext.parallelize(range(40), 6)
    assert spread(many, None, 4).getNumPartitions() == 6  # a large input's own splits are kept
