"""The dashboard against hostile pages and hostile input: DNS rebinding, formula CSV, odd and huge bodies, HEAD."""

from __future__ import annotations

import csv
import io
import shutil

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.fixtures.dashboard.corpus import build_annotated_store, load_corpus
from tests.fixtures.dashboard.server import free_port, running
from tests.test_safe_csv import HOSTILE, hostile_store, runs_as_formula
from whosaid.cli import main as cli_main
from whosaid.serve import create_app

LOCAL = "http://127.0.0.1:8000"
REBIND = {"Host": "rebind.example:8000", "Origin": "http://rebind.example:8000"}
ARTICLE = "Title\n\nBody."


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    return build_annotated_store(tmp_path_factory.mktemp("security") / "news.duckdb")


@pytest.fixture(scope="module")
def client(store_path):
    with TestClient(create_app(store_path, read_only=True), base_url=LOCAL) as client:
        yield client


@pytest.fixture
def writable(store_path, tmp_path):
    copy = tmp_path / "copy.duckdb"
    shutil.copy(store_path, copy)
    return copy


def article_count(client) -> int:
    return client.get("/api/overview").json()["articles"]


# --- DNS rebinding: the Host allow-list ----------------------------------------------------


def test_the_rebinding_request_of_the_report_is_refused_by_a_real_server(writable):
    """curl -X POST http://127.0.0.1:PORT/analyze -H 'Host: rebind.example:PORT' -H 'Origin: ...' --data-urlencode text=..."""
    app = create_app(writable)
    with running(app) as base, httpx.Client(base_url=base, timeout=30) as http:
        before = http.get("/api/overview").json()["articles"]
        port = base.rsplit(":", 1)[1]
        hostile = {"Host": f"rebind.example:{port}", "Origin": f"http://rebind.example:{port}"}
        stored = http.post("/analyze", headers=hostile, data={"text": ARTICLE, "store": "true"})
        read = http.get("/api/quotes", headers=hostile)
        assert http.get("/api/overview").json()["articles"] == before
    assert stored.status_code == read.status_code == 400
    assert "rebind.example" in stored.text and "--allow-host" in stored.text and len(stored.content) < 400
    assert read.json()["message"].startswith("Refused")


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1", "127.0.0.1:1234", "[::1]:8000",
                                  "[0:0:0:0:0:0:0:1]", "LocalHost.:80"])
def test_loopback_names_are_answered_on_any_port(client, host):
    assert client.get("/api/outlets", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("host", ["rebind.example", "rebind.example:8000", "localhost.rebind.example",
                                  "127.0.0.1.nip.io", "rebind.example@localhost", "localhost:notaport", ""])
def test_any_other_host_is_refused_with_a_short_answer(client, host):
    for path in ["/api/outlets", "/", "/static/style.css", "/docs", "/openapi.json"]:
        response = client.get(path, headers={"Host": host})
        assert response.status_code == 400, (path, host)
        assert len(response.content) < 400 and "--allow-host" in response.text


def test_hosts_named_when_starting_are_answered_and_others_still_refused(store_path):
    app = create_app(store_path, read_only=True, allowed_hosts=["Dash.Example", "192.168.1.20", "[fd00::2]"])
    with TestClient(app, base_url=LOCAL) as named:
        for host in ["dash.example", "dash.example:8443", "192.168.1.20:8000", "[fd00::2]:80", "localhost"]:
            assert named.get("/api/outlets", headers={"Host": host}).status_code == 200, host
        for host in ["evil.example", "sub.dash.example", "192.168.1.21"]:
            assert named.get("/api/outlets", headers={"Host": host}).status_code == 400, host
    with TestClient(create_app(store_path, read_only=True, allowed_hosts=["*"]), base_url=LOCAL) as anyone:
        assert anyone.get("/api/outlets", headers={"Host": "anything.example"}).status_code == 200


def test_the_form_takes_posts_only_from_an_allowed_origin_on_the_same_host_and_port(store_path):
    app = create_app(store_path, read_only=True, allowed_hosts=["dash.example"])
    with TestClient(app, base_url=LOCAL) as client:
        def post(host: str, origin: str) -> int:
            # No text: an accepted post is refused later, for that (422), without running the engine.
            return client.post("/analyze", data={"text": ""}, headers={"Host": host, "Origin": origin}).status_code

        assert post("127.0.0.1:8000", "http://127.0.0.1:8000") == 422
        assert post("dash.example", "https://dash.example") == 422
        assert post("localhost:8000", "http://localhost:3000") == 403, "another local app on another port"
        assert post("dash.example:8000", "http://rebind.example:8000") == 403
        assert post("localhost:8000", "null") == 403


def test_serve_passes_its_host_names_and_body_limit_to_the_app(store_path, monkeypatch, capsys):
    import uvicorn

    served = {}
    monkeypatch.setattr(uvicorn.Server, "run", lambda self, sockets=None: served.update(app=self.config.app))
    code = cli_main(["serve", "--db", str(store_path), "--read-only", "--port", str(free_port()),
                     "--allow-host", "newsroom.example", "--allow-host", "10.0.0.7", "--max-body-mb", "0.001"])
    assert code == 0
    with TestClient(served["app"], base_url=LOCAL) as client:
        assert client.get("/api/outlets", headers={"Host": "newsroom.example:8000"}).status_code == 200
        assert client.get("/api/outlets", headers={"Host": "10.0.0.7"}).status_code == 200
        assert client.get("/api/outlets", headers={"Host": "rebind.example"}).status_code == 400
        assert client.post("/api/analyze", json={"text": "x" * 2000}).status_code == 413
    with pytest.raises(SystemExit):
        cli_main(["serve", "--db", str(store_path), "--allow-host", "http://x/"])
    assert "'http://x/' is not a host name" in capsys.readouterr().err


def test_serve_help_explains_the_security_options(capsys):
    with pytest.raises(SystemExit):
        cli_main(["serve", "--help"])
    out = capsys.readouterr().out
    assert "--allow-host" in out and "--max-body-mb" in out and "DNS rebinding" in out and "formula" in out


# --- CSV formula injection -------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "news.duckdb"
    hostile_store(path)
    with TestClient(create_app(path, read_only=True), base_url=LOCAL) as client:
        yield client


@pytest.mark.parametrize("path", ["/api/quotes.csv", "/api/voices.csv", "/api/trends.csv?group=outlet",
                                  "/api/trends.csv?group=month", "/api/trends/women.csv"])
def test_csv_downloads_write_no_cell_a_spreadsheet_would_run(hostile, path):
    response = hostile.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text, newline="")))
    assert len(rows) > 1
    assert not [cell for row in rows for cell in row if runs_as_formula(cell)]
    values = {cell for row in rows for cell in row}
    expected = {"/api/quotes.csv": HOSTILE[:5], "/api/voices.csv": HOSTILE[3:5],
                "/api/trends/women.csv": HOSTILE[1:3], "/api/trends.csv?group=outlet": HOSTILE[1:3]}
    for text in expected.get(path, []):
        assert "'" + text in values, f"{text!r} missing or not escaped in {path}"


def test_voices_and_trends_csv_hold_the_figures_of_their_pages(client):
    voices = client.get("/api/voices", params={"limit": 200}).json()["items"]
    rows = list(csv.DictReader(io.StringIO(client.get("/api/voices.csv").text)))
    assert [r["speaker_id"] for r in rows] == [v["speaker_id"] for v in voices]
    assert [int(r["quotes"]) for r in rows] == [v["quotes"] for v in voices]
    assert rows[0]["rank"] == "1" and rows[0]["outlets"] == "; ".join(voices[0]["outlets"])

    outlet = load_corpus()[0]["outlet"]
    for group in ["month", "outlet"]:
        trends = client.get("/api/trends", params={"group": group, "outlet": outlet}).json()["rows"]
        table = list(csv.DictReader(io.StringIO(client.get("/api/trends.csv", params={"group": group, "outlet": outlet}).text)))
        assert [r[group] for r in table] == [t["key"] for t in trends]
        assert [int(r["female"]) for r in table] == [t["counts"]["female"] for t in trends]
        shares = [t["shares"]["female"] for t in trends]
        assert [r["female_share"] for r in table] == ["" if s is None else str(s) for s in shares]
    women = client.get("/api/trends/women").json()
    cells = list(csv.DictReader(io.StringIO(client.get("/api/trends/women.csv").text)))
    assert len(cells) == len(women["months"]) * len(women["outlets"])
    assert sum(int(c["women"]) for c in cells) == sum(p["women"] for s in women["outlets"] for p in s["points"])


def test_top_voices_and_trends_pages_link_their_csv_with_their_filters(client):
    outlet = load_corpus()[0]["outlet"]
    voices = client.get("/voices", params={"outlet": outlet}).text
    trends = client.get("/trends", params={"outlet": outlet}).text
    query = httpx.QueryParams({"outlet": outlet})
    assert f'href="/api/voices.csv?{query}"' in voices
    assert f'href="/api/trends.csv?group=month&amp;{query}"' in trends
    assert f'href="/api/trends.csv?group=outlet&amp;{query}"' in trends
    assert f'href="/api/trends/women.csv?{query}"' in trends


# --- bad and oversized bodies -----------------------------------------------------------------


@pytest.mark.parametrize("body", [b'{"text": "\\ud800"}', b'{"text": "Title\\n\\nBody \\udfff."}',
                                  b'{"text": "Title\\n\\nBody.", "title": "\\ud83d"}'])
def test_a_lone_surrogate_is_answered_422_naming_the_field(client, body):
    response = client.post("/api/analyze", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422
    answer = response.json()
    assert answer["message"].startswith(("text:", "title:")) and len(response.content) < 600
    assert "\\ud8" in response.text or "\\udf" in response.text, "the bad character is shown escaped"


def test_error_answers_repeat_at_most_a_short_prefix_of_the_input(client):
    long_text = "Headline\n\n" + "word " * 60_000
    response = client.post("/api/analyze", json={"text": long_text})
    assert response.status_code == 422 and len(response.content) < 600
    assert response.json()["detail"][0]["input"].endswith("…")
    bad_limit = client.get("/api/quotes", params={"limit": "9" * 150})
    assert bad_limit.status_code == 422 and len(bad_limit.content) < 600
    missing = client.get("/api/articles/" + "x" * 200)
    assert missing.status_code == 404 and len(missing.content) < 200


def chunks(total: int, size: int = 64_000):
    for _ in range(total // size):
        yield b"x" * size


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
def test_an_oversized_body_is_answered_413_with_a_short_message(store_path, declared):
    with TestClient(create_app(store_path, read_only=True, max_body_bytes=100_000), base_url=LOCAL) as small:
        body = b"x" * 300_000 if declared else chunks(300_000)
        response = small.post("/api/analyze", content=body, headers={"content-type": "application/json"})
        assert response.status_code == 413 and len(response.content) < 400
        assert "100,000 bytes" in response.json()["message"]
        page = small.post("/analyze", files={"upload": ("big.txt", b"x" * 300_000)}, data={"text": ""})
        assert page.status_code == 413 and "100,000 bytes" in page.text
        # A body under the limit reaches the app as before.
        assert small.post("/api/analyze", json={"text": "T\n\nB.", "store": True}).status_code == 409


def test_the_default_body_limit_refuses_a_60_mb_post_without_reading_it(client):
    response = client.post("/api/analyze", content=b"x" * 60_000_000, headers={"content-type": "application/json"})
    assert response.status_code == 413 and len(response.content) < 400


def test_a_real_server_refuses_a_chunked_body_over_the_limit(store_path):
    with running(create_app(store_path, read_only=True, max_body_bytes=50_000)) as base:
        response = httpx.post(base + "/api/analyze", content=chunks(400_000), timeout=30,
                              headers={"content-type": "application/json"})
    assert response.status_code == 413 and "50,000 bytes" in response.json()["message"]


# --- HEAD, 405 and the shape of errors ---------------------------------------------------------


def get_routes(client) -> list[str]:
    """Every GET address of the API and the pages, with ids from the store filled in."""
    article_id = client.get("/api/articles").json()["items"][0]["article_id"]
    speaker_id = client.get("/api/voices").json()["items"][0]["speaker_id"]
    api = [p for p, operations in client.get("/openapi.json").json()["paths"].items() if "get" in operations]
    pages = ["/", "/trends", "/voices", "/search?q=tram", "/articles", "/articles/{article_id}",
             "/speakers/{speaker_id}", "/analyze", "/docs", "/openapi.json", "/static/style.css"]
    return [p.replace("{article_id}", article_id).replace("{speaker_id}", speaker_id) for p in api + pages]


def test_head_is_answered_like_get_without_a_body(client):
    paths = get_routes(client)
    assert len(paths) >= 20
    for path in paths:
        get, head = client.get(path), client.head(path)
        assert head.status_code == get.status_code == 200, path
        assert head.content == b"", path
        assert head.headers["content-type"] == get.headers["content-type"], path
        if "content-length" in get.headers:
            assert head.headers["content-length"] == get.headers["content-length"], path


def test_head_on_a_real_server(store_path):
    with running(create_app(store_path, read_only=True)) as base:
        response = httpx.head(base + "/api/overview")
        page = httpx.head(base + "/trends")
    assert response.status_code == page.status_code == 200 and response.content == page.content == b""
    assert int(response.headers["content-length"]) > 0


@pytest.mark.parametrize("method, path, allow", [
    ("DELETE", "/", "GET, HEAD"),
    ("PUT", "/analyze", "GET, HEAD, POST"),
    ("POST", "/trends", "GET, HEAD"),
    ("POST", "/static/style.css", "GET, HEAD"),
    ("POST", "/api/overview", "GET, HEAD"),
    ("GET", "/api/analyze", "POST"),
    ("PATCH", "/api/articles/anything", "GET, HEAD"),
])
def test_405_names_the_methods_allowed(client, method, path, allow):
    response = client.request(method, path)
    assert response.status_code == 405 and response.headers["allow"] == allow
    if path.startswith("/api"):
        assert set(response.json()) == {"message"} and allow in response.json()["message"]


def test_errors_have_the_shape_the_openapi_document_declares(client):
    import jsonschema

    spec = client.get("/openapi.json").json()

    def check(response, path: str, method: str = "get") -> None:
        declared = spec["paths"][path][method]["responses"][str(response.status_code)]
        schema = {**declared["content"]["application/json"]["schema"], "components": spec["components"]}
        jsonschema.Draft202012Validator(schema).validate(response.json())

    check(client.get("/api/quotes", params={"limit": 0}), "/api/quotes")
    check(client.get("/api/quotes", params={"date_from": "2025-03-01", "date_to": "2025-01-01"}), "/api/quotes")
    check(client.get("/api/articles/nope"), "/api/articles/{article_id}")
    check(client.post("/api/analyze", json={"text": "T\n\nB.", "store": True}), "/api/analyze", "post")
    check(client.post("/api/analyze", content=b"\xff", headers={"content-type": "application/json"}),
          "/api/analyze", "post")
