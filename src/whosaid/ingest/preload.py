"""Imported once by the fork server of an ingest run: loads the engine before any worker exists.

Workers are then forked from a process that already holds the spaCy pipeline
and every lazily loaded model and lexicon, so they start at once and share
that memory until they write to it. The pipeline's name comes from the
environment, since a preloaded module takes no arguments.
"""

from __future__ import annotations

import os

from . import workers

PRELOAD_MODEL_ENV = "WHOSAID_PRELOAD_MODEL"
WARM_UP_TEXT = 'Library opens\n\n"We are ready," the librarian, Ann Lee, said. She told reporters it was a good day.'


def _preload() -> None:
    pipeline = os.environ.get(PRELOAD_MODEL_ENV)
    if not pipeline:
        return
    try:
        from ..engine import Engine

        engine = Engine(pipeline=pipeline)
        engine.analyze(WARM_UP_TEXT)
    except Exception:  # noqa: BLE001 - a worker that loads the engine itself reports the problem properly
        return
    workers.preloaded(engine, pipeline)


_preload()
