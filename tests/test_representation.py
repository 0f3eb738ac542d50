"""Word clusters (``whosaid.attribute.representation``): the shipped table, candidate
widening, and a model that reads them trained and run end to end."""

from __future__ import annotations

import argparse

import pytest

from whosaid.attribute.extractor import extract
from whosaid.attribute.model import AttributionModel
from whosaid.attribute.representation import (
    CueLemmas,
    Representation,
    WordClusters,
    cue_cluster_features,
    load_word_clusters,
)
from whosaid.quotes import find_quote_spans


@pytest.fixture(scope="module")
def clusters() -> WordClusters:
    return load_word_clusters()


def test_shipped_table_covers_common_lemmas_at_every_granularity(clusters):
    assert clusters.granularities == (64, 256, 1024)
    for word in ("say", "complain", "statement", "believe", "company"):
        ids = clusters.of(word)
        assert ids is not None, word
        assert all(0 <= c < k for c, k in zip(ids, clusters.granularities))
    assert clusters.of("Say") == clusters.of("say")
    assert clusters.of("qzxv") is None


def test_near_synonyms_share_a_cluster_that_unrelated_words_do_not(clusters):
    # The vectors put "lament" near "complain": a word the cue model never saw
    # anchoring a cue can share what its cluster learned.
    assert clusters.of("lament")[0] == clusters.of("complain")[0]
    assert clusters.of("banana")[0] != clusters.of("complain")[0]


def test_cue_lemmas_widen_to_the_clusters_of_seen_cues(clusters):
    seeds = frozenset({clusters.of("complain")[0]})
    lemmas = CueLemmas(frozenset({"say"}), clusters, 64, seeds)
    assert "say" in lemmas
    assert "lament" in lemmas
    assert "banana" not in lemmas
    assert "qzxv" not in lemmas


def test_cluster_features_of_a_cue_and_its_neighbours(nlp, clusters):
    doc = nlp("The senator lamented that the bill had failed.")
    cue = next(t for t in doc if t.lemma_ == "lament")
    feats = cue_cluster_features(cue, clusters)
    lemma_ids = clusters.of("lament")
    assert f"lc64={lemma_ids[0]}" in feats
    assert f"lc1024={lemma_ids[2]}|{cue.dep_}" in feats
    assert any(f.startswith("subjc256=") for f in feats)
    assert any(f.startswith("compc64=") for f in feats)
    assert not any(f.startswith("subj") for f in cue_cluster_features(cue, clusters, neighbours=False))
    assert all(f.split("=")[0].endswith("256") or "256|" in f
               for f in cue_cluster_features(cue, clusters, (256,), neighbours=False))


def test_representation_round_trips_through_json(clusters):
    representation = Representation(clusters, (64, 1024), neighbours=False, verifier=True,
                                    candidate_granularity=1024, cue_clusters=frozenset({3, 7}))
    again = Representation.from_json(representation.to_json())
    assert again.to_json() == representation.to_json()
    assert isinstance(again.candidates(["say"]), CueLemmas)


def test_a_tiny_training_run_with_clusters_reads_a_new_article(nlp):
    from training.polnear import POLNEAR, read_jsonl
    from training.train_attribution import parser, train

    articles = read_jsonl(POLNEAR / "train.jsonl")[:4]
    docs = [nlp(a["text"]) for a in articles]
    args = parser().parse_args(["--clusters", "64", "256", "--cluster-candidates", "256"])
    assert isinstance(args, argparse.Namespace)
    artifact = train(articles[:4], docs[:4], args, log=lambda *_: None)
    assert artifact["representation"]["granularities"] == [64, 256]
    assert any(name.startswith("lc64=") for name in artifact["cue"]["weights"])
    assert any(name.startswith("vlc") for name in artifact["verifier"]["weights"])
    model = AttributionModel.from_dict(artifact)
    assert model.representation is not None and model.representation.cue_clusters
    text = 'Ban\n\nThe mayor said that the bridge would reopen in May. "We are ready," she said.'
    found = extract(nlp(text), find_quote_spans(text), model=model)
    assert any("bridge" in text[s:e] for a in found for s, e in a.content)
