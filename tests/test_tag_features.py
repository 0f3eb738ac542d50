"""Tag features: the content, boundary and verifier models reading a per-word tagger's
source and content probabilities (``whosaid.attribute.tag_features``)."""

from __future__ import annotations

import numpy as np
import pytest

from whosaid.attribute import tag_features
from whosaid.attribute.boundaries import cuts, refine
from whosaid.attribute.candidates import Candidate
from whosaid.attribute.content import content_ids
from whosaid.attribute.encoder_cues import CueHead, EncoderCues
from whosaid.attribute.model import LinearModel
from tests.fixtures.spans import token_ids

WIDTH = 4


class Tagged(EncoderCues):
    """Encoder cues with a made-up tagger: ``content`` words get content probability 0.9,
    ``source`` words source probability 0.9, every other word none."""

    __slots__ = ("tags",)

    def __init__(self, tags):
        super().__init__(head=CueHead(3, np.zeros(WIDTH, np.float32), np.ones(WIDTH, np.float32),
                                      np.zeros(WIDTH, np.float32), 0.0))
        self.tags = tags

    def word_tags(self, doc):
        return self.tags


def made_up_tags(doc, content=(), source=()):
    tags = np.zeros((len(doc), 4), dtype=np.float32)
    tags[:, 0] = 0.9
    for i in content:
        tags[i] = (0.05, 0.0, 0.05, 0.9)
    for i in source:
        tags[i] = (0.05, 0.0, 0.9, 0.05)
    return tags


@pytest.fixture(scope="module")
def interview(nlp):
    doc = nlp("The mayor said the bridge would reopen in May in an interview with the paper.")
    said = next(t for t in doc if t.text == "said")
    return doc, said, token_ids(doc, "the bridge would reopen in May in an interview with the paper")


def test_a_mean_falls_into_five_levels_leaving_out_words_without_tags():
    assert tag_features.level(np.array([0.1, 0.3])) == "1"
    assert tag_features.level(np.array([1.0])) == "4"
    assert tag_features.level(np.array([0.9, np.nan])) == "4"
    assert tag_features.level(np.array([np.nan])) == "none"
    assert tag_features.level(np.array([])) == "none"


def test_a_cut_reads_the_content_probability_of_what_it_removes_and_keeps(interview):
    doc, said, content = interview
    interview_words = token_ids(doc, "in an interview with the paper")
    keep_last = next(c for c in cuts(content, doc) if c.op == "left-keep")
    assert list(keep_last.kept) == interview_words
    tags = made_up_tags(doc, content=interview_words)
    assert tag_features.cut_features(tags, keep_last, doc) == [
        "tcr=left-keep|0", "tck=left-keep|4", "tcg=left-keep|lower"]
    tags = made_up_tags(doc, content=content)
    assert tag_features.cut_features(tags, keep_last, doc) == [
        "tcr=left-keep|4", "tck=left-keep|4", "tcg=left-keep|even"]


def test_the_boundary_model_follows_the_tagger(interview):
    """With a boundary model that trusts only the tagger, the words tagged content are kept."""
    doc, said, content = interview
    trusting = LinearModel({"tcg=left-drop|lower": 8.0, "tcg=left-keep|lower": 8.0}, -4.0)
    kept = token_ids(doc, "would reopen in May in an interview with the paper")
    tagged = Tagged(made_up_tags(doc, content=kept))
    assert refine(content, said, "ccomp", trusting.probability, extra=tagged.boundary_features) == kept
    # Tagged the other way, nothing is cut.
    everything = Tagged(made_up_tags(doc, content=content))
    assert refine(content, said, "ccomp", trusting.probability, extra=everything.boundary_features) == content


def test_the_content_model_follows_the_tagger(nlp):
    doc = nlp("The minister told the committee that the plan was ready.")
    told = next(t for t in doc if t.text == "told")
    trusting = LinearModel({"tc=4": 8.0, "tc=0": -8.0}, 0.0)
    committee = token_ids(doc, "the committee")
    clause = token_ids(doc, "that the plan was ready")
    for tagged_as_content in (committee, clause):
        tagged = Tagged(made_up_tags(doc, content=tagged_as_content))
        chosen = content_ids(told, [told.i], [], trusting.probability, [False] * len(doc), tagged.child_features)
        assert set(tagged_as_content) <= set(chosen)
        other = clause if tagged_as_content == committee else committee
        assert not set(other) & set(chosen)


def test_the_verifier_reads_the_tags_of_content_source_and_anchor(interview):
    doc, said, content = interview
    mayor = token_ids(doc, "The mayor")
    candidate = Candidate(anchor=said, cue_probability=0.9, cue=[said.i], source=doc[mayor[-1]],
                          source_span=mayor, parse_content=content)
    tags = made_up_tags(doc, content=content, source=mayor)
    assert Tagged(tags).candidate_features(candidate) == ["tvc=4", "tvs=4", "tva=0"]
    unsourced = Candidate(anchor=said, cue_probability=0.9, cue=[said.i], parse_content=content)
    assert Tagged(made_up_tags(doc)).candidate_features(unsourced) == ["tvc=0", "tvs=absent", "tva=0"]


def test_without_a_tagger_the_models_read_nothing_more(interview):
    doc, said, content = interview
    plain = EncoderCues(head=CueHead(3, np.zeros(WIDTH, np.float32), np.ones(WIDTH, np.float32),
                                     np.zeros(WIDTH, np.float32), 0.0))
    assert plain.word_tags(doc) is None
    assert plain.boundary_features(cuts(content, doc)[0], said) == []
    assert plain.child_features(doc[3]) == []
    candidate = Candidate(anchor=said, cue_probability=0.9, cue=[said.i], parse_content=content)
    assert plain.candidate_features(candidate) == []
