"""Who the source of a cue is, on sentences written for these tests."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from whosaid.attribute.candidates import Candidate, Reading
from whosaid.attribute.source import read_source
from whosaid.quotes import find_quote_spans


def source_of(doc: Doc, cue: str) -> str:
    """The source mention read for the cue anchored on the word ``cue``."""
    anchor = next(t for t in doc if t.text == cue)
    candidate = Candidate(anchor=anchor, cue_probability=1.0, cue=[anchor.i])
    read_source(candidate, Reading.of(doc, find_quote_spans(doc.text)))
    return " ".join(doc[i].text for i in candidate.source_span)


@pytest.mark.parametrize("text, cue, source", [
    ("Bridge\n\nThe flood prompted the governor to call for new levees.", "call", "the governor"),
    ("Bridge\n\nThe collapse forced the engineers to admit that the tests were rushed.", "admit", "the engineers"),
])
def test_the_object_of_the_verb_an_infinitive_complements_is_its_speaker(nlp, text, cue, source):
    assert source_of(nlp(text), cue) == source


def test_an_infinitive_without_an_object_before_it_keeps_the_subject(nlp):
    doc = nlp("Bridge\n\nThe governor wants to call for new levees.")
    assert source_of(doc, "call") == "The governor"
