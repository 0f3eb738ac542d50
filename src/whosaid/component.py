"""whosaid as a spaCy pipeline component.

    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("whosaid")
    doc = nlp(text)
    doc._.quotes      # list[whosaid.Quote]
    doc._.speakers    # list[whosaid.Speaker]

``nlp.add_pipe("whosaid", config={"gender_overrides": "genders.csv"})``
applies a user's name-to-gender file over inference. The component needs the tagger, parser, lemmatizer and entity recogniser
upstream of it; the factory is registered through an entry point, so
``import whosaid`` is not needed before ``add_pipe``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .engine import read_doc
from .enrich.overrides import as_overrides

for _name in ("quotes", "speakers"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class WhosaidComponent:
    def __init__(self, nlp: Language, name: str, gender_overrides: str | None = None):
        self.name = name
        self.gender_overrides = as_overrides(gender_overrides)

    def __call__(self, doc: Doc) -> Doc:
        result = read_doc(doc, gender_overrides=self.gender_overrides)
        doc._.quotes = result.quotes
        doc._.speakers = result.speakers
        return doc


@Language.factory(
    "whosaid",
    default_config={"gender_overrides": None},
    requires=["token.dep", "token.lemma", "doc.ents"],
    assigns=["doc._.quotes", "doc._.speakers"],
)
def make_whosaid(nlp: Language, name: str, gender_overrides: str | None) -> WhosaidComponent:
    """``gender_overrides``: path of a CSV/YAML file of names or aliases and genders."""
    return WhosaidComponent(nlp, name, gender_overrides)
