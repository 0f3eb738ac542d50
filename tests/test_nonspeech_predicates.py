"""The speech-only view (``act == "speech"``) of the fast pipeline on sentences written for whosaid:
a predicate that does something ("The bank wrapped up its annual meeting") must give no speech
quote, and a predicate that reports ("The bank announced that its profits had doubled") must be
reported. The sentences are training/data/*_predicates.tsv, never read in training."""

from __future__ import annotations

import pytest

from whosaid.attribute.act import label_acts
from whosaid.attribute.extractor import extract
from whosaid.attribute.model import load_model
from whosaid.quotes import find_quote_spans
from training.probe_predicates import OBJECT_SENTENCES, SENTENCES, read_sentences

ROWS = read_sentences(SENTENCES) + read_sentences(OBJECT_SENTENCES)
ACTIONS = [s for label, s in ROWS if label == "none"]
REPORTS = [s for label, s in ROWS if label == "cue"]
# Actions the fast model still reads as speech: the model reports them, and the act's rules
# (a noun object of a verb that seldom takes a clause is a topic) do not move them.
STILL_SPEECH = {
    "Hundreds of residents lined the streets for the parade.",
    "The carmaker laid off 300 workers at its plant in Ohio.",
}


@pytest.fixture(scope="module")
def acts(nlp):
    model = load_model()
    found = {}
    for sentence in ACTIONS + REPORTS:
        doc = nlp(sentence)
        found[sentence] = [a.act for a in label_acts(doc, extract(doc, find_quote_spans(doc.text), model=model))]
    return found


@pytest.mark.parametrize("sentence", [
    pytest.param(s, marks=pytest.mark.xfail(strict=True, reason="read as speech")) if s in STILL_SPEECH else s
    for s in ACTIONS])
def test_an_action_gives_no_speech_quote(acts, sentence):
    assert "speech" not in acts[sentence]


def test_every_report_is_reported(acts):
    assert [s for s in REPORTS if not acts[s]] == []


def test_speech_reports_stay_speech(acts):
    # The reports of words ("said", "announced that", "warned that") keep their act.
    for sentence in ("The company said it would cut 75 jobs after orders fell.",
                     "The bank announced that its profits had doubled.",
                     "The minister warned that the talks could collapse.",
                     "The spokeswoman denied the report."):
        assert acts[sentence] == ["speech"], sentence
