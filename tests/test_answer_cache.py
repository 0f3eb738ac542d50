"""The dashboard's answer cache: bounded by bytes, one computation per question, emptied when the store changes."""

from __future__ import annotations

import threading
import time

import pytest
from fastapi.testclient import TestClient

from tests.fixtures.dashboard.corpus import build_annotated_store
from whosaid.serve import create_app
from whosaid.serve.database import DEFAULT_CACHE_BYTES, AnswerCache

OVERHEAD = AnswerCache.ENTRY_OVERHEAD
LOCAL = "http://localhost"  # the dashboard answers requests addressed to this machine only


def size(key: tuple, value: bytes) -> int:
    return len(value) + len(repr(key)) + OVERHEAD


def test_the_cache_keeps_answers_up_to_its_size_in_bytes_dropping_the_least_recently_used():
    cache = AnswerCache(max_bytes=3 * size(("k", 0), b"x" * 1000))
    for n in range(3):
        cache.get(("k", n), lambda: b"x" * 1000)
    assert len(cache) == 3 and cache.bytes == 3 * size(("k", 0), b"x" * 1000)
    cache.get(("k", 0), lambda: pytest.fail("kept, so not computed again"))  # now the most recently used
    cache.get(("k", 3), lambda: b"y" * 1000)
    assert cache.bytes <= cache.max_bytes and len(cache) == 3
    assert cache.peek(("k", 1)) is None, "the least recently used goes first"
    assert cache.peek(("k", 0)) == b"x" * 1000 and cache.peek(("k", 3)) == b"y" * 1000
    # Many small answers count by their bytes too, not by their number.
    for n in range(100):
        cache.get(("small", n), lambda: b"z")
    assert cache.bytes <= cache.max_bytes
    assert len(cache) == cache.max_bytes // size(("small", 10), b"z")


def test_an_answer_larger_than_the_whole_cache_is_given_but_not_kept():
    cache = AnswerCache(max_bytes=500)
    assert cache.get(("big",), lambda: b"x" * 1000) == b"x" * 1000
    assert len(cache) == 0 and cache.bytes == 0


def test_a_question_being_answered_is_not_computed_again_by_those_who_ask_meanwhile():
    cache = AnswerCache(max_bytes=10_000)
    started, release, calls, answers = threading.Event(), threading.Event(), [], []

    def slow() -> bytes:
        calls.append(1)
        started.set()
        release.wait(10)
        return b"answer"

    first = threading.Thread(target=lambda: answers.append(cache.get(("q",), slow)))
    first.start()
    started.wait(10)
    others = [threading.Thread(target=lambda: answers.append(cache.get(("q",), slow))) for _ in range(5)]
    for thread in others:
        thread.start()
    time.sleep(0.2)
    release.set()
    for thread in [first, *others]:
        thread.join(10)
    assert answers == [b"answer"] * 6 and len(calls) == 1


def test_an_answer_computed_before_the_store_changed_is_not_kept():
    cache = AnswerCache(max_bytes=10_000)

    def answer_while_cleared() -> bytes:
        cache.clear()  # the store changed while this answer was being read
        return b"old"

    assert cache.get(("q",), answer_while_cleared) == b"old"
    assert cache.peek(("q",)) is None
    generation = cache.generation
    cache.clear()
    cache.put(("page",), b"old page", generation)
    assert cache.peek(("page",)) is None


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    return build_annotated_store(tmp_path_factory.mktemp("cache") / "news.duckdb")


def test_a_small_cache_stays_within_its_bytes_and_answers_as_without_a_cache(store_path):
    urls = [f"/api/articles?limit={n}" for n in range(1, 8)] + ["/api/overview", "/api/voices", "/", "/voices"]
    limit = 6_000
    with TestClient(create_app(store_path, read_only=True, cache_bytes=limit), base_url=LOCAL) as small, \
            TestClient(create_app(store_path, read_only=True, cache_bytes=0), base_url=LOCAL) as none:
        for url in urls * 2:
            assert small.get(url).text == none.get(url).text, url
            cache = small.app.state.db.cache
            assert 0 < cache.bytes <= limit
        assert len(none.app.state.db.cache) == 0


def test_pages_are_kept_whole_and_only_when_they_succeed(store_path):
    with TestClient(create_app(store_path, read_only=True), base_url=LOCAL) as client:
        cache = client.app.state.db.cache

        def pages() -> list[tuple]:
            return [key for key in cache.keys() if key[0] == "page"]

        first = client.get("/voices")
        assert [key[-2:] for key in pages()] == [("/voices", b"")]
        kept = len(cache)
        again = client.get("/voices")
        assert again.text == first.text and len(cache) == kept
        assert again.headers["content-type"] == first.headers["content-type"]
        assert again.headers["content-security-policy"] == first.headers["content-security-policy"]
        assert client.get("/articles/no-such-article").status_code == 404
        assert client.get("/voices?offset=-1").status_code == 422
        assert client.get("/api/overview").status_code == 200
        assert len(pages()) == 1
        # CSV downloads are kept whole too, headers and all; JSON answers are kept by the API, not here.
        csv = client.get("/api/voices.csv")
        assert [key[-2:] for key in pages()][1:] == [("/api/voices.csv", b"")]
        again = client.get("/api/voices.csv")
        assert again.content == csv.content and again.headers["content-disposition"] == csv.headers["content-disposition"]


def test_a_download_larger_than_a_sixteenth_of_the_cache_is_sent_whole_but_not_kept(store_path):
    with TestClient(create_app(store_path, read_only=True, cache_bytes=16 * 1024), base_url=LOCAL) as client:
        whole = client.get("/api/quotes.csv").content
        assert len(whole) > client.app.state.db.cache.max_bytes // 16
        assert whole.count(b"\r\n") == 1 + client.get("/api/quotes").json()["total"]
        assert not [key for key in client.app.state.db.cache.keys() if key[0] == "page"]


def test_the_default_cache_size_is_the_same_for_the_command_and_the_library():
    from whosaid.commands.serve import DEFAULT_CACHE_MB

    assert DEFAULT_CACHE_MB * 1024 * 1024 == DEFAULT_CACHE_BYTES
