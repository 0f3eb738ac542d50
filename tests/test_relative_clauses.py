"""The verifier may read a cue or content inside a clause that modifies a noun: a verb in such
a clause reports when the noun is its subject ("the senator who said ...") more often than when
the noun is what the verb did ("the workers it laid off"), and a content that is such a clause
or opens with a noun it modifies ("issued | a release that praised the deal") is more often the object of an act than speech."""

from __future__ import annotations

import dataclasses

from whosaid.attribute.candidates import Reading
from whosaid.attribute.extractor import read_candidates
from whosaid.attribute.model import load_model
from whosaid.quotes import find_quote_spans

NAMES = ("rel=", "reln=", "crel=", "nrel=")


def _relative_features(nlp, text, anchor, relative_clauses=True):
    doc = nlp(text)
    model = dataclasses.replace(load_model(), relative_clauses=relative_clauses)
    found = {c.anchor.text: c for c in read_candidates(Reading.of(doc, find_quote_spans(doc.text)), model)}
    return [f for f in found[anchor].features if f.startswith(NAMES)]


def test_a_cue_in_a_relative_clause_is_read_with_what_the_noun_is_to_it(nlp):
    assert _relative_features(nlp, "The pilot who warned that the runway was icy resigned on Friday.",
                              "warned") == ["rel=subject", "rel=subject|in", "reln=subject|NOUN"]


def test_a_content_opening_with_a_noun_and_its_relative_clause_is_marked(nlp):
    assert _relative_features(nlp, "The brewery issued a press release that praised the new owners.",
                              "issued") == ["nrel=relcl|subject"]


def test_a_predicate_in_a_main_clause_reads_none_and_a_model_without_them_reads_none(nlp):
    assert _relative_features(nlp, "The bakery laid off 40 drivers on Friday.", "laid") == []
    assert _relative_features(nlp, "The brewery issued a press release that praised the new owners.",
                              "issued", relative_clauses=False) == []
