"""The command line: analyze, extract and their errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from whosaid.cli import main

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "src" / "whosaid" / "schema" / "extract-line.schema.json").read_text())

ARTICLE = (
    "Harbour wall\n\n"
    "\"We cannot wait another winter,\" Mayor Elena Marsh said on Tuesday. "
    "She told the Coastal Gazette that work would start in March.\n"
)


def test_help_lists_every_command_with_examples():
    out = subprocess.run([sys.executable, "-m", "whosaid.cli", "--help"], capture_output=True, text=True, check=True).stdout
    for command in ("analyze", "extract", "evaluate"):
        assert command in out
    extract_help = subprocess.run(
        [sys.executable, "-m", "whosaid.cli", "extract", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "--resume" in extract_help and "examples:" in extract_help


def test_python_dash_m_whosaid_runs_the_command_line():
    done = subprocess.run([sys.executable, "-m", "whosaid", "extract", "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "--resume" in done.stdout
    wrong = subprocess.run([sys.executable, "-m", "whosaid", "no-such-command"], capture_output=True, text=True)
    assert wrong.returncode == 2 and "no-such-command" in wrong.stderr


def test_every_docs_page_the_help_names_exists():
    import argparse
    import re

    from whosaid.cli import build_parser

    def helps(parser):
        yield parser.format_help()
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for child in action.choices.values():
                    yield from helps(child)

    texts = list(helps(build_parser()))
    assert len(texts) > 10  # every command and every `speakers` action
    named = {page for text in texts for page in re.findall(r"docs/[\w-]+\.md", text)}
    assert named, "the help names no docs page"
    assert [page for page in sorted(named) if not (ROOT / page).is_file()] == []


def test_analyze_json_gives_the_quote_and_speaker(tmp_path, capsys):
    path = tmp_path / "harbour.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert main(["analyze", str(path), "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    direct = [q for q in record["quotes"] if q["kind"] == "direct"]
    assert direct and direct[0]["speaker"] == "Elena Marsh"
    start, end = direct[0]["content"][0]
    assert "cannot wait another winter" in ARTICLE[start:end]


def test_analyze_table(tmp_path, capsys):
    path = tmp_path / "harbour.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert main(["analyze", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Elena Marsh" in out and "said" in out


def test_analyze_table_shows_square_brackets_as_written(tmp_path, capsys):
    path = tmp_path / "brackets.txt"
    path.write_text(
        "Plan criticised\n\n\"The [redacted] plan [/x] is wrong,\" said councillor Ann Lee.\n", encoding="utf-8"
    )
    assert main(["analyze", str(path)]) == 0
    out = capsys.readouterr().out
    assert "[redacted]" in out and "[/x]" in out
    assert "1 quote\n" in out or "1 quote " in out


def test_analyze_names_the_encoding_of_a_file_that_is_not_utf8(tmp_path, capsys):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\xe9 opens\n\n\"We are ready,\" the owner, Zo\xeb Lang, said.".encode("latin-1"))
    assert main(["analyze", str(path), "--json"]) == 0
    captured = capsys.readouterr()
    assert str(path) in captured.err and "cp1252" in captured.err
    quote, = json.loads(captured.out)["quotes"]
    assert quote["speaker"] == "Zo\xeb Lang"


PAGE = """<!doctype html><html><head><title>Harbour wall | Coastal Gazette</title>
<meta property="og:site_name" content="Coastal Gazette"><meta name="author" content="Jo Baker"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>Harbour wall</h1>
<p>The council voted on Tuesday to rebuild the harbour wall before next winter.</p>
<p>"We cannot wait another winter," Mayor Elena Marsh said. She told reporters that work would start in March.</p>
</article><footer>Copyright Coastal Gazette</footer></body></html>"""


def test_analyze_reads_the_main_text_of_a_web_page(tmp_path, capsys):
    path = tmp_path / "harbour.html"
    path.write_text(PAGE, encoding="utf-8")
    assert main(["analyze", str(path), "--json"]) == 0
    captured = capsys.readouterr()
    assert "harbour.html" in captured.err and "web page" in captured.err
    record = json.loads(captured.out)
    assert record["title"] == "Harbour wall" and record["outlet"] == "Coastal Gazette"
    assert "<" not in record["text"] and "Home" not in record["text"]
    direct = [q for q in record["quotes"] if q["kind"] == "direct"]
    assert direct and direct[0]["speaker"] == "Elena Marsh"
    start, end = direct[0]["content"][0]
    assert record["text"][start:end] == direct[0]["text"]
    assert all("<" not in q["text"] for q in record["quotes"])


def test_analyze_names_a_web_page_without_article_text(tmp_path, capsys):
    path = tmp_path / "menu.html"
    path.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    assert main(["analyze", str(path)]) == 1
    err = capsys.readouterr().err
    assert "menu.html" in err and "no article text" in err


def test_analyze_names_a_missing_file(tmp_path, capsys):
    assert main(["analyze", str(tmp_path / "nope.txt")]) == 1
    assert "nope.txt" in capsys.readouterr().err


def _write_batch(path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": ARTICLE, "outlet": "Coastal Gazette", "date": "2026-02-03"}),
        "{this is not json",
        json.dumps({"id": "no-text", "title": "missing text"}),
        json.dumps({"id": "b", "text": "Library\n\n\"Come on Sundays,\" librarian Samuel Okafor said."}),
    ]
    # Line 5: every byte decodes (UTF-8, else Windows-1252), so the last bad line is one with no text.
    raw = ("\n".join(lines) + "\n").encode() + b'{"id": "blank", "text": " \xa0 "}\n'
    path.write_bytes(raw)


def test_extract_skips_bad_lines_and_validates(tmp_path, capsys):
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write_batch(source)
    assert main(["extract", str(source), "-o", str(out), "--quiet"]) == 3, "skipped lines give exit status 3"
    err = capsys.readouterr().err
    assert f"{source}:2:" in err and f"{source}:3:" in err and f"{source}:5:" in err and "3 skipped" in err
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["a", "b"]
    assert lines[0]["outlet"] == "Coastal Gazette" and lines[0]["date"] == "2026-02-03"
    for line in lines:
        jsonschema.validate(line, SCHEMA)
    assert any(q["speaker"] == "Samuel Okafor" for q in lines[1]["quotes"])


def test_extract_of_a_plain_text_article_points_to_analyze(tmp_path, capsys):
    path = tmp_path / "harbour.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert main(["extract", str(path), "-o", str(tmp_path / "out.jsonl")]) == 1
    err = capsys.readouterr().err
    assert f"{path} is a plain-text article" in err and "whosaid analyze" in err and "not JSON (" not in err


@pytest.mark.parametrize("name", ["harbour.html", "harbour-page.jsonl"])
def test_extract_of_a_web_page_says_so_once_and_names_the_file(tmp_path, capsys, name):
    path = tmp_path / name
    path.write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(path), "-o", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.count("whosaid:") == 1, err
    assert f"{path} is a web page (HTML)" in err and "whosaid analyze" in err and "whosaid ingest" in err


def test_extract_reads_a_batch_by_its_content_whatever_its_name(tmp_path, capsys):
    path = tmp_path / "batch.txt"
    path.write_text(json.dumps({"id": "a", "text": ARTICLE}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(path), "-o", str(out), "--quiet"]) == 0
    assert json.loads(out.read_text())["quotes"][0]["speaker"] == "Elena Marsh"


def test_extract_with_some_bad_lines_gives_no_hint(tmp_path, capsys):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "a", "text": ARTICLE}) + "\n{broken\n", encoding="utf-8")
    assert main(["extract", str(path), "-o", str(tmp_path / "out.jsonl")]) == 3
    err = capsys.readouterr().err
    assert "in.jsonl:2: not JSON" in err and "whosaid analyze" not in err


def test_extract_resume_redoes_only_what_is_missing(tmp_path, capsys):
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write_batch(source)
    assert main(["extract", str(source), "-o", str(out), "--quiet"]) == 3
    full = out.read_text()
    first_line = full.splitlines()[0]
    out.write_text(first_line + "\n" + '{"id": "b", "quo')  # a crash mid-line
    capsys.readouterr()
    assert main(["extract", str(source), "-o", str(out), "--resume", "--quiet"]) == 3
    assert "1 already done" in capsys.readouterr().err
    assert out.read_text() == full


def test_extract_of_a_clean_batch_exits_0(tmp_path, capsys):
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(json.dumps({"id": "a", "text": ARTICLE}) + "\n\n")
    assert main(["extract", str(source), "-o", str(out), "--quiet"]) == 0
    assert "1 article written" in capsys.readouterr().err


def test_extract_names_duplicate_ids_and_keeps_the_first(tmp_path, capsys):
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("\n".join([
        json.dumps({"id": "a", "text": ARTICLE, "outlet": "First"}),
        json.dumps({"id": "b", "text": "Library\n\n\"Come on Sundays,\" librarian Samuel Okafor said."}),
        json.dumps({"id": "a", "text": "Other\n\n\"Not this one,\" Ann Lee said.", "outlet": "Second"}),
    ]) + "\n")
    assert main(["extract", str(source), "-o", str(out), "--quiet"]) == 3
    err = capsys.readouterr().err
    assert f"{source}:3: id 'a' is already used on {source}:1" in err
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(line["id"], line.get("outlet")) for line in lines] == [("a", "First"), ("b", None)]


def test_json_errors_say_where_once(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "x", "text": "a\tb"}\n{"id": \n')
    assert main(["extract", str(source), "-o", str(tmp_path / "out.jsonl"), "--quiet"]) == 3
    err = capsys.readouterr().err
    assert "Invalid control character at column 23" in err
    assert "Expecting value at column 8" in err
    assert "at at" not in err


def test_extract_progress_reaches_its_total(tmp_path, monkeypatch, capsys):
    """Every line counted in the total advances the bar: written, skipped, duplicate or already done."""
    from contextlib import contextmanager

    from whosaid.commands import extract

    seen = {}

    @contextmanager
    def recording_progress(label, total, enabled=True):
        seen["total"], seen["done"] = total, 0

        def advance(n=1):
            seen["done"] += n

        yield advance

    monkeypatch.setattr(extract, "article_progress", recording_progress)
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write_batch(source)
    with source.open("a") as handle:
        handle.write("\n" + json.dumps({"id": "a", "text": ARTICLE}) + "\n\n")
    main(["extract", str(source), "-o", str(out)])
    assert seen == {"total": 6, "done": 6}
    main(["extract", str(source), "-o", str(out), "--resume"])
    assert seen == {"total": 6, "done": 6}


def test_gender_overrides_file_wins_over_the_text(tmp_path, capsys):
    path = tmp_path / "harbour.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    overrides = tmp_path / "genders.csv"
    overrides.write_text("name,gender\nElena Marsh,nonbinary\n", encoding="utf-8")
    assert main(["analyze", str(path), "--json", "--gender-overrides", str(overrides)]) == 0
    record = json.loads(capsys.readouterr().out)
    marsh = [p for p in record["people"] if p["name"] == "Elena Marsh"]
    assert marsh and marsh[0]["gender"] == "nonbinary"
    assert any("override" in e for e in marsh[0]["gender_evidence"])


def test_a_bad_overrides_file_is_named(tmp_path, capsys):
    path = tmp_path / "harbour.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    overrides = tmp_path / "genders.csv"
    overrides.write_text("name,gender\nElena Marsh,purple\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["analyze", str(path), "--gender-overrides", str(overrides)])
    assert "genders.csv" in capsys.readouterr().err


def test_analyze_shows_what_a_relative_pronoun_stands_for(tmp_path, capsys):
    path = tmp_path / "dam.txt"
    path.write_text(
        "Dam works\n\nThe plan needs approval from the county drainage authority, which said on Friday "
        "that it would rule within a month.\n",
        encoding="utf-8",
    )
    assert main(["analyze", str(path), "--json"]) == 0
    (quote,) = json.loads(capsys.readouterr().out)["quotes"]
    assert quote["speaker"] is None and quote["source_text"] == "which"
    assert quote["speaker_description"] == "the county drainage authority"
    assert main(["analyze", str(path)]) == 0
    out = capsys.readouterr().out
    assert "(which)" not in out and "drainage" in out


def test_a_command_freezes_what_its_engine_loaded_and_a_library_engine_does_not(tmp_path, nlp):
    import gc

    from whosaid.engine import Engine

    gc.unfreeze()
    try:
        Engine(nlp=nlp)
        assert gc.get_freeze_count() == 0, "a library call leaves its host's collector alone"
        path = tmp_path / "harbour.txt"
        path.write_text(ARTICLE, encoding="utf-8")
        assert main(["analyze", str(path), "--json"]) == 0
        assert gc.get_freeze_count() > 0, "the command's process froze the engine it loaded"
    finally:
        gc.unfreeze()


def test_analyze_refuses_a_batch_of_article_lines_and_names_extract(tmp_path, capsys):
    path = tmp_path / "batch.jsonl"
    path.write_text(
        json.dumps({"id": "a", "text": ARTICLE}) + "\n" + json.dumps({"id": "b", "text": ARTICLE}) + "\n",
        encoding="utf-8",
    )
    assert main(["analyze", str(path)]) == 1
    captured = capsys.readouterr()
    assert "whosaid extract" in captured.err and "batch.jsonl" in captured.err
    assert captured.out == ""


def test_analyze_reads_an_article_that_opens_with_a_brace(tmp_path, capsys):
    path = tmp_path / "braces.txt"
    path.write_text("{Draft} Harbour plan\n\n" + ARTICLE, encoding="utf-8")
    assert main(["analyze", str(path)]) == 0
    assert "Elena Marsh" in capsys.readouterr().out


def test_speakers_list_and_serve_take_the_store_as_stats_does(tmp_path, capsys):
    import socket

    from tests.fixtures.dashboard.samples import article, build_store

    store = build_store(tmp_path / "news.duckdb", [article("Gazette", "2024-03-15", ["female", "male"])])
    assert main(["speakers", "list", str(store), "--json"]) == 0
    positional = capsys.readouterr().out
    assert main(["speakers", "list", "--db", str(store), "--json"]) == 0
    assert capsys.readouterr().out == positional and len(positional.splitlines()) == 2
    assert main(["stats", str(store), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["overall"]["quotes"]["total"] == 2

    other = tmp_path / "other.duckdb"
    assert main(["speakers", "list", str(store), "--db", str(other)]) == 2
    assert str(store) in (err := capsys.readouterr().err) and str(other) in err
    assert main(["serve", str(tmp_path / "missing.duckdb")]) == 2
    assert f"{tmp_path / 'missing.duckdb'}: no such store" in capsys.readouterr().err
    with socket.socket() as taken:  # the store opens; only the port stops the dashboard
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", str(store), "--port", str(port), "--read-only"]) == 1
    assert "cannot listen" in capsys.readouterr().err

    for argv in (["speakers", "list", "--help"], ["serve", "--help"]):
        with pytest.raises(SystemExit):
            main(argv)
        usage = capsys.readouterr().out
        assert "[STORE]" in usage and "--db FILE" in usage


def test_every_store_command_refuses_a_data_file_as_its_store(tmp_path, capsys):
    article = tmp_path / "bridge.txt"
    article.write_text('Bridge\n\n"The bridge opens in May," the engineer, Petra Novak, said.\n', encoding="utf-8")
    data = tmp_path / "copy.jsonl"
    content = b'{"id": "b1", "text": "Nothing here."}\n'
    data.write_bytes(content)
    for argv in (
        ["ingest", str(article), "--db", str(data), "--quiet"],
        ["export", "--db", str(data), "-o", str(tmp_path / "out")],
        ["speakers", "list", str(data)],
        ["stats", "--db", str(data)],
        ["serve", str(data)],
    ):
        assert main(argv) == 2, argv
        assert f"not a whosaid store: {data}" in capsys.readouterr().err, argv
    assert data.read_bytes() == content
    assert not (tmp_path / "out").exists()


def ferry_article(folder):
    """A one-quote plain-text article written into ``folder``."""
    article = folder / "ferry.txt"
    article.write_text('Ferry\n\n"The ferry runs again on Monday," the harbour master, Ines Albu, said.\n',
                       encoding="utf-8")
    return article


def test_every_store_command_refuses_a_duckdb_database_of_other_tables(tmp_path, capsys):
    import duckdb

    article = ferry_article(tmp_path)
    other = tmp_path / "ledger.duckdb"
    with duckdb.connect(str(other)) as con:
        con.execute("CREATE TABLE invoices (number INTEGER, amount DECIMAL(9, 2))")
        con.execute("INSERT INTO invoices VALUES (1, 12.50), (2, 7.25)")
    for argv in (
        ["ingest", str(article), "--db", str(other), "--quiet"],
        ["export", "--db", str(other), "-o", str(tmp_path / "out")],
        ["speakers", "list", str(other)],
        ["speakers", "merge", "Ann", "--into", "Bo", "--db", str(other), "--speakers", str(tmp_path / "r.csv")],
        ["stats", "--db", str(other)],
        ["serve", str(other)],
    ):
        assert main(argv) == 2, argv
        assert f"not a whosaid store: {other}" in capsys.readouterr().err, argv
    with duckdb.connect(str(other), read_only=True) as con:
        assert [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()] == ["invoices"]
        assert con.execute("SELECT count(*) FROM invoices").fetchone()[0] == 2
    assert not (tmp_path / "out").exists()


def test_ingest_makes_a_store_of_an_empty_duckdb_database(tmp_path, capsys):
    import duckdb

    article = ferry_article(tmp_path)
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    assert main(["ingest", str(article), "--db", str(empty), "--quiet"]) == 0
    from whosaid.store import Store

    with Store(empty, read_only=True) as store:
        assert store.counts()["articles"] == 1


def test_export_takes_the_store_as_the_other_store_commands_do(tmp_path, capsys):
    from tests.fixtures.dashboard.samples import article, build_store

    store = str(build_store(tmp_path / "news.duckdb", [article("Gazette", "2024-03-15", ["female", "male"])]))
    runs = {
        "positional": ["export", store, "-o", str(tmp_path / "a"), "--format", "jsonl"],
        "db": ["export", "--db", store, "-o", str(tmp_path / "b"), "--format", "jsonl"],
        "after tables": ["export", "--format", "jsonl", "-o", str(tmp_path / "c"), "--tables", "quotes", "speakers", store],
    }
    for argv in runs.values():
        assert main(argv) == 0, argv
    capsys.readouterr()
    full = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert full == sorted(p.name for p in (tmp_path / "b").iterdir()) and "articles.jsonl" in full
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == ["quotes.jsonl", "speakers.jsonl"]
    assert len((tmp_path / "c" / "quotes.jsonl").read_text(encoding="utf-8").splitlines()) == 2

    assert main(["export", store, "--db", str(tmp_path / "other.duckdb"), "-o", str(tmp_path / "d")]) == 2
    assert "give the store once" in capsys.readouterr().err
    assert main(["export", "--db", store, "--tables", "quotes", "quotations", "-o", str(tmp_path / "e")]) == 2
    assert "no table 'quotations'" in capsys.readouterr().err
    assert not (tmp_path / "d").exists() and not (tmp_path / "e").exists()


class _StopsAfter:
    """An engine that reads ``n`` articles (finding no quote) and is then stopped, as Ctrl-C stops one."""

    def __init__(self, n: int):
        self.n = n

    def analyze_many(self, articles, batch_size=8):
        from whosaid.records import ArticleResult

        for done, article in enumerate(articles):
            if done == self.n:
                raise KeyboardInterrupt
            yield ArticleResult(id=article.id, quotes=[])


def test_a_stopped_extract_counts_what_it_wrote_and_says_how_to_carry_on(tmp_path, capsys, monkeypatch):
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("".join(json.dumps({"id": f"n{i}", "text": f"Notice {i}\n\nThe pool closes at {i} pm."}) + "\n"
                              for i in range(5)), encoding="utf-8")
    monkeypatch.setattr("whosaid.commands.extract.engine_from", lambda args: _StopsAfter(2))
    assert main(["extract", str(source), "-o", str(out), "--quiet"]) == 130
    err = capsys.readouterr().err
    assert f"stopped: 2 articles written to {out}" in err and "--resume" in err
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["n0", "n1"]

    monkeypatch.setattr("whosaid.commands.extract.engine_from", lambda args: _StopsAfter(1))
    assert main(["extract", str(source), "-o", str(out), "--resume", "--quiet"]) == 130
    assert "stopped: 1 article written, 2 already done" in capsys.readouterr().err
    assert main(["extract", str(source), "-o", "-", "--quiet"]) == 130
    captured = capsys.readouterr()
    assert "written to standard output" in captured.err and len(captured.out.splitlines()) == 1


def test_the_schema_page_names_every_quote_field_the_schema_and_the_output_have(tmp_path, capsys):
    import re

    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert main(["analyze", str(path), "--json"]) == 0
    written = set(json.loads(capsys.readouterr().out)["quotes"][0])
    assert written == set(SCHEMA["$defs"]["quote"]["properties"])
    page = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    table = {name for row in page.splitlines() if row.startswith("| `") for name in re.findall(r"`(\w+)`", row.split("|")[1])}
    assert written <= table, sorted(written - table)


@pytest.mark.parametrize("name", ["quotes.csv", "quotes.parquet", "Quotes.TSV"])
@pytest.mark.parametrize("resume", [False, True])
def test_extract_refuses_an_output_named_as_a_table_and_keeps_that_file(tmp_path, capsys, name, resume):
    source, out = tmp_path / "in.jsonl", tmp_path / name
    source.write_text(json.dumps({"id": "a", "text": ARTICLE}) + "\n", encoding="utf-8")
    out.write_text("id,quote\nx,kept as it was\n", encoding="utf-8")
    assert main(["extract", str(source), "-o", str(out), "--quiet"] + (["--resume"] if resume else [])) == 2
    err = capsys.readouterr().err
    assert "writes JSON lines" in err and "whosaid export" in err and "whosaid ingest" in err
    assert out.read_text(encoding="utf-8") == "id,quote\nx,kept as it was\n"


def test_spark_help_names_every_table_the_run_writes(capsys):
    from whosaid.spark import TABLES

    with pytest.raises(SystemExit):
        main(["spark", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    listed = help_text.split("one Parquet folder per table: ")[1].split(", with the columns")[0]
    assert listed.split(", ") == list(TABLES)
    docs = (Path(__file__).resolve().parents[1] / "docs" / "corpus.md").read_text(encoding="utf-8")
    spark_section = docs[docs.index("## Apache Spark"):]
    assert all(f"`{table}`" in spark_section[:1500] for table in TABLES)


def test_the_schema_pages_example_is_the_real_output_for_the_example_article(tmp_path, capsys):
    import re

    page = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    example = json.loads(re.search(r"```json\n(.*?)```", page, flags=re.S).group(1))
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    text = (ROOT / "examples" / "article.txt").read_text(encoding="utf-8")
    source.write_text(json.dumps({"id": example["id"], "outlet": example["outlet"], "text": text}) + "\n", encoding="utf-8")
    assert main(["extract", str(source), "-o", str(out), "--quiet", "--pipeline", "fast"]) == 0
    line = json.loads(out.read_text(encoding="utf-8"))
    shown = example["quotes"][0]
    real = next(q for q in line["quotes"] if q["content"] == shown["content"])
    # The model's confidence moves with every retraining; every other field is the article's.
    assert {k: v for k, v in real.items() if k != "confidence"} == {k: v for k, v in shown.items() if k != "confidence"}
    assert 0 <= real["confidence"] <= 1
    assert example["people"][0] in line["people"]


def test_to_json_gives_the_json_ready_dict_of_the_extract_line(tmp_path, capsys):
    import whosaid

    result = whosaid.analyze(ARTICLE)
    record = result.to_json()
    assert isinstance(record, dict) and set(record) == {"id", "quotes", "people"}
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(json.dumps({"id": "pier", "text": ARTICLE}) + "\n", encoding="utf-8")
    assert main(["extract", str(source), "-o", str(out), "--quiet"]) == 0
    line = json.loads(out.read_text(encoding="utf-8"))
    assert line == json.loads(json.dumps({**record, "id": "pier"}, ensure_ascii=False))
    # Given no id, the result carries the text's own, as extract gives a line without one.
    source.write_text(json.dumps({"text": ARTICLE}) + "\n", encoding="utf-8")
    assert main(["extract", str(source), "-o", str(out), "--quiet"]) == 0
    assert record["id"] == json.loads(out.read_text(encoding="utf-8"))["id"] != ""


def test_articles_remove_takes_an_article_out_of_the_figures(tmp_path, capsys):
    from dataclasses import replace

    from tests.fixtures.dashboard.samples import article, build_store
    from whosaid.store.names import article_id

    kept = article("Gazette", "2024-03-15", ["female", "male"])
    gone_record, gone_result = article("Herald", "2024-03-16", ["male", "male", "male"])
    gone = (replace(gone_record, id="h-12"), gone_result)
    store = build_store(tmp_path / "news.duckdb", [kept, gone])
    assert main(["articles", "remove", "h-12", "--outlet", "Gazette", "--db", str(store)]) == 1
    assert "no article 'h-12'" in capsys.readouterr().err
    assert main(["articles", "remove", "h-12", "--db", str(store)]) == 0
    assert article_id(gone_record.text) in capsys.readouterr().err
    assert main(["stats", str(store), "--json"]) == 0
    overall = json.loads(capsys.readouterr().out)["overall"]
    assert overall["quotes"]["total"] == 2 and overall["articles"] == 1


def test_extract_reads_a_gzipped_batch_as_ingest_does(tmp_path, capsys):
    """ingest reads feed.jsonl.gz; extract reads the same file, rather than calling it binary data."""
    import gzip

    source, out = tmp_path / "feed.jsonl.gz", tmp_path / "out.jsonl"
    with gzip.open(source, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "a", "outlet": "Coastal Gazette", "text": ARTICLE}) + "\n{broken\n")
    assert main(["extract", str(source), "-o", str(out), "--quiet"]) == 3
    err = capsys.readouterr().err
    assert f"{source}:2: not JSON" in err and "NUL bytes" not in err
    line = json.loads(out.read_text())
    assert line["outlet"] == "Coastal Gazette" and line["quotes"][0]["speaker"] == "Elena Marsh"
    jsonschema.validate(line, SCHEMA)


def test_extract_of_a_gzipped_batch_cut_short_keeps_the_lines_before_the_cut(tmp_path, capsys):
    import gzip

    lines = "".join(json.dumps({"id": f"n{n}", "text": ARTICLE.replace("Tuesday", f"day {n}")}) + "\n"
                    for n in range(40))
    packed = gzip.compress(lines.encode())
    source, out = tmp_path / "feed.jsonl.gz", tmp_path / "out.jsonl"
    source.write_bytes(packed[: len(packed) * 2 // 3])
    assert main(["extract", str(source), "-o", str(out), "--quiet"]) == 3
    err = capsys.readouterr().err
    assert "file is cut short" in err
    written = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    assert written and written == [f"n{n}" for n in range(len(written))]
