"""Inputs a newsroom has: encodings, other languages, empty and binary files, pages without
metadata, truncated crawls, syndicated copies, outlet names, and quotes that travel trimmed."""

from __future__ import annotations

import codecs
import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import shared_path
from tests.test_ingest import EchoEngine
from whosaid.cli import main
from whosaid.ingest import ingest
from whosaid.ingest.encoding import UnreadableText, decode
from whosaid.ingest.language import guess_language
from whosaid.ingest.outlets import OutletFileError, OutletNames, outlet_key
from whosaid.ingest.pages import read_html, unreadable_page_file
from whosaid.ingest.readers import read_paths
from whosaid.records import Article, ArticleResult, Quote
from whosaid.store import Store

WHOSAID = [sys.executable, "-m", "whosaid.cli"]
ARTICLE = (
    "Café owners back the plan\n\n"
    "\u201cWe have waited for this for years,\u201d the owner of the Café Zoë, Maria Lang, said on Monday.\n\n"
    "She told reporters the new opening hours would start in March."
)
FRENCH = (
    "Le maire annonce de nouveaux horaires\n\n"
    "Le maire de la ville a annoncé mardi que la bibliothèque resterait ouverte plus tard pendant "
    "l'hiver. « Nous avons écouté les étudiants et nous voulons leur offrir un lieu pour travailler », "
    "a déclaré la directrice, qui espère que les nouveaux horaires attireront plus de lecteurs."
)
GERMAN = (
    "Bibliothek bleibt länger geöffnet\n\n"
    "Der Bürgermeister hat am Dienstag angekündigt, dass die Stadtbibliothek im Winter länger geöffnet "
    "bleibt. „Wir haben den Studenten zugehört und wollen ihnen einen Ort zum Arbeiten geben“, sagte die "
    "Leiterin der Bibliothek, die hofft, dass mehr Leser kommen werden."
)
STRAIGHT = ARTICLE.replace("\u201c", '"').replace("\u201d", '"')  # the stand-in engine reads straight quotes
BODY = (
    "<p>The council voted on Tuesday to keep the central library open until ten in the evening through the winter.</p>"
    "<p>\u201cStudents asked us for this and we listened,\u201d the head librarian, Grace Liu, said after the vote.</p>"
)


def html(title: str, body: str = BODY, head: str = "", footer: str = "") -> bytes:
    return (
        f"<html><head><title>{title}</title>{head}</head><body><nav><a href='/'>Home</a> <a href='/city'>City</a></nav>"
        f"<article><h1>Council keeps library open late</h1>{body}</article><footer>{footer}</footer></body></html>"
    ).encode()


# -- item 11: encodings --------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, encoding",
    [
        (codecs.BOM_UTF8 + ARTICLE.encode(), "utf-8-sig"),
        (ARTICLE.encode("utf-16"), "utf-16"),
        (ARTICLE.encode("utf-16-le"), "utf-16-le"),
        (ARTICLE.encode("cp1252"), "cp1252"),
        (ARTICLE.replace("\u201c", '"').replace("\u201d", '"').encode("latin-1"), "cp1252"),
        (ARTICLE.encode(), "utf-8"),
    ],
)
def test_encodings_are_detected_and_the_text_is_the_same(raw, encoding):
    decoded = decode(raw)
    assert decoded.encoding == encoding
    assert decoded.text.replace('"', "\u201c", 1).replace('"', "\u201d", 1) == ARTICLE


def test_forced_encoding_wins_and_a_wrong_one_is_named():
    raw = ARTICLE.encode("cp1252")
    assert decode(raw, "latin-1").encoding == "iso8859-1"
    with pytest.raises(UnreadableText, match="not valid utf-8"):
        decode(raw, "utf-8")


def test_analyze_offsets_index_the_decoded_text_of_a_bom_utf16_or_cp1252_file(tmp_path, capsys):
    for name, raw, named in [
        ("bom.txt", codecs.BOM_UTF8 + ARTICLE.encode(), "utf-8-sig"),
        ("wide.txt", ARTICLE.encode("utf-16"), "utf-16"),
        ("windows.txt", ARTICLE.encode("cp1252"), "cp1252"),
    ]:
        path = tmp_path / name
        path.write_bytes(raw)
        assert main(["analyze", str(path), "--json"]) == 0
        captured = capsys.readouterr()
        assert f"read as {named}" in captured.err
        text = raw.decode(named)
        assert text == ARTICLE  # the decoded text, without the byte-order mark
        quote = json.loads(captured.out)["quotes"][0]
        (start, end), = quote["content"]
        assert text[start:end].strip("\u201c\u201d") == "We have waited for this for years,"
        assert quote["speaker"] == "Maria Lang"


def test_analyze_with_a_forced_encoding(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_bytes(ARTICLE.encode("utf-16-be"))  # no byte-order mark
    assert main(["analyze", str(path), "--encoding", "utf-16-be", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["quotes"][0]["speaker"] == "Maria Lang"
    assert main(["analyze", str(path), "--encoding", "ascii"]) == 1
    assert "not valid ascii" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["analyze", str(path), "--encoding", "klingon"])
    assert "unknown encoding 'klingon'" in capsys.readouterr().err


def test_ingest_reads_every_encoding_and_records_which(tmp_path, monkeypatch):
    monkeypatch.setattr("whosaid.engine.Engine", EchoEngine)
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "bom.txt").write_bytes(codecs.BOM_UTF8 + ARTICLE.encode())
    (inputs / "wide.txt").write_bytes(ARTICLE.replace("Monday", "Tuesday").encode("utf-16"))
    (inputs / "windows.txt").write_bytes(ARTICLE.replace("Monday", "Friday").encode("cp1252"))
    lines = json.dumps({"id": "w", "text": ARTICLE.replace("Monday", "Sunday")}, ensure_ascii=False) + "\n"
    (inputs / "wide.jsonl").write_bytes(lines.encode("utf-16"))
    summary = ingest([str(inputs)], db=str(tmp_path / "c.duckdb"), workers=1, progress=False)
    assert (summary.ingested, summary.rejected) == (4, 0)
    assert summary.encodings == {"cp1252": 1, "utf-16": 2, "utf-8-sig": 1}
    assert "read as: cp1252 1, utf-16 2, utf-8-sig 1" in summary.report()
    with Store(tmp_path / "c.duckdb") as store:
        rows = dict(store.connection.execute(
            "SELECT regexp_extract(path, '[^/]+$'), encoding FROM article_publications").fetchall())
        texts = {t for (t,) in store.connection.execute("SELECT text FROM articles").fetchall()}
    assert rows == {"bom.txt": "utf-8-sig", "wide.txt": "utf-16", "windows.txt": "cp1252", "wide.jsonl:1": "utf-16"}
    assert ARTICLE in texts  # no byte-order mark left in the stored text


def test_extract_reads_a_utf16_batch_and_windows_1252_lines(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_bytes((json.dumps({"id": "a", "text": ARTICLE}, ensure_ascii=False) + "\n").encode("utf-16"))
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(source), "-o", str(out), "--quiet"]) == 0
    assert json.loads(out.read_text())["quotes"][0]["speaker"] == "Maria Lang"
    assert f"{source}: read as utf-16" in capsys.readouterr().err
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes((json.dumps({"id": "a", "text": ARTICLE}, ensure_ascii=False) + "\n").encode("cp1252"))
    assert main(["extract", str(latin), "-o", str(out), "--quiet"]) == 0
    assert f"{latin}: read as cp1252" in capsys.readouterr().err
    assert json.loads(out.read_text())["quotes"][0]["speaker"] == "Maria Lang"
    assert main(["extract", str(latin), "-o", str(out), "--quiet", "--encoding", "cp1252"]) == 0
    assert json.loads(out.read_text())["quotes"][0]["speaker"] == "Maria Lang"


def test_a_batch_mixing_utf8_and_windows_1252_lines_reads_each_line_right(tmp_path, capsys):
    """The --encoding help promises UTF-8, else Windows-1252 without a mark: JSONL lines keep it, one by one."""
    lines = [
        (json.dumps({"id": "utf8", "text": ARTICLE}, ensure_ascii=False) + "\n").encode("utf-8"),
        (json.dumps({"id": "windows", "text": ARTICLE.replace("Monday", "Friday")}, ensure_ascii=False)
         + "\n").encode("cp1252"),
    ]
    batch = tmp_path / "mixed.jsonl"
    batch.write_bytes(b"".join(lines))
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(batch), "-o", str(out), "--quiet"]) == 0
    assert f"{batch}: read as cp1252" in capsys.readouterr().err
    written = {line["id"]: line for line in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert [q["text"] for q in written["windows"]["quotes"]] == [q["text"] for q in written["utf8"]["quotes"]]
    assert written["windows"]["quotes"][0]["text"].startswith("\u201cWe have waited")
    summary = ingest([str(batch)], db=str(tmp_path / "m.duckdb"), workers=1, progress=False)
    assert (summary.ingested, summary.rejected) == (2, 0) and summary.encodings == {"cp1252": 1}
    with Store(tmp_path / "m.duckdb") as store:
        texts = sorted(t for (t,) in store.connection.execute("SELECT text FROM articles").fetchall())
    assert texts == sorted([ARTICLE, ARTICLE.replace("Monday", "Friday")])


# -- item 13: empty and binary files -------------------------------------------------------


@pytest.mark.parametrize("name, raw, message", [
    ("bad.txt", b"", "empty file: there is no text to read"),
    ("bad.txt", b" \n\r\n\t", "empty file: there is no text to read"),
    ("bad.txt", b"Headline\n\nA body\x00\x00 with NUL bytes.",
     "holds NUL bytes (first at character 16): binary data, not text"),
    # An empty file or an image saved as .html: not "no article text found in the page".
    ("page.html", b"", "empty file: there is no text to read"),
    ("page.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
     "holds NUL bytes (first at character 8): binary data, not text"),
])
def test_empty_and_binary_files_give_the_same_error_in_analyze_and_ingest(tmp_path, capsys, monkeypatch, name,
                                                                          raw, message):
    path = tmp_path / name
    path.write_bytes(raw)
    assert main(["analyze", str(path)]) == 1
    assert capsys.readouterr().err.strip() == f"whosaid: {path}: {message}"
    monkeypatch.setattr("whosaid.engine.Engine", EchoEngine)
    summary = ingest([str(path)], db=str(tmp_path / "c.duckdb"), workers=1, progress=False)
    assert summary.rejected == 1
    with Store(tmp_path / "c.duckdb") as store:
        assert store.connection.execute("SELECT path, reason FROM rejects").fetchall() == [(str(path), message)]


def test_the_nuls_of_utf16_pages_are_no_binary_data():
    page = html("Pier reopens").decode("utf-8").encode("utf-16-le")
    assert unreadable_page_file(page) is None and unreadable_page_file(html("Pier reopens")) is None


@pytest.mark.parametrize("name, raw", [("feed.jsonl", b""), ("feed.ndjson", b"\n  \n"), ("feed.json", b"")])
def test_an_empty_batch_is_named_as_an_empty_text_file_is(tmp_path, capsys, monkeypatch, name, raw):
    path = tmp_path / name
    path.write_bytes(raw)
    assert main(["extract", str(path), "-o", str(tmp_path / "out.jsonl"), "--quiet"]) == 1
    assert capsys.readouterr().err.strip() == f"whosaid: {path}: empty file: there is no text to read"
    monkeypatch.setattr("whosaid.engine.Engine", EchoEngine)
    summary = ingest([str(path)], db=str(tmp_path / "c.duckdb"), workers=1, progress=False)
    assert (summary.ingested, summary.rejected) == (0, 1)
    with Store(tmp_path / "c.duckdb") as store:
        assert store.connection.execute("SELECT path, reason FROM rejects").fetchall() == [
            (str(path), "empty file: there is no text to read")]


def test_a_named_file_of_a_kind_ingest_does_not_read_is_refused_by_name(tmp_path, monkeypatch):
    notes = tmp_path / "notes.md"
    notes.write_text("Reminders\n\nCall the ferry office about the timetable on Friday.\n", encoding="utf-8")
    # A name that says nothing is still read by its content.
    plain = tmp_path / "harbour"
    plain.write_text('Harbour\n\n"The quay reopens in June," the harbour master, Ines Duval, said.\n', encoding="utf-8")
    monkeypatch.setattr("whosaid.engine.Engine", EchoEngine)
    summary = ingest([str(notes), str(plain)], db=str(tmp_path / "c.duckdb"), workers=1, progress=False)
    assert (summary.ingested, summary.rejected) == (1, 1)
    with Store(tmp_path / "c.duckdb") as store:
        (where, reason), = store.connection.execute("SELECT path, reason FROM rejects").fetchall()
        assert store.connection.execute("SELECT path FROM articles").fetchall() == [(str(plain),)]
    assert where == str(notes) and reason.startswith("not a kind of file ingest reads (.md)")
    assert str(notes) in summary.report()


# -- item 12: other languages ---------------------------------------------------------------


def test_french_and_german_are_not_english_and_english_is():
    french, german = guess_language(FRENCH), guess_language(GERMAN)
    assert (french.english, french.language) == (False, "French")
    assert (german.english, german.language) == (False, "German")
    assert french.english_share < 0.10 and german.english_share < 0.10
    assert guess_language(ARTICLE + " " + ARTICLE).english
    assert guess_language("Grève\n\nOui.").english  # too short to judge: passes


def test_polnear_train_reads_as_english():
    with open(shared_path("data", "polnear", "train.jsonl"), encoding="utf-8") as lines:
        guesses = [guess_language(json.loads(line)["text"]) for line in lines]
    assert len(guesses) == 840
    assert all(g.english for g in guesses)
    assert min(g.english_share for g in guesses) > 0.2


def test_analyze_and_extract_warn_about_other_languages(tmp_path, capsys):
    path = tmp_path / "fr.txt"
    path.write_text(FRENCH)
    assert main(["analyze", str(path)]) == 0
    assert "not English (it reads like French" in capsys.readouterr().err
    batch = tmp_path / "in.jsonl"
    batch.write_text(json.dumps({"id": "de", "text": GERMAN}) + "\n" + json.dumps({"id": "en", "text": ARTICLE}) + "\n")
    assert main(["extract", str(batch), "-o", str(tmp_path / "out.jsonl"), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "article 'de': not English (it reads like German" in err and "'en'" not in err


def test_whosaid_analyze_warns_of_text_in_another_language_as_the_command_does():
    import warnings

    import whosaid

    with pytest.warns(whosaid.NotEnglishWarning, match=r"not English \(it reads like French"):
        result = whosaid.analyze(FRENCH)
    assert isinstance(result, whosaid.ArticleResult)  # read all the same, as the command reads it
    with warnings.catch_warnings():
        warnings.simplefilter("error", whosaid.NotEnglishWarning)
        assert whosaid.analyze(ARTICLE).quotes


def test_extract_warns_about_a_text_field_that_holds_html_markup(tmp_path, capsys):
    page = "<p>Pier reopens</p>\n<p>\"We waited two years,\" said Nora Vance, who runs the kiosk.</p>"
    plain = "Pier reopens\n\nThe pier opened again on Monday, a year later than planned <the council said>."
    batch = tmp_path / "in.jsonl"
    batch.write_text(json.dumps({"id": "page", "text": page}) + "\n" + json.dumps({"id": "plain", "text": plain}) + "\n")
    assert main(["extract", str(batch), "-o", str(tmp_path / "out.jsonl"), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "article 'page': \"text\" holds HTML markup (<p>)" in err and "'plain'" not in err


def test_ingest_warns_about_a_text_field_that_holds_html_markup_as_extract_does(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("whosaid.engine.Engine", EchoEngine)
    page = "<p>Ferry fares rise</p>\n<p>\"It is the fuel,\" said Owen Tarrant, who runs the line.</p>"
    plain = "Ferry fares rise\n\nFares go up in May, a rise of 4 < 5 per cent <the operator said>."
    unnamed = "<div class='story'>Fares go up in May, the operator said on Friday.</div>"
    batch = tmp_path / "in.jsonl"
    batch.write_text("\n".join(json.dumps(line) for line in (
        {"id": "page", "text": page}, {"id": "plain", "text": plain}, {"text": unnamed})) + "\n")
    assert main(["ingest", str(batch), "--db", str(tmp_path / "c.duckdb"), "--workers", "1", "--quiet"]) == 0
    err = capsys.readouterr().err
    assert f"article 'page' ({batch}:1): \"text\" holds HTML markup (<p>)" in err
    assert f"{batch}:3: \"text\" holds HTML markup (<div class='story'>)" in err
    assert "'plain'" not in err and f"{batch}:2" not in err
    assert "2 JSON articles held HTML markup" in err
    # Stored articles are skipped before they are read again, and so are not warned of twice.
    assert main(["ingest", str(batch), "--db", str(tmp_path / "c.duckdb"), "--workers", "1", "--quiet"]) == 0
    assert "HTML markup" not in capsys.readouterr().err


TAGGED = ('<p>Coach Mira Olsen said the <a href="/team">team</a> was <em>ready</em>.</p>'
          '<p>"We trained <b>hard</b> all <i>winter</i>," she said.</p><p>Her captain, <a href="/p/5">Ivo Rask</a>, agreed.</p>')


def test_a_text_field_full_of_html_tags_is_judged_by_its_words_not_its_tags(tmp_path, capsys, monkeypatch):
    """Its "p", "a" and "href" once made this English brief read as Romanian: ingest warned of the markup and rejected it."""
    guess = guess_language(TAGGED)
    assert guess.english and guess.language == "English"
    assert not guess_language("<p>" + FRENCH + "</p>").english
    monkeypatch.setattr("whosaid.engine.Engine", EchoEngine)
    batch = tmp_path / "in.jsonl"
    batch.write_text(json.dumps({"id": "tagged", "text": TAGGED}) + "\n")
    assert main(["ingest", str(batch), "--db", str(tmp_path / "c.duckdb"), "--workers", "1", "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "holds HTML markup" in err and "not English" not in err


def test_ingest_rejects_other_languages_with_the_reason(tmp_path, monkeypatch):
    monkeypatch.setattr("whosaid.engine.Engine", EchoEngine)
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "fr.txt").write_text(FRENCH)
    (inputs / "en.txt").write_text(ARTICLE)
    summary = ingest([str(inputs)], db=str(tmp_path / "c.duckdb"), workers=1, progress=False)
    assert (summary.ingested, summary.rejected) == (1, 1)
    with Store(tmp_path / "c.duckdb") as store:
        (path, reason), = store.connection.execute("SELECT path, reason FROM rejects").fetchall()
    assert path.endswith("fr.txt") and reason.startswith("not English (it reads like French")
    assert "whosaid reads English only" in reason


# -- item 7: web pages without metadata, and outlet names -----------------------------------


def test_page_without_metadata_takes_the_site_from_its_title_and_no_date_from_a_footer():
    for title in ("Council keeps library open late | Riverside Gazette",
                  "Council keeps library open late - Riverside Gazette",
                  "Council keeps library open late \u2014 Riverside Gazette",
                  "Riverside Gazette | Council keeps library open late"):
        article = read_html(html(title, footer="\u00a9 2016 Riverside Gazette. All rights reserved."), "p.html").article
        assert (article.outlet, article.date) == ("Riverside Gazette", None), title
        assert article.title == "Council keeps library open late"


def test_page_without_a_site_name_falls_back_to_the_host_or_nothing_never_the_headline():
    page = html("Council keeps library open late")
    assert read_html(page, "p.html", url="https://www.riverside-gazette.example/city/1").article.outlet == \
        "riverside-gazette.example"
    article = read_html(page, "p.html").article
    assert article.outlet is None and article.title == "Council keeps library open late"


def test_page_metadata_wins_and_a_stated_date_is_kept():
    head = ("<meta property='og:site_name' content='The Riverside Gazette'>"
            "<meta property='article:published_time' content='2024-02-14T10:00:00Z'>")
    article = read_html(html("Council keeps library open late | RG", head=head), "p.html").article
    assert (article.outlet, article.date[:10]) == ("The Riverside Gazette", "2024-02-14")
    # A "site name" that is only the headline again is not an outlet.
    same = "<meta property='og:site_name' content='Council keeps library open late'>"
    assert read_html(html("Council keeps library open late", head=same), "p.html").article.outlet is None


def test_navigation_only_page_is_a_reject_with_the_reason():
    nav = b"<html><head><title>x</title></head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>"
    item = read_html(nav, "nav.html")
    assert item.article is None and "only navigation or short lines" in item.error
    links = "".join(f"<li><a href='/s/{n}'>Story number {n}</a></li>" for n in range(30))
    item = read_html(html("Index | Riverside Gazette", body=f"<ul>{links}</ul>"), "index.html")
    assert item.article is None and "no article text" in item.error


def test_outlet_names_are_unified_by_the_shipped_mapping_and_first_form():
    names = OutletNames()
    for given in ("breitbart", "Breitbart News", "www.breitbart.com", "https://www.breitbart.com/politics/x", "BREITBART"):
        assert names.canonical(given) == "Breitbart News", given
    assert names.canonical("nyt") == names.canonical("nytimes.com") == "The New York Times"
    assert names.canonical("bbc.co.uk") == "BBC News"
    assert names.canonical("Riverside Gazette") == "Riverside Gazette"
    assert names.canonical("riverside-gazette.example") == "Riverside Gazette"
    assert names.canonical("  The  Riverside Gazette ") == "Riverside Gazette"
    assert names.canonical("Harbour News") == "Harbour News" and names.canonical("") is None
    assert outlet_key("The New York Times") == "newyorktimes" and outlet_key("edition.cnn.com") == "cnn"


def test_a_user_outlet_file_extends_and_wins(tmp_path):
    csv = tmp_path / "outlets.csv"
    csv.write_text("name,aliases\nRiverside Gazette,rg;The Gazette\nBreitbart,breitbart.com\n")
    names = OutletNames(csv)
    assert names.canonical("RG") == names.canonical("the gazette") == "Riverside Gazette"
    assert names.canonical("breitbart") == "Breitbart"
    yaml = tmp_path / "outlets.yaml"
    yaml.write_text("Harbour News: [hn, harbour.example]\n")
    assert OutletNames(yaml).canonical("https://harbour.example/ferry") == "Harbour News"
    bad = tmp_path / "bad.csv"
    bad.write_text("name,aliases\n,rg\n")
    with pytest.raises(OutletFileError, match="row 2: needs a name"):
        OutletNames(bad)


def test_ingest_normalises_outlets_with_a_user_file(tmp_path, monkeypatch):
    monkeypatch.setattr("whosaid.engine.Engine", EchoEngine)
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(line) + "\n" for line in [
        {"id": "1", "text": ARTICLE, "publisher": "breitbart"},
        {"id": "2", "text": ARTICLE.replace("Monday", "Tuesday"), "outlet": "Breitbart News"},
        {"id": "3", "text": ARTICLE.replace("Monday", "Friday"), "outlet": "rg"},
    ]))
    outlets = tmp_path / "outlets.csv"
    outlets.write_text("name,aliases\nRiverside Gazette,rg\n")
    ingest([str(feed)], db=str(tmp_path / "c.duckdb"), workers=1, progress=False, outlets=str(outlets))
    with Store(tmp_path / "c.duckdb") as store:
        found = sorted(o for (o,) in store.connection.execute("SELECT outlet FROM articles").fetchall())
    assert found == ["Breitbart News", "Breitbart News", "Riverside Gazette"]


# -- item 9: truncated crawls --------------------------------------------------------------


def crawl_bytes() -> tuple[bytes, list[int]]:
    """A gzipped crawl of three article pages, and where each record's gzip member ends."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    ends = []
    for n, title in enumerate(("Ferry service returns", "Pier repairs begin", "Harbour opens a new quay")):
        page = html(f"{title} | Harbour News", body=BODY.replace("library", f"harbour building {n}"))
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://harbour.example/{n}", "response",
                                                      payload=io.BytesIO(page), http_headers=headers))
        ends.append(out.tell())
    return out.getvalue(), ends


def test_a_truncated_warc_gz_is_a_reject_and_its_whole_records_are_read(tmp_path):
    whole, ends = crawl_bytes()
    read = [i for i in read_paths([str(_write(tmp_path / "whole.warc.gz", whole))])]
    assert [i.article.url for i in read] == [f"https://harbour.example/{n}" for n in range(3)]
    # Cut in the gzip trailer of the last record, and in the middle of the last record.
    for cut in (len(whole) - 4, (ends[1] + ends[2]) // 2):
        items = list(read_paths([str(_write(tmp_path / f"cut{cut}.warc.gz", whole[:cut]))]))
        errors = [i.error for i in items if i.error]
        assert any("file is cut short" in e for e in errors), [(i.where, i.error) for i in items]
        assert all(i.article.url.startswith("https://harbour.example/") for i in items if i.article)
    plain = gzip.decompress(whole)
    items = list(read_paths([str(_write(tmp_path / "cut.warc", plain[: len(plain) - 30]))]))
    assert [i.article.url for i in items if i.article] == ["https://harbour.example/0", "https://harbour.example/1"]
    assert [i.error for i in items if i.error] == [
        "record cut short by the end of the file (https://harbour.example/2)",
        "file is cut short (truncated download?): read up to response record 3, the rest is missing",
    ]


def test_cli_ingest_of_a_truncated_warc_exits_with_the_reject_status(tmp_path):
    whole, ends = crawl_bytes()
    path = _write(tmp_path / "crawl.warc.gz", whole[: (ends[1] + ends[2]) // 2])
    db = tmp_path / "c.duckdb"
    done = subprocess.run([*WHOSAID, "ingest", str(path), "--db", str(db), "--workers", "1"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 3, done.stderr
    assert "1 rejected" in done.stderr
    listed = subprocess.run([*WHOSAID, "export", "--db", str(db), "--rejects"], capture_output=True, text=True)
    assert f"{path}\tfile is cut short" in listed.stdout


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# -- item 8: syndication and quote travel ---------------------------------------------------


def test_syndicated_copies_are_one_article_with_every_publication(tmp_path, monkeypatch):
    monkeypatch.setattr("whosaid.engine.Engine", EchoEngine)
    feed = tmp_path / "wire.jsonl"
    feed.write_text("".join(json.dumps(line) + "\n" for line in [
        {"id": "ap-1", "text": STRAIGHT, "outlet": "AP", "date": "2024-03-01", "url": "https://ap.example/1"},
        {"id": "g-1", "text": STRAIGHT + "\n\n\n", "outlet": "Riverside Gazette", "date": "2024-03-02",
         "url": "https://gazette.example/1"},
        {"id": "l-1", "text": "  " + STRAIGHT.replace("\n", "\r\n") + " ", "outlet": "Harbour Ledger",
         "date": "2024-03-02"},
    ]))
    db = tmp_path / "c.duckdb"
    first = ingest([str(feed)], db=str(db), workers=1, progress=False)
    assert (first.ingested, first.skipped, first.republished) == (1, 2, 2)
    again = ingest([str(feed)], db=str(db), workers=1, progress=False)
    assert (again.ingested, again.skipped, again.republished) == (0, 3, 0)
    with Store(db) as store:
        con = store.connection
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
        publications = con.execute("SELECT outlet, CAST(date AS VARCHAR), url, source_id FROM article_publications "
                                   "ORDER BY date, outlet").fetchall()
        assert publications == [
            ("Associated Press", "2024-03-01", "https://ap.example/1", "ap-1"),
            ("Harbour Ledger", "2024-03-02", None, "l-1"),
            ("Riverside Gazette", "2024-03-02", "https://gazette.example/1", "g-1"),
        ]
        occurrence, = con.execute(
            "SELECT n_articles, n_outlets, outlets, first_outlet, CAST(first_date AS VARCHAR) FROM quote_occurrences"
        ).fetchall()
        assert occurrence == (1, 3, ["Associated Press", "Harbour Ledger", "Riverside Gazette"], "Associated Press",
                              "2024-03-01")
        exported = tmp_path / "out"
        from whosaid.store.export import export

        export(con, exported, "jsonl")
    rows = [json.loads(line) for line in (exported / "article_publications.jsonl").read_text().splitlines()]
    assert sorted(r["outlet"] for r in rows) == ["Associated Press", "Harbour Ledger", "Riverside Gazette"]


def test_outlet_figures_count_a_syndicated_article_under_every_outlet(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("whosaid.engine.Engine", EchoEngine)
    feed = tmp_path / "wire.jsonl"
    feed.write_text("".join(json.dumps(line) + "\n" for line in [
        {"text": STRAIGHT, "outlet": "AP", "date": "2024-03-01"},
        {"text": STRAIGHT + "\n", "outlet": "Riverside Gazette", "date": "2024-03-02"},
        {"text": STRAIGHT.replace("Monday", "Friday"), "outlet": "Riverside Gazette", "date": "2024-03-05"},
    ]))
    db = tmp_path / "c.duckdb"
    ingest([str(feed)], db=str(db), workers=1, progress=False)
    assert main(["stats", str(db), "--by", "outlet", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["overall"]["articles"] == 2
    per_outlet = {g["outlet"]: g["articles"] for g in data["groups"]}
    assert per_outlet == {"Associated Press": 1, "Riverside Gazette": 2}


class _Stored:
    """Articles with given quotes straight into a store, as the engine would give them."""

    def __init__(self, store: Store):
        self.store = store

    def add(self, text: str, outlet: str, date: str, *quotes: str) -> None:
        found = []
        for quote in quotes:
            start = text.index(quote)
            found.append(Quote(content=((start, start + len(quote)),), source=(), cue=(), kind="direct",
                               speaker=None, speaker_kind="unnamed", text=quote))
        self.store.add(Article(id="", text=text, outlet=outlet, date=date), ArticleResult(id="", quotes=found))


LONG = "Frankly, we will not back down on this issue, whatever the council decides next week"
TRIMMED = "we will not back down on this issue, whatever the council decides next week"
REWORDED = "Frankly, we will not back down on this issue, whatever the council decides this week"
OTHER = "The council decides next week whether the new harbour wall will be built at all"


def test_a_trimmed_quote_is_linked_to_its_longer_form_with_its_first_appearance(tmp_path):
    with Store(tmp_path / "c.duckdb") as store:
        stored = _Stored(store)
        stored.add(f'Row\n\n"{LONG}," the mayor said.', "Wire", "2024-01-02", LONG)
        stored.add(f'Defiant\n\n"{TRIMMED}," the mayor told the Gazette.', "Gazette", "2024-01-03", TRIMMED)
        stored.add(f'Mayor\n\n"{REWORDED}," she said. "{OTHER}," he added.', "Ledger", "2024-01-04", REWORDED, OTHER)
        assert store.link_quotes() == 4
        rows = store.connection.execute(
            "SELECT q.text, o.group_id, o.first_outlet, CAST(o.first_date AS VARCHAR), o.n_articles, o.outlets, "
            "o.is_first, o.same_text FROM quote_occurrences o JOIN quotes q USING (quote_id)"
        ).fetchall()
    by_text = {r[0]: r[1:] for r in rows}
    group = by_text[LONG][0]
    assert by_text[TRIMMED][0] == group and by_text[REWORDED][0] == group
    assert by_text[OTHER][0] != group  # shares "the council decides next week", but is another quote
    for text in (LONG, TRIMMED, REWORDED):
        assert by_text[text][1:5] == ("Wire", "2024-01-02", 3, ["Gazette", "Ledger", "Wire"])
    assert by_text[LONG][5:] == (True, True) and by_text[TRIMMED][5:] == (False, False)


def test_short_quotes_are_linked_only_when_identical(tmp_path):
    with Store(tmp_path / "c.duckdb") as store:
        stored = _Stored(store)
        stored.add('A\n\n"We will win the vote," she said.', "Wire", "2024-01-02", "We will win the vote")
        stored.add('B\n\n"We will win the vote," she said again.', "Gazette", "2024-01-03", "We will win the vote")
        stored.add('C\n\n"We will win the vote tomorrow night," she said.', "Ledger", "2024-01-04",
                   "We will win the vote tomorrow night")
        store.link_quotes()
        groups = store.connection.execute("SELECT n_articles FROM quote_occurrences ORDER BY date").fetchall()
    assert groups == [(2,), (2,), (1,)]  # 5 words inside 7: too short to call a trimmed version


def test_a_quote_that_bridges_two_groups_merges_them_across_runs(tmp_path):
    with Store(tmp_path / "c.duckdb") as store:
        stored = _Stored(store)
        head = "we will not back down on this issue whatever"
        tail = "back down on this issue whatever the council decides next week"
        stored.add(f'A\n\n"{head}," she said.', "Wire", "2024-01-02", head)
        stored.add(f'B\n\n"{tail}," she said.', "Gazette", "2024-01-03", tail)
        store.link_quotes()
        before = {g for (g,) in store.connection.execute("SELECT group_id FROM quote_occurrences").fetchall()}
        assert len(before) == 2
        stored.add(f'C\n\n"{TRIMMED}," she said.', "Ledger", "2024-01-04", TRIMMED)
        assert store.link_quotes() == 1
        after = {g for (g,) in store.connection.execute("SELECT group_id FROM quote_occurrences").fetchall()}
        assert len(after) == 1 and after <= before


def test_the_dashboard_counts_a_syndicated_article_under_every_outlet_and_shows_where_a_quote_went(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from whosaid.serve import create_app

    monkeypatch.setattr("whosaid.engine.Engine", EchoEngine)
    feed = tmp_path / "wire.jsonl"
    feed.write_text("".join(json.dumps(line) + "\n" for line in [
        {"text": f'Row\n\n"{LONG}," the mayor said.', "outlet": "AP", "date": "2024-03-01"},
        {"text": f'Row\n\n"{LONG}," the mayor said.\n\n', "outlet": "Riverside Gazette", "date": "2024-03-02"},
        {"text": f'Defiant\n\n"{TRIMMED}," she told the Ledger.', "outlet": "Harbour Ledger", "date": "2024-03-03"},
    ]))
    db = tmp_path / "c.duckdb"
    ingest([str(feed)], db=str(db), workers=1, progress=False)
    with TestClient(create_app(db, read_only=True), base_url="http://localhost") as client:
        outlets = {o["outlet"]: o["articles"] for o in client.get("/api/outlets").json()}
        assert outlets == {"Associated Press": 1, "Riverside Gazette": 1, "Harbour Ledger": 1}
        gazette = client.get("/api/quotes", params={"outlet": "Riverside Gazette"}).json()["items"]
        assert [q["text"].strip('",') for q in gazette] == [LONG]
        later = next(a for a in client.get("/api/articles").json()["items"] if a["outlet"] == "Harbour Ledger")
        echo = client.get(f"/api/articles/{later['article_id']}").json()["quotes"][0]["echo"]
        assert echo["other_articles"] == 1 and echo["first_outlet"] == "Associated Press"
        assert echo["outlets"] == ["Associated Press", "Harbour Ledger", "Riverside Gazette"]


# -- binary files and the order of rejects ---------------------------------------------------


def test_a_binary_file_named_jsonl_is_one_reject_not_one_per_line(tmp_path):
    # Bytes of a small PNG-like file with many newlines and NULs: not JSON lines at all.
    blob = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR\n" * 40 + bytes(range(256)) * 4
    items = list(read_paths([str(_write(tmp_path / "photo.jsonl", blob))]))
    assert [(i.where, i.error) for i in items] == [
        (str(tmp_path / "photo.jsonl"), "holds NUL bytes: binary data, not JSON lines")]


def test_a_utf16_jsonl_with_nul_bytes_in_its_encoding_is_still_read(tmp_path):
    line = json.dumps({"id": "w1", "text": STRAIGHT}) + "\n"
    items = list(read_paths([str(_write(tmp_path / "wide.jsonl", line.encode("utf-16")))]))
    assert [i.article.id for i in items] == ["w1"]


def test_export_rejects_lists_line_numbers_in_numeric_order(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("whosaid.engine.Engine", EchoEngine)
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join("not json\n" if n in (2, 10, 11) else json.dumps({"id": f"a{n}", "text": STRAIGHT}) + "\n"
                            for n in range(1, 12)))
    db = tmp_path / "c.duckdb"
    ingest([str(feed)], str(db), workers=1, progress=False)
    capsys.readouterr()
    assert main(["export", "--db", str(db), "--rejects"]) == 0
    listed = [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()]
    assert listed == [f"{feed}:{n}" for n in (2, 10, 11)]
