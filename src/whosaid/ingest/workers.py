"""Worker processes: each loads the spaCy pipeline once and analyses batches of articles."""

from __future__ import annotations

import os
import resource
import signal
import threading
import time

from ..records import Article, ArticleResult
from .readers import Item, english_only, extract

# (where, article, result, reason): an analysed article, or why the input gave none.
Outcome = tuple[str, Article | None, ArticleResult | None, str | None]

_ENGINE = None


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB.

    Linux's ru_maxrss survives exec, so a spawned worker would report its
    parent's peak; VmHWM belongs to this process's own memory.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux, bytes on macOS


def cpu_seconds() -> float:
    return time.process_time()


_ENGINE_PIPELINE: str | None = None
_CPU_READY = 0.0  # CPU time when the worker had its engine: loading is not counted as work


def preloaded(engine, pipeline: str) -> None:
    """Keep an engine loaded before this process forked its workers (see ``preload``)."""
    global _ENGINE, _ENGINE_PIPELINE
    _ENGINE, _ENGINE_PIPELINE = engine, pipeline


def start_worker(pipeline: str, run_pid: int) -> None:
    """Pool initializer: have an engine, ignore Ctrl-C (the run stops its workers), die with the run."""
    global _ENGINE, _ENGINE_PIPELINE, _CPU_READY
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_run, args=(run_pid,), daemon=True).start()
    if _ENGINE is None or _ENGINE_PIPELINE != pipeline:
        from ..engine import Engine

        _ENGINE, _ENGINE_PIPELINE = Engine(pipeline=pipeline), pipeline
    from ..engine import freeze_loaded

    freeze_loaded()  # a worker only reads articles from here on
    _CPU_READY = cpu_seconds()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _exit_with_run(run_pid: int) -> None:
    # A run killed with SIGKILL cannot stop its workers; they notice and go. The parent
    # is the run itself, or the fork server, which exits with the run.
    parent = os.getppid()
    while os.getppid() == parent and _alive(run_pid):
        time.sleep(0.5)
    os._exit(1)


def analyze_items(engine, items: list[Item]) -> list[Outcome]:
    """Extract the web pages among ``items``, then analyse every English article; outcomes in input order."""
    extracted = [english_only(extract(item)) for item in items]
    articles = [item.article for item in extracted if item.article is not None]
    results = iter(engine.analyze_many(articles, batch_size=max(1, len(articles))))
    return [
        (item.where, item.article, next(results), None) if item.article is not None
        else (item.where, None, None, item.error or "unreadable")
        for item in extracted
    ]


def analyze_batch(items: list[Item]) -> tuple[list[Outcome], int, float, float]:
    """Outcomes in input order, this worker's pid, its peak memory in MB and CPU seconds of work so far."""
    return analyze_items(_ENGINE, items), os.getpid(), peak_rss_mb(), cpu_seconds() - _CPU_READY
