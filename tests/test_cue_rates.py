"""The verifier may read how often a cue's lemma anchored a gold cue among its training candidates,
with the shape of the content, so that a predicate that rarely reports ("has reached the mayor's
home") is told from one that mostly does ("said the budget was late")."""

from __future__ import annotations

import dataclasses

from whosaid.attribute.candidates import Reading
from whosaid.attribute.extractor import read_candidates
from whosaid.attribute.features import rate_bucket
from whosaid.attribute.model import load_model
from whosaid.quotes import find_quote_spans

RATES = {"say": 0.62, "reach": 0.01}


def _rate_features(nlp, text, anchor, cue_rates=RATES):
    doc = nlp(text)
    model = dataclasses.replace(load_model(), cue_rates=cue_rates)
    found = {c.anchor.text: c for c in read_candidates(Reading.of(doc, find_quote_spans(doc.text)), model)}
    return [f for f in found[anchor].features if f.startswith("crate=")]


def test_the_rate_is_read_with_the_shape_of_the_content(nlp):
    assert _rate_features(nlp, "The tram debate has reached the mayor's own home.", "reached") == [
        "crate=<.05", "crate=<.05|noun"]
    assert _rate_features(nlp, "She said the budget was late.", "said") == ["crate=>=.5", "crate=>=.5|clause"]
    assert _rate_features(nlp, 'The coach said: "We will be back next year."', "said") == [
        "crate=>=.5", "crate=>=.5|quote"]


def test_a_lemma_without_a_rate_is_unseen_and_a_model_without_rates_reads_none(nlp):
    assert [rate_bucket(r) for r in (None, 0.0, 0.01, 0.1, 0.3, 0.5)] == ["unseen", "0", "<.05", "<.2", "<.5", ">=.5"]
    assert _rate_features(nlp, "The tram debate has reached the mayor's own home.", "reached", cue_rates={}) == [
        "crate=unseen", "crate=unseen|noun"]
    assert _rate_features(nlp, "The minister said nothing about the budget.", "said", cue_rates=None) == []
