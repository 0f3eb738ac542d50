"""Tables of a store written as Parquet, CSV or JSONL files, one file per table.

The same columns come out of ``whosaid spark`` (Parquet), so a corpus read
on a laptop and one read on a cluster load the same way.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

FORMATS = {"parquet": ("parquet", "(FORMAT parquet, COMPRESSION zstd)"), "csv": ("csv", "(FORMAT csv, HEADER)"), "jsonl": ("jsonl", "(FORMAT json)")}

TABLES = {
    "articles": "SELECT * EXCLUDE (ingested_at), ingested_at FROM articles ORDER BY article_id",
    "quotes": "SELECT * FROM quotes ORDER BY article_id, position",
    "speakers": (
        "SELECT speaker_id, name, kind, gender, gender_basis, gender_summary, gender_conflict, gender_evidence, "
        "role, registered, aliases, n_quotes, n_articles "
        "FROM speaker_summary ORDER BY n_quotes DESC, name"
    ),
    "speaker_articles": "SELECT * FROM speaker_articles ORDER BY speaker_id, article_id, name",
    "gender_evidence": (
        "SELECT * FROM gender_evidence ORDER BY speaker_id, article_id, paragraph NULLS LAST, kind, text"
    ),
    "quote_occurrences": "SELECT * FROM quote_occurrences ORDER BY first_quote_id, quote_id",
    "rejects": "SELECT * FROM rejects ORDER BY path",
}
DEFAULT_TABLES = (
    "articles", "quotes", "speakers", "speaker_articles", "gender_evidence", "quote_occurrences", "rejects",
)


def _csv_safe(con: duckdb.DuckDBPyConnection, query: str) -> str:
    """Lists become JSON text in CSV, so a spreadsheet or pandas reads them back unambiguously."""
    columns = con.execute(f"DESCRIBE {query}").fetchall()
    parts = [f'to_json("{name}") AS "{name}"' if "[]" in str(kind) else f'"{name}"' for name, kind, *_ in columns]
    return f"SELECT {', '.join(parts)} FROM ({query})"


def export(
    con: duckdb.DuckDBPyConnection, out_dir: str | Path, fmt: str = "parquet", tables=DEFAULT_TABLES
) -> dict[str, Path]:
    """Write each table to ``out_dir/<table>.<ext>``; returns the paths. A file is replaced only when complete."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    extension, options = FORMATS[fmt]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for table in tables:
        query = TABLES[table]
        if fmt == "csv":
            query = _csv_safe(con, query)
        target = out / f"{table}.{extension}"
        partial = out / f".{table}.{extension}.partial"
        con.execute(f"COPY ({query}) TO '{_sql_path(partial)}' {options}")
        os.replace(partial, target)
        written[table] = target
    return written


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
