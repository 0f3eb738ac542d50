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
        TextColumn(label), BarColumn(), MofNCompleteColumn(), RateColumn(), TimeRemainingColumn(),
        transient=False,
    )
    with bar:
        task = bar.add_task(label, total=total)
        yield lambda n=1: bar.advance(task, n)


def _status_lines(label: str, total: int | None, every: float) -> Callable[[int], None]:
    started = last = time.perf_counter()
    done = 0

    def advance(n: int = 1) -> None:
        nonlocal done, last
        done += n
        now = time.perf_counter()
        if now - last < every:
            return
        last = now
        rate = done / max(now - started, 1e-9)
        of = f"/{total:,}" if total else ""
        left = f", about {_duration((total - done) / rate)} left" if total and rate else ""
        print(f"{label}: {done:,}{of} articles, {rate:.1f} articles/s{left}", file=sys.stderr, flush=True)

    return advance


def _duration(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds >= 90 else f"{seconds:.0f} s"
