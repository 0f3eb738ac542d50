"""Encoder heads for the boundary model (the states around a content cut) and the verifier (a candidate's words)."""

from __future__ import annotations

import numpy as np
import pytest

from whosaid.attribute.boundaries import cuts, refine
from whosaid.attribute.encoder_boundaries import PARTS, bucket_features, cut_input, cut_words, fill_missing
from whosaid.attribute.encoder_cues import CueHead, EncoderCues
from whosaid.attribute.model import AttributionModel, LinearModel, load_model
from whosaid.pipelines import get_pipeline
from tests.fixtures.spans import token_ids

WIDTH = 8


def _head(width, seed=0) -> CueHead:
    rng = np.random.default_rng(seed)
    return CueHead(layer=3, mean=rng.normal(size=width).astype(np.float32),
                   scale=rng.uniform(0.5, 2, size=width).astype(np.float32),
                   weights=rng.normal(size=width).astype(np.float32), intercept=-0.5)


class FixedStates(EncoderCues):
    """Encoder cues whose states are made up per token (no encoder needed)."""

    __slots__ = ()

    def state(self, doc, i):
        from whosaid.attribute.encoder_boundaries import has_state

        return np.full(WIDTH, 0.1 * i, dtype=np.float32) if has_state(doc, i) else None


@pytest.fixture(scope="module")
def interview(nlp):
    doc = nlp("The mayor said the bridge would reopen in May in an interview with the paper.")
    said = next(t for t in doc if t.text == "said")
    return doc, said, token_ids(doc, "the bridge would reopen in May in an interview with the paper")


def test_a_cut_is_described_by_the_anchor_the_phrase_and_the_words_either_side(interview):
    doc, said, content = interview
    for cut in cuts(content, doc):
        anchor, phrase, removed, kept = cut_words(cut, said)
        assert anchor == said.i
        if cut.side == "right":
            # The removed word nearest the edge is the first content word dropped, the kept one the last kept.
            assert removed is None or (removed in cut.removed and all(
                doc[i].is_punct or doc[i].pos_ == "DET" for i in cut.removed if i < removed))
            assert kept is None or (kept in cut.kept and kept < cut.removed[0])
        else:
            assert kept is None or (kept in cut.kept and kept > cut.removed[-1])
        # Determiners and punctuation have no state of their own: never one of the four.
        assert all(i is None or (doc[i].pos_ != "DET" and not doc[i].is_punct)
                   for i in (phrase, removed, kept))


def test_absent_words_read_as_the_heads_mean(interview):
    doc, said, content = interview
    cut = cuts(content, doc)[0]
    vector, present = cut_input(cut, said, lambda i: None if i == said.i else np.ones(WIDTH), WIDTH)
    assert vector.shape == (PARTS * WIDTH,) and present.tolist()[0] is False
    mean = np.arange(PARTS * WIDTH, dtype=np.float32)
    filled = fill_missing(vector.copy(), present, mean)
    assert np.array_equal(filled[:WIDTH], mean[:WIDTH])
    assert np.array_equal(filled[WIDTH:], vector[WIDTH:])


def test_the_head_probability_falls_into_buckets_per_kind_of_cut():
    assert bucket_features(0.55, "right") == ["benc=5", "benc=right|5"]
    assert bucket_features(1.0, "left-drop") == ["benc=9", "benc=left-drop|9"]


def test_the_boundary_model_follows_the_head(interview):
    """With a boundary model that trusts only the head, the head decides which cut is made."""
    doc, said, content = interview
    trusting = LinearModel({"benc=9": 8.0, "benc=0": -8.0}, 0.0)
    sure = FixedStates(head=_head(WIDTH), boundary=CueHead(3, np.zeros(PARTS * WIDTH, np.float32),
                                                           np.ones(PARTS * WIDTH, np.float32),
                                                           np.ones(PARTS * WIDTH, np.float32), 0.0))
    doubtful = FixedStates(head=_head(WIDTH), boundary=CueHead(3, np.zeros(PARTS * WIDTH, np.float32),
                                                               np.ones(PARTS * WIDTH, np.float32),
                                                               -np.ones(PARTS * WIDTH, np.float32), 0.0))
    cut = refine(content, said, "ccomp", trusting.probability, extra=sure.boundary_features)
    kept = refine(content, said, "ccomp", trusting.probability, extra=doubtful.boundary_features)
    assert len(cut) < len(content)
    assert kept == content


def test_the_boundary_head_is_stored_with_the_cue_head():
    cues = EncoderCues(head=_head(384), boundary=_head(PARTS * 384, seed=1))
    model = AttributionModel.from_dict({
        "cue": {"weights": {}, "intercept": 0.0}, "content": {"weights": {}, "intercept": 0.0},
        "attached_cue_words": {}, "representation": cues.to_json()})
    assert model.representation.boundary.to_json() == cues.boundary.to_json()
    without = AttributionModel.from_dict({
        "cue": {"weights": {}, "intercept": 0.0}, "content": {"weights": {}, "intercept": 0.0},
        "attached_cue_words": {}, "representation": EncoderCues(head=_head(384)).to_json()})
    assert without.representation.boundary is None


def test_the_shipped_accurate_model_reads_its_boundary_and_verification_heads_offline():
    model = load_model(get_pipeline("accurate").attribution_model)
    width = len(model.representation.head.weights)
    boundary, verification = model.representation.boundary, model.representation.verification
    assert boundary is not None and len(boundary.weights) == PARTS * width
    assert verification is not None and len(verification.weights) == 3 * width
    assert any(name.startswith("benc=") for name in model.boundary.weights)
    assert any(name.startswith("venc=") for name in model.verifier.weights)


def test_the_fast_pipeline_reads_no_encoder(nlp, monkeypatch):
    import whosaid.attribute.encoder_cues as encoder_cues
    from whosaid.attribute.extractor import extract
    from whosaid.quotes import find_quote_spans

    def refuse():
        raise AssertionError("the fast pipeline loaded the encoder")

    monkeypatch.setattr(encoder_cues, "load_encoder", refuse)
    model = load_model(get_pipeline("fast").attribution_model)
    assert not any(name.startswith("benc=") for name in model.boundary.weights)
    assert not any(name.startswith("venc=") for name in model.verifier.weights)
    text = "The mayor said the bridge would reopen in May in an interview with the paper, officials said."
    found = extract(nlp(text), find_quote_spans(text), model=model)
    assert found and any("bridge" in text[s:e] for a in found for s, e in a.content)


def test_a_candidate_is_described_by_its_cue_content_head_and_source(nlp):
    from whosaid.attribute.encoder_verifier import candidate_words
    from whosaid.attribute.extractor import read_candidates
    from whosaid.attribute.candidates import Reading
    from whosaid.quotes import find_quote_spans

    text = "Traffic was heavy. The mayor said the old bridge would reopen in May."
    doc = nlp(text)
    model = load_model(get_pipeline("fast").attribution_model)
    candidate = next(c for c in read_candidates(Reading.of(doc, find_quote_spans(text)), model)
                     if c.anchor.text == "said")
    anchor, content, source = candidate_words(candidate)
    assert doc[anchor].text == "said" and doc[content].text == "reopen" and doc[source].text == "mayor"
