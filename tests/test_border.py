"""Where the cue ends and the content begins: the border model's placing of the words right
of a cue's anchor (``whosaid.attribute.border``)."""

from __future__ import annotations

import dataclasses
import math
import random

import numpy as np

from whosaid.attribute import border
from whosaid.attribute.candidates import Candidate
from whosaid.attribute.extractor import extract
from whosaid.attribute.model import AttributionModel, LinearModel, load_model
from whosaid.attribute.spans import placed as placed_by_model
from whosaid.pipelines import get_pipeline
from whosaid.quotes import find_quote_spans

SENTENCE = "She accused the council of hiding the figures."


def brute_force_end(probabilities, ends):
    """The cue length of the likeliest labelling, found by trying every allowed one."""
    def likelihood(k):
        return math.prod(probabilities[:k]) * math.prod(1 - p for p in probabilities[k:])
    allowed = [0] + [k for k in range(1, len(probabilities) + 1) if ends[k - 1]]
    return max(allowed, key=likelihood)


def test_the_cue_ends_where_the_likeliest_labelling_puts_it():
    rng = random.Random(7)
    for _ in range(200):
        n = rng.randint(1, 6)
        probabilities = [rng.uniform(0.02, 0.98) for _ in range(n)]
        ends = [rng.random() < 0.7 for _ in range(n)]
        assert border.cue_end(probabilities, ends) == brute_force_end(probabilities, ends)


def test_the_cue_never_ends_inside_a_noun_phrase(nlp):
    doc = nlp("The mayor said in an interview that taxes would rise.")
    said = doc[2]
    words = border.region(said, set())
    # The region stops at the clause's subject; "an" opens the noun phrase "an interview".
    assert [doc[j].text for j in words][:3] == ["in", "an", "interview"]
    ends = dict(zip((doc[j].text for j in words), border.cue_ends(said, words)))
    assert ends["an"] is False and ends["in"] is True and ends["interview"] is True
    allowed = border.cue_ends(said, words)[:3]
    # Alone, each word's probability would end the cue on "an"; the run ends before it or after the noun.
    assert border.cue_end([0.9, 0.6, 0.1], allowed) == 1
    assert border.cue_end([0.9, 0.9, 0.3], allowed) == 3


def placed(nlp, probability):
    doc = nlp(SENTENCE)
    accused = next(t for t in doc if t.text == "accused")
    content = [t.i for t in doc if t.i > accused.i and not t.is_punct]
    return doc, accused, border.place(accused, [accused.i], content, content, [accused.i], set(),
                                      probability)


def assert_split(doc, anchor, cue, content):
    """A cue of one run from its anchor, and a content of its own that starts after it."""
    assert cue[0] == anchor.i and cue == list(range(cue[0], cue[-1] + 1))
    assert content and not set(cue) & set(content)
    assert min(content) > max(cue)
    assert any(not doc[i].is_punct for i in content)


def test_every_word_right_of_the_anchor_can_go_either_way(nlp):
    doc, accused, (cue, content) = placed(nlp, lambda features: 0.05)
    assert cue == [accused.i]
    assert_split(doc, accused, cue, content)
    doc, accused, (cue, content) = placed(nlp, lambda features: 0.95)
    assert_split(doc, accused, cue, content)
    # The cue takes all it may and still leaves the content a word of its own.
    assert len(cue) > 3


def test_the_split_follows_what_the_model_reads(nlp):
    # A model that puts objects and prepositions in the cue and verbs in the content:
    # "accused the council of | hiding the figures".
    weights = {"r=dobj": 4.0, "r=dobj>det": 4.0, "r=prep": 4.0, "r=dobj>prep": 4.0, "r=prep>pcomp": -4.0, "r=pcomp>dobj": -4.0,
               "r=pcomp>det": -4.0}
    model = LinearModel(weights, 0.0)
    doc, accused, (cue, content) = placed(nlp, model.probability)
    assert_split(doc, accused, cue, content)
    relations = {doc[i].dep_ for i in cue if i > accused.i}
    assert "pcomp" not in {doc[i].dep_ for i in cue}
    assert relations & {"dobj", "prep"}
    assert any(doc[i].pos_ == "VERB" for i in content)


def cue_and_content(nlp, model):
    doc = nlp(SENTENCE)
    found = extract(doc, find_quote_spans(doc.text), model=model)
    assert found, "the sentence reports what she said"
    attribution = found[0]
    return ([doc.text[s:e] for s, e in attribution.cue], [doc.text[s:e] for s, e in attribution.content])


def test_extraction_reads_the_border_model(nlp):
    shipped = load_model(get_pipeline("fast").attribution_model)
    eager = dataclasses.replace(shipped, border=LinearModel({}, 6.0))
    reluctant = dataclasses.replace(shipped, border=LinearModel({}, -6.0))
    eager_cue, eager_content = cue_and_content(nlp, eager)
    reluctant_cue, reluctant_content = cue_and_content(nlp, reluctant)
    assert reluctant_cue == ["accused"]
    assert len(" ".join(eager_cue)) > len("accused") and eager_content
    assert "hiding" in " ".join(reluctant_content)
    # A border model that reads the words decides between the two.
    reading = dataclasses.replace(shipped, border=LinearModel({"r=dobj": 6.0, "r=dobj>det": 6.0, "r=prep": 6.0,
                                                                "r=dobj>prep": 6.0}, -3.0))
    cue, content = cue_and_content(nlp, reading)
    assert cue[0].startswith("accused") and "figures" in " ".join(content)
    assert len(" ".join(cue)) < len(" ".join(eager_cue))


class Tagger:
    """A representation whose tagger calls some words cue words (as the accurate pipeline's does)."""

    def __init__(self, tags):
        self.tags = tags

    def word_tags(self, doc):
        return self.tags


def test_a_taggers_cue_words_reach_the_border_model(nlp):
    doc = nlp(SENTENCE)
    accused = next(t for t in doc if t.text == "accused")
    content = [t.i for t in doc if t.i > accused.i and not t.is_punct]
    candidate = Candidate(anchor=accused, cue_probability=0.9, cue=[accused.i], parse_content=content)
    tags = np.zeros((len(doc), 4), dtype=np.float32)
    tags[:, 3] = 0.95
    of = next(t.i for t in doc if t.text == "of")
    tags[accused.i + 1:of + 1] = [0.0, 0.95, 0.0, 0.05]
    model = AttributionModel(cue=LinearModel({}, 0.0), content=LinearModel({}, 0.0), attached_cue_words={},
                             representation=Tagger(tags), border=LinearModel({"tq=4": 6.0, "tq=0": -6.0}, 0.0))
    cue, kept = placed_by_model(candidate, [accused.i], content, model)
    assert cue == list(range(accused.i, of + 1))
    assert kept == [i for i in content if i > of]
    # The same model without a tagger reads no word as the cue's.
    cue, kept = placed_by_model(candidate, [accused.i], content, dataclasses.replace(model, representation=None))
    assert cue == [accused.i] and kept == content


def test_the_accurate_model_places_cue_words_with_a_border_model_and_the_fast_one_by_rates():
    # make train passes --border with the accurate options only: the fast pipeline's dev cues fell with it.
    fast = load_model(get_pipeline("fast").attribution_model)
    accurate = load_model(get_pipeline("accurate").attribution_model)
    assert fast.border is None
    assert accurate.border is not None and len(accurate.border.weights) > 1000
    assert any(feature.startswith("r=") for feature in accurate.border.weights)
