"""Corpus speakers on Spark: the store's linking (whosaid.store.linking), run on the executors, a group at a time.

Every linking rule compares names that share a group key (a person's
surname, a name's written words, an organisation's key; ``group_keys``), so
article speakers that share none, directly or through others, cannot change
each other's corpus speaker. The groups are the connected components of the
(article speaker, group key) pairs, found with Spark joins (each round gives
every article speaker the smallest id among those sharing a key with it,
until none changes; groups of names are a few hops wide, so a few rounds).
Each group's facts are then shuffled to one executor, which links it with
``link_mentions`` as the store does. The driver collects nothing per
article speaker.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..store.acronyms import KEY_SEPARATOR, spelled_out_in
from ..store.gender import GENDERS, ArticleVote
from ..store.linking import Mention, group_keys, link_mentions, registered_group_keys, registered_speaker
from ..store.registry import load_registry

# A registered speaker takes part in the groups as a node of its own, under this prefix.
REGISTERED = "registered\x1f"
# The group key of the names an acronym may be (``linking.group_keys``): where its definitions go.
ACRONYM_GROUP = "acronym\x1f"
# Rounds of the component search before it gives up (a chain of names this long would be a corpus defect).
MAX_ROUNDS = 30

LINK_SCHEMA = "old_id string, new_id string"
SPEAKER_SCHEMA = "speaker_id string, corpus_name string, corpus_kind string, only_article string"


def registry_entries(registry_path: str | None) -> tuple[dict, dict[str, str]]:
    """The registry as linking reads it: id -> (speaker, aliases), and id -> gender where it sets one."""
    entries, genders = {}, {}
    for entry in load_registry(registry_path) if registry_path else ():
        known = registered_speaker(entry)
        if known is not None:
            entries[known.speaker_id] = (known, tuple(entry.aliases))
            if entry.gender in GENDERS:
                genders[known.speaker_id] = entry.gender
    return entries, genders


def components(spark, edges):
    """``(node, group)`` for every node of ``edges`` (``node, group_key``): the smallest node sharing a key
    with it, directly or through others."""
    from pyspark.sql import functions as F

    edges = edges.distinct().cache()
    label = edges.select("node").distinct().withColumn("group", F.col("node"))
    for _ in range(MAX_ROUNDS):
        by_key = edges.join(label, "node").groupBy("group_key").agg(F.min("group").alias("key_group"))
        fresh = edges.join(by_key, "group_key").groupBy("node").agg(F.min("key_group").alias("group")).localCheckpoint()
        changed = fresh.join(label.withColumnRenamed("group", "was"), "node").filter("group <> was").count()
        label = fresh
        if not changed:
            return label
    raise RuntimeError(f"speaker groups still growing after {MAX_ROUNDS} rounds of linking")


def link_speakers(spark, mentions, votes, registry_path: str | None = None, definitions=None):
    """(links, speakers): each article speaker's corpus speaker (``old_id``, ``new_id``) and every corpus
    speaker's name, kind and own article, by the store's rules applied group by group.

    ``mentions`` has a row per quote of an article speaker; where it has a ``counted`` column, a row of 0 is a
    quote a correction excluded or gave to another speaker: its name still counts, its quote does not, as in
    the store. ``definitions`` (``acronym``, ``full_key``) are the acronyms articles write beside the names
    they abbreviate (``acronyms.py``): an acronym joins its organisation only where one is (none: no
    acronym joins)."""
    from pyspark.sql import functions as F

    entries, genders = registry_entries(registry_path)
    shared = spark.sparkContext.broadcast((entries, genders))
    edges = mentions.select(F.col("speaker_id").alias("node"), "name", "kind").distinct().rdd.flatMap(
        lambda r: [(r.node, key) for key in group_keys(r.name, r.kind)])
    registered = [(REGISTERED + sid, key) for sid, (known, aliases) in entries.items()
                  for key in registered_group_keys(known, aliases)]
    edge_frame = spark.createDataFrame(edges.union(spark.sparkContext.parallelize(registered, 1)),
                                       "node string, group_key string").cache()
    groups = components(spark, edge_frame)
    counted = F.col("counted") if "counted" in mentions.columns else F.lit(1)
    names = (mentions.groupBy(F.col("speaker_id").alias("node"), "name")
             .agg(F.sum(counted).cast("long").alias("count"), F.countDistinct("article_id").alias("articles"))
             .groupBy("node").agg(F.collect_list(F.struct("name", "count", "articles")).alias("names")))
    kinds = (votes.groupBy(F.col("mention_id").alias("node"), "kind").count()
             .groupBy("node").agg(F.collect_list(F.struct("kind", "count")).alias("kinds")))
    tallies = (votes.groupBy(F.col("mention_id").alias("node"), "gender", "basis")
               .agg(F.count("*").alias("articles"), F.sum("strength").alias("strength"))
               .groupBy("node").agg(F.collect_list(F.struct("gender", "basis", "articles", "strength")).alias("votes")))
    # The store reads a namesake's own article as the last of its articles.
    own = votes.filter("own_article").groupBy(F.col("mention_id").alias("node")).agg(F.max("article_id").alias("own"))
    facts = (groups.join(names, "node", "left").join(kinds, "node", "left").join(tallies, "node", "left")
             .join(own, "node", "left").join(_group_definitions(edge_frame, groups, definitions), "group", "left"))
    linked = (facts.rdd.map(lambda r: (r.group, r)).groupByKey()
              .flatMap(lambda kv: link_group(kv[1], *shared.value)).cache())
    links = spark.createDataFrame(linked.filter(lambda r: r[0] == "link").map(lambda r: r[1:]), LINK_SCHEMA)
    speakers = spark.createDataFrame(linked.filter(lambda r: r[0] == "speaker").map(lambda r: r[1:]), SPEAKER_SCHEMA)
    return links, speakers


def acronym_definitions(articles):
    """(``acronym``, ``full_key``) of every acronym the ``articles`` (``article_id``, ``text``) write beside
    the name it abbreviates, as the store records them (``acronyms.spelled_out_in``)."""
    rows = articles.select("text").rdd.flatMap(lambda r: sorted(spelled_out_in(r.text or "")))
    return articles.sparkSession.createDataFrame(rows, "acronym string, full_key string").distinct()


def _group_definitions(edges, groups, definitions):
    """Each group's acronym definitions (``group``, ``defined``): those of the acronyms its names may be."""
    from pyspark.sql import functions as F

    if definitions is None:
        return groups.select("group").limit(0).withColumn(
            "defined", F.array().cast("array<struct<acronym:string,full_key:string>>"))
    keyed = definitions.withColumn("group_key", F.concat(F.lit(ACRONYM_GROUP), "acronym"))
    return (keyed.join(edges, "group_key").join(groups, "node")
            .groupBy("group").agg(F.collect_set(F.struct("acronym", "full_key")).alias("defined")))


def link_group(rows: Iterable, entries: dict, genders: dict[str, str]) -> Iterator[tuple]:
    """One group's links (``"link", mention, speaker``) and speakers (``"speaker", id, name, kind, article``)."""
    found, registered, defined = [], [], set()
    for row in rows:
        defined |= {(d["acronym"], tuple(d["full_key"].split(KEY_SEPARATOR))) for d in row.defined or ()}
        if row.node.startswith(REGISTERED):
            registered.append(entries[row.node[len(REGISTERED):]])
            continue
        mention = Mention(row.node, article_id=row.own)
        for name in row.names or ():
            mention.names[name["name"]] += name["count"]
            mention.name_articles[name["name"]] += name["articles"]
            mention.quotes += name["count"]
        for kind in row.kinds or ():
            mention.kinds[kind["kind"]] += kind["count"]
        for vote in row.votes or ():
            mention.tally.add(ArticleVote(vote["gender"], vote["basis"], vote["strength"]), vote["articles"])
        found.append(mention)
    linked = link_mentions(found, sorted(registered, key=lambda e: e[0].speaker_id), genders, defined)
    for mid, sid in linked.links.items():
        yield "link", mid, sid
    for sid, known in linked.speakers.items():
        yield "speaker", sid, known.name, known.kind, linked.own_article.get(sid)
