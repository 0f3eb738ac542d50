"""Where a source mention ends: the rules' mention cut short by a learned model reading a
tagger's source probabilities (``whosaid.attribute.source_edges``)."""

from __future__ import annotations

import dataclasses

import numpy as np

from whosaid.attribute import source_edges
from whosaid.attribute.candidates import Candidate, Reading
from whosaid.attribute.model import AttributionModel, LinearModel, load_model
from whosaid.attribute.source import read_source
from whosaid.attribute.spans import source_mention
from whosaid.pipelines import get_pipeline
from whosaid.quotes import find_quote_spans

APPOSITION = "Marta Keane, a lawyer for the tenants, said the rent was unfair."
RELATIVE = "Ines Ortega, who ran the clinic for a decade, said the doors would stay open."
ROLE = "Hospital spokesman Tomas Berg said the ward was full."


class Tagger:
    """A representation whose tagger gives fixed source probabilities (as the accurate pipeline's does)."""

    def __init__(self, tags):
        self.tags = tags

    def word_tags(self, doc):
        return self.tags


def candidate_of(nlp, text: str) -> Candidate:
    doc = nlp(text)
    anchor = next(t for t in doc if t.lemma_ == "say")
    candidate = Candidate(anchor=anchor, cue_probability=0.9, cue=[anchor.i])
    read_source(candidate, Reading.of(doc, find_quote_spans(doc.text)))
    assert candidate.source is not None
    return candidate


def words(doc, ids) -> str:
    return " ".join(doc[i].text for i in ids)


def source_tags(doc, named: set[str]) -> np.ndarray:
    """Tags calling the words of ``named`` source words and every other word none."""
    tags = np.zeros((len(doc), 4), dtype=np.float32)
    for token in doc:
        tags[token.i] = [0.0, 0.0, 0.95, 0.05] if token.text in named else [0.9, 0.0, 0.05, 0.05]
    return tags


# A model that cuts off what the tagger calls no source, keeps what it calls one, and
# prefers the cut leaving only source words.
READS_TAGS = LinearModel({"to=0": 3.0, "to=4": -4.0, "tk=left|4": 1.0, "tk=right|4": 1.0}, -1.0)


def model_with(tags, edges=READS_TAGS) -> AttributionModel:
    return AttributionModel(cue=LinearModel({}, 0.0), content=LinearModel({}, 0.0), attached_cue_words={},
                            representation=Tagger(tags), source_edges=edges)


def test_the_rules_mention_holds_apposition_relative_clause_and_role(nlp):
    # The rules' mention is the whole noun phrase: the model has these words to cut.
    for text, name, whole in ((APPOSITION, "Marta Keane", "Marta Keane , a lawyer for the tenants"),
                              (RELATIVE, "Ines Ortega", "Ines Ortega , who ran the clinic for a decade"),
                              (ROLE, "Tomas Berg", "Hospital spokesman Tomas Berg")):
        candidate = candidate_of(nlp, text)
        doc = candidate.anchor.doc
        assert words(doc, candidate.source_span) == whole
        kept = {words(doc, cut.kept) for cut in source_edges.cuts(candidate.source_span, candidate.source,
                                                                   candidate.source_head)}
        assert name in kept


def test_the_mention_ends_where_the_tagger_says_the_source_ends(nlp):
    for text, name in ((APPOSITION, "Marta Keane"), (RELATIVE, "Ines Ortega"), (ROLE, "Tomas Berg")):
        candidate = candidate_of(nlp, text)
        doc = candidate.anchor.doc
        tags = source_tags(doc, set(name.split()))
        assert words(doc, source_mention(candidate, model_with(tags))) == name
        # Tags calling the whole phrase the source keep it whole.
        everything = source_tags(doc, {t.text for t in doc if t.i in candidate.source_span})
        assert source_mention(candidate, model_with(everything)) == candidate.source_span


def test_the_mention_stays_the_rules_without_a_model_or_a_tagger(nlp):
    candidate = candidate_of(nlp, APPOSITION)
    doc = candidate.anchor.doc
    tags = source_tags(doc, {"Marta", "Keane"})
    assert source_mention(candidate, model_with(tags, edges=None)) == candidate.source_span
    assert source_mention(candidate, dataclasses.replace(model_with(tags), representation=None)) \
        == candidate.source_span


def test_the_word_the_speaker_is_resolved_from_is_never_cut_off(nlp):
    candidate = candidate_of(nlp, APPOSITION)
    doc = candidate.anchor.doc
    eager = LinearModel({}, 6.0)  # would make every cut
    for cut in source_edges.cuts(candidate.source_span, candidate.source, candidate.source_head):
        assert candidate.source.i in cut.kept and candidate.source_head.i in cut.kept
    mention = source_mention(candidate, model_with(source_tags(doc, set()), edges=eager))
    assert candidate.source_head.i in mention and mention


def test_the_trim_is_deterministic(nlp):
    candidate = candidate_of(nlp, RELATIVE)
    doc = candidate.anchor.doc
    rng = np.random.default_rng(3)
    tags = rng.random((len(doc), 4)).astype(np.float32)
    model = model_with(tags)
    first = source_mention(candidate, model)
    assert all(source_mention(candidate, model) == first for _ in range(5))


def test_a_cut_is_labelled_right_when_it_gives_golds_edge(nlp):
    candidate = candidate_of(nlp, APPOSITION)
    doc = candidate.anchor.doc
    cuts = source_edges.cuts(candidate.source_span, candidate.source, candidate.source_head)
    name = {t.i for t in doc if t.text in ("Marta", "Keane")}
    role = name | {t.i for t in doc if t.text in ("a", "lawyer")}
    assert [words(doc, c.kept) for c in cuts if source_edges.label(c, name)] == ["Marta Keane"]
    assert [words(doc, c.kept) for c in cuts if source_edges.label(c, role)] == ["Marta Keane , a lawyer"]
    assert not any(source_edges.label(c, set(candidate.source_span)) for c in cuts)


def test_only_the_accurate_model_cuts_source_mentions():
    assert load_model(get_pipeline("fast").attribution_model).source_edges is None
    accurate = load_model(get_pipeline("accurate").attribution_model).source_edges
    assert accurate is not None and any(feature.startswith("tro=right|relcl") for feature in accurate.weights)


def test_training_labels_the_cut_that_gives_the_gold_mention(nlp):
    from training.train_attribution import source_edge_rows

    text = APPOSITION
    doc = nlp(text)

    def at(words):
        start = text.index(words)
        return [[start, start + len(words)]]

    article = {"text": text, "attributions": [
        {"cue": at("said"), "source": at("Marta Keane"), "content": at("the rent was unfair")}]}
    rows, labels = source_edge_rows(article, doc, source_tags(doc, {"Marta", "Keane"}))
    assert len(rows) == len(labels) >= 2 and sum(labels) == 1
    right = rows[labels.index(1)]
    assert "r=right|appos" in right and "to=0" in right
    # A gold mention the rules read whole teaches that no cut is right.
    article["attributions"][0]["source"] = at("Marta Keane, a lawyer for the tenants")
    _, labels = source_edge_rows(article, doc, source_tags(doc, set()))
    assert labels and sum(labels) == 0
