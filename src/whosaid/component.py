"""whosaid as a spaCy pipeline component.

    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("whosaid")
    doc = nlp(text)
    doc._.quotes      # list[whosaid.Quote]
    doc._.speakers    # list[whosaid.Speaker]
    doc._.speech      # the quotes whose act is speech (said, told, wrote), not thought or other

Every quote carries ``act`` (``speech``, ``thought`` or ``other``; see
``whosaid.attribute.act``).
``nlp.add_pipe("whosaid", config={"gender_overrides": "genders.csv"})``
applies a user's name-to-gender file over inference.

``config={"pipeline": "accurate"}`` decides with the accurate pipeline's
attribution model (``whosaid.pipelines``), which was trained on
``en_core_web_md`` parses; the parse is always the ``nlp`` the component is
added to. Without it the component picks the attribution model trained on
that ``nlp``'s parses (accurate for ``en_core_web_md``, fast otherwise); a ``pipeline`` whose model was
trained on the other spaCy pipeline's parses (accurate on ``en_core_web_sm``) warns
(``whosaid.pipelines.PipelineMismatchWarning``), naming the spaCy pipeline to load. The component needs the
tagger, parser, lemmatizer and entity recogniser upstream of it (adding it to a
pipeline without one warns, ``MissingComponentWarning``, saying what goes
missing: without ``ner`` organisations go unnamed and some quotes are lost); adding it also
adds ``paragraph_breaks`` before the parser (``whosaid.parse.prepare``), so the
component reads the same parse as ``whosaid.Engine`` and gives the same output.
A ``Doc`` holds the text it was given, so ``nlp(text)`` parses a hard-wrapped
text with its line breaks; ``nlp(whosaid.parse.wrap.unwrapped_doc(nlp, text))``
reads it as the engine does (``whosaid.parse.wrap``).
The factory is registered through an entry point, so ``import whosaid`` is not
needed before ``add_pipe``.

A byline set on ``doc._.author`` before the component runs is used as
``Engine.analyze(text, author=...)`` uses it (a columnist's own "I" is that
person): ``doc = nlp.make_doc(text); doc._.author = "Ann Lee"; nlp(doc)``.

The doc keeps what whosaid found as plain data (lists, dicts, strings, numbers)
in ``doc._.whosaid``; ``doc._.quotes`` and ``doc._.speakers`` build the typed
records from it on each access. Plain data is what spaCy's serialisation
(``doc.to_bytes``, ``DocBin(store_user_data=True)``, ``nlp.pipe(n_process=2)``)
can carry with no encoder registered in every process that reads it back.
"""

from __future__ import annotations

import warnings

from spacy.language import Language
from spacy.tokens import Doc

from .engine import read_doc
from .enrich.overrides import as_overrides
from .attribute.model import load_model
from .parse import prepare
from .pipelines import PipelineMismatchWarning, get_pipeline, parse_mismatch, pipeline_for_spacy
from .records import Quote, Speaker


def _quotes(doc: Doc) -> list[Quote] | None:
    data = doc._.whosaid
    return None if data is None else [Quote.from_plain(q) for q in data["quotes"]]


def _speech(doc: Doc) -> list[Quote] | None:
    quotes = _quotes(doc)
    return None if quotes is None else [q for q in quotes if q.act == "speech"]


def _speakers(doc: Doc) -> list[Speaker] | None:
    data = doc._.whosaid
    return None if data is None else [Speaker.from_plain(s) for s in data["speakers"]]


for _name in ("whosaid", "author"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
for _name, _getter in (("quotes", _quotes), ("speech", _speech), ("speakers", _speakers)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, getter=_getter)


class MissingComponentWarning(UserWarning):
    """The pipeline lacks a component whosaid reads; it still runs, and finds less."""


# What each annotation whosaid reads gives it, and what it costs to go without.
_NEEDS = {
    "doc.ents": ("an entity recogniser ('ner')", "people and organisations are named from the parse alone, so "
                 "organisations go unnamed as speakers and quotes whose source only NER finds are missed "
                 "(examples/article.txt: 9 quotes of 10, 3 speakers of 4)"),
    "token.dep": ("a parser ('parser')", "cues and sources are read off the dependency parse: nearly every quote is missed"),
    "token.lemma": ("a lemmatizer ('lemmatizer')", "verbs of saying are known by their lemma: most cues are missed"),
}


def missing_components(nlp: Language) -> list[str]:
    """What the active components of ``nlp`` set none of, of what whosaid reads: a warning each."""
    assigned = {attr for name in nlp.pipe_names for attr in nlp.get_pipe_meta(name).assigns}
    return [f"no active component sets {attr}: without {what}, {cost}. Load the pipeline with it "
            f"(not excluded or disabled) to get what whosaid.analyze gives"
            for attr, (what, cost) in _NEEDS.items() if attr not in assigned]


class WhosaidComponent:
    def __init__(self, nlp: Language, name: str, gender_overrides: str | None = None, pipeline: str | None = None):
        prepare(nlp)  # refuses a pipeline without a parser
        for message in missing_components(nlp):
            warnings.warn(f"whosaid: {message}", MissingComponentWarning, stacklevel=3)
        self.name = name
        self.gender_overrides = as_overrides(gender_overrides)
        self.pipeline = get_pipeline(pipeline) if pipeline else pipeline_for_spacy(nlp.meta.get("name", ""))
        self.attribution_model = load_model(self.pipeline.attribution_model)
        self.vocab = nlp.vocab
        self.mismatch_told = False
        if problem := parse_mismatch(self.pipeline, nlp.meta.get("name", "")):
            self.mismatch_told = True
            warnings.warn(f"whosaid: config pipeline {self.pipeline.name!r}: {problem}", PipelineMismatchWarning,
                          stacklevel=3)

    def check_doc(self, doc: Doc) -> None:
        """Warn once when a Doc parsed by another spaCy pipeline than the component's is given to it: the
        accurate pipeline's parser (en_core_web_md) has word vectors, en_core_web_sm has none."""
        if self.mismatch_told or doc.vocab is self.vocab:
            return
        expects_vectors = self.vocab.vectors.shape[0] > 0
        if expects_vectors and doc.vocab.vectors.shape[0] == 0:
            self.mismatch_told = True
            from .parse import MODEL_PACKAGES

            expected = MODEL_PACKAGES[self.pipeline.spacy_size][0]
            warnings.warn(
                f"whosaid: this Doc was parsed by a spaCy pipeline without word vectors, not {expected}, which the "
                f"{self.pipeline.name} pipeline's attribution model was trained on, and that pipeline's figures "
                f"(docs/accuracy.md) do not hold for it. "
                f"Parse with the nlp the component was added to, or add the component to the nlp that parsed the "
                f"Doc (on en_core_web_sm it decides with the fast pipeline's model)",
                PipelineMismatchWarning, stacklevel=3,
            )

    def __call__(self, doc: Doc) -> Doc:
        self.check_doc(doc)
        result = read_doc(doc, author=doc._.author, gender_overrides=self.gender_overrides,
                          attribution_model=self.attribution_model)
        doc._.whosaid = {
            "quotes": [q.to_plain() for q in result.quotes],
            "speakers": [s.to_plain() for s in result.speakers],
        }
        return doc


@Language.factory(
    "whosaid",
    default_config={"gender_overrides": None, "pipeline": None},
    requires=["token.dep", "token.lemma", "doc.ents"],
    assigns=["doc._.whosaid", "doc._.quotes", "doc._.speech", "doc._.speakers"],
)
def make_whosaid(nlp: Language, name: str, gender_overrides: str | None, pipeline: str | None) -> WhosaidComponent:
    """``gender_overrides``: path of a CSV/YAML file of names or aliases and genders. ``pipeline``:
    ``fast`` or ``accurate``, whose attribution model decides (default: the one trained on ``nlp``'s parses)."""
    return WhosaidComponent(nlp, name, gender_overrides, pipeline)
