"""The store and the engine as the web app holds them.

DuckDB connections are not safe to share between threads, so every request
reads through its own cursor (``Database.cursor``); writes (an article analysed
and stored from the browser) go one at a time through the store. The engine
loads the spaCy pipeline, which takes seconds, so it is loaded on the first
analysis, once, and used one article at a time.
"""

from __future__ import annotations

import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from ..records import Article, ArticleResult
from ..store.search import search_index_is_current
from .queries import Reader

DEFAULT_CACHE_BYTES = 64 * 1024 * 1024


class StoreError(RuntimeError):
    """The store cannot be opened; the message says why and what to do."""


def _open(path: Path, read_only: bool):
    """The store, brought up to date first (opened for writing once) when an earlier whosaid wrote it."""
    from ..store import Store, is_current

    store = Store(path, read_only=read_only)
    if not read_only or is_current(store.connection):
        return store
    store.close()
    with Store(path):
        pass
    return Store(path, read_only=True)


class ReadOnlyStore(RuntimeError):
    """Storing was asked of a store opened read-only."""


class BadArticle(ValueError):
    """The engine refused the article (too long, not text); the message names the problem."""


class EngineUnavailable(RuntimeError):
    """The analysis engine could not be loaded; the message says why."""


class AnswerCache:
    """Answers kept as bytes, least recently used dropped first once they pass ``max_bytes`` in all.

    Each question is answered once at a time: a request asking what another is
    already computing waits for that answer instead of computing it again (the
    dashboard's first visitors all ask the same few questions at once).
    ``clear`` also makes answers still being computed from older data be
    returned but not kept.
    """

    # Bookkeeping per entry (key, dictionary slot), so that many tiny answers are counted too.
    ENTRY_OVERHEAD = 200

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.bytes = 0
        self._entries: OrderedDict[tuple, tuple[bytes, int]] = OrderedDict()
        self._pending: dict[tuple, threading.Event] = {}
        self._generation = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def keys(self) -> list[tuple]:
        with self._lock:
            return list(self._entries)

    def peek(self, key: tuple) -> bytes | None:
        """The answer kept for ``key``, or None; never waits for one being computed."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def get(self, key: tuple, compute: Callable[[], bytes]) -> bytes:
        while True:
            with self._lock:
                entry = self._entries.get(key)
                if entry is not None:
                    self._entries.move_to_end(key)
                    return entry[0]
                waiting = self._pending.get(key)
                if waiting is None:
                    done = self._pending[key] = threading.Event()
                    generation = self._generation
                    break
            waiting.wait()  # then look again: kept, or computed by the next one to ask
        try:
            value = compute()
            with self._lock:
                if generation == self._generation:
                    self._keep(key, value)
            return value
        finally:
            with self._lock:
                del self._pending[key]
            done.set()

    @property
    def generation(self) -> int:
        """Changes with every ``clear``: an answer computed since an older one is out of date."""
        return self._generation

    def put(self, key: tuple, value: bytes, generation: int) -> None:
        """Keep ``value``, computed while ``generation`` was current, unless the cache was cleared since."""
        with self._lock:
            if generation == self._generation and key not in self._entries:
                self._keep(key, value)

    def _keep(self, key: tuple, value: bytes) -> None:
        size = len(value) + len(repr(key)) + self.ENTRY_OVERHEAD
        if size > self.max_bytes:
            return
        self._entries[key] = (value, size)
        self.bytes += size
        while self.bytes > self.max_bytes:
            _, (_, dropped) = self._entries.popitem(last=False)
            self.bytes -= dropped

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.bytes = 0
            self._generation += 1


class Database:
    """An open whosaid store, read through a cursor per request.

    Answers are cached, at most ``cache_bytes`` of them (0: none): while the
    dashboard holds the store open no other process can write it (DuckDB locks
    the file), so the only change can come through ``add``, which empties the
    cache.
    """

    def __init__(self, path: str | Path, read_only: bool = False, cache_bytes: int = DEFAULT_CACHE_BYTES):
        from ..store import NotAStore, Store

        self.path = Path(path)
        if not self.path.exists():
            raise StoreError(
                f"{self.path}: no such store. Build one first, e.g. "
                f"`whosaid ingest ARTICLES/ --db {self.path}`"
            )
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder; --db wants the store file (e.g. news.duckdb)")
        try:
            self.store = _open(self.path, read_only)
        except NotAStore as exc:
            raise StoreError(str(exc)) from None
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
        # Requests run side by side, each on its own thread: one DuckDB thread per query keeps them from
        # queueing behind one another's workers (measured: about a quarter less CPU per request).
        self.store.connection.execute("SET threads = 1")
        self._connection_lock = threading.Lock()
        self.cache = AnswerCache(cache_bytes)
        self.indexed = False
        self._check_tables()
        self._check_derived_tables()

    def _check_tables(self) -> None:
        with self.cursor() as cur:
            tables = {row[0] for row in cur.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        missing = {"articles", "quotes", "speakers", "speaker_aliases"} - tables
        if missing:
            raise StoreError(
                f"{self.path} has no {', '.join(sorted(missing))} table: it is not a whosaid store "
                "(stores are made by `whosaid ingest`)"
            )

    def _check_derived_tables(self) -> None:
        # The index is read only while it holds every quote; otherwise the quotes themselves are read.
        self.indexed = search_index_is_current(self.store.connection)

    @contextmanager
    def cursor(self) -> Iterator[Reader]:
        # The shared connection is only ever touched by one thread: to make a
        # cursor, or to write through the store (which uses it directly).
        with self._connection_lock:
            cur = self.store.connection.cursor()
        try:
            yield Reader(cur, indexed=self.indexed)
        finally:
            cur.close()

    def ask(self, query: Callable[..., Any], *args: Any) -> Any:
        """``query(cursor, *args)``, answered from the cache when it was asked before.

        Callers get their own copy, so they may add to what they are given.
        """
        kept = self._cached(
            (query.__qualname__, repr(args)),
            lambda: pickle.dumps(self._run(query, args), pickle.HIGHEST_PROTOCOL),
        )
        return pickle.loads(kept)

    def cached_encoded(self, query: Callable[..., Any], *args: Any) -> bytes | None:
        """What ``ask_encoded`` would return if it is cached already (``b""`` for a None answer), else None."""
        return self.cache.peek(self._encoded_key(query, args))

    @staticmethod
    def _encoded_key(query: Callable[..., Any], args: tuple) -> tuple:
        return (query.__qualname__, repr(args), "encoded")

    def ask_encoded(self, encode: Callable[[Any], bytes], query: Callable[..., Any], *args: Any) -> bytes | None:
        """``encode(query(cursor, *args))``, the bytes kept in the cache (``None`` stays ``None``).

        The JSON API keeps its answers encoded, so a repeated question costs no
        validation or serialisation.
        """
        def compute() -> bytes:
            # Through ``ask``: a page and the API asking the same question read the store once.
            answer = self.ask(query, *args)
            return b"" if answer is None else encode(answer)

        return self._cached(self._encoded_key(query, args), compute) or None

    def _run(self, query: Callable[..., Any], args: tuple) -> Any:
        with self.cursor() as cur:
            return query(cur, *args)

    def _cached(self, key: tuple, compute: Callable[[], bytes]) -> bytes:
        if self.cache.max_bytes <= 0:
            return compute()
        return self.cache.get(key, compute)

    @property
    def read_only_message(self) -> str:
        return f"the dashboard opened {self.path} read-only (--read-only), so nothing can be stored"

    def add(self, article: Article, result: ArticleResult) -> str:
        if self.read_only:
            raise ReadOnlyStore(self.read_only_message)
        with self._connection_lock:
            try:
                article_id = self.store.add(article, result)
                return article_id
            finally:
                self.cache.clear()
                # The new quotes are not in the full-text index until the next `whosaid ingest`.
                self._check_derived_tables()

    def close(self) -> None:
        self.store.close()


def _default_engine(pipeline: str) -> Any:
    from ..engine import Engine

    return Engine(pipeline=pipeline)


class Analyzer:
    """Loads each pipeline's engine on first use and analyses one article at a time.

    ``factory`` builds the engine of a pipeline given its name; ``pipeline`` is the one used when a
    request names none (``whosaid.pipelines``).
    """

    def __init__(self, factory: Callable[[str], Any] | None = None, pipeline: str | None = None):
        from ..pipelines import get_pipeline

        self._factory = factory or _default_engine
        self.default = get_pipeline(pipeline).name
        self._engines: dict[str, Any] = {}
        self._lock = threading.Lock()

    def pipeline_name(self, pipeline: str | None) -> str:
        """The pipeline a request for ``pipeline`` (None: the default) is read with."""
        from ..pipelines import get_pipeline

        return get_pipeline(pipeline or self.default).name

    def analyze(
        self, text: str, article_id: str = "", pipeline: str | None = None, headline_end: int | None = None
    ) -> ArticleResult:
        """``headline_end``: where the headline that opens ``text`` ends (``Article.headline_end``)."""
        name = self.pipeline_name(pipeline)
        with self._lock:
            if name not in self._engines:
                try:
                    self._engines[name] = self._factory(name)
                except Exception as exc:  # a missing model or stage is reported, not raised as a 500
                    raise EngineUnavailable(f"the {name} analysis engine could not be loaded: {exc}") from exc
            try:
                return self._engines[name].analyze(text, article_id, headline_end=headline_end)
            except ValueError as exc:  # the engine's InputError: the article, not the server, is at fault
                raise BadArticle(str(exc)) from exc
