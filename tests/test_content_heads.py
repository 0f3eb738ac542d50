"""The verifier reads the word a parse content hangs from, so that a verb acting on an
object ("laid off 40 drivers") is told from one reporting it ("denied the rumour")."""

from __future__ import annotations

import dataclasses

from whosaid.attribute.candidates import Reading
from whosaid.attribute.extractor import read_candidates
from whosaid.attribute.model import ContentHeads, load_model
from whosaid.quotes import find_quote_spans


def _candidates(nlp, text, model):
    doc = nlp(text)
    return {c.anchor.text: c for c in read_candidates(Reading.of(doc, find_quote_spans(doc.text)), model)}


def test_the_content_head_is_read_with_its_relation_and_determiners(nlp):
    model = dataclasses.replace(load_model(), content_heads=ContentHeads())
    fired = _candidates(nlp, "The bakery laid off 40 drivers on Friday.", model)["laid"].features
    assert "hl=noun|driver" in fired and "hdet=noun|nummod" in fired
    denied = _candidates(nlp, "The spokesman denied the rumour.", model)["denied"].features
    assert "hl=noun|rumour" in denied and "hdet=noun|-" in denied
    promised = _candidates(nlp, "The mayor promised to repave the square.", model)["promised"].features
    assert "hshape=xcomp" in promised and "hl=xcomp|repave" in promised


def test_a_quotation_the_cue_opens_onto_has_no_content_head(nlp):
    model = dataclasses.replace(load_model(), content_heads=ContentHeads((64,)))
    candidate = _candidates(nlp, 'The coach said: "We will be back next year."', model)["said"]
    assert candidate.parse_content is None
    assert not any(f.startswith(("hshape=", "hl=", "hc64=")) for f in candidate.features)


def test_without_content_heads_the_verifier_reads_none_of_them(nlp):
    model = dataclasses.replace(load_model(), content_heads=None)
    features = _candidates(nlp, "The spokesman denied the rumour.", model)["denied"].features
    assert not any(f.startswith(("hshape=", "hl=", "hk=", "hdet=", "hcue=")) for f in features)



# What the shipped fast model does with the written object predicates
# (training/data/object_predicates.tsv): it reports 9 of the 18 actions and keeps all
# 18 reports. A model reading content heads reported 7 and kept 18; it is not shipped
# (MODEL_CARD.md, "Content heads in the verifier").
NONE_REPORTED_AT_MOST = 9
CUES_KEPT_AT_LEAST = 18


def test_the_fast_model_on_object_predicates_reports_no_more_actions_and_keeps_the_reports(nlp):
    from training.probe_predicates import OBJECT_SENTENCES, read_sentences, reported
    from whosaid.pipelines import get_pipeline

    rows = read_sentences(OBJECT_SENTENCES)
    cues = reported([sentence for _, sentence in rows], nlp, load_model(get_pipeline("fast").attribution_model))
    wrongly = [s for (label, s), found in zip(rows, cues) if label == "none" and found]
    kept = [s for (label, s), found in zip(rows, cues) if label == "cue" and found]
    assert len(wrongly) <= NONE_REPORTED_AT_MOST, wrongly
    assert len(kept) >= CUES_KEPT_AT_LEAST
    # "Dismissed the allegations" is reported; "dismissed their manager" reads alike to
    # every model trained so far, so only the report is asserted.
    assert any("allegations" in s for s in kept)
