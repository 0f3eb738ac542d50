"""The attribute stage's steps read one article the same way whoever calls them."""

import numpy as np

from whosaid.attribute.candidates import Reading, candidate_indices
from whosaid.attribute.cue import read_cue
from whosaid.attribute.extractor import extract, read_candidates
from whosaid.attribute.features import LEMMA_CLASSES, QuoteContext
from whosaid.attribute.model import load_model
from whosaid.attribute.spans import reported
from whosaid.attribute.tokens import char_range, text_of, token_table
from whosaid.attribute.verifier import verify
from whosaid.context import document_text
from whosaid.quotes import find_quote_spans

TEXT = ("Harbour plan\n\n"
        "\"We will not sell the harbour,\" Mayor Ines Obi said on Tuesday. Her deputy, Tom Reyes, "
        "told reporters that the council would vote on Friday.\n\n"
        "Critics believe the plan is too costly.")


def test_the_token_table_gives_what_spacy_tokens_give(nlp):
    doc = nlp(TEXT)
    table = token_table(doc)
    assert text_of(doc) == doc.text
    for token in doc:
        i = token.i
        assert table.lemma[i] == token.lemma_.lower()
        assert (table.lower[i], table.text[i], table.pos[i], table.tag[i], table.dep[i], table.ent[i]) == (
            token.lower_, token.text, token.pos_, token.tag_, token.dep_, token.ent_type_)
        assert table.head[i] == token.head.i
        assert table.children[i] == tuple(child.i for child in token.children)
        assert (table.idx[i], table.end[i], table.space[i]) == (token.idx, token.idx + len(token), token.is_space)


def test_facts_read_from_arrays_are_those_of_spacy_tokens_and_sentences(nlp):
    # Text, sentence quotation flags and candidates come from the doc's arrays; spaCy's
    # own objects are the reference.
    text = TEXT + '\n\n"All of it," she added.  Spaces\tand tabs stay:  "as typed"'
    doc = nlp(text)
    assert document_text(doc) == doc.text == text
    assert document_text(nlp("")) == ""
    quotes = QuoteContext.of(doc, find_quote_spans(text))
    for sent in doc.sents:
        part = quotes.inside[sent.start:sent.end]
        assert (quotes.sentence_quoted[sent.start:sent.end] == part.any()).all()
        assert (quotes.sentence_all_quoted[sent.start:sent.end] == part.all()).all()
    assert quotes.sentence_quoted.any() and not quotes.sentence_quoted.all()
    lemmas = frozenset({"say", "tell"})
    expected = [t.i for t in doc if t.text == ":" or (
        t.pos_ in ("VERB", "AUX", "NOUN", "ADP", "ADJ", "PROPN")
        and (t.lemma_.lower() in lemmas or t.lemma_.lower() in LEMMA_CLASSES))]
    for _ in range(2):  # the second time from what the first learned of each lemma
        assert candidate_indices(doc, lemmas) == expected
    assert np.isin(expected, candidate_indices(doc, None)).all()


def test_char_range_covers_the_tokens_char_span_expands_to(nlp):
    doc = nlp(TEXT + "  Two  spaces,\tand a tab.")
    n = len(doc.text)
    for start in range(-1, n + 1):
        for end in range(start + 1, min(start + 12, n + 2)):
            span = doc.char_span(start, end, alignment_mode="expand") if 0 <= start and end <= n else None
            expected = None if span is None else (span.start, span.end)
            assert char_range(doc, start, end) == expected, (start, end)


def test_reading_candidates_then_their_spans_gives_what_extract_reports(nlp):
    # Training reads the same steps as inference: candidates, verifier, spans.
    doc = nlp(TEXT)
    spans = find_quote_spans(doc.text)
    model = load_model()
    reading = Reading.of(doc, spans)
    stepwise = []
    for candidate in read_candidates(reading, model):
        candidate.confidence = verify(candidate, reading, model)
        if candidate.confidence >= model.threshold:
            stepwise.append(reported(candidate, model))
    found = extract(doc, spans)
    assert stepwise, "the article's attributions come from its candidates"
    cues = {doc.text[s:e] for a in found for s, e in a.cue}
    assert {"said", "told", "believe"} <= cues
    for attribution in stepwise:
        assert any(a.cue == attribution.cue and a.source == attribution.source for a in found)


def _train_articles(n: int) -> list[str]:
    import json

    from tests.conftest import shared_path

    with open(shared_path("data", "polnear", "train.jsonl")) as handle:
        return [json.loads(line)["text"] for line, _ in zip(handle, range(n))]


def test_cue_scores_of_all_candidates_at_once_are_the_sums_read_cue_takes(nlp):
    # Every feature cue_features gives these articles has a weight of its own, so a
    # feature family the scores at once miss or misread changes a sum. Words holding
    # "|", the features' own separator, are read in every family too.
    import random

    from whosaid.attribute.cue_scores import cue_scores
    from whosaid.attribute.features import cue_features

    texts = _train_articles(6) + ["The A|B group said it. Rock|paper|scissors, she told us: \"the|end\"."]
    rng = random.Random(5)
    readings = [Reading.of(doc, find_quote_spans(doc.text)) for doc in nlp.pipe(texts)]
    features = {}
    for reading in readings:
        for i in candidate_indices(reading.doc):
            features[(id(reading), i)] = cue_features(reading.doc[i], reading.quotes)
    weights = {feature: rng.uniform(-2, 2) for row in features.values() for feature in row}
    assert any("|" in key and key.count("|") > 1 for key in weights if key.startswith("lnx="))
    checked = 0
    for reading in readings:
        indices = candidate_indices(reading.doc)
        scores = cue_scores(reading.doc, reading.quotes, indices, weights, 0.25)
        for i, score in zip(indices, scores.tolist()):
            assert abs(score - (0.25 + sum(weights[f] for f in features[(id(reading), i)]))) < 1e-9
            checked += 1
    assert checked > 500
    # A feature the model lacks weighs nothing.
    reading = readings[0]
    indices = candidate_indices(reading.doc)
    assert (cue_scores(reading.doc, reading.quotes, indices, {"l=zzz": 3.0}, -1.0) == -1.0).all()


def test_cue_probabilities_read_at_once_equal_those_of_the_features_exactly(nlp):
    # A candidate's cue probability comes from the weights read for all candidates at once
    # (``scored_cue_candidates``) instead of its feature strings: bit for bit the same
    # number, for the shipped model and for one weighing every feature these articles
    # give (so that every family, words holding "|" among them, decides a sum).
    import dataclasses
    import random

    from whosaid.attribute.cue import scored_cue_candidates
    from whosaid.attribute.features import cue_features
    from whosaid.attribute.model import LinearModel

    texts = _train_articles(8) + ['The A|B group said it. Rock|paper|scissors, she told us: "the|end".',
                                  '"No," he replied: "never."\n\nAccording to the mayor, the plan failed.']
    readings = [Reading.of(doc, find_quote_spans(doc.text)) for doc in nlp.pipe(texts)]
    shipped = load_model()
    rng = random.Random(11)
    every = {f for reading in readings for i in candidate_indices(reading.doc)
             for f in cue_features(reading.doc[i], reading.quotes)}
    weighing = dataclasses.replace(shipped, cue=LinearModel({f: rng.uniform(-3, 3) for f in sorted(every)}, -1.5),
                                   cue_lemmas=None)
    # The weights come in the order of the features, one for each (the sum depends on the order).
    from whosaid.attribute.cue_scores import cue_terms

    for reading in readings:
        indices = candidate_indices(reading.doc)
        terms = cue_terms(reading.doc, reading.quotes, indices, weighing.cue.weights)
        for i, weights in zip(indices, terms.ordered(list(range(len(indices))))):
            assert weights == [weighing.cue.weights[f] for f in cue_features(reading.doc[i], reading.quotes)]
    for model in (shipped, weighing):
        checked = 0
        for reading in readings:
            scored = scored_cue_candidates(reading, model)
            assert scored and all(p is not None for _, p in scored)
            for i, probability in scored:
                assert probability == model.cue.probability(cue_features(reading.doc[i], reading.quotes))
                checked += 1
        assert checked > 60
    # Candidates scored this way are read as those whose features are built.
    for reading in readings:
        for i, probability in scored_cue_candidates(reading, shipped):
            token = reading.doc[i]
            with_probability = read_cue(token, reading, shipped, probability=probability)
            from_features = read_cue(token, reading, shipped)
            assert (with_probability is None) == (from_features is None)
            if from_features is not None:
                assert (with_probability.cue_probability, with_probability.cue, with_probability.introduced) == (
                    from_features.cue_probability, from_features.cue, from_features.introduced)


def test_cue_candidates_rule_out_only_tokens_read_cue_turns_away(nlp):
    from whosaid.attribute.cue import cue_candidates, read_cue

    model = load_model()
    kept = ruled_out = 0
    for doc in nlp.pipe(_train_articles(4)):
        reading = Reading.of(doc, find_quote_spans(doc.text))
        every = candidate_indices(doc, model.cue_lemmas)
        chosen = cue_candidates(reading, model)
        accepted = [i for i in every if read_cue(doc[i], reading, model) is not None]
        assert set(accepted) <= set(chosen) <= set(every)
        kept += len(chosen)
        ruled_out += len(every) - len(chosen)
    assert ruled_out > kept  # most candidates score far below the threshold


def test_a_lemma_reporting_its_subject_reads_the_subject_into_the_content_and_has_no_source(nlp):
    import dataclasses

    from whosaid.attribute.candidates import Reading
    from whosaid.attribute.extractor import read_candidates
    from whosaid.attribute.model import load_model
    from whosaid.quotes import find_quote_spans

    text = "The new bridge appears to be safer than the old one."
    doc = nlp(text)

    def appears(model):
        found = [c for c in read_candidates(Reading.of(doc, find_quote_spans(text)), model)
                 if c.anchor.text == "appears"]
        assert len(found) == 1
        return found[0]

    shipped = load_model()
    plain = appears(dataclasses.replace(shipped, subject_content=frozenset()))
    assert plain.source is not None and plain.source.text == "bridge"
    assert [text[s:e] for s, e in plain.content] == ["to be safer than the old one"]
    reporting = appears(dataclasses.replace(shipped, subject_content=frozenset({"appear"})))
    assert reporting.source is None and reporting.source_span == []
    assert [text[s:e] for s, e in reporting.content] == ["The new bridge", "to be safer than the old one"]


def test_the_verifier_reads_a_contents_size_by_its_words_however_long_it_is(nlp):
    """Sizes at the buckets' edges, in one fragment and spread over two: a content is split
    into words only as far as its size needs, and the bucket must not move."""
    from whosaid.attribute.features import attribution_features

    words = [f"w{k}" for k in range(60)]
    text = "Lee said " + " ".join(words) + " ."
    doc = nlp(text)
    anchor = doc[1]
    start = len("Lee said ")

    starts = [start + sum(len(w) + 1 for w in words[:k]) for k in range(len(words))]

    def size(counts):
        content, first = [], 0
        for n in counts:
            last = first + n - 1
            content.append((starts[first], starts[last] + len(words[last])))
            first += n
        feats = attribution_features(anchor, 0.9, doc[0], "child:ccomp", tuple(content), text)
        return next(f for f in feats if f.startswith("size="))

    assert size([1]) == "size=1"
    assert size([3]) == "size=2-3"
    assert size([8]) == "size=4-8"
    assert size([20]) == "size=9-20"
    assert size([21]) == "size=21+"
    assert size([60]) == "size=21+"
    assert size([10, 10]) == "size=9-20"
    assert size([10, 11]) == "size=21+"
    assert size([22, 22]) == "size=21+"


def test_a_linear_model_gives_the_same_probability_with_its_table_of_features_read(monkeypatch):
    # The weights summed in the order of the features, read from the model's whole table or
    # from the table of features read so far: bit for bit the same number, and the table of
    # features read stays within its bound.
    import math
    import random

    from whosaid.attribute import model as model_module
    from whosaid.attribute.model import LinearModel

    rng = random.Random(5)
    weights = {f"f={k}": rng.uniform(-2, 2) for k in range(400)}
    linear = LinearModel(weights, 0.3)
    monkeypatch.setattr(model_module, "FREQUENT_FEATURES", 50)

    def expected(features, bonus=0.0):
        score = 0.3 + bonus + sum(weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-score))

    for _ in range(300):
        features = [f"f={rng.randrange(600)}" for _ in range(rng.randrange(0, 40))]
        bonus = rng.choice([0.0, 0.7])
        assert linear.probability(features, bonus) == expected(features, bonus)
    assert len(linear.frequent) == 50
    assert all(linear.frequent[f] == weights.get(f, 0.0) for f in linear.frequent)
    # A second model of other weights keeps a table of its own.
    other = LinearModel({f: -w for f, w in weights.items()}, 0.3)
    assert other.probability(["f=1", "f=2"]) == 1.0 / (1.0 + math.exp(-(0.3 + 0.0 + (-weights["f=1"] - weights["f=2"]))))
    assert other.frequent == {"f=1": -weights["f=1"], "f=2": -weights["f=2"]}


def test_a_role_noun_subject_is_a_kind_of_its_own_read_the_same_at_once_and_token_by_token(nlp):
    # A model trained with subject_roles reads "the spokeswoman said" apart from "the report
    # said"; the weights read for all candidates at once must follow it there too.
    import random

    from whosaid.attribute.cue_scores import cue_terms
    from whosaid.attribute.features import ROLE_KIND, attribution_features, cue_features

    text = ("The spokeswoman said the ferry would run again. The report said fares rose. "
            "A councillor told reporters that the pier was unsafe, according to the engineer. "
            "She insisted the council had acted.")
    doc = nlp(text)
    reading = Reading.of(doc, find_quote_spans(text))
    said = [t for t in doc if t.lower_ == "said"]

    def kinds(token, roles):
        return [f for f in cue_features(token, reading.quotes, roles) if f.startswith("sk=")]

    assert kinds(said[0], roles=True) == ["sk=" + ROLE_KIND]
    assert kinds(said[0], roles=False) == ["sk=NOUN"]
    assert kinds(said[1], roles=True) == ["sk=NOUN"]  # a report is no person
    told = next(t for t in doc if t.lower_ == "told")
    assert kinds(told, roles=True) == ["sk=" + ROLE_KIND]
    insisted = next(t for t in doc if t.lower_ == "insisted")
    assert kinds(insisted, roles=True) == ["sk=pron"]  # a pronoun stays a pronoun
    # The verifier's source kind follows the same reading.
    spokeswoman = doc[1]
    start = text.index("the ferry")
    content = ((start, text.index(" again") + len(" again")),)
    with_roles = attribution_features(said[0], 0.9, spokeswoman, "child:ccomp", content, text, roles=True)
    assert "src=" + ROLE_KIND in with_roles
    assert "src=NOUN" in attribution_features(said[0], 0.9, spokeswoman, "child:ccomp", content, text)

    indices = candidate_indices(doc)
    rng = random.Random(3)
    for roles in (True, False):
        rows = [cue_features(doc[i], reading.quotes, roles) for i in indices]
        weights = {f: rng.uniform(-2, 2) for row in rows for f in row}
        terms = cue_terms(doc, reading.quotes, indices, weights, roles)
        for row, read in zip(rows, terms.ordered(list(range(len(indices))))):
            assert read == [weights[f] for f in row]
    assert any("sk=" + ROLE_KIND in row for row in (cue_features(doc[i], reading.quotes, True) for i in indices))
