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
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import duckdb
import pyarrow as pa

from ..records import Article, ArticleResult, Speaker
from .gender import ArticleVote, GenderTally, article_vote, evidence_rows
from .names import article_id, bare_honorific, canonical_id, name_key, organization_key, person_key, readable_name
from .registry import RegisteredSpeaker, load_registry
from .rows import ARTICLE_COLUMNS, PUBLICATION_COLUMNS, QUOTE_COLUMNS, article_rows, publication_row
from .speakers import KnownSpeaker, SpeakerIndex, family

DEFAULT_DB = "whosaid.duckdb"
# How many pieces of evidence per label ``speakers.gender_evidence`` shows after its summary.
EVIDENCE_SHOWN = 3

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
        ("speaker", pa.string()), ("speaker_gender", pa.string()),
        ("speaker_name", pa.string()), ("speaker_kind", pa.string()), ("addressee", pa.string()),
        ("medium", pa.string()), ("confidence", pa.float64()), ("gender", pa.string()),
        ("gender_evidence", pa.list_(pa.string())), ("role", pa.string()), ("act", pa.string()),
        ("speaker_description", pa.string()),
    ]
)
SPEAKER_SCHEMA = pa.schema(
    [("speaker_id", pa.string()), ("name", pa.string()), ("kind", pa.string()), ("role", pa.string())]
)
VOTE_SCHEMA = pa.schema(
    [("speaker_id", pa.string()), ("article_id", pa.string()), ("name", pa.string()), ("gender", pa.string()),
     ("basis", pa.string()), ("strength", pa.float64())]
)
EVIDENCE_SCHEMA = pa.schema(
    [("speaker_id", pa.string()), ("article_id", pa.string()), ("paragraph", pa.int32()), ("kind", pa.string()),
     ("strength", pa.float64()), ("label", pa.string()), ("text", pa.string()), ("name", pa.string())]
)
PUBLICATION_SCHEMA = pa.schema(
    [
        ("publication_key", pa.string()), ("article_id", pa.string()), ("outlet", pa.string()), ("date", pa.date32()),
        ("url", pa.string()), ("path", pa.string()), ("source_id", pa.string()), ("encoding", pa.string()),
    ]
)
assert tuple(ARTICLE_SCHEMA.names) == ARTICLE_COLUMNS and tuple(QUOTE_SCHEMA.names) == QUOTE_COLUMNS
assert tuple(PUBLICATION_SCHEMA.names) == PUBLICATION_COLUMNS


def connect(path: str, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a store's file; a file written by a newer DuckDB than whosaid's is refused with the way out."""
    try:
        return duckdb.connect(path, read_only=read_only)
    except duckdb.IOException as exc:
        if "newer version of DuckDB" not in str(exc):
            raise
        raise duckdb.IOException(
            f"{path} was written by a newer DuckDB than the {duckdb.__version__} whosaid uses (pinned to match "
            "its full-text index). Ingest the articles again into a new store, or copy the store into this "
            "format: open it with the newer DuckDB, ATTACH 'new.duckdb' AS new (STORAGE_VERSION 'v1.5.0') "
            "and COPY FROM DATABASE <its name> TO new."
        ) from None


def schema_sql() -> str:
    return resources.files(__package__).joinpath("schema.sql").read_text(encoding="utf-8")


@dataclass(slots=True)
class _Batch:
    """Rows one transaction adds, and the speakers whose corpus facts it may change."""

    quotes: list[dict] = field(default_factory=list)
    votes: list[dict] = field(default_factory=list)
    evidence: list[dict] = field(default_factory=list)
    aliases: set[tuple[str, str]] = field(default_factory=set)
    touched: set[str] = field(default_factory=set)
    # Speakers whose stored quotes must get their name, gender and kind copied again.
    requote: set[str] = field(default_factory=set)
    # Speakers made in this batch, written in one statement before their genders are decided.
    new_speakers: dict[str, dict] = field(default_factory=dict)
    registry_aliases: set[tuple[str, str]] = field(default_factory=set)

    def rename(self, old: str, new: str) -> None:
        for rows in (self.quotes, self.votes, self.evidence):
            for row in rows:
                if row["speaker_id"] == old:
                    row["speaker_id"] = new
        self.aliases = {(a, new if s == old else s) for a, s in self.aliases}
        self.registry_aliases = {(a, new if s == old else s) for a, s in self.registry_aliases}
        for ids in (self.touched, self.requote):
            if old in ids:
                ids.discard(old)
                ids.add(new)


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
        self.connection = connect(self.path, read_only=read_only)
        self.read_only = read_only
        if not read_only:
            self.connection.execute(schema_sql())
        self._index = SpeakerIndex()
        self._load_index()
        # Gender votes are read on the first write: readers never need them.
        self._tallies: dict[str, GenderTally] | None = None
        self._pieces: dict[str, dict[str, list[tuple[float, str]]]] = {}
        self._registered_gender: dict[str, str] = {}
        if not read_only:
            self._upgrade()
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

    def speaker(self, sid: str) -> KnownSpeaker | None:
        """The corpus speaker with this id, as the store currently links names to it."""
        return self._index.speakers.get(sid)

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
        with self._transaction():
            placeholders = ",".join("?" * len(ids))
            seen = {r[0] for r in con.execute(f"SELECT article_id FROM articles WHERE article_id IN ({placeholders})", ids).fetchall()}
            articles: list[dict] = []
            batch = _Batch()
            for (article, result), aid in zip(pairs, ids):
                if aid in seen:
                    continue
                seen.add(aid)
                rows = article_rows(article, result)
                articles.append(rows.article)
                batch.quotes.extend(rows.quotes)
                linked: dict[str, tuple[Speaker, dict]] = {}
                for row, speaker in zip(rows.quotes, rows.quote_speakers):
                    if speaker is not None:
                        row["speaker_id"] = self._link_speaker(speaker, batch)
                        if row["speaker_id"] is not None:
                            linked[speaker.name] = (speaker, row)
                # The id is read from the row after all linking: a later name may have merged an earlier one away.
                for speaker, row in linked.values():
                    self._record_votes(row["speaker_id"], aid, speaker, batch)
            self._insert("speakers", list(batch.new_speakers.values()), SPEAKER_SCHEMA)
            batch.new_speakers.clear()
            self._decide(batch.touched, batch)
            self._rehome_bare(batch)
            for row in batch.quotes:
                self._copy_speaker(row)
            self._insert("articles", articles, ARTICLE_SCHEMA)
            self._insert("quotes", batch.quotes, QUOTE_SCHEMA)
            self._insert("speaker_articles", batch.votes, VOTE_SCHEMA)
            self._insert("gender_evidence", batch.evidence, EVIDENCE_SCHEMA)
            self._requote(batch.requote)
            self.add_publications(article for article, _ in pairs)
            self.add_sources(article for article, _ in pairs)
            self._insert_aliases(batch.aliases)
        return ids

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
        been ingested with the registry from the start: quotes whose article
        named one of an entry's names move to that entry's speaker, and
        speakers left with no quotes are dropped.
        """
        registry = list(registry)
        with self._transaction():
            batch = _Batch()
            for entry in registry:
                self._register(entry, batch)
            self._relink_registered(registry, batch)
            self._decide(batch.touched, batch)
            self._requote(batch.requote | batch.touched)
            self._insert_aliases(batch.aliases, batch.registry_aliases)

    def merge_speakers(self, sources: Iterable[str], target: str) -> None:
        """Fold the speakers ``sources`` (ids, registered or not) into ``target``: quotes, evidence, aliases."""
        if self._index.speakers.get(target) is None:
            raise KeyError(f"no speaker {target!r} in {self.path}")
        with self._transaction():
            batch = _Batch()
            for sid in sources:
                if sid != target and sid in self._index.speakers:
                    self._merge(sid, target, batch)
                    self._registered_gender.pop(sid, None)
            self._decide(batch.touched | {target}, batch)
            self._requote(batch.requote | {target})
            self._insert_aliases(batch.aliases)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One transaction of the store's writes; after a rollback, the in-memory index and
        vote tallies are read again, since they may hold what the rollback removed."""
        self._ensure_tallies()
        self.connection.begin()
        try:
            yield
            self.connection.commit()
        except BaseException:
            self.connection.rollback()
            self._load_index()
            self._tallies = None
            raise

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- internals: linking --------------------------------------------------------

    def _insert(self, table: str, rows: list[dict], schema: pa.Schema) -> None:
        if not rows:
            return
        batch = pa.Table.from_pylist(rows, schema=schema)  # noqa: F841 - read by DuckDB below
        self.connection.execute(f"INSERT INTO {table} BY NAME SELECT * FROM batch")

    def _insert_aliases(self, aliases: set[tuple[str, str]], registry_aliases: set[tuple[str, str]] = frozenset()) -> None:
        aliases = aliases - set(registry_aliases)
        if aliases:
            # One statement for the batch: row-by-row inserts were most of the writer's time.
            alias_rows = pa.table({"alias": [a for a, _ in sorted(aliases)], "speaker_id": [i for _, i in sorted(aliases)]})  # noqa: F841
            self.connection.execute("INSERT OR IGNORE INTO speaker_aliases BY NAME SELECT * FROM alias_rows")
        if registry_aliases:
            self.connection.executemany(
                """INSERT INTO speaker_aliases (alias, speaker_id, from_registry) VALUES (?, ?, true)
                   ON CONFLICT (alias, speaker_id) DO UPDATE SET from_registry = true""",
                sorted(registry_aliases),
            )

    def _load_index(self) -> None:
        index = SpeakerIndex()
        con = self.connection
        aliases: dict[str, list[str]] = {}
        # Only a registry's aliases link names; aliases seen in articles are kept for reading.
        for alias, sid in con.execute("SELECT alias, speaker_id FROM speaker_aliases WHERE from_registry").fetchall():
            aliases.setdefault(sid, []).append(alias)
        quotes = dict(con.execute(
            "SELECT speaker_id, count(*) FROM quotes WHERE speaker_id IS NOT NULL GROUP BY 1"
        ).fetchall())
        for sid, name, kind, gender, role, registered in con.execute(
            "SELECT speaker_id, name, kind, gender, role, registered FROM speakers"
        ).fetchall():
            key = name_key(name, kind)
            honorific = bare_honorific(name, key) if kind == "person" else None
            index.add(
                KnownSpeaker(sid, name, kind, key, gender, role, registered, honorific, quotes.get(sid, 0)),
                tuple(aliases.get(sid, ())) if registered else (),
            )
        self._index = index

    def _link_speaker(self, speaker: Speaker, batch: _Batch) -> str | None:
        kind = speaker.kind if speaker.kind in ("person", "organization", "group") else "person"
        name = readable_name(speaker.name)
        link = self._index.link(name, kind, speaker.gender)
        if link is None:
            return None
        sid = link.speaker_id
        known = self._index.speakers[sid]
        known.quotes += 1
        if link.created:
            batch.new_speakers[sid] = {"speaker_id": sid, "name": name, "kind": kind, "role": speaker.role}
            known.role = speaker.role
        for absorbed in link.absorbed:
            self._merge(absorbed, sid, batch)
        if known.role is None and speaker.role and not known.registered:
            self._set_role(sid, speaker.role, batch)
        if not link.created and kind == "person" and _capitals_only(known.name) and not _capitals_only(name) \
                and not known.registered and name_key(name, kind) == known.key:
            # A transcript's "WALLACE:" made the speaker; running text writes the name as a name.
            self._rename(sid, name, batch)
        for alias in (speaker.name, name, *speaker.aliases):
            if alias and alias.strip():
                batch.aliases.add((alias.strip(), sid))
        batch.touched.add(sid)
        return sid

    def _merge(self, old: str, new: str, batch: _Batch) -> None:
        """Fold speaker ``old`` into ``new``: its quotes, articles, evidence, aliases and (if ``new`` has none) role."""
        con = self.connection
        for table in ("quotes", "speaker_articles", "gender_evidence"):
            con.execute(f"UPDATE {table} SET speaker_id = ? WHERE speaker_id = ?", [new, old])
        con.execute(
            """INSERT INTO speaker_aliases (alias, speaker_id, from_registry)
               SELECT alias, ?, from_registry FROM speaker_aliases WHERE speaker_id = ?
               ON CONFLICT (alias, speaker_id) DO UPDATE SET from_registry = from_registry OR excluded.from_registry""",
            [new, old],
        )
        con.execute("DELETE FROM speaker_aliases WHERE speaker_id = ?", [old])
        pending = batch.new_speakers.pop(old, None)
        if pending is not None:
            role = pending["role"]
        else:
            row = con.execute("SELECT role FROM speakers WHERE speaker_id = ?", [old]).fetchone()
            role = row[0] if row else None
            con.execute("DELETE FROM speakers WHERE speaker_id = ?", [old])
        target = self._index.speakers.get(new)
        if role and target is not None and target.role is None and not target.registered:
            self._set_role(new, role, batch)
        self._index.fold(old, new)
        tallies = self._ensure_tallies()
        merged = tallies.pop(old, None)
        if merged is not None:
            tallies.setdefault(new, GenderTally()).merge(merged)
        for label, pieces in self._pieces.pop(old, {}).items():
            self._keep_pieces(new, label, pieces)
        batch.rename(old, new)
        batch.touched.add(new)
        batch.requote.add(new)

    def _rehome_bare(self, batch: _Batch) -> None:
        """Bare surnames whose gender this batch decided may now fit exactly one full name: merge them into it."""
        homes = {}
        for sid in sorted(batch.touched):
            home = self._index.home_for_bare(sid)
            if home is not None:
                homes[sid] = home
        for sid, home in homes.items():
            self._merge(sid, home, batch)
        if homes:
            self._decide(set(homes.values()), batch)

    def _rename(self, sid: str, name: str, batch: _Batch) -> None:
        self._set_speaker(sid, "name", name, batch)
        batch.requote.add(sid)

    def _set_role(self, sid: str, role: str, batch: _Batch) -> None:
        self._set_speaker(sid, "role", role, batch)

    def _set_speaker(self, sid: str, column: str, value: str, batch: _Batch) -> None:
        """One column of a speaker (``name`` or ``role``), in the index and in the store:
        a speaker of this batch is written with it, an older one updated."""
        setattr(self._index.speakers[sid], column, value)
        if sid in batch.new_speakers:
            batch.new_speakers[sid][column] = value
        else:
            self.connection.execute(f"UPDATE speakers SET {column} = ? WHERE speaker_id = ?", [value, sid])

    # -- internals: the registry ---------------------------------------------------

    def _register(self, entry: RegisteredSpeaker, batch: _Batch) -> None:
        con = self.connection
        key = name_key(entry.name, entry.kind)
        if not key:
            return
        sid = canonical_id(entry.name, entry.kind)
        exists = con.execute("SELECT 1 FROM speakers WHERE speaker_id = ?", [sid]).fetchone()
        if exists:
            con.execute(
                "UPDATE speakers SET name = ?, kind = ?, role = coalesce(?, role), registered = true WHERE speaker_id = ?",
                [entry.name, entry.kind, entry.role, sid],
            )
        else:
            con.execute(
                "INSERT INTO speakers (speaker_id, name, kind, role, registered) VALUES (?, ?, ?, ?, true)",
                [sid, entry.name, entry.kind, entry.role],
            )
        names = (entry.name, *entry.aliases)
        # Speakers made earlier from articles under a registered name now belong to the registered one,
        # whatever kind the articles gave them.
        found = self._index.find("person", tuple(filter(None, map(person_key, names))))
        found |= self._index.find("organization", tuple(filter(None, map(organization_key, names))))
        absorbed = [other for other in sorted(found) if other != sid and not self._index.speakers[other].registered]
        self._index.remove(sid)
        for other in absorbed:
            self._merge(other, sid, batch)
        self._index.add(
            KnownSpeaker(sid, entry.name, entry.kind, key, entry.gender, entry.role, registered=True,
                         honorific=bare_honorific(entry.name, key) if entry.kind == "person" else None),
            entry.aliases,
        )
        self._registered_gender[sid] = entry.gender
        batch.registry_aliases |= {(alias, sid) for alias in names}
        batch.touched.add(sid)
        batch.requote.add(sid)

    def _relink_registered(self, registry: list[RegisteredSpeaker], batch: _Batch) -> None:
        """Move quotes, votes and evidence whose article name is a registered name to that registered speaker."""
        words = sorted({key[-1] for e in registry for n in (e.name, *e.aliases) for key in (person_key(n), organization_key(n)) if key})
        if not words:
            return
        con = self.connection
        pattern = "|".join(re.escape(w) for w in words)
        rows = con.execute(
            """SELECT DISTINCT speaker_id, speaker_name FROM quotes
               WHERE speaker_id IS NOT NULL AND speaker_name IS NOT NULL
                 AND regexp_matches(strip_accents(lower(speaker_name)), ?)""",
            [pattern],
        ).fetchall()
        moved: set[str] = set()
        for sid, name in rows:
            target = self._index.registered_for(name)
            if target is None or target == sid:
                continue
            for table, column in (("quotes", "speaker_name"), ("speaker_articles", "name"), ("gender_evidence", "name")):
                con.execute(
                    f"UPDATE {table} SET speaker_id = ? WHERE speaker_id = ? AND {column} = ?", [target, sid, name]
                )
            batch.aliases.add((name, target))
            moved |= {sid, target}
        if not moved:
            return
        # Votes moved between speakers: count them again from the table.
        self._reload_tallies(moved)
        for sid in moved:
            known = self._index.speakers.get(sid)
            left = con.execute("SELECT count(*) FROM quotes WHERE speaker_id = ?", [sid]).fetchone()[0]
            if known is not None and not known.registered and not left:
                for table in ("speakers", "speaker_aliases", "speaker_articles", "gender_evidence"):
                    con.execute(f"DELETE FROM {table} WHERE speaker_id = ?", [sid])
                self._index.remove(sid)
                self._tallies.pop(sid, None)
                self._pieces.pop(sid, None)
            else:
                batch.touched.add(sid)
                batch.requote.add(sid)

    # -- internals: gender -----------------------------------------------------------

    def _ensure_tallies(self) -> dict[str, GenderTally]:
        if self._tallies is None:
            self._tallies = {}
            self._pieces = {}
            self._registered_gender = {}
            self._reload_tallies(None)
        return self._tallies

    def _reload_tallies(self, sids: set[str] | None) -> None:
        """Read the votes and strongest evidence of ``sids`` (every speaker when None) from the tables."""
        con = self.connection
        where, params = "", []
        if sids is not None:
            where, params = "WHERE speaker_id IN (SELECT unnest(?))", [sorted(sids)]
            for sid in sids:
                self._tallies.pop(sid, None)
                self._pieces.pop(sid, None)
        votes = con.execute(
            f"""SELECT speaker_id, gender, basis, count(*), sum(strength) FROM (
                    SELECT speaker_id, article_id, gender, basis, max(strength) AS strength
                    FROM speaker_articles {where} GROUP BY ALL)
                GROUP BY ALL""",
            params,
        ).fetchall()
        for sid, gender, basis, articles, strength in votes:
            tally = self._tallies.setdefault(sid, GenderTally())
            tally.add(ArticleVote(gender, basis, 0.0), articles)
            if basis == "text":
                tally.text_strength[gender] += strength
        pieces = con.execute(
            f"""SELECT speaker_id, label, strength, kind, text, paragraph FROM gender_evidence {where}
                QUALIFY row_number() OVER (PARTITION BY speaker_id, label ORDER BY strength DESC, article_id, paragraph) <= ?""",
            [*params, EVIDENCE_SHOWN],
        ).fetchall()
        for sid, label, strength, kind, text, paragraph in pieces:
            where_text = f", paragraph {paragraph}" if paragraph is not None else ""
            self._keep_pieces(sid, label, [(strength, f'{kind} "{text}"{where_text}')])
        # A registered speaker's own gender is the registry's only when the registry gave one.
        registered = con.execute(
            f"SELECT speaker_id, gender FROM speakers {where or 'WHERE true'} AND registered AND gender_basis = 'registry'",
            params,
        ).fetchall()
        self._registered_gender.update(dict(registered))

    def _keep_pieces(self, sid: str, label: str, pieces: list[tuple[float, str]]) -> None:
        kept = self._pieces.setdefault(sid, {}).setdefault(label, [])
        for piece in pieces:
            if piece not in kept:
                kept.append(piece)
        kept.sort(key=lambda p: -p[0])
        del kept[EVIDENCE_SHOWN:]

    def _record_votes(self, sid: str, aid: str, speaker: Speaker, batch: _Batch) -> None:
        vote = article_vote(speaker)
        batch.votes.append({"speaker_id": sid, "article_id": aid, "name": speaker.name, "gender": vote.gender,
                            "basis": vote.basis, "strength": vote.strength})
        rows = evidence_rows(sid, aid, speaker)
        for row in rows:
            row["name"] = speaker.name
        batch.evidence.extend(rows)
        self._tallies.setdefault(sid, GenderTally()).add(vote)
        for row in rows:
            where = f", paragraph {row['paragraph']}" if row["paragraph"] is not None else ""
            self._keep_pieces(sid, row["label"], [(row["strength"], f'{row["kind"]} "{row["text"]}"{where}')])

    def _decide(self, sids: set[str], batch: _Batch) -> None:
        """Decide the gender of ``sids`` again from all their votes and write what changed."""
        updates = []
        for sid in sorted(sids):
            known = self._index.speakers.get(sid)
            if known is None:
                continue
            tally = self._tallies.get(sid) or GenderTally()
            decided = tally.decide(self._registered_gender.get(sid) if known.registered else None)
            gender = decided.gender if known.kind == "person" else "unknown"
            shown = [decided.summary] + [text for _, text in self._pieces.get(sid, {}).get(gender, [])]
            if gender != known.gender:
                batch.requote.add(sid)
            known.gender = gender
            updates.append({"speaker_id": sid, "gender": gender, "gender_basis": decided.basis if gender != "unknown" or decided.basis == "override" else None,
                            "gender_summary": decided.summary, "gender_conflict": decided.conflict,
                            "gender_evidence": shown if known.kind == "person" else []})
        if updates:
            changes = pa.Table.from_pylist(updates)  # noqa: F841 - read by DuckDB below
            self.connection.execute(
                """UPDATE speakers SET gender = c.gender, gender_basis = c.gender_basis,
                          gender_summary = c.gender_summary, gender_conflict = c.gender_conflict,
                          gender_evidence = c.gender_evidence
                   FROM changes c WHERE speakers.speaker_id = c.speaker_id"""
            )

    def _copy_speaker(self, row: dict) -> None:
        """A new quote row gets its corpus speaker's name, gender and (when registered) kind."""
        known = self._index.speakers.get(row["speaker_id"]) if row["speaker_id"] else None
        if known is None:
            row["speaker"] = row["speaker_gender"] = None
            return
        row["speaker"], row["speaker_gender"] = known.name, known.gender
        if known.registered:
            row["speaker_kind"] = known.kind

    def _requote(self, sids: set[str]) -> None:
        """Copy the name, gender and registered kind of ``sids`` onto their stored quotes, in one statement."""
        rows = [
            {"speaker_id": sid, "speaker": k.name, "speaker_gender": k.gender, "kind": k.kind if k.registered else None}
            for sid in sorted(sids) if (k := self._index.speakers.get(sid)) is not None
        ]
        if not rows:
            return
        changes = pa.Table.from_pylist(rows)  # noqa: F841 - read by DuckDB below
        self.connection.execute(
            """UPDATE quotes SET speaker = c.speaker, speaker_gender = c.speaker_gender,
                      speaker_kind = coalesce(c.kind, quotes.speaker_kind)
               FROM changes c
               WHERE quotes.speaker_id = c.speaker_id
                 AND (quotes.speaker IS DISTINCT FROM c.speaker OR quotes.speaker_gender IS DISTINCT FROM c.speaker_gender
                      OR (c.kind IS NOT NULL AND quotes.speaker_kind <> c.kind))"""
        )

    def _upgrade(self) -> None:
        """A store written before speakers' genders were decided from every article: fill in what it lacks."""
        from .upgrade import upgrade

        upgrade(self)


def _capitals_only(name: str) -> bool:
    """ "OBAMA", "WALLACE": a name written in capitals, as transcripts label speakers."""
    letters = [c for c in name if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def is_current(connection: duckdb.DuckDBPyConnection) -> bool:
    """Whether the store has every table and column this whosaid writes (else ``open_current`` upgrades it)."""
    tables = {r[0] for r in connection.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if "speaker_articles" not in tables or "quotes" not in tables:
        return False
    columns = {r[0] for r in connection.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'quotes'").fetchall()}
    return {"act", "speaker_description"} <= columns


def open_current(path: str | Path) -> Store:
    """The store at ``path`` opened read-only, brought up to date first if an earlier whosaid wrote it."""
    store = Store(path, read_only=True)
    if is_current(store.connection):
        return store
    store.close()
    with Store(path):
        pass
    return Store(path, read_only=True)


__all__ = ["Store", "open_current", "is_current", "DEFAULT_DB", "article_id", "schema_sql", "load_registry", "RegisteredSpeaker", "family"]
