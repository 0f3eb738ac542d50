"""The corpus store: one embedded DuckDB file of articles, quotes and speakers.

    from whosaid.store import Store
    with Store("news.duckdb") as store:
        if not store.has(article_id(article.text)):
            store.add(article, engine.analyze(article.text, article.id))
        store.connection.sql("SELECT speaker, count(*) FROM quotes GROUP BY speaker_id, speaker").show()

The tables are documented in ``schema.sql`` next to this file. One process
writes a store at a time (DuckDB locks the file); readers open it with
``read_only=True`` once the writer is done.

Speakers are linked across articles by the rules of ``speakers.py``; each
speaker's gender is decided from every article's evidence (``gender.py``)
and decided again whenever a batch of articles brings more about them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from importlib import resources
from pathlib import Path

import duckdb
import pyarrow as pa

from ..records import Article, ArticleResult
from .gender import GENDERS, ArticleVote, GenderTally
from .linking import Linked, apply_namesakes, link_mentions, names_namesake, namesake_mention_id, registered_group_keys, registered_speaker
from .mentions import acronym_seeds, fill_groups, reach, read_mentions, record_spelled_out, spelled_out_pairs, unlinked
from .names import article_id, bare_honorific, name_key, readable_name
from .registry import Namesake, QuoteCorrection, RegisteredSpeaker, load_corrections, load_namesakes, load_registry
from .rows import ARTICLE_COLUMNS, PUBLICATION_COLUMNS, QUOTE_COLUMNS, article_rows, article_speakers, publication_row, speaker_fact_rows
from .speakers import KnownSpeaker, SpeakerIndex, family

DEFAULT_DB = "whosaid.duckdb"
# How many pieces of evidence per label ``speakers.gender_evidence`` shows after its summary.
EVIDENCE_SHOWN = 3
# Relinking a whole store (a new registry) starts from this many article speakers at a time, with the groups
# they are in: memory for a few groups, not the corpus.
RELINK_SEEDS = 20_000

_OFFSETS = pa.list_(pa.list_(pa.int32()))
ARTICLE_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()), ("source_id", pa.string()), ("url", pa.string()), ("outlet", pa.string()),
        ("title", pa.string()), ("date", pa.date32()), ("date_problem", pa.string()), ("author", pa.string()), ("path", pa.string()),
        ("text", pa.string()), ("n_quotes", pa.int32()), ("headline_end", pa.int32()),
    ]
)
QUOTE_SCHEMA = pa.schema(
    [
        ("quote_id", pa.string()), ("article_id", pa.string()), ("position", pa.int32()), ("kind", pa.string()),
        ("text", pa.string()), ("norm_text", pa.string()), ("content", _OFFSETS), ("source", _OFFSETS),
        ("cue", _OFFSETS), ("cue_text", pa.string()), ("source_text", pa.string()), ("speaker_id", pa.string()),
        ("speaker", pa.string()), ("speaker_gender", pa.string()),
        ("speaker_name", pa.string()), ("speaker_kind", pa.string()), ("addressee", pa.string()),
        ("medium", pa.string()), ("confidence", pa.float64()), ("gender", pa.string()),
        ("gender_evidence", pa.list_(pa.string())), ("role", pa.string()), ("act", pa.string()),
        ("speaker_description", pa.string()), ("mention_id", pa.string()),
    ]
)
SPEAKER_SCHEMA = pa.schema(
    [("speaker_id", pa.string()), ("name", pa.string()), ("kind", pa.string()), ("role", pa.string())]
)
VOTE_SCHEMA = pa.schema(
    [("speaker_id", pa.string()), ("article_id", pa.string()), ("name", pa.string()), ("gender", pa.string()),
     ("basis", pa.string()), ("strength", pa.float64()), ("mention_id", pa.string()), ("kind", pa.string()),
     ("own_article", pa.bool_())]
)
EVIDENCE_SCHEMA = pa.schema(
    [("speaker_id", pa.string()), ("article_id", pa.string()), ("paragraph", pa.int32()), ("kind", pa.string()),
     ("strength", pa.float64()), ("label", pa.string()), ("text", pa.string()), ("name", pa.string()),
     ("mention_id", pa.string())]
)
PUBLICATION_SCHEMA = pa.schema(
    [
        ("publication_key", pa.string()), ("article_id", pa.string()), ("outlet", pa.string()), ("date", pa.date32()),
        ("url", pa.string()), ("path", pa.string()), ("source_id", pa.string()), ("encoding", pa.string()),
    ]
)
assert tuple(ARTICLE_SCHEMA.names) == ARTICLE_COLUMNS and tuple(QUOTE_SCHEMA.names) == QUOTE_COLUMNS
assert tuple(PUBLICATION_SCHEMA.names) == PUBLICATION_COLUMNS


# Every DuckDB database file carries this mark at this offset of its first block.
DUCKDB_MAGIC = b"DUCK"
DUCKDB_MAGIC_OFFSET = 8


class NotAStore(ValueError):
    """The path names an existing file that is not a store: not a DuckDB database, or one holding other tables."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        super().__init__(f"not a whosaid store: {self.path}")


def is_duckdb_file(path: str | Path) -> bool:
    """Whether the file at ``path`` starts as a DuckDB database does."""
    with open(path, "rb") as handle:
        head = handle.read(DUCKDB_MAGIC_OFFSET + len(DUCKDB_MAGIC))
    return head[DUCKDB_MAGIC_OFFSET:] == DUCKDB_MAGIC


def check_store_file(path: str | Path) -> None:
    """Refuse an existing file that is not a DuckDB database, before DuckDB opens it.

    DuckDB opens a CSV, JSON or Parquet file as an in-memory database holding a
    view of it: a store written there would be lost when the process ends. A
    path that does not exist yet is left for DuckDB to create.
    """
    try:
        refused = Path(path).is_file() and not is_duckdb_file(path)
    except OSError:
        return  # unreadable: DuckDB's own error says why
    if refused:
        raise NotAStore(path)


# Tables every store has had since the first whosaid; later ones are added when a store is opened for writing.
STORE_TABLES = frozenset({"articles", "quotes", "speakers"})


def check_store_tables(connection: duckdb.DuckDBPyConnection, path: str | Path, *, empty_ok: bool) -> None:
    """Refuse a DuckDB database that holds tables but not a store's, before anything is written to it.

    Opening it for writing would add whosaid's tables beside someone else's
    data. An empty database becomes a store when ``empty_ok`` (opened for
    writing); read, it has nothing to show and is refused too.
    """
    names = {row[0] for row in connection.execute(
        "SELECT table_name FROM duckdb_tables() WHERE NOT internal AND NOT temporary "
        "UNION SELECT view_name FROM duckdb_views() WHERE NOT internal AND NOT temporary"
    ).fetchall()}
    if not STORE_TABLES <= names and (names or not empty_ok):
        raise NotAStore(path)


def connect(path: str, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a store's file; a file written by a newer DuckDB than whosaid's is refused with the way out,
    and a file that is no DuckDB database with ``NotAStore``."""
    check_store_file(path)
    try:
        return duckdb.connect(path, read_only=read_only)
    except duckdb.IOException as exc:
        if "Could not set lock" in str(exc):
            # DuckDB lets one process write a file, or any number read it, never both.
            raise duckdb.IOException(_held_message(path, str(exc), read_only)) from None
        if "newer version of DuckDB" not in str(exc):
            raise
        raise duckdb.IOException(
            f"{path} was written by a newer DuckDB than the {duckdb.__version__} whosaid uses (pinned to match "
            "its full-text index). Ingest the articles again into a new store, or copy the store into this "
            "format: open it with the newer DuckDB, ATTACH 'new.duckdb' AS new (STORAGE_VERSION 'v1.5.0') "
            "and COPY FROM DATABASE <its name> TO new."
        ) from None


def _held_message(path: str, error: str, read_only: bool) -> str:
    """Why a store another process holds cannot be opened, naming that process when DuckDB does."""
    pid = re.search(r"\(PID (\d+)\)", error)
    holder = f"process {pid.group(1)}" if pid else "another process"
    if read_only:
        # Readers are refused only by a writer: an ingest, or a dashboard started without --read-only.
        advice = (f"{path} is being written by {holder} (an ingest, or `whosaid serve` started without --read-only). "
                  "Wait for it or stop it; a dashboard started with --read-only lets `stats`, `speakers list` "
                  "and `export` read the store beside it")
    else:
        advice = (f"{path} is open in {holder}: no command can write a store while any process has it open, a "
                  "dashboard too, read-only or not. Stop that process (the running `whosaid serve`, or the "
                  "command using the store), then run this again")
    return f"{advice} (DuckDB: {error.splitlines()[0]})"


def schema_sql() -> str:
    return resources.files(__package__).joinpath("schema.sql").read_text(encoding="utf-8")


class Store:
    """An open corpus store; creates the file and its tables when missing."""

    def __init__(
        self,
        path: str | Path = DEFAULT_DB,
        *,
        speakers: str | Path | list[RegisteredSpeaker] | None = None,
        read_only: bool = False,
        namesakes: list[Namesake] | None = None,
        corrections: list[QuoteCorrection] | None = None,
    ):
        self.path = str(path)
        if read_only and not Path(self.path).exists():
            raise FileNotFoundError(f"{self.path}: no such store (create one with `whosaid ingest`)")
        self.connection = connect(self.path, read_only=read_only)
        self.read_only = read_only
        try:
            check_store_tables(self.connection, self.path, empty_ok=not read_only)
        except NotAStore:
            self.connection.close()
            raise
        if not read_only:
            self.connection.execute(schema_sql())
        self.connection.execute("SELECT speaker_id, name, kind, gender, role, registered FROM speakers LIMIT 0")
        # The registry is read on the first write: readers never need it. Article speakers are never held
        # in memory: linking reads each group of them from the tables (``mentions.py``).
        self._registry_read = False
        self._registry: dict[str, tuple[KnownSpeaker, tuple[str, ...]]] = {}
        self._registry_index = SpeakerIndex()
        self._registry_keys: dict[str, set[str]] = {}
        self._registered_gender: dict[str, str] = {}
        if not read_only:
            self._upgrade()
            if has_unlinked(self.connection):
                # A run stopped between storing articles and linking their speakers: link them now.
                self.link()
        # Namesake entries apply to the articles they list, as those are stored (``add_many``).
        self._namesakes: list[Namesake] = []
        if speakers is not None:
            registry = load_registry(speakers) if isinstance(speakers, (str, Path)) else speakers
            if namesakes is None and isinstance(speakers, (str, Path)):
                namesakes = load_namesakes(speakers)
            self.register_speakers(registry)
            if corrections is None and isinstance(speakers, (str, Path)):
                corrections = load_corrections(speakers)
        if namesakes:
            self.split_namesakes(namesakes)
        # After the namesakes, so that a quote given to a speaker by name finds the speaker as parted.
        if corrections:
            self.correct_quotes(corrections)

    # -- reading -----------------------------------------------------------------

    def has(self, article_id: str) -> bool:
        return self.connection.execute("SELECT 1 FROM articles WHERE article_id = ?", [article_id]).fetchone() is not None

    def _stored(self, ids: list[str]) -> set[str]:
        """Which of ``ids`` are stored. One key look-up each: DuckDB reads an ``IN`` list by scanning every
        article, which costs more the larger the store."""
        unique = list(dict.fromkeys(ids))
        query = " UNION ALL ".join(["SELECT article_id FROM articles WHERE article_id = ?"] * len(unique))
        return {r[0] for r in self.connection.execute(query, unique).fetchall()} if unique else set()

    def article_ids(self) -> set[str]:
        """Every stored article id; one query, for skipping many inputs fast."""
        return {row[0] for row in self.connection.execute("SELECT article_id FROM articles").fetchall()}

    def source_keys(self) -> set[str]:
        """Keys of the raw inputs (web pages) already stored, for skipping them unextracted."""
        return {row[0] for row in self.connection.execute("SELECT source_key FROM sources").fetchall()}

    def counts(self) -> dict[str, int]:
        return {
            table: self.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("articles", "quotes", "speakers", "rejects")
        }

    def speaker(self, sid: str) -> KnownSpeaker | None:
        """The corpus speaker with this id, as the store currently links names to it."""
        row = self.connection.execute(
            "SELECT speaker_id, name, kind, gender, role, registered FROM speakers WHERE speaker_id = ?", [sid]).fetchone()
        if row is None:
            return None
        sid, name, kind, gender, role, registered = row
        key = name_key(name, kind)
        return KnownSpeaker(sid, name, kind, key, gender, role, registered,
                            bare_honorific(name, key) if kind == "person" else None)

    # -- writing -----------------------------------------------------------------

    def add(self, article: Article, result: ArticleResult) -> str:
        """Store one article and its quotes in one transaction; returns its article id."""
        return self.add_many([(article, result)])[0]

    def add_many(self, pairs: Iterable[tuple[Article, ArticleResult]], *, link: bool = True) -> list[str]:
        """Store whole articles in one transaction; articles already stored are left as they are.

        Each quote keeps its article's own speaker (``mention_id``); the corpus
        speakers of the names these articles bring are derived again from every
        stored article (``linking.py``), so they do not depend on the order or
        batches the articles came in.

        With ``link=False`` that derivation waits for the next ``link()`` (or
        the next ``add_many`` that links): the articles' quotes have no
        ``speaker_id`` until then. Linking rereads every article speaker that
        shares a surname with the new ones, so a corpus run links now and then
        rather than after every batch (``whosaid ingest`` does); the speakers
        are the same either way. A store opened for writing links what a
        stopped run left unlinked.
        """
        pairs = list(pairs)
        ids = [article_id(article.text) for article, _ in pairs]
        if not pairs:
            return ids
        con = self.connection
        with self._transaction():
            seen = self._stored(ids)
            articles: list[dict] = []
            quotes: list[dict] = []
            votes: list[dict] = []
            evidence: list[dict] = []
            aliases: set[tuple[str, str]] = set()
            for (article, result), aid in zip(pairs, ids):
                if aid in seen:
                    continue
                seen.add(aid)
                rows = article_rows(article, result)
                articles.append(rows.article)
                quotes.extend(rows.quotes)
                speakers = apply_namesakes(self._namesakes, aid, rows.quotes, article_speakers(rows))
                facts, pieces = speaker_fact_rows(aid, speakers)
                votes.extend(facts)
                evidence.extend(pieces)
                first = {fact.speaker.name: fact for fact in reversed(speakers) if fact is not None}
                for fact in first.values():
                    names = (fact.speaker.name, *fact.speaker.aliases)
                    aliases |= {(alias.strip(), fact.mention_id) for alias in names if alias and alias.strip()}
            self._insert("articles", articles, ARTICLE_SCHEMA)
            record_spelled_out(con, ((row["article_id"], row["text"]) for row in articles))
            self._insert("quotes", quotes, QUOTE_SCHEMA)
            self._insert("speaker_articles", votes, VOTE_SCHEMA)
            self._insert("gender_evidence", evidence, EVIDENCE_SCHEMA)
            if aliases:
                alias_rows = pa.table({"alias": [a for a, _ in sorted(aliases)], "mention_id": [m for _, m in sorted(aliases)]})  # noqa: F841
                con.execute("INSERT OR IGNORE INTO mention_aliases BY NAME SELECT * FROM alias_rows")
            if link:
                self._link_unlinked()
            self.add_publications(article for article, _ in pairs)
            self.add_sources(article for article, _ in pairs)
        return ids

    def remove_articles(self, ids: Iterable[str]) -> int:
        """Remove stored articles with everything derived from them; returns how many were stored.

        Their quotes, gender evidence, publications and pages go; the corpus
        speakers their article speakers were linked to are linked and decided
        again from the articles left (a speaker no other article names goes),
        and quote travel is linked again for the groups their quotes were in.
        """
        with self._transaction():
            return self._remove(ids)

    def replace_reused_ids(self, articles: Iterable[Article]) -> list[tuple[str, str, str]]:
        """Let each article (stored already) replace the earlier text its outlet gave under the same id.

        The earlier text's publication under that outlet and id is withdrawn
        and recorded in ``replaced_articles`` (so reading it again is not taken
        for news); a text no other publication holds is removed as
        ``remove_articles`` does. Returns (source id, outlet, replaced article id)
        of each replacement.
        """
        keyed = {(a.id, a.outlet or ""): article_id(a.text) for a in articles if a.id}
        if not keyed:
            return []
        con = self.connection
        replaced: list[tuple[str, str, str]] = []
        with self._transaction():
            for (source_id, outlet), newer in sorted(keyed.items()):
                older = [r[0] for r in con.execute(
                    """SELECT DISTINCT article_id FROM article_publications
                       WHERE source_id = ? AND coalesce(outlet, '') = ? AND article_id <> ? ORDER BY 1""",
                    [source_id, outlet, newer]).fetchall()]
                for aid in older:
                    con.execute(
                        "DELETE FROM article_publications WHERE article_id = ? AND source_id = ? AND coalesce(outlet, '') = ?",
                        [aid, source_id, outlet])
                    con.execute("INSERT OR REPLACE INTO replaced_articles (article_id, source_id, outlet, replaced_by) "
                                "VALUES (?, ?, ?, ?)", [aid, source_id, outlet, newer])
                    replaced.append((source_id, outlet, aid))
            gone = [aid for _, _, aid in replaced]
            orphans = [r[0] for r in con.execute(
                """SELECT article_id FROM articles a WHERE article_id IN (SELECT unnest(?))
                     AND NOT EXISTS (SELECT 1 FROM article_publications p WHERE p.article_id = a.article_id)""",
                [gone]).fetchall()] if gone else []
            self._remove(orphans)
            # A text another outlet still publishes stays; its row shows a publication it still has.
            con.execute(
                """UPDATE articles SET source_id = p.source_id, outlet = p.outlet, url = p.url, date = p.date, path = p.path
                   FROM (SELECT DISTINCT ON (article_id) * FROM article_publications
                         WHERE article_id IN (SELECT unnest(?)) ORDER BY article_id, seen_at, publication_key) p
                   WHERE articles.article_id = p.article_id""",
                [sorted(set(gone) - set(orphans))])
        return replaced

    def replaced_texts(self) -> set[tuple[str, str, str]]:
        """(article id, source id, outlet) of every text a later text of its outlet and id replaced."""
        return {(a, s, o) for a, s, o in self.connection.execute(
            "SELECT article_id, source_id, outlet FROM replaced_articles").fetchall()}

    def _remove(self, ids: Iterable[str]) -> int:
        ids = sorted(self._stored(list(ids)))
        if not ids:
            return 0
        con = self.connection
        gone = pa.table({"article_id": ids})  # noqa: F841 - read by DuckDB below
        speakers = [r[0] for r in con.execute(
            "SELECT DISTINCT speaker_id FROM speaker_articles WHERE article_id IN (SELECT article_id FROM gone) "
            "AND speaker_id IS NOT NULL ORDER BY 1").fetchall()]
        mentions = [r[0] for r in con.execute(
            """SELECT mention_id FROM speaker_articles WHERE article_id IN (SELECT article_id FROM gone) AND mention_id IS NOT NULL
               UNION SELECT mention_id FROM quotes WHERE article_id IN (SELECT article_id FROM gone) AND mention_id IS NOT NULL
               UNION SELECT mention_id FROM corrected_quotes WHERE article_id IN (SELECT article_id FROM gone) AND mention_id IS NOT NULL""").fetchall()]
        texts = [r[0] for r in con.execute(
            "SELECT DISTINCT norm_text FROM quotes WHERE article_id IN (SELECT article_id FROM gone)").fetchall()]
        # Speakers whose quotes a correction gave them from these articles are counted again.
        speakers = sorted(set(speakers) | {r[0] for r in con.execute(
            """SELECT DISTINCT speaker_id FROM quotes WHERE article_id IN (SELECT article_id FROM gone)
                 AND mention_id IS NULL AND speaker_id IS NOT NULL""").fetchall()})
        # A correction stays in quote_corrections: it applies again if the article comes back.
        # Acronyms only these articles wrote beside their names no longer join: their speakers are linked again below.
        unspelled = acronym_seeds(con, removed=ids)
        for table in ("quotes", "corrected_quotes", "speaker_articles", "gender_evidence", "article_publications",
                      "sources", "articles", "acronym_definitions"):
            con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM gone)")
        # A full name's article speaker is shared by every article naming it: only one no article names now goes.
        orphans = [r[0] for r in con.execute(
            """SELECT m FROM unnest(?::VARCHAR[]) AS t(m)
               WHERE NOT EXISTS (SELECT 1 FROM speaker_articles v WHERE v.mention_id = m)
                 AND NOT EXISTS (SELECT 1 FROM quotes q WHERE q.mention_id = m)""", [mentions]).fetchall()]
        for table in ("mention_aliases", "mention_groups"):
            con.execute(f"DELETE FROM {table} WHERE mention_id IN (SELECT unnest(?))", [orphans])
        self._unlink_quote_texts(texts)
        left = [r[0] for r in con.execute(
            "SELECT DISTINCT mention_id FROM speaker_articles WHERE speaker_id IN (SELECT unnest(?)) AND mention_id IS NOT NULL",
            [speakers]).fetchall()]
        left = sorted(set(left) | {m for m in unspelled if m not in orphans})
        if left:
            self._apply(*self._relink(left))
        con.execute(
            """DELETE FROM speaker_aliases WHERE speaker_id IN (SELECT speaker_id FROM speakers s
                   WHERE speaker_id IN (SELECT unnest(?)) AND NOT registered
                     AND NOT EXISTS (SELECT 1 FROM speaker_articles v WHERE v.speaker_id = s.speaker_id))""", [speakers])
        con.execute(
            """DELETE FROM speakers WHERE speaker_id IN (SELECT unnest(?)) AND NOT registered
                 AND NOT EXISTS (SELECT 1 FROM speaker_articles v WHERE v.speaker_id = speakers.speaker_id)""", [speakers])
        # Registered speakers stay, decided again from the articles still naming them (perhaps none).
        registered = {sid: known for sid in speakers if sid in self._registry for known in [self._registry[sid][0]]}
        if registered:
            self._derive_aliases(sorted(registered))
            self._derive_roles(registered)
            self._decide(registered)
        self._settle_corrections()
        return len(ids)

    def _unlink_quote_texts(self, texts: list[str]) -> None:
        """Ungroup the quote travel groups that ``texts`` were in, for ``link_quotes`` to link their
        remaining texts again (a removed text may have been what joined them)."""
        from .travel import text_key

        if not texts:
            return
        keys = sorted({text_key(t) for t in texts})
        self.connection.execute(
            """DELETE FROM quote_groups WHERE group_id IN
                   (SELECT group_id FROM quote_groups WHERE text_key IN (SELECT unnest(?)))""", [keys])

    def link(self) -> int:
        """Derive the corpus speakers of the articles stored with ``add_many(..., link=False)``.

        Returns how many article speakers were linked. Their quotes get their
        ``speaker_id``, ``speaker`` and ``speaker_gender``, and the speakers
        they share a surname or name with are decided again, as ``add_many``
        would have done.
        """
        with self._transaction():
            return self._link_unlinked()

    def add_publications(self, articles: Iterable[Article]) -> int:
        """Record where and when each article was published (a copy of a stored text, or a new one).

        One row per (article, outlet, date, url): reading the same copy again
        adds nothing. Returns how many publications were new.
        """
        rows = {}
        for article in articles:
            row = publication_row(article)
            rows.setdefault(row["publication_key"], row)
        if not rows:
            return 0
        before = self.connection.execute("SELECT count(*) FROM article_publications").fetchone()[0]
        batch = pa.Table.from_pylist(list(rows.values()), schema=PUBLICATION_SCHEMA)  # noqa: F841 - read by DuckDB below
        self.connection.execute("INSERT OR IGNORE INTO article_publications BY NAME SELECT * FROM batch")
        return self.connection.execute("SELECT count(*) FROM article_publications").fetchone()[0] - before

    def link_quotes(self) -> int:
        """Link quotes that travelled in trimmed, extended or reworded form (``quote_groups``); returns texts linked.

        ``whosaid ingest`` calls this at the end of every run; call it after
        adding articles with ``add``/``add_many`` yourself. Until then a quote
        is linked only to quotes of exactly its folded text.
        """
        from .travel import link_quotes

        return link_quotes(self.connection)

    def add_sources(self, articles: Iterable[Article]) -> None:
        """Record which raw page each article came from (``extra["source_key"]``), so it is skipped next time."""
        rows = [
            (a.extra["source_key"], article_id(a.text), a.extra.get("path"))
            for a in articles if a.extra and a.extra.get("source_key")
        ]
        if rows:
            self.connection.executemany("INSERT OR IGNORE INTO sources VALUES (?, ?, ?)", rows)

    def reject(self, path: str, reason: str) -> None:
        """Record an input that could not be read or analysed; the same failure again keeps one row."""
        self.connection.execute(
            "INSERT OR REPLACE INTO rejects (path, reason) VALUES (?, ?)", [str(path), str(reason)]
        )

    def forget_rejects(self, paths: Iterable[str]) -> None:
        """Drop earlier rejects of inputs that have now been read."""
        paths = list(paths)
        if paths:
            self.connection.executemany("DELETE FROM rejects WHERE path = ?", [[p] for p in paths])

    def register_speakers(self, registry: Iterable[RegisteredSpeaker]) -> None:
        """Load a speaker registry: its names, aliases, kinds and genders take precedence over what articles say.

        What is already stored is brought in line, as if the articles had
        been ingested with the registry from the start: the registry is kept
        in the store, and every article's speaker is linked again with it.
        """
        registry = list(registry)
        with self._transaction():
            con = self.connection
            for entry in registry:
                known = registered_speaker(entry)
                if known is None:
                    continue
                sid = known.speaker_id
                con.execute(
                    """INSERT INTO speakers (speaker_id, name, kind, role, registered, gender, gender_basis, role_basis)
                       VALUES (?, ?, ?, ?, true, 'unknown', NULL, ?)
                       ON CONFLICT (speaker_id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
                           role = coalesce(excluded.role, speakers.role), registered = true, only_article = NULL,
                           role_basis = excluded.role_basis""",
                    [sid, entry.name, entry.kind, entry.role, "registry" if entry.role else None],
                )
                if entry.gender in GENDERS:
                    con.execute("UPDATE speakers SET gender_basis = 'registry' WHERE speaker_id = ?", [sid])
                # An entry loaded again holds only the aliases it has now: a name split off it links elsewhere.
                con.execute(
                    """DELETE FROM speaker_aliases WHERE speaker_id = ? AND from_registry
                         AND alias NOT IN (SELECT unnest(?))""",
                    [sid, [entry.name, *entry.aliases]],
                )
                con.executemany(
                    """INSERT INTO speaker_aliases (alias, speaker_id, from_registry) VALUES (?, ?, true)
                       ON CONFLICT (alias, speaker_id) DO UPDATE SET from_registry = true""",
                    [(alias, sid) for alias in (entry.name, *entry.aliases)],
                )
                self._registry[sid] = (known, tuple(entry.aliases))
                if entry.gender in GENDERS:
                    self._registered_gender[sid] = entry.gender
                else:
                    self._registered_gender.pop(sid, None)
            self._relink_all()
            self._settle_corrections()

    def correct_quotes(self, corrections: Iterable[QuoteCorrection]) -> None:
        """Keep the user's corrections of single quotes and apply them to every stored quote they find
        (``corrections.py``); a correction whose quote is not stored waits for its article."""
        from .corrections import store_corrections

        with self._transaction():
            store_corrections(self, list(corrections))

    def restore_quotes(self, keys: Iterable[str]) -> None:
        """Drop the corrections ``keys`` (``QuoteCorrection.key``): their quotes count as their articles gave them."""
        from .corrections import forget_corrections

        with self._transaction():
            forget_corrections(self, list(keys))

    def _settle_corrections(self) -> None:
        from .corrections import settle

        settle(self)

    def split_namesakes(self, namesakes: Iterable[Namesake]) -> None:
        """Part namesakes: the person each entry names, in the articles it lists, becomes a speaker of their
        own (``linking.namesake_mention_id``), now for the stored articles and later for those stored after.

        The stored article speakers of that name (its full name, or its surname alone) in those articles
        take the namesake's id, marked as theirs alone, and are linked again.
        """
        namesakes = list(namesakes)
        self._namesakes = [*self._namesakes, *(n for n in namesakes if n not in self._namesakes)]
        con = self.connection
        with self._transaction():
            for entry in namesakes:
                new = namesake_mention_id(entry.name, entry.kind, entry.articles)
                stored = con.execute(
                    """SELECT DISTINCT article_id, name, mention_id FROM speaker_articles
                       WHERE article_id IN (SELECT unnest(?)) AND mention_id IS DISTINCT FROM ?""",
                    [list(entry.articles), new]).fetchall()
                for aid, name, old in stored:
                    if old is None or not names_namesake(entry.name, entry.kind, readable_name(name)):
                        continue
                    # Unlinked, so the next link places them (and reaches the speaker they leave).
                    for table in ("quotes", "gender_evidence"):
                        con.execute(f"UPDATE {table} SET mention_id = ?, speaker_id = NULL WHERE article_id = ? AND mention_id = ?",
                                    [new, aid, old])
                    # A corrected quote's row as its article gave it: restored, it counts for the namesake.
                    con.execute("UPDATE corrected_quotes SET mention_id = ? WHERE article_id = ? AND mention_id = ?",
                                [new, aid, old])
                    con.execute("""UPDATE speaker_articles SET mention_id = ?, speaker_id = NULL, own_article = true
                                   WHERE article_id = ? AND mention_id = ?""", [new, aid, old])
                    con.execute("INSERT OR IGNORE INTO mention_aliases (alias, mention_id) VALUES (?, ?)", [name, new])
            self._link_unlinked()

    def merge_speakers(self, sources: Iterable[str], target: str) -> None:
        """Fold the speakers ``sources`` (ids, registered or not) into ``target``.

        The merge is kept as a registry entry of the target holding every name
        the sources' articles gave them, so it holds for articles still to come.
        """
        known = self.speaker(target)
        if known is None:
            raise KeyError(f"no speaker {target!r} in {self.path}")
        self._ensure_registry()
        found = [(sid, self.speaker(sid)) for sid in dict.fromkeys(sources) if sid != target]
        sources = [sid for sid, speaker in found if speaker is not None]
        names = [speaker.name for _, speaker in found if speaker is not None]
        forms: dict[str, set[str]] = {}
        for mid, name in self.connection.execute(
            "SELECT DISTINCT mention_id, speaker_name FROM quotes WHERE speaker_id IN (SELECT unnest(?)) AND mention_id IS NOT NULL",
            [sources],
        ).fetchall():
            forms.setdefault(mid, set()).add(readable_name(name))
        for mid in sorted(forms):
            names.extend(sorted(forms[mid]))
        base, aliases = self._registry.get(target, (None, ()))
        entry = RegisteredSpeaker(known.name, (*aliases, *dict.fromkeys(n for n in names if n not in aliases)), known.kind,
                                  self._registered_gender.get(target, "unknown"), known.role)
        with self._transaction():
            for sid in sources:
                # A merged registered speaker's names now belong to the target.
                self.connection.execute("UPDATE speakers SET registered = false WHERE speaker_id = ?", [sid])
                self.connection.execute("DELETE FROM speaker_aliases WHERE speaker_id = ? AND from_registry", [sid])
                self._registry.pop(sid, None)
                self._registered_gender.pop(sid, None)
        self.register_speakers([entry])

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One transaction of the store's writes; after a rollback, the registry is read again, since what
        is in memory may hold what the rollback removed."""
        self._ensure_registry()
        self.connection.begin()
        try:
            yield
            self.connection.commit()
        except BaseException:
            self.connection.rollback()
            self._registry_read = False
            raise

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- internals: article speakers and corpus speakers -------------------------------

    def _insert(self, table: str, rows: list[dict], schema: pa.Schema) -> None:
        if not rows:
            return
        batch = pa.Table.from_pylist(rows, schema=schema)  # noqa: F841 - read by DuckDB below
        self.connection.execute(f"INSERT INTO {table} BY NAME SELECT * FROM batch")

    def _ensure_registry(self) -> None:
        """Read the registry from the store (once per open store), and give the article speakers of a store
        made before ``mention_groups`` their group keys."""
        if self._registry_read:
            return
        con = self.connection
        self._registry, self._registered_gender = {}, {}
        aliases: dict[str, list[str]] = {}
        for alias, sid in con.execute(
            "SELECT alias, speaker_id FROM speaker_aliases WHERE from_registry ORDER BY alias").fetchall():
            aliases.setdefault(sid, []).append(alias)
        for sid, name, kind, gender, role, basis, role_basis in con.execute(
            "SELECT speaker_id, name, kind, gender, role, gender_basis, role_basis FROM speakers WHERE registered").fetchall():
            # A role its quotes gave is no registry's: read as one, it would be pinned for good.
            entry = RegisteredSpeaker(name, tuple(a for a in aliases.get(sid, ()) if a != name), kind,
                                      gender if basis == "registry" else "unknown", role if role_basis == "registry" else None)
            self._registry[sid] = (registered_speaker(entry), entry.aliases)
            if basis == "registry" and gender in GENDERS:
                self._registered_gender[sid] = gender
        self._reindex_registry()
        fill_groups(con)
        self._registry_read = True

    def _reindex_registry(self) -> None:
        index = SpeakerIndex()
        keys = {}
        for sid, (known, aliases) in sorted(self._registry.items()):
            index.add(known, aliases)
            keys[sid] = registered_group_keys(known, aliases)
        self._registry_index, self._registry_keys = index, keys

    def _link_unlinked(self) -> int:
        """Link the article speakers stored without their corpus speaker, and those called by an acronym an
        article stored since writes beside its name; returns how many there were."""
        seeds = unlinked(self.connection)
        spelled = acronym_seeds(self.connection)
        if seeds or spelled:
            self._apply(*self._relink(sorted(set(seeds) | set(spelled))))
        self.connection.execute("UPDATE acronym_definitions SET linked = true WHERE NOT linked")
        # Articles just stored may hold quotes a correction waits for, named or not.
        self._settle_corrections()
        return len(seeds)

    def _relink(self, seeds: Iterable[str]) -> tuple[dict[str, str], Linked, set[str]]:
        """Link again every article speaker that shares a group with ``seeds``, read from the tables;
        (their links before, the new linking, those of them not linked before)."""
        mids, registered = reach(self.connection, seeds, self._registry_keys)
        read = read_mentions(self.connection, mids)
        entries = [self._registry[sid] for sid in registered if sid in self._registry]
        defined = spelled_out_pairs(self.connection, read.mentions)
        return read.links, link_mentions(read.mentions, entries, self._registered_gender, defined), read.unlinked

    def _relink_all(self) -> None:
        """Link every article speaker again, a few groups at a time."""
        self._ensure_registry()
        self._reindex_registry()
        con = self.connection
        unlinked(con)  # records the group keys of article speakers stored since the last link
        con.execute("CREATE OR REPLACE TEMP TABLE relinked (mention_id VARCHAR)")
        reached: set[str] = set()
        while True:
            seeds = [r[0] for r in con.execute(
                """SELECT DISTINCT mention_id FROM mention_groups
                   WHERE mention_id NOT IN (SELECT mention_id FROM relinked) ORDER BY 1 LIMIT ?""",
                [RELINK_SEEDS]).fetchall()]
            if not seeds:
                break
            before, linked, unset = self._relink(seeds)
            reached |= {sid for sid in linked.speakers if sid in self._registry}
            done = pa.table({"mention_id": list(linked.links) + seeds})  # noqa: F841
            con.execute("INSERT INTO relinked SELECT DISTINCT mention_id FROM done")
            self._apply(before, linked, unset)
        con.execute("DROP TABLE relinked")
        # Registered speakers no article names yet, and speakers no article speaker links to any more.
        alone = [self._registry[sid] for sid in sorted(self._registry) if sid not in reached]
        self._apply({}, link_mentions([], alone, self._registered_gender), set())
        stale = [r[0] for r in con.execute(
            """SELECT speaker_id FROM speakers s WHERE NOT registered
                 AND NOT EXISTS (SELECT 1 FROM speaker_articles v WHERE v.speaker_id = s.speaker_id)""").fetchall()]
        if stale:
            con.execute("DELETE FROM speakers WHERE speaker_id IN (SELECT unnest(?))", [stale])
            con.execute("DELETE FROM speaker_aliases WHERE speaker_id IN (SELECT unnest(?))", [stale])

    def _apply(self, before: dict[str, str], linked: Linked, unset: set[str] = frozenset()) -> None:
        """Write what a relink changed: the speaker ids of stored rows (also of the ``unset`` article speakers,
        stored unlinked), the speakers, their aliases, roles and genders."""
        con = self.connection
        after = linked.links
        moved = {mid: sid for mid, sid in after.items() if (mid in before and before[mid] != sid) or mid in unset}
        if moved:
            changes = pa.table({"mention_id": list(moved), "new_id": list(moved.values())})  # noqa: F841
            for table in ("quotes", "speaker_articles", "gender_evidence"):
                con.execute(f"""UPDATE {table} SET speaker_id = c.new_id FROM changes c
                                WHERE {table}.mention_id = c.mention_id AND {table}.speaker_id IS DISTINCT FROM c.new_id""")
        affected = set(before.values()) | set(after.values()) | set(linked.speakers)
        kept = set(linked.speakers) | set(self._registry)
        gone = sorted(affected - kept)
        if gone:
            con.execute("DELETE FROM speakers WHERE speaker_id IN (SELECT unnest(?)) AND NOT registered", [gone])
            con.execute("DELETE FROM speaker_aliases WHERE speaker_id IN (SELECT unnest(?))", [gone])
        rows = [
            {"speaker_id": sid, "name": k.name, "kind": k.kind, "only_article": linked.own_article.get(sid)}
            for sid, k in sorted(linked.speakers.items()) if not k.registered
        ]
        if rows:
            fresh = pa.Table.from_pylist(rows)  # noqa: F841
            con.execute(
                """INSERT INTO speakers (speaker_id, name, kind, only_article)
                   SELECT speaker_id, name, kind, only_article FROM fresh
                   ON CONFLICT (speaker_id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
                       only_article = excluded.only_article"""
            )
        live = sorted(affected & kept)
        if not live:
            return
        speakers = {sid: linked.speakers.get(sid) or self._registry[sid][0] for sid in live}
        self._derive_aliases(live)
        self._derive_roles(speakers)
        self._decide(speakers)
        self._requote(live)

    def _derive_aliases(self, sids: list[str]) -> None:
        self.connection.execute(
            "DELETE FROM speaker_aliases WHERE NOT from_registry AND speaker_id IN (SELECT unnest(?))", [sids])
        self.connection.execute(
            """INSERT OR IGNORE INTO speaker_aliases (alias, speaker_id, from_registry)
               SELECT DISTINCT a.alias, l.speaker_id, false FROM mention_aliases a
               JOIN (SELECT DISTINCT mention_id, speaker_id FROM speaker_articles
                     WHERE speaker_id IN (SELECT unnest(?))) l USING (mention_id)""",
            [sids],
        )

    def _derive_roles(self, speakers: dict[str, KnownSpeaker]) -> None:
        """A speaker's role is the current one: the role its latest-dated article gives ("transport
        secretary" from April on, though eight earlier quotes said "Senator"); among roles of that date, or
        with no dated article, the one most quotes give (ties: alphabetically first). A registry's role wins."""
        sids = sorted(speakers)
        best: dict[str, tuple] = {}
        for sid, role, latest, n in self.connection.execute(
            """SELECT q.speaker_id, q.role, max(a.date), count(*) FROM quotes q JOIN articles a USING (article_id)
               WHERE q.speaker_id IN (SELECT unnest(?)) AND q.role IS NOT NULL GROUP BY ALL""",
            [sids],
        ).fetchall():
            rank = (latest is not None, latest or date.min, n)
            if sid not in best or rank > best[sid][0] or (rank == best[sid][0] and role < best[sid][1]):
                best[sid] = (rank, role)
        rows = []
        for sid in sids:
            entry = self._registry.get(sid)
            given = entry[0].role if entry is not None and entry[0].role else None
            role = given or (best[sid][1] if sid in best else None)
            rows.append({"speaker_id": sid, "role": role, "role_basis": "registry" if given else None})
        if rows:
            # Compared with the stored role: a role its quotes no longer give (they moved to another speaker) must go.
            roles = pa.Table.from_pylist(rows, schema=pa.schema(  # noqa: F841
                [("speaker_id", pa.string()), ("role", pa.string()), ("role_basis", pa.string())]))
            self.connection.execute("""UPDATE speakers SET role = r.role, role_basis = r.role_basis FROM roles r
                                       WHERE speakers.speaker_id = r.speaker_id
                                         AND (speakers.role IS DISTINCT FROM r.role
                                              OR speakers.role_basis IS DISTINCT FROM r.role_basis)""")

    # -- internals: gender -----------------------------------------------------------

    def _decide(self, speakers: dict[str, KnownSpeaker]) -> None:
        """Decide the gender of ``speakers`` again from all their articles' votes and write it."""
        con = self.connection
        sids = sorted(speakers)
        tallies: dict[str, GenderTally] = {}
        for sid, gender, basis, articles, strength in con.execute(
            """SELECT speaker_id, gender, basis, count(*), sum(strength) FROM (
                   SELECT speaker_id, article_id, gender, basis, max(strength) AS strength
                   FROM speaker_articles WHERE speaker_id IN (SELECT unnest(?)) GROUP BY ALL)
               GROUP BY ALL""",
            [sids],
        ).fetchall():
            tally = tallies.setdefault(sid, GenderTally())
            tally.add(ArticleVote(gender, basis, 0.0), articles)
            if basis == "text":
                tally.text_strength[gender] += strength
        pieces: dict[tuple[str, str], list[str]] = {}
        for sid, label, kind, text, paragraph in con.execute(
            """SELECT speaker_id, label, kind, text, paragraph FROM gender_evidence WHERE speaker_id IN (SELECT unnest(?))
               QUALIFY row_number() OVER (PARTITION BY speaker_id, label ORDER BY strength DESC, article_id, paragraph, kind, text) <= ?
               ORDER BY speaker_id, label, strength DESC, article_id, paragraph, kind, text""",
            [sids, EVIDENCE_SHOWN],
        ).fetchall():
            where = f", paragraph {paragraph}" if paragraph is not None else ""
            pieces.setdefault((sid, label), []).append(f'{kind} "{text}"{where}')
        updates = []
        for sid in sids:
            known = speakers[sid]
            decided = (tallies.get(sid) or GenderTally()).decide(
                self._registered_gender.get(sid) if known.registered else None)
            gender = decided.gender if known.kind == "person" else "unknown"
            known.gender = gender
            updates.append({"speaker_id": sid, "gender": gender,
                            "gender_basis": decided.basis if gender != "unknown" or decided.basis == "override" else None,
                            "gender_summary": decided.summary, "gender_conflict": decided.conflict,
                            "gender_evidence": [decided.summary, *pieces.get((sid, gender), [])] if known.kind == "person" else []})
        if updates:
            changes = pa.Table.from_pylist(updates)  # noqa: F841 - read by DuckDB below
            con.execute(
                """UPDATE speakers SET gender = c.gender, gender_basis = c.gender_basis,
                          gender_summary = c.gender_summary, gender_conflict = c.gender_conflict,
                          gender_evidence = c.gender_evidence
                   FROM changes c WHERE speakers.speaker_id = c.speaker_id"""
            )

    def _requote(self, sids: list[str]) -> None:
        """Copy the name, gender and kind of ``sids`` onto their stored quotes, in one statement: a registered
        speaker's kind, and the corpus kind where the article took a person for an organisation or back
        (rule 6); otherwise the article's own kind ("group") stays."""
        self.connection.execute(
            f"""UPDATE quotes SET speaker = s.name, speaker_gender = s.gender,
                      speaker_kind = CASE WHEN {_KIND_FROM_CORPUS} THEN s.kind ELSE quotes.speaker_kind END
               FROM speakers s
               WHERE quotes.speaker_id = s.speaker_id AND s.speaker_id IN (SELECT unnest(?))
                 AND (quotes.speaker IS DISTINCT FROM s.name OR quotes.speaker_gender IS DISTINCT FROM s.gender
                      OR ({_KIND_FROM_CORPUS} AND quotes.speaker_kind <> s.kind))""",
            [sids],
        )

    def _upgrade(self) -> None:
        """A store written before speakers' genders were decided from every article: fill in what it lacks."""
        from .upgrade import upgrade

        upgrade(self)


# When a quote's kind is its corpus speaker's rather than its article's.
_KIND_FROM_CORPUS = "(s.registered OR (s.kind = 'person') <> (quotes.speaker_kind = 'person'))"


def has_unlinked(connection: duckdb.DuckDBPyConnection) -> bool:
    """Whether some article speaker was stored without its corpus speaker (a run stopped before linking)."""
    if connection.execute("""SELECT count(*) FROM information_schema.columns
                             WHERE table_name = 'speaker_articles' AND column_name = 'mention_id'""").fetchone()[0] == 0:
        return False
    return connection.execute(
        "SELECT 1 FROM speaker_articles WHERE speaker_id IS NULL AND mention_id IS NOT NULL LIMIT 1").fetchone() is not None


def is_current(connection: duckdb.DuckDBPyConnection) -> bool:
    """Whether the store has every table and column this whosaid writes and every speaker linked
    (else ``open_current`` brings it up to date)."""
    tables = {r[0] for r in connection.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if "speaker_articles" not in tables or "quotes" not in tables:
        return False
    columns = {r for r in connection.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_name IN ('quotes', 'articles', 'speakers', 'corrected_quotes', 'quote_corrections')"
    ).fetchall()}
    wanted = {("quotes", "act"), ("quotes", "speaker_description"), ("articles", "headline_end"),
              ("speakers", "role_basis"), ("corrected_quotes", "quote_key"), ("quote_corrections", "speaker_id")}
    spelled = "derived_tables" in tables and connection.execute(
        "SELECT 1 FROM derived_tables WHERE name = 'acronym_definitions'").fetchone() is not None
    return wanted <= columns and spelled and not has_unlinked(connection)


def open_current(path: str | Path) -> Store:
    """The store at ``path`` opened read-only, brought up to date first if an earlier whosaid wrote it."""
    store = Store(path, read_only=True)
    if is_current(store.connection):
        return store
    store.close()
    with Store(path):
        pass
    return Store(path, read_only=True)


__all__ = ["Store", "NotAStore", "open_current", "is_current", "has_unlinked", "DEFAULT_DB", "article_id", "schema_sql", "load_registry", "RegisteredSpeaker", "family"]
