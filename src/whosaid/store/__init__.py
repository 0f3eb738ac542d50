"""The corpus store: one embedded DuckDB file of articles, quotes and speakers.

    from whosaid.store import Store
    with Store("news.duckdb") as store:
        if not store.has(article_id(article.text)):
            store.add(article, engine.analyze(article.text, article.id))
        store.connection.sql(
            "SELECT s.name, count(*) FROM quotes JOIN speakers s USING (speaker_id) GROUP BY s.speaker_id, s.name"
        ).show()

The tables are documented in ``schema.sql`` next to this file. One process
writes a store at a time (DuckDB locks the file); readers open it with
``read_only=True`` once the writer is done.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import duckdb
import pyarrow as pa

from ..records import Article, ArticleResult, Speaker
from .names import article_id, name_key
from .names import speaker_id as make_speaker_id
from .registry import RegisteredSpeaker, load_registry
from .rows import ARTICLE_COLUMNS, QUOTE_COLUMNS, article_rows
from .speakers import KnownSpeaker, SpeakerIndex

DEFAULT_DB = "whosaid.duckdb"

_OFFSETS = pa.list_(pa.list_(pa.int32()))
ARTICLE_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()), ("source_id", pa.string()), ("url", pa.string()), ("outlet", pa.string()),
        ("title", pa.string()), ("date", pa.date32()), ("date_problem", pa.string()), ("author", pa.string()), ("path", pa.string()),
        ("text", pa.string()), ("n_quotes", pa.int32()),
    ]
)
QUOTE_SCHEMA = pa.schema(
    [
        ("quote_id", pa.string()), ("article_id", pa.string()), ("position", pa.int32()), ("kind", pa.string()),
        ("text", pa.string()), ("norm_text", pa.string()), ("content", _OFFSETS), ("source", _OFFSETS),
        ("cue", _OFFSETS), ("cue_text", pa.string()), ("source_text", pa.string()), ("speaker_id", pa.string()),
        ("speaker_name", pa.string()), ("speaker_kind", pa.string()), ("addressee", pa.string()),
        ("medium", pa.string()), ("confidence", pa.float64()), ("gender", pa.string()),
        ("gender_evidence", pa.list_(pa.string())), ("role", pa.string()),
    ]
)
assert tuple(ARTICLE_SCHEMA.names) == ARTICLE_COLUMNS and tuple(QUOTE_SCHEMA.names) == QUOTE_COLUMNS


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
    ):
        self.path = str(path)
        if read_only and not Path(self.path).exists():
            raise FileNotFoundError(f"{self.path}: no such store (create one with `whosaid ingest`)")
        self.connection = duckdb.connect(self.path, read_only=read_only)
        self.read_only = read_only
        if not read_only:
            self.connection.execute(schema_sql())
        self._index = SpeakerIndex()
        self._load_index()
        if speakers is not None:
            registry = load_registry(speakers) if isinstance(speakers, (str, Path)) else speakers
            self.register_speakers(registry)

    # -- reading -----------------------------------------------------------------

    def has(self, article_id: str) -> bool:
        return self.connection.execute("SELECT 1 FROM articles WHERE article_id = ?", [article_id]).fetchone() is not None

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

    # -- writing -----------------------------------------------------------------

    def add(self, article: Article, result: ArticleResult) -> str:
        """Store one article and its quotes in one transaction; returns its article id."""
        return self.add_many([(article, result)])[0]

    def add_many(self, pairs: Iterable[tuple[Article, ArticleResult]]) -> list[str]:
        """Store whole articles in one transaction; articles already stored are left as they are."""
        pairs = list(pairs)
        ids = [article_id(article.text) for article, _ in pairs]
        if not pairs:
            return ids
        con = self.connection
        con.begin()
        try:
            placeholders = ",".join("?" * len(ids))
            seen = {r[0] for r in con.execute(f"SELECT article_id FROM articles WHERE article_id IN ({placeholders})", ids).fetchall()}
            articles, quotes, aliases = [], [], set()
            for (article, result), aid in zip(pairs, ids):
                if aid in seen:
                    continue
                seen.add(aid)
                rows = article_rows(article, result)
                for row, speaker in zip(rows.quotes, rows.quote_speakers):
                    if speaker is not None:
                        row["speaker_id"] = self._link_speaker(speaker, aliases, quotes)
                articles.append(rows.article)
                quotes.extend(rows.quotes)
            self._insert("articles", articles, ARTICLE_SCHEMA)
            self._insert("quotes", quotes, QUOTE_SCHEMA)
            self.add_sources(article for article, _ in pairs)
            if aliases:
                # One statement for the batch: row-by-row inserts were most of the writer's time.
                alias_rows = pa.table({"alias": [a for a, _ in sorted(aliases)], "speaker_id": [i for _, i in sorted(aliases)]})  # noqa: F841
                con.execute("INSERT OR IGNORE INTO speaker_aliases BY NAME SELECT * FROM alias_rows")
            con.commit()
        except BaseException:
            con.rollback()
            # The in-memory speaker index may hold speakers the rollback removed.
            self._load_index()
            raise
        return ids

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
        """Load a speaker registry: its names and aliases take precedence over what articles say."""
        con = self.connection
        con.begin()
        try:
            for entry in registry:
                key = name_key(entry.name, entry.kind)
                if not key:
                    continue
                sid = make_speaker_id(key, entry.kind)
                con.execute(
                    """INSERT INTO speakers (speaker_id, name, kind, gender, gender_evidence, role, registered)
                       VALUES (?, ?, ?, ?, ?, ?, true)
                       ON CONFLICT (speaker_id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
                         gender = excluded.gender, gender_evidence = excluded.gender_evidence,
                         role = coalesce(excluded.role, speakers.role), registered = true""",
                    [sid, entry.name, entry.kind, entry.gender,
                     ["registry"] if entry.gender != "unknown" else [], entry.role],
                )
                alias_keys = tuple(k for k in (name_key(a, entry.kind) for a in entry.aliases) if k)
                # Speakers made earlier from articles under a registered name now belong to the registered one.
                absorbed = [
                    other for other in sorted(self._index.find(entry.kind, (key, *alias_keys)))
                    if other != sid and not self._index.speakers[other].registered
                ]
                self._index.remove(sid)
                for other in absorbed:
                    self._merge(other, sid)
                self._index.add(
                    KnownSpeaker(sid, entry.name, entry.kind, key, entry.gender, entry.role, registered=True),
                    alias_keys,
                )
                for alias in (entry.name, *entry.aliases):
                    con.execute("INSERT OR IGNORE INTO speaker_aliases VALUES (?, ?)", [alias, sid])
            con.commit()
        except BaseException:
            con.rollback()
            self._load_index()
            raise

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- internals ---------------------------------------------------------------

    def _insert(self, table: str, rows: list[dict], schema: pa.Schema) -> None:
        if not rows:
            return
        batch = pa.Table.from_pylist(rows, schema=schema)  # noqa: F841 - read by DuckDB below
        self.connection.execute(f"INSERT INTO {table} BY NAME SELECT * FROM batch")

    def _load_index(self) -> None:
        index = SpeakerIndex()
        con = self.connection
        aliases: dict[str, list[str]] = {}
        for alias, sid in con.execute("SELECT alias, speaker_id FROM speaker_aliases").fetchall():
            aliases.setdefault(sid, []).append(alias)
        for sid, name, kind, gender, role, registered in con.execute(
            "SELECT speaker_id, name, kind, gender, role, registered FROM speakers"
        ).fetchall():
            # Only a registry's aliases link names; aliases seen in articles are kept for reading.
            alias_keys = tuple(name_key(a, kind) for a in aliases.get(sid, ())) if registered else ()
            index.add(KnownSpeaker(sid, name, kind, name_key(name, kind), gender, role, registered), alias_keys)
        self._index = index

    def _link_speaker(self, speaker: Speaker, aliases: set, pending_quotes: list[dict]) -> str | None:
        kind = speaker.kind if speaker.kind in ("person", "organization", "group") else "person"
        link = self._index.link(speaker.name, kind)
        if link is None:
            return None
        sid = link.speaker_id
        known = self._index.speakers[sid]
        evidence = [str(e) for e in speaker.gender_evidence]
        if link.created:
            self.connection.execute(
                "INSERT INTO speakers (speaker_id, name, kind, gender, gender_evidence, role) VALUES (?, ?, ?, ?, ?, ?)",
                [sid, speaker.name, kind, speaker.gender, evidence, speaker.role],
            )
            known.gender, known.role = speaker.gender, speaker.role
        for absorbed in link.absorbed:
            self._merge(absorbed, sid, pending_quotes)
        if not known.registered:
            if known.gender == "unknown" and speaker.gender != "unknown":
                known.gender = speaker.gender
                self.connection.execute(
                    "UPDATE speakers SET gender = ?, gender_evidence = ? WHERE speaker_id = ?",
                    [speaker.gender, evidence, sid],
                )
            if known.role is None and speaker.role:
                known.role = speaker.role
                self.connection.execute("UPDATE speakers SET role = ? WHERE speaker_id = ?", [speaker.role, sid])
        for alias in (speaker.name, *speaker.aliases):
            if alias and alias.strip():
                aliases.add((alias.strip(), sid))
        return sid

    def _merge(self, old: str, new: str, pending_quotes: list[dict] | None = None) -> None:
        """Fold speaker ``old`` into ``new``: its quotes, aliases and (if ``new`` has none) gender."""
        con = self.connection
        con.execute("UPDATE quotes SET speaker_id = ? WHERE speaker_id = ?", [new, old])
        con.execute(
            "INSERT OR IGNORE INTO speaker_aliases SELECT alias, ? FROM speaker_aliases WHERE speaker_id = ?", [new, old]
        )
        con.execute("DELETE FROM speaker_aliases WHERE speaker_id = ?", [old])
        row = con.execute("SELECT gender, gender_evidence, role FROM speakers WHERE speaker_id = ?", [old]).fetchone()
        target = self._index.speakers.get(new)
        if row and target is not None and not target.registered:
            gender, evidence, role = row
            if target.gender == "unknown" and gender != "unknown":
                target.gender = gender
                con.execute("UPDATE speakers SET gender = ?, gender_evidence = ? WHERE speaker_id = ?", [gender, evidence, new])
            if target.role is None and role:
                target.role = role
                con.execute("UPDATE speakers SET role = ? WHERE speaker_id = ?", [role, new])
        con.execute("DELETE FROM speakers WHERE speaker_id = ?", [old])
        self._index.remove(old)
        for row in pending_quotes or ():
            if row["speaker_id"] == old:
                row["speaker_id"] = new


__all__ = ["Store", "DEFAULT_DB", "article_id", "schema_sql", "load_registry", "RegisteredSpeaker"]
