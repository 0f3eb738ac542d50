"""The engine: parse → find quotes → attribute → resolve speakers → enrich.

``Engine.analyze`` reads one article; ``Engine.analyze_many`` streams many
through ``nlp.pipe`` so parsing runs batched. Each stage lives in its own
subpackage and takes and returns the typed records of ``whosaid.records``.
"""

from __future__ import annotations

import gc
import warnings
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from .attribute import find_attributions
from .context import ArticleContext, carry_headline
from .enrich import GenderOverrides, profile_speakers, profile_unnamed_sources
from .enrich.overrides import as_overrides
from .attribute.model import AttributionModel, load_model
from .parse import ModelNotInstalled, load_pipeline
from .parse.pieces import opening_with_body, parse_article, parse_articles
from .parse.wrap import original_text
from .pipelines import Pipeline, PipelineMismatchWarning, get_pipeline, parse_mismatch
from .quotes import find_quote_spans
from .records import Article, ArticleResult, Attribution, Quote
from .resolve import resolve_speakers

# The longest article read. Long articles are parsed in pieces (``parse.pieces``),
# so memory stays bounded (under 1.5 GB at this length; benchmarks/long_article.py).
MAX_CHARS = 2_000_000


class NotEnglishWarning(UserWarning):
    """``whosaid.analyze`` was given text in another language: whosaid reads English only."""


class InputError(ValueError):
    """An article whosaid cannot read; the message names the article."""


def check_text(article_id: str, text: object) -> str:
    if not isinstance(text, str):
        named = f"article {article_id!r}: " if article_id else ""
        # Bytes are what a file opened "rb" or an HTTP body gives: say how to make them text, encoding detected.
        how = ("; decode them first: whosaid.ingest.encoding.decode(data).text detects the encoding as the "
               "commands do, or data.decode('utf-8')") if isinstance(text, (bytes, bytearray)) else ""
        raise InputError(f"{named}'text' must be a string, got {type(text).__name__}{how}")
    if len(text) > MAX_CHARS:
        raise InputError(
            f"article {article_id!r} has {len(text):,} characters; whosaid reads articles of up to "
            f"{MAX_CHARS:,} characters (split it, or leave out what is not the article)"
        )
    return text


def read_doc(
    doc: Doc, article_id: str = "", author: str | None = None, gender_overrides: GenderOverrides | None = None,
    attribution_model: AttributionModel | None = None, headline_end: int | None = None,
) -> ArticleResult:
    """Run every stage after parsing on an already parsed article.

    ``author`` is the byline, if known: a columnist's own "I" is that person.
    ``gender_overrides`` (names or aliases to genders) win over inference.
    ``attribution_model`` decides cues, sources and contents (default: the fast pipeline's).
    ``headline_end``: where the headline that opens the text ends, 0 when it opens with its body
    (``Article.headline_end``); None leaves it to the text's layout (``whosaid.headline``).
    """
    if headline_end is not None:
        carry_headline(doc, headline_end)
    context = ArticleContext(doc)
    text = context.text
    attributions = find_attributions(doc, find_quote_spans(text, context.headline_end > 0), attribution_model)
    resolution = resolve_speakers(doc, attributions, author=author, context=context)
    own_words: dict[int, list[tuple[int, int]]] = {}
    for att, index in zip(attributions, resolution.speakers):
        if index is not None:
            own_words.setdefault(index, []).extend(att.content)
    profile_speakers(doc, resolution.entities, overrides=gender_overrides, context=context, own_words=own_words)
    # The parse may have read a hard-wrapped text unwrapped; the quotes quote the text as given.
    given = original_text(doc, text)
    quotes = [_quote(given, att, resolution, i) for i, att in enumerate(attributions)]
    profile_unnamed_sources(doc, quotes, [att.source for att in attributions], context)
    quotes.sort(key=lambda q: (q.content[0] if q.content else (0, 0)))
    return ArticleResult(id=article_id, quotes=quotes, speakers=resolution.entities)


def joined(text: str, offsets) -> str:
    """The text of a possibly interrupted span, fragments joined by an ellipsis."""
    return " … ".join(text[start:end] for start, end in offsets)


def _quote(text: str, att: Attribution, resolution, i: int) -> Quote:
    index = resolution.speakers[i]
    speaker = resolution.entities[index] if index is not None else None
    return Quote(
        content=att.content,
        source=att.source,
        cue=att.cue,
        kind=att.kind,
        speaker=speaker.name if speaker else None,
        speaker_kind=speaker.kind if speaker else resolution.kinds[i],
        text=joined(text, att.content),
        source_text=joined(text, att.source),
        speaker_description=resolution.descriptions[i] if not speaker else None,
        cue_text=joined(text, att.cue),
        addressee=resolution.addressees[i],
        medium=resolution.media[i],
        confidence=round(att.confidence, 3),
        gender=speaker.gender if speaker and speaker.kind == "person" else "unknown",
        gender_evidence=tuple(str(e) for e in speaker.gender_evidence) if speaker else (),
        role=speaker.role if speaker else None,
        act=att.act,
    )


class Engine:
    """Reads articles and returns who said what.

    >>> engine = Engine()                       # the fast pipeline
    >>> engine = Engine(pipeline="accurate")    # see whosaid.pipelines
    >>> result = engine.analyze('Ban\\n\\n"We will win," the mayor, Ann Lee, said.')
    """

    def __init__(
        self,
        nlp: Language | None = None,
        pipeline: str | Pipeline | None = None,
        gender_overrides: GenderOverrides | Mapping[str, str] | str | Path | None = None,
    ):
        """``pipeline``: ``"fast"`` (default) or ``"accurate"``, the spaCy pipeline and the attribution
        model trained on its parses (``whosaid.pipelines``). ``nlp``, when given, parses instead of the
        pipeline's own spaCy pipeline. ``gender_overrides``: a CSV/YAML file, or a mapping, of names or
        aliases to genders."""
        self.pipeline = get_pipeline(pipeline)
        self.nlp = nlp or load_pipeline(self.pipeline.spacy_size)
        if nlp is not None and (problem := parse_mismatch(self.pipeline, nlp.meta.get("name", ""))):
            warnings.warn(f"whosaid: Engine(pipeline={self.pipeline.name!r}): {problem}", PipelineMismatchWarning,
                          stacklevel=2)
        if not self.pipeline.attribution_model.exists():
            raise ModelNotInstalled(
                f"the {self.pipeline.name} pipeline's attribution model {self.pipeline.attribution_model} is missing; "
                f"`make train` (training.train_attribution --pipeline {self.pipeline.name}) writes it"
            )
        self.attribution_model = load_model(self.pipeline.attribution_model)
        self.gender_overrides = as_overrides(gender_overrides)

    def analyze(
        self, text: str, article_id: str = "", author: str | None = None, headline_end: int | None = None
    ) -> ArticleResult:
        """Who said what in one article: its quotes, each with its speaker, and everyone it names.

        ``text`` is the article as a string (decode bytes first: ``whosaid.ingest.encoding.decode``), every
        offset of the result a ``[start, end)`` into it. ``article_id`` is the result's ``id``. ``author``:
        the byline, read as the "I" of the text. ``headline_end``: where the headline that opens ``text``
        ends, 0 when it opens with its body (``Article.headline_end``); None decides it from the text alone
        (``whosaid.headline``).

        Raises ``InputError`` for a ``text`` that is no string or is over ``MAX_CHARS`` characters. An empty
        text gives no quotes. The language is not checked here (the commands warn of text that is not
        English: ``whosaid.ingest.language.guess_language``); text in another language gives few or none.
        """
        text = check_text(article_id, text)
        given = opening_with_body(self.nlp, text) if headline_end == 0 else text
        return read_doc(parse_article(self.nlp, given), article_id, author, self.gender_overrides,
                        self.attribution_model, headline_end)

    def analyze_many(
        self, articles: Iterable[Article], batch_size: int = 8
    ) -> Iterator[ArticleResult]:
        """Results in input order; an article that fails gives a result with ``error`` set.

        ``batch_size`` articles (or pieces of a long one) are parsed together, at most
        ``parse.pieces.BATCH_CHARS`` characters unless one article alone is longer.
        """

        def texts() -> Iterator[tuple[str, tuple[Article, str | None]]]:
            for article in articles:
                try:
                    text = check_text(article.id, article.text)
                    # A text that opens with its body is parsed with no headline line.
                    yield (opening_with_body(self.nlp, text) if article.headline_end == 0 else text), (article, None)
                except InputError as exc:
                    # An empty stand-in keeps the bad article in its place in the stream.
                    yield "", (article, str(exc))

        for doc, (article, error) in parse_articles(self.nlp, texts(), batch_size=batch_size):
            if error:
                yield ArticleResult(id=article.id, quotes=[], error=error)
                continue
            try:
                yield read_doc(doc, article.id, article.author, self.gender_overrides, self.attribution_model,
                               article.headline_end)
            except Exception as exc:  # one article's failure must not end a batch
                yield ArticleResult(id=article.id, quotes=[], error=f"article {article.id!r}: {exc!r}")


def freeze_loaded() -> None:
    """Leave everything this process holds now out of its later garbage collections
    (``gc.freeze``), after a collection has freed what was already garbage.

    For a process that loads an engine and then only reads articles (the CLI, ingest
    workers, Spark executors call it once their engine is loaded): the spaCy pipeline and
    the models, loaded once per process, are some hundred thousand objects that every
    full collection would walk again, and the objects each article leaves behind set one
    off every hundred articles or so (about 0.6 ms an article). Reference counting still
    frees any frozen object let go; only a cycle of them let go later would be kept, which
    is why a library call leaves the collector of its host process alone and does not do
    this itself.

    The youngest generation is then collected every ``YOUNG_COLLECTION_OBJECTS`` new
    container objects rather than Python's default 700: reading one article makes and
    lets go of a few thousand (token tables, candidates, records), nearly all freed by
    reference counting, and at 700 a young collection ran more than once an article,
    walking the article's live objects each time.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION_OBJECTS, *gc.get_threshold()[1:])


# New container objects between young collections in whosaid's own processes (the
# default is 700): a few articles' worth, a few megabytes at most held back.
YOUNG_COLLECTION_OBJECTS = 20_000


def analyze(text: str, article_id: str = "") -> ArticleResult:
    """Read one article with the default engine (the fast pipeline, loaded once per process): ``Engine.analyze``.

    Without ``article_id`` the result's id is the text's own (``store.names.article_id``), as ``extract``
    gives a line without one: its ``to_json()`` is then a valid extract line (docs/schema.md).
    Text that is not English gets a ``NotEnglishWarning``, as ``whosaid analyze`` warns of it.
    """
    if not article_id and isinstance(text, str):  # any other type is refused by Engine.analyze, by name
        from .store.names import article_id as text_id

        article_id = text_id(text)
    if isinstance(text, str):
        from .ingest.language import guess_language

        # Said here, not in Engine.analyze, whose callers (the commands, the dashboard) say it their own way.
        if reason := guess_language(text).warning():
            warnings.warn(f"whosaid: {reason}; quotes will be missed", NotEnglishWarning, stacklevel=2)
    return _default_engine().analyze(text, article_id)


_ENGINE: Engine | None = None


def _default_engine() -> Engine:
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = Engine()
    return _ENGINE
