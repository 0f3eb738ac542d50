"""Honest figures: dates no article can have, shares with nothing under them, and shares resting on few quotes."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
import json
import re

import pytest
from fastapi.testclient import TestClient

from tests.fixtures.dashboard.samples import BIG, BIG_ARTICLES, PER_ARTICLE, SMALL, article, build_store, sized_outlets
from whosaid.records import ArticleResult
from whosaid.serve import create_app
from whosaid.serve.queries import SMALL_SAMPLE_QUOTES
from whosaid.store import Store
from whosaid.store.rows import EARLIEST_DATE, checked_date, latest_date


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    path = build_store(tmp_path_factory.mktemp("figures") / "samples.duckdb", sized_outlets())
    with TestClient(create_app(path, read_only=True), base_url="http://localhost") as client:
        yield client


# --- dates ----------------------------------------------------------------------------------


def test_a_date_is_kept_only_when_an_article_can_have_it():
    today = dt.date(2025, 6, 1)
    assert checked_date("2015-11-11", today) == (dt.date(2015, 11, 11), None)
    assert checked_date("Wed, 11 Nov 2015 09:30:00 GMT", today).date == dt.date(2015, 11, 11)
    assert checked_date(EARLIEST_DATE.isoformat(), today).date == EARLIEST_DATE
    assert checked_date("2025-06-02", today).date == dt.date(2025, 6, 2)  # tomorrow: a time zone ahead
    for value, reason in [("0201-10-03", "before 1900"), ("1899-12-31", "before 1900"),
                          ("2025-06-03", "in the future"), ("2999-01-01", "in the future"),
                          ("next Tuesday", "not a date")]:
        kept, problem = checked_date(value, today)
        assert kept is None and reason in problem and value in problem, value
    assert checked_date(None, today) == checked_date("  ", today) == (None, None)


def test_dates_written_out_in_english_are_read_and_all_number_ones_are_not():
    today = dt.date(2026, 6, 1)
    for value in ("April 9, 2026", "Apr. 9, 2026", "9 April 2026", "Thursday, April 9, 2026", "april 9 2026",
                  "Apr 9, 2026, 4:15 PM"):
        assert checked_date(value, today) == (dt.date(2026, 4, 9), None), value
    assert checked_date("Sept. 30, 2025", today).date == dt.date(2025, 9, 30)
    # No day, no year, a day and month that cannot be told apart, or words that are not a date: not read.
    for value in ("April 2026", "April 9", "09/04/2026", "Mayor Ruiz, 2026", "sometime in May 2026"):
        kept, problem = checked_date(value, today)
        assert kept is None and "not a date" in problem, value
    assert "in the future" in checked_date("April 9, 2031", today).problem


def test_ingest_says_how_many_articles_figures_by_outlet_and_month_cannot_place(tmp_path):
    from whosaid.ingest import ingest

    folder = tmp_path / "articles"
    folder.mkdir()
    for key in ("pier", "tram"):
        (folder / f"{key}.txt").write_text(f"The {key} reopens\n\nThe {key} reopens on Friday, the council's "
                                           "transport lead, Ines Vogel, said.\n", encoding="utf-8")
    (folder / "feed.jsonl").write_text(json.dumps({
        "id": "ferry", "outlet": "Harbour Post", "date": "2026-05-04",
        "text": "Ferry fares rise\n\nFares rise in June, the operator's director, Karl Moss, said.",
    }) + "\n" + json.dumps({
        "id": "bus", "outlet": "Harbour Post",
        "text": "Bus lane opens\n\nThe bus lane opens in July, the engineer, Ruth Adeyemi, said.",
    }) + "\n", encoding="utf-8")
    summary = ingest([str(folder)], db=str(tmp_path / "news.duckdb"), workers=1, progress=False)
    assert (summary.ingested, summary.without_outlet, summary.without_date) == (4, 2, 3)
    report = summary.report()
    assert "Stored 2 without an outlet and 3 without a date" in report
    assert "A .txt file gives neither" in report

    dated = tmp_path / "dated.jsonl"
    dated.write_text(json.dumps({"id": "quay", "outlet": "Harbour Post", "date": "2026-05-05",
                                 "text": "Quay works\n\nThe quay works end in May, Ines Vogel said."}) + "\n")
    summary = ingest([str(dated)], db=str(tmp_path / "other.duckdb"), workers=1, progress=False)
    assert (summary.without_outlet, summary.without_date) == (0, 0)
    assert "without an outlet" not in summary.report()


def test_ingest_stores_implausible_dates_as_null_with_the_reason(tmp_path):
    from whosaid.ingest import ingest

    lines = [
        ("ancient", "0201-10-03"), ("future", "2999-01-01"), ("garbled", "sometime in May"), ("fine", "2015-11-11"),
    ]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(
        json.dumps({"id": key, "date": day, "text": f"Harbour news {key}\n\nThe ferry for {key} is late, "
                    "the harbour master, Ines Vogel, said."}) + "\n"
        for key, day in lines
    ))
    db = tmp_path / "news.duckdb"
    summary = ingest([str(feed)], db=str(db), workers=1, progress=False)
    assert (summary.ingested, summary.rejected, summary.dates_dropped) == (4, 0, 3)
    assert "3 articles stored without a date" in summary.report()
    with Store(db, read_only=True) as store:
        rows = {r[0]: r[1:] for r in store.connection.execute(
            "SELECT source_id, date, date_problem FROM articles").fetchall()}
        acts = store.connection.execute("SELECT count(*), count(*) FILTER (WHERE act = 'speech') FROM quotes").fetchone()
    assert (summary.quotes, summary.speech_quotes) == acts and acts[1] > 0
    assert rows["fine"] == (dt.date(2015, 11, 11), None)
    assert rows["ancient"][0] is None and "0201-10-03 is before 1900" in rows["ancient"][1]
    assert rows["future"][0] is None and "2999-01-01 is in the future" in rows["future"][1]
    assert rows["garbled"][0] is None and "'sometime in May' is not a date" in rows["garbled"][1]


class QuietEngine:
    """An engine that finds no quotes: what is checked here is where the article's date goes."""

    def analyze(self, text: str, article_id: str = "", headline_end: int | None = None) -> ArticleResult:
        return ArticleResult(id=article_id, quotes=[])


def test_the_dashboard_stores_implausible_dates_as_null_with_the_reason(tmp_path):
    path = tmp_path / "news.duckdb"
    Store(path).close()
    with TestClient(create_app(path, engine_factory=lambda pipeline: QuietEngine()), base_url="http://localhost") as client:
        answer = client.post("/api/analyze", json={"text": "Old news\n\nNothing said.", "date": "0201-10-03",
                                                   "store": True}).json()
        assert answer["stored"] and "0201-10-03 is before 1900" in answer["date_problem"]
        stored = client.get(f"/api/articles/{answer['article_id']}").json()
        assert stored["date"] is None and stored["date_problem"] == answer["date_problem"]
        assert "0201-10-03 is before 1900" in client.get(f"/articles/{answer['article_id']}").text

        future = (latest_date() + dt.timedelta(days=1)).isoformat()
        form = client.post("/analyze", data={"text": "Tomorrow's news\n\nNothing yet.", "date": future,
                                              "store": "true"}, headers={"origin": "http://localhost"})
        assert form.status_code == 200 and f"{future} is in the future" in form.text
        fine = client.post("/api/analyze", json={"text": "Fresh news\n\nNothing.", "date": "2024-05-02",
                                                 "store": True}).json()
        assert fine["date_problem"] is None
        dates = {a["title"] or a["article_id"]: a["date"] for a in client.get("/api/articles").json()["items"]}
        assert sorted(dates.values(), key=str) == ["2024-05-02", None, None]


def test_month_fills_never_reach_beyond_the_dates_an_article_can_have(tmp_path):
    """A store written before dates were checked may hold "0201-10-03": Trends must not draw 21,800 months."""
    path = build_store(tmp_path / "old.duckdb", [
        article("Gazette", "2024-01-15", ["female"], title="January"),
        article("Gazette", "2024-03-15", ["male"], title="March"),
        article("Gazette", "2024-02-01", ["male", "female"], title="Misdated"),
    ])
    with Store(path) as store:
        store.connection.execute("UPDATE articles SET date = DATE '0201-10-03' WHERE title = 'Misdated'")
        store.connection.execute("""UPDATE article_publications SET date = DATE '0201-10-03'
                                    WHERE article_id IN (SELECT article_id FROM articles WHERE title = 'Misdated')""")
    with TestClient(create_app(path, read_only=True), base_url="http://localhost") as client:
        by_month = client.get("/api/trends").json()
        assert [r["key"] for r in by_month["rows"]] == ["2024-01", "2024-02", "2024-03"]
        assert by_month["undated_quotes"] == 2
        assert client.get("/api/trends/women").json()["months"] == ["2024-01", "2024-02", "2024-03"]
        page = client.get("/trends")
        assert page.status_code == 200 and len(page.content) < 100_000
        assert "0201" not in page.text


# --- nothing to share ----------------------------------------------------------------------


def test_where_nothing_matches_shares_are_null_and_pages_show_a_dash(samples, tmp_path):
    Store(tmp_path / "empty.duckdb").close()
    with TestClient(create_app(tmp_path / "empty.duckdb", read_only=True), base_url="http://localhost") as empty:
        nothing = [empty.get("/api/overview").json(),
                   samples.get("/api/overview", params={"date_from": "2020-01-01", "date_to": "2020-12-31"}).json()]
        pages = [empty.get("/").text, samples.get("/", params={"date_from": "2020-01-01", "date_to": "2020-12-31"}).text]
    for data, html in zip(nothing, pages):
        assert data["people_quotes"] == 0 and not data["small_sample"]
        assert [g["share"] for g in data["by_gender"]] == [None] * 4
        women = re.search(r'data-stat="women-share">(.*?)</span>\s*</span>', html, re.S).group(1)
        assert women.endswith("—") and "no quotes from people match" in html
        assert "0.0%" not in html


def test_a_month_without_quotes_has_null_shares_and_a_dash(samples):
    april = next(r for r in samples.get("/api/trends").json()["rows"] if r["key"] == "2024-04")
    assert april["quotes"] == 0 and set(april["shares"].values()) == {None} and not april["small_sample"]
    html = samples.get("/trends").text
    row = re.search(r'<tr class="no-quotes" data-key="2024-04".*?</tr>', html, re.S).group(0)
    assert row.count("—") == 4 and "%" not in row
    women = samples.get("/api/trends/women").json()
    small = next(s for s in women["outlets"] if s["outlet"] == SMALL)
    assert [p["share"] for p in small["points"]][1] is None


# --- few quotes -------------------------------------------------------------------------------


def test_every_share_says_whether_it_rests_on_few_quotes(samples):
    by_outlet = {r["key"]: r for r in samples.get("/api/trends", params={"group": "outlet"}).json()["rows"]}
    assert by_outlet[BIG]["quotes"] == BIG_ARTICLES * PER_ARTICLE and not by_outlet[BIG]["small_sample"]
    assert by_outlet[SMALL]["quotes"] == 5 < SMALL_SAMPLE_QUOTES and by_outlet[SMALL]["small_sample"]
    by_month = {r["key"]: r for r in samples.get("/api/trends").json()["rows"]}
    assert [by_month[m]["small_sample"] for m in ("2024-03", "2024-04", "2024-05")] == [False, False, True]
    for series in samples.get("/api/trends/women").json()["outlets"]:
        for point in series["points"]:
            assert point["small_sample"] == (0 < point["quotes"] < SMALL_SAMPLE_QUOTES)
    assert not samples.get("/api/overview").json()["small_sample"]
    only_small = samples.get("/api/overview", params={"outlet": SMALL}).json()
    assert only_small["people_quotes"] == 5 and only_small["small_sample"]


def test_pages_show_n_beside_each_share_and_mark_the_small_ones(samples):
    html = samples.get("/trends").text
    rows = {m.group(1): m.group(0) for m in re.finditer(r'<tr class="[^"]*" data-key="([^"]+)".*?</tr>', html, re.S)}
    assert 'class="small-n"' in rows[SMALL] and "†" in rows[SMALL] and ">5<" in rows[SMALL]
    assert "small-n" not in rows[BIG] and "†" not in rows[BIG] and ">1,050<" in rows[BIG]
    assert "†" in rows["2024-05"] and "†" not in rows["2024-03"]
    assert f"fewer than {SMALL_SAMPLE_QUOTES} quotes" in html  # the legend says what † means
    crosstab = re.search(r'<table class="crosstab.*?</table>', html, re.S).group(0)
    assert re.search(r'<td class="num small-n"[^>]*data-n="3"[^>]*>.*?33\.3%.*?†.*?n=(?:<a [^>]*>)?3(?:</a>)?</span></td>', crosstab, re.S)
    assert re.search(r'data-n="1050"[^>]*>.*?40\.0%.*?n=(?:<a [^>]*>)?1,050(?:</a>)?</span></td>', crosstab, re.S)

    overview = samples.get("/").text
    assert 'data-stat="quotes">1,055<' in overview and "small-n" not in overview
    small = samples.get("/", params={"outlet": SMALL}).text
    assert re.search(r'data-stat="women-share"><span class="share small-n" data-n="5" title="Only 5 quotes', small)
    assert re.search(r'data-stat="people-quotes">(?:<a [^>]*>)?5(?:</a>)?<sup class="small-mark"', small)
    assert f"fewer than {SMALL_SAMPLE_QUOTES} quotes" in small


def test_tables_are_marked_sortable_and_quotes_and_articles_read_in_their_own_direction(samples):
    trends = samples.get("/trends").text
    assert trends.count('class="trend-table sortable"') == 2 and 'class="crosstab sortable"' in trends
    assert '<script src="/static/tables.js"></script>' in trends
    assert samples.get("/static/tables.js").status_code == 200
    assert 'class="voices sortable"' in samples.get("/voices").text
    hit = samples.get("/api/quotes", params={"limit": 1}).json()["items"][0]
    assert '<blockquote dir="auto">' in samples.get("/search", params={"q": "matters"}).text
    assert 'id="article-text" dir="auto"' in samples.get(f"/articles/{hit['article_id']}").text


# --- a text several outlets ran ------------------------------------------------------------------


def _wire_store(tmp_path):
    """The Harbor Ledger ran a dock strike story on 30 January; the Valley Courier ran the same text on
    2 February, and its copy was read first. Each also ran one story of its own in February."""
    wire, wire_result = article("Harbor Ledger", "2026-01-30", ["female", "male", "female"], title="Dock strike")
    path = tmp_path / "wire.duckdb"
    with Store(path) as store:
        store.add(replace(wire, id="courier-copy", outlet="Valley Courier", date="2026-02-02"), wire_result)
        store.add(wire, wire_result)
        store.add(*article("Harbor Ledger", "2026-02-20", ["male"], title="Ledger own"))
        store.add(*article("Valley Courier", "2026-02-19", ["female", "male"], title="Courier own"))
    return path


def test_a_syndicated_text_counts_once_in_the_month_it_first_ran_and_under_each_outlet_on_its_own_date(tmp_path):
    with TestClient(create_app(_wire_store(tmp_path), read_only=True), base_url="http://localhost") as client:
        months = client.get("/api/trends", params={"group": "month"}).json()["rows"]
        women = client.get("/api/trends/women").json()
        women_csv = client.get("/api/trends/women.csv").text
        months_csv = client.get("/api/trends.csv", params={"group": "month"}).text
        february = client.get("/api/overview", params={"date_from": "2026-02-01"}).json()
        courier_february = client.get("/api/overview", params={"outlet": "Valley Courier",
                                                               "date_from": "2026-02-01"}).json()
        courier_months = client.get("/api/trends", params={"group": "month", "outlet": "Valley Courier"}).json()
        listed = client.get("/api/articles").json()["items"]
        (strike,) = [a for a in listed if a["title"] == "Dock strike"]
        shown = client.get(f"/api/articles/{strike['article_id']}").json()

        def searched(**params):
            return client.get("/api/quotes", params={"speaker_kind": "person", "act": "speech", **params}).json()["total"]

        # Over every outlet the text counts once, in January, where it first ran (not in February, when the
        # copy read first ran); each month's n is what its search lists.
        assert [(r["key"], r["quotes"]) for r in months] == [("2026-01", 3), ("2026-02", 3)]
        assert searched(date_from="2026-01-01", date_to="2026-01-31") == 3
        assert searched(date_from="2026-02-01", date_to="2026-02-28") == 3
        assert "2026-01,3," in months_csv
        assert february["people_quotes"] == 3 and february["articles"] == 2
        # By outlet, each outlet counts what it ran, in the month it ran it.
        cells = {(o["outlet"], p["month"]): p["quotes"] for o in women["outlets"] for p in o["points"]}
        assert cells == {("Harbor Ledger", "2026-01"): 3, ("Harbor Ledger", "2026-02"): 1,
                         ("Valley Courier", "2026-01"): 0, ("Valley Courier", "2026-02"): 5}
        assert "Valley Courier,2026-02,5,3," in women_csv and "Valley Courier,2026-01,0,0," in women_csv
        for (outlet, month), n in cells.items():
            last = {"2026-01": "31", "2026-02": "28"}[month]
            assert searched(outlet=outlet, date_from=f"{month}-01", date_to=f"{month}-{last}") == n
        assert courier_february["people_quotes"] == 5 and courier_february["articles"] == 2
        assert [(r["key"], r["quotes"]) for r in courier_months["rows"]] == [("2026-02", 5)]
        # Lists and the article page show the text as first published, with the later copy beside it.
        assert (strike["outlet"], strike["date"]) == ("Harbor Ledger", "2026-01-30")
        assert (shown["outlet"], shown["date"]) == ("Harbor Ledger", "2026-01-30")
        assert [(p["outlet"], p["date"]) for p in shown["also_published"]] == [("Valley Courier", "2026-02-02")]
        assert "first published" in client.get("/trends").text and "first published" in client.get("/").text


def test_stats_by_outlet_and_month_count_each_outlet_on_its_own_date(tmp_path, capsys):
    from whosaid.cli import main

    assert main(["stats", str(_wire_store(tmp_path)), "--by", "outlet", "--by", "month", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    cells = {(g["outlet"], g["month"]): g["quotes"]["total"] for g in report["groups"]}
    assert cells == {("Harbor Ledger", "2026-01"): 3, ("Harbor Ledger", "2026-02"): 1, ("Valley Courier", "2026-02"): 5}
    # A month over every outlet counts each text once, in the month it first ran, as the dashboard's months do.
    months = {row["month"]: row["quotes"]["total"] for row in report["totals"]["month"]}
    assert months == {"2026-01": 3, "2026-02": 3}
    assert main(["stats", str(tmp_path / "wire.duckdb"), "--by", "month", "--json"]) == 0
    alone = {g["month"]: g["quotes"]["total"] for g in json.loads(capsys.readouterr().out)["groups"]}
    assert alone == months
    # `quotes list` dates the text as first published too, as the dashboard's lists do.
    assert main(["quotes", "list", str(tmp_path / "wire.duckdb"), "--json"]) == 0
    dated = {(row["title"], row["date"]) for row in map(json.loads, capsys.readouterr().out.splitlines())}
    assert ("Dock strike", "2026-01-30") in dated and ("Dock strike", "2026-02-02") not in dated


# --- one outlet chosen --------------------------------------------------------------------------


def test_figures_by_outlet_for_one_outlet_show_that_outlet_alone_even_for_a_syndicated_article(tmp_path):
    """The Valley Courier ran a Harbor Ledger story as well as its own: with the Courier chosen, the figures by
    outlet are the Courier's, and every n there is the number of quotes its search link lists."""
    wire, wire_result = article("Harbor Ledger", "2026-08-04", ["female", "male", "male"], title="Dock strike")
    own = article("Harbor Ledger", "2026-08-20", ["male"], title="Ledger own")
    courier = article("Valley Courier", "2026-08-19", ["female", "female"], title="School budget")
    path = build_store(tmp_path / "syndicated.duckdb", [(wire, wire_result), own, courier])
    with Store(path) as store:
        store.add(replace(wire, id="courier-copy", outlet="Valley Courier"), wire_result)
    with TestClient(create_app(path, read_only=True), base_url="http://localhost") as client:
        chosen = {"outlet": "Valley Courier"}
        by_outlet = client.get("/api/trends", params={"group": "outlet", **chosen}).json()["rows"]
        assert [(r["key"], r["quotes"], r["counts"]["female"]) for r in by_outlet] == [("Valley Courier", 5, 3)]
        women = client.get("/api/trends/women", params=chosen).json()["outlets"]
        assert [(o["outlet"], o["quotes"]) for o in women] == [("Valley Courier", 5)]
        listed = client.get("/api/quotes", params={**chosen, "speaker_kind": "person", "act": "speech"}).json()
        assert listed["total"] == 5
        everyone = client.get("/api/trends", params={"group": "outlet"}).json()["rows"]
        assert {r["key"]: r["quotes"] for r in everyone} == {"Harbor Ledger": 4, "Valley Courier": 5}
        page = client.get("/trends", params=chosen).text
        assert "Harbor Ledger" not in page.split("By outlet", 1)[1]
