"""The dashboard's JSON API and pages, over a store of hand-annotated articles."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
import shutil
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fixtures.dashboard.corpus import build_annotated_store, load_corpus
from tests.fixtures.dashboard.server import running
from whosaid.cli import main as cli_main
from whosaid.serve import StoreError, create_app

CORPUS = load_corpus()
# The dashboard answers only requests addressed to localhost (see test_serve_security.py).
LOCAL = "http://localhost"
LIST_ENDPOINTS = ["/api/voices", "/api/quotes", "/api/articles"]


def annotated_quotes():
    """(article, quote annotation, speaker annotation or None) for every quote in the corpus."""
    for article in CORPUS:
        speakers = {s["name"]: s for s in article["speakers"]}
        for quote in article["quotes"]:
            yield article, quote, speakers.get(quote["speaker"])


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    return build_annotated_store(tmp_path_factory.mktemp("dashboard") / "news.duckdb")


@pytest.fixture(scope="module")
def client(store_path):
    with TestClient(create_app(store_path, read_only=True), base_url=LOCAL) as client:
        yield client


def first(client, **params):
    items = client.get("/api/quotes", params=params).json()["items"]
    assert items, f"no quote matches {params}"
    return items[0]


# --- overview and trends ----------------------------------------------------------


def test_overview_counts_every_article_quote_and_speaker(client):
    data = client.get("/api/overview").json()
    assert data["articles"] == len(CORPUS)
    assert data["quotes"] == sum(len(a["quotes"]) for a in CORPUS)
    named = {q["speaker"] for _, q, s in annotated_quotes() if s}
    assert data["speakers"] == len(named)
    assert data["people"] == len({q["speaker"] for _, q, s in annotated_quotes() if s and s["kind"] == "person"})


def test_overview_gender_shares_count_quotes_from_people(client):
    expected = Counter(s["gender"] for _, _, s in annotated_quotes() if s and s["kind"] == "person")
    data = client.get("/api/overview").json()
    by_gender = {g["gender"]: g for g in data["by_gender"]}
    assert set(by_gender) == {"female", "male", "nonbinary", "unknown"}
    for gender, row in by_gender.items():
        assert row["quotes"] == expected[gender]
        assert row["share"] == pytest.approx(expected[gender] / sum(expected.values()), abs=1e-4)
    not_people = Counter(
        (s["kind"] if s else q["speaker_kind"]) for _, q, s in annotated_quotes() if not s or s["kind"] != "person"
    )
    assert {r["speaker_kind"]: r["quotes"] for r in data["not_people"]} == dict(not_people)
    assert "pronouns" in data["gender_note"] and "Unknown" in data["gender_note"]


def test_overview_filters_by_outlet_and_dates(client):
    outlet = CORPUS[0]["outlet"]
    data = client.get("/api/overview", params={"outlet": outlet}).json()
    assert data["articles"] == sum(1 for a in CORPUS if a["outlet"] == outlet)
    assert data["quotes"] == sum(len(a["quotes"]) for a in CORPUS if a["outlet"] == outlet)
    dated = sorted(a["date"] for a in CORPUS if a["date"])
    data = client.get("/api/overview", params={"date_from": dated[1], "date_to": dated[-2]}).json()
    assert data["articles"] == len(dated) - 2


def test_trends_by_month_and_by_outlet_add_up(client):
    person_quotes = [(a, s) for a, _, s in annotated_quotes() if s and s["kind"] == "person"]
    by_month = client.get("/api/trends", params={"group": "month"}).json()
    months = [r["key"] for r in by_month["rows"] if r["quotes"]]
    assert months == sorted({a["date"][:7] for a, _ in person_quotes if a["date"]})
    assert by_month["undated_quotes"] == sum(1 for a, _ in person_quotes if not a["date"])
    for row in by_month["rows"]:
        assert sum(row["counts"].values()) == row["quotes"]
        if row["quotes"]:
            assert sum(row["shares"].values()) == pytest.approx(1.0, abs=1e-3)
        else:
            assert set(row["shares"].values()) == {None}
    by_outlet = client.get("/api/trends", params={"group": "outlet"}).json()
    assert sum(r["quotes"] for r in by_outlet["rows"]) == len(person_quotes)
    women = Counter(a["outlet"] for a, s in person_quotes if s["gender"] == "female")
    assert {r["key"]: r["counts"]["female"] for r in by_outlet["rows"]} == {
        o: women.get(o, 0) for o in {a["outlet"] for a, _ in person_quotes}
    }


def test_trends_by_month_show_months_without_quotes_as_gaps(client):
    months = [r["key"] for r in client.get("/api/trends", params={"kind": "mixed"}).json()["rows"]]
    wide = [r["key"] for r in client.get("/api/trends").json()["rows"]]
    assert len(months) == 1
    assert wide == sorted(wide) and len(wide) == len(set(wide))
    first, last = wide[0], wide[-1]
    span = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:]) - int(first[5:]) + 1
    assert len(wide) == span


def test_womens_share_by_outlet_and_month(client):
    data = client.get("/api/trends/women").json()
    person_quotes = [(a, s) for a, _, s in annotated_quotes() if s and s["kind"] == "person" and a["date"]]
    assert data["months"] == sorted(set(data["months"]))
    for series in data["outlets"]:
        mine = [(a, s) for a, s in person_quotes if a["outlet"] == series["outlet"]]
        assert series["quotes"] == len(mine)
        for point in series["points"]:
            cell = [s for a, s in mine if a["date"][:7] == point["month"]]
            assert point["quotes"] == len(cell)
            assert point["women"] == sum(1 for s in cell if s["gender"] == "female")
            assert point["share"] == (round(point["women"] / point["quotes"], 4) if cell else None)
    html = client.get("/trends").text
    assert 'id="women-chart"' in html and 'id="women-table"' in html
    # Each outlet's row total links to the quotes it counts, as every other n does.
    table = re.search(r'<table class="crosstab sortable" id="women-table">(.*?)</table>', html, re.S).group(1)
    for series in data["outlets"]:
        row = re.search(rf'<td dir="auto">{re.escape(series["outlet"])}</td><td class="num"[^>]*>(.*?)</td>', table, re.S)
        link = re.search(r'href="([^"]+)"[^>]*>([\d,]+)</a>', row.group(1))
        assert int(link.group(2).replace(",", "")) == series["quotes"]
        listed = client.get(link.group(1).replace("&amp;", "&").replace("/search?", "/api/quotes?")).json()
        assert listed["total"] == series["quotes"]
    # The outlet filter says what its count is.
    assert re.search(r"<option value=\"[^\"]+\"[^>]*>[^<]+ \(\d+ articles?\)</option>", html)
    only = client.get("/api/trends/women", params={"outlet": CORPUS[0]["outlet"]}).json()
    assert [s["outlet"] for s in only["outlets"]] == [CORPUS[0]["outlet"]]


def test_month_gaps_are_filled_across_a_year_end():
    from whosaid.serve.queries import _fill_months

    rows = [{"key": "2024-11", "quotes": 2, "counts": {}, "shares": {}},
            {"key": "2025-02", "quotes": 1, "counts": {}, "shares": {}}]
    filled = _fill_months(rows)
    assert [r["key"] for r in filled] == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert [r["quotes"] for r in filled] == [2, 0, 0, 1]


def test_trends_reject_an_unknown_grouping(client):
    response = client.get("/api/trends", params={"group": "year"})
    assert response.status_code == 422
    assert "group" in response.json()["message"]


# --- top voices ---------------------------------------------------------------------


def test_voices_are_ordered_by_number_of_quotes(client):
    counts = Counter(q["speaker"] for _, q, s in annotated_quotes() if s)
    page = client.get("/api/voices", params={"limit": 200}).json()
    assert page["total"] == len(counts)
    assert [v["quotes"] for v in page["items"]] == sorted(counts.values(), reverse=True)
    top = page["items"][0]
    assert top["name"] == counts.most_common(1)[0][0]
    outlets = {a["outlet"] for a, q, _ in annotated_quotes() if q["speaker"] == top["name"]}
    assert top["outlets"] == sorted(outlets)


def test_voices_paginate_without_overlap(client):
    whole = client.get("/api/voices", params={"limit": 200}).json()["items"]
    pages = [client.get("/api/voices", params={"limit": 3, "offset": o}).json() for o in range(0, len(whole), 3)]
    assert [v["speaker_id"] for p in pages for v in p["items"]] == [v["speaker_id"] for v in whole]
    assert all(p["total"] == len(whole) and p["limit"] == 3 for p in pages)


def test_voices_filter_by_gender_and_kind(client):
    women = client.get("/api/voices", params={"gender": "female"}).json()["items"]
    expected = {s["name"] for _, _, s in annotated_quotes() if s and s["gender"] == "female" and s["kind"] == "person"}
    assert {v["name"] for v in women} == expected
    organisations = client.get("/api/voices", params={"kind": "organization"}).json()["items"]
    assert organisations and all(v["kind"] == "organization" for v in organisations)


# --- search -----------------------------------------------------------------------


def test_search_requires_every_word(client):
    hits = client.get("/api/quotes", params={"q": "tram east"}).json()["items"]
    assert hits and all("tram" in h["text"].lower() and "east" in h["text"].lower() for h in hits)
    assert client.get("/api/quotes", params={"q": "tram zebra"}).json()["total"] == 0


def test_search_matches_phrases_and_wildcard_characters_literally(client):
    phrase = client.get("/api/quotes", params={"q": '"not a single bug"'}).json()
    assert phrase["total"] == 1
    assert client.get("/api/quotes", params={"q": '"bug not"'}).json()["total"] == 0
    percent = client.get("/api/quotes", params={"q": "20%"}).json()
    assert [h["text"] for h in percent["items"]] == [
        q["content"][0] for _, q, _ in annotated_quotes() if "20%" in q["content"][0]
    ]
    # An SQL LIKE wildcard must not match everything.
    assert client.get("/api/quotes", params={"q": "%"}).json()["total"] == percent["total"]
    assert client.get("/api/quotes", params={"q": "_"}).json()["total"] == 0


def test_search_ignores_case_and_accents_and_marks_what_it_found(client):
    plain = client.get("/api/quotes", params={"q": "generation"}).json()["total"]
    assert plain > 0
    assert client.get("/api/quotes", params={"q": "GÉNÉRATION"}).json()["total"] == plain
    assert client.get("/api/quotes", params={"speaker": "OKÁFOR"}).json()["total"] == sum(
        1 for _, q, _ in annotated_quotes() if q["speaker"] == "Ruth Okafor"
    )
    html = client.get("/search", params={"q": "GÉNÉRATION"}).text
    assert '<mark class="hit">generation</mark>' in html


def test_search_marks_accented_text_found_by_a_plain_query():
    from whosaid.serve.pages import mark_terms

    assert str(mark_terms("Zoë said <no> to Müller", ["zoe", "muller"])) == (
        '<mark class="hit">Zoë</mark> said &lt;no&gt; to <mark class="hit">Müller</mark>'
    )


def test_search_treats_sql_as_text(client):
    before = client.get("/api/overview").json()["quotes"]
    for attack in ["'; DROP TABLE quotes; --", "' OR 1=1 --", "\") OR (1=1", "x' UNION SELECT * FROM articles --"]:
        for param in ("q", "speaker", "outlet"):
            response = client.get("/api/quotes", params={param: attack})
            assert response.status_code == 200
            assert response.json()["total"] == 0
    assert client.get("/api/overview").json()["quotes"] == before


def test_search_filters_by_speaker_outlet_kind_and_dates(client):
    solveig = client.get("/api/quotes", params={"speaker": "solveig"}).json()
    assert solveig["total"] == sum(1 for _, q, _ in annotated_quotes() if q["speaker"] == "Martin Solveig")
    by_id = client.get("/api/quotes", params={"speaker": solveig["items"][0]["speaker_id"]}).json()
    assert by_id["total"] == solveig["total"]
    mixed = client.get("/api/quotes", params={"kind": "mixed"}).json()["items"]
    assert mixed and all(h["kind"] == "mixed" for h in mixed)
    outlet = CORPUS[2]["outlet"]
    hits = client.get("/api/quotes", params={"outlet": outlet}).json()["items"]
    assert hits and {h["outlet"] for h in hits} == {outlet}
    day = CORPUS[0]["date"]
    hits = client.get("/api/quotes", params={"date_from": day, "date_to": day}).json()["items"]
    assert len(hits) == len(CORPUS[0]["quotes"]) and {str(h["date"]) for h in hits} == {day}
    women = client.get("/api/quotes", params={"gender": "female"}).json()["items"]
    assert women and all(h["gender"] == "female" and h["speaker_kind"] == "person" for h in women)


def test_search_answers_with_the_resolution_of_each_mention(client):
    hit = first(client, q="deserved")
    assert hit["source_text"] == "he"
    assert hit["resolution"] == f"he → {hit['speaker_name']}"
    assert first(client, q="biggest investment")["resolution"] is None  # "Mayor Ruth Okafor" names her already


def test_search_results_download_as_csv_with_the_same_filters(client):
    import csv
    import io

    params = {"outlet": CORPUS[1]["outlet"], "kind": "direct"}
    found = client.get("/api/quotes", params=dict(params, limit=200)).json()
    response = client.get("/api/quotes.csv", params=params)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["quote_id"] for r in rows] == [q["quote_id"] for q in found["items"]]
    assert [r["text"] for r in rows] == [q["text"] for q in found["items"]]
    assert {r["gender"] for r in rows} <= {"female", "male", "nonbinary", "unknown"}
    assert client.get("/api/quotes.csv", params={"date_from": "nope"}).status_code == 422
    assert 'href="/api/quotes.csv?q=tram"' in client.get("/search", params={"q": "tram"}).text


def test_offsets_past_the_end_give_an_empty_page(client):
    page = client.get("/api/quotes", params={"offset": 10_000, "limit": 5}).json()
    assert page["items"] == [] and page["total"] > 0 and page["offset"] == 10_000


# --- articles and speakers ----------------------------------------------------------


def test_article_offsets_point_at_the_quote_text(client):
    for summary in client.get("/api/articles", params={"limit": 200}).json()["items"]:
        article = client.get(f"/api/articles/{summary['article_id']}").json()
        assert len(article["quotes"]) == article["n_quotes"]
        for quote in article["quotes"]:
            fragments = [article["text"][s:e] for s, e in quote["content"]]
            assert " … ".join(fragments) == quote["text"]
            if quote["source"]:
                assert " … ".join(article["text"][s:e] for s, e in quote["source"]) == quote["source_text"]


def test_article_list_is_newest_first_and_paginated(client):
    page = client.get("/api/articles", params={"limit": 2}).json()
    assert page["total"] == len(CORPUS) and len(page["items"]) == 2
    dates = [a["date"] for a in client.get("/api/articles").json()["items"]]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True) and dates[len(dated):] == [None] * (len(dates) - len(dated))


def test_a_quote_carried_by_several_articles_points_to_where_it_appeared_first(client):
    repeated = client.get("/api/quotes", params={"q": '"biggest investment in a generation"'}).json()["items"]
    carriers = [a for a in CORPUS if any("biggest investment" in q["content"][0] for q in a["quotes"])]
    assert len(repeated) == len(carriers) >= 2
    first_date = min(a["date"] for a in carriers)
    first = next(h for h in repeated if str(h["date"]) == first_date)
    for hit in repeated:
        article = client.get(f"/api/articles/{hit['article_id']}").json()
        echo = article["quotes"][hit["position"]]["echo"]
        assert echo["other_articles"] == len(carriers) - 1
        assert (echo["first_article_id"], echo["first_position"]) == (first["article_id"], first["position"])
        others = [q for q in article["quotes"] if q["position"] != hit["position"]]
        assert all(q["echo"] is None for q in others)
    later = next(h for h in repeated if h["article_id"] != first["article_id"])
    html = client.get(f"/articles/{later['article_id']}").text
    assert f'/articles/{first["article_id"]}?quote={first["position"]}' in html and "Also in 1 other article" in html


def test_speaker_has_aliases_evidence_outlets_and_timeline(client):
    hit = first(client, speaker="Martin Solveig")
    speaker = client.get(f"/api/speakers/{hit['speaker_id']}").json()
    assert speaker["name"] == "Martin Solveig" and speaker["gender"] == "male"
    assert "Solveig" in speaker["aliases"]
    assert any("pronoun" in e for e in speaker["gender_evidence"])
    mine = [a for a, q, _ in annotated_quotes() if q["speaker"] == "Martin Solveig"]
    assert speaker["quotes"] == len(mine)
    assert sum(m["quotes"] for m in speaker["timeline"]) == sum(1 for a in mine if a["date"])
    assert {o["outlet"] for o in speaker["outlets"]} == {a["outlet"] for a in mine}


@pytest.mark.parametrize("path", ["/api/articles/nope", "/api/speakers/nope", "/api/articles/%27%3B%20DROP"])
def test_unknown_ids_are_404_with_a_message(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "no " in response.json()["message"]


def test_outlets_count_articles_and_quotes(client):
    outlets = {o["outlet"]: o for o in client.get("/api/outlets").json()}
    for name in {a["outlet"] for a in CORPUS}:
        assert outlets[name]["articles"] == sum(1 for a in CORPUS if a["outlet"] == name)
        assert outlets[name]["quotes"] == sum(len(a["quotes"]) for a in CORPUS if a["outlet"] == name)


# --- bad parameters -------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, params, named",
    [
        ("/api/quotes", {"limit": 0}, "limit"),
        ("/api/quotes", {"limit": 201}, "limit"),
        ("/api/voices", {"offset": -1}, "offset"),
        ("/api/articles", {"offset": 10**30}, "offset"),
        ("/api/quotes", {"limit": "ten"}, "limit"),
        ("/api/quotes", {"date_from": "2025-02-30"}, "date_from"),
        ("/api/overview", {"date_to": "yesterday"}, "date_to"),
        ("/api/quotes", {"date_from": "2025-03-01", "date_to": "2025-01-01"}, "date_from"),
        ("/api/quotes", {"kind": "paraphrase"}, "kind"),
        ("/api/quotes", {"gender": "robot"}, "gender"),
        ("/api/voices", {"kind": "unnamed"}, "kind"),
        ("/api/quotes", {"q": "x" * 201}, "q"),
    ],
)
def test_bad_parameters_get_422_naming_the_parameter(client, path, params, named):
    response = client.get(path, params=params)
    assert response.status_code == 422
    assert named in response.json()["message"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    endpoint=st.sampled_from(
        ["/api/quotes", "/api/quotes.csv", "/api/voices", "/api/trends", "/api/overview", "/api/articles"]
    ),
    params=st.dictionaries(
        st.sampled_from(["q", "speaker", "outlet", "date_from", "date_to", "kind", "gender", "limit", "offset", "group"]),
        st.one_of(st.text(max_size=30), st.integers(-(10**20), 10**20).map(str)),
        max_size=4,
    ),
)
def test_odd_input_never_causes_a_server_error(client, endpoint, params):
    response = client.get(endpoint, params=params)
    assert response.status_code in (200, 422), response.text
    if response.status_code == 422:
        assert response.json()["message"]


# --- the API's contract -----------------------------------------------------------------


def test_openapi_documents_every_endpoint_with_bounds(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ["/api/overview", "/api/trends", "/api/trends/women", "/api/voices", "/api/quotes", "/api/quotes.csv", "/api/articles",
                 "/api/articles/{article_id}", "/api/speakers/{speaker_id}", "/api/outlets", "/api/analyze"]:
        assert path in paths
    for path in LIST_ENDPOINTS:
        params = {p["name"]: p["schema"].get("anyOf", [p["schema"]])[0] for p in paths[path]["get"]["parameters"]}
        assert params["limit"]["maximum"] == 200 and params["limit"]["minimum"] == 1
        assert params["offset"]["minimum"] == 0
    writes = [(p, m) for p, methods in paths.items() for m in methods if m != "get"]
    assert writes == [("/api/analyze", "post")], "the API is read-only apart from the analyse endpoint"


def test_api_reference_page_lists_every_endpoint_without_external_assets(client):
    html = client.get("/docs").text
    for path in client.get("/openapi.json").json()["paths"]:
        assert path in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "`" not in html, "the descriptions' Markdown code spans should show as code, not backticks"
    assert "<code>whosaid export</code>" in html


def test_the_analyse_form_refuses_posts_from_other_sites(client):
    response = client.post("/analyze", data={"text": "Title\n\nBody.", "store": "true"},
                           headers={"origin": "https://elsewhere.example"})
    assert response.status_code == 403 and "another site" in response.text
    hidden = client.post("/analyze", data={"text": "Title\n\nBody."}, headers={"origin": "null"})
    assert hidden.status_code == 403, "a page that hides its origin is refused too"


def test_storing_is_refused_on_a_read_only_store(client):
    response = client.post("/api/analyze", json={"text": "Title\n\nBody.", "store": True})
    assert response.status_code == 409
    assert "read-only" in response.json()["message"]


def test_analyze_rejects_an_empty_article_and_a_body_that_is_not_json(client):
    response = client.post("/api/analyze", json={"text": ""})
    assert response.status_code == 422 and "text" in response.json()["message"]
    # A plain-text body (what a cross-site form could send) is not read as JSON.
    plain = client.post("/api/analyze", content='{"text": "T\\n\\nB.", "store": true}',
                        headers={"content-type": "text/plain"})
    assert plain.status_code == 422 and "application/json" in plain.json()["message"]


# --- analysing an article on the spot -------------------------------------------------


@pytest.fixture
def writable_client(store_path, tmp_path, nlp):
    from whosaid import Engine

    copy = tmp_path / "copy.duckdb"
    shutil.copy(store_path, copy)
    with TestClient(create_app(copy, engine_factory=lambda pipeline: Engine(nlp=nlp)), base_url=LOCAL) as client:
        yield client


ARTICLE = (
    "Bakery wins national prize\n\n"
    "The Corner Bakery in Leeds won the national bread prize on Friday. "
    '"We bake every loaf by hand," said owner Priya Nair. She added that the prize money would buy a new oven.'
)


def test_analyze_finds_quotes_and_stores_only_when_asked(writable_client):
    before = writable_client.get("/api/overview").json()
    response = writable_client.post("/api/analyze", json={"text": ARTICLE, "outlet": "Test Post", "date": "2025-04-01"})
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["stored"] is False and data["article_id"] is None
    assert any("bake every loaf" in q["text"] for q in data["quotes"])
    for quote in data["quotes"]:
        assert " … ".join(ARTICLE[s:e] for s, e in quote["content"]) == quote["text"]
    assert writable_client.get("/api/overview").json() == before

    stored = writable_client.post("/api/analyze", json={"text": ARTICLE, "outlet": "Test Post", "store": True}).json()
    assert stored["stored"] is True
    article = writable_client.get(f"/api/articles/{stored['article_id']}").json()
    assert article["outlet"] == "Test Post" and len(article["quotes"]) == len(data["quotes"])
    assert writable_client.get("/api/overview").json()["articles"] == before["articles"] + 1


def test_analyze_form_shows_the_quotes_highlighted(writable_client):
    response = writable_client.post("/analyze", data={"text": ARTICLE, "title": "Bakery"})
    assert response.status_code == 200
    assert re.search(r'<mark class="quote[^"]*"[^>]*>[^<]*We bake every loaf', response.text)
    assert "Not stored" in response.text
    # Quotes not stored have no ids: no empty id box closes each quote's line.
    assert 'class="quote-id"' not in response.text
    upload = writable_client.post(
        "/analyze", data={"store": "true"}, files={"upload": ("bakery.txt", ARTICLE.encode(), "text/plain")}
    )
    assert upload.status_code == 200 and "open it in the corpus" in upload.text
    stored_at = re.search(r'<a href="/articles/([0-9a-f]{16})">open it in the corpus', upload.text).group(1)
    # The stored copy's page gives each quote its id.
    assert re.search(rf'class="quote-id"[^>]*>{stored_at}:0</code>', writable_client.get(f"/articles/{stored_at}").text)
    page = (
        "<html><head><title>Bakery wins national prize</title>"
        '<meta property="og:site_name" content="Leeds Loaf"><meta name="date" content="2025-04-02"></head>'
        "<body><article><h1>Bakery wins national prize</h1>"
        + "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n")[1:])
        + "<p>The judges tasted more than four hundred loaves from bakeries across the country.</p>"
        + "</article></body></html>"
    )
    html = writable_client.post("/analyze", files={"upload": ("bakery.html", page.encode(), "text/html")})
    assert html.status_code == 200, html.text
    assert re.search(r'<mark class="quote[^"]*"[^>]*>[^<]*We bake every loaf', html.text)
    assert "<h1 dir=\"auto\">Bakery wins national prize</h1>" in html.text
    empty = writable_client.post("/analyze", data={"text": "  "})
    assert empty.status_code == 422 and "Paste an article" in empty.text
    binary = writable_client.post("/analyze", files={"upload": ("x.bin", b"\x00\x01\x02bad", "application/octet-stream")})
    assert binary.status_code == 422 and "x.bin: holds NUL bytes" in binary.text
    blank = writable_client.post("/analyze", files={"upload": ("blank.txt", b"", "text/plain")})
    assert blank.status_code == 422 and "blank.txt: empty file" in blank.text
    # A Windows-1252 file is read as `analyze` and `ingest` read it, not refused.
    windows = writable_client.post("/analyze", files={"upload": ("cafe.txt", ARTICLE.replace('"', "\u201c", 1).encode("cp1252"), "text/plain")})
    assert windows.status_code == 200 and re.search(r'<mark class="quote[^"]*"[^>]*>[^<]*We bake every loaf', windows.text)


# --- pages --------------------------------------------------------------------------------


def test_every_page_renders(client):
    hit = first(client, q="deserved")
    pages = ["/", "/trends", "/voices", "/search?q=tram", "/articles", "/analyze", "/docs",
             f"/articles/{hit['article_id']}?quote={hit['position']}", f"/speakers/{hit['speaker_id']}"]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert "text/html" in response.headers["content-type"]
        assert not re.search(r'(src|href)="(https?:)?//', response.text), f"{page} loads something from elsewhere"


def test_pages_tell_the_browser_to_load_nothing_from_elsewhere(client):
    policy = client.get("/").headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert client.get("/api/overview").headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("filters", [{}, {"outlet": CORPUS[0]["outlet"]}, {"act": "all"},
                                     {"date_from": CORPUS[0]["date"][:10]}])
def test_each_overview_total_links_to_the_list_of_exactly_what_it_counts(client, filters):
    from html import unescape

    data = client.get("/api/overview", params=filters).json()
    html = client.get("/", params=filters).text
    totals = {stat: unescape(href) for href, stat in
              re.findall(r'<a class="stat stat-link" href="([^"]+)"[^>]*><span class="n" data-stat="(\w+)">', html)}
    assert set(totals) == {"articles", "quotes", "speakers", "people"}
    for stat, href in totals.items():
        path, _, query = href.partition("?")
        api = client.get(f"/api{path.replace('/search', '/quotes')}", params=dict(httpx.QueryParams(query))).json()
        assert api["total"] == data[stat], (stat, href)
        assert client.get(href).status_code == 200


def test_overview_page_shows_the_figures_of_the_api(client):
    data = client.get("/api/overview").json()
    html = client.get("/").text
    assert f'data-stat="quotes">{data["quotes"]:,}<' in html
    women = next(g for g in data["by_gender"] if g["gender"] == "female")
    assert re.search(rf'data-stat="women-share"><span [^>]*>{women["share"] * 100:.1f}%<', html)
    linked = r"(?:<a [^>]*>)?{:,}(?:</a>)?"
    assert re.search(r'data-stat="people-quotes">' + linked.format(data["people_quotes"]) + "<", html)
    for row in data["by_gender"]:
        assert re.search(rf'data-gender="{row["gender"]}">.*?<td class="num">' + linked.format(row["quotes"]) + "</td>", html)
    assert "how gender is inferred" in html.lower() or data["gender_note"][:40] in html


@pytest.mark.parametrize("page", ["/", "/?act=all", "/trends", "/trends?kind=direct", "first-outlet"])
def test_every_linked_figure_opens_the_search_that_lists_exactly_its_quotes(client, page):
    if page == "first-outlet":
        page = "/trends?" + str(httpx.QueryParams(outlet=CORPUS[0]["outlet"], date_from=CORPUS[0]["date"][:10]))
    html = client.get(page).text
    links = re.findall(r'<a class="count-link" href="([^"]+)"[^>]*>([\d,]+)</a>', html)
    assert len(links) >= (4 if page.startswith("/?") or page == "/" else 6), f"{page}: too few figures link to their quotes"
    for href, figure in links:
        href = href.replace("&amp;", "&")
        assert href.startswith("/search?")
        found = client.get("/api/quotes" + href.removeprefix("/search")).json()["total"]
        assert found == int(figure.replace(",", "")), f"{page}: {figure} links to {href}, which lists {found}"
        assert client.get(href).status_code == 200


def test_the_no_outlet_row_of_trends_links_to_exactly_its_quotes(tmp_path):
    """Articles without an outlet form the "(no outlet)" row: its counts link to their quotes like any row's."""
    from tests.fixtures.dashboard.samples import article, build_store

    path = build_store(tmp_path / "mixed.duckdb", [
        article(None, "2024-03-04", ["female", "male", "male"], title="Unsigned March"),
        article(None, None, ["female"], title="Unsigned undated"),
        article("Gazette", "2024-03-15", ["male", "unknown"], title="Signed"),
    ])
    with TestClient(create_app(path, read_only=True), base_url=LOCAL) as mixed:
        html = mixed.get("/trends").text
        row = re.search(r'<tr[^>]*data-key="\(no outlet\)"[^>]*>(.*?)</tr>', html, re.S).group(1)
        links = re.findall(r'<a class="count-link" href="([^"]+)"[^>]*>([\d,]+)</a>', row)
        # 4 quotes: 2 by women, 2 by men (zeros are not links).
        assert [figure for _, figure in links] == ["4", "2", "2"]
        for href, figure in links:
            href = href.replace("&amp;", "&")
            assert mixed.get("/api/quotes" + href.removeprefix("/search")).json()["total"] == int(figure)
        search = mixed.get(links[0][0].replace("&amp;", "&")).text
        assert re.search(r'<option value="\(no outlet\)" selected>', search)


def test_article_page_highlights_the_linked_quote_and_shows_resolutions(client):
    hit = first(client, q="deserved")
    html = client.get(f"/articles/{hit['article_id']}", params={"quote": hit["position"]}).text
    focused = re.search(r'<mark class="quote[^"]* focus" id="q-(\d+)"[^>]*>(.*?)</mark>', html)
    assert focused and int(focused.group(1)) == hit["position"]
    assert "deserved this win" in focused.group(2)
    assert f"he → {hit['speaker_name']}" in html
    assert '<span class="cue"' in html and '<span class="source' in html


def test_quote_lines_leave_out_the_outlet_and_date_an_article_lacks(tmp_path):
    """An article without outlet or date reads "cue “said” · Title", not "cue “said” · · Title"."""
    from tests.fixtures.dashboard.samples import article, build_store

    path = build_store(tmp_path / "bare.duckdb", [
        article(None, None, ["female"], title="Unsigned"),
        article("Gazette", "2024-03-15", ["male"], title="Signed"),
    ])
    with TestClient(create_app(path, read_only=True), base_url=LOCAL) as bare:
        speakers = {s["name"].split()[0]: s["speaker_id"] for s in bare.get("/api/voices").json()["items"]}
        pages = [bare.get("/search", params={"q": "matters"}).text,
                 bare.get(f"/speakers/{speakers['Ines']}").text, bare.get(f"/speakers/{speakers['Tomas']}").text]
    metas = [re.sub(r"\s+", " ", m) for html in pages for m in re.findall(r'<div class="meta">(.*?)</div>', html, re.S)]
    assert len(metas) == 4
    assert not any(re.search(r"·\s*·", m) for m in metas)
    assert sum("Gazette 2024-03-15 · <a" in m for m in metas) == 2


def test_each_quote_beside_an_article_names_its_speakers_gender_in_the_singular(tmp_path):
    from tests.fixtures.dashboard.samples import article, build_store

    pair = article("Gazette", "2024-03-15", ["female", "male", "unknown"], title="Three voices")
    path = build_store(tmp_path / "three.duckdb", [pair])
    with TestClient(create_app(path, read_only=True), base_url=LOCAL) as three:
        article_id = three.get("/api/articles").json()["items"][0]["article_id"]
        html = three.get(f"/articles/{article_id}").text
    sidebar = re.search(r'<ol class="quote-list".*?</ol>', html, re.S).group(0)
    genders = re.findall(r"· (woman|man|gender unknown|Women|Men|Unknown)\s", sidebar)
    assert genders == ["woman", "man", "gender unknown"]


def test_list_pages_paginate_with_links_that_keep_the_filters(client):
    total = client.get("/api/quotes", params={"kind": "direct"}).json()["total"]
    html = client.get("/search", params={"kind": "direct", "limit": 3}).text
    assert f"1–3 of {total}" in html
    next_link = re.search(r'<a rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert "kind=direct" in next_link and "offset=3" in next_link
    second = client.get(next_link).text
    assert f"4–6 of {total}" in second and 'rel="prev"' in second
    speaker = first(client, speaker="Martin Solveig")
    quotes = client.get(f"/api/speakers/{speaker['speaker_id']}").json()["quotes"]
    html = client.get(f"/speakers/{speaker['speaker_id']}", params={"limit": 1}).text
    assert f"1–1 of {quotes}" in html and html.count('class="quote-hit"') == 1


def test_pages_answer_bad_parameters_with_an_html_message(client):
    response = client.get("/search", params={"date_from": "2025-99-01"})
    assert response.status_code == 422 and "date_from" in response.text and "<html" in response.text
    missing = client.get("/articles/does-not-exist")
    assert missing.status_code == 404 and "does-not-exist" in missing.text


def test_empty_form_fields_are_ignored(client):
    response = client.get("/search", params={"q": "", "outlet": "", "date_from": "", "kind": ""})
    assert response.status_code == 200
    assert client.get("/api/quotes", params={"outlet": "", "date_to": ""}).json()["total"] == len(
        list(annotated_quotes())
    )


# --- serving ----------------------------------------------------------------------------


def test_concurrent_requests_on_a_real_server_all_succeed(store_path):
    app = create_app(store_path, read_only=True)
    urls = ["/api/overview", "/api/voices", "/api/quotes?q=tram", "/api/trends?group=outlet", "/"] * 8
    with running(app) as base, httpx.Client(base_url=base, timeout=30) as http:
        expected = {u: http.get(u).text for u in set(urls)}
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(lambda u: (u, http.get(u)), urls))
    for url, response in answers:
        assert response.status_code == 200
        assert response.text == expected[url]


def test_reads_stay_correct_while_articles_are_stored(store_path, tmp_path, nlp):
    from whosaid import Engine

    copy = tmp_path / "busy.duckdb"
    shutil.copy(store_path, copy)
    app = create_app(copy, engine_factory=lambda pipeline: Engine(nlp=nlp))
    new = [ARTICLE, ARTICLE.replace("Priya Nair", "Omar Haddad").replace("She added", "He added")]
    with running(app) as base, httpx.Client(base_url=base, timeout=60) as http:
        before = http.get("/api/overview").json()["articles"]

        def call(job):
            if isinstance(job, str):
                return http.post("/api/analyze", json={"text": job, "store": True})
            return http.get(job[0])

        jobs = [("/api/overview",), ("/api/voices",), ("/api/quotes?q=loaf",), ("/",)] * 6
        jobs[5:5] = new
        with ThreadPoolExecutor(max_workers=6) as pool:
            answers = list(pool.map(call, jobs))
        assert [r.status_code for r in answers] == [200] * len(jobs)
        assert http.get("/api/overview").json()["articles"] == before + len(new)
        assert http.get("/api/quotes", params={"q": "bake every loaf"}).json()["total"] == len(new)


def test_missing_store_is_a_clear_error(tmp_path, capsys):
    with pytest.raises(StoreError, match="whosaid ingest"):
        create_app(tmp_path / "missing.duckdb")
    assert cli_main(["serve", "--db", str(tmp_path / "missing.duckdb")]) == 2
    assert "no such store" in capsys.readouterr().err


def test_an_empty_store_shows_every_page_with_zeros(tmp_path):
    from whosaid.store import Store

    Store(tmp_path / "empty.duckdb").close()
    with TestClient(create_app(tmp_path / "empty.duckdb", read_only=True), base_url=LOCAL) as empty:
        overview = empty.get("/api/overview").json()
        assert overview["articles"] == overview["quotes"] == 0
        assert all(g["quotes"] == 0 and g["share"] is None for g in overview["by_gender"])
        assert empty.get("/api/trends").json()["rows"] == []
        assert empty.get("/api/voices").json() == {"total": 0, "limit": 50, "offset": 0, "items": []}
        for page in ["/", "/trends", "/voices", "/search?q=x", "/articles", "/analyze"]:
            assert empty.get(page).status_code == 200, page
        assert "whosaid ingest" in empty.get("/").text


def test_a_taken_port_is_reported_before_anything_is_announced(store_path, capsys):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = cli_main(["serve", "--db", str(store_path), "--port", str(port), "--read-only"])
    err = capsys.readouterr().err
    assert code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in err and "dashboard on" not in err


def test_a_file_that_is_not_a_store_is_refused(tmp_path):
    import duckdb

    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).execute("CREATE TABLE t (x INTEGER)").close()
    with pytest.raises(StoreError, match="not a whosaid store"):
        create_app(other, read_only=True)


def test_serve_help_teaches_usage(capsys):
    with pytest.raises(SystemExit):
        cli_main(["serve", "--help"])
    out = capsys.readouterr().out
    assert "--db" in out and "127.0.0.1" in out and "examples" in out


# --- the highlighter ----------------------------------------------------------------------


def test_highlighter_marks_an_interrupted_quote_as_one_and_escapes_the_text():
    from whosaid.serve.highlight import highlight, marked_quotes

    text = 'Vote\n\n"We lost," <b>Price</b> said, "and that is all." Ann & Bo said x < y.'
    first = (text.index('"We'), text.index('<b>') - 1)
    second = (text.index('"and'), text.index('all."') + 5)
    source = (text.index("<b>"), text.index("</b>") + 4)
    cue = (text.index("said"), text.index("said") + 4)
    quotes = [
        {"position": 0, "content": [first, second], "source": [source], "cue": [cue],
         "speaker_id": "p1", "speaker_name": "Daniel Price", "source_text": text[source[0]:source[1]]},
        {"position": 1, "content": [(len(text) - 6, len(text) + 50)], "source": [(9999, 10005)], "cue": [],
         "speaker_id": None, "speaker_name": None, "source_text": None},
    ]
    html = str(highlight(text, marked_quotes(quotes), focus=0))
    assert "<b>" not in html and "&lt;b&gt;Price&lt;/b&gt;" in html and "Ann &amp; Bo" in html
    marks = re.findall(r'<mark class="quote ([^"]*)"( id="q-\d+")? data-quote="(\d+)"', html)
    assert [m[2] for m in marks] == ["0", "0", "1"]
    assert [bool(m[1]) for m in marks] == [True, False, True], "one anchor per quote"
    assert all("focus" in m[0] for m in marks[:2]) and "focus" not in marks[2][0]
    assert "sp-0" in marks[0][0] and "sp-none" in marks[2][0]
    assert '→ Daniel Price</span>' in html
    # The text itself is never lost or reordered by the marking.
    without_badges = re.sub(r' <span class="resolved[^"]*">[^<]*</span>', "", html)
    assert re.sub(r"<[^>]+>", "", without_badges) == str(__import__("markupsafe").escape(text))


# --- any store the engine could write ------------------------------------------------------


@st.composite
def analysed_articles(draw):
    """An article with optional metadata and quotes over arbitrary spans of its text."""
    from whosaid.records import Article, ArticleResult, Evidence, Quote, Speaker

    words = draw(st.lists(st.sampled_from(["said", "he", "she", "Ann", "Lee", "the", "“We", "win,”", "\n\n", "é"]),
                          min_size=3, max_size=30))
    text = "Title\n\n" + " ".join(words)
    names = draw(st.lists(st.sampled_from(["Ann Lee", "Bo Chen", "City Hall", "The Union"]), max_size=3, unique=True))
    speakers = [
        Speaker(
            name=name,
            kind=draw(st.sampled_from(["person", "organization", "group"])),
            gender=draw(st.sampled_from(["female", "male", "nonbinary", "unknown"])),
            gender_evidence=(Evidence("female", "pronoun", "she"),) if draw(st.booleans()) else (),
            role=draw(st.none() | st.just("mayor")),
            aliases=tuple(draw(st.lists(st.sampled_from(["Lee", "Chen", "the mayor"]), max_size=2))),
        )
        for name in names
    ]

    def span():
        start = draw(st.integers(0, len(text) - 1))
        return (start, draw(st.integers(start + 1, len(text))))

    quotes = []
    for _ in range(draw(st.integers(0, 4))):
        speaker = draw(st.none() | st.sampled_from(speakers)) if speakers else None
        content = tuple(sorted(draw(st.lists(st.builds(span), min_size=1, max_size=2))))
        quotes.append(Quote(
            content=content, source=(span(),) if draw(st.booleans()) else (), cue=(span(),) if draw(st.booleans()) else (),
            kind=draw(st.sampled_from(["direct", "indirect", "mixed"])),
            speaker=speaker.name if speaker else None,
            speaker_kind=speaker.kind if speaker else "unnamed",
            text=" … ".join(text[s:e] for s, e in content),
            gender=draw(st.sampled_from(["female", "male", "nonbinary", "unknown"])),
        ))
    article = Article(
        id="", text=text, title=draw(st.none() | st.just("Title")),
        outlet=draw(st.none() | st.sampled_from(["Gazette", "Ledger"])),
        date=draw(st.none() | st.sampled_from(["2024-12-31", "2025-01-01", "not a date"])),
        url=draw(st.none() | st.sampled_from(["https://example.org/a", "javascript:alert(1)"])),
    )
    return article, ArticleResult(id="", quotes=quotes, speakers=speakers)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(pairs=st.lists(analysed_articles(), min_size=1, max_size=4))
def test_every_page_and_endpoint_answers_for_any_store(tmp_path_factory, pairs):
    from whosaid.store import Store

    path = tmp_path_factory.mktemp("any") / "any.duckdb"
    with Store(path) as store:
        for article, result in pairs:
            store.add(article, result)
    with TestClient(create_app(path, read_only=True), base_url=LOCAL) as any_client:
        paths = ["/", "/trends", "/voices", "/search", "/articles", "/api/overview", "/api/trends", "/api/trends/women",
                 "/api/trends?group=outlet", "/api/voices", "/api/quotes", "/api/articles", "/api/outlets",
                 "/api/quotes.csv"]
        for article in any_client.get("/api/articles", params={"limit": 200}).json()["items"]:
            paths += [f"/articles/{article['article_id']}", f"/api/articles/{article['article_id']}"]
        for voice in any_client.get("/api/voices", params={"limit": 200}).json()["items"]:
            paths += [f"/speakers/{voice['speaker_id']}", f"/api/speakers/{voice['speaker_id']}"]
        for page in paths:
            response = any_client.get(page)
            assert response.status_code == 200, page
            assert "javascript:" not in response.text or page.startswith("/api"), page


def test_an_unnamed_source_shows_the_description_it_stands_for(tmp_path):
    from whosaid.records import Article, ArticleResult, Quote
    from whosaid.store import Store

    text = "Board answers\n\nThe regional water board, which said the pipes were safe, met on Monday."
    which = text.index("which")
    content = (text.index("the pipes"), text.index(", met"))
    quote = Quote(content=(content,), source=((which, which + 5),), cue=((which + 6, which + 10),), kind="indirect",
                  speaker=None, speaker_kind="unnamed", text=text[content[0]:content[1]],
                  speaker_description="the regional water board")
    path = tmp_path / "described.duckdb"
    with Store(path) as store:
        store.add(Article(id="board", text=text, title="Board answers"), ArticleResult(id="board", quotes=[quote]))
        assert store.connection.execute("SELECT speaker_description FROM quotes").fetchall() == [
            ("the regional water board",)]
    with TestClient(create_app(path, read_only=True), base_url=LOCAL) as described:
        (stored,) = described.get("/api/articles").json()["items"]
        page = described.get(f"/articles/{stored['article_id']}").text
        assert "the regional water board (unnamed)" in page
        assert "which (unnamed)" not in page
        found = described.get("/search", params={"q": "pipes"}).text
        assert "the regional water board" in found


def test_pages_say_what_their_counts_count_and_name_a_missing_outlet_one_way(tmp_path):
    import dataclasses

    from tests.fixtures.dashboard.samples import article, build_store

    record, result = article(None, "2024-05-02", ["female", "male"], title="Pier repairs")
    result.quotes[1] = dataclasses.replace(result.quotes[1], act="thought")
    path = build_store(tmp_path / "acts.duckdb", [(record, result), article("Gazette", "2024-05-03", ["female"])])
    with TestClient(create_app(path, read_only=True), base_url=LOCAL) as pages:
        items = pages.get("/api/articles").json()["items"]
        unsigned = next(a for a in items if a["title"] == "Pier repairs")
        byline = re.search(r'<p class="byline">(.*?)</p>', pages.get(f"/articles/{unsigned['article_id']}").text, re.S)
        listing, overview = pages.get("/articles").text, pages.get("/").text
    byline = " ".join(byline.group(1).split())
    assert byline.startswith("(no outlet) · 2024-05-02") and "1 speech quote (2 of every act)" in byline
    assert "<td>(no outlet)</td>" in listing and '<th class="num">Speech quotes</th>' in listing
    assert re.search(r'data-stat="quotes">2</span> speech quotes', overview)


def test_an_article_stored_from_the_form_or_the_api_is_titled_by_its_headline(writable_client):
    text = ("Lifeboat crew rescues two sailors\n\n"
            '"The sea was rough," said coxswain Mira Holt after the crew returned on Sunday.')
    form = writable_client.post("/analyze", data={"text": text, "store": "true"})
    assert form.status_code == 200, form.text
    api = writable_client.post("/api/analyze", json={"text": text.replace("two", "three"), "store": True}).json()
    given = writable_client.post("/api/analyze", json={"text": text.replace("two", "four"), "title": "Rescue",
                                                        "store": True}).json()
    body_only = writable_client.post("/api/analyze", json={"text": text.split("\n\n")[1] + " Again.", "store": True}).json()
    form_id = re.search(r'Stored: <a href="/articles/([^"]+)"', form.text).group(1)

    def title(article_id: str):
        return writable_client.get(f"/api/articles/{article_id}").json()["title"]

    assert title(form_id) == "Lifeboat crew rescues two sailors"
    assert title(api["article_id"]) == "Lifeboat crew rescues three sailors"
    assert title(given["article_id"]) == "Rescue"
    assert title(body_only["article_id"]) is None


def test_the_api_address_the_footer_names_leads_to_the_api_reference(client):
    page = client.get("/")
    assert 'href="/docs">/api</a>' in page.text
    response = client.get("/api", follow_redirects=False)
    assert response.status_code == 307 and response.headers["location"] == "/docs"
    assert client.get("/api").status_code == 200 and "/api/analyze" in client.get("/api").text
    # Every endpoint is still under /api/...; the address alone is no endpoint of the JSON API.
    assert "/api" not in client.get("/openapi.json").json()["paths"]


def test_a_quote_also_in_other_articles_names_their_outlets_not_its_own(tmp_path):
    from tests.fixtures.dashboard.samples import article, build_store

    carriers = [("Harbour Times", "One."), ("Valley Post", "Two."), (None, "Three.")]
    path = build_store(tmp_path / "echo.duckdb", [
        article(outlet, "2024-03-15", ["female"], title="Pier vote", body=body) for outlet, body in carriers])
    with TestClient(create_app(path, read_only=True), base_url=LOCAL) as echo:
        ids = {a["outlet"]: a["article_id"] for a in echo.get("/api/articles").json()["items"]}
        quote = echo.get(f"/api/articles/{ids['Valley Post']}").json()["quotes"][0]["echo"]
        html = re.sub(r"\s+", " ", echo.get(f"/articles/{ids['Valley Post']}").text)
        unsigned = echo.get(f"/api/articles/{ids[None]}").json()["quotes"][0]["echo"]
    assert (quote["other_articles"], quote["other_outlets"], quote["other_without_outlet"]) == (2, ["Harbour Times"], 1)
    assert "Also in 2 other articles (Harbour Times, no outlet)" in html
    assert (unsigned["other_outlets"], unsigned["other_without_outlet"]) == (["Harbour Times", "Valley Post"], 0)


def test_an_article_run_by_several_outlets_names_the_others_with_their_dates_and_addresses(tmp_path):
    """A wire story the Harbour Times ran first and the Valley Post a day later is one article, counted under both
    outlets: its page says so, not only the first outlet's name."""
    from dataclasses import replace

    from tests.fixtures.dashboard.samples import article
    from whosaid.store import Store

    wire, result = article("Harbour Times", "2024-03-15", ["female"], title="Ferry strike")
    path = tmp_path / "wire.duckdb"
    with Store(path) as store:
        store.add(replace(wire, url="https://harbour-times.example/ferry"), result)
        store.add(replace(wire, id="vp-1", outlet="Valley Post", date="2024-03-16",
                          url="https://valley-post.example/ferry"), result)
        store.add(*article("Valley Post", "2024-03-20", ["male"], title="Bridge repairs"))
    with TestClient(create_app(path, read_only=True), base_url=LOCAL) as wired:
        ids = {a["title"]: a["article_id"] for a in wired.get("/api/articles").json()["items"]}
        shared = wired.get(f"/api/articles/{ids['Ferry strike']}").json()
        alone = wired.get(f"/api/articles/{ids['Bridge repairs']}").json()
        html = re.sub(r"\s+", " ", wired.get(f"/articles/{ids['Ferry strike']}").text)
        single = wired.get(f"/articles/{ids['Bridge repairs']}").text
    assert shared["outlet"] == "Harbour Times"
    assert shared["also_published"] == [
        {"outlet": "Valley Post", "date": "2024-03-16", "url": "https://valley-post.example/ferry"}]
    assert alone["also_published"] == []
    assert ('Also published by Valley Post · 2024-03-16 · '
            '<a href="https://valley-post.example/ferry" rel="noopener noreferrer">original</a>') in html
    assert "Also published by" not in single


def test_with_an_outlet_chosen_lists_show_a_syndicated_article_under_that_outlet_with_its_date(tmp_path):
    """The Valley Post ran the Harbour Times' wire story a day later: a list of the Valley Post's quotes or
    articles (and its CSV) shows the story as the Valley Post's, not under the Harbour Times' name."""
    from dataclasses import replace

    from tests.fixtures.dashboard.samples import article
    from whosaid.store import Store

    wire, result = article("Harbour Times", "2024-03-15", ["female"], title="Ferry strike")
    path = tmp_path / "lists.duckdb"
    with Store(path) as store:
        store.add(replace(wire, url="https://harbour-times.example/ferry"), result)
        store.add(replace(wire, id="vp-1", outlet="Valley Post", date="2024-03-16",
                          url="https://valley-post.example/ferry"), result)
        store.add(*article("Valley Post", "2024-03-20", ["male"], title="Bridge repairs"))
    with TestClient(create_app(path, read_only=True), base_url=LOCAL) as lists:
        post = {"outlet": "Valley Post"}
        quoted = {(q["title"], q["outlet"], q["date"]) for q in lists.get("/api/quotes", params=post).json()["items"]}
        listed = {(a["title"], a["outlet"], a["date"], a["url"])
                  for a in lists.get("/api/articles", params=post).json()["items"]}
        table = list(csv.DictReader(io.StringIO(lists.get("/api/quotes.csv", params=post).text)))
        page = lists.get("/search", params=post).text
        everywhere = {(q["title"], q["outlet"]) for q in lists.get("/api/quotes").json()["items"]}
    assert quoted == {("Ferry strike", "Valley Post", "2024-03-16"), ("Bridge repairs", "Valley Post", "2024-03-20")}
    assert ("Ferry strike", "Valley Post", "2024-03-16", "https://valley-post.example/ferry") in listed
    assert {(r["title"], r["outlet"], r["date"]) for r in table} == quoted
    assert "Harbour Times" not in page.split("<ol", 1)[1]
    assert everywhere == {("Ferry strike", "Harbour Times"), ("Bridge repairs", "Valley Post")}


def test_a_speakers_months_run_without_gaps_from_the_first_to_the_last(tmp_path):
    from tests.fixtures.dashboard.samples import article, build_store

    pairs = [article("Quay Courier", day, ["female"], title="Pier works", body=body)
             for day, body in [("2024-01-09", "The pier closes. "), ("2024-04-02", "The pier reopens. "),
                               ("2024-04-20", "The pier is painted. ")]]
    path = build_store(tmp_path / "months.duckdb", pairs)
    with TestClient(create_app(path, read_only=True), base_url=LOCAL) as months:
        (voice,) = months.get("/api/voices").json()["items"]
        timeline = months.get(f"/api/speakers/{voice['speaker_id']}").json()["timeline"]
    assert timeline == [{"month": "2024-01", "quotes": 1}, {"month": "2024-02", "quotes": 0},
                        {"month": "2024-03", "quotes": 0}, {"month": "2024-04", "quotes": 2}]


def test_a_speakers_role_is_that_of_the_latest_article_and_the_page_lists_the_earlier_ones(tmp_path):
    from whosaid.records import Article, ArticleResult, Quote, Speaker
    from whosaid.store import Store

    def dated(day: str, role: str, n: int) -> tuple[Article, ArticleResult]:
        text = f"Headline {day}\n\n" + " ".join(f'"Point {n} of {day} stands," Wilhelmina Tarrow said.' for n in range(n))
        quotes, at = [], 0
        for i in range(n):
            start = text.index(f"Point {i} of", at)
            end = text.index(",", start) + 1
            at = end
            quotes.append(Quote(content=((start, end),), source=(), cue=(), kind="direct", speaker="Wilhelmina Tarrow",
                                speaker_kind="person", text=text[start:end], role=role))
        speaker = Speaker(name="Wilhelmina Tarrow", kind="person", role=role, quoted=True)
        return Article(id=day, text=text, date=day, outlet="Gazette"), ArticleResult(id=day, quotes=quotes, speakers=[speaker])

    path = tmp_path / "roles.duckdb"
    articles = [dated("2026-01-10", "Senator", 3), dated("2026-02-10", "Senator", 3), dated("2026-03-10", "Senator", 2),
                dated("2026-04-10", "transport secretary", 2), dated("2026-06-10", "transport secretary", 3)]
    with Store(path) as s:
        for pair in articles[::-1]:  # the order they are stored in does not matter
            s.add(*pair)
        assert s.connection.execute("SELECT role FROM speakers").fetchall() == [("transport secretary",)]
    with TestClient(create_app(str(path), read_only=True), base_url=LOCAL) as client:
        voice = client.get("/api/voices").json()["items"][0]
        assert voice["role"] == "transport secretary"
        detail = client.get(f"/api/speakers/{voice['speaker_id']}").json()
        assert [(r["role"], r["quotes"], r["first_date"]) for r in detail["roles"]] == [
            ("transport secretary", 5, "2026-04-10"), ("Senator", 8, "2026-01-10")]
        html = client.get(f"/speakers/{voice['speaker_id']}").text
    role = re.sub(r"\s+", " ", re.search(r'<dd id="speaker-role">(.*?)</dd>', html, re.S).group(1))
    assert role == "transport secretary (since Apr 2026, 5 quotes); earlier: Senator (8)"


def test_a_role_written_in_two_cases_is_listed_once_on_the_speaker_page(tmp_path):
    from whosaid.records import Article, ArticleResult, Quote, Speaker
    from whosaid.store import Store

    def dated(day: str, role: str) -> tuple[Article, ArticleResult]:
        text = f"Headline {day}\n\n\"The pier reopens on {day},\" Osric Vane said."
        start = text.index("The pier")
        end = text.index(",", start) + 1
        quote = Quote(content=((start, end),), source=(), cue=(), kind="direct", speaker="Osric Vane",
                      speaker_kind="person", text=text[start:end], role=role)
        speaker = Speaker(name="Osric Vane", kind="person", role=role, quoted=True)
        return Article(id=day, text=text, date=day, outlet="Gazette"), ArticleResult(id=day, quotes=[quote], speakers=[speaker])

    path = tmp_path / "cases.duckdb"
    with Store(path) as s:
        for day, role in (("2026-01-10", "harbour master"), ("2026-02-10", "Mayor"), ("2026-03-10", "mayor"),
                          ("2026-04-10", "Mayor"), ("2026-05-10", "mayor")):
            s.add(*dated(day, role))
        (current,) = s.connection.execute("SELECT role FROM speakers").fetchone()
    assert current.lower() == "mayor"
    with TestClient(create_app(str(path), read_only=True), base_url=LOCAL) as client:
        sid = client.get("/api/voices").json()["items"][0]["speaker_id"]
        roles = client.get(f"/api/speakers/{sid}").json()["roles"]
        assert [(r["role"], r["quotes"], r["first_date"]) for r in roles] == [
            (current, 4, "2026-02-10"), ("harbour master", 1, "2026-01-10")]
        html = client.get(f"/speakers/{sid}").text
    role = re.sub(r"\s+", " ", re.search(r'<dd id="speaker-role">(.*?)</dd>', html, re.S).group(1))
    assert role == f"{current} (since Feb 2026, 4 quotes); earlier: harbour master (1)"


def test_outlet_line_colours_keep_clear_of_the_gender_colours():
    import math

    static = Path(__file__).resolve().parents[1] / "src" / "whosaid" / "serve" / "static"
    lines = re.findall(r"#[0-9a-f]{6}", re.search(r"LINE_COLOURS = \[(.*?)\]", (static / "charts.js").read_text()).group(1))
    genders = re.findall(r"--(?:female|male|nonbinary|unknown): (#[0-9a-f]{6})", (static / "style.css").read_text())
    rgb = lambda colour: [int(colour[i : i + 2], 16) for i in (1, 3, 5)]  # noqa: E731
    assert len(lines) == 8 and len(genders) == 4
    assert min(math.dist(rgb(a), rgb(b)) for a in lines for b in genders) >= 75

    def lab(colour):  # sRGB (D65) to CIELAB, where distance follows how different colours look
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (v / 255 for v in rgb(colour))]
        xyz = [sum(w * c for w, c in zip(row, linear)) / white for row, white in zip(
            ((0.4124, 0.3576, 0.1805), (0.2126, 0.7152, 0.0722), (0.0193, 0.1192, 0.9505)), (0.95047, 1.0, 1.08883))]
        f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz]
        return (116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2]))

    # Two outlets in near-identical blues read as one: every pair differs clearly (CIE76 delta E).
    assert min(math.dist(lab(a), lab(b)) for i, a in enumerate(lines) for b in lines[:i]) >= 50


def test_a_store_written_with_the_most_frequent_role_shows_the_current_one_once_opened_for_writing(tmp_path):
    from whosaid.records import Article, ArticleResult, Quote, Speaker
    from whosaid.store import Store

    def dated(day: str, role: str) -> tuple[Article, ArticleResult]:
        text = f"Ferries {day}\n\n\"The crossing is safe,\" Ossian Vale said."
        start = text.index('"')
        quote = Quote(content=((start, text.index(",") + 2),), source=(), cue=(), kind="direct", speaker="Ossian Vale",
                      speaker_kind="person", text="The crossing is safe,", role=role)
        return (Article(id=day, text=text, date=day, outlet="Gazette"),
                ArticleResult(id=day, quotes=[quote], speakers=[Speaker(name="Ossian Vale", kind="person", role=role)]))

    path = tmp_path / "old.duckdb"
    with Store(path) as s:
        for pair in (dated("2026-01-02", "harbour master"), dated("2026-01-03", "harbour master"), dated("2026-05-04", "port minister")):
            s.add(*pair)
        s.connection.execute("UPDATE speakers SET role = 'harbour master'")  # as the most-frequent rule stored it
    with Store(path) as s:
        assert s.connection.execute("SELECT role FROM speakers").fetchall() == [("port minister",)]
