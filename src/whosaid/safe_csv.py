"""CSV that spreadsheet programs open as data, never as formulas.

Excel, LibreOffice Calc and Google Sheets run a cell that starts with ``=``,
``+``, ``-`` or ``@`` (some also after a leading tab or carriage return) as a
formula, so an article titled ``=HYPERLINK("http://evil.example", "Click")``
would become a live link in an editor's spreadsheet. Every CSV whosaid writes
goes through this module, which puts a single quote before such text (OWASP's
advice for CSV injection): the spreadsheet shows the text as written and the
quote is easy to strip. Only text is changed; numbers stay numbers, so a
negative figure is still a number.

Two writers share the one rule: ``csv_chunks`` for rows held in Python (the
dashboard's downloads) and ``copy_csv`` for whole tables, which DuckDB writes
itself (``whosaid export``: about ten times faster than Python's ``csv`` on a
million quotes).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value``, with a ``'`` in front when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence[Any]], rows_per_chunk: int = 500) -> Iterator[str]:
    """The header and the rows as CSV text, a few hundred rows at a time (for a streamed answer).

    ``None`` becomes an empty cell; text is made safe with ``safe_cell``.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(name) for name in header])
    for n, row in enumerate(rows, 1):
        writer.writerow([safe_cell(value) for value in row])
        if n % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def safe_sql(column: str) -> str:
    """A DuckDB expression for the text column ``column`` made safe exactly as ``safe_cell`` does."""
    starts = ", ".join(f"chr({ord(c)})" for c in FORMULA_STARTS)
    return f"CASE WHEN left({column}, 1) IN ({starts}) THEN '''' || {column} ELSE {column} END"


def copy_csv(con: Any, query: str, target: str | Path) -> int:
    """Write ``query``'s result to ``target`` as CSV with a header row, through DuckDB.

    Text columns are made safe (``safe_sql``); list columns become JSON text,
    so a spreadsheet or pandas reads them back unambiguously. Returns the number of rows written.
    """
    parts = []
    for name, kind, *_ in con.execute(f"DESCRIBE {query}").fetchall():
        column = '"' + name.replace('"', '""') + '"'
        if "[]" in str(kind):
            parts.append(f"to_json({column}) AS {column}")
        elif str(kind) == "VARCHAR":
            parts.append(f"{safe_sql(column)} AS {column}")
        else:
            parts.append(column)
    path = str(target).replace("'", "''")
    return con.execute(f"COPY (SELECT {', '.join(parts)} FROM ({query})) TO '{path}' (FORMAT csv, HEADER)").fetchone()[0]
