"""The fine-tuned tagger at inference: tuned layers beside the model, its anchor unit as
the cue probability, its per-word tags read sentence by sentence, and the shipped
accurate model reading them from installed files only."""

from __future__ import annotations

import hashlib
import socket

import numpy as np
import pytest
from safetensors.numpy import save_file

from whosaid.attribute.encoder_cues import CueHead, EncoderCues, TunedTagger, load_tuned_encoder
from whosaid.attribute.model import AttributionModel, representation_from_json
from whosaid.encoder.weights import WEIGHTS_SHA256, read_archive
from tests.conftest import needs_encoder

pytestmark = needs_encoder

TEXT = ("The harbour master said the ferry would run again on Monday.  Crews worked through the night. "
        "Residents, a spokeswoman added, should expect delays.")


def _frozen_head(seed=0) -> CueHead:
    rng = np.random.default_rng(seed)
    return CueHead(layer=3, mean=np.zeros(384, np.float32), scale=np.ones(384, np.float32),
                   weights=rng.normal(size=384).astype(np.float32) * 0.05, intercept=-1.0)


def _tagger(tmp_path, scale=1.0, seed=1) -> TunedTagger:
    """Layers 0-2 of the installed model, a little changed, and random heads."""
    _, tensors, _ = read_archive()
    layers = {name: (value * np.float32(scale)).astype(np.float16) if name.endswith("intermediate.dense.weight")
              else value.astype(np.float16)
              for name, value in tensors.items()
              if any(name.startswith(f"encoder.layer.{k}.") for k in range(3))}
    path = tmp_path / f"layers-{seed}.safetensors"
    save_file(layers, str(path), metadata={"base_sha256": WEIGHTS_SHA256, "layers": "3"})
    rng = np.random.default_rng(seed)
    return TunedTagger(path=path, sha256=hashlib.sha256(path.read_bytes()).hexdigest(), depth=3,
                       tag_weights=rng.normal(size=(4, 384)).astype(np.float32) * 0.1,
                       tag_bias=np.array([0.5, -1.0, 0.0, 0.3], np.float32),
                       anchor_weights=rng.normal(size=384).astype(np.float32) * 0.1, anchor_bias=-2.0)


def test_the_cue_probability_is_the_anchor_unit_on_the_tuned_states(nlp, tmp_path):
    tagger = _tagger(tmp_path, scale=1.3)
    tuned = EncoderCues(_frozen_head(), tuned=tagger)
    frozen = EncoderCues(_frozen_head())
    doc = nlp(TEXT)
    said = next(t for t in doc if t.text == "said")
    states = load_tuned_encoder(tagger).word_states(said.sent, layers=(3,))[0]
    expected = 1 / (1 + np.exp(-(states[said.i - said.sent.start] @ tagger.anchor_weights + tagger.anchor_bias)))
    assert tuned.probability(said) == pytest.approx(float(expected), abs=1e-5)
    assert tuned.probability(said) != pytest.approx(frozen.probability(said), abs=1e-3)
    # The boundary and verification heads still read the frozen states.
    assert np.array_equal(tuned.state(doc, said.i), frozen.state(doc, said.i))


def test_tags_are_read_per_sentence_on_first_use(nlp, tmp_path):
    cues = EncoderCues(_frozen_head(), tuned=_tagger(tmp_path))
    doc = nlp(TEXT)
    sents = list(doc.sents)
    assert len(sents) == 3
    tags = cues.word_tags(doc)
    last = sents[-1]
    read = tags[list(range(last.start, last.end)), 3]
    assert read.shape == (len(last),) and not np.isnan(read).any()
    # Only the sentence read has been encoded so far.
    assert np.isnan(cues._local.tags[sents[0].start:sents[0].end]).all()
    everything = tags[list(range(len(doc))), :]
    space = [t.i for t in doc if t.is_space]
    assert space and np.isnan(everything[space]).all()
    words = [t.i for t in doc if not t.is_space]
    assert np.allclose(everything[words].sum(axis=1), 1.0, atol=1e-5)
    # A sentence reads the same alone: the tags depend on nothing outside it.
    alone = nlp(last.text)
    alone_tags = EncoderCues(_frozen_head(), tuned=cues.tuned).word_tags(alone)[list(range(len(alone))), :]
    assert np.allclose(alone_tags, everything[last.start:last.end], atol=1e-5)


def test_a_tagger_round_trips_and_refuses_another_layer_file(tmp_path):
    tagger = _tagger(tmp_path)
    data = EncoderCues(_frozen_head(), tuned=tagger).to_json()
    assert data["tuned"]["layers"] == tagger.path.name
    again = representation_from_json(data, tmp_path)
    assert again.tuned.path == tagger.path and again.tuned.sha256 == tagger.sha256
    assert np.allclose(again.tuned.tag_weights, tagger.tag_weights, atol=1e-6)
    with pytest.raises(ValueError, match="folder"):
        EncoderCues.from_json(data)
    other = _tagger(tmp_path, scale=0.7, seed=2)
    other.path.replace(tagger.path)  # the file named by the model is no longer the one it was trained with
    swapped = representation_from_json(data, tmp_path)
    with pytest.raises(ValueError, match="sha256"):
        load_tuned_encoder(swapped.tuned)


def test_the_shipped_accurate_model_reads_its_tagger_from_installed_files_only(monkeypatch):
    from whosaid.attribute.extractor import extract
    from whosaid.parse import load_pipeline
    from whosaid.pipelines import get_pipeline
    from whosaid.quotes import find_quote_spans

    def no_network(*args, **kwargs):
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    pipeline = get_pipeline("accurate")
    model = AttributionModel.from_file(pipeline.attribution_model)
    tuned = model.representation.tuned
    assert tuned is not None and tuned.path.parent == pipeline.attribution_model.parent
    assert tuned.path.stat().st_size < 50e6
    assert hashlib.sha256(tuned.path.read_bytes()).hexdigest() == tuned.sha256
    nlp = load_pipeline(pipeline.spacy_size)
    text = "Ferry\n\nThe harbour master said the ferry would run again on Monday, once the storm passed."
    doc = nlp(text)
    found = extract(doc, find_quote_spans(text), model=model)
    assert any("ferry would run" in text[s:e] for a in found for s, e in a.content)
    tags = model.representation.word_tags(doc)
    said = next(t.i for t in doc if t.text == "said")
    assert tags[[said], 1][0] > tags[[said], 0][0]  # the tagger reads "said" as a cue word


def test_heads_trained_on_tuned_states_read_them_without_a_frozen_forward(nlp, tmp_path, monkeypatch):
    from whosaid.attribute import encoder_cues

    tagger = _tagger(tmp_path, scale=1.3)
    doc = nlp(TEXT)
    said = next(t for t in doc if t.text == "said")
    frozen = EncoderCues(_frozen_head()).state(doc, said.i)
    tuned_alone = load_tuned_encoder(tagger).word_states(said.sent, layers=(3,))[0][said.i - said.sent.start]

    def no_frozen_forward(*args, **kwargs):
        raise AssertionError("the frozen layers ran")

    monkeypatch.setattr(encoder_cues.load_encoder(), "word_states_many", no_frozen_forward)
    cues = EncoderCues(_frozen_head(), tuned=tagger, tuned_states=True)
    assert np.allclose(cues.state(doc, said.i), tuned_alone, atol=1e-5)
    assert not np.allclose(cues.state(doc, said.i), frozen, atol=1e-2)
    added = next(t for t in doc if t.text == "added")
    assert cues.state(doc, added.i) is not None and cues.word_tags(doc)[[added.i], 1].shape == (1,)
    assert cues.state(doc, next(t.i for t in doc if t.is_punct)) is None  # only content words have states
    # The two-forward model still reads frozen states: the patched forward is what it runs.
    with pytest.raises(AssertionError, match="frozen layers ran"):
        EncoderCues(_frozen_head(), tuned=tagger).state(doc, said.i)


def test_which_states_the_heads_read_is_stored_with_the_model(tmp_path):
    tagger = _tagger(tmp_path)
    one = EncoderCues(_frozen_head(), tuned=tagger, tuned_states=True)
    assert representation_from_json(one.to_json(), tmp_path).tuned_states
    assert representation_from_json(one.with_heads(boundary=_frozen_head(2)).to_json(), tmp_path).tuned_states
    two = EncoderCues(_frozen_head(), tuned=tagger).to_json()
    assert "tuned_states" not in two and not representation_from_json(two, tmp_path).tuned_states
    # Training's cross-validation holds out-of-fold states without layers: nothing to store.
    assert "tuned_states" not in EncoderCues(_frozen_head(), tuned_states=True).to_json()
    without_layers = one.to_json()
    del without_layers["tuned"]
    with pytest.raises(ValueError, match="tuned layers"):
        representation_from_json(without_layers, tmp_path)


def _run(tmp_path, tagger: TunedTagger, half: int):
    """A fine-tuning run's directory as ``training/finetune_encoder.py`` writes it."""
    import json
    import shutil

    run = tmp_path / f"half-{half}"
    run.mkdir()
    shutil.copyfile(tagger.path, run / "layers.safetensors")
    (run / "head.json").write_text(json.dumps({
        "layer": tagger.depth, "weights": tagger.tag_weights.tolist(), "bias": tagger.tag_bias.tolist(),
        "anchor": {"weights": tagger.anchor_weights.tolist(), "bias": tagger.anchor_bias},
        "settings": {"train_half": half}}))
    return run


def test_each_training_article_gets_the_tuned_states_of_the_run_that_did_not_train_on_it(nlp, tmp_path):
    from training.encoder_cues import tuned_states
    from whosaid.attribute.candidates import candidate_indices

    taggers = [_tagger(tmp_path, scale=0.8, seed=3), _tagger(tmp_path, scale=1.3, seed=4)]
    runs = [_run(tmp_path, tagger, half) for half, tagger in enumerate(taggers)]
    docs = [nlp(TEXT), nlp("Rain fell all night. Officials warned that the river could flood by morning.")]
    for attempt in ("computed", "cached"):
        table = tuned_states(docs, runs, tmp_path / "cache", log=lambda *_: None)
        for k, doc in enumerate(docs):
            inference = EncoderCues(_frozen_head(), tuned=taggers[1 - k % 2], tuned_states=True)
            other = EncoderCues(_frozen_head(), tuned=taggers[k % 2], tuned_states=True)
            rows, states = table[id(doc)]
            assert sorted(rows) == sorted(candidate_indices(doc, None))
            for i, row in rows.items():
                assert np.allclose(states[row], inference.state(doc, i), atol=2e-2), attempt  # stored as float16
            i = next(iter(rows))
            assert not np.allclose(states[rows[i]], other.state(doc, i), atol=2e-2)
    with pytest.raises(ValueError, match="one run per half"):
        tuned_states(docs, runs[:1], tmp_path / "cache")
