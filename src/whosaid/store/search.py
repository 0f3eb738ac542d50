"""The store's full-text index of quotes, made with DuckDB's ``fts`` extension.

Quote search finds every quote whose text contains each search term, case and
accents folded (``lower(strip_accents(text))``), also inside longer words:
"tax" finds "taxes". Without an index that means folding every quote's text
for every new search. The index keeps each quote's words already folded, so a
search reads the index's dictionary (``fts_main_quotes.dict``: one row per
distinct word) and its postings (``terms``: which quote has which word) and
looks at the text of the few quotes found, never at all of them.

The index is built by ``build_search_index`` when ``whosaid ingest`` finishes
(and by ``whosaid ingest`` with nothing new, when it is missing or behind).
DuckDB does not update an fts index as rows arrive, so a store with quotes
added since (by ``Store.add`` or the dashboard's analyse form) is searched by
scanning, as is a store without an index; the answers are the same.

Building needs the extension, which the ``duckdb-extension-fts`` package
carries for the installed DuckDB version, so nothing is downloaded. Reading the
index needs only DuckDB itself: the index is plain tables.
"""

from __future__ import annotations

import logging
from importlib import resources

import duckdb

SCHEMA = "fts_main_quotes"

# What is not a letter or a digit separates words. Searching relies on this:
# a term made only of letters and digits is in a quote's folded text exactly
# when it is inside one of the quote's indexed words.
SEPARATORS = r"[^\p{L}\p{N}]+"

_TABLES = {"dict": {"termid", "term"}, "terms": {"docid", "termid"}, "docs": {"docid", "name"}}

log = logging.getLogger(__name__)


def load_fts(con: duckdb.DuckDBPyConnection) -> bool:
    """Load DuckDB's fts extension from the ``duckdb-extension-fts`` package (or an installed copy).

    Returns False, without raising, when neither matches this DuckDB.
    """
    try:
        import duckdb_extension_fts
    except ImportError:
        packaged = None
    else:
        packaged = resources.files(duckdb_extension_fts) / "extensions" / f"v{duckdb.__version__}" / "fts.duckdb_extension"
    try:
        if packaged is not None and packaged.is_file():
            con.execute(f"LOAD '{packaged}'")
            return True
        installed = con.execute(
            "SELECT installed FROM duckdb_extensions() WHERE extension_name = 'fts'"
        ).fetchone()
        if installed and installed[0]:
            con.execute("LOAD fts")
            return True
    except duckdb.Error as exc:
        log.warning("DuckDB's fts extension could not be loaded (%s); quote search will scan", exc)
    return False


def build_search_index(con: duckdb.DuckDBPyConnection) -> bool:
    """(Re)build the index over every quote; False when the fts extension is not available."""
    if not load_fts(con):
        return False
    # No stemming and no stop words: the index must hold every word as written,
    # since a search for "the" or "taxes" looks for exactly that.
    con.execute(
        "PRAGMA create_fts_index('quotes', 'quote_id', 'text', stemmer = 'none', stopwords = 'none', "
        f"ignore = '{SEPARATORS}', strip_accents = 1, lower = 1, overwrite = 1)"
    )
    return True


def has_search_index(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the index exists with the tables and columns search reads."""
    columns: dict[str, set[str]] = {}
    for table, column in con.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = ?", [SCHEMA]
    ).fetchall():
        columns.setdefault(table, set()).add(column)
    return all(needed <= columns.get(table, set()) for table, needed in _TABLES.items())


def search_index_is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the index exists and holds as many quotes as are stored (whatever removes quotes,
    an update or ``whosaid articles remove``, rebuilds the index itself)."""
    if not has_search_index(con):
        return False
    indexed, stored = con.execute(
        f"SELECT (SELECT count(*) FROM {SCHEMA}.docs), (SELECT count(*) FROM quotes)"
    ).fetchone()
    return indexed == stored
