"""Bring a store written by an earlier whosaid up to date when it is opened for writing.

Article speakers keyed before a middle initial told people apart ("David R.
Whitman" and "David K. Whitman" were one article speaker) get the key
their name has now and are linked again (``rekey_initials``).

A speaker's role is derived again by the rule in force (``current_roles``).

Acronyms articles write beside their names ("the Tidal Energy Board (TEB)") are read from
every article of a store made before they were kept, and the speakers called
by an acronym linked again (``fill_spelled_out``).

Quotes stored before each carried its act (speech, thought, other) get one
read from their cue text, kind and source (``fill_acts``).

Earlier stores kept no article-level speaker (``mention_id``): it is read
back from each quote's name, kind and evidence trail, and the corpus speakers
are derived again from all of them. The earliest stores fixed each
speaker's gender from the first article that gave any, and kept no
per-article votes. Each quote still holds its own article's
gender and evidence trail, so the votes are rebuilt from them (the evidence
for the article's verdict; the evidence against it cannot be told apart in
that trail and is left out), every speaker's gender is decided again, and
the quotes get their corpus speaker's name and gender. Re-ingesting the
articles into a new store gives the full evidence.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..records import Evidence, Speaker

if TYPE_CHECKING:
    from . import Store

_PIECE = re.compile(r'^(?P<kind>[a-z ]+) "(?P<text>.*?)"(?:, (?P<where>.*))?$')
_CONFIDENCE = re.compile(r"^(\d\.\d+) ")


def _weights() -> dict[str, float]:
    from ..enrich import evidence

    return {
        "stated pronouns": evidence.STATED_WEIGHT, "honorific": evidence.HONORIFIC_WEIGHT,
        "role noun": evidence.ROLE_NOUN_WEIGHT, "description": evidence.DESCRIPTION_WEIGHT,
        "pronoun": evidence.PRONOUN_WEIGHT, "same name": evidence.PRONOUN_WEIGHT,
        "first name": evidence.FIRST_NAME_WEIGHT, "override": float("inf"),
    }


def parse_trail(trail: list[str], gender: str, weights: dict[str, float]) -> list[Evidence]:
    """The pieces of a stored trail that back the article's verdict (those before any conflict note)."""
    pieces = []
    for text in trail or ():
        match = _PIECE.match(text)
        if not match or match["kind"] == "conflict":
            break
        kind, where = match["kind"], match["where"] or ""
        weight = weights.get(kind, 1.0)
        if kind == "first name" and (confidence := _CONFIDENCE.match(where)):
            weight *= float(confidence.group(1))
        pieces.append(Evidence(gender, kind, match["text"], where, weight))
    return pieces


def fill_acts(store: Store) -> None:
    """Quotes stored before the act was kept get one from their cue text, kind and source."""
    con = store.connection
    rows = con.execute(
        "SELECT DISTINCT cue_text, kind, len(source) > 0 FROM quotes WHERE act IS NULL ORDER BY ALL"
    ).fetchall()
    if not rows:
        return
    from ..attribute.act import acts_of_cue_texts
    import pyarrow as pa

    acts = acts_of_cue_texts(rows)
    cue_acts = pa.table({  # noqa: F841 - read by DuckDB below
        "cue_text": [r[0] for r in rows], "kind": [r[1] for r in rows],
        "has_source": [r[2] for r in rows], "act": acts,
    })
    con.execute(
        """UPDATE quotes SET act = t.act FROM cue_acts t
           WHERE quotes.act IS NULL AND quotes.cue_text IS NOT DISTINCT FROM t.cue_text
             AND quotes.kind = t.kind AND (len(quotes.source) > 0) = t.has_source"""
    )


# A one-letter middle word: the names whose article speaker may have been keyed without it.
_INITIAL = r"\s[^\W\d_]\.?\s"


def rekey_initials(store: Store) -> int:
    """Give the article speakers of initialled names stored under a key without the initial the key they
    have now, and link them again; returns how many names moved. A store linked before keeps
    "David R. Whitman" and "David K. Whitman" as one speaker until this runs."""
    from .linking import mention_id
    from .mentions import insert_groups
    from .names import readable_name

    con = store.connection
    if con.execute("""SELECT count(*) FROM information_schema.columns
                      WHERE table_name = 'speaker_articles' AND column_name = 'own_article'""").fetchone()[0] == 0:
        return 0
    named = con.execute(
        """SELECT DISTINCT name, coalesce(kind, 'person'), mention_id FROM speaker_articles
           WHERE mention_id IS NOT NULL AND NOT coalesce(own_article, false) AND regexp_matches(name, ?)""",
        [_INITIAL],
    ).fetchall()
    moves = []
    for name, kind, old in named:
        speaker = Speaker(name=readable_name(name), kind=kind)
        new, own = mention_id(speaker, kind, "")
        if not own and new != old:
            moves.append((name, kind, old, new))
    if not moves:
        return 0
    con.begin()
    try:
        for name, kind, old, new in moves:
            con.execute("UPDATE quotes SET mention_id = ? WHERE mention_id = ? AND speaker_name = ?", [new, old, name])
            con.execute("UPDATE speaker_articles SET mention_id = ?, speaker_id = NULL WHERE mention_id = ? AND name = ?",
                        [new, old, name])
            con.execute("UPDATE gender_evidence SET mention_id = ? WHERE mention_id = ? AND name = ?", [new, old, name])
            con.execute("INSERT OR IGNORE INTO mention_aliases VALUES (?, ?)", [name, new])
        insert_groups(con, ((new, readable_name(name), kind) for name, kind, _, new in moves))
        for table in ("mention_groups", "mention_aliases"):
            con.execute(
                f"""DELETE FROM {table} WHERE mention_id IN (SELECT unnest(?))
                      AND NOT EXISTS (SELECT 1 FROM speaker_articles v WHERE v.mention_id = {table}.mention_id)""",
                [[old for _, _, old, _ in moves]],
            )
        store._ensure_registry()
        store._reindex_registry()
        store._link_unlinked()
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return len(moves)


def current_roles(store: Store) -> None:
    """Every speaker's role by the rule in force (the latest-dated article's): a store written when the
    most frequent role was kept shows the current one without waiting for its speakers to be linked again.
    One aggregate over the quotes, writing only the roles that change."""
    # A registered speaker's role is the registry's (or the one stored when it was registered).
    sids = [r[0] for r in store.connection.execute("SELECT speaker_id FROM speakers WHERE NOT registered").fetchall()]
    if sids:
        store._derive_roles(dict.fromkeys(sids))


def fill_spelled_out(store: Store) -> None:
    """A store made before an acronym needed an article writing it beside its name: read every article for
    them, and link again the speakers called by an acronym (one no article writes so leaves the organisation)."""
    con = store.connection
    if con.execute("SELECT 1 FROM derived_tables WHERE name = 'acronym_definitions'").fetchone():
        return
    from .mentions import record_spelled_out

    with store._transaction():
        last = ""
        while batch := con.execute(
                "SELECT article_id, text FROM articles WHERE article_id > ? ORDER BY article_id LIMIT 500", [last]).fetchall():
            record_spelled_out(con, batch)
            last = batch[-1][0]
        seeds = [r[0] for r in con.execute(
            "SELECT DISTINCT mention_id FROM mention_groups WHERE starts_with(group_key, 'acronym\x1f') ORDER BY 1").fetchall()]
        if seeds:
            store._apply(*store._relink(seeds))
        con.execute("UPDATE acronym_definitions SET linked = true")
        con.execute("INSERT OR REPLACE INTO derived_tables (name, quotes) VALUES ('acronym_definitions', 0)")


def upgrade(store: Store) -> None:
    fill_acts(store)
    fill_spelled_out(store)
    rekey_initials(store)
    current_roles(store)
    con = store.connection
    # A quote a user gave to another speaker has no article speaker on purpose (``corrections.py``).
    not_reassigned = "quote_id NOT IN (SELECT quote_id FROM corrected_quotes)"
    missing = con.execute(
        "SELECT count(*) FROM quotes WHERE speaker_name IS NOT NULL AND speaker_id IS NOT NULL AND mention_id IS NULL "
        f"AND {not_reassigned}"
    ).fetchone()[0]
    if not missing:
        return
    from .linking import mention_id
    from .rows import ArticleSpeaker, speaker_fact_rows
    import pyarrow as pa

    weights = _weights()
    linked = con.execute(
        """SELECT article_id, speaker_name, any_value(speaker_kind), any_value(gender), any_value(gender_evidence),
                  any_value(speaker_id)
           FROM quotes WHERE speaker_id IS NOT NULL AND speaker_name IS NOT NULL AND mention_id IS NULL AND """
        + not_reassigned + " GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    had_votes = con.execute("SELECT count(*) FROM speaker_articles").fetchone()[0] > 0
    con.begin()
    try:
        con.execute(
            "UPDATE speakers SET gender_basis = 'registry' WHERE registered AND gender <> 'unknown' AND gender_basis IS NULL"
        )
        rows, votes, evidence = [], [], []
        for aid, name, kind, gender, trail, _ in linked:
            kind = kind if kind in ("person", "organization", "group") else "person"
            pieces = tuple(parse_trail(trail, gender, weights)) if gender != "unknown" else ()
            speaker = Speaker(name=name, kind=kind, gender=gender, gender_evidence=pieces)
            mid, own = mention_id(speaker, kind, aid)
            rows.append({"article_id": aid, "name": name, "mention_id": mid, "kind": kind, "own_article": own})
            if not had_votes:
                # Stored unlinked: relinking the whole store below gives them their corpus speakers.
                found, pieces = speaker_fact_rows(aid, [ArticleSpeaker(speaker, kind, mid, own)])
                votes += found
                evidence += pieces
        facts = pa.Table.from_pylist(rows)  # noqa: F841 - read by DuckDB below
        con.execute(f"""UPDATE quotes SET mention_id = f.mention_id FROM facts f
                        WHERE quotes.article_id = f.article_id AND quotes.speaker_name = f.name
                          AND quotes.{not_reassigned}""")
        if had_votes:
            con.execute("""UPDATE speaker_articles SET mention_id = f.mention_id, kind = f.kind, own_article = f.own_article
                           FROM facts f WHERE speaker_articles.article_id = f.article_id AND speaker_articles.name = f.name""")
            con.execute("""UPDATE gender_evidence SET mention_id = f.mention_id FROM facts f
                           WHERE gender_evidence.article_id = f.article_id AND gender_evidence.name = f.name""")
        else:
            from . import EVIDENCE_SCHEMA, VOTE_SCHEMA

            store._insert("speaker_articles", votes, VOTE_SCHEMA)
            store._insert("gender_evidence", evidence, EVIDENCE_SCHEMA)
        con.execute("""INSERT OR IGNORE INTO mention_aliases
                       SELECT DISTINCT speaker_name, mention_id FROM quotes WHERE mention_id IS NOT NULL""")
        con.execute("UPDATE speaker_articles SET speaker_id = NULL WHERE mention_id IS NULL")
        from .mentions import fill_groups

        fill_groups(con)
        store._relink_all()
        con.commit()
    except BaseException:
        con.rollback()
        store._registry_read = False
        raise
