"""Quotes repeated across articles, gathered once so the article page need not compare every quote.

The same quote in several articles (wire copy, a line everyone reprinted) is
found by its folded text (``quotes.norm_text``); quotes of fewer than four
words ("no comment") are too common to count. ``quote_repeats`` keeps one row
per such text found in two articles or more: in how many, and its first
quote (earliest date, then earliest stored).

The table is rebuilt by ``refresh_repeats`` when ``whosaid ingest`` finishes
and when the dashboard stores an article. ``repeats_are_current`` says
whether it still matches the quotes (a store filled through ``Store.add``
alone may be behind); readers fall back to comparing the quotes themselves.
"""

from __future__ import annotations

import duckdb

_REBUILD = """
DELETE FROM quote_repeats;
INSERT INTO quote_repeats
SELECT q.norm_text, count(DISTINCT q.article_id) AS articles,
       arg_min(q.quote_id, (coalesce(a.date, DATE '9999-12-31'), a.ingested_at, q.quote_id)) AS first_quote_id
FROM quotes q JOIN articles a ON a.article_id = q.article_id
WHERE len(string_split(q.norm_text, ' ')) >= 4
GROUP BY q.norm_text
HAVING count(DISTINCT q.article_id) > 1;
INSERT OR REPLACE INTO derived_tables VALUES ('quote_repeats', (SELECT count(*) FROM quotes));
"""


def refresh_repeats(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild ``quote_repeats`` from every quote, in one transaction."""
    con.begin()
    try:
        con.execute(_REBUILD)
    except BaseException:
        con.rollback()
        raise
    con.commit()


def repeats_are_current(con: duckdb.DuckDBPyConnection) -> bool:
    """True when ``quote_repeats`` was built from the quotes the store holds now (quotes are never removed)."""
    tables = {
        row[0] for row in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_name IN ('quote_repeats', 'derived_tables')"
        ).fetchall()
    }
    if tables != {"quote_repeats", "derived_tables"}:
        return False
    row = con.execute(
        "SELECT quotes = (SELECT count(*) FROM quotes) FROM derived_tables WHERE name = 'quote_repeats'"
    ).fetchone()
    return bool(row and row[0])
