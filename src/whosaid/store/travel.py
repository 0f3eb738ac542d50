"""Quote travel: the same quote across outlets, also when one outlet trimmed, extended or reworded it.

Two folded quote texts (``quotes.norm_text``) are linked when

* one is contained in the other as whole words, both being at least
  ``MIN_LINK_WORDS`` words long ("frankly we will not back down on this" and
  "we will not back down on this"), or
* they are near-identical: both at least ``MIN_LINK_WORDS`` words, lengths
  within 10%, and their words at least 90% the same in order
  (``difflib.SequenceMatcher`` ratio of the word lists at least
  ``1 - NEAR_DISTANCE``: one word changed in twenty is 0.95).

Linked texts form groups (a quote linked to two others joins all three).
Comparing every pair of quotes would be quadratic, so candidates are only the
pairs of texts that share a run of ``SHINGLE_WORDS`` words (a word 8-gram):
each text's 8-grams are hashed and joined on the hash in DuckDB, and only
those pairs are checked, in Python. An 8-gram shared by more than ``MAX_SHINGLE_TEXTS`` different texts
is boilerplate, not a quote travelling, and proposes no pairs.

Linking is incremental: each call looks only at texts not yet in
``quote_groups`` against all texts, and merges groups a new text joins.
"""

from __future__ import annotations

import hashlib
from difflib import SequenceMatcher

import duckdb

MIN_WORDS = 4  # shorter quotes ("no comment") are too common to link at all
MIN_LINK_WORDS = 8
SHINGLE_WORDS = 8
NEAR_DISTANCE = 0.10
MAX_SHINGLE_TEXTS = 50


def text_key(norm_text: str) -> str:
    """``left(md5(norm_text), 16)``, as the ``quote_occurrences`` view computes it."""
    return hashlib.md5(norm_text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


# Texts of MIN_LINK_WORDS words or more, numbered, so shingles join on integers.
_LONG_TEXTS = f"""
CREATE OR REPLACE TEMP TABLE link_texts AS
SELECT row_number() OVER () AS id, norm_text, string_split(norm_text, ' ') AS w, norm_text IN (SELECT norm_text FROM new_texts) AS new
FROM (SELECT DISTINCT norm_text FROM quotes WHERE len(string_split(norm_text, ' ')) >= {MIN_LINK_WORDS})
"""
_CANDIDATES = f"""
WITH shingles AS (
    SELECT id, new, hash(array_to_string(w[i:i + {SHINGLE_WORDS - 1}], ' ')) AS shingle
    FROM link_texts, range(1, len(w) - {SHINGLE_WORDS - 2}) AS r(i)
),
shared AS (
    SELECT shingle FROM shingles GROUP BY shingle HAVING count(*) BETWEEN 2 AND {MAX_SHINGLE_TEXTS}
),
pairs AS (
    SELECT DISTINCT n.id AS a, o.id AS b
    FROM shingles n SEMI JOIN shared USING (shingle)
    JOIN shingles o ON o.shingle = n.shingle AND o.id <> n.id
    WHERE n.new
)
SELECT ta.norm_text, tb.norm_text FROM pairs JOIN link_texts ta ON ta.id = pairs.a JOIN link_texts tb ON tb.id = pairs.b
"""


def linked(a: str, b: str) -> bool:
    """Whether two folded quote texts (each of MIN_LINK_WORDS words or more) are one quote travelling."""
    if f" {a} " in f" {b} " or f" {b} " in f" {a} ":
        return True
    if min(len(a), len(b)) < (1 - NEAR_DISTANCE) * max(len(a), len(b)):
        return False
    return SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio() >= 1 - NEAR_DISTANCE


class _Groups:
    """Union-find over text keys and existing group ids."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, node: str) -> str:
        self.parent.setdefault(node, node)
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def assign_groups(
    new_keys: set[str], pairs: list[tuple[str, str]], existing: dict[str, str]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Groups for the texts ``new_keys``, given linked pairs of text keys and the groups of older texts.

    Returns ``(rows, renames)``: ``(text_key, group_id)`` for every new text,
    and ``(group_id, merged_group_id)`` for older groups a new text joined
    together. An older group keeps its id; merged groups, and groups of new
    texts only, take the smallest id.
    """
    groups = _Groups()

    def node(key: str) -> str:
        # A new text is a node of its own; an older text stands for its whole group.
        return key if key in new_keys else "=" + existing.get(key, key)

    for key in new_keys:
        groups.find(key)
    for a, b in pairs:
        groups.union(node(a), node(b))
    old: dict[str, list[str]] = {}
    fresh: dict[str, list[str]] = {}
    for item in list(groups.parent):
        if item.startswith("="):
            old.setdefault(groups.find(item), []).append(item[1:])
        else:
            fresh.setdefault(groups.find(item), []).append(item)
    rows, renames = [], []
    for root, keys in fresh.items():
        olds = sorted(old.get(root, ()))
        group_id = olds[0] if olds else min(keys)
        renames.extend((group_id, merged) for merged in olds[1:])
        rows.extend((key, group_id) for key in keys)
    return rows, renames


def link_quotes(con: duckdb.DuckDBPyConnection) -> int:
    """Add the texts not yet grouped to ``quote_groups``, linking and merging groups; returns how many."""
    new = [
        row[0] for row in con.execute(
            f"""SELECT DISTINCT norm_text FROM quotes q
                WHERE len(string_split(norm_text, ' ')) >= {MIN_WORDS}
                  AND NOT EXISTS (SELECT 1 FROM quote_groups g WHERE g.text_key = left(md5(q.norm_text), 16))"""
        ).fetchall()
    ]
    if not new:
        return 0
    con.begin()
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE new_texts (norm_text VARCHAR)")
        con.execute("INSERT INTO new_texts SELECT unnest(?)", [new])
        con.execute(_LONG_TEXTS)
        pairs = [(text_key(a), text_key(b)) for a, b in con.execute(_CANDIDATES).fetchall() if linked(a, b)]
        new_keys = {text_key(t) for t in new}
        others = sorted({k for pair in pairs for k in pair} - new_keys)
        existing = dict(con.execute(
            "SELECT text_key, group_id FROM quote_groups WHERE text_key IN (SELECT unnest(?))", [others]
        ).fetchall()) if others else {}
        rows, renames = assign_groups(new_keys, pairs, existing)
        if renames:
            con.executemany("UPDATE quote_groups SET group_id = ? WHERE group_id = ?", renames)
        con.execute(
            "INSERT OR IGNORE INTO quote_groups SELECT unnest(?), unnest(?)",
            [[k for k, _ in rows], [g for _, g in rows]],
        )
        con.execute("DROP TABLE new_texts")
        con.execute("DROP TABLE link_texts")
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return len(new)
