"""A progress bar for long runs: articles done, articles/s and time left, on a terminal only."""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import contextmanager
from typing import Iterator

from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
from rich.text import Text


class RateColumn(ProgressColumn):
    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} articles/s" if speed else "… articles/s", style="progress.data.speed")


@contextmanager
def article_progress(label: str, total: int | None, enabled: bool = True) -> Iterator[Callable[[int], None]]:
    """Yields ``advance(n=1)``; draws nothing unless standard error is a terminal."""
    if not (enabled and sys.stderr.isatty()):
        yield lambda n=1: None
        return
    bar = Progress(
        TextColumn(label), BarColumn(), MofNCompleteColumn(), RateColumn(), TimeRemainingColumn(),
        transient=False,
    )
    with bar:
        task = bar.add_task(label, total=total)
        yield lambda n=1: bar.advance(task, n)
