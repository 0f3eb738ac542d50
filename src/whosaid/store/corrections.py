"""A user's corrections of single quotes, applied to the store whenever the quote is stored.

``whosaid quotes exclude`` says a line is no quote at all; ``whosaid quotes
reassign`` says who said it. Each correction is kept in the registry file
(``registry.QuoteCorrection``) and in the store's ``quote_corrections``, and
finds its quote by article and content span, so it holds when the article is
read again into this store or into a new one (``whosaid ingest --speakers``).

What the article gave is kept in ``corrected_quotes``:

- an excluded quote leaves ``quotes``, so no figure, list or export counts it;
- a reassigned quote stays in ``quotes`` with the speaker it is given to (its
  ``speaker_name`` too), and no longer counts for the speaker its article
  named (``mention_id`` is cleared, so linking neither counts it nor moves it).

Speakers' gender evidence is the articles' text and is never touched: a
speaker whose only quote is excluded keeps what the article says of them.
A correction whose quote is not stored (its article changed, or is not
ingested yet) waits, and ``corrections`` says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyarrow as pa

from .registry import QuoteCorrection
from .rows import FIRST_PUBLISHED
from .speakers import family

if TYPE_CHECKING:
    import duckdb

    from . import Store

# A stored quote's correction key (``registry.quote_span_key``), in SQL over a quotes row ``q``.
QUOTE_KEY_SQL = "q.article_id || ':' || q.content[1][1] || '-' || list_extract(q.content, -1)[2]"
_COLUMNS = (
    "quote_id, article_id, position, kind, text, norm_text, content, source, cue, cue_text, source_text, speaker_id, "
    "speaker, speaker_gender, speaker_name, speaker_kind, addressee, medium, confidence, gender, gender_evidence, role, "
    "act, speaker_description, mention_id"
)
_CORRECTION_SCHEMA = pa.schema([
    ("quote_key", pa.string()), ("quote_id", pa.string()), ("article_id", pa.string()), ("action", pa.string()),
    ("speaker", pa.string()), ("speaker_kind", pa.string()), ("text", pa.string()), ("reason", pa.string()),
    ("made_by", pa.string()), ("made_at", pa.string()), ("speaker_id", pa.string()),
])


def store_corrections(store: Store, corrections: list[QuoteCorrection]) -> None:
    """Keep ``corrections`` in the store (a later one for the same quote replaces an earlier) and apply them."""
    if not corrections:
        return
    rows = {c.key: {"quote_key": c.key, "quote_id": c.quote_id, "article_id": c.article_id, "action": c.action,
                    "speaker": c.speaker, "speaker_kind": c.kind if c.speaker else None, "text": c.text,
                    "reason": c.reason, "made_by": c.by, "made_at": c.at, "speaker_id": c.speaker_id} for c in corrections}
    fresh = pa.Table.from_pylist(list(rows.values()), schema=_CORRECTION_SCHEMA)  # noqa: F841 - read by DuckDB below
    store.connection.execute("INSERT OR REPLACE INTO quote_corrections BY NAME SELECT * FROM fresh")
    settle(store)


def forget_corrections(store: Store, keys: list[str]) -> None:
    """Drop the corrections ``keys`` and give their quotes back what their articles said."""
    store.connection.execute("DELETE FROM quote_corrections WHERE quote_key IN (SELECT unnest(?))", [keys])
    settle(store)


def settle(store: Store) -> None:
    """Bring the stored quotes in line with ``quote_corrections``: undo what no correction asks any more (or
    whose speaker is gone), apply what a stored quote now allows, and give reassigned quotes their speaker
    as the corpus names it now. Speakers whose counts changed are linked and decided again."""
    con = store.connection
    if con.execute("SELECT 1 FROM quote_corrections UNION ALL SELECT 1 FROM corrected_quotes LIMIT 1").fetchone() is None:
        return
    targets = _targets(con)
    undone = [r[0] for r in con.execute(
        """SELECT k.quote_id FROM corrected_quotes k LEFT JOIN quote_corrections c USING (quote_key)
           WHERE c.quote_key IS NULL
              OR (c.action = 'exclude') <> (NOT EXISTS (SELECT 1 FROM quotes q WHERE q.quote_id = k.quote_id))
              OR (c.action = 'reassign' AND NOT list_contains(?::VARCHAR[], c.quote_key))""",
        [sorted(targets)]).fetchall()]
    touched_mentions: set[str] = set()
    touched_speakers: set[str] = set()
    # A quote that leaves or comes back may have been what joined a travel group.
    moved = [r[0] for r in con.execute(
        """SELECT norm_text FROM corrected_quotes WHERE quote_id IN (SELECT unnest(?))""", [undone]).fetchall()]
    if undone:
        touched_mentions |= _undo(store, undone, touched_speakers)
    pending = con.execute(
        f"""SELECT c.quote_key, c.action, q.quote_id, q.mention_id, q.speaker_id
            FROM quote_corrections c JOIN quotes q ON q.article_id = c.article_id AND {QUOTE_KEY_SQL} = c.quote_key
            WHERE NOT EXISTS (SELECT 1 FROM corrected_quotes k WHERE k.quote_key = c.quote_key)
            ORDER BY c.quote_key"""
    ).fetchall()
    pending = [p for p in pending if p[1] == "exclude" or p[0] in targets]
    for key, action, quote_id, mention, speaker in pending:
        con.execute(f"INSERT INTO corrected_quotes BY NAME SELECT ? AS quote_key, {_COLUMNS} FROM quotes WHERE quote_id = ?",
                    [key, quote_id])
        if action == "exclude":
            moved += [r[0] for r in con.execute("SELECT norm_text FROM quotes WHERE quote_id = ?", [quote_id]).fetchall()]
            con.execute("DELETE FROM quotes WHERE quote_id = ?", [quote_id])
            con.execute("UPDATE articles SET n_quotes = n_quotes - 1 WHERE article_id = ?", [quote_id.split(":")[0]])
        else:
            # What the article said of its own speaker does not describe the one the quote is given to.
            con.execute("""UPDATE quotes SET mention_id = NULL, gender = 'unknown', gender_evidence = [], role = NULL
                           WHERE quote_id = ?""", [quote_id])
        if mention:
            touched_mentions.add(mention)
        if speaker:
            touched_speakers.add(speaker)
    if moved:
        store._unlink_quote_texts(sorted(set(moved)))
    if touched_mentions:
        store._apply(*store._relink(sorted(touched_mentions)))
    touched_speakers |= _reassign(con, targets)
    live = sorted(sid for sid in touched_speakers if con.execute(
        "SELECT 1 FROM speakers WHERE speaker_id = ?", [sid]).fetchone())
    if live:
        store._derive_roles(dict.fromkeys(live))
        store._requote(live)


def _targets(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str, str]]:
    """Each reassignment's speaker as stored now, by correction key: (id, name, kind) (``reassignment_target``)."""
    found: dict[str, tuple[str, str, str]] = {}
    for key, name, kind, sid in con.execute(
        "SELECT quote_key, speaker, speaker_kind, speaker_id FROM quote_corrections WHERE action = 'reassign'").fetchall():
        candidates = con.execute(
            "SELECT speaker_id, name, kind, registered FROM speakers WHERE lower(name) = lower(?) OR speaker_id = ?",
            [name, sid]).fetchall()
        target = reassignment_target(name, kind, sid, candidates)
        if target is not None:
            found[key] = target
    return found


def reassignment_target(name: str, kind: str | None, sid: str | None,
                        candidates: list[tuple[str, str, str, bool]]) -> tuple[str, str, str] | None:
    """The speaker a reassignment gives its quote to, (id, name, kind), among ``candidates`` (id, name, kind,
    registered: the corpus speakers with the id ``sid`` or called ``name`` in any case). The store and the
    Spark job both decide it here.

    The speaker of id ``sid`` when there is one (two speakers of one name, a namesake's and the other's,
    are told apart by it); else the one of that name and kind family, or among several the one registered
    speaker of that name; none when the name stays ambiguous or no speaker has it."""
    if sid:
        chosen = [c for c in candidates if c[0] == sid]
        if chosen:
            return tuple(chosen[0][:3])
    named = [c for c in candidates if c[1].lower() == name.lower()]
    rows = sorted((c for c in named if family(c[2]) == family(kind or "person")), key=lambda c: (not c[3], c[0]))
    if len(rows) == 1 or (rows and sum(1 for c in named if c[3]) == 1):
        return tuple(rows[0][:3])
    return None


def _undo(store: Store, quote_ids: list[str], touched_speakers: set[str]) -> set[str]:
    """Put the quotes ``quote_ids`` back as their articles gave them; returns their article speakers."""
    con = store.connection
    ids = pa.table({"quote_id": quote_ids})  # noqa: F841 - read by DuckDB below
    touched_speakers |= {r[0] for r in con.execute(
        "SELECT speaker_id FROM quotes WHERE quote_id IN (SELECT quote_id FROM ids) AND speaker_id IS NOT NULL").fetchall()}
    excluded = [r[0] for r in con.execute(
        """SELECT k.article_id FROM corrected_quotes k WHERE k.quote_id IN (SELECT quote_id FROM ids)
             AND NOT EXISTS (SELECT 1 FROM quotes q WHERE q.quote_id = k.quote_id)""").fetchall()]
    con.execute("DELETE FROM quotes WHERE quote_id IN (SELECT quote_id FROM ids)")
    con.execute(f"INSERT INTO quotes BY NAME SELECT {_COLUMNS} FROM corrected_quotes WHERE quote_id IN (SELECT quote_id FROM ids)")
    for aid in excluded:
        con.execute("UPDATE articles SET n_quotes = n_quotes + 1 WHERE article_id = ?", [aid])
    mentions = {r[0] for r in con.execute(
        "SELECT mention_id FROM corrected_quotes WHERE quote_id IN (SELECT quote_id FROM ids) AND mention_id IS NOT NULL").fetchall()}
    con.execute("DELETE FROM corrected_quotes WHERE quote_id IN (SELECT quote_id FROM ids)")
    # The speaker kept with the quote may since have been linked elsewhere: take its article speaker's now.
    con.execute(
        """UPDATE quotes SET speaker_id = v.speaker_id
           FROM (SELECT DISTINCT mention_id, speaker_id FROM speaker_articles WHERE mention_id IS NOT NULL) v
           WHERE quotes.mention_id = v.mention_id AND quotes.quote_id IN (SELECT quote_id FROM ids)""")
    touched_speakers |= {r[0] for r in con.execute(
        "SELECT speaker_id FROM quotes WHERE quote_id IN (SELECT quote_id FROM ids) AND speaker_id IS NOT NULL").fetchall()}
    return mentions


def _reassign(con: duckdb.DuckDBPyConnection, targets: dict[str, tuple[str, str, str]]) -> set[str]:
    """Give each reassigned quote its speaker as stored now; returns the speakers whose quotes changed."""
    rows = [{"quote_key": key, "speaker_id": sid, "name": name, "kind": kind}
            for key, (sid, name, kind) in sorted(targets.items())]
    if not rows:
        return set()
    wanted = pa.Table.from_pylist(rows)  # noqa: F841 - read by DuckDB below
    changed = con.execute(
        """SELECT q.quote_id, q.speaker_id, w.speaker_id FROM quotes q
           JOIN corrected_quotes k USING (quote_id) JOIN wanted w ON w.quote_key = k.quote_key
           WHERE q.speaker_id IS DISTINCT FROM w.speaker_id OR q.speaker_kind IS DISTINCT FROM w.kind""").fetchall()
    con.execute(
        """UPDATE quotes SET speaker_id = w.speaker_id, speaker_kind = w.kind, speaker_name = w.name
           FROM corrected_quotes k, wanted w
           WHERE quotes.quote_id = k.quote_id AND w.quote_key = k.quote_key
             AND (quotes.speaker_id IS DISTINCT FROM w.speaker_id OR quotes.speaker_kind IS DISTINCT FROM w.kind
                  OR quotes.speaker_name IS DISTINCT FROM w.name)""")
    return {sid for _, old, new in changed for sid in (old, new) if sid}


@dataclass(slots=True)
class CorrectionState:
    """A correction and what became of it in this store."""

    key: str
    quote_id: str
    action: str
    speaker: str | None
    reason: str | None
    by: str | None
    at: str | None
    text: str | None
    applied_to: str | None  # the stored quote it applies to now
    problem: str | None  # why it applies to nothing

    def to_json(self) -> dict:
        return {"quote_key": self.key, "quote_id": self.quote_id, "action": self.action, "speaker": self.speaker,
                "reason": self.reason, "by": self.by, "at": self.at, "text": self.text,
                "applied_to": self.applied_to, "problem": self.problem}


def correction_states(con: duckdb.DuckDBPyConnection) -> list[CorrectionState]:
    """Every correction the store keeps, in the order made, with the quote it applies to or why none."""
    states = []
    for key, quote_id, aid, action, speaker, reason, by, at, text, applied, article in con.execute(
        """SELECT c.quote_key, c.quote_id, c.article_id, c.action, c.speaker, c.reason, c.made_by, c.made_at, c.text,
                  k.quote_id, EXISTS (SELECT 1 FROM articles a WHERE a.article_id = c.article_id)
           FROM quote_corrections c LEFT JOIN corrected_quotes k USING (quote_key)
           ORDER BY c.made_at NULLS FIRST, c.quote_key"""
    ).fetchall():
        problem = None
        if applied is None:
            if not article:
                problem = f"article {aid} is not in this store (changed, removed, or not ingested)"
            elif con.execute(f"SELECT 1 FROM quotes q WHERE q.article_id = ? AND {QUOTE_KEY_SQL} = ?", [aid, key]).fetchone():
                problem = f"no speaker is called {speaker!r} now"
            else:
                problem = "the article no longer holds this quote (it was read differently)"
        states.append(CorrectionState(key, quote_id, action, speaker, reason, by, at, text, applied, problem))
    return states


# -- what `whosaid quotes` lists and changes -------------------------------------------------


class QuoteNotFound(LookupError):
    """No stored quote has the id given; the message says where to find one."""


def quote_rows(con: duckdb.DuckDBPyConnection, *, speaker_id: str | None = None, article_id: str | None = None,
               search: str | None = None, act: str = "all", excluded: bool = False, limit: int | None = None) -> list[dict]:
    """Stored quotes (or, with ``excluded``, the quotes users excluded), article by article in order, with
    their id, speaker, the role their own article gives, and any correction."""
    table = ("(SELECT * EXCLUDE (quote_key) FROM corrected_quotes k WHERE NOT EXISTS "
             "(SELECT 1 FROM quotes x WHERE x.quote_id = k.quote_id))") if excluded else "quotes"
    where, params = [], []
    if speaker_id:
        where.append("q.speaker_id = ?")
        params.append(speaker_id)
    if article_id:
        where.append("q.article_id = ?")
        params.append(article_id)
    if search:
        where.append("contains(lower(q.text), lower(?))")
        params.append(search)
    if act != "all":
        where.append("q.act = ?")
        params.append(act)
    # An article is dated as first published, as the dashboard's lists date it (``serve.queries.FIRST_PUBLICATIONS``):
    # ``articles.date`` is the first copy read.
    sql = f"""SELECT q.quote_id, q.article_id, a.title, coalesce(f.date, a.date) AS date, q.kind, q.act, q.text,
                     q.speaker_id,
                     coalesce(q.speaker, q.speaker_name) AS speaker, q.speaker_kind, q.source_text,
                     CASE WHEN s.role_basis = 'registry' THEN s.role ELSE q.role END AS role,
                     c.action AS correction, c.reason, c.made_by, c.made_at
              FROM {table} q JOIN articles a USING (article_id)
              LEFT JOIN {FIRST_PUBLISHED} f USING (article_id)
              LEFT JOIN speakers s ON s.speaker_id = q.speaker_id
              LEFT JOIN corrected_quotes k ON k.quote_id = q.quote_id
              LEFT JOIN quote_corrections c ON c.quote_key = k.quote_key
              {"WHERE " + " AND ".join(where) if where else ""}
              ORDER BY coalesce(f.date, a.date) DESC NULLS LAST, q.article_id, q.position"""
    if limit:
        sql += f" LIMIT {int(limit)}"
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def find_quote(con: duckdb.DuckDBPyConnection, quote_id: str) -> tuple[str, tuple[int, int], str]:
    """(id, content span, text) of the quote ``quote_id``, stored or excluded."""
    quote_id = quote_id.strip()
    row = con.execute(
        """SELECT quote_id, content, text FROM quotes WHERE quote_id = ?
           UNION ALL SELECT quote_id, content, text FROM corrected_quotes WHERE quote_id = ? LIMIT 1""",
        [quote_id, quote_id]).fetchone()
    if row is None:
        raise QuoteNotFound(f"no quote {quote_id!r} in this store; `whosaid quotes list` gives every quote's id "
                            "(`--excluded` those excluded)")
    qid, content, text = row
    return qid, (content[0][0], content[-1][1]), text
