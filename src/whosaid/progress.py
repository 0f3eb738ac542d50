"""Progress of long runs: a bar on a terminal (articles done, articles/s, time left); elsewhere (a log, a
pipe, a batch job) a status line every ``LOG_SECONDS``, so a long run shows it is alive."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from typing import Iterator

from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
from rich.text import Text


class RateColumn(ProgressColumn):
    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} articles/s" if speed else "… articles/s", style="progress.data.speed")


# Without a terminal, a status line at most this often (as `whosaid ingest --log-every` defaults to).
LOG_SECONDS = 30.0
# No time left is estimated before this many articles are done and this many seconds have passed since the
# first: a rate measured on the first batch alone (models just loaded, the batch not yet done) is far off.
ESTIMATE_AFTER_ARTICLES = 5
ESTIMATE_AFTER_SECONDS = 5.0


class EstimateColumn(TimeRemainingColumn):
    """Time left, shown only once the rate means something (``ESTIMATE_AFTER_*``); with a ``suffix``
    ("left"), nothing at all until then, so no bare "left" stands beside models that are still loading."""

    def __init__(self, suffix: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.suffix = suffix

    def render(self, task) -> Text:
        elapsed = task.elapsed or 0.0
        if task.completed < ESTIMATE_AFTER_ARTICLES or elapsed < ESTIMATE_AFTER_SECONDS or task.total is None:
            return Text("" if self.suffix else "-:--:--", style="progress.remaining")
        shown = super().render(task)
        if self.suffix:
            shown.append(f" {self.suffix}")
        return shown


@contextmanager
def article_progress(
    label: str, total: int | None, enabled: bool = True, log_every: float = LOG_SECONDS
) -> Iterator[Callable[[int], None]]:
    """Yields ``advance(n=1)``: a bar when standard error is a terminal, else a status line at most every
    ``log_every`` seconds (none for a run shorter than that)."""
    if not enabled:
        yield lambda n=1: None
        return
    if not sys.stderr.isatty():
        yield _status_lines(label, total, log_every)
        return
    bar = Progress(
        TextColumn(label), BarColumn(), MofNCompleteColumn(), RateColumn(), EstimateColumn(),
        transient=False,
    )
    with bar:
        task = bar.add_task(label, total=total)
        yield lambda n=1: bar.advance(task, n)


def _status_lines(label: str, total: int | None, every: float) -> Callable[[int], None]:
    started = last = time.perf_counter()
    done = 0
    first: tuple[float, int] | None = None  # when the first articles were done, and how many

    def advance(n: int = 1) -> None:
        nonlocal done, last, first
        done += n
        now = time.perf_counter()
        if first is None:
            first = (now, done)
        if now - last < every:
            return
        last = now
        rate = done / max(now - started, 1e-9)
        of = f"/{total:,}" if total else ""
        # Time left from the rate since the first articles were done: model loading is not per article.
        since, counted = now - first[0], done - first[1]
        steady = counted >= ESTIMATE_AFTER_ARTICLES and since >= ESTIMATE_AFTER_SECONDS
        left = f", about {_duration((total - done) * since / counted)} left" if total and steady else ""
        print(f"{label}: {done:,}{of} articles, {rate:.1f} articles/s{left}", file=sys.stderr, flush=True)

    return advance


def _duration(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds >= 90 else f"{seconds:.0f} s"
