"""whosaid on Apache Spark: the same extraction over JSONL or WARC anywhere Spark can read, Parquet out.

    from whosaid.spark import run
    run("s3a://bucket/news/*.jsonl", "s3a://bucket/whosaid-out", master=None)

Each executor's Python worker loads the engine once (``mapPartitions`` and a
module-level engine); the driver only links speakers across articles. The
output folder gets ``articles/``, ``article_publications/``, ``quotes/``,
``speakers/``, ``quote_occurrences/`` and ``rejects/`` as Parquet, with the
columns of ``whosaid export`` (docs/corpus.md).

As in the store, copies of one text (syndication, wire copy, whitespace
differences) are one article, analysed per copy but kept once (the copy
with the earliest date, then path); every copy's (outlet, date, url) is in
``article_publications``. Quote travel links trimmed, extended and
near-identical quotes with the store's rules (whosaid.store.travel): the
candidate pairs (texts sharing a word 8-gram) come from Spark SQL, and the
driver checks them and forms the groups.

Speakers are linked with the rules of the DuckDB store (whosaid.store.speakers),
applied once over the whole corpus: full names first, then bare surnames,
which join the one full name with that surname if there is exactly one.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..store.registry import load_registry
from ..store.rows import ARTICLE_COLUMNS, PUBLICATION_COLUMNS, QUOTE_COLUMNS
from ..store import travel
from ..store.speakers import KnownSpeaker, SpeakerIndex
from ..store.names import name_key, speaker_id as make_speaker_id
from .executor import COPY, REJECT_COLUMNS, SPEAKER_MENTION_COLUMNS, analyze_items, items_from_lines, items_from_warcs

TABLES = ("articles", "article_publications", "quotes", "speakers", "quote_occurrences", "rejects")


def schemas():
    from pyspark.sql import types as T

    offsets = T.ArrayType(T.ArrayType(T.IntegerType()))
    strings = T.ArrayType(T.StringType())
    s, i = T.StringType(), T.IntegerType()

    def struct(names, types):
        return T.StructType([T.StructField(n, t) for n, t in zip(names, types)])

    copy = T.StructField(COPY, s)
    article = struct(ARTICLE_COLUMNS, (s, s, s, s, s, T.DateType(), s, s, s, s, i)).add(copy)
    quote_types = (s, s, i, s, s, s, offsets, offsets, offsets, s, s, s, s, s, s, s, T.DoubleType(), s, strings, s)
    quote = struct(QUOTE_COLUMNS, quote_types).add(copy)
    mention = struct(SPEAKER_MENTION_COLUMNS, (s, s, s, s, strings, s, strings, s)).add(copy)
    publication = struct(PUBLICATION_COLUMNS, (s, s, s, T.DateType(), s, s, s, s))
    reject = struct(REJECT_COLUMNS, [s] * len(REJECT_COLUMNS))
    return {"articles": article, "publications": publication, "quotes": quote, "speaker_mentions": mention,
            "rejects": reject}


def one_copy(frames):
    """Articles, quotes and mentions of one copy per article: the earliest dated, then by path."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    order = Window.partitionBy("article_id").orderBy(F.col("date").asc_nulls_last(), "path", COPY)
    chosen = frames["articles"].withColumn("rank", F.row_number().over(order)).filter("rank = 1").drop("rank")
    kept = chosen.select("article_id", COPY)
    quotes = frames["quotes"].join(kept, ["article_id", COPY], "left_semi")
    mentions = frames["speaker_mentions"].join(kept, ["article_id", COPY], "left_semi")
    return chosen.drop(COPY), quotes.drop(COPY), mentions.drop(COPY)


def detect_format(path: str) -> str:
    name = path.lower().rstrip("/")
    if name.endswith((".warc", ".warc.gz")) or "warc" in Path(name).name:
        return "warc"
    return "jsonl"


def session(master: str | None = None, app_name: str = "whosaid"):
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    # Under spark-submit (master None) the submitter's settings decide which Python executors run.
    if master is not None and master.startswith("local"):
        # Local executors must run this very Python, where whosaid and its model are installed.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = builder.config("spark.pyspark.python", os.environ["PYSPARK_PYTHON"])
    return builder.getOrCreate()


def run(
    input_path: str,
    output_path: str,
    *,
    master: str | None = None,
    input_format: str | None = None,
    partitions: int | None = None,
    speakers: str | None = None,
    spark=None,
) -> dict[str, int]:
    """Analyse every article under ``input_path``; write Parquet tables under ``output_path``; returns row counts."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    spark = spark or session(master)
    sc = spark.sparkContext
    fmt = input_format or detect_format(input_path)
    if fmt == "warc":
        files = sc.binaryFiles(input_path, minPartitions=partitions or sc.defaultParallelism)
        tagged = files.mapPartitions(lambda part: analyze_items(items_from_warcs(part)))
    elif fmt == "jsonl":
        lines = spark.read.text(input_path).select(F.input_file_name().alias("file"), "value").rdd
        if partitions:
            lines = lines.repartition(partitions)
        tagged = lines.mapPartitions(lambda part: analyze_items(items_from_lines((r.file, r.value) for r in part)))
    else:
        raise ValueError(f"unknown input format {fmt!r}; use jsonl or warc")
    # Analysis is the costly part: run it once and split the rows into tables afterwards.
    tagged = tagged.persist(StorageLevel.MEMORY_AND_DISK)
    kinds = schemas()
    frames = {
        table: spark.createDataFrame(tagged.filter(lambda r, t=table: r[0] == t).map(lambda r: r[1]), kinds[table])
        for table in kinds
    }
    articles, quotes, mentions = one_copy(frames)
    mapping = link_speakers(mentions, speakers)
    renamed = spark.createDataFrame(list(mapping.items()) or [("", "")], "old_id string, new_id string")
    quotes = (
        quotes.join(F.broadcast(renamed), quotes.speaker_id == renamed.old_id, "left")
        .withColumn("speaker_id", F.coalesce("new_id", "speaker_id")).select(*QUOTE_COLUMNS)
    )
    mentions = (
        mentions.join(F.broadcast(renamed), mentions.speaker_id == renamed.old_id, "left")
        .withColumn("speaker_id", F.coalesce("new_id", "speaker_id")).drop("old_id", "new_id")
    )
    registered = _registered_frame(spark, speakers)
    speaker_table = summarize_speakers(mentions, registered)
    articles = articles.withColumn("ingested_at", F.current_timestamp())
    publications = (
        frames["publications"].dropDuplicates(["publication_key"])
        .withColumn("seen_at", F.current_timestamp()).drop("publication_key")
    )
    occurrences = quote_occurrences(spark, quotes, articles, publications)
    out = output_path.rstrip("/")
    outputs = {"articles": articles, "article_publications": publications, "quotes": quotes,
               "speakers": speaker_table, "quote_occurrences": occurrences,
               "rejects": frames["rejects"].withColumn("rejected_at", F.current_timestamp())}
    counts = {}
    for table, frame in outputs.items():
        frame.write.mode("overwrite").parquet(f"{out}/{table}")
        counts[table] = spark.read.parquet(f"{out}/{table}").count()
    tagged.unpersist()
    return counts


def link_speakers(mentions, registry_path: str | None = None) -> dict[str, str]:
    """Old speaker id -> linked speaker id, by the store's rules, full names before bare surnames."""
    index = SpeakerIndex()
    for entry in load_registry(registry_path) if registry_path else ():
        key = name_key(entry.name, entry.kind)
        if key:
            aliases = tuple(k for k in (name_key(a, entry.kind) for a in entry.aliases) if k)
            index.add(KnownSpeaker(make_speaker_id(key, entry.kind), entry.name, entry.kind, key, entry.gender, entry.role, True), aliases)
    distinct = mentions.select("speaker_id", "name", "kind").dropDuplicates(["speaker_id"]).collect()
    ordered = sorted(distinct, key=lambda r: (len(name_key(r.name, r.kind)) == 1, r.speaker_id))
    mapping = {}
    for row in ordered:
        link = index.link(row.name, row.kind)
        if link is not None and link.speaker_id != row.speaker_id:
            mapping[row.speaker_id] = link.speaker_id
    return mapping


def _registered_frame(spark, registry_path: str | None):
    rows = []
    for entry in load_registry(registry_path) if registry_path else ():
        key = name_key(entry.name, entry.kind)
        if key:
            rows.append((make_speaker_id(key, entry.kind), entry.name, entry.kind, entry.gender, entry.role, [entry.name, *entry.aliases]))
    schema = "speaker_id string, reg_name string, reg_kind string, reg_gender string, reg_role string, reg_aliases array<string>"
    return spark.createDataFrame(rows, schema)


def summarize_speakers(mentions, registered):
    """One row per speaker: the fullest name, the most attested gender, aliases and quote counts."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    known = mentions.filter(F.col("gender") != "unknown")
    votes = known.groupBy("speaker_id", "gender").agg(F.count("*").alias("votes"), F.first("gender_evidence").alias("gender_evidence"))
    best = votes.withColumn("rank", F.row_number().over(Window.partitionBy("speaker_id").orderBy(F.desc("votes"), "gender"))).filter("rank = 1")
    base = mentions.groupBy("speaker_id").agg(
        F.max_by("name", F.length("name")).alias("name"),
        F.first("kind").alias("kind"),
        F.first("role", ignorenulls=True).alias("role"),
        F.array_sort(F.array_distinct(F.flatten(F.collect_list("aliases")))).alias("aliases"),
        F.count("*").alias("n_quotes"),
        F.countDistinct("article_id").alias("n_articles"),
    )
    joined = base.join(best.select("speaker_id", "gender", "gender_evidence"), "speaker_id", "left").join(registered, "speaker_id", "left")
    return joined.select(
        "speaker_id",
        F.coalesce("reg_name", "name").alias("name"),
        F.coalesce("reg_kind", "kind").alias("kind"),
        F.when(F.col("reg_name").isNotNull(), F.col("reg_gender")).otherwise(F.coalesce("gender", F.lit("unknown"))).alias("gender"),
        F.when(F.col("reg_name").isNotNull(), F.array(F.lit("registry"))).otherwise(F.coalesce("gender_evidence", F.array().cast("array<string>"))).alias("gender_evidence"),
        F.coalesce("reg_role", "role").alias("role"),
        F.col("reg_name").isNotNull().alias("registered"),
        F.array_sort(F.array_distinct(F.concat(F.col("aliases"), F.coalesce("reg_aliases", F.array().cast("array<string>"))))).alias("aliases"),
        F.col("n_quotes").cast("long"),
        F.col("n_articles").cast("long"),
    )


def quote_groups(spark, quotes):
    """``(text_key, group_id)`` of every linked quote text, by the store's rules (whosaid.store.travel)."""
    quotes.createOrReplaceTempView("whosaid_quotes")
    pairs = spark.sql(
        f"""
        WITH long_texts AS (
            SELECT DISTINCT norm_text, split(norm_text, ' ') AS w FROM whosaid_quotes
            WHERE size(split(norm_text, ' ')) >= {travel.MIN_LINK_WORDS}
        ),
        shingles AS (
            SELECT norm_text, explode(transform(sequence(1, size(w) - {travel.SHINGLE_WORDS - 1}),
                                               i -> xxhash64(array_join(slice(w, i, {travel.SHINGLE_WORDS}), ' ')))) AS shingle
            FROM long_texts
        ),
        shared AS (
            SELECT shingle FROM shingles GROUP BY shingle
            HAVING count(*) BETWEEN 2 AND {travel.MAX_SHINGLE_TEXTS}
        ),
        pairs AS (
            SELECT DISTINCT a.norm_text AS a, b.norm_text AS b
            FROM shingles a JOIN shared USING (shingle) JOIN shingles b ON a.shingle = b.shingle AND a.norm_text < b.norm_text
        )
        SELECT a, b FROM pairs
        """
    ).collect()
    # Candidates come from Spark; the check is the store's own, on the driver (candidates are few).
    linked = [(travel.text_key(row.a), travel.text_key(row.b)) for row in pairs if travel.linked(row.a, row.b)]
    rows, _ = travel.assign_groups({k for pair in linked for k in pair}, linked, {})
    return spark.createDataFrame(rows or [("", "")], "text_key string, group_id string")


def quote_occurrences(spark, quotes, articles, publications):
    """The store's ``quote_occurrences`` view, in Spark SQL."""
    quotes.createOrReplaceTempView("whosaid_quotes")
    articles.createOrReplaceTempView("whosaid_articles")
    publications.createOrReplaceTempView("whosaid_publications")
    quote_groups(spark, quotes).createOrReplaceTempView("whosaid_quote_groups")
    return spark.sql(
        f"""
        WITH linkable AS (
            SELECT q.quote_id, q.norm_text, q.article_id, q.speaker_id, a.outlet, a.date, a.ingested_at,
                   coalesce(g.group_id, substring(md5(q.norm_text), 1, 16)) AS group_id
            FROM whosaid_quotes q JOIN whosaid_articles a ON q.article_id = a.article_id
            LEFT JOIN whosaid_quote_groups g ON g.text_key = substring(md5(q.norm_text), 1, 16)
            WHERE size(split(q.norm_text, ' ')) >= {travel.MIN_WORDS}
        ),
        carried AS (
            SELECT l.group_id, l.quote_id, l.norm_text, l.article_id, l.ingested_at,
                   coalesce(p.outlet, l.outlet) AS outlet,
                   CASE WHEN p.article_id IS NULL THEN l.date ELSE p.date END AS date
            FROM linkable l LEFT JOIN whosaid_publications p ON p.article_id = l.article_id
        ),
        ordered AS (
            SELECT *, row_number() OVER (PARTITION BY group_id ORDER BY date ASC NULLS LAST, ingested_at,
                                         article_id, quote_id, outlet ASC NULLS LAST) AS rank
            FROM carried
        ),
        firsts AS (
            SELECT group_id, quote_id AS first_quote_id, norm_text AS first_norm_text,
                   article_id AS first_article_id, outlet AS first_outlet, date AS first_date
            FROM ordered WHERE rank = 1
        ),
        spread AS (
            SELECT group_id, count(DISTINCT article_id) AS n_articles, count(DISTINCT outlet) AS n_outlets,
                   array_sort(collect_set(outlet)) AS outlets
            FROM carried GROUP BY group_id
        )
        SELECT l.quote_id, l.norm_text, l.article_id, l.speaker_id, l.outlet, l.date, l.group_id,
               f.first_quote_id, f.first_article_id, f.first_outlet, f.first_date,
               s.n_articles, s.n_outlets, s.outlets,
               l.quote_id = f.first_quote_id AS is_first,
               l.norm_text = f.first_norm_text AS same_text
        FROM linkable l JOIN firsts f ON f.group_id = l.group_id JOIN spread s ON s.group_id = l.group_id
        """
    )


__all__ = ["run", "session", "link_speakers", "TABLES"]
