"""Bring a store written by an earlier whosaid up to date when it is opened for writing.

Quotes stored before each carried its act (speech, thought, other) get one
read from their cue text, kind and source (``fill_acts``).

Earlier stores fixed each speaker's gender from the first article that gave
any, and kept no per-article votes. Each quote still holds its own article's
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


def upgrade(store: Store) -> None:
    fill_acts(store)
    con = store.connection
    if con.execute("SELECT count(*) FROM speaker_articles").fetchone()[0]:
        return
    linked = con.execute(
        """SELECT speaker_id, article_id, speaker_name, any_value(gender), any_value(gender_evidence)
           FROM quotes WHERE speaker_id IS NOT NULL GROUP BY ALL ORDER BY ALL"""
    ).fetchall()
    if not linked:
        return
    from . import EVIDENCE_SCHEMA, VOTE_SCHEMA, _Batch

    weights = _weights()
    con.begin()
    try:
        con.execute(
            "UPDATE speakers SET gender_basis = 'registry' WHERE registered AND gender <> 'unknown' AND gender_basis IS NULL"
        )
        store._ensure_tallies()
        batch = _Batch()
        for sid, aid, name, gender, trail in linked:
            evidence = tuple(parse_trail(trail, gender, weights)) if gender != "unknown" else ()
            store._record_votes(sid, aid, Speaker(name=name or "", gender=gender, gender_evidence=evidence), batch)
            batch.touched.add(sid)
        store._insert("speaker_articles", batch.votes, VOTE_SCHEMA)
        store._insert("gender_evidence", batch.evidence, EVIDENCE_SCHEMA)
        store._decide(batch.touched, batch)
        store._requote(batch.touched)
        con.commit()
    except BaseException:
        con.rollback()
        store._tallies = None
        raise

