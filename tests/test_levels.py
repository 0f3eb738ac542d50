"""Probabilities read in buckets or smoothly (``whosaid.attribute.levels``), by the linear
models at inference and in training alike."""

from __future__ import annotations

import math

import numpy as np
import pytest

from whosaid.attribute import tag_features
from whosaid.attribute.candidates import Candidate
from whosaid.attribute.encoder_boundaries import bucket_features
from whosaid.attribute.encoder_cues import CueHead, EncoderCues
from whosaid.attribute.features import attribution_features
from whosaid.attribute.levels import levelled, shares
from whosaid.attribute.model import LinearModel
from tests.fixtures.spans import token_ids

WIDTH = 4


def _score(model: LinearModel, features) -> float:
    probability = model.probability(features)
    return math.log(probability / (1 - probability))


@pytest.mark.parametrize("value", [0.0, 0.03, 0.05, 0.1, 0.17, 0.2, 0.5, 0.61, 0.94, 0.95, 1.0])
def test_a_smooth_reading_shares_a_value_between_neighbouring_buckets(value):
    parts = shares(value, 10, True)
    assert math.isclose(sum(share for _, share in parts), 1.0)
    buckets = [int(b) for b, _ in parts]
    assert len(parts) in (1, 2) and buckets == sorted(buckets) and buckets[-1] - buckets[0] <= 1
    # The shares place the value where the bucket centres (0.05, 0.15, ...) put it, inside the end centres.
    centre = sum((int(b) + 0.5) / 10 * share for b, share in parts)
    assert math.isclose(centre, min(max(value, 0.05), 0.95), abs_tol=1e-9)


def test_the_step_reading_is_one_bucket_of_the_value():
    assert shares(0.2, 5, False) == [("1", 1.0)]
    assert shares(0.999, 5, False) == [("4", 1.0)]
    assert shares(1.0, 10, False) == [("9", 1.0)]
    assert levelled(0.55, 10, False, ("benc=", ""), ("benc=right|", "")) == ["benc=5", "benc=right|5"]
    assert bucket_features(0.55, "right") == bucket_features(0.55, "right", smooth=False)


def test_a_bucket_centre_reads_as_that_bucket_alone():
    assert levelled(0.5, 5, True, ("tvs=", "")) == ["tvs=2"]
    assert levelled(0.4, 5, True, ("tvs=", ""), ("x=", "|y")) == [("tvs=1", pytest.approx(0.5)),
                                                               ("tvs=2", pytest.approx(0.5)),
                                                               ("x=1|y", pytest.approx(0.5)),
                                                               ("x=2|y", pytest.approx(0.5))]


def test_a_score_moves_continuously_where_a_bucket_steps():
    """Across a bucket edge (0.2 of five levels) the step reading jumps by the difference of two
    weights; the smooth one moves by a small part of it."""
    model = LinearModel({"tvs=0": 1.0, "tvs=1": -1.0, "tvs=2": 0.5}, 0.0)
    below, above = 0.2 - 1e-4, 0.2 + 1e-4
    step = [_score(model, levelled(v, 5, False, ("tvs=", ""))) for v in (below, above)]
    smooth = [_score(model, levelled(v, 5, True, ("tvs=", ""))) for v in (below, above)]
    assert step[0] - step[1] == pytest.approx(2.0)
    assert abs(smooth[0] - smooth[1]) < 0.01
    # At a bucket's centre the smooth reading gives that bucket's weight.
    assert _score(model, levelled(0.3, 5, True, ("tvs=", ""))) == pytest.approx(-1.0)


def test_a_valued_feature_weighs_its_share_on_first_and_later_reads():
    model = LinearModel({"a": 1.0, "b": 2.0}, -0.5)
    features = ["a", ("b", 0.25), ("missing", 0.5)]
    expected = 1 / (1 + math.exp(-(-0.5 + 1.0 + 0.5)))
    assert model.probability(features) == pytest.approx(expected)
    assert model.probability(features) == pytest.approx(expected)  # from the table of features read
    assert model.probability([("b", 0.75), "b"]) == pytest.approx(1 / (1 + math.exp(-(-0.5 + 1.5 + 2.0))))


def test_training_fits_a_feature_by_its_value():
    from training.train_attribution import fit

    rng = np.random.default_rng(0)
    values = rng.uniform(size=400)
    rows = [["bias", ("p", float(v))] for v in values]
    labels = [int(v > 0.5) for v in values]
    fitted = fit(rows, labels, 10.0)
    model = LinearModel(fitted["weights"], fitted["intercept"])
    assert fitted["weights"]["p"] > 0
    assert model.probability(["bias", ("p", 0.9)]) > 0.5 > model.probability(["bias", ("p", 0.1)])


class Tagged(EncoderCues):
    """Encoder cues with a made-up tagger (``word_tags``)."""

    __slots__ = ("tags",)

    def __init__(self, tags, smooth):
        super().__init__(head=CueHead(3, np.zeros(WIDTH, np.float32), np.ones(WIDTH, np.float32),
                                      np.zeros(WIDTH, np.float32), 0.0), smooth=smooth)
        self.tags = tags

    def word_tags(self, doc):
        return self.tags


def test_the_verifier_reads_the_tag_levels_smoothly_when_the_model_asks(nlp):
    doc = nlp("The council said the road would close in June.")
    said = next(t for t in doc if t.text == "said")
    council = token_ids(doc, "The council")
    content = token_ids(doc, "the road would close in June")
    tags = np.zeros((len(doc), 4), dtype=np.float32)
    tags[:, 0] = 1.0
    tags[content, 3] = 0.9
    tags[council, 2] = 0.4
    candidate = Candidate(anchor=said, cue_probability=0.9, cue=[said.i], source=doc[council[-1]],
                          source_span=council, parse_content=content)
    assert Tagged(tags, smooth=False).candidate_features(candidate) == ["tvc=4", "tvs=2", "tva=0"]
    smooth = Tagged(tags, smooth=True).candidate_features(candidate)
    assert smooth[0] == "tvc=4" and smooth[-1] == "tva=0"
    assert [name for name, _ in smooth[1:3]] == ["tvs=1", "tvs=2"]
    assert [share for _, share in smooth[1:3]] == pytest.approx([0.5, 0.5], abs=1e-6)


def test_the_smooth_option_is_kept_with_the_model_and_its_heads():
    cues = EncoderCues(head=CueHead(3, np.zeros(WIDTH, np.float32), np.ones(WIDTH, np.float32),
                                    np.zeros(WIDTH, np.float32), 0.0), smooth=True)
    assert EncoderCues.from_json(cues.to_json()).smooth
    assert cues.with_heads(boundary=None).smooth
    assert not EncoderCues.from_json(cues.with_heads().to_json() | {"smooth": False}).smooth


def test_the_verifier_reads_the_cue_probability_smoothly_only_when_asked(nlp):
    text = "The council said the road would close in June."
    doc = nlp(text)
    said = next(t for t in doc if t.text == "said")
    content = ((text.index("the road"), len(text) - 1),)
    step = attribution_features(said, 0.62, doc[1], "ccomp", content, text)
    smooth = attribution_features(said, 0.62, doc[1], "ccomp", content, text, smooth=True)
    assert all(isinstance(f, str) for f in step)
    assert "p=6" in step and "lp=say|6" in step
    valued = dict(f for f in smooth if isinstance(f, tuple))
    assert valued == pytest.approx({"p=5": 0.3, "p=6": 0.7, "lp=say|5": 0.3, "lp=say|6": 0.7,
                                    "phow=5|ccomp": 0.3, "phow=6|ccomp": 0.7,
                                    f"psize=5|{step[5].split('|')[1]}": 0.3,
                                    f"psize=6|{step[5].split('|')[1]}": 0.7})
    # Every other feature is read as before.
    read_alike = [f for f in step if not f.startswith(("p=", "lp=", "phow=", "psize="))]
    assert [f for f in smooth if isinstance(f, str)] == read_alike
