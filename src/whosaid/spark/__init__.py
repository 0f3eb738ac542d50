"""whosaid on Apache Spark: the same extraction over JSONL or WARC anywhere Spark can read, Parquet out.

    from whosaid.spark import run
    run("s3a://bucket/news/*.jsonl", "s3a://bucket/whosaid-out", master=None)

Each executor's Python worker loads the engine once (``mapPartitions`` and a
module-level engine); the driver only links speakers across articles. The
output folder gets ``articles/``, ``quotes/``, ``speakers/``,
``quote_occurrences/`` and ``rejects/`` as Parquet, with the columns of
``whosaid export`` (docs/corpus.md).

Speakers are linked with the rules of the DuckDB store (whosaid.store.speakers),
applied once over the whole corpus: full names first, then bare surnames,
which join the one full name with that surname if there is exactly one.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..store.registry import load_registry
from ..store.rows import ARTICLE_COLUMNS, QUOTE_COLUMNS
from ..store.speakers import KnownSpeaker, SpeakerIndex
from ..store.names import name_key, speaker_id as make_speaker_id
from .executor import REJECT_COLUMNS, SPEAKER_MENTION_COLUMNS, analyze_items, items_from_lines, items_from_warcs

TABLES = ("articles", "quotes", "speakers", "quote_occurrences", "rejects")


def schemas():
    from pyspark.sql import types as T

    offsets = T.ArrayType(T.ArrayType(T.IntegerType()))
    strings = T.ArrayType(T.StringType())
    s, i = T.StringType(), T.IntegerType()
    article = T.StructType([T.StructField(n, t) for n, t in zip(ARTICLE_COLUMNS, (s, s, s, s, s, T.DateType(), s, s, s, s, i))])
    quote_types = (s, s, i, s, s, s, offsets, offsets, offsets, s, s, s, s, s, s, s, T.DoubleType(), s, strings, s)
    quote = T.StructType([T.StructField(n, t) for n, t in zip(QUOTE_COLUMNS, quote_types)])
    mention = T.StructType([T.StructField(n, t) for n, t in zip(SPEAKER_MENTION_COLUMNS, (s, s, s, s, strings, s, strings, s))])
    reject = T.StructType([T.StructField(n, s) for n in REJECT_COLUMNS])
    return {"articles": article, "quotes": quote, "speaker_mentions": mention, "rejects": reject}


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
    mapping = link_speakers(frames["speaker_mentions"], speakers)
    renamed = spark.createDataFrame(list(mapping.items()) or [("", "")], "old_id string, new_id string")
    quotes = (
        frames["quotes"].join(F.broadcast(renamed), frames["quotes"].speaker_id == renamed.old_id, "left")
        .withColumn("speaker_id", F.coalesce("new_id", "speaker_id")).select(*QUOTE_COLUMNS)
    )
    mentions = (
        frames["speaker_mentions"].join(F.broadcast(renamed), frames["speaker_mentions"].speaker_id == renamed.old_id, "left")
        .withColumn("speaker_id", F.coalesce("new_id", "speaker_id")).drop("old_id", "new_id")
    )
    registered = _registered_frame(spark, speakers)
    speaker_table = summarize_speakers(mentions, registered)
    articles = frames["articles"].withColumn("ingested_at", F.current_timestamp())
    occurrences = quote_occurrences(spark, quotes, articles)
    out = output_path.rstrip("/")
    outputs = {"articles": articles, "quotes": quotes, "speakers": speaker_table,
               "quote_occurrences": occurrences,
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


def quote_occurrences(spark, quotes, articles):
    """The store's ``quote_occurrences`` view, in Spark SQL."""
    quotes.createOrReplaceTempView("whosaid_quotes")
    articles.createOrReplaceTempView("whosaid_articles")
    return spark.sql(
        """
        WITH linkable AS (
            SELECT q.quote_id, q.norm_text, q.article_id, q.speaker_id, a.outlet, a.date, a.ingested_at
            FROM whosaid_quotes q JOIN whosaid_articles a ON q.article_id = a.article_id
            WHERE size(split(q.norm_text, ' ')) >= 4
        ),
        ranked AS (
            SELECT *,
                first_value(quote_id) OVER w AS first_quote_id,
                first_value(article_id) OVER w AS first_article_id,
                first_value(outlet) OVER w AS first_outlet,
                first_value(date) OVER w AS first_date,
                size(collect_set(article_id) OVER (PARTITION BY norm_text)) AS n_articles,
                size(collect_set(outlet) OVER (PARTITION BY norm_text)) AS n_outlets
            FROM linkable
            WINDOW w AS (PARTITION BY norm_text ORDER BY date ASC NULLS LAST, ingested_at, article_id, quote_id
                         ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
        )
        SELECT quote_id, norm_text, article_id, speaker_id, outlet, date,
               first_quote_id, first_article_id, first_outlet, first_date,
               CAST(n_articles AS BIGINT) AS n_articles, CAST(n_outlets AS BIGINT) AS n_outlets,
               quote_id = first_quote_id AS is_first
        FROM ranked
        """
    )


__all__ = ["run", "session", "link_speakers", "TABLES"]
