"""Tables of a store written as Parquet, CSV or JSONL files, one file per table.

The same columns come out of ``whosaid spark`` (Parquet), so a corpus read
on a laptop and one read on a cluster load the same way.
"""

from __future__ import annotations

from collections.abc import Callable
import os
from pathlib import Path

import duckdb

from ..safe_csv import copy_csv
from .rows import ARTICLE_COLUMNS, QUOTE_COLUMNS

FORMATS = ("parquet", "csv", "jsonl")  # each also the files' extension
# CSV is written by safe_csv.copy_csv, which makes formula-like text safe first.
COPY_OPTIONS = {"parquet": "(FORMAT parquet, COMPRESSION zstd)", "jsonl": "(FORMAT json)"}

TABLES = {
    # Named, so a store that gained a column later exports the columns in the documented order.
    "articles": f"SELECT {', '.join(ARTICLE_COLUMNS)}, ingested_at FROM articles ORDER BY article_id",
    "article_publications": (
        "SELECT article_id, outlet, date, url, path, source_id, encoding, seen_at FROM article_publications "
        "WHERE article_id IN (SELECT article_id FROM articles) ORDER BY article_id, date NULLS LAST, outlet, url"
    ),
    # Each article under every outlet that published it (a syndicated copy's outlets too), as the
    # dashboard's and `whosaid stats`' figures by outlet count: articles.outlet is only the first copy's.
    "outlet_articles": "SELECT article_id, outlet, date FROM outlet_articles ORDER BY article_id, outlet NULLS LAST",
    # The role each quote's own article gives, unless the user gave the speaker one in the registry.
    "quotes": (
        "SELECT " + ", ".join("(CASE WHEN s.role_basis = 'registry' THEN s.role ELSE q.role END) AS role" if c == "role"
                              else f"q.{c}" for c in QUOTE_COLUMNS)
        + " FROM quotes q LEFT JOIN speakers s ON s.speaker_id = q.speaker_id ORDER BY q.article_id, q.position"
    ),
    # n_quotes counts every act; n_speech is what `speakers list` and the dashboard's figures count by default.
    # The counts by act are taken from the quotes here rather than the view, so a store whose view predates
    # them exports them too.
    "speakers": (
        "SELECT speaker_id, name, kind, gender, gender_basis, gender_summary, gender_conflict, gender_evidence, "
        "role, role_basis, registered, aliases, n_quotes, coalesce(n_speech, 0) AS n_speech, "
        "coalesce(n_thought, 0) AS n_thought, coalesce(n_other, 0) AS n_other, n_articles, only_article "
        "FROM speaker_summary LEFT JOIN ("
        "SELECT speaker_id, count(*) FILTER (WHERE coalesce(act, 'speech') = 'speech') AS n_speech, "
        "count(*) FILTER (WHERE act = 'thought') AS n_thought, count(*) FILTER (WHERE act = 'other') AS n_other "
        "FROM quotes WHERE speaker_id IS NOT NULL GROUP BY speaker_id) USING (speaker_id) "
        "ORDER BY n_quotes DESC, name"
    ),
    "speaker_articles": "SELECT * FROM speaker_articles ORDER BY speaker_id, article_id, name",
    "gender_evidence": (
        "SELECT * FROM gender_evidence ORDER BY speaker_id, article_id, paragraph NULLS LAST, kind, text"
    ),
    "quote_occurrences": "SELECT * FROM quote_occurrences ORDER BY first_quote_id, quote_id",
    "rejects": "SELECT * FROM rejects ORDER BY path",
}
DEFAULT_TABLES = (
    "articles", "article_publications", "outlet_articles", "quotes", "speakers", "speaker_articles", "gender_evidence",
    "quote_occurrences", "rejects",
)


def export(
    con: duckdb.DuckDBPyConnection, out_dir: str | Path, fmt: str = "parquet", tables=DEFAULT_TABLES,
    on_written: Callable[[str, Path, int], None] | None = None,
) -> dict[str, Path]:
    """Write each table to ``out_dir/<table>.<ext>``; returns the paths. A file is replaced only when complete.

    ``on_written(table, path, rows)`` is called as each file is complete, so a
    long export shows its progress and what each file holds.

    CSV goes through ``whosaid.safe_csv``: list columns as JSON text, and text a
    spreadsheet would run as a formula (``=…``, ``+…``, ``-…``, ``@…``) after a ``'``.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for table in tables:
        target = out / f"{table}.{fmt}"
        partial = out / f".{table}.{fmt}.partial"
        if fmt == "csv":
            rows = copy_csv(con, TABLES[table], partial)
        else:
            rows = con.execute(f"COPY ({TABLES[table]}) TO '{_sql_path(partial)}' {COPY_OPTIONS[fmt]}").fetchone()[0]
        os.replace(partial, target)
        written[table] = target
        if on_written is not None:
            on_written(table, target, rows)
    return written


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
