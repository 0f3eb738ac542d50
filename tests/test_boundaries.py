"""The content boundary stage: which cuts are offered, and how the model's choices are applied."""

from __future__ import annotations

import pytest

from whosaid.attribute.boundaries import ROUNDS, cut_features, cuts, refine
from whosaid.attribute.model import load_model
from tests.fixtures.spans import token_ids


def _words(doc, ids):
    return " ".join(doc[i].text for i in ids if not doc[i].is_punct)


@pytest.fixture(scope="module")
def museum(nlp):
    return nlp("The director said the museum would reopen in May after a long repair, according to the board.")


def test_cuts_drop_a_trailing_phrase_or_keep_only_it(nlp):
    doc = nlp("The mayor compared the plan to a gamble in an interview on Friday.")
    content = token_ids(doc, "the plan to a gamble in an interview on Friday")
    offered = cuts(content, doc)
    right = {_words(doc, c.kept) for c in offered if c.op == "right"}
    # "to a gamble ..." hangs off the cue itself: dropping it is offered.
    assert "the plan" in right
    left_keep = [c for c in offered if c.op == "left-keep"]
    assert left_keep and all(set(c.kept) < set(content) for c in left_keep)
    # Phrases nested inside it ("in an interview", "on Friday") are not: such cuts were never right.
    assert "the plan to a gamble" not in right and "the plan to a gamble in an interview" not in right
    for cut in offered:
        if cut.op != "grow":
            assert cut.kept and set(cut.kept) <= set(content)
            assert set(cut.kept).isdisjoint(cut.removed)


def test_growth_carries_the_content_on_to_the_next_comma_and_stops_at_the_cue(nlp):
    doc = nlp("She wants to triple the program, expand the corps and create a reserve, her aides said.")
    content = token_ids(doc, "to triple the program")
    cue_and_source = set(token_ids(doc, "her aides said"))
    grown = [c for c in cuts(content, doc, cue_and_source) if c.op == "grow"]
    assert grown, "a content stopping before a comma can grow"
    longest = max(grown, key=lambda c: len(c.kept))
    assert _words(doc, longest.kept) == "to triple the program expand the corps and create a reserve"
    assert not set(longest.kept) & cue_and_source


def test_refine_applies_only_what_the_scorer_approves(museum):
    anchor = next(t for t in museum if t.lemma_ == "say")
    content = token_ids(museum, "the museum would reopen in May after a long repair")
    assert refine(content, anchor, "child:ccomp", None) == content
    assert refine(content, anchor, "child:ccomp", lambda features: 0.0) == content

    calls = []

    def drop_trailing(features):
        calls.append(features)
        return 0.9 if "s=left-keep" in features else 0.1

    refined = refine(content, anchor, "child:ccomp", drop_trailing)
    assert set(refined) < set(content)
    assert refined == sorted(refined) and refined[-1] == content[-1]
    # Each round examines the candidates once and stops after a bounded number of cuts.
    assert len(content) - len(refined) >= 1
    assert sum(1 for f in calls if f[0] == "bias") <= ROUNDS * len(cuts(content, museum))


def test_features_name_the_operation_and_the_phrase(museum):
    anchor = next(t for t in museum if t.lemma_ == "say")
    content = token_ids(museum, "the museum would reopen in May after a long repair")
    cut = next(c for c in cuts(content, museum) if c.op == "left-keep")
    features = cut_features(cut, anchor, "child:ccomp")
    assert "s=left-keep" in features
    assert any(f.startswith("d=left-keep|") for f in features)
    assert any(f.startswith("l=left-keep|say|") for f in features)


def test_the_committed_model_carries_a_boundary_part():
    model = load_model()
    assert model.boundary is not None and len(model.boundary.weights) > 1000
