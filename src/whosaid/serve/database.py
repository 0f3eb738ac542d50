"""The store and the engine as the web app holds them.

DuckDB connections are not safe to share between threads, so every request
reads through its own cursor (``Database.cursor``); writes (an article analysed
and stored from the browser) go one at a time through the store. The engine
loads the spaCy pipeline, which takes seconds, so it is loaded on the first
analysis, once, and used one article at a time.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from ..records import Article, ArticleResult


class StoreError(RuntimeError):
    """The store cannot be opened; the message says why and what to do."""


class ReadOnlyStore(RuntimeError):
    """Storing was asked of a store opened read-only."""


class BadArticle(ValueError):
    """The engine refused the article (too long, not text); the message names the problem."""


class EngineUnavailable(RuntimeError):
    """The analysis engine could not be loaded; the message says why."""


class Database:
    """An open whosaid store, read through a cursor per request.

    Answers are cached: while the dashboard holds the store open no other
    process can write it (DuckDB locks the file), so the only change can come
    through ``add``, which empties the cache.
    """

    def __init__(self, path: str | Path, read_only: bool = False, cache_size: int = 2048):
        from ..store import Store

        self.path = Path(path)
        if not self.path.exists():
            raise StoreError(
                f"{self.path}: no such store. Build one first, e.g. "
                f"`whosaid ingest ARTICLES/ --db {self.path}`"
            )
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder; --db wants the store file (e.g. news.duckdb)")
        try:
            self.store = Store(self.path, read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise StoreError(
                    f"{self.path} is open in another process (a `whosaid ingest` still running, or another `whosaid serve`?). "
                    "Wait for it to finish, or serve a copy of the file."
                ) from exc
            raise StoreError(f"{self.path}: cannot open the store: {exc}") from exc
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: not a whosaid store ({exc})") from exc
        self.read_only = read_only
        self._connection_lock = threading.Lock()
        self._cache: OrderedDict[tuple, Any] = OrderedDict()
        self._cache_lock = threading.Lock()
        self.cache_size = cache_size
        self._check_tables()

    def _check_tables(self) -> None:
        with self.cursor() as cur:
            tables = {row[0] for row in cur.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        missing = {"articles", "quotes", "speakers", "speaker_aliases"} - tables
        if missing:
            raise StoreError(
                f"{self.path} has no {', '.join(sorted(missing))} table: it is not a whosaid store "
                "(stores are made by `whosaid ingest`)"
            )

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        # The shared connection is only ever touched by one thread: to make a
        # cursor, or to write through the store (which uses it directly).
        with self._connection_lock:
            cur = self.store.connection.cursor()
        try:
            yield cur
        finally:
            cur.close()

    def ask(self, query: Callable[..., Any], *args: Any) -> Any:
        """``query(cursor, *args)``, answered from the cache when it was asked before.

        Callers get their own copy, so they may add to what they are given.
        """
        return copy.deepcopy(self._cached((query.__qualname__, repr(args)), lambda: self._run(query, args)))

    def ask_encoded(self, encode: Callable[[Any], bytes], query: Callable[..., Any], *args: Any) -> bytes | None:
        """``encode(query(cursor, *args))``, the bytes kept in the cache (``None`` stays ``None``).

        The JSON API keeps its answers encoded, so a repeated question costs no
        validation or serialisation.
        """
        def compute() -> bytes | None:
            answer = self._run(query, args)
            return None if answer is None else encode(answer)

        return self._cached((query.__qualname__, repr(args), "encoded"), compute)

    def _run(self, query: Callable[..., Any], args: tuple) -> Any:
        with self.cursor() as cur:
            return query(cur, *args)

    def _cached(self, key: tuple, compute: Callable[[], Any]) -> Any:
        with self._cache_lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        answer = compute()
        if self.cache_size > 0:
            with self._cache_lock:
                self._cache[key] = answer
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        return answer

    @property
    def read_only_message(self) -> str:
        return f"the dashboard opened {self.path} read-only (--read-only), so nothing can be stored"

    def add(self, article: Article, result: ArticleResult) -> str:
        if self.read_only:
            raise ReadOnlyStore(self.read_only_message)
        with self._connection_lock:
            try:
                return self.store.add(article, result)
            finally:
                with self._cache_lock:
                    self._cache.clear()

    def close(self) -> None:
        self.store.close()


def _default_engine() -> Any:
    from ..engine import Engine

    return Engine()


class Analyzer:
    """Loads the engine on first use and analyses one article at a time."""

    def __init__(self, factory: Callable[[], Any] | None = None):
        self._factory = factory or _default_engine
        self._engine: Any = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._engine is not None

    def analyze(self, text: str, article_id: str = "") -> ArticleResult:
        with self._lock:
            if self._engine is None:
                try:
                    self._engine = self._factory()
                except Exception as exc:  # a missing model or stage is reported, not raised as a 500
                    raise EngineUnavailable(f"the analysis engine could not be loaded: {exc}") from exc
            try:
                return self._engine.analyze(text, article_id)
            except ValueError as exc:  # the engine's InputError: the article, not the server, is at fault
                raise BadArticle(str(exc)) from exc
