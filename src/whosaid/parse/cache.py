"""Parsed documents cached on disk, keyed by text and pipeline.

Training, evaluation and tests read the same few hundred articles many times;
parsing them once and keeping the ``DocBin`` saves minutes on every run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin

from . import load_pipeline, pipeline_name

DEFAULT_CACHE_DIR = Path(".cache") / "parses"


def _key(texts: Sequence[str], nlp: Language) -> str:
    digest = hashlib.sha256(pipeline_name(nlp).encode())
    for text in texts:
        digest.update(hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest())
    return digest.hexdigest()[:20]


def parse_cached(
    texts: Iterable[str],
    nlp: Language | None = None,
    cache_dir: Path = DEFAULT_CACHE_DIR,
    n_process: int = 1,
    batch_size: int = 16,
) -> list[Doc]:
    """Parse ``texts`` with ``nlp`` (the default pipeline), reusing an earlier parse of the same texts."""
    nlp = nlp or load_pipeline()
    texts = list(texts)
    path = Path(cache_dir) / f"{_key(texts, nlp)}.spacy"
    if path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(nlp.pipe(texts, n_process=n_process, batch_size=batch_size))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    DocBin(store_user_data=False, docs=docs).to_disk(tmp)
    tmp.replace(path)
    return docs
