"""whosaid on Apache Spark: the same extraction over JSONL or WARC anywhere Spark can read, Parquet out.

    from whosaid.spark import run
    run("s3a://bucket/news/*.jsonl", "s3a://bucket/whosaid-out", master=None)

Each executor's Python worker loads the engine once (``mapPartitions`` and a
module-level engine). The
output folder gets ``articles/``, ``article_publications/``, ``quotes/``,
``speakers/``, ``speaker_articles/``, ``gender_evidence/``,
``quote_occurrences/`` and ``rejects/`` as Parquet, with the columns of
``whosaid export`` (docs/corpus.md).

As in the store, copies of one text (syndication, wire copy, whitespace
differences) are one article, analysed per copy but kept once (the copy
with the earliest date, then path); every copy's (outlet, date, url) is in
``article_publications``. Quote travel links trimmed, extended and
near-identical quotes with the store's rules (whosaid.store.travel): the
candidate pairs (texts sharing a word 8-gram) come from Spark SQL, and the
driver checks them and forms the groups.

Speakers are linked with the rules of the DuckDB store (whosaid.store.linking
and whosaid.store.speakers), on the executors, one group of article speakers
sharing a surname or name at a time (whosaid.spark.linking), as the store
derives them: the same articles give the same speakers,
names, kinds, genders and counts in both. Genders are decided from every
article's vote as the store decides them (whosaid.store.gender).

A registry file (``speakers``) is applied as ``whosaid ingest --speakers``
applies it, through the store's own functions: speakers and merges (linking),
namesake entries (``linking.apply_namesakes``, on the executors), acronyms
joined only where an article writes them beside their name, and corrections
of single quotes (``corrections.reassignment_target``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..store.corrections import reassignment_target
from ..store.registry import QuoteCorrection, load_corrections, load_namesakes, load_registry
from ..store import travel
from ..store.rows import ARTICLE_COLUMNS, PUBLICATION_COLUMNS, QUOTE_COLUMNS
from ..store.names import canonical_id, name_key
from ..store.gender import ArticleVote, GenderTally
from .linking import acronym_definitions, link_speakers
from .executor import (
    COPY, EVIDENCE_COLUMNS, REJECT_COLUMNS, SPEAKER_MENTION_COLUMNS, VOTE_COLUMNS, analyze_items, items_from_lines,
    items_from_warcs,
)

# How many pieces of evidence per label a speaker row shows after its summary, as in the store.
EVIDENCE_SHOWN = 3

TABLES = (
    "articles", "article_publications", "outlet_articles", "quotes", "speakers", "speaker_articles", "gender_evidence",
    "quote_occurrences", "rejects",
)
# The tables whose rows come per copy of an article (see ``one_copy``).
PER_COPY = ("articles", "quotes", "speaker_mentions", "speaker_articles", "gender_evidence")


def schemas():
    from pyspark.sql import types as T

    offsets = T.ArrayType(T.ArrayType(T.IntegerType()))
    strings = T.ArrayType(T.StringType())
    s, i = T.StringType(), T.IntegerType()
    d = T.DoubleType()

    def struct(names, types, per_copy=True):
        fields = [T.StructField(n, t) for n, t in zip(names, types)]
        return T.StructType(fields + [T.StructField(COPY, s)] if per_copy else fields)

    article_types = (s, s, s, s, s, T.DateType(), s, s, s, s, i, i)
    assert len(article_types) == len(ARTICLE_COLUMNS), "an articles column without a Spark type"
    article = struct(ARTICLE_COLUMNS, article_types)
    quote_types = (s, s, i, s, s, s, offsets, offsets, offsets, s, s, s, s, s, s, s, s, s, d, s, strings, s, s, s, s)
    assert len(quote_types) == len(QUOTE_COLUMNS), "a quotes column without a Spark type"
    quote = struct(QUOTE_COLUMNS, quote_types)
    mention = struct(SPEAKER_MENTION_COLUMNS, (s, s, s, s, strings, s, strings, s, s))
    vote = struct(VOTE_COLUMNS, (s, s, s, s, s, d, s, s, T.BooleanType()))
    evidence = struct(EVIDENCE_COLUMNS, (s, s, i, s, d, s, s, s, s))
    publication = struct(PUBLICATION_COLUMNS, (s, s, s, T.DateType(), s, s, s, s), per_copy=False)
    reject = struct(REJECT_COLUMNS, [s] * len(REJECT_COLUMNS), per_copy=False)
    return {"articles": article, "publications": publication, "quotes": quote, "speaker_mentions": mention,
            "speaker_articles": vote, "gender_evidence": evidence, "rejects": reject}


def one_copy(frames: dict) -> dict:
    """The per-copy frames of one copy per article (the earliest dated, then by path), without the copy column."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    order = Window.partitionBy("article_id").orderBy(F.col("date").asc_nulls_last(), "path", COPY)
    chosen = frames["articles"].withColumn("rank", F.row_number().over(order)).filter("rank = 1").drop("rank")
    kept = chosen.select("article_id", COPY)
    out = dict(frames)
    out["articles"] = chosen.drop(COPY)
    for name in PER_COPY[1:]:
        out[name] = frames[name].join(kept, ["article_id", COPY], "left_semi").drop(COPY)
    return out


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


def outlet_articles(publications):
    """Each article under every outlet that published it, with the earliest date that outlet gave; an article
    no copy of which names an outlet has one row with outlet NULL (the store's ``outlet_articles`` view)."""
    from pyspark.sql import functions as F

    named = publications.groupBy("article_id").agg(F.max(F.col("outlet").isNotNull()).alias("_named"))
    return (
        publications.join(named, "article_id")
        .where(F.col("outlet").isNotNull() | ~F.col("_named"))
        .groupBy("article_id", "outlet").agg(F.min("date").alias("date"))
    )


# Spark settings the job picks when the user's configuration leaves them out.
JOB_DEFAULTS = {
    # Parquet timestamps as `whosaid export` writes them (microseconds), not Spark's INT96 (read as nanoseconds).
    "spark.sql.parquet.outputTimestampType": "TIMESTAMP_MICROS",
}


def with_reused_ids(lines):
    """JSONL ``lines`` (``file``, ``value``) with ``reused``: for a line whose id an earlier line of its file
    gives another text, that file, as ``ingest`` and ``extract`` reject such a line; else null.
    Lines are in file order as read (``monotonically_increasing_id`` grows along a file's splits);
    texts that differ only in spacing are one text, as for an article's id. Texts are compared as written:
    one text in two encodings (a line in UTF-8, its copy in Windows-1252) counts as two."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    line = F.col("value").cast("string")
    text = F.trim(F.regexp_replace(F.coalesce(F.get_json_object(line, "$.text"), F.lit("")), r"\s+", " "))
    keyed = (lines.withColumn("order", F.monotonically_increasing_id())
             .withColumn("line_id", F.get_json_object(line, "$.id"))
             .withColumn("text_key", F.sha2(text, 256)))
    first = Window.partitionBy("file", "line_id").orderBy("order")
    keyed = keyed.withColumn("first_key", F.first("text_key").over(first))
    reused = F.when(F.col("line_id").isNotNull() & (F.col("text_key") != F.col("first_key")), F.col("file"))
    return keyed.select("file", "value", reused.alias("reused"))


def spread(lines, partitions: int | None, default_parallelism: int):
    """JSONL ``lines`` in ``partitions`` partitions, by default in at least Spark's parallelism: analysing a line
    costs far more than reading it, and Spark reads a file under its block size into one partition (the
    shuffle that finds reused ids is then coalesced to one as well), so 200 articles ran as one task on one
    of the cores."""
    if partitions:
        return lines.repartition(partitions)
    if lines.getNumPartitions() < default_parallelism:
        return lines.repartition(default_parallelism)
    return lines


def shuffle_partitions(default_parallelism: int) -> int:
    """Partitions for the job's shuffles (linking's groups, joins): a few per core. Spark's default of 200
    made a handful of articles on one local core take minutes, one task after another."""
    return max(1, 2 * default_parallelism)


def _job_settings(spark) -> None:
    """Set ``JOB_DEFAULTS`` and ``spark.sql.shuffle.partitions`` unless the user's configuration
    (``--conf``, spark-defaults.conf, the session's builder) set them."""
    given = spark.sparkContext.getConf()
    wanted = {**JOB_DEFAULTS, "spark.sql.shuffle.partitions": str(shuffle_partitions(spark.sparkContext.defaultParallelism))}
    for key, value in wanted.items():
        if not given.contains(key):
            spark.conf.set(key, value)


def run(
    input_path: str,
    output_path: str,
    *,
    master: str | None = None,
    input_format: str | None = None,
    partitions: int | None = None,
    speakers: str | None = None,
    pipeline: str | None = None,
    spark=None,
) -> dict[str, int]:
    """Analyse every article under ``input_path``; write Parquet tables under ``output_path``; returns row counts.

    ``pipeline`` (``fast`` by default, or ``accurate``; ``whosaid.pipelines``) is what every executor reads with.
    """
    from ..pipelines import get_pipeline

    pipeline = get_pipeline(pipeline).name  # an unknown name fails here, not on every executor
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    spark = spark or session(master)
    _job_settings(spark)
    # The registry's namesake entries part a name's person in the articles they list, on the executors;
    # its corrections of single quotes apply once the quotes are read.
    namesakes = load_namesakes(speakers) if speakers else []
    corrections = load_corrections(speakers) if speakers else []
    sc = spark.sparkContext
    fmt = input_format or detect_format(input_path)
    if fmt == "warc":
        files = sc.binaryFiles(input_path, minPartitions=partitions or sc.defaultParallelism)
        tagged = files.mapPartitions(lambda part: analyze_items(items_from_warcs(part), pipeline, namesakes))
    elif fmt == "jsonl":
        # The line's bytes as written: Spark's text reader does not decode them, and a string would reach
        # Python with every byte that is not UTF-8 replaced by U+FFFD.
        lines = spark.read.text(input_path).select(
            F.input_file_name().alias("file"), F.col("value").cast("binary").alias("value"))
        lines = spread(with_reused_ids(lines).rdd, partitions, sc.defaultParallelism)
        tagged = lines.mapPartitions(
            lambda part: analyze_items(items_from_lines((r.file, r.value, r.reused) for r in part), pipeline, namesakes)
        )
    else:
        raise ValueError(f"unknown input format {fmt!r}; use jsonl or warc")
    # Analysis is the costly part: run it once and split the rows into tables afterwards.
    tagged = tagged.persist(StorageLevel.MEMORY_AND_DISK)
    kinds = schemas()
    frames = {
        table: spark.createDataFrame(tagged.filter(lambda r, t=table: r[0] == t).map(lambda r: r[1]), kinds[table])
        for table in kinds
    }
    frames = one_copy(frames)
    registered = _registered_frame(spark, speakers)
    corrected = corrected_quotes(spark, frames["quotes"], corrections)
    definitions = acronym_definitions(frames["articles"]).cache()
    # A corrected quote no longer counts for the article speaker it named. A reassignment applies only when
    # its speaker is found among the linked speakers: one that is not leaves its quote counted, linked again.
    uncounted = set(corrected)
    while True:
        marked = frames["speaker_mentions"].withColumn(
            "counted", F.when(F.col("quote_id").isin(sorted(uncounted)), 0).otherwise(1))
        renamed, corpus = link_speakers(spark, marked, frames["speaker_articles"], speakers, definitions)
        renamed, corpus = renamed.cache(), corpus.cache()
        targets = reassignment_targets(corpus, registered, corrected)
        unresolved = {qid for qid, c in corrected.items() if c.action == "reassign" and qid not in targets}
        if not unresolved & uncounted:
            break
        uncounted -= unresolved

    def relinked(frame):
        # Rows carry their article's own speaker (mention) id until here: the corpus speaker's id replaces it.
        return (
            frame.join(renamed, frame.speaker_id == renamed.old_id, "left")
            .withColumn("speaker_id", F.coalesce("new_id", "speaker_id")).drop("old_id", "new_id")
        )

    mentions = relinked(frames["speaker_mentions"])
    votes = relinked(frames["speaker_articles"]).select(*VOTE_COLUMNS)
    evidence = relinked(frames["gender_evidence"]).select(*EVIDENCE_COLUMNS)
    excluded = sorted(qid for qid, c in corrected.items() if c.action == "exclude")
    linked_quotes = apply_corrections(spark, relinked(frames["quotes"]), excluded, targets)
    # One row per corpus speaker (not per article speaker) comes to the driver to decide genders.
    kinds_of = {row.speaker_id: row.corpus_kind for row in corpus.select("speaker_id", "corpus_kind").collect()}
    decided = decide_genders(spark, _tallies_by_id(votes), kinds_of, evidence, speakers)
    speaker_table = summarize_speakers(mentions, registered, decided, corpus, speaker_roles(linked_quotes, frames["articles"]),
                                       speaker_acts(linked_quotes), linked_quotes)
    corpus_speaker = speaker_table.select(
        "speaker_id", F.col("name").alias("_speaker"), F.col("gender").alias("_speaker_gender"),
        F.col("registered").alias("_registered"), F.col("kind").alias("_corpus_kind"),
    )
    # A registered speaker's kind, and the corpus kind where the article took a person for an
    # organisation or back (the store's rule 6); otherwise the article's own kind stays.
    from_corpus = F.col("_registered") | ((F.col("_corpus_kind") == "person") != (F.col("speaker_kind") == "person"))
    quotes = (
        linked_quotes.join(corpus_speaker, "speaker_id", "left")
        .withColumn("speaker", F.col("_speaker")).withColumn("speaker_gender", F.col("_speaker_gender"))
        .withColumn("speaker_kind", F.when(F.coalesce(from_corpus, F.lit(False)), F.col("_corpus_kind"))
                    .otherwise(F.col("speaker_kind")))
        .select(*QUOTE_COLUMNS)
    )
    # The store's timestamps have no time zone (DuckDB TIMESTAMP): written as Spark's, they would read as UTC instants.
    now = F.current_timestamp().cast("timestamp_ntz")
    articles = without_excluded(frames["articles"], excluded).withColumn("ingested_at", now)
    publications = (
        frames["publications"].dropDuplicates(["publication_key"])
        .withColumn("seen_at", now).drop("publication_key")
    )
    occurrences = quote_occurrences(spark, quotes, articles, publications)
    out = output_path.rstrip("/")
    outputs = {"articles": articles, "article_publications": publications,
               "outlet_articles": outlet_articles(publications), "quotes": quotes, "speakers": speaker_table,
               "speaker_articles": votes, "gender_evidence": evidence, "quote_occurrences": occurrences,
               "rejects": frames["rejects"].withColumn("rejected_at", now)}
    counts = {}
    for table, frame in outputs.items():
        frame.write.mode("overwrite").parquet(f"{out}/{table}")
        counts[table] = spark.read.parquet(f"{out}/{table}").count()
    tagged.unpersist()
    return counts


def _tallies_by_id(votes) -> dict[str, GenderTally]:
    tallies: dict[str, GenderTally] = {}
    if votes is None:
        return tallies
    from pyspark.sql import functions as F

    per_article = votes.groupBy("speaker_id", "article_id", "gender", "basis").agg(F.max("strength").alias("strength"))
    for row in per_article.groupBy("speaker_id", "gender", "basis").agg(
        F.count("*").alias("articles"), F.sum("strength").alias("strength")
    ).collect():
        tally = tallies.setdefault(row.speaker_id, GenderTally())
        tally.add(ArticleVote(row.gender, row.basis, 0.0), row.articles)
        if row.basis == "text":
            tally.text_strength[row.gender] += row.strength
    return tallies


def speaker_roles(quotes, articles):
    """Each speaker's role as the store gives it: the one of its latest-dated article; among those of that
    date (or with no dated article), the one most quotes give, ties alphabetically first."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    dated = quotes.filter(F.col("speaker_id").isNotNull() & F.col("role").isNotNull()).join(
        articles.select("article_id", "date"), "article_id", "left")
    counted = dated.groupBy("speaker_id", "role").agg(F.count("*").alias("count"), F.max("date").alias("latest"))
    order = Window.partitionBy("speaker_id").orderBy(F.desc_nulls_last("latest"), F.desc("count"), "role")
    return (counted.withColumn("rank", F.row_number().over(order)).filter("rank = 1")
            .select("speaker_id", F.col("role").alias("quoted_role")))


def speaker_acts(quotes):
    """Each speaker's quotes by act, as the store's export counts them (a quote without an act is speech)."""
    from pyspark.sql import functions as F

    act = F.coalesce(F.col("act"), F.lit("speech"))
    return quotes.filter(F.col("speaker_id").isNotNull()).groupBy("speaker_id").agg(
        *(F.sum(F.when(act == name, 1).otherwise(0)).alias(f"n_{name}") for name in ("speech", "thought", "other"))
    )


def decide_genders(spark, tallies: dict[str, GenderTally], kinds: dict[str, str], evidence, registry_path: str | None):
    """One row per speaker: its gender as the store decides it, how, the articles' summary and the top evidence."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    registered_gender = {
        canonical_id(e.name, e.kind): e.gender for e in (load_registry(registry_path) if registry_path else ())
    }
    ranked = evidence.withColumn(
        "rank", F.row_number().over(
            Window.partitionBy("speaker_id", "label").orderBy(F.desc("strength"), "article_id", "paragraph", "kind", "text"))
    ).filter(F.col("rank") <= EVIDENCE_SHOWN)
    pieces: dict[tuple[str, str], list[str]] = {}
    for row in ranked.orderBy("speaker_id", "label", "rank").collect():
        where = f", paragraph {row.paragraph}" if row.paragraph is not None else ""
        pieces.setdefault((row.speaker_id, row.label), []).append(f'{row.kind} "{row.text}"{where}')
    rows = []
    for sid in set(tallies) | set(registered_gender):
        decided = (tallies.get(sid) or GenderTally()).decide(registered_gender.get(sid))
        person = kinds.get(sid, "person") == "person"
        gender = decided.gender if person else "unknown"
        basis = decided.basis if gender != "unknown" or decided.basis == "override" else None
        shown = [decided.summary, *pieces.get((sid, gender), [])] if person else []
        rows.append((sid, gender, basis, decided.summary, decided.conflict, shown))
    schema = ("speaker_id string, gender string, gender_basis string, gender_summary string, "
              "gender_conflict boolean, gender_evidence array<string>")
    return spark.createDataFrame(rows, schema)


def _registered_frame(spark, registry_path: str | None):
    rows = []
    for entry in load_registry(registry_path) if registry_path else ():
        key = name_key(entry.name, entry.kind)
        if key:
            rows.append((canonical_id(entry.name, entry.kind), entry.name, entry.kind, entry.gender, entry.role, [entry.name, *entry.aliases]))
    schema = "speaker_id string, reg_name string, reg_kind string, reg_gender string, reg_role string, reg_aliases array<string>"
    return spark.createDataFrame(rows, schema)


def summarize_speakers(mentions, registered, decided, corpus, roles, acts, quotes):
    """One row per corpus speaker (registered ones no article names too, as the store keeps them): its name
    and kind as linking made them, the gender decided from every article, aliases and quote counts (of the
    quotes as corrected: an excluded quote counts for nobody, a reassigned one for its new speaker)."""
    from pyspark.sql import functions as F

    no_names = F.array().cast("array<string>")
    aliases = mentions.groupBy("speaker_id").agg(
        F.array_sort(F.array_distinct(F.flatten(F.collect_list("aliases")))).alias("aliases"))
    counts = quotes.filter(F.col("speaker_id").isNotNull()).groupBy("speaker_id").agg(
        F.count("*").alias("n_quotes"), F.countDistinct("article_id").alias("n_articles"))
    joined = (corpus.join(aliases, "speaker_id", "left").join(counts, "speaker_id", "left")
              .join(roles, "speaker_id", "left").join(acts, "speaker_id", "left")
              .join(decided, "speaker_id", "left").join(registered, "speaker_id", "left"))
    return joined.select(
        "speaker_id",
        F.coalesce("reg_name", "corpus_name").alias("name"),
        F.coalesce("reg_kind", "corpus_kind").alias("kind"),
        F.coalesce("gender", F.lit("unknown")).alias("gender"),
        "gender_basis",
        "gender_summary",
        F.coalesce("gender_conflict", F.lit(False)).alias("gender_conflict"),
        F.coalesce("gender_evidence", no_names).alias("gender_evidence"),
        F.coalesce("reg_role", "quoted_role").alias("role"),
        F.when(F.col("reg_role").isNotNull(), F.lit("registry")).cast("string").alias("role_basis"),
        F.col("reg_name").isNotNull().alias("registered"),
        F.array_sort(F.array_distinct(F.concat(F.coalesce("aliases", no_names), F.coalesce("reg_aliases", no_names))))
        .alias("aliases"),
        F.coalesce(F.col("n_quotes"), F.lit(0)).cast("long").alias("n_quotes"),
        *(F.coalesce(F.col(f"n_{name}"), F.lit(0)).cast("long").alias(f"n_{name}") for name in ("speech", "thought", "other")),
        F.coalesce(F.col("n_articles"), F.lit(0)).cast("long").alias("n_articles"),
        "only_article",
    )


def corrected_quotes(spark, quotes, corrections: list[QuoteCorrection]) -> dict[str, QuoteCorrection]:
    """The quotes the registry's corrections find (by article and content span, as the store finds them),
    by quote id; the corrections are few, so they come to the driver."""
    from pyspark.sql import functions as F

    if not corrections:
        return {}
    # A later correction of the same quote replaces an earlier one, as in the store.
    by_key = {c.key: c for c in corrections}
    wanted = spark.createDataFrame([(key,) for key in sorted(by_key)], "quote_key string")
    key = F.concat_ws(":", "article_id", F.concat_ws(
        "-", F.element_at(F.element_at("content", 1), 1), F.element_at(F.element_at("content", -1), 2)))
    found = quotes.select("quote_id", key.alias("quote_key")).join(wanted, "quote_key").collect()
    return {row.quote_id: by_key[row.quote_key] for row in found}


def reassignment_targets(corpus, registered, corrected: dict[str, QuoteCorrection]) -> dict[str, tuple[str, str, str]]:
    """Each reassigned quote's speaker among the linked ones, (id, name, kind) by quote id, decided as the
    store decides it (``corrections.reassignment_target``)."""
    from pyspark.sql import functions as F

    wanted = {qid: c for qid, c in corrected.items() if c.action == "reassign"}
    if not wanted:
        return {}
    names = sorted({c.speaker.lower() for c in wanted.values()})
    ids = sorted({c.speaker_id for c in wanted.values() if c.speaker_id})
    speakers = corpus.join(registered, "speaker_id", "left").select(
        "speaker_id", F.coalesce("reg_name", "corpus_name").alias("name"),
        F.coalesce("reg_kind", "corpus_kind").alias("kind"), F.col("reg_name").isNotNull().alias("registered"))
    candidates = [tuple(r) for r in speakers.filter(
        F.lower("name").isin(names) | F.col("speaker_id").isin(ids)).collect()]
    targets = {}
    for qid, c in wanted.items():
        found = [r for r in candidates if r[1].lower() == c.speaker.lower() or r[0] == c.speaker_id]
        target = reassignment_target(c.speaker, c.kind, c.speaker_id, found)
        if target is not None:
            targets[qid] = target
    return targets


def apply_corrections(spark, quotes, excluded: list[str], targets: dict[str, tuple[str, str, str]]):
    """The quotes as corrected: the ``excluded`` ones gone, the reassigned ones (``targets``) given their new
    speaker, with what their article said of the speaker it named (role, gender) left out, as in the store."""
    from pyspark.sql import functions as F

    quotes = quotes.filter(~F.col("quote_id").isin(excluded)) if excluded else quotes
    if not targets:
        return quotes
    given = spark.createDataFrame([(qid, *t) for qid, t in sorted(targets.items())],
                                  "quote_id string, _sid string, _name string, _kind string")
    moved = F.col("_sid").isNotNull()

    def unless_moved(column: str, value):
        return F.when(moved, value).otherwise(F.col(column))

    return (quotes.join(F.broadcast(given), "quote_id", "left")
            .withColumn("speaker_id", unless_moved("speaker_id", F.col("_sid")))
            .withColumn("speaker_name", unless_moved("speaker_name", F.col("_name")))
            .withColumn("speaker_kind", unless_moved("speaker_kind", F.col("_kind")))
            .withColumn("mention_id", unless_moved("mention_id", F.lit(None).cast("string")))
            .withColumn("gender", unless_moved("gender", F.lit("unknown")))
            .withColumn("gender_evidence", unless_moved("gender_evidence", F.array().cast("array<string>")))
            .withColumn("role", unless_moved("role", F.lit(None).cast("string")))
            .drop("_sid", "_name", "_kind"))


def without_excluded(articles, excluded: list[str]):
    """``articles`` with ``n_quotes`` not counting the quotes excluded."""
    from pyspark.sql import functions as F

    if not excluded:
        return articles
    gone = articles.sparkSession.createDataFrame([(qid.split(":")[0],) for qid in excluded], "article_id string")
    less = gone.groupBy("article_id").agg(F.count("*").alias("_excluded"))
    return (articles.join(F.broadcast(less), "article_id", "left")
            .withColumn("n_quotes", (F.col("n_quotes") - F.coalesce("_excluded", F.lit(0))).cast("int"))
            .select(*articles.columns))


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
