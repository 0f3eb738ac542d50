"""Reading corpora: every input format, bad inputs recorded, and whole runs into a store."""

from __future__ import annotations

import gzip
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from whosaid.ingest import ingest
from whosaid.ingest.readers import count_records, read_paths, sniff
from whosaid.records import ArticleResult, Quote
from whosaid.store import Store

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
WHOSAID = [sys.executable, "-m", "whosaid.cli"]


def page(title: str, paragraph: str) -> bytes:
    return (
        f"<html><head><title>{title}</title><meta property='og:site_name' content='Harbour News'></head>"
        f"<body><nav>Menu</nav><article><h1>{title}</h1><p>{paragraph}</p>"
        "<p>The committee is expected to publish its full report before the end of the year.</p></article></body></html>"
    ).encode()


def build_warc(path: Path) -> None:
    """A small news crawl: two article pages, an image, a 404 page and a request record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        records = [
            ("https://harbour.example/ferry", "200 OK", "text/html; charset=utf-8",
             page("Ferry service returns", '"The boats are back," the harbour master, Ines Vogel, said on Friday.')),
            ("https://harbour.example/logo.png", "200 OK", "image/png", b"\x89PNG fake"),
            ("https://harbour.example/gone", "404 Not Found", "text/html", page("Not found", "Nothing here at all.")),
            ("https://harbour.example/pier", "200 OK", "text/html",
             page("Pier repairs begin", 'Repairs will take six weeks, according to the port authority.')),
        ]
        for url, status, ctype, body in records:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
        writer.write_record(writer.create_warc_record("https://harbour.example/ferry", "request", payload=io.BytesIO(b"GET /ferry HTTP/1.1\r\n\r\n")))


# -- readers -----------------------------------------------------------------


def test_folder_is_read_recursively_with_known_formats_only():
    items = list(read_paths([str(CORPUS)]))
    read_from = {Path(i.where.split(":")[0]).name for i in items}
    assert read_from == {"council.txt", "library.html", "lyon_win.txt", "solveig_injury.txt", "feed.jsonl"}


def test_text_file_gives_headline_as_title():
    item, = read_paths([str(CORPUS / "sport" / "lyon_win.txt")])
    assert item.article.title == "Lyon beat Nantes in a late thriller"
    assert item.article.text.startswith("Lyon beat Nantes in a late thriller\n\nMartin Solveig")
    assert item.article.id == "lyon_win"


def test_jsonl_reads_good_lines_and_names_each_bad_one():
    items = list(read_paths([str(CORPUS / "feed.jsonl")]))
    good = [i.article for i in items if i.article]
    bad = {i.where.rsplit(":", 1)[1]: i.error for i in items if i.error}
    assert [a.id for a in good] == ["wire-1", "wire-2", "wire-3"]
    assert good[0].outlet == "Wire Sports"  # PolNeAR-style "publisher"
    assert (good[1].outlet, good[1].date, good[1].url) == ("Daily Courier", "2024-03-05T08:30:00Z", "https://courier.example/museum")
    assert set(bad) == {"3", "4", "5"}
    assert "not JSON" in bad["3"] and "text" in bad["4"] and "must be a string" in bad["5"]


def test_json_without_a_title_takes_the_headline_line_as_a_text_file_does(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        {"id": "h", "text": "Ferry subsidy extended\n\nThe council voted to extend it. \"Good,\" said Ann Lee."},
        {"id": "t", "title": "Given title", "text": "Ferry subsidy extended\n\nThe council voted to extend it."},
        {"id": "b", "text": "The council voted on Tuesday to extend the ferry subsidy, and nobody said why."},
        {"id": "p", "text": "The council voted. " * 20 + "\n\nA second paragraph."},
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    titles = {item.article.id: item.article.title for item in read_paths([str(path)])}
    assert titles == {"h": "Ferry subsidy extended", "t": "Given title", "b": None, "p": None}


def test_html_page_gives_main_text_and_metadata():
    item, = read_paths([str(CORPUS / "city" / "library.html")])
    article = item.article
    assert article.title == "Library extends opening hours"
    assert article.outlet == "The Riverside Gazette" and article.author == "Nadia Brooks"
    assert article.date.startswith("2024-02-14")
    assert article.text.startswith("Library extends opening hours\n\nThe central library")
    assert "Home" not in article.text and "All rights reserved" not in article.text
    assert "\n\n\"Students have asked us" in article.text


def test_warc_gives_successful_html_pages_only(tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    build_warc(warc)
    items = list(read_paths([str(warc)]))
    assert [i.article.url for i in items] == ["https://harbour.example/ferry", "https://harbour.example/pier"]
    assert items[0].article.outlet == "Harbour News"
    assert "Ines Vogel" in items[0].article.text
    assert count_records(str(warc)) == len(items), "the progress bar counts the pages read"


def test_broken_and_missing_inputs_become_rejects(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "garbage.warc.gz").write_bytes(gzip.compress(b"this is not a web archive at all"))
    (tmp_path / "list.json").write_text(json.dumps([{"text": "A\n\nB said so."}, "oops"]))
    items = list(read_paths([str(tmp_path), str(tmp_path / "missing.txt"), str(tmp_path / "*.nothing")]))
    errors = {Path(i.where).name: i.error for i in items if i.error}
    assert errors["empty.txt"] == "empty file: there is no text to read"
    assert "broken WARC data" in errors["garbage.warc.gz#1"]
    assert "expected a JSON object" in errors["list.json#1"]
    assert errors["missing.txt"] == "no such file or folder"
    assert errors["*.nothing"] == "no file matches this pattern"
    assert [i.article.text for i in items if i.article] == ["A\n\nB said so."]


def test_glob_and_format_sniffing(tmp_path):
    assert [Path(i.where).name for i in read_paths([str(CORPUS / "**" / "*.txt")])] == [
        "council.txt", "lyon_win.txt", "solveig_injury.txt"]
    assert sniff(b'{"text": "x"}') == "jsonl" and sniff(b"WARC/1.1\r\n") == "warc"
    assert sniff(b"<!DOCTYPE html>") == "html" and sniff(b"Headline\n\nBody") == "text"


# -- runs, with a stand-in engine (the run logic, not extraction) -------------------


class EchoEngine:
    """Quotes every "..." run as a direct quote of nobody; fails on articles mentioning 'EXPLODE'."""

    made = 0

    def __init__(self, *args, **kwargs):
        EchoEngine.made += 1

    def analyze_many(self, articles, batch_size=8):
        for article in articles:
            if "EXPLODE" in article.text:
                yield ArticleResult(id=article.id, quotes=[], error=f"article {article.id!r}: engine failure")
                continue
            quotes = [
                Quote(content=((m.start(1), m.end(1)),), source=(), cue=(), kind="direct", speaker=None,
                      speaker_kind="unnamed", text=m.group(1))
                for m in re.finditer(r'"([^"]+)"', article.text)
            ]
            yield ArticleResult(id=article.id, quotes=quotes)


def test_run_stores_skips_and_rejects(tmp_path, monkeypatch):
    monkeypatch.setattr("whosaid.engine.Engine", EchoEngine)
    inputs = tmp_path / "in"
    shutil.copytree(CORPUS, inputs)
    (inputs / "boom.txt").write_text('Boom\n\n"EXPLODE now," she said.')
    db = tmp_path / "c.duckdb"
    first = ingest([str(inputs)], db=str(db), workers=1, progress=False, batch_size=2)
    assert (first.ingested, first.skipped, first.rejected) == (7, 0, 4)
    # Running again reads nothing new: every article is skipped before analysis.
    (inputs / "sport" / "copy.txt").write_text((inputs / "sport" / "lyon_win.txt").read_text())
    (inputs / "boom.txt").unlink()  # a reject from the engine would be retried, and load it
    EchoEngine.made = 0
    again = ingest([str(inputs)], db=str(db), workers=1, progress=False)
    assert (again.ingested, again.skipped, again.rejected) == (0, 8, 3)
    assert EchoEngine.made == 0, "nothing new, so no engine (no model) should be loaded"
    with Store(db) as store:
        counts = store.counts()
        assert counts["articles"] == 7 and counts["rejects"] == 4
        reasons = dict(store.connection.execute("SELECT regexp_extract(path, '[^/]+$'), reason FROM rejects").fetchall())
        assert "engine failure" in reasons["boom.txt"]
        runs = store.connection.execute("SELECT ingested, skipped, rejected FROM runs ORDER BY run_id").fetchall()
        assert runs == [(7, 0, 4), (0, 8, 3)]
    assert "whosaid export --db" in again.report()


def test_web_pages_already_stored_are_skipped_before_extraction(tmp_path, monkeypatch):
    import whosaid.ingest.readers as readers

    monkeypatch.setattr("whosaid.engine.Engine", EchoEngine)
    warc = tmp_path / "crawl.warc.gz"
    build_warc(warc)
    db = str(tmp_path / "c.duckdb")
    first = ingest([str(warc)], db=db, workers=1, progress=False)
    assert (first.ingested, first.skipped) == (2, 0)
    extracted = []
    real_read_html = readers.read_html
    monkeypatch.setattr(readers, "read_html", lambda *a, **k: extracted.append(a[1]) or real_read_html(*a, **k))
    again = ingest([str(warc)], db=db, workers=1, progress=False)
    assert (again.ingested, again.skipped, extracted) == (0, 2, [])
    # The same article in different page bytes (a re-crawl) is extracted once more but stored once.
    recrawl = tmp_path / "recrawl.html"
    recrawl.write_bytes(page("Ferry service returns", '"The boats are back," the harbour master, Ines Vogel, said on Friday.').replace(b"Menu", b"Menu, Weather"))
    third = ingest([str(recrawl)], db=db, workers=1, progress=False)
    assert (third.ingested, third.skipped, len(extracted)) == (0, 1, 1)
    with Store(db) as store:
        assert store.counts()["articles"] == 2
        assert len(store.source_keys()) == 3


# -- the real engine ------------------------------------------------------------


def test_ingest_with_the_engine_finds_and_links_speakers(tmp_path):
    db = tmp_path / "news.duckdb"
    summary = ingest([str(CORPUS)], db=str(db), workers=1, progress=False)
    assert (summary.ingested, summary.rejected) == (7, 3)
    with Store(db) as store:
        con = store.connection
        # "Solveig" alone in one article, "Martin Solveig" in others: one speaker.
        solveig = con.execute(
            "SELECT DISTINCT speaker_id FROM quotes q JOIN articles a USING (article_id) "
            "WHERE a.text LIKE '%Solveig%' AND q.speaker_name LIKE '%Solveig%'"
        ).fetchall()
        assert len(solveig) == 1
        assert con.execute("SELECT name FROM speakers WHERE speaker_id = ?", [solveig[0][0]]).fetchone() == ("Martin Solveig",)
        smiths = con.execute("SELECT count(*) FROM speakers WHERE name LIKE '% Smith'").fetchone()[0]
        assert smiths == 2
        linked = con.execute(
            "SELECT n_articles FROM quote_occurrences WHERE norm_text LIKE 'we never stopped believing%'"
        ).fetchall()
        assert linked and all(n == 2 for (n,) in linked)


def test_cli_ingest_in_parallel_then_export(tmp_path):
    db = tmp_path / "news.duckdb"
    done = subprocess.run(
        [*WHOSAID, "ingest", str(CORPUS / "sport"), str(CORPUS / "city" / "*.html"), "--db", str(db), "--workers", "2", "--json"],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["ingested"] == 3 and summary["workers"] == 2
    assert len(summary["worker_peak_rss_mb"]) >= 1
    assert "3 articles stored" in done.stderr
    out = tmp_path / "out"
    exported = subprocess.run([*WHOSAID, "export", "--db", str(db), "--format", "jsonl", "-o", str(out)], capture_output=True, text=True)
    assert exported.returncode == 0, exported.stderr
    speakers = [json.loads(line)["name"] for line in (out / "speakers.jsonl").read_text().splitlines()]
    assert "Martin Solveig" in speakers and "Grace Liu" in speakers


def test_cli_reports_rejects_and_lists_them(tmp_path):
    db = tmp_path / "news.duckdb"
    done = subprocess.run([*WHOSAID, "ingest", "-", "--db", str(db), "--workers", "1"],
                          input='{"text": 1}\n{"id": "ok", "text": "Short\\n\\n\\"Fine,\\" said Ann Lee."}\n',
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 3, done.stderr
    assert "1 article stored" in done.stderr and "1 rejected" in done.stderr
    assert 'stdin:1: "text" must be a string' in done.stderr  # the summary names what it rejected
    listed = subprocess.run([*WHOSAID, "export", "--db", str(db), "--rejects"], capture_output=True, text=True)
    assert listed.stdout.startswith("stdin:1\t\"text\" must be a string")


def test_the_summary_names_the_first_rejects_and_counts_the_rest(tmp_path):
    from whosaid.ingest import REJECTS_SHOWN

    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "feed.jsonl").write_text("not json\n" * (REJECTS_SHOWN + 2))
    summary = ingest([str(tmp_path / "missing.txt"), str(tmp_path / "empty.txt"), str(tmp_path / "feed.jsonl")],
                     db=str(tmp_path / "c.duckdb"), workers=1, progress=False)
    total = REJECTS_SHOWN + 4
    assert (summary.ingested, summary.rejected) == (0, total)
    report = summary.report()
    assert f"the first {REJECTS_SHOWN} of {total}" in report
    named = re.findall(r"^  (.+?): (.+)$", report, re.M)
    assert len(named) == REJECTS_SHOWN
    assert named[0] == (str(tmp_path / "missing.txt"), "no such file or folder")
    assert named[1] == (str(tmp_path / "empty.txt"), "empty file: there is no text to read")
    assert named[2][0] == f"{tmp_path / 'feed.jsonl'}:1" and named[2][1].startswith("not JSON")
    assert "List all the rejects with: whosaid export" in report


def test_standard_input_is_sniffed_and_streamed(tmp_path, monkeypatch):
    warc = tmp_path / "crawl.warc.gz"
    build_warc(warc)
    for data, expected in [
        (warc.read_bytes(), ["stdin#1", "stdin#4"]),
        (b'{"text": "A\\n\\nB said so."}\n{oops\n', ["stdin:1", "stdin:2"]),
        (b"Headline\n\nBody.", ["stdin"]),
    ]:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))
        assert [i.where for i in read_paths(["-"])] == expected


def _line(id: str, outlet: str, text: str) -> str:
    return json.dumps({"id": id, "outlet": outlet, "text": text}) + "\n"


def test_a_later_run_s_text_under_a_stored_id_and_outlet_replaces_it_and_the_old_text_stays_out(tmp_path, monkeypatch):
    monkeypatch.setattr("whosaid.engine.Engine", EchoEngine)
    first = tmp_path / "monday.jsonl"
    first.write_text(_line("n1", "Harbour News", 'Ferry back\n\n"Boats are back," Ines Vogel said.')
                     + _line("n2", "Harbour News", "Pier shut\n\nThe pier is shut."))
    db = str(tmp_path / "c.duckdb")
    assert ingest([str(first)], db=db, workers=1, progress=False).reused_ids == 0
    edited = tmp_path / "tuesday.jsonl"
    edited.write_text(_line("n1", "Harbour News", 'Ferry back\n\n"Boats are back at last," Ines Vogel said.')
                      + _line("n2", "Harbour News", "Pier shut\n\nThe pier is shut."))
    valley = tmp_path / "valley.jsonl"
    valley.write_text(_line("n1", "Valley Post", "Valley news\n\nA different story with its own numbering."))
    summary = ingest([str(edited), str(valley)], db=db, workers=1, progress=False)
    assert (summary.ingested, summary.skipped, summary.reused_ids) == (2, 1, 1)
    where, source_id, earlier = summary.first_reused_ids[0]
    assert (where.endswith("tuesday.jsonl:1"), source_id, earlier.endswith("monday.jsonl:1")) == (True, "n1", True)
    assert "1 article reuses an id" in summary.report() and "replaced the earlier one" in summary.report()
    with Store(db) as store:
        assert store.counts()["articles"] == 3
        assert store.connection.execute("SELECT text FROM quotes ORDER BY 1").fetchall() == [("Boats are back at last,",)]
    # Reading Monday's file again (a re-run of a whole folder) does not bring the replaced text back.
    again = ingest([str(first)], db=db, workers=1, progress=False)
    assert (again.ingested, again.skipped, again.replaced_skipped) == (0, 2, 1)
    with Store(db) as store:
        assert store.connection.execute("SELECT text FROM quotes ORDER BY 1").fetchall() == [("Boats are back at last,",)]


def test_keep_both_stores_a_reused_id_s_texts_side_by_side(tmp_path, monkeypatch):
    monkeypatch.setattr("whosaid.engine.Engine", EchoEngine)
    (tmp_path / "monday.jsonl").write_text(_line("n1", "Harbour News", 'Ferry back\n\n"Boats are back," she said.'))
    (tmp_path / "tuesday.jsonl").write_text(_line("n1", "Harbour News", 'Ferry back\n\n"Boats are back today," she said.'))
    db = str(tmp_path / "c.duckdb")
    ingest([str(tmp_path / "monday.jsonl")], db=db, workers=1, progress=False)
    summary = ingest([str(tmp_path / "tuesday.jsonl")], db=db, workers=1, progress=False, keep_both=True)
    assert summary.reused_ids == 1 and "both texts are stored" in summary.report()
    with Store(db) as store:
        assert store.counts()["articles"] == 2


def test_two_texts_under_one_id_and_outlet_in_one_run_reject_the_later_as_extract_skips_it(tmp_path, monkeypatch):
    monkeypatch.setattr("whosaid.engine.Engine", EchoEngine)
    feed = tmp_path / "feed.jsonl"
    feed.write_text(_line("n1", "Harbour News", 'Ferry back\n\n"Boats are back," she said.')
                    + _line("n2", "Harbour News", "Pier news\n\nThe pier opens in May."))
    (tmp_path / "valley.jsonl").write_text(_line("n1", "Valley Post", "Valley news\n\nAnother outlet numbers alike.")
                                           + _line("n2", "Harbour News", 'Pier shut\n\n"The pier is shut," he said.'))
    summary = ingest([str(feed), str(tmp_path / "valley.jsonl")], db=str(tmp_path / "c.duckdb"), workers=1, progress=False)
    assert (summary.ingested, summary.rejected) == (3, 1)
    where, reason = summary.first_rejects[0]
    assert where.endswith("valley.jsonl:2") and "already used by another text at" in reason and "feed.jsonl:2" in reason
    # In one file an id names one article whatever its outlet, as `whosaid extract` reads it.
    feed.write_text(_line("n7", "Harbour News", 'Ferry back\n\n"Boats are back," she said.')
                    + json.dumps({"id": "n7", "text": 'Pier shut\n\n"The pier is shut," he said.'}) + "\n")
    summary = ingest([str(feed)], db=str(tmp_path / "d.duckdb"), workers=1, progress=False)
    assert (summary.ingested, summary.rejected) == (1, 1) and summary.first_rejects[0][0].endswith("feed.jsonl:2")


class _StoppedAtOnce:
    """An engine stopped (Ctrl-C) before it finishes its first article."""

    def __init__(self, *args, **kwargs):
        pass

    def analyze_many(self, articles, batch_size=8):
        for _ in articles:
            raise KeyboardInterrupt
        yield from ()


def test_a_run_stopped_before_its_first_batch_says_it_was_stopped_not_that_nothing_was_found(tmp_path, monkeypatch):
    monkeypatch.setattr("whosaid.engine.Engine", _StoppedAtOnce)
    (tmp_path / "ferry.txt").write_text('Ferry\n\n"The ferry runs again on Monday," the harbour master said.\n')
    summary = ingest([str(tmp_path / "ferry.txt")], db=str(tmp_path / "c.duckdb"), workers=1, progress=False)
    report = summary.report()
    assert summary.interrupted and summary.ingested == 0
    assert report.startswith("Stopped: 0 articles stored")
    assert "before the first batch" in report and "again to carry on" in report
    assert "No articles found" not in report


def test_the_summary_counts_quotes_of_every_act_and_the_speech_among_them():
    from whosaid.ingest import IngestSummary

    summary = IngestSummary(db="news.duckdb", ingested=12, quotes=56, speech_quotes=54)
    report = summary.report()
    assert "12 articles stored (56 quotes of every act, 54 of them speech)" in report
    assert summary.to_json()["speech_quotes"] == 54


def test_a_mistyped_path_is_an_error_of_the_run_never_a_reject_kept_in_the_store(tmp_path, monkeypatch):
    from whosaid.ingest import IngestError

    monkeypatch.setattr("whosaid.engine.Engine", EchoEngine)
    db = tmp_path / "c.duckdb"
    with pytest.raises(IngestError, match="nothere.txt"):
        ingest([str(tmp_path / "nothere.txt")], db=str(db), workers=1, progress=False)
    assert not db.exists(), "nothing was created"
    (tmp_path / "pier.txt").write_text('Pier shut\n\n"The pier is shut," he said.')
    summary = ingest([str(tmp_path / "pier.txt"), str(tmp_path / "nothere.txt")], db=str(db), workers=1, progress=False)
    assert (summary.ingested, summary.rejected) == (1, 1) and "nothere.txt: no such file or folder" in summary.report()
    with Store(str(db)) as store:
        assert store.counts()["rejects"] == 0


def test_files_of_types_ingest_does_not_read_are_counted_by_suffix_in_the_summary(tmp_path, monkeypatch):
    monkeypatch.setattr("whosaid.engine.Engine", EchoEngine)
    folder = tmp_path / "in"
    (folder / "deep").mkdir(parents=True)
    (folder / "pier.txt").write_text('Pier shut\n\n"The pier is shut," he said.')
    for name in ("table.csv", "deep/other.csv", "photo.PNG", "README", ".hidden.csv"):
        (folder / name).write_text("not an article")
    summary = ingest([str(folder)], db=str(tmp_path / "c.duckdb"), workers=1, progress=False)
    assert summary.ingested == 1 and summary.left_out == {".csv": 2, ".png": 1, "(no suffix)": 1}
    assert "Skipped 4 files of types ingest does not read (.csv, (no suffix), .png)" in summary.report()


class _SlowToLoad:
    """An engine whose models take long to load, and a Ctrl-C while they load."""

    def __init__(self, *args, **kwargs):
        import os
        import signal
        import time

        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(20)

    def analyze_many(self, articles, batch_size=8):
        yield from ()


def test_ctrl_c_while_models_load_stops_at_once_saying_so(tmp_path, monkeypatch, capsys):
    import time

    monkeypatch.setattr("whosaid.engine.Engine", _SlowToLoad)
    (tmp_path / "ferry.txt").write_text('Ferry\n\n"The ferry runs again on Monday," the harbour master said.\n')
    began = time.perf_counter()
    summary = ingest([str(tmp_path / "ferry.txt")], db=str(tmp_path / "c.duckdb"), workers=1, progress=False,
                     log_every=60)
    assert time.perf_counter() - began < 10, "not after the loading"
    assert summary.interrupted and summary.report().startswith("Stopped: 0 articles stored")
    assert "whosaid ingest: loading models (fast: " in capsys.readouterr().err


class _SlowArticle:
    """An engine that takes long over one article, as a text of millions of characters does."""

    def __init__(self, pipeline=None):
        pass

    def analyze_many(self, articles, batch_size=8):
        import time

        for article in articles:
            time.sleep(0.6)
            yield ArticleResult(id=article.id, quotes=[], speakers=[])


def test_a_status_line_comes_on_time_while_one_long_article_is_read(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("whosaid.engine.Engine", _SlowArticle)
    (tmp_path / "long.txt").write_text("Long\n\n" + "The tide came in. " * 2000)
    summary = ingest([str(tmp_path / "long.txt")], db=str(tmp_path / "l.duckdb"), workers=1, progress=False,
                     log_every=0.1)
    assert summary.ingested == 1
    waiting = [line for line in capsys.readouterr().err.splitlines() if "; reading " in line]
    assert len(waiting) >= 2, "a line every 0.1 s while the one article took 0.6 s"
    assert waiting[0].startswith("ingest: 0 stored") and f"reading {tmp_path / 'long.txt'} (36,006 characters)" in waiting[0]



def test_a_status_line_gives_a_web_pages_size_in_bytes_while_its_text_is_yet_to_be_extracted(tmp_path, monkeypatch,
                                                                                            capsys):
    monkeypatch.setattr("whosaid.engine.Engine", _SlowArticle)
    page = ("<html><head><title>Quarry road closes | Dale Herald</title></head><body><article>"
            + "<p>The council voted on Tuesday to close the old quarry road to lorries from next spring.</p>"
            + "<p>&quot;We have listened to the villages along the route,&quot; the council leader said.</p>"
            + "<p>Hauliers said the detour would add forty minutes to every journey they make to the coast.</p>"
            + "</article></body></html>")
    (tmp_path / "quarry.html").write_text(page)
    ingest([str(tmp_path / "quarry.html")], db=str(tmp_path / "p.duckdb"), workers=1, progress=False, log_every=0.1)
    waiting = [line for line in capsys.readouterr().err.splitlines() if "; reading " in line]
    assert waiting and f"reading {tmp_path / 'quarry.html'} ({len(page.encode()):,} bytes of web pages)" in waiting[0]
    assert "(0 characters)" not in " ".join(waiting)

_STORY = ("<p>The council voted on Tuesday to close the old quarry road to lorries from next spring onwards.</p>"
          "<p>&quot;We have listened to the villages along the route,&quot; the council leader told the meeting.</p>"
          "<p>Hauliers said the detour would add forty minutes to every journey they make to the coast.</p>")


def test_a_role_after_a_comma_in_a_byline_is_the_authors_role_not_another_author():
    from whosaid.ingest.pages import read_html

    html = (f"<html><head><title>Quarry road shut</title></head><body><article><h1>Quarry road shut</h1>"
            f"<div class='byline'>By Marta Lindqvist, Transport Correspondent</div>{_STORY}</article></body></html>")
    assert read_html(html.encode(), "quarry.html").article.author == "Marta Lindqvist"
    two = html.replace("Marta Lindqvist, Transport Correspondent", "Marta Lindqvist and Olu Bankole")
    assert "Olu Bankole" in (read_html(two.encode(), "quarry2.html").article.author or "")


def test_the_author_a_page_names_only_in_json_ld_is_read():
    from whosaid.ingest.pages import read_html

    html = ("<html><head><title>Quarry road shut</title><script type='application/ld+json'>"
            '{"@type": "NewsArticle", "author": {"name": "Olu Bankole"}}</script></head>'
            f"<body><article><h1>Quarry road shut</h1>{_STORY}</article></body></html>")
    assert read_html(html.encode(), "quarry.html").article.author == "Olu Bankole"
