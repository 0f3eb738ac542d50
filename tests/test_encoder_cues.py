"""Encoder cues: the cue head over frozen encoder states, in the model and in training."""

from __future__ import annotations

import numpy as np
import pytest

from whosaid.attribute.encoder_cues import CueHead, EncoderCues, bucket
from whosaid.attribute.model import MODEL_PATH, AttributionModel, representation_from_json
from whosaid.attribute.representation import Representation
from tests.conftest import needs_encoder


def _head(width=384, seed=0) -> CueHead:
    rng = np.random.default_rng(seed)
    return CueHead(layer=2, mean=rng.normal(size=width).astype(np.float32),
                   scale=rng.uniform(0.5, 2, size=width).astype(np.float32),
                   weights=rng.normal(size=width).astype(np.float32), intercept=-1.5)


def test_head_is_a_logistic_regression_over_standardised_states():
    head = _head()
    states = np.random.default_rng(1).normal(size=(5, 384)).astype(np.float32)
    expected = 1 / (1 + np.exp(-(((states - head.mean) / head.scale) @ head.weights - 1.5)))
    assert np.allclose(head.probabilities(states), expected, atol=1e-6)
    again = CueHead.from_json(head.to_json())
    assert np.allclose(again.probabilities(states), expected, atol=1e-4)


def test_a_hidden_layer_reads_what_a_linear_head_cannot():
    from training.encoder_cues import fit_head

    # A cue only where two dimensions agree in sign (exclusive or): no single weight per
    # dimension separates it, one ReLU layer does.
    rng = np.random.default_rng(2)
    states = rng.normal(size=(3000, 4)).astype(np.float32)
    labels = (states[:, 0] * states[:, 1] > 0).astype(np.int8)
    held = rng.normal(size=(500, 4)).astype(np.float32)
    truth = held[:, 0] * held[:, 1] > 0

    def accuracy(head):
        return float(np.mean((head.probabilities(held) > 0.5) == truth))

    linear, mlp = fit_head(states, labels, layer=3), fit_head(states, labels, layer=3, hidden=16)
    assert accuracy(linear) < 0.65 and accuracy(mlp) > 0.9
    again = CueHead.from_json(mlp.to_json())
    assert again.hidden.shape == (4, 16)
    assert np.allclose(again.probabilities(held), mlp.probabilities(held), atol=1e-4)


def test_probabilities_fall_into_ten_buckets():
    assert [bucket(p) for p in (0.0, 0.05, 0.1, 0.55, 0.999, 1.0)] == \
        ["enc=0", "enc=0", "enc=1", "enc=5", "enc=9", "enc=9"]


def test_an_artifact_names_its_representation():
    encoder_cues = representation_from_json(EncoderCues(_head()).to_json(), MODEL_PATH.parent)
    assert isinstance(encoder_cues, EncoderCues) and encoder_cues.head.layer == 2
    assert representation_from_json(None, MODEL_PATH.parent) is None
    # Artifacts written before encoder cues name word clusters without a kind.
    clusters = {"table": "word_clusters.tsv", "granularities": [64]}
    assert isinstance(representation_from_json(clusters, MODEL_PATH.parent), Representation)


@needs_encoder
def test_a_sentence_is_read_on_its_own(nlp):
    """A token's probability depends only on its sentence, so an article reads the same
    wherever it is cut into parts and whatever precedes it."""
    cues = EncoderCues(_head())
    alone = nlp("The minister said the bridge would reopen.")
    longer = nlp("Traffic was heavy all week. The minister said the bridge would reopen.")
    said_alone = next(t for t in alone if t.text == "said")
    said_longer = next(t for t in longer if t.text == "said")
    assert said_longer.sent.start > 0
    assert cues.probability(said_alone) == pytest.approx(cues.probability(said_longer), abs=1e-5)
    # Threads sharing the model keep their own article's probabilities.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        both = list(pool.map(cues.probability, [said_alone, said_longer] * 4))
    assert all(p == pytest.approx(both[0], abs=1e-5) for p in both)


@needs_encoder
def test_a_tiny_training_run_with_encoder_cues_reads_a_new_article(nlp, tmp_path, monkeypatch):
    from whosaid.attribute.extractor import extract
    from whosaid.quotes import find_quote_spans
    from training.encoder_cues import out_of_fold
    from training.polnear import POLNEAR, read_jsonl
    from training.train_attribution import parser, train

    articles = read_jsonl(POLNEAR / "train.jsonl")[:4]
    docs = [nlp(a["text"]) for a in articles]
    head, out_of_fold_cues = out_of_fold(articles, docs, layer=2, folds=2, log=lambda *_: None,
                                       cache=tmp_path, workers=1)
    # Every candidate of a training article has a probability from a head that did not see it.
    assert all(len(out_of_fold_cues.table[id(doc)]) > 0 for doc in docs)
    args = parser().parse_args(["--encoder-layer", "2"])
    args.encoder_cues = out_of_fold_cues
    artifact = train(articles, docs, args, log=lambda *_: None)
    assert artifact["representation"]["kind"] == "encoder-cues"
    assert any(name.startswith("enc=") for name in artifact["cue"]["weights"])
    model = AttributionModel.from_dict(artifact)
    assert isinstance(model.representation, EncoderCues)
    assert model.representation.head.to_json() == head.to_json()
    # The boundary model reads a head on the states around a cut, shipped beside the cue head.
    boundary = model.representation.boundary
    assert boundary is not None and len(boundary.weights) == 4 * len(head.weights)
    assert any(name.startswith("benc=") for name in artifact["boundary"]["weights"])
    # And the verifier reads a head on the states of the cue, the content's head and the source.
    verification = model.representation.verification
    assert verification is not None and len(verification.weights) == 3 * len(head.weights)
    assert any(name.startswith("venc=") for name in artifact["verifier"]["weights"])
    text = ('Ban\n\nThe mayor said that the bridge would reopen in May. "We are ready," she said. '
            'Traffic on the old road was heavy all week. Shops along the river stayed closed.')
    doc = nlp(text)
    encoded = []
    original = EncoderCues.sentences_probabilities

    def counting(self, sents):
        encoded.extend(sent.start for sent in sents)
        return original(self, sents)

    monkeypatch.setattr(EncoderCues, "sentences_probabilities", counting)
    found = extract(doc, find_quote_spans(text), model=model)
    pruned = len(encoded)
    # Without the bound every candidate's sentence is encoded; nothing reported changes.
    monkeypatch.setattr(EncoderCues, "ceiling", lambda self, cue_model: float("inf"))
    model.representation._local.doc = None
    encoded.clear()
    unpruned = extract(doc, find_quote_spans(text), model=model)
    assert any("bridge" in text[s:e] for a in found for s, e in a.content)
    assert [(a.cue, a.content, a.source) for a in found] == [(a.cue, a.content, a.source) for a in unpruned]
    assert pruned < len(encoded)
    # The states were cached: a second pass reads them instead of encoding again.
    assert len(list(tmp_path.glob("*.npz"))) == len(docs)


@needs_encoder
def test_sentences_encoded_together_read_as_each_alone(nlp):
    """``prepare`` encodes every sentence holding a candidate in one packed forward; each
    word's state and probability are the ones of its sentence encoded on its own (to float32 rounding:
    see test_encoder.same_states)."""
    from whosaid.attribute.encoder_boundaries import has_state
    from whosaid.attribute.encoder_cues import load_encoder

    doc = nlp('Ban\n\nThe mayor said the bridge would reopen in May. "We are ready," she said. '
              'Critics, who had warned for years that the repairs were unaffordable, disagreed. Shops stayed closed.')
    sents = list(doc.sents)
    together = EncoderCues(_head())
    together.prepare(doc, [sent.start for sent in sents])
    encoder = load_encoder()
    for sent in sents:
        alone = encoder.word_states(sent, layers=(2,))[0]
        for k, token in enumerate(sent):
            if has_state(doc, token.i):
                assert np.allclose(together.state(doc, token.i), alone[k], rtol=1e-5, atol=1e-5)
        fresh = EncoderCues(_head())
        alone_p, together_p = fresh.probabilities(doc, [sent.start]), together.probabilities(doc, [sent.start])
        assert alone_p.keys() == together_p.keys()
        assert all(abs(alone_p[i] - together_p[i]) < 1e-5 for i in alone_p)
