"""Article speakers (mentions) read back from the store's tables, one linking group at a time.

The writer keeps no article speaker in memory: a link reads, from
``mention_groups``, every article speaker that shares a group key with the
ones to link (``reach``), then their names, kinds and votes from ``quotes``
and ``speaker_articles`` (``read_mentions``). Its memory is that of the
largest group it links, not of the corpus.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from .gender import ArticleVote
from .linking import Mention, group_keys
from .names import readable_name

_IDS = pa.schema([("mention_id", pa.string())])
_KEYS = pa.schema([("group_key", pa.string())])
_GROUPS = pa.schema([("group_key", pa.string()), ("mention_id", pa.string())])


def insert_groups(con: duckdb.DuckDBPyConnection, named: Iterable[tuple[str, str, str]]) -> None:
    """Record the group keys of article speakers given as (mention id, name, kind)."""
    rows = {(key, mid) for mid, name, kind in named for key in group_keys(name, kind)}
    if rows:
        groups = pa.Table.from_pylist([{"group_key": k, "mention_id": m} for k, m in sorted(rows)], schema=_GROUPS)  # noqa: F841
        con.execute("INSERT OR IGNORE INTO mention_groups BY NAME SELECT * FROM groups")


def fill_groups(con: duckdb.DuckDBPyConnection) -> None:
    """Group keys for the article speakers a store made before ``mention_groups`` existed."""
    missing = con.execute(
        """SELECT DISTINCT v.mention_id, v.name, v.kind FROM speaker_articles v
           WHERE v.mention_id IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM mention_groups g WHERE g.mention_id = v.mention_id)"""
    ).fetchall()
    insert_groups(con, ((mid, readable_name(name), kind or "person") for mid, name, kind in missing))
    if con.execute("SELECT 1 FROM mention_groups WHERE starts_with(group_key, 'acronym\x1f') LIMIT 1").fetchone() is None:
        # A store made before organisations were grouped with their acronyms ("FBI" beside "Federal Bureau of
        # Investigation"): the next article naming one links them.
        organisations = con.execute(
            """SELECT DISTINCT mention_id, name, kind FROM speaker_articles
               WHERE mention_id IS NOT NULL AND coalesce(kind, 'person') <> 'person'"""
        ).fetchall()
        insert_groups(con, ((mid, readable_name(name), kind) for mid, name, kind in organisations))


def unlinked(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Article speakers stored without their corpus speaker (``Store.add_many(..., link=False)``), their
    group keys recorded first (once per link rather than once per stored batch)."""
    named = con.execute(
        """SELECT DISTINCT mention_id, name, kind FROM speaker_articles
           WHERE speaker_id IS NULL AND mention_id IS NOT NULL ORDER BY ALL"""
    ).fetchall()
    insert_groups(con, ((mid, name, kind or "person") for mid, name, kind in named))
    return sorted({mid for mid, _, _ in named})


def reach(con: duckdb.DuckDBPyConnection, seeds: Iterable[str],
          registered: dict[str, set[str]]) -> tuple[list[str], list[str]]:
    """Every article speaker sharing a group key with ``seeds``, directly or through others, and the
    registered speakers (``registered``: id -> group keys) among them: what linking ``seeds`` may change."""
    mentions = set(seeds)
    keys: set[str] = set()
    joined: set[str] = set()
    fresh_mentions = sorted(mentions)
    while fresh_mentions:
        ids = pa.table({"mention_id": fresh_mentions}, schema=_IDS)  # noqa: F841
        fresh_keys = {r[0] for r in con.execute(
            "SELECT DISTINCT g.group_key FROM mention_groups g JOIN ids USING (mention_id)").fetchall()} - keys
        while True:
            found = [sid for sid, theirs in registered.items() if sid not in joined and theirs & (keys | fresh_keys)]
            if not found:
                break
            for sid in found:
                joined.add(sid)
                fresh_keys |= registered[sid] - keys
        keys |= fresh_keys
        if not fresh_keys:
            break
        wanted = pa.table({"group_key": sorted(fresh_keys)}, schema=_KEYS)  # noqa: F841
        fresh_mentions = sorted({r[0] for r in con.execute(
            "SELECT DISTINCT g.mention_id FROM mention_groups g JOIN wanted USING (group_key)").fetchall()} - mentions)
        mentions.update(fresh_mentions)
    return sorted(mentions), sorted(joined)


@dataclass(slots=True)
class Read:
    """Article speakers as stored: the facts, their corpus speakers now, and those not linked yet."""

    mentions: list[Mention] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)
    unlinked: set[str] = field(default_factory=set)


def read_mentions(con: duckdb.DuckDBPyConnection, mids: list[str]) -> Read:
    """The article speakers ``mids`` with every article's names, kinds and gender votes."""
    ids = pa.table({"mention_id": mids}, schema=_IDS)  # noqa: F841
    found: dict[str, Mention] = {}

    def mention(mid: str) -> Mention:
        if mid not in found:
            found[mid] = Mention(mid)
        return found[mid]

    # A quote a user excluded or gave to another speaker still names its article speaker, but counts for nothing.
    for mid, name, quotes, articles in con.execute(
        """SELECT mention_id, speaker_name, sum(counted)::INTEGER, count(DISTINCT article_id)::INTEGER FROM (
               SELECT q.mention_id, q.speaker_name, 1 AS counted, q.article_id FROM quotes q JOIN ids USING (mention_id)
               UNION ALL
               SELECT k.mention_id, k.speaker_name, 0, k.article_id FROM corrected_quotes k JOIN ids USING (mention_id))
           GROUP BY ALL ORDER BY ALL"""
    ).fetchall():
        # Under the repaired name the writer counted it by: quotes keep the name as the article wrote it.
        m = mention(mid)
        m.names[readable_name(name)] += quotes
        m.name_articles[readable_name(name)] += articles
        m.quotes += quotes
    read = Read()
    for mid, sid, aid, own, kind, gender, basis, strength in con.execute(
        """SELECT v.mention_id, v.speaker_id, v.article_id, v.own_article, v.kind, v.gender, v.basis, v.strength
           FROM speaker_articles v JOIN ids USING (mention_id) ORDER BY ALL"""
    ).fetchall():
        m = mention(mid)
        if own:
            m.article_id = aid
        m.kinds[kind] += 1
        m.tally.add(ArticleVote(gender, basis, strength))
        if sid is None:
            read.unlinked.add(mid)
        else:
            read.links[mid] = sid
    read.mentions = [found[mid] for mid in sorted(found)]
    return read


def record_spelled_out(con: duckdb.DuckDBPyConnection, articles: Iterable[tuple[str, str]]) -> None:
    """Keep the acronyms each (article id, text) writes beside their names (``acronyms.py``), for linking."""
    from .acronyms import spelled_out_in

    rows = [{"article_id": aid, "acronym": form, "full_key": key}
            for aid, text in articles for form, key in sorted(spelled_out_in(text))]
    if rows:
        found = pa.Table.from_pylist(rows)  # noqa: F841 - read by DuckDB below
        con.execute("INSERT OR IGNORE INTO acronym_definitions BY NAME SELECT * FROM found")


def acronym_seeds(con: duckdb.DuckDBPyConnection, removed: list[str] | None = None) -> list[str]:
    """The article speakers an acronym's evidence may move: of acronyms that articles stored since the last
    link are the first to write beside a name, or (``removed``) that only those articles write so."""
    if removed is None:
        forms = con.execute(
            """SELECT DISTINCT d.acronym FROM acronym_definitions d WHERE NOT d.linked AND NOT EXISTS (
                   SELECT 1 FROM acronym_definitions o
                   WHERE o.linked AND o.acronym = d.acronym AND o.full_key = d.full_key)""").fetchall()
    else:
        forms = con.execute(
            """SELECT DISTINCT d.acronym FROM acronym_definitions d
               WHERE d.article_id IN (SELECT unnest(?)) AND NOT EXISTS (
                   SELECT 1 FROM acronym_definitions o WHERE o.acronym = d.acronym AND o.full_key = d.full_key
                     AND o.article_id NOT IN (SELECT unnest(?)))""", [removed, removed]).fetchall()
    if not forms:
        return []
    keys = [f"acronym\x1f{form}" for (form,) in forms]
    return [r[0] for r in con.execute(
        "SELECT DISTINCT mention_id FROM mention_groups WHERE group_key IN (SELECT unnest(?)) ORDER BY 1", [keys]).fetchall()]


def spelled_out_pairs(con: duckdb.DuckDBPyConnection, mentions: list[Mention]) -> set[tuple[str, tuple[str, ...]]]:
    """The (acronym, organisation key) pairs stored articles write together, of the one-word names among ``mentions``."""
    from .names import organization_key

    forms = sorted({key[0] for m in mentions for key in [organization_key(m.name)] if len(key) == 1})
    if not forms:
        return set()
    return {(form, tuple(key.split(" "))) for form, key in con.execute(
        "SELECT DISTINCT acronym, full_key FROM acronym_definitions WHERE acronym IN (SELECT unnest(?))", [forms]).fetchall()}
