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

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb
import pyarrow as pa

from ..records import Article, ArticleResult, Speaker
from .gender import GENDERS, ArticleVote, GenderTally, article_vote, evidence_rows
from .linking import Groups, Linked, Mention, link_mentions, mention_groups, mention_id, registered_speaker, speaker_groups
from .names import article_id, bare_honorific, name_key, readable_name, readable_speaker
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
        self._speakers: dict[str, KnownSpeaker] = {}
        self._load_index()
        # Article speakers, links and the registry are read on the first write: readers never need them.
        self._mentions: dict[str, Mention] | None = None
        self._links: dict[str, str] = {}
        self._groups = Groups()
        self._registry: dict[str, tuple[KnownSpeaker, tuple[str, ...]]] = {}
        self._registry_index = SpeakerIndex()
        self._registered_gender: dict[str, str] = {}
        # Article speakers stored with ``link=False`` whose corpus speakers are not derived yet.
        self._unlinked: set[str] = set()
        if not read_only:
            self._upgrade()
            if has_unlinked(self.connection):
                # A run stopped between storing articles and linking their speakers: link them now.
                self.link()
        if speakers is not None:
            registry = load_registry(speakers) if isinstance(speakers, (str, Path)) else speakers
            self.register_speakers(registry)

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
        return self._speakers.get(sid)

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
            touched: set[str] = set()
            for (article, result), aid in zip(pairs, ids):
                if aid in seen:
                    continue
                seen.add(aid)
                rows = article_rows(article, result)
                articles.append(rows.article)
                quotes.extend(rows.quotes)
                named: dict[str, tuple[Speaker, str, str, bool]] = {}
                for row, speaker in zip(rows.quotes, rows.quote_speakers):
                    if speaker is None:
                        continue
                    speaker = readable_speaker(speaker)
                    kind = speaker.kind if speaker.kind in ("person", "organization", "group") else "person"
                    if not name_key(speaker.name, kind):
                        continue
                    mid, own = mention_id(speaker, kind, aid)
                    row["mention_id"] = mid
                    mention = self._mention(mid, aid if own else None)
                    mention.names[speaker.name] += 1
                    mention.quotes += 1
                    named.setdefault(speaker.name, (speaker, mid, kind, own))
                    touched.add(mid)
                for speaker, mid, kind, own in named.values():
                    vote = article_vote(speaker)
                    self._mentions[mid].tally.add(vote)
                    self._mentions[mid].kinds[kind] += 1
                    votes.append({"speaker_id": None, "article_id": aid, "name": speaker.name, "gender": vote.gender,
                                  "basis": vote.basis, "strength": vote.strength, "mention_id": mid, "kind": kind,
                                  "own_article": own})
                    for row in evidence_rows(None, aid, speaker):
                        row["name"], row["mention_id"] = speaker.name, mid
                        evidence.append(row)
                    aliases |= {(alias.strip(), mid) for alias in (speaker.name, *speaker.aliases) if alias and alias.strip()}
            if link:
                unset, self._unlinked = self._unlinked, set()
                before, linked = self._relink(touched | unset)
                for row in (*quotes, *votes, *evidence):
                    row["speaker_id"] = self._links.get(row["mention_id"]) if row["mention_id"] else None
            else:
                # speaker_id stays NULL: the mark of an article speaker still to link, in memory and on disk.
                self._unlinked |= touched
            self._insert("articles", articles, ARTICLE_SCHEMA)
            self._insert("quotes", quotes, QUOTE_SCHEMA)
            self._insert("speaker_articles", votes, VOTE_SCHEMA)
            self._insert("gender_evidence", evidence, EVIDENCE_SCHEMA)
            if aliases:
                alias_rows = pa.table({"alias": [a for a, _ in sorted(aliases)], "mention_id": [m for _, m in sorted(aliases)]})  # noqa: F841
                con.execute("INSERT OR IGNORE INTO mention_aliases BY NAME SELECT * FROM alias_rows")
            if link:
                self._apply(before, linked, unset=unset)
            self.add_publications(article for article, _ in pairs)
            self.add_sources(article for article, _ in pairs)
        return ids
    def link(self) -> int:
        """Derive the corpus speakers of the articles stored with ``add_many(..., link=False)``.

        Returns how many article speakers were linked. Their quotes get their
        ``speaker_id``, ``speaker`` and ``speaker_gender``, and the speakers
        they share a surname or name with are decided again, as ``add_many``
        would have done.
        """
        with self._transaction():
            unset, self._unlinked = self._unlinked, set()
            if unset:
                before, linked = self._relink(unset)
                self._apply(before, linked, unset=unset)
        return len(unset)

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
                    """INSERT INTO speakers (speaker_id, name, kind, role, registered, gender, gender_basis)
                       VALUES (?, ?, ?, ?, true, 'unknown', NULL)
                       ON CONFLICT (speaker_id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
                           role = coalesce(excluded.role, speakers.role), registered = true, only_article = NULL""",
                    [sid, entry.name, entry.kind, entry.role],
                )
                if entry.gender in GENDERS:
                    con.execute("UPDATE speakers SET gender_basis = 'registry' WHERE speaker_id = ?", [sid])
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

    def merge_speakers(self, sources: Iterable[str], target: str) -> None:
        """Fold the speakers ``sources`` (ids, registered or not) into ``target``.

        The merge is kept as a registry entry of the target holding every name
        the sources' articles gave them, so it holds for articles still to come.
        """
        known = self._speakers.get(target)
        if known is None:
            raise KeyError(f"no speaker {target!r} in {self.path}")
        self._ensure_facts()
        sources = [sid for sid in sources if sid != target and sid in self._speakers]
        names = [self._speakers[sid].name for sid in sources]
        for mid, sid in sorted(self._links.items()):
            if sid in sources:
                names.extend(sorted(self._mentions[mid].names))
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
        """One transaction of the store's writes; after a rollback, the in-memory index and
        vote tallies are read again, since they may hold what the rollback removed."""
        self._ensure_facts()
        self.connection.begin()
        try:
            yield
            self.connection.commit()
        except BaseException:
            self.connection.rollback()
            self._load_index()
            self._mentions = None
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

    def _load_index(self) -> None:
        """The corpus speakers as stored, for ``speaker()``; the facts they come from are read on the first write."""
        speakers = {}
        for sid, name, kind, gender, role, registered in self.connection.execute(
            "SELECT speaker_id, name, kind, gender, role, registered FROM speakers"
        ).fetchall():
            key = name_key(name, kind)
            speakers[sid] = KnownSpeaker(sid, name, kind, key, gender, role, registered,
                                         bare_honorific(name, key) if kind == "person" else None)
        self._speakers = speakers

    def _ensure_facts(self) -> None:
        """Read every article's speakers, the links and the registry from the store (once per open store)."""
        if self._mentions is not None:
            return
        con = self.connection
        self._mentions, self._links, self._groups = {}, {}, Groups()
        self._registry, self._registered_gender = {}, {}
        aliases: dict[str, list[str]] = {}
        for alias, sid in con.execute(
            "SELECT alias, speaker_id FROM speaker_aliases WHERE from_registry ORDER BY alias").fetchall():
            aliases.setdefault(sid, []).append(alias)
        for sid, name, kind, gender, role, basis in con.execute(
            "SELECT speaker_id, name, kind, gender, role, gender_basis FROM speakers WHERE registered").fetchall():
            entry = RegisteredSpeaker(name, tuple(a for a in aliases.get(sid, ()) if a != name), kind,
                                      gender if basis == "registry" else "unknown", role)
            self._registry[sid] = (registered_speaker(entry), entry.aliases)
            if basis == "registry" and gender in GENDERS:
                self._registered_gender[sid] = gender
        for mid, name, quotes in con.execute(
            "SELECT mention_id, speaker_name, count(*) FROM quotes WHERE mention_id IS NOT NULL GROUP BY ALL"
        ).fetchall():
            mention = self._mention(mid, None)
            # Under the repaired name ``add_many`` counted it by: quotes keep the name as the article wrote it.
            mention.names[readable_name(name)] += quotes
            mention.quotes += quotes
        self._unlinked = set()
        for mid, sid, aid, own, kind, gender, basis, strength in con.execute(
            """SELECT mention_id, speaker_id, article_id, own_article, kind, gender, basis, strength
               FROM speaker_articles WHERE mention_id IS NOT NULL ORDER BY ALL"""
        ).fetchall():
            mention = self._mention(mid, aid if own else None)
            mention.kinds[kind] += 1
            mention.tally.add(ArticleVote(gender, basis, strength))
            if sid is not None:
                self._links[mid] = sid
            else:
                self._unlinked.add(mid)
        self._reindex_registry()
        for mid, mention in self._mentions.items():
            self._groups.put(("mention", mid), mention_groups(mention, self._registry_index))

    def _mention(self, mid: str, own_article: str | None) -> Mention:
        mention = self._mentions.get(mid)
        if mention is None:
            mention = self._mentions[mid] = Mention(mid, article_id=own_article)
        elif own_article is not None:
            mention.article_id = own_article
        return mention

    def _reindex_registry(self) -> None:
        index = SpeakerIndex()
        for sid, (known, aliases) in sorted(self._registry.items()):
            index.add(known, aliases)
            self._groups.put(("registered", sid), speaker_groups(known))
        self._registry_index = index

    def _relink(self, mentions: set[str]) -> tuple[dict[str, str], Linked]:
        """Link again every article speaker that shares a group with ``mentions``; (links before, the new linking)."""
        for mid in mentions:
            self._groups.put(("mention", mid), mention_groups(self._mentions[mid], self._registry_index))
        nodes = self._groups.closure(("mention", mid) for mid in mentions)
        group = [self._mentions[mid] for kind, mid in nodes if kind == "mention"]
        registered = [self._registry[sid] for kind, sid in nodes if kind == "registered" and sid in self._registry]
        linked = link_mentions(group, registered, self._registered_gender)
        before = {m.mention_id: self._links[m.mention_id] for m in group if m.mention_id in self._links}
        for m in group:
            self._links.pop(m.mention_id, None)
        self._links.update(linked.links)
        return before, linked

    def _relink_all(self) -> None:
        self._ensure_facts()
        self._reindex_registry()
        unset, self._unlinked = self._unlinked, set()
        before, linked = self._relink(set(self._mentions))
        self._apply(before, linked, everything=True, unset=unset)

    def _apply(self, before: dict[str, str], linked: Linked, everything: bool = False,
               unset: set[str] = frozenset()) -> None:
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
        if everything:
            affected |= {r[0] for r in con.execute("SELECT speaker_id FROM speakers").fetchall()}
        kept = set(linked.speakers) | set(self._registry)
        gone = sorted(affected - kept)
        if gone:
            con.execute("DELETE FROM speakers WHERE speaker_id IN (SELECT unnest(?)) AND NOT registered", [gone])
            con.execute("DELETE FROM speaker_aliases WHERE speaker_id IN (SELECT unnest(?))", [gone])
            for sid in gone:
                self._speakers.pop(sid, None)
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
        for sid, known in linked.speakers.items():
            self._speakers[sid] = known
        live = sorted(affected & kept)
        if not live:
            return
        self._derive_aliases(live)
        self._derive_roles(live)
        self._decide(live)
        self._requote(live)

    def _derive_aliases(self, sids: list[str]) -> None:
        wanted = set(sids)
        pairs = [(mid, sid) for mid, sid in self._links.items() if sid in wanted]
        links = pa.table({"mention_id": [m for m, _ in pairs], "speaker_id": [s for _, s in pairs]},  # noqa: F841
                         schema=pa.schema([("mention_id", pa.string()), ("speaker_id", pa.string())]))
        self.connection.execute(
            "DELETE FROM speaker_aliases WHERE NOT from_registry AND speaker_id IN (SELECT unnest(?))", [sids])
        self.connection.execute(
            """INSERT OR IGNORE INTO speaker_aliases (alias, speaker_id, from_registry)
               SELECT DISTINCT a.alias, l.speaker_id, false FROM mention_aliases a JOIN links l USING (mention_id)"""
        )

    def _derive_roles(self, sids: list[str]) -> None:
        """A speaker's role is the one its quotes' articles give most often (ties: alphabetically first);
        a registry's role wins."""
        best: dict[str, tuple[int, str]] = {}
        for sid, role, n in self.connection.execute(
            """SELECT speaker_id, role, count(*) FROM quotes
               WHERE speaker_id IN (SELECT unnest(?)) AND role IS NOT NULL GROUP BY ALL""",
            [sids],
        ).fetchall():
            if sid not in best or (-n, role) < (-best[sid][0], best[sid][1]):
                best[sid] = (n, role)
        rows = []
        for sid in sids:
            known = self._speakers.get(sid)
            if known is None:
                continue
            entry = self._registry.get(sid)
            known.role = entry[0].role if entry is not None and entry[0].role else (best[sid][1] if sid in best else None)
            rows.append({"speaker_id": sid, "role": known.role})
        if rows:
            # Compared with the stored role, not the one in memory: a speaker linked again is a new object,
            # and a role its quotes no longer give (they moved to another speaker) must go.
            roles = pa.Table.from_pylist(rows, schema=pa.schema([("speaker_id", pa.string()), ("role", pa.string())]))  # noqa: F841
            self.connection.execute("""UPDATE speakers SET role = r.role FROM roles r
                                       WHERE speakers.speaker_id = r.speaker_id AND speakers.role IS DISTINCT FROM r.role""")

    # -- internals: gender -----------------------------------------------------------

    def _decide(self, sids: list[str]) -> None:
        """Decide the gender of ``sids`` again from all their articles' votes and write it."""
        con = self.connection
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
            known = self._speakers.get(sid)
            if known is None:
                continue
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
    columns = {r[0] for r in connection.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'quotes'").fetchall()}
    return {"act", "speaker_description"} <= columns and not has_unlinked(connection)


def open_current(path: str | Path) -> Store:
    """The store at ``path`` opened read-only, brought up to date first if an earlier whosaid wrote it."""
    store = Store(path, read_only=True)
    if is_current(store.connection):
        return store
    store.close()
    with Store(path):
        pass
    return Store(path, read_only=True)


__all__ = ["Store", "open_current", "is_current", "has_unlinked", "DEFAULT_DB", "article_id", "schema_sql", "load_registry", "RegisteredSpeaker", "family"]
